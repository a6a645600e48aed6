"""Exports of contacts to CSV: for secretaries, audited, and safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return that hides
one) as a formula. Every such cell is prefixed with a single quote, so that a name typed as
`=HYPERLINK(...)` by someone hostile stays text on the secretary's machine.
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from massline.accounts import access
from massline.accounts.models import User
from massline.audit.services import audit_record
from massline.people import selectors
from massline.people.models import Contact, Segment

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 500


def neutralize(value: object) -> str:
    """The cell as text that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _header() -> list[str]:
    return [
        _("id"),
        _("given name"),
        _("family name"),
        _("as they call themselves"),
        _("pseudonym"),
        _("email"),
        _("other emails"),
        _("phones"),
        _("country"),
        _("city"),
        _("languages"),
        _("unit"),
        _("workplace or site"),
        _("union"),
        _("constituencies"),
        _("tags"),
        _("membership status"),
        _("assessment"),
        _("last contact"),
        _("may be emailed"),
        _("may be called"),
        _("may be messaged"),
    ]


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _row(contact: Contact) -> list[str]:
    emails = contact.email_list
    return [
        neutralize(value)
        for value in (
            contact.pk,
            contact.given_name,
            contact.family_name,
            contact.called_name,
            contact.pseudonym,
            emails[0] if emails else "",
            " ".join(emails[1:]),
            " ".join(contact.phone_list),
            contact.country,
            contact.city,
            " ".join(contact.languages or []),
            contact.unit.name,
            contact.site.name if contact.site else "",
            contact.union,
            " ".join(c.key for c in contact.constituencies.all()),
            ", ".join(t.name for t in contact.tags.all()),
            contact.get_status_display(),
            contact.assessment or "",
            contact.last_interaction_at.date().isoformat() if contact.last_interaction_at else "",
            _yes_no(contact.consent_email),
            _yes_no(contact.consent_phone),
            _yes_no(contact.consent_messaging),
        )
    ]


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    rows: int


@transaction.atomic
def segment_export(*, actor: User, segment: Segment) -> Export:
    """The segment's members that the actor may see, as UTF-8 CSV with a byte-order mark
    (so that spreadsheets read Cyrillic right). Only secretaries of the segment's unit may
    export; the export is audited with its row count. Addresses and notes are left out."""
    if not access.can_bulk_manage_contacts_of(actor, segment.unit_id):
        raise PermissionDenied
    members = selectors.segment_members(user=actor, segment=segment).order_by("id")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_header())
    rows = 0
    # Batches keep the prefetches of constituencies and tags to one query per batch.
    last_id = 0
    while True:
        batch = list(members.filter(id__gt=last_id)[:BATCH])
        if not batch:
            break
        for contact in batch:
            writer.writerow(_row(contact))
        rows += len(batch)
        last_id = batch[-1].pk
    audit_record(
        actor=actor,
        action="segment.export",
        obj=segment,
        data={"rows": rows, "format": "csv", "query": segment.query},
    )
    stamp = timezone.localdate().isoformat()
    name = slugify(segment.name) or "segment"
    return Export(
        filename=f"{name}-{stamp}.csv",
        content=("\ufeff" + buffer.getvalue()).encode("utf-8"),
        rows=rows,
    )

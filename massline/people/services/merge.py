"""Merging two contacts that are the same person, and keeping apart two that are not.

A merge keeps one contact (`keep`) and removes the other, field by field as chosen:

- `keep` or `other` takes that contact's value; `both`, where it makes sense, joins them
  (emails, phones, languages, constituencies and tags as a union; address, notes and source
  one after the other).
- Fixed rules, not choices: a consent (email, phone, messaging) survives only if both
  contacts gave it, since a missing consent may be a refusal and contacting someone who
  refused can put them at risk; the assessment is the latest one of the merged history; the
  last interaction is the later one; the creation date the earlier one.
- Interactions, follow-ups, assessments, struggles and earlier merge records move to the
  kept contact; candidate pairs of the removed contact with third contacts move too, with
  their decisions.
- A `MergeRecord` keeps an encrypted snapshot of the removed contact, so that the merge can be
  explained, or undone by hand.
"""

import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from massline.accounts import access
from massline.accounts.models import User
from massline.audit.services import audit_record
from massline.people.models import (
    Assessment,
    Contact,
    ContactIdentifier,
    DuplicateCandidate,
    FollowUp,
    Interaction,
    MergeRecord,
)
from massline.people.services.contacts import identifier_rows

KEEP, OTHER, BOTH = "keep", "other", "both"

# Each field that can be chosen, with the choices it allows.
MERGE_FIELDS: dict[str, tuple[str, ...]] = {
    "given_name": (KEEP, OTHER),
    "family_name": (KEEP, OTHER),
    "called_name": (KEEP, OTHER),
    "pseudonym": (KEEP, OTHER),
    "emails": (KEEP, OTHER, BOTH),
    "phones": (KEEP, OTHER, BOTH),
    "address": (KEEP, OTHER, BOTH),
    "notes": (KEEP, OTHER, BOTH),
    "languages": (KEEP, OTHER, BOTH),
    "country": (KEEP, OTHER),
    "city": (KEEP, OTHER),
    "site": (KEEP, OTHER),
    "union": (KEEP, OTHER),
    "status": (KEEP, OTHER),
    "source": (KEEP, OTHER, BOTH),
    "unit": (KEEP, OTHER),
    "constituencies": (KEEP, OTHER, BOTH),
    "tags": (KEEP, OTHER, BOTH),
}
FIELD_LABELS = {
    "given_name": gettext_lazy("Given name"),
    "family_name": gettext_lazy("Family name"),
    "called_name": gettext_lazy("As they call themselves"),
    "pseudonym": gettext_lazy("Pseudonym"),
    "emails": gettext_lazy("Emails"),
    "phones": gettext_lazy("Phones"),
    "address": gettext_lazy("Address"),
    "notes": gettext_lazy("Notes"),
    "languages": gettext_lazy("Languages"),
    "country": gettext_lazy("Country"),
    "city": gettext_lazy("City"),
    "site": gettext_lazy("Workplace or site"),
    "union": gettext_lazy("Union"),
    "status": gettext_lazy("Membership status"),
    "source": gettext_lazy("Source"),
    "unit": gettext_lazy("Unit"),
    "constituencies": gettext_lazy("Constituencies"),
    "tags": gettext_lazy("Tags"),
}
_LISTS = {"emails", "phones", "languages", "constituencies", "tags"}
_JOINERS = {"address": "\n", "notes": "\n\n", "source": "; "}
_STATUS_ORDER = [s.value for s in Contact.Status]
TEXT_LIMITS = {"address": 1000, "notes": 20000, "source": 120}

# Every relation that points at a contact, and how a merge handles it. A test checks that
# this list is complete, so that a new relation cannot be lost to a cascade.
HANDLED_RELATIONS = {
    "identifiers": "rebuilt from the merged emails and phones",
    "interactions": "moved",
    "follow_ups": "moved",
    "assessments": "moved",
    "struggles": "moved",
    "merges": "moved",
    "duplicatecandidate.first": "moved with their decisions",
    "duplicatecandidate.second": "moved with their decisions",
}


def field_values(contact: Contact) -> dict[str, Any]:
    """The comparable value of each merge field of a contact (lists for list fields)."""
    return {
        "given_name": contact.given_name,
        "family_name": contact.family_name,
        "called_name": contact.called_name,
        "pseudonym": contact.pseudonym,
        "emails": contact.email_list,
        "phones": contact.phone_list,
        "address": contact.address,
        "notes": contact.notes,
        "languages": list(contact.languages or []),
        "country": contact.country,
        "city": contact.city,
        "site": contact.site_id,
        "union": contact.union,
        "status": contact.status,
        "source": contact.source,
        "unit": contact.unit_id,
        "constituencies": sorted(c.key for c in contact.constituencies.all()),
        "tags": sorted(t.name for t in contact.tags.all()),
    }


def default_choices(keep: Contact, other: Contact) -> dict[str, str]:
    """What a reviewer most likely wants: lists joined, the kept contact's value where it has
    one, the other's where only that one has, and the status further along."""
    mine, theirs = field_values(keep), field_values(other)
    choices = {}
    for name, allowed in MERGE_FIELDS.items():
        if BOTH in allowed and name in _LISTS:
            choices[name] = BOTH
        elif name == "status":
            further = _STATUS_ORDER.index(theirs[name]) > _STATUS_ORDER.index(mine[name])
            choices[name] = OTHER if further else KEEP
        elif name == "notes" and mine[name] and theirs[name] and mine[name] != theirs[name]:
            choices[name] = BOTH
        else:
            choices[name] = OTHER if theirs[name] and not mine[name] else KEEP
    return choices


def clean_choices(choices: Mapping[str, str], keep: Contact, other: Contact) -> dict[str, str]:
    """The defaults overridden by `choices`; a ValidationError naming a bad key or value."""
    unknown = sorted(set(choices) - set(MERGE_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    cleaned = default_choices(keep, other)
    for name, value in choices.items():
        if value not in MERGE_FIELDS[name]:
            raise ValidationError(
                {
                    name: _("“%(value)s” is not a choice for this field.")
                    % {"value": str(value)[:20]}
                }
            )
        cleaned[name] = value
    return cleaned


def _pick(name: str, choice: str, mine: Any, theirs: Any) -> Any:
    if choice == KEEP:
        return mine
    if choice == OTHER:
        return theirs
    if name in _LISTS:
        return list(dict.fromkeys([*mine, *theirs]))
    parts = [part for part in dict.fromkeys([mine, theirs]) if part]
    return _JOINERS[name].join(parts)


def snapshot(contact: Contact) -> dict[str, Any]:
    """Everything a merge removes with the contact, as plain JSON."""
    values = field_values(contact)
    values.update(
        {
            "id": contact.pk,
            "consent_email": contact.consent_email,
            "consent_phone": contact.consent_phone,
            "consent_messaging": contact.consent_messaging,
            "assessment": contact.assessment,
            "last_interaction_at": contact.last_interaction_at,
            "created_at": contact.created_at,
            "created_by": contact.created_by_id,
            "import_batch": contact.import_batch_id,
            "interactions": sorted(contact.interactions.values_list("pk", flat=True)),
            "follow_ups": sorted(contact.follow_ups.values_list("pk", flat=True)),
            "assessments": sorted(contact.assessments.values_list("pk", flat=True)),
            "struggles": sorted(contact.struggles.values_list("pk", flat=True)),
        }
    )
    return json.loads(json.dumps(values, default=str))


def _lock_pair(keep: Contact, other: Contact) -> tuple[Contact, Contact]:
    """Lock both rows, in id order so that two merges cannot deadlock."""
    rows = {
        c.pk: c
        for c in Contact.objects.select_for_update()
        .filter(pk__in=[keep.pk, other.pk])
        .order_by("pk")
    }
    if keep.pk not in rows or other.pk not in rows:
        raise ValidationError(_("One of the two contacts no longer exists."))
    return rows[keep.pk], rows[other.pk]


def _move_candidates(actor: User, keep: Contact, other: Contact) -> None:
    """Pairs of the removed contact with third contacts become pairs of the kept one."""
    now = timezone.now()
    DuplicateCandidate.objects.filter(
        Q(first=keep, second=other) | Q(first=other, second=keep)
    ).update(status=DuplicateCandidate.Status.MERGED, decided_by=actor, decided_at=now)
    moving = (
        DuplicateCandidate.objects.select_for_update()
        .filter(Q(first=other) | Q(second=other))
        .exclude(Q(first=keep) | Q(second=keep))
    )
    for candidate in moving:
        third = candidate.second_id if candidate.first_id == other.pk else candidate.first_id
        first, second = sorted((keep.pk, third))
        existing = DuplicateCandidate.objects.filter(first_id=first, second_id=second).first()
        if existing is None:
            candidate.first_id, candidate.second_id = first, second
            candidate.save(update_fields=["first", "second"])
            continue
        if (
            existing.status == DuplicateCandidate.Status.OPEN
            and candidate.status != DuplicateCandidate.Status.OPEN
        ):
            existing.status = candidate.status
            existing.decided_by_id = candidate.decided_by_id
            existing.decided_at = candidate.decided_at
            existing.save(update_fields=["status", "decided_by", "decided_at"])
        candidate.delete()


@transaction.atomic
def contact_merge(
    *, actor: User, keep: Contact, other: Contact, choices: Mapping[str, str]
) -> Contact:
    """Merge `other` into `keep`, field by field as `choices` says (missing fields take
    `default_choices`), and delete `other`. Both contacts must lie in units the actor manages
    as secretary. Locks both contact rows; all or nothing.
    """
    if keep.pk == other.pk:
        raise ValidationError(_("A contact cannot be merged with itself."))
    keep, other = _lock_pair(keep, other)
    for contact in (keep, other):
        if not access.can_bulk_manage_contacts_of(actor, contact.unit_id):
            raise PermissionDenied
    chosen = clean_choices(choices, keep, other)
    mine, theirs = field_values(keep), field_values(other)
    merged = {name: _pick(name, chosen[name], mine[name], theirs[name]) for name in MERGE_FIELDS}
    for name, limit in TEXT_LIMITS.items():
        if len(merged[name]) > limit:
            raise ValidationError(
                {
                    name: _(
                        "Joined, this field would pass %(limit)d characters; choose one of the two."
                    )
                    % {"limit": limit}
                }
            )
    site = other.site if merged["site"] == other.site_id else keep.site
    if site is not None and not access.can_edit_contacts_of(actor, site.unit_id):
        raise ValidationError({"site": _("Choose a site of your own units.")})
    record = MergeRecord(
        kept=keep,
        merged_contact_id=other.pk,
        snapshot=json.dumps(snapshot(other), ensure_ascii=False),
        choices=chosen,
        by=actor,
    )

    for name in (
        "given_name",
        "family_name",
        "called_name",
        "pseudonym",
        "address",
        "notes",
        "country",
        "city",
        "union",
        "status",
        "source",
        "languages",
    ):
        setattr(keep, name, merged[name])
    keep.emails = "\n".join(merged["emails"])
    keep.phones = "\n".join(merged["phones"])
    keep.site = site
    keep.unit = other.unit if merged["unit"] == other.unit_id else keep.unit
    if not (keep.full_name or keep.called_name or keep.pseudonym or keep.emails or keep.phones):
        raise ValidationError(
            _("The merged contact would have no name, pseudonym, email or phone left.")
        )
    keep.consent_email = keep.consent_email and other.consent_email
    keep.consent_phone = keep.consent_phone and other.consent_phone
    keep.consent_messaging = keep.consent_messaging and other.consent_messaging
    if other.last_interaction_at and (
        keep.last_interaction_at is None or other.last_interaction_at > keep.last_interaction_at
    ):
        keep.last_interaction_at = other.last_interaction_at
    keep.created_at = min(keep.created_at, other.created_at)
    keep.updated_at = timezone.now()
    keep.full_clean(exclude=["name_index"])

    Interaction.objects.filter(contact=other).update(contact=keep)
    FollowUp.objects.filter(contact=other).update(contact=keep)
    Assessment.objects.filter(contact=other).update(contact=keep)
    keep.struggles.add(*other.struggles.all())
    MergeRecord.objects.filter(kept=other).update(kept=keep)
    latest = keep.assessments.order_by("-assessed_at", "-id").first()
    keep.assessment = latest.level if latest else (keep.assessment or other.assessment)
    constituencies = {
        KEEP: keep.constituencies.all(),
        OTHER: other.constituencies.all(),
        BOTH: [*keep.constituencies.all(), *other.constituencies.all()],
    }[chosen["constituencies"]]
    tags = {
        KEEP: keep.tags.all(),
        OTHER: other.tags.all(),
        BOTH: [*keep.tags.all(), *other.tags.all()],
    }[chosen["tags"]]
    keep.constituencies.set(list(constituencies))
    keep.tags.set(list(tags))
    _move_candidates(actor, keep, other)
    keep.save()
    keep.identifiers.all().delete()
    ContactIdentifier.objects.bulk_create(
        identifier_rows(keep.pk, keep.email_list, keep.phone_list)
    )
    record.save()
    other_pk = other.pk
    other.delete()
    audit_record(
        actor=actor,
        action="contact.merge",
        obj=keep,
        data={"merged": other_pk, "choices": chosen, "record": record.pk},
    )
    return keep


@transaction.atomic
def duplicate_keep_apart(*, actor: User, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """Decide that a candidate pair are two people; a later scan will not bring it back.
    Locks the candidate row."""
    candidate = (
        DuplicateCandidate.objects.select_for_update()
        .select_related("first", "second")
        .get(pk=candidate.pk)
    )
    for contact in (candidate.first, candidate.second):
        if not access.can_bulk_manage_contacts_of(actor, contact.unit_id):
            raise PermissionDenied
    if candidate.status != DuplicateCandidate.Status.OPEN:
        raise ValidationError(_("This pair has been decided already."))
    candidate.status = DuplicateCandidate.Status.KEPT_APART
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="duplicate.keep_apart",
        obj=candidate,
        data={"first": candidate.first_id, "second": candidate.second_id},
    )
    return candidate

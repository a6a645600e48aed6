"""Writes of contacts, sites, struggles and constituencies."""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from massline.accounts import access
from massline.accounts.models import Unit, User
from massline.audit.services import audit_record
from massline.core.countries import is_country
from massline.people import segments
from massline.people.models import (
    BUILTIN_CONSTITUENCIES,
    Constituency,
    Contact,
    ContactIdentifier,
    Segment,
    Site,
    Struggle,
    Tag,
)
from massline.vault.crypto import blind_index
from massline.vault.normalize import normalize_email, normalize_phone

EMAIL_PURPOSE = "contact.email"
PHONE_PURPOSE = "contact.phone"

CONTACT_FIELDS = (
    "given_name",
    "family_name",
    "called_name",
    "pseudonym",
    "address",
    "notes",
    "languages",
    "country",
    "city",
    "site",
    "union",
    "status",
    "consent_email",
    "consent_phone",
    "consent_messaging",
    "source",
)
TEXT_LIMITS = {
    "given_name": 200,
    "family_name": 200,
    "called_name": 200,
    "pseudonym": 200,
    "address": 1000,
    "notes": 20000,
    "city": 120,
    "union": 120,
    "source": 120,
}


def ensure_builtin_constituencies() -> None:
    for key, label in BUILTIN_CONSTITUENCIES.items():
        Constituency.objects.get_or_create(key=key, defaults={"name": str(label), "builtin": True})


def clean_emails(values: Iterable[str]) -> list[str]:
    """Normalized, de-duplicated addresses; a clear error naming the first bad one."""
    cleaned: list[str] = []
    for raw in values:
        raw = (raw or "").strip()
        if not raw:
            continue
        email = normalize_email(raw)
        if not email or len(email) > 254 or "." not in email.rsplit("@", 1)[-1]:
            raise ValidationError(
                {"emails": _("“%(value)s” is not an email address.") % {"value": raw[:80]}}
            )
        if email not in cleaned:
            cleaned.append(email)
    return cleaned


def clean_phones(values: Iterable[str], region: str = "") -> list[str]:
    cleaned: list[str] = []
    for raw in values:
        raw = (raw or "").strip()
        if not raw:
            continue
        phone = normalize_phone(raw, region or None)
        if not phone:
            raise ValidationError(
                {
                    "phones": _(
                        "“%(value)s” is not a phone number (give it with "
                        "the country code, e.g. +7…)."
                    )
                    % {"value": raw[:40]}
                }
            )
        if phone not in cleaned:
            cleaned.append(phone)
    return cleaned


def identifier_rows(
    contact_id: int, emails: Sequence[str], phones: Sequence[str]
) -> list[ContactIdentifier]:
    rows = [
        ContactIdentifier(
            contact_id=contact_id, kind="email", value_index=blind_index(EMAIL_PURPOSE, e)
        )
        for e in emails
    ]
    rows += [
        ContactIdentifier(
            contact_id=contact_id, kind="phone", value_index=blind_index(PHONE_PURPOSE, p)
        )
        for p in phones
    ]
    return rows


def rebuild_identifiers(contacts: Sequence[Contact]) -> None:
    """Recompute the identifier indexes of contacts (after a key rotation or a merge).

    Call inside a transaction."""
    ids = [contact.pk for contact in contacts]
    ContactIdentifier.objects.filter(contact_id__in=ids).delete()
    rows: list[ContactIdentifier] = []
    for contact in contacts:
        rows += identifier_rows(contact.pk, contact.email_list, contact.phone_list)
    ContactIdentifier.objects.bulk_create(rows, batch_size=2000)


def email_index(email: str) -> str:
    return blind_index(EMAIL_PURPOSE, normalize_email(email))


def phone_index(phone: str, region: str = "") -> str:
    return blind_index(PHONE_PURPOSE, normalize_phone(phone, region or None))


def _validate_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    cleaned: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
            limit = TEXT_LIMITS.get(key)
            if limit and len(value) > limit:
                raise ValidationError({key: _("At most %(limit)d characters.") % {"limit": limit}})
        cleaned[key] = value
    country = cleaned.get("country")
    if country and not is_country(country):
        raise ValidationError(
            {"country": _("%(code)s is not an ISO 3166 country code.") % {"code": country}}
        )
    languages = cleaned.get("languages")
    if languages is not None:
        if not isinstance(languages, list) or not all(
            isinstance(code, str) and 2 <= len(code) <= 3 and code.isalpha() for code in languages
        ):
            raise ValidationError({"languages": _("Give languages as ISO codes, e.g. ru, it.")})
        cleaned["languages"] = [code.lower() for code in dict.fromkeys(languages)]
    return cleaned


def _constituencies(keys: Iterable[str]) -> list[Constituency]:
    wanted = [k for k in dict.fromkeys(keys) if k]
    found = {c.key: c for c in Constituency.objects.filter(key__in=wanted)}
    missing = [k for k in wanted if k not in found]
    if missing:
        raise ValidationError(
            {"constituencies": _("Unknown constituency: %(key)s") % {"key": missing[0]}}
        )
    return [found[k] for k in wanted]


def tags_named(names: Iterable[str]) -> list[Tag]:
    tags = []
    for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
        if len(name) > 60:
            raise ValidationError({"tags": _("A tag may have at most 60 characters.")})
        tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        tags.append(tag)
    return tags


def _check_site(actor: User, site: Site | None) -> None:
    if site is not None and not access.can_edit_contacts_of(actor, site.unit_id):
        raise ValidationError({"site": _("Choose a site of your own units.")})


@transaction.atomic
def contact_create(
    *,
    actor: User,
    unit: Unit,
    emails: Sequence[str] = (),
    phones: Sequence[str] = (),
    constituencies: Sequence[str] = (),
    tags: Sequence[str] = (),
    **fields: Any,
) -> Contact:
    if not access.can_edit_contacts_of(actor, unit.pk):
        raise PermissionDenied
    data = _validate_fields(fields)
    email_list = clean_emails(emails)
    phone_list = clean_phones(phones, data.get("country", ""))
    contact = Contact(
        unit=unit,
        created_by=actor,
        emails="\n".join(email_list),
        phones="\n".join(phone_list),
        **data,
    )
    _check_site(actor, contact.site)
    if not (
        contact.full_name or contact.called_name or contact.pseudonym or email_list or phone_list
    ):
        raise ValidationError(_("Give at least a name, a pseudonym, an email or a phone."))
    contact.full_clean(exclude=["name_index"])
    contact.save()
    ContactIdentifier.objects.bulk_create(identifier_rows(contact.pk, email_list, phone_list))
    contact.constituencies.set(_constituencies(constituencies))
    contact.tags.set(tags_named(tags))
    audit_record(actor=actor, action="contact.create", obj=contact, data={"unit": unit.pk})
    return contact


@transaction.atomic
def contact_update(
    *,
    actor: User,
    contact: Contact,
    emails: Sequence[str] | None = None,
    phones: Sequence[str] | None = None,
    constituencies: Sequence[str] | None = None,
    tags: Sequence[str] | None = None,
    unit: Unit | None = None,
    **fields: Any,
) -> Contact:
    """Change a contact. Locks its row; moving it to another unit needs rights in both."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if not access.can_edit_contacts_of(actor, contact.unit_id):
        raise PermissionDenied
    if unit is not None and unit.pk != contact.unit_id:
        if not access.can_edit_contacts_of(actor, unit.pk):
            raise PermissionDenied
        contact.unit = unit
    data = _validate_fields(fields)
    for key, value in data.items():
        setattr(contact, key, value)
    changed = sorted(data)
    if emails is not None:
        contact.emails = "\n".join(clean_emails(emails))
        changed.append("emails")
    if phones is not None:
        contact.phones = "\n".join(clean_phones(phones, contact.country))
        changed.append("phones")
    _check_site(actor, contact.site)
    if not (
        contact.full_name
        or contact.called_name
        or contact.pseudonym
        or contact.emails
        or contact.phones
    ):
        raise ValidationError(_("Give at least a name, a pseudonym, an email or a phone."))
    contact.updated_at = timezone.now()
    contact.full_clean(exclude=["name_index"])
    contact.save()
    if emails is not None or phones is not None:
        contact.identifiers.all().delete()
        ContactIdentifier.objects.bulk_create(
            identifier_rows(contact.pk, contact.email_list, contact.phone_list)
        )
    if constituencies is not None:
        contact.constituencies.set(_constituencies(constituencies))
        changed.append("constituencies")
    if tags is not None:
        contact.tags.set(tags_named(tags))
        changed.append("tags")
    audit_record(actor=actor, action="contact.update", obj=contact, data={"fields": changed})
    return contact


@transaction.atomic
def contact_delete(*, actor: User, contact: Contact) -> None:
    if not access.can_edit_contacts_of(actor, contact.unit_id):
        raise PermissionDenied
    audit_record(actor=actor, action="contact.delete", obj=contact)
    contact.delete()


@transaction.atomic
def constituency_create(*, actor: User, name: str) -> Constituency:
    if not access.can_bulk_manage_contacts(actor):
        raise PermissionDenied
    name = name.strip()
    key = slugify(name, allow_unicode=True)[:60]
    if not key:
        raise ValidationError({"name": _("Give the constituency a name.")})
    if Constituency.objects.filter(key=key).exists():
        raise ValidationError({"name": _("This constituency exists already.")})
    constituency = Constituency(key=key, name=name)
    constituency.full_clean()
    constituency.save()
    audit_record(actor=actor, action="constituency.create", obj=constituency)
    return constituency


SITE_FIELDS = ("name", "kind", "sector", "size", "city", "country", "notes")


@transaction.atomic
def site_create(*, actor: User, unit: Unit, **fields: Any) -> Site:
    if not access.can_edit_contacts_of(actor, unit.pk):
        raise PermissionDenied
    if set(fields) - set(SITE_FIELDS):
        raise ValidationError(
            _("Unknown fields: %(fields)s")
            % {"fields": ", ".join(sorted(set(fields) - set(SITE_FIELDS)))}
        )
    site = Site(unit=unit, **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()})
    if site.country and not is_country(site.country):
        raise ValidationError(
            {"country": _("%(code)s is not an ISO 3166 country code.") % {"code": site.country}}
        )
    if Site.objects.filter(unit=unit, name__iexact=site.name).exists():
        raise ValidationError({"name": _("This unit has a site of this name already.")})
    site.full_clean()
    site.save()
    audit_record(actor=actor, action="site.create", obj=site)
    return site


@transaction.atomic
def site_update(*, actor: User, site: Site, **fields: Any) -> Site:
    if not access.can_edit_contacts_of(actor, site.unit_id):
        raise PermissionDenied
    if set(fields) - set(SITE_FIELDS):
        raise ValidationError(
            _("Unknown fields: %(fields)s")
            % {"fields": ", ".join(sorted(set(fields) - set(SITE_FIELDS)))}
        )
    for key, value in fields.items():
        setattr(site, key, value.strip() if isinstance(value, str) else value)
    if site.country and not is_country(site.country):
        raise ValidationError(
            {"country": _("%(code)s is not an ISO 3166 country code.") % {"code": site.country}}
        )
    if Site.objects.filter(unit=site.unit, name__iexact=site.name).exclude(pk=site.pk).exists():
        raise ValidationError({"name": _("This unit has a site of this name already.")})
    site.full_clean()
    site.save()
    audit_record(actor=actor, action="site.update", obj=site, data={"fields": sorted(fields)})
    return site


STRUGGLE_FIELDS = ("title", "kind", "status", "started", "ended", "description", "our_support")


@transaction.atomic
def struggle_save(
    *,
    actor: User,
    unit: Unit,
    struggle: Struggle | None = None,
    sites: Sequence[Site] | None = None,
    constituencies: Sequence[str] | None = None,
    contacts: Sequence[Contact] | None = None,
    **fields: Any,
) -> Struggle:
    """Create a struggle, or update one when `struggle` is given."""
    if not access.can_edit_contacts_of(actor, unit.pk):
        raise PermissionDenied
    if set(fields) - set(STRUGGLE_FIELDS):
        raise ValidationError(
            _("Unknown fields: %(fields)s")
            % {"fields": ", ".join(sorted(set(fields) - set(STRUGGLE_FIELDS)))}
        )
    if struggle is None:
        struggle = Struggle(unit=unit)
    elif not access.can_edit_contacts_of(actor, struggle.unit_id):
        raise PermissionDenied
    struggle.unit = unit
    for key, value in fields.items():
        setattr(struggle, key, value.strip() if isinstance(value, str) else value)
    started: date | None = struggle.started
    if started and struggle.ended and struggle.ended < started:
        raise ValidationError({"ended": _("The end lies before the start.")})
    struggle.full_clean()
    struggle.save()
    if sites is not None:
        if any(not access.can_edit_contacts_of(actor, s.unit_id) for s in sites):
            raise PermissionDenied
        struggle.sites.set(sites)
    if constituencies is not None:
        struggle.constituencies.set(_constituencies(constituencies))
    if contacts is not None:
        if any(not access.can_edit_contacts_of(actor, c.unit_id) for c in contacts):
            raise PermissionDenied
        struggle.contacts.set(contacts)
    audit_record(actor=actor, action="struggle.save", obj=struggle)
    return struggle


@transaction.atomic
def struggle_contact_add(*, actor: User, struggle: Struggle, contact: Contact) -> Struggle:
    """Count a contact among those involved in a struggle."""
    if not (
        access.can_edit_contacts_of(actor, struggle.unit_id)
        and access.can_edit_contacts_of(actor, contact.unit_id)
    ):
        raise PermissionDenied
    struggle.contacts.add(contact)
    audit_record(
        actor=actor, action="struggle.contact_add", obj=struggle, data={"contact": contact.pk}
    )
    return struggle


def _segment_fields(name: str, query: str) -> tuple[str, str]:
    name, query = name.strip(), query.strip()
    if not name:
        raise ValidationError({"name": _("Give the segment a name.")})
    if len(name) > 120:
        raise ValidationError({"name": _("At most %(limit)d characters.") % {"limit": 120}})
    try:
        segments.to_q(query)
    except segments.SegmentQueryError as exc:
        raise ValidationError({"query": str(exc)}) from exc
    return name, query


@transaction.atomic
def segment_create(*, actor: User, unit: Unit, name: str, query: str) -> Segment:
    if not access.can_edit_contacts_of(actor, unit.pk):
        raise PermissionDenied
    name, query = _segment_fields(name, query)
    if Segment.objects.filter(unit=unit, name__iexact=name).exists():
        raise ValidationError({"name": _("This unit has a segment of this name already.")})
    segment = Segment(unit=unit, name=name, query=query, created_by=actor)
    segment.full_clean()
    segment.save()
    audit_record(actor=actor, action="segment.create", obj=segment, data={"unit": unit.pk})
    return segment


@transaction.atomic
def segment_update(
    *, actor: User, segment: Segment, name: str, query: str, unit: Unit | None = None
) -> Segment:
    """Change a segment's name, filter or unit; moving it needs rights in both units."""
    if not access.can_edit_contacts_of(actor, segment.unit_id):
        raise PermissionDenied
    if unit is not None and unit.pk != segment.unit_id:
        if not access.can_edit_contacts_of(actor, unit.pk):
            raise PermissionDenied
        segment.unit = unit
    segment.name, segment.query = _segment_fields(name, query)
    if (
        Segment.objects.filter(unit=segment.unit, name__iexact=segment.name)
        .exclude(pk=segment.pk)
        .exists()
    ):
        raise ValidationError({"name": _("This unit has a segment of this name already.")})
    segment.updated_at = timezone.now()
    segment.full_clean()
    segment.save()
    audit_record(actor=actor, action="segment.update", obj=segment)
    return segment


@transaction.atomic
def segment_delete(*, actor: User, segment: Segment) -> None:
    if not access.can_edit_contacts_of(actor, segment.unit_id):
        raise PermissionDenied
    audit_record(actor=actor, action="segment.delete", obj=segment)
    segment.delete()

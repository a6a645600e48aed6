"""Contacts over HTTP."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Schema, Status

from massline.accounts.models import User
from massline.core.api import (
    Id,
    InputSchema,
    Omittable,
    PageQuery,
    PlainText,
    fields_named,
    paginate,
)
from massline.people import selectors
from massline.people.api.common import (
    ConstituencyKey,
    ContactStatus,
    Email,
    Language,
    Phone,
    SiteRef,
    TagName,
    UnitRef,
    _actor,
    _audit_bulk_read,
    _query_errors,
    _working_unit,
    router,
)
from massline.people.models import (
    Contact,
)
from massline.people.segments import MAX_LENGTH as QUERY_MAX_LENGTH
from massline.people.services import contacts

# Contacts --------------------------------------------------------------------------------


class ContactSummary(Schema):
    """A contact as lists show it: without address and notes."""

    id: int
    unit: UnitRef
    display_name: str = Field(
        description="How they call themselves, else the full name, else the pseudonym."
    )
    given_name: str
    family_name: str
    called_name: str
    pseudonym: str
    emails: list[str] = Field(description="The first is the main one.")
    phones: list[str] = Field(description="In international format (E.164).")
    country: str = Field(description="ISO 3166-1 alpha-2 code, or empty.")
    city: str
    constituencies: list[str] = Field(description="Keys of the constituencies.")
    site: SiteRef | None
    union: str
    status: ContactStatus
    consent_email: bool
    consent_phone: bool
    consent_messaging: bool
    tags: list[str]
    assessment: int | None = Field(description="The latest assessment, 1 (leader) to 5 (opposed).")
    last_interaction_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_emails(obj: Contact) -> list[str]:
        return obj.email_list

    @staticmethod
    def resolve_phones(obj: Contact) -> list[str]:
        return obj.phone_list

    @staticmethod
    def resolve_constituencies(obj: Contact) -> list[str]:
        return [constituency.key for constituency in obj.constituencies.all()]

    @staticmethod
    def resolve_tags(obj: Contact) -> list[str]:
        return [tag.name for tag in obj.tags.all()]


class ContactOut(ContactSummary):
    address: str
    notes: str
    languages: list[str] = Field(description="ISO 639 codes.")
    source: str


class ContactPage(Schema):
    count: int
    items: list[ContactSummary]


class ContactIn(InputSchema):
    unit_id: Id = Field(description="A unit where you organize.")
    given_name: PlainText = Field("", max_length=200)
    family_name: PlainText = Field("", max_length=200)
    called_name: PlainText = Field("", max_length=200)
    pseudonym: PlainText = Field("", max_length=200)
    emails: list[Email] = Field(default_factory=list, max_length=20)
    phones: list[Phone] = Field(
        default_factory=list,
        max_length=20,
        description="With the country code, or local to `country`.",
    )
    address: PlainText = Field("", max_length=1000)
    notes: PlainText = Field("", max_length=20000)
    languages: list[Language] = Field(
        default_factory=list, max_length=20, description="ISO 639 codes, e.g. ru, it."
    )
    country: PlainText = Field("", max_length=2, description="ISO 3166-1 alpha-2 code.")
    city: PlainText = Field("", max_length=120)
    site_id: Id | None = Field(None, description="A site of your units.")
    union: PlainText = Field("", max_length=120)
    status: ContactStatus = "contact"
    consent_email: bool = False
    consent_phone: bool = False
    consent_messaging: bool = False
    source: PlainText = Field("", max_length=120)
    constituencies: list[ConstituencyKey] = Field(
        default_factory=list, max_length=20, description="Constituency keys."
    )
    tags: list[TagName] = Field(
        default_factory=list, max_length=30, description="Tag names; unknown tags are created."
    )


class ContactPatch(InputSchema):
    """Only the fields sent are changed; a list sent replaces the whole list."""

    unit_id: Omittable[Id] = Field(
        None, description="Moves the contact; needs rights in both units."
    )
    given_name: Omittable[PlainText] = Field(None, max_length=200)
    family_name: Omittable[PlainText] = Field(None, max_length=200)
    called_name: Omittable[PlainText] = Field(None, max_length=200)
    pseudonym: Omittable[PlainText] = Field(None, max_length=200)
    emails: Omittable[list[Email]] = Field(None, max_length=20)
    phones: Omittable[list[Phone]] = Field(None, max_length=20)
    address: Omittable[PlainText] = Field(None, max_length=1000)
    notes: Omittable[PlainText] = Field(None, max_length=20000)
    languages: Omittable[list[Language]] = Field(None, max_length=20)
    country: Omittable[PlainText] = Field(None, max_length=2)
    city: Omittable[PlainText] = Field(None, max_length=120)
    site_id: Id | None = None
    union: Omittable[PlainText] = Field(None, max_length=120)
    status: Omittable[ContactStatus] = None
    consent_email: Omittable[bool] = None
    consent_phone: Omittable[bool] = None
    consent_messaging: Omittable[bool] = None
    source: Omittable[PlainText] = Field(None, max_length=120)
    constituencies: Omittable[list[ConstituencyKey]] = Field(None, max_length=20)
    tags: Omittable[list[TagName]] = Field(None, max_length=30)


class ContactQuery(Schema):
    q: PlainText = Field(
        "",
        max_length=QUERY_MAX_LENGTH,
        description="A segment query, e.g. `constituency:workers assessment<=2 last_contact>30d`.",
    )
    email: PlainText = Field("", max_length=254, description="Exact look-up by email.")
    phone: PlainText = Field("", max_length=40, description="Exact look-up by phone.")


_CONTACT_NAMES = {"unit": "unit_id", "site": "site_id"}


def _contact_fields(actor: User, data: dict[str, Any]) -> dict[str, Any]:
    """Service arguments from API input: unit and site resolved within the actor's scope."""
    fields = {key: value for key, value in data.items() if key not in {"unit_id", "site_id"}}
    if "unit_id" in data:
        fields["unit"] = _working_unit(actor, data["unit_id"])
    if "site_id" in data:
        site_id = data["site_id"]
        fields["site"] = (
            None if site_id is None else selectors.access_site(user=actor, site_id=site_id)
        )
    return fields


@router.get(
    "/contacts",
    response=ContactPage,
    tags=["contacts"],
    operation_id="contact_list",
    summary="List contacts",
)
def contact_list(
    request: HttpRequest, filters: Query[ContactQuery], page: Query[PageQuery]
) -> dict[str, Any]:
    """Contacts of the units where the caller organizes, newest first, filtered by a segment
    query and by exact email or phone. Audited as a bulk read."""
    actor = _actor(request)
    with _query_errors("q"):
        found = selectors.contact_list(
            user=actor, query=filters.q, email=filters.email, phone=filters.phone
        )
    result = paginate(found, page)
    lookups = [name for name in ("email", "phone") if getattr(filters, name)]
    _audit_bulk_read(actor, result, page.offset, query=filters.q, lookups=lookups)
    return result


@router.post(
    "/contacts",
    response={201: ContactOut},
    tags=["contacts"],
    operation_id="contact_create",
    summary="Add a contact",
)
def contact_create(request: HttpRequest, payload: ContactIn) -> Status[Contact]:
    """Needs at least a name, a pseudonym, an email or a phone."""
    actor = _actor(request)
    fields = _contact_fields(actor, payload.dict())
    with fields_named(**_CONTACT_NAMES):
        contact = contacts.contact_create(actor=actor, **fields)
    return Status(201, selectors.access_contact(user=actor, contact_id=contact.pk))


@router.get(
    "/contacts/{int:contact_id}",
    response=ContactOut,
    tags=["contacts"],
    operation_id="contact_get",
    summary="Get a contact",
)
def contact_get(request: HttpRequest, contact_id: Id) -> Contact:
    return selectors.access_contact(user=_actor(request), contact_id=contact_id)


@router.patch(
    "/contacts/{int:contact_id}",
    response=ContactOut,
    tags=["contacts"],
    operation_id="contact_update",
    summary="Change a contact",
)
def contact_update(request: HttpRequest, contact_id: Id, payload: ContactPatch) -> Contact:
    actor = _actor(request)
    contact = selectors.access_contact(user=actor, contact_id=contact_id)
    fields = _contact_fields(actor, payload.dict(exclude_unset=True))
    with fields_named(**_CONTACT_NAMES):
        contacts.contact_update(actor=actor, contact=contact, **fields)
    return selectors.access_contact(user=actor, contact_id=contact.pk)


@router.delete(
    "/contacts/{int:contact_id}",
    response={204: None},
    tags=["contacts"],
    operation_id="contact_delete",
    summary="Delete a contact",
)
def contact_delete(request: HttpRequest, contact_id: Id) -> Status[None]:
    """Also deletes the contact's interactions, assessments and follow-ups."""
    actor = _actor(request)
    contact = selectors.access_contact(user=actor, contact_id=contact_id)
    contacts.contact_delete(actor=actor, contact=contact)
    return Status(204, None)

"""Mass work over HTTP: contacts, their interactions, follow-ups and assessments, segments
and imports.

Mounted under `/api/v1/people/` by `massline.api`, which authenticates the caller (so
`request.user` is the acting user here) and turns exceptions into problem responses. Reads go
through the scoped selectors and writes through the services, which check permissions and
audit. Only organizers (and secretaries, administrators) do mass work: members and guests get
403 everywhere, and a contact outside the caller's units answers 404 exactly like one that
does not exist, wherever it is referenced.

Contacts come out decrypted: whoever receives one may see it. Reads of many contacts (the
contact list, a segment's members) are audited as `api.contacts.read` with the numbers read.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator

from massline.accounts.models import Unit, User
from massline.audit.services import audit_record
from massline.core.api import (
    Id,
    InputSchema,
    IsoDate,
    IsoDateTime,
    Omittable,
    PageQuery,
    PlainText,
    fields_named,
    paginate,
    plain_text,
)
from massline.people import selectors, selectors_activity
from massline.people.models import (
    Assessment,
    Constituency,
    Contact,
    FollowUp,
    ImportBatch,
    Interaction,
    Segment,
    Site,
)
from massline.people.segments import MAX_LENGTH as QUERY_MAX_LENGTH
from massline.people.segments import SegmentQueryError
from massline.people.services import activity, contacts

router = Router()

BULK_READ = "api.contacts.read"

Email = Annotated[str, Field(min_length=1, max_length=254), AfterValidator(plain_text)]
Phone = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(plain_text)]
Language = Annotated[str, Field(min_length=2, max_length=3), AfterValidator(plain_text)]
ConstituencyKey = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(plain_text)]
TagName = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(plain_text)]
Level = Annotated[int, Field(ge=1, le=5)]

if TYPE_CHECKING:
    ContactStatus = str
    InteractionKind = str
    Outcome = str
    SiteKind = str
    ImportStatus = str
else:
    # Literal types built from the model choices: the schema lists them, pydantic checks them.
    ContactStatus = Literal[tuple(Contact.Status.values)]
    InteractionKind = Literal[tuple(Interaction.Kind.values)]
    Outcome = Literal[tuple(Interaction.Outcome.values)]
    SiteKind = Literal[tuple(Site.Kind.values)]
    ImportStatus = Literal[tuple(ImportBatch.Status.values)]


def _actor(request: HttpRequest) -> User:
    """The authenticated user; authentication ran before any operation."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _working_unit(actor: User, unit_id: int) -> Unit:
    """A unit where the actor organizes; any other id, existing or not, is refused alike."""
    unit = selectors.working_units(user=actor).filter(pk=unit_id).first()
    if unit is None:
        raise PermissionDenied
    return unit


@contextmanager
def _query_errors(field: str) -> Iterator[None]:
    """A segment query that does not parse is a validation problem on `field`, with the
    parser's message."""
    try:
        yield
    except SegmentQueryError as exc:
        raise ValidationError({field: [str(exc)]}) from exc


def _audit_bulk_read(
    actor: User,
    page: dict[str, Any],
    offset: int,
    *,
    query: str,
    obj: Model | None = None,
    **extra: Any,
) -> None:
    """One audit entry per page of contacts read: how many, of how many, and the filter."""
    audit_record(
        actor=actor,
        action=BULK_READ,
        obj=obj,
        data={
            "count": len(page["items"]),
            "total": page["count"],
            "offset": offset,
            "query": query,
            **extra,
        },
    )


# Shared shapes ---------------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    name: str


class UserRef(Schema):
    id: int
    display_name: str


class SiteRef(Schema):
    id: int
    name: str


class ContactRef(Schema):
    id: int
    display_name: str


class CountOut(Schema):
    count: int


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


# Interactions ----------------------------------------------------------------------------


class InteractionOut(Schema):
    id: int
    contact_id: int
    kind: InteractionKind
    occurred_at: datetime
    by: UserRef | None
    place: str
    outcome: Outcome
    notes: str
    created_at: datetime


class InteractionPage(Schema):
    count: int
    items: list[InteractionOut]


class NextStepIn(InputSchema):
    due_on: IsoDate = Field(description="Not before yesterday.")
    task: PlainText = Field(min_length=1, max_length=2000)
    assigned_to_id: Id | None = Field(
        None, description="An organizer of the contact's unit; yourself when left out."
    )


class InteractionIn(InputSchema):
    kind: InteractionKind
    occurred_at: IsoDateTime | None = Field(
        None, description="Now when left out; not in the future."
    )
    place: PlainText = Field("", max_length=500)
    outcome: Outcome = "neutral"
    notes: PlainText = Field("", max_length=20000)
    assessment: Level | None = Field(None, description="Re-assess the contact in the same go.")
    next_step: NextStepIn | None = Field(None, description="Schedule a follow-up in the same go.")


def _assignee(actor: User, contact: Contact, user_id: int | None, field: str) -> User:
    if user_id is None:
        return actor
    user = selectors.assignable_users(user=actor, unit=contact.unit).filter(pk=user_id).first()
    if user is None:
        raise ValidationError(
            {field: [_("Assign the follow-up to an organizer of the contact's unit.")]}
        )
    return user


@router.get(
    "/contacts/{int:contact_id}/interactions",
    response=InteractionPage,
    tags=["interactions"],
    operation_id="interaction_list",
    summary="List a contact's interactions",
)
def interaction_list(
    request: HttpRequest, contact_id: Id, page: Query[PageQuery]
) -> dict[str, Any]:
    """Newest first."""
    actor = _actor(request)
    contact = selectors.access_contact(user=actor, contact_id=contact_id)
    return paginate(selectors_activity.contact_interactions(user=actor, contact=contact), page)


@router.post(
    "/contacts/{int:contact_id}/interactions",
    response={201: InteractionOut},
    tags=["interactions"],
    operation_id="interaction_create",
    summary="Log an interaction",
)
def interaction_create(
    request: HttpRequest, contact_id: Id, payload: InteractionIn
) -> Status[Interaction]:
    """Log a conversation, visit, call...; with `assessment` and `next_step`, re-assess the
    contact and schedule a follow-up in the same transaction."""
    actor = _actor(request)
    contact = selectors.access_contact(user=actor, contact_id=contact_id)
    next_step = None
    if payload.next_step is not None:
        step = payload.next_step
        next_step = activity.NextStep(
            due_on=step.due_on,
            task=step.task,
            assigned_to=_assignee(actor, contact, step.assigned_to_id, "next_step.assigned_to_id"),
        )
    with fields_named(
        level="assessment",
        due_on="next_step.due_on",
        task="next_step.task",
        assigned_to="next_step.assigned_to_id",
    ):
        interaction = activity.interaction_log(
            actor=actor,
            contact=contact,
            kind=payload.kind,
            occurred_at=payload.occurred_at,
            place=payload.place,
            outcome=payload.outcome,
            notes=payload.notes,
            assessment=payload.assessment,
            next_step=next_step,
        )
    return Status(201, interaction)


# Follow-ups ------------------------------------------------------------------------------


class FollowUpOut(Schema):
    id: int
    contact: ContactRef
    assigned_to: UserRef
    due_on: date
    task: str
    done_at: datetime | None
    is_overdue: bool
    created_at: datetime


class FollowUpPage(Schema):
    count: int
    items: list[FollowUpOut]


class FollowUpIn(InputSchema):
    due_on: IsoDate = Field(description="Not before yesterday.")
    task: PlainText = Field(min_length=1, max_length=2000)
    assigned_to_id: Id | None = Field(
        None, description="An organizer of the contact's unit; yourself when left out."
    )


class FollowUpQuery(Schema):
    include_done: bool = Field(False, description="Also the follow-ups already done.")


@router.get(
    "/follow-ups",
    response=FollowUpPage,
    tags=["follow-ups"],
    operation_id="follow_up_list_mine",
    summary="List my follow-ups",
)
def follow_up_list_mine(
    request: HttpRequest, filters: Query[FollowUpQuery], page: Query[PageQuery]
) -> dict[str, Any]:
    """The follow-ups assigned to the caller, the most urgent first; open ones only unless
    `include_done`."""
    found = selectors.my_follow_ups(user=_actor(request), include_done=filters.include_done)
    return paginate(found.select_related("assigned_to"), page)


@router.get(
    "/contacts/{int:contact_id}/follow-ups",
    response=FollowUpPage,
    tags=["follow-ups"],
    operation_id="follow_up_list",
    summary="List a contact's follow-ups",
)
def follow_up_list(request: HttpRequest, contact_id: Id, page: Query[PageQuery]) -> dict[str, Any]:
    """Open ones by due date, then those done."""
    actor = _actor(request)
    contact = selectors.access_contact(user=actor, contact_id=contact_id)
    return paginate(selectors_activity.contact_follow_ups(user=actor, contact=contact), page)


@router.post(
    "/contacts/{int:contact_id}/follow-ups",
    response={201: FollowUpOut},
    tags=["follow-ups"],
    operation_id="follow_up_create",
    summary="Schedule a follow-up",
)
def follow_up_create(request: HttpRequest, contact_id: Id, payload: FollowUpIn) -> Status[FollowUp]:
    actor = _actor(request)
    contact = selectors.access_contact(user=actor, contact_id=contact_id)
    assignee = _assignee(actor, contact, payload.assigned_to_id, "assigned_to_id")
    with fields_named(assigned_to="assigned_to_id"):
        follow_up = activity.follow_up_create(
            actor=actor,
            contact=contact,
            due_on=payload.due_on,
            task=payload.task,
            assigned_to=assignee,
        )
    return Status(201, follow_up)


@router.post(
    "/follow-ups/{int:follow_up_id}/done",
    response=FollowUpOut,
    tags=["follow-ups"],
    operation_id="follow_up_done",
    summary="Mark a follow-up done",
)
def follow_up_done(request: HttpRequest, follow_up_id: Id) -> FollowUp:
    """Marking it done again changes nothing."""
    actor = _actor(request)
    follow_up = selectors.access_follow_up(user=actor, follow_up_id=follow_up_id)
    return activity.follow_up_done(actor=actor, follow_up=follow_up)


# Assessments -----------------------------------------------------------------------------


class AssessmentOut(Schema):
    id: int
    contact_id: int
    level: int = Field(
        description="1 leader, 2 active supporter, 3 supportive, 4 undecided, 5 opposed."
    )
    assessed_at: datetime
    by: UserRef | None
    note: str


class AssessmentPage(Schema):
    count: int
    items: list[AssessmentOut]


class AssessmentIn(InputSchema):
    level: Level
    note: PlainText = Field("", max_length=2000)
    assessed_at: IsoDateTime | None = Field(
        None, description="Now when left out; not in the future."
    )


@router.get(
    "/contacts/{int:contact_id}/assessments",
    response=AssessmentPage,
    tags=["assessments"],
    operation_id="assessment_list",
    summary="List a contact's assessments",
)
def assessment_list(request: HttpRequest, contact_id: Id, page: Query[PageQuery]) -> dict[str, Any]:
    """Newest first; the contact's current level is the latest one."""
    actor = _actor(request)
    contact = selectors.access_contact(user=actor, contact_id=contact_id)
    return paginate(selectors_activity.contact_assessments(user=actor, contact=contact), page)


@router.post(
    "/contacts/{int:contact_id}/assessments",
    response={201: AssessmentOut},
    tags=["assessments"],
    operation_id="assessment_create",
    summary="Assess a contact",
)
def assessment_create(
    request: HttpRequest, contact_id: Id, payload: AssessmentIn
) -> Status[Assessment]:
    actor = _actor(request)
    contact = selectors.access_contact(user=actor, contact_id=contact_id)
    assessment = activity.assessment_set(
        actor=actor,
        contact=contact,
        level=payload.level,
        note=payload.note,
        assessed_at=payload.assessed_at,
    )
    return Status(201, assessment)


# Segments --------------------------------------------------------------------------------


class SegmentOut(Schema):
    id: int
    unit: UnitRef
    name: str
    query: str
    created_at: datetime
    updated_at: datetime


class SegmentPage(Schema):
    count: int
    items: list[SegmentOut]


class SegmentIn(InputSchema):
    unit_id: Id = Field(
        description="A unit where you organize; the segment finds contacts "
        "of this unit and those below it."
    )
    name: PlainText = Field(
        min_length=1, max_length=120, description="Unique in the unit, regardless of case."
    )
    query: PlainText = Field(max_length=QUERY_MAX_LENGTH, description="A segment query.")


class SegmentPatch(InputSchema):
    """Only the fields sent are changed."""

    unit_id: Omittable[Id] = None
    name: Omittable[PlainText] = Field(None, min_length=1, max_length=120)
    query: Omittable[PlainText] = Field(None, max_length=QUERY_MAX_LENGTH)


class CountQuery(Schema):
    q: PlainText = Field("", max_length=QUERY_MAX_LENGTH, description="A segment query.")
    unit_id: Id | None = Field(
        None, description="Count only in this unit (one where you organize) and those below it."
    )


_SEGMENT_NAMES = {"unit": "unit_id"}


@router.get(
    "/segments",
    response=SegmentPage,
    tags=["segments"],
    operation_id="segment_list",
    summary="List segments",
)
def segment_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """Segments of the units where the caller organizes, by name."""
    found = selectors.segment_list(user=_actor(request)).order_by("name", "id")
    return paginate(found, page)


@router.post(
    "/segments",
    response={201: SegmentOut},
    tags=["segments"],
    operation_id="segment_create",
    summary="Save a segment",
)
def segment_create(request: HttpRequest, payload: SegmentIn) -> Status[Segment]:
    """A query that does not parse is refused with the parser's message on `query`."""
    actor = _actor(request)
    unit = _working_unit(actor, payload.unit_id)
    with fields_named(**_SEGMENT_NAMES):
        segment = contacts.segment_create(
            actor=actor, unit=unit, name=payload.name, query=payload.query
        )
    return Status(201, selectors.access_segment(user=actor, segment_id=segment.pk))


@router.get(
    "/segments/count",
    response=CountOut,
    tags=["segments"],
    operation_id="segment_query_count",
    summary="Count the contacts of a query",
)
def segment_query_count(request: HttpRequest, filters: Query[CountQuery]) -> dict[str, int]:
    """How many contacts the caller may see an unsaved query finds; the live count of the
    filter box. A query that does not parse is a 422 with the parser's message on `q`."""
    actor = _actor(request)
    unit_id = None
    if filters.unit_id is not None:
        unit_id = _working_unit(actor, filters.unit_id).pk
    with _query_errors("q"):
        return {"count": selectors.segment_count(user=actor, query=filters.q, unit_id=unit_id)}


@router.get(
    "/segments/{int:segment_id}",
    response=SegmentOut,
    tags=["segments"],
    operation_id="segment_get",
    summary="Get a segment",
)
def segment_get(request: HttpRequest, segment_id: Id) -> Segment:
    return selectors.access_segment(user=_actor(request), segment_id=segment_id)


@router.patch(
    "/segments/{int:segment_id}",
    response=SegmentOut,
    tags=["segments"],
    operation_id="segment_update",
    summary="Change a segment",
)
def segment_update(request: HttpRequest, segment_id: Id, payload: SegmentPatch) -> Segment:
    actor = _actor(request)
    segment = selectors.access_segment(user=actor, segment_id=segment_id)
    data = payload.dict(exclude_unset=True)
    unit = _working_unit(actor, data["unit_id"]) if "unit_id" in data else None
    with fields_named(**_SEGMENT_NAMES):
        contacts.segment_update(
            actor=actor,
            segment=segment,
            unit=unit,
            name=data.get("name", segment.name),
            query=data.get("query", segment.query),
        )
    return selectors.access_segment(user=actor, segment_id=segment.pk)


@router.delete(
    "/segments/{int:segment_id}",
    response={204: None},
    tags=["segments"],
    operation_id="segment_delete",
    summary="Delete a segment",
)
def segment_delete(request: HttpRequest, segment_id: Id) -> Status[None]:
    """Deletes the saved filter only, never a contact."""
    actor = _actor(request)
    segment = selectors.access_segment(user=actor, segment_id=segment_id)
    contacts.segment_delete(actor=actor, segment=segment)
    return Status(204, None)


@router.get(
    "/segments/{int:segment_id}/count",
    response=CountOut,
    tags=["segments"],
    operation_id="segment_count",
    summary="Count a segment's members",
)
def segment_count(request: HttpRequest, segment_id: Id) -> dict[str, int]:
    """Contacts of the segment's unit (and below) that match its query and the caller may
    see."""
    actor = _actor(request)
    segment = selectors.access_segment(user=actor, segment_id=segment_id)
    with _query_errors("query"):
        return {
            "count": selectors.segment_count(
                user=actor, query=segment.query, unit_id=segment.unit_id
            )
        }


@router.get(
    "/segments/{int:segment_id}/members",
    response=ContactPage,
    tags=["segments"],
    operation_id="segment_members",
    summary="List a segment's members",
)
def segment_members(request: HttpRequest, segment_id: Id, page: Query[PageQuery]) -> dict[str, Any]:
    """Newest first, like the contact list. Audited as a bulk read."""
    actor = _actor(request)
    segment = selectors.access_segment(user=actor, segment_id=segment_id)
    with _query_errors("query"):
        members = selectors.segment_members(user=actor, segment=segment)
    result = paginate(members, page)
    _audit_bulk_read(actor, result, page.offset, query=segment.query, obj=segment)
    return result


# Places and constituencies ---------------------------------------------------------------


class SiteOut(Schema):
    id: int
    unit: UnitRef
    name: str
    kind: SiteKind
    sector: str
    city: str
    country: str


class SitePage(Schema):
    count: int
    items: list[SiteOut]


class ConstituencyOut(Schema):
    key: str
    name: str = Field(description="In the language of the request for built-in ones.")
    builtin: bool

    @staticmethod
    def resolve_name(obj: Constituency) -> str:
        return obj.label


class ConstituencyPage(Schema):
    count: int
    items: list[ConstituencyOut]


@router.get(
    "/sites", response=SitePage, tags=["sites"], operation_id="site_list", summary="List sites"
)
def site_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """Workplaces, campuses and neighbourhoods of the caller's units, for `site_id`."""
    found = selectors.site_choices(user=_actor(request)).order_by("name", "unit__name", "id")
    return paginate(found, page)


@router.get(
    "/constituencies",
    response=ConstituencyPage,
    tags=["constituencies"],
    operation_id="constituency_list",
    summary="List constituencies",
)
def constituency_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """The keys to file contacts under and to filter on (`constituency:<key>`)."""
    return paginate(selectors_activity.constituency_choices(user=_actor(request)), page)


# Imports ---------------------------------------------------------------------------------


class ImportProblem(Schema):
    row: int = Field(description="The row's number in the file.")
    column: str = Field(description="The column's heading, or empty for the whole row.")
    code: str = Field(description="What is wrong, e.g. `email`, `country`, `too_long`.")
    params: dict[str, int] = Field(description="Numbers for the message, e.g. a limit.")


class ImportOut(Schema):
    id: int
    unit: UnitRef
    created_by: UserRef | None
    filename: str
    file_format: str
    status: ImportStatus
    total_rows: int
    processed_rows: int
    percent: int = Field(description="Progress, 0 to 100.")
    created_count: int
    duplicate_count: int
    error_count: int
    errors: list[ImportProblem] = Field(
        description="The first problems found, without the values of the cells."
    )
    message: str
    progress_at: datetime | None
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_errors(obj: ImportBatch) -> list[dict[str, Any]]:
        return [
            {
                "row": int(error.get("row") or 0),
                "column": str(error.get("column") or ""),
                "code": str(error.get("code") or ""),
                "params": {
                    key: value
                    for key, value in (error.get("params") or {}).items()
                    if isinstance(value, int)
                },
            }
            for error in obj.errors or []
            if isinstance(error, dict)
        ]


class ImportPage(Schema):
    count: int
    items: list[ImportOut]


@router.get(
    "/imports",
    response=ImportPage,
    tags=["imports"],
    operation_id="import_list",
    summary="List imports",
)
def import_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """Imports of the units where the caller is secretary, newest first."""
    found = selectors.import_list(user=_actor(request)).order_by("-created_at", "-id")
    return paginate(found, page)


@router.get(
    "/imports/{int:import_id}",
    response=ImportOut,
    tags=["imports"],
    operation_id="import_get",
    summary="Get an import's status",
)
def import_get(request: HttpRequest, import_id: Id) -> ImportBatch:
    """Status and progress of an import; poll it while the import runs."""
    return selectors.access_import(user=_actor(request), import_id=import_id)

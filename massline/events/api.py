"""The events API, mounted by `massline.api.main` under `/api/v1/events`.

Events (list, get, create, change, cancel, translations), RSVPs (list, create, cancel),
delegations and their delegates, check-in and attendance, anniversaries. Reads go through
`selectors` and writes through `services`, which check permissions and audit; an event the
caller may not see answers 404 whether it exists or not.

Times: `starts_at`/`ends_at` are answered in UTC, with `starts_local`/`ends_local` the
wall-clock times in the event's `time_zone`. On input give either the UTC moments (with their
offset) or the local times (`YYYY-MM-DDTHH:MM`, interpreted in `time_zone`).
"""

import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from massline.accounts.models import Unit, User
from massline.core.api import (
    Id,
    InputSchema,
    IsoDateTime,
    Omittable,
    PageQuery,
    PlainText,
    fields_named,
    paginate,
)
from massline.directory.models import Organization
from massline.events import access, selectors, services
from massline.events.models import Anniversary, Delegation, Event, EventTranslation, Rsvp

router = Router(tags=["events"])

if TYPE_CHECKING:
    Kind = str
    OurRole = str
    Visibility = str
    RsvpStatus = str
    DelegateRole = str
    AnniversaryKind = str
else:
    Kind = Literal[tuple(Event.Kind.values)]
    OurRole = Literal[tuple(Event.Role.values)]
    Visibility = Literal[tuple(Event.Visibility.values)]
    RsvpStatus = Literal[tuple(Rsvp.Status.values)]
    DelegateRole = Literal[tuple(Rsvp.DelegateRole.values)]
    AnniversaryKind = Literal[tuple(Anniversary.Kind.values)]

LOCAL_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


# Schemas -----------------------------------------------------------------------------------


class EventOrganizationRef(Schema):
    id: int
    name: str
    short_name: str


class TranslationOut(Schema):
    language: str
    title: str
    description: str


class EventOut(Schema):
    id: int
    slug: str
    kind: Kind
    title: str
    description: str
    language: str = Field(description="The original language.")
    translations: list[TranslationOut]
    unit_id: int
    host: EventOrganizationRef | None
    co_hosts: list[EventOrganizationRef]
    our_role: OurRole
    starts_at: datetime.datetime = Field(description="UTC.")
    ends_at: datetime.datetime = Field(description="UTC.")
    time_zone: str = Field(description="IANA time zone of the event, e.g. Europe/Rome.")
    starts_local: str = Field(description="Wall-clock start in the event's time zone.")
    ends_local: str
    venue: str
    address: str
    online_url: str
    visibility: Visibility
    capacity: int | None
    waitlist: bool
    rsvp_open: bool
    remind_hours_before: int
    cancelled: bool
    seats_taken: int

    @staticmethod
    def resolve_translations(obj: Event) -> list[EventTranslation]:
        return list(obj.translations.all())

    @staticmethod
    def resolve_co_hosts(obj: Event) -> list[Organization]:
        return list(obj.co_hosts.all())

    @staticmethod
    def resolve_starts_local(obj: Event) -> str:
        return services.utc_to_local(obj.starts_at, obj.time_zone).strftime("%Y-%m-%dT%H:%M")

    @staticmethod
    def resolve_ends_local(obj: Event) -> str:
        return services.utc_to_local(obj.ends_at, obj.time_zone).strftime("%Y-%m-%dT%H:%M")

    @staticmethod
    def resolve_cancelled(obj: Event) -> bool:
        return obj.cancelled_at is not None

    @staticmethod
    def resolve_seats_taken(obj: Event) -> int:
        found = getattr(obj, "seats_taken", None)
        return found if isinstance(found, int) else selectors.seats_taken(obj)


class EventPage(Schema):
    count: int
    items: list[EventOut]


class EventIn(InputSchema):
    slug: PlainText = Field(min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")
    kind: Kind
    title: PlainText = Field(min_length=1, max_length=200)
    description: PlainText = Field("", max_length=20000)
    language: PlainText = Field("en", min_length=2, max_length=3)
    unit_id: Id
    host_id: Id | None = None
    co_host_ids: list[Id] = Field(default_factory=list, max_length=20)
    our_role: OurRole
    time_zone: PlainText = Field(min_length=1, max_length=64)
    starts_at: IsoDateTime | None = None
    ends_at: IsoDateTime | None = None
    starts_local: str | None = Field(None, pattern=LOCAL_PATTERN)
    ends_local: str | None = Field(None, pattern=LOCAL_PATTERN)
    venue: PlainText = Field("", max_length=200)
    address: PlainText = Field("", max_length=300)
    online_url: PlainText = Field("", max_length=200)
    visibility: Visibility = "members"
    capacity: int | None = Field(None, ge=1, le=1_000_000)
    waitlist: bool = True
    rsvp_open: bool = True
    remind_hours_before: int = Field(24, ge=0, le=24 * 14)


class EventPatch(InputSchema):
    """Only the fields sent change."""

    slug: Omittable[PlainText] = Field(None, min_length=1, max_length=80, pattern=r"^[-\w]+$")
    kind: Omittable[Kind] = None
    title: Omittable[PlainText] = Field(None, min_length=1, max_length=200)
    description: Omittable[PlainText] = Field(None, max_length=20000)
    language: Omittable[PlainText] = Field(None, min_length=2, max_length=3)
    unit_id: Omittable[Id] = None
    host_id: Id | None = None
    co_host_ids: Omittable[list[Id]] = Field(None, max_length=20)
    our_role: Omittable[OurRole] = None
    time_zone: Omittable[PlainText] = Field(
        None,
        min_length=1,
        max_length=64,
        description="A new zone alone keeps the moments in UTC; send the times with it to keep "
        "the wall-clock times.",
    )
    starts_at: Omittable[IsoDateTime] = None
    ends_at: Omittable[IsoDateTime] = None
    starts_local: Omittable[str] = Field(None, pattern=LOCAL_PATTERN)
    ends_local: Omittable[str] = Field(None, pattern=LOCAL_PATTERN)
    venue: Omittable[PlainText] = Field(None, max_length=200)
    address: Omittable[PlainText] = Field(None, max_length=300)
    online_url: Omittable[PlainText] = Field(None, max_length=200)
    visibility: Omittable[Visibility] = None
    capacity: int | None = Field(None, ge=1, le=1_000_000)
    waitlist: Omittable[bool] = None
    rsvp_open: Omittable[bool] = None
    remind_hours_before: Omittable[int] = Field(None, ge=0, le=24 * 14)


class EventQuery(Schema):
    unit_id: Id | None = None
    kind: PlainText = Field("", max_length=20)
    when: Literal["upcoming", "past", "all"] = "upcoming"


class TranslationIn(InputSchema):
    title: PlainText = Field(min_length=1, max_length=200)
    description: PlainText = Field("", max_length=20000)


class RsvpOut(Schema):
    id: int
    event_id: int
    name: str
    email: str
    organization_name: str
    status: RsvpStatus
    position: int = Field(description="Order of arrival; the waitlist moves up in this order.")
    code: str = Field(description="The ticket's check-in code.")
    delegation_id: int | None
    delegate_role: str
    created_at: datetime.datetime
    checked_in_at: datetime.datetime | None


class RsvpPage(Schema):
    count: int
    items: list[RsvpOut]


class RsvpIn(InputSchema):
    """Empty for your own RSVP; organizers of the event may answer for someone else."""

    name: PlainText | None = Field(None, min_length=1, max_length=200)
    email: PlainText | None = Field(None, min_length=3, max_length=254)
    organization_name: PlainText = Field("", max_length=200)
    language: PlainText = Field("", max_length=8)


class RsvpQuery(Schema):
    status: PlainText = Field("", max_length=12)


class EventDelegateOut(RsvpOut):
    travel_notes: str


class DelegationOut(Schema):
    id: int
    event_id: int
    organization: EventOrganizationRef
    notes: str = Field(description="Travel and visa notes (encrypted at rest).")
    delegates: list[EventDelegateOut]

    @staticmethod
    def resolve_delegates(obj: Delegation) -> list[Rsvp]:
        return list(obj.delegates.all())


class DelegationIn(InputSchema):
    organization_id: Id
    notes: PlainText = Field("", max_length=5000)


class DelegationPatch(InputSchema):
    notes: PlainText = Field(max_length=5000)


class DelegateIn(InputSchema):
    name: PlainText = Field(min_length=1, max_length=200)
    role: DelegateRole
    email: PlainText = Field("", max_length=254)
    travel_notes: PlainText = Field("", max_length=5000)
    language: PlainText = Field("", max_length=8)


class CheckinIn(InputSchema):
    code: PlainText | None = Field(None, min_length=1, max_length=300)
    rsvp_id: Id | None = None


class AttendanceOut(Schema):
    confirmed: int
    checked_in: int
    waitlisted: int
    capacity: int | None


class AnniversaryOut(Schema):
    id: int
    title: str
    description: str
    kind: AnniversaryKind
    month: int
    day: int
    year: int | None
    remind_days_before: int
    unit_id: int | None
    organizations: list[EventOrganizationRef]

    @staticmethod
    def resolve_organizations(obj: Anniversary) -> list[Organization]:
        return list(obj.organizations.all())


class AnniversaryPage(Schema):
    count: int
    items: list[AnniversaryOut]


class AnniversaryIn(InputSchema):
    title: PlainText = Field(min_length=1, max_length=200)
    description: PlainText = Field("", max_length=5000)
    kind: AnniversaryKind = "other"
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    year: int | None = Field(None, ge=1, le=9999)
    remind_days_before: int = Field(7, ge=0, le=90)
    unit_id: Id | None = Field(None, description="Empty: the whole organization (secretaries).")
    organization_ids: list[Id] = Field(default_factory=list, max_length=50)


class AnniversaryPatch(InputSchema):
    title: Omittable[PlainText] = Field(None, min_length=1, max_length=200)
    description: Omittable[PlainText] = Field(None, max_length=5000)
    kind: Omittable[AnniversaryKind] = None
    month: Omittable[int] = Field(None, ge=1, le=12)
    day: Omittable[int] = Field(None, ge=1, le=31)
    year: int | None = Field(None, ge=1, le=9999)
    remind_days_before: Omittable[int] = Field(None, ge=0, le=90)
    unit_id: Id | None = None
    organization_ids: Omittable[list[Id]] = Field(None, max_length=50)


# Helpers -----------------------------------------------------------------------------------


def _organizations(actor: User, ids: list[int], field: str) -> list[Organization]:
    found = list(selectors.organizations_for(user=actor).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({field: _("Choose organizations from the directory.")})
    return found


def _unit(actor: User, unit_id: int | None) -> Unit | None:
    return None if unit_id is None else selectors.unit_choice(unit_id=unit_id)


def _moment(data: dict[str, Any], name: str, zone: str) -> datetime.datetime | None:
    local = data.pop(f"{name}_local", None)
    moment = data.pop(f"{name}_at", None)
    if local is not None and moment is not None:
        raise ValidationError({f"{name}_at": _("Give the UTC moment or the local time, not both.")})
    if local is not None:
        try:
            naive = datetime.datetime.fromisoformat(local)
        except ValueError as exc:
            raise ValidationError({f"{name}_local": _("Enter a valid date and time.")}) from exc
        return services.local_to_utc(naive, zone, f"{name}_local")
    return moment


def _event_fields(actor: User, data: dict[str, Any], event: Event | None) -> dict[str, Any]:
    fields = dict(data)
    fields.pop("co_host_ids", None)
    zone = fields.get("time_zone") or (event.time_zone if event else "")
    services.zone_of(zone)
    for name in ("starts", "ends"):
        moment = _moment(fields, name, zone)
        if moment is not None:
            fields[f"{name}_at"] = moment
        elif event is None:
            raise ValidationError({f"{name}_at": _("Give the start and the end.")})
    if "unit_id" in fields:
        fields["unit"] = _unit(actor, fields.pop("unit_id"))
    if "host_id" in fields:
        host_id = fields.pop("host_id")
        fields["host"] = (
            _organizations(actor, [host_id], "host_id")[0] if host_id is not None else None
        )
    return fields


def _event_out(actor: User, event_id: int) -> Event:
    return selectors.access_event(user=actor, event_id=event_id)


# Events ------------------------------------------------------------------------------------


@router.get("", response=EventPage, operation_id="event_list", summary="List events")
def event_list(
    request: HttpRequest, filters: Query[EventQuery], page: Query[PageQuery]
) -> dict[str, Any]:
    """Events the caller may see (members and above); upcoming ones by default."""
    found = selectors.event_list(
        user=_actor(request),
        filters=selectors.EventFilters(unit=filters.unit_id, kind=filters.kind, when=filters.when),
    ).prefetch_related("translations")
    return paginate(found, page)


@router.post("", response={201: EventOut}, operation_id="event_create", summary="Create an event")
def event_create(request: HttpRequest, payload: EventIn) -> Status[Event]:
    """Organizers create events in their units."""
    actor = _actor(request)
    if not access.can_create_events(actor):
        raise PermissionDenied
    data = payload.dict()
    with fields_named(unit="unit_id", host="host_id", co_hosts="co_host_ids"):
        co_hosts = _organizations(actor, data["co_host_ids"], "co_host_ids")
        event = services.event_create(
            actor=actor, co_hosts=co_hosts, **_event_fields(actor, data, None)
        )
    return Status(201, _event_out(actor, event.pk))


@router.get("/{int:event_id}", response=EventOut, operation_id="event_get", summary="Get an event")
def event_get(request: HttpRequest, event_id: Id) -> Event:
    return _event_out(_actor(request), event_id)


@router.patch(
    "/{int:event_id}", response=EventOut, operation_id="event_update", summary="Change an event"
)
def event_update(request: HttpRequest, event_id: Id, payload: EventPatch) -> Event:
    """Only the fields sent change; times given as local times use the (new) time zone."""
    actor = _actor(request)
    event = selectors.manage_event(user=actor, event_id=event_id)
    data = payload.dict(exclude_unset=True)
    with fields_named(unit="unit_id", host="host_id", co_hosts="co_host_ids"):
        co_hosts = None
        if "co_host_ids" in data:
            co_hosts = _organizations(actor, data["co_host_ids"], "co_host_ids")
        services.event_update(
            actor=actor, event=event, co_hosts=co_hosts, **_event_fields(actor, data, event)
        )
    return _event_out(actor, event.pk)


@router.post(
    "/{int:event_id}/cancel",
    response=EventOut,
    operation_id="event_cancel",
    summary="Cancel an event",
)
def event_cancel(request: HttpRequest, event_id: Id) -> Event:
    """Attendees are mailed; calendar feeds show the event as cancelled."""
    actor = _actor(request)
    event = selectors.manage_event(user=actor, event_id=event_id)
    services.event_cancel(actor=actor, event=event)
    return _event_out(actor, event.pk)


@router.put(
    "/{int:event_id}/translations/{language}",
    response=EventOut,
    operation_id="event_translation_save",
    summary="Set the title and description in a language",
)
def event_translation_save(
    request: HttpRequest, event_id: Id, language: str, payload: TranslationIn
) -> Event:
    actor = _actor(request)
    event = selectors.manage_event(user=actor, event_id=event_id)
    services.event_translation_save(
        actor=actor, event=event, language=language[:3], **payload.dict()
    )
    return _event_out(actor, event.pk)


# RSVPs -------------------------------------------------------------------------------------


@router.get(
    "/{int:event_id}/rsvps",
    response=RsvpPage,
    operation_id="rsvp_list",
    summary="List RSVPs",
)
def rsvp_list(
    request: HttpRequest, event_id: Id, filters: Query[RsvpQuery], page: Query[PageQuery]
) -> dict[str, Any]:
    """Organizers of the event get every RSVP (the read is audited); others their own."""
    actor = _actor(request)
    event = selectors.access_event(user=actor, event_id=event_id)
    if access.can_manage_event(actor, event):
        rows = selectors.rsvp_list(user=actor, event=event, status=filters.status)
    else:
        mine = selectors.my_rsvp(user=actor, event=event)
        rows = [mine] if mine is not None else []
    return {"count": len(rows), "items": rows[page.offset : page.offset + page.limit]}


@router.post(
    "/{int:event_id}/rsvps",
    response={201: RsvpOut, 200: RsvpOut},
    operation_id="rsvp_create",
    summary="Answer an event",
)
def rsvp_create(request: HttpRequest, event_id: Id, payload: RsvpIn) -> Status[Rsvp]:
    """Without a name and address: your own RSVP. With them: organizers answer for someone.

    201 for a new RSVP, 200 when that address had already answered (nothing changes).
    """
    actor = _actor(request)
    event = selectors.access_event(user=actor, event_id=event_id)
    if payload.name is None and payload.email is None:
        rsvp, new = services.rsvp_submit_member(actor=actor, event=event)
    else:
        if not access.can_manage_event(actor, event):
            raise PermissionDenied
        rsvp, new = services.rsvp_submit(
            event=event,
            name=payload.name or "",
            email=payload.email or "",
            organization_name=payload.organization_name,
            language=payload.language,
        )
    return Status(201 if new else 200, rsvp)


@router.post(
    "/{int:event_id}/rsvps/{int:rsvp_id}/cancel",
    response=RsvpOut,
    operation_id="rsvp_cancel",
    summary="Cancel an RSVP",
)
def rsvp_cancel(request: HttpRequest, event_id: Id, rsvp_id: Id) -> Rsvp:
    """Your own, or any RSVP of an event you organize; the waitlist moves up."""
    actor = _actor(request)
    rsvp = selectors.access_rsvp(user=actor, rsvp_id=rsvp_id)
    if rsvp.event_id != event_id:
        raise ValidationError({"rsvp_id": _("This RSVP belongs to another event.")})
    return services.rsvp_cancel(rsvp=rsvp, actor=actor)


# Check-in ----------------------------------------------------------------------------------


@router.post(
    "/{int:event_id}/check-in",
    response=RsvpOut,
    operation_id="event_checkin",
    summary="Check an attendee in",
)
def checkin(request: HttpRequest, event_id: Id, payload: CheckinIn) -> Rsvp:
    """By ticket `code` (as typed or scanned) or by `rsvp_id`; a second check-in is refused."""
    actor = _actor(request)
    event = selectors.manage_event(user=actor, event_id=event_id)
    if (payload.code is None) == (payload.rsvp_id is None):
        raise ValidationError({"code": _("Give a ticket code or an RSVP, one of them.")})
    if payload.rsvp_id is not None:
        target = selectors.event_rsvp(user=actor, event=event, rsvp_id=str(payload.rsvp_id))
        return services.checkin(actor=actor, event=event, rsvp=target)
    return services.checkin(actor=actor, event=event, code=payload.code or "")


@router.get(
    "/{int:event_id}/attendance",
    response=AttendanceOut,
    operation_id="event_attendance",
    summary="Count attendance",
)
def attendance(request: HttpRequest, event_id: Id) -> selectors.Attendance:
    actor = _actor(request)
    event = selectors.manage_event(user=actor, event_id=event_id)
    return selectors.attendance(user=actor, event=event)


# Delegations -------------------------------------------------------------------------------


def _delegation(actor: User, event_id: int, delegation_id: int) -> Delegation:
    delegation = selectors.access_delegation(user=actor, delegation_id=delegation_id)
    if delegation.event_id != event_id:
        raise ValidationError({"delegation_id": _("This delegation belongs to another event.")})
    return delegation


@router.get(
    "/{int:event_id}/delegations",
    response=list[DelegationOut],
    operation_id="event_delegation_list",
    summary="List delegations",
)
def delegation_list(request: HttpRequest, event_id: Id) -> list[Delegation]:
    """Organizers of the event: delegations, delegates and travel notes (audited)."""
    actor = _actor(request)
    event = selectors.manage_event(user=actor, event_id=event_id)
    return selectors.delegation_list(user=actor, event=event)


@router.post(
    "/{int:event_id}/delegations",
    response={201: DelegationOut},
    operation_id="event_delegation_create",
    summary="Add a delegation",
)
def delegation_create(
    request: HttpRequest, event_id: Id, payload: DelegationIn
) -> Status[Delegation]:
    actor = _actor(request)
    event = selectors.manage_event(user=actor, event_id=event_id)
    organization = _organizations(actor, [payload.organization_id], "organization_id")[0]
    delegation = services.delegation_create(
        actor=actor, event=event, organization=organization, notes=payload.notes
    )
    return Status(201, delegation)


@router.get(
    "/{int:event_id}/delegations/{int:delegation_id}",
    response=DelegationOut,
    operation_id="event_delegation_get",
    summary="Get a delegation",
)
def delegation_get(request: HttpRequest, event_id: Id, delegation_id: Id) -> Delegation:
    return _delegation(_actor(request), event_id, delegation_id)


@router.patch(
    "/{int:event_id}/delegations/{int:delegation_id}",
    response=DelegationOut,
    operation_id="event_delegation_update",
    summary="Change a delegation's notes",
)
def delegation_update(
    request: HttpRequest, event_id: Id, delegation_id: Id, payload: DelegationPatch
) -> Delegation:
    actor = _actor(request)
    delegation = _delegation(actor, event_id, delegation_id)
    return services.delegation_update(actor=actor, delegation=delegation, notes=payload.notes)


@router.post(
    "/{int:event_id}/delegations/{int:delegation_id}/delegates",
    response={201: EventDelegateOut},
    operation_id="event_delegate_add",
    summary="Add a delegate",
)
def delegate_add(
    request: HttpRequest, event_id: Id, delegation_id: Id, payload: DelegateIn
) -> Status[Rsvp]:
    """A named delegate with a role gets a ticket (mailed when an address is given)."""
    actor = _actor(request)
    delegation = _delegation(actor, event_id, delegation_id)
    return Status(201, services.delegate_add(actor=actor, delegation=delegation, **payload.dict()))


# Anniversaries -----------------------------------------------------------------------------


def _anniversary_fields(actor: User, data: dict[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in data.items() if k not in {"organization_ids", "unit_id"}}
    if "unit_id" in data:
        fields["unit"] = _unit(actor, data["unit_id"])
    return fields


@router.get(
    "/anniversaries",
    response=AnniversaryPage,
    operation_id="anniversary_list",
    summary="List anniversaries",
)
def anniversary_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    return paginate(selectors.anniversary_list(user=_actor(request)), page)


@router.post(
    "/anniversaries",
    response={201: AnniversaryOut},
    operation_id="anniversary_create",
    summary="Add an anniversary",
)
def anniversary_create(request: HttpRequest, payload: AnniversaryIn) -> Status[Anniversary]:
    actor = _actor(request)
    if not access.can_create_anniversaries(actor):
        raise PermissionDenied
    data = payload.dict()
    with fields_named(unit="unit_id", organizations="organization_ids"):
        organizations = _organizations(actor, data["organization_ids"], "organization_ids")
        anniversary = services.anniversary_create(
            actor=actor, organizations=organizations, **_anniversary_fields(actor, data)
        )
    return Status(201, selectors.access_anniversary(user=actor, anniversary_id=anniversary.pk))


@router.get(
    "/anniversaries/{int:anniversary_id}",
    response=AnniversaryOut,
    operation_id="anniversary_get",
    summary="Get an anniversary",
)
def anniversary_get(request: HttpRequest, anniversary_id: Id) -> Anniversary:
    return selectors.access_anniversary(user=_actor(request), anniversary_id=anniversary_id)


@router.patch(
    "/anniversaries/{int:anniversary_id}",
    response=AnniversaryOut,
    operation_id="anniversary_update",
    summary="Change an anniversary",
)
def anniversary_update(
    request: HttpRequest, anniversary_id: Id, payload: AnniversaryPatch
) -> Anniversary:
    actor = _actor(request)
    anniversary = selectors.access_anniversary(user=actor, anniversary_id=anniversary_id)
    data = payload.dict(exclude_unset=True)
    with fields_named(unit="unit_id", organizations="organization_ids"):
        organizations = None
        if "organization_ids" in data:
            organizations = _organizations(actor, data["organization_ids"], "organization_ids")
        services.anniversary_update(
            actor=actor,
            anniversary=anniversary,
            organizations=organizations,
            **_anniversary_fields(actor, data),
        )
    return selectors.access_anniversary(user=actor, anniversary_id=anniversary.pk)


@router.delete(
    "/anniversaries/{int:anniversary_id}",
    response={204: None},
    operation_id="anniversary_delete",
    summary="Delete an anniversary",
)
def anniversary_delete(request: HttpRequest, anniversary_id: Id) -> Status[None]:
    actor = _actor(request)
    anniversary = selectors.access_anniversary(user=actor, anniversary_id=anniversary_id)
    services.anniversary_delete(actor=actor, anniversary=anniversary)
    return Status(204, None)

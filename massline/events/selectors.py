"""Reads of events, always scoped to what the acting user may see."""

import calendar
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from massline.accounts import access as account_access
from massline.accounts.access import AnyUser
from massline.accounts.models import Role, Unit, User
from massline.audit.services import audit_record
from massline.core.text import fold
from massline.directory import selectors as directory_selectors
from massline.directory.models import Organization
from massline.events import access
from massline.events.models import (
    Anniversary,
    Delegation,
    Event,
    EventTranslation,
    FeedToken,
    Rsvp,
)


@dataclass(frozen=True)
class EventFilters:
    """Filters of the event lists; unknown values are ignored, not errors."""

    unit: int | None = None
    kind: str = ""
    when: str = "upcoming"  # upcoming | past | all

    @classmethod
    def from_params(cls, params: Any) -> "EventFilters":
        unit_text = str(params.get("unit", "") or "").strip()
        kind = str(params.get("kind", "") or "").strip()
        when = str(params.get("when", "") or "").strip()
        return cls(
            unit=int(unit_text) if unit_text.isdigit() and len(unit_text) < 10 else None,
            kind=kind if kind in Event.Kind.values else "",
            when=when if when in ("upcoming", "past", "all") else "upcoming",
        )


def _base(user: AnyUser) -> QuerySet[Event]:
    return (
        Event.objects.filter(access.event_scope(user))
        .annotate(seats_taken=Count("rsvps", filter=Q(rsvps__status=Rsvp.Status.CONFIRMED)))
        .select_related("unit", "host")
        .prefetch_related(
            Prefetch("co_hosts", queryset=Organization.objects.order_by("short_name"))
        )
    )


def event_list(*, user: AnyUser, filters: EventFilters | None = None) -> QuerySet[Event]:
    if not access.can_use_calendar(user):
        raise PermissionDenied
    filters = filters or EventFilters()
    qs = _base(user)
    now = timezone.now()
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.when == "upcoming":
        qs = qs.filter(ends_at__gte=now)
    elif filters.when == "past":
        return qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return qs.order_by("starts_at", "pk")


def events_between(
    *, user: AnyUser, start: datetime.datetime, end: datetime.datetime, filters: EventFilters
) -> list[Event]:
    """Visible events overlapping [start, end)."""
    if not access.can_use_calendar(user):
        raise PermissionDenied
    qs = _base(user).filter(starts_at__lt=end, ends_at__gte=start).order_by("starts_at", "pk")
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return list(qs)


def access_event(*, user: AnyUser, event_id: int) -> Event:
    """An event the user may see; 404 otherwise (an invisible event does not exist)."""
    event = _base(user).filter(pk=event_id).prefetch_related("translations").first()
    if event is None:
        raise Http404
    return event


def manage_event(*, user: AnyUser, event_id: int) -> Event:
    """An event the user manages; 404 when invisible, 403 when only visible."""
    event = access_event(user=user, event_id=event_id)
    if not access.can_manage_event(user, event):
        raise PermissionDenied
    return event


def public_event(*, slug: str) -> Event:
    """A public event by its address; 404 for any other."""
    event = (
        Event.objects.filter(slug=slug, visibility=Event.Visibility.PUBLIC)
        .select_related("host")
        .prefetch_related("co_hosts", "translations")
        .first()
    )
    if event is None:
        raise Http404
    return event


def translation_in(event: Event, language: str) -> EventTranslation | None:
    """The event's text in `language` (prefetched translations), None for the original."""
    if not language or language.split("-")[0] == event.language:
        return None
    wanted = language.split("-")[0]
    for translation in event.translations.all():
        if translation.language == wanted:
            return translation
    return None


def seats_taken(event: Event) -> int:
    return event.rsvps.filter(status=Rsvp.Status.CONFIRMED).count()


def waitlist_length(event: Event) -> int:
    return event.rsvps.filter(status=Rsvp.Status.WAITLISTED).count()


def my_rsvp(*, user: AnyUser, event: Event) -> Rsvp | None:
    if not user.is_authenticated:
        return None
    return Rsvp.objects.filter(event=event, user=user).exclude(status=Rsvp.Status.CANCELLED).first()


def my_upcoming_rsvps(*, user: AnyUser) -> QuerySet[Rsvp]:
    if not user.is_authenticated:
        return Rsvp.objects.none()
    return (
        Rsvp.objects.filter(user=user, event__ends_at__gte=timezone.now())
        .exclude(status=Rsvp.Status.CANCELLED)
        .select_related("event")
        .order_by("event__starts_at")
    )


def rsvp_list(*, user: User, event: Event, status: str = "") -> list[Rsvp]:
    """The event's RSVPs, decrypted, for its organizers. The read is audited."""
    if not access.can_manage_event(user, event):
        raise PermissionDenied
    qs = event.rsvps.select_related("delegation__organization").order_by("position")
    if status in Rsvp.Status.values:
        qs = qs.filter(status=status)
    rows = list(qs)
    audit_record(
        actor=user, action="event.rsvps.read", obj=event, data={"rows": len(rows), "status": status}
    )
    return rows


def access_rsvp(*, user: User, rsvp_id: int) -> Rsvp:
    """An RSVP: the attendee's own, or any of an event the user manages; 404 otherwise."""
    rsvp = Rsvp.objects.select_related("event").filter(pk=rsvp_id).first()
    if rsvp is None:
        raise Http404
    if rsvp.user_id == user.pk:
        return rsvp
    if not access.can_see_event(user, rsvp.event):
        raise Http404
    if not access.can_manage_event(user, rsvp.event):
        raise PermissionDenied
    return rsvp


@dataclass
class Attendance:
    confirmed: int
    checked_in: int
    waitlisted: int
    capacity: int | None


def attendance(*, user: User, event: Event) -> Attendance:
    if not access.can_manage_event(user, event):
        raise PermissionDenied
    counts = event.rsvps.aggregate(
        confirmed=Count("pk", filter=Q(status=Rsvp.Status.CONFIRMED)),
        checked_in=Count("pk", filter=Q(status=Rsvp.Status.CONFIRMED, checked_in_at__isnull=False)),
        waitlisted=Count("pk", filter=Q(status=Rsvp.Status.WAITLISTED)),
    )
    return Attendance(capacity=event.capacity, **counts)


def attendee_search(*, user: User, event: Event, query: str, limit: int = 30) -> list[Rsvp]:
    """Attendees with a seat whose name (or organization) contains the query.

    Names are encrypted, so the event's attendees are decrypted here and matched in Python:
    an event has at most tens of thousands. Case, accents and script do not matter.
    """
    if not access.can_manage_event(user, event):
        raise PermissionDenied
    wanted = fold(query or "").strip()
    if len(wanted) < 2:
        return []
    found = []
    rows = (
        event.rsvps.filter(status=Rsvp.Status.CONFIRMED)
        .select_related("delegation__organization")
        .order_by("position")
        .only(
            "pk",
            "name",
            "organization_name",
            "code",
            "checked_in_at",
            "delegate_role",
            "status",
            "event_id",
            "delegation",
        )
    )
    for rsvp in rows.iterator(chunk_size=2000):
        if wanted in fold(rsvp.name) or wanted in fold(rsvp.organization_name):
            found.append(rsvp)
            if len(found) >= limit:
                break
    return found


def delegation_list(*, user: User, event: Event) -> list[Delegation]:
    """Delegations with their delegates (names, roles, travel notes): organizers only; audited."""
    if not access.can_manage_event(user, event):
        raise PermissionDenied
    delegations = list(
        event.delegations.select_related("organization").prefetch_related(
            Prefetch("delegates", queryset=Rsvp.objects.order_by("position"))
        )
    )
    audit_record(
        actor=user,
        action="event.delegations.read",
        obj=event,
        data={"delegations": len(delegations)},
    )
    return delegations


def delegation_summary(*, user: AnyUser, event: Event) -> list[tuple[Organization, int]]:
    """Which organizations send delegations and how many people: what members may see."""
    if not access.can_see_event(user, event) or not account_access.can_read_directory(user):
        return []
    rows = event.delegations.select_related("organization").annotate(
        people=Count("delegates", filter=~Q(delegates__status=Rsvp.Status.CANCELLED))
    )
    return [(d.organization, d.people) for d in rows]  # type: ignore[attr-defined]


def access_delegation(*, user: User, delegation_id: int) -> Delegation:
    delegation = (
        Delegation.objects.select_related("event", "organization").filter(pk=delegation_id).first()
    )
    if delegation is None or not access.can_see_event(user, delegation.event):
        raise Http404
    if not access.can_manage_event(user, delegation.event):
        raise PermissionDenied
    return delegation


def access_delegate(*, user: User, rsvp_id: int) -> Rsvp:
    rsvp = access_rsvp(user=user, rsvp_id=rsvp_id)
    if rsvp.delegation_id is None or not access.can_manage_event(user, rsvp.event):
        raise Http404
    return rsvp


def organizations_for(*, user: AnyUser) -> QuerySet[Organization]:
    """Organizations the user may pick as hosts, co-hosts or delegations."""
    return directory_selectors.organization_choices(user=user).order_by("short_name", "name")


def managed_units(*, user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=access.managed_units(user)).order_by("name")


def visible_units(*, user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=account_access.units_with_role(user, Role.MEMBER)).order_by(
        "name"
    )


# Anniversaries ----------------------------------------------------------------------------


def anniversary_list(*, user: AnyUser) -> QuerySet[Anniversary]:
    if not access.can_read_anniversaries(user):
        raise PermissionDenied
    return Anniversary.objects.select_related("unit").prefetch_related(
        Prefetch("organizations", queryset=Organization.objects.order_by("short_name"))
    )


def access_anniversary(*, user: AnyUser, anniversary_id: int) -> Anniversary:
    found = anniversary_list(user=user).filter(pk=anniversary_id).first()
    if found is None:
        raise Http404
    return found


@dataclass
class GreetingProposal:
    anniversary: Anniversary
    date: datetime.date
    days_left: int
    years: int | None


def greeting_proposals(*, user: AnyUser, today: datetime.date) -> list[GreetingProposal]:
    """Anniversaries whose date is near enough to send greetings: within `remind_days_before`."""
    if not access.can_read_anniversaries(user):
        return []
    proposals = []
    for anniversary in anniversary_list(user=user).exclude(remind_days_before=0):
        date = anniversary.next_date(today)
        days = (date - today).days
        if days <= anniversary.remind_days_before:
            proposals.append(
                GreetingProposal(anniversary, date, days, anniversary.years_in(date.year))
            )
    return sorted(proposals, key=lambda p: (p.date, p.anniversary.title))


# Month calendar ---------------------------------------------------------------------------


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    events: list[Event] = field(default_factory=list)
    anniversaries: list[Anniversary] = field(default_factory=list)


def month_calendar(
    *,
    user: AnyUser,
    year: int,
    month: int,
    filters: EventFilters,
    zone: datetime.tzinfo,
    today: datetime.date,
) -> list[list[Day]]:
    """Weeks (Monday first) of a month with the visible events and the anniversaries per day.

    Days are those of the viewer's time zone `zone`; an event shows on every day it spans.
    """
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, zone)
    days = {
        d: Day(date=d, in_month=d.month == month, is_today=d == today)
        for week in weeks
        for d in week
    }
    for event in events_between(user=user, start=start, end=end, filters=filters):
        day = max(event.starts_at.astimezone(zone).date(), first)
        stop = min(event.ends_at.astimezone(zone).date(), last)
        while day <= stop:
            days[day].events.append(event)
            day += datetime.timedelta(days=1)
    if access.can_read_anniversaries(user):
        for anniversary in anniversary_list(user=user):
            for year_shown in {first.year, last.year}:
                date = anniversary.date_in(year_shown)
                if date in days:
                    days[date].anniversaries.append(anniversary)
    return [[days[d] for d in week] for week in weeks]


def rsvps_to_remind(*, now: datetime.datetime) -> QuerySet[Rsvp]:
    """RSVPs with a seat, not yet reminded, whose event starts within its reminder window.

    Used by the reminder task only (no user: it mails each attendee their own event).
    """
    return (
        Rsvp.objects.filter(
            status=Rsvp.Status.CONFIRMED,
            reminded_at__isnull=True,
            event__cancelled_at__isnull=True,
            event__remind_hours_before__gt=0,
            event__starts_at__gt=now,
            event__starts_at__lte=now + datetime.timedelta(days=14),
        )
        .exclude(email="")
        .select_related("event")
    )


def event_rsvp(*, user: User, event: Event, rsvp_id: str) -> Rsvp:
    """One RSVP of an event the user manages, by the id a form sent; a ValidationError if none."""
    if not access.can_manage_event(user, event):
        raise PermissionDenied
    found = None
    if rsvp_id.isdigit() and len(rsvp_id) < 19:
        found = Rsvp.objects.filter(event=event, pk=int(rsvp_id)).first()
    if found is None:
        raise ValidationError(_("Choose an attendee."))
    return found


def rsvp_by_code(*, user: User, code: str) -> Rsvp:
    """The RSVP of a ticket code, for organizers of its event (404 for anyone else)."""
    from massline.events.services import normalize_code

    wanted = normalize_code(code)
    rsvp = Rsvp.objects.filter(code=wanted).select_related("event").first() if wanted else None
    if rsvp is None or not access.can_see_event(user, rsvp.event):
        raise Http404
    if not access.can_manage_event(user, rsvp.event):
        raise PermissionDenied
    return rsvp


# Feeds ------------------------------------------------------------------------------------


def feed_unit(*, unit_id: int) -> Unit:
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def feed_organization(*, user: AnyUser | None, org_id: int) -> Organization:
    """An organization whose feed may be read: open ones for anyone, confidential ones only by
    those who see them in the directory."""
    qs = Organization.objects.filter(pk=org_id)
    if user is None:
        qs = qs.filter(confidential=False)
    else:
        qs = qs.filter(account_access.directory_scope(user))
    organization = qs.first()
    if organization is None:
        raise Http404
    return organization


def feed_events(
    *, user: AnyUser | None, unit: Unit | None = None, organization: Organization | None = None
) -> list[Event]:
    """Events of a feed from a year back on: public ones without a user, else all the user sees.

    Cancelled events stay in (as cancelled) so subscribed calendars drop them.
    """
    since = timezone.now() - datetime.timedelta(days=365)
    if user is None:
        qs = Event.objects.filter(visibility=Event.Visibility.PUBLIC)
    else:
        qs = Event.objects.filter(access.event_scope(user))
    qs = qs.filter(ends_at__gte=since)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if organization is not None:
        qs = qs.filter(Q(host=organization) | Q(co_hosts=organization)).distinct()
    return list(qs.order_by("starts_at", "pk")[:2000])


def has_feed_token(*, user: User) -> bool:
    return FeedToken.objects.filter(user=user).exists()


def unit_choice(*, unit_id: int) -> Unit:
    """A unit named in input; whether the user may use it is the service's question."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError({"unit": _("Choose a unit where you organize.")})
    return unit

"""Events for tests, made through the services: one per visibility in unit A, an RSVP, a
delegation with a delegate, an anniversary and a feed token."""

import datetime
from dataclasses import dataclass
from typing import Any

from massline.accounts.models import Unit, User
from massline.conftest import Personas
from massline.directory.models import Organization
from massline.directory.tests.factories import OrganizationFactory
from massline.events import services
from massline.events.models import Anniversary, Delegation, Event, Rsvp

FUTURE = datetime.datetime(2031, 9, 14, 13, 0, tzinfo=datetime.UTC)


def make_event(
    actor: User,
    unit: Unit,
    *,
    slug: str,
    visibility: str = Event.Visibility.MEMBERS,
    starts_at: datetime.datetime = FUTURE,
    hours: int = 3,
    **fields: Any,
) -> Event:
    defaults: dict[str, Any] = {
        "kind": Event.Kind.COMMEMORATION,
        "title": f"Event {slug}",
        "our_role": Event.Role.GUEST,
        "time_zone": "Europe/Rome",
        "venue": "Sala Gramsci",
        "address": "Via dei Servi 1, Firenze",
        "language": "it",
    }
    defaults.update(fields)
    return services.event_create(
        actor=actor,
        slug=slug,
        unit=unit,
        visibility=visibility,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        **defaults,
    )


@dataclass
class EventWorld:
    host: Organization
    event: Event  # members, unit A
    public: Event  # public, unit A
    unit_only: Event  # unit A only
    rsvp: Rsvp  # a public RSVP to `public`
    delegation: Delegation  # to `event`
    delegate: Rsvp
    anniversary: Anniversary  # unit A
    feed_token: str  # member_a's


def build_event_world(personas: Personas) -> EventWorld:
    admin = personas.admin
    host = OrganizationFactory.create(
        actor=admin, name="Partito marxista-leninista italiano", short_name="PMLI-E", country="IT"
    )
    event = make_event(personas.organizer_a, personas.unit_a, slug="members-event", host=host)
    public = make_event(
        personas.organizer_a,
        personas.unit_a,
        slug="public-event",
        visibility=Event.Visibility.PUBLIC,
        capacity=50,
    )
    unit_only = make_event(
        personas.organizer_a, personas.unit_a, slug="unit-event", visibility=Event.Visibility.UNIT
    )
    rsvp, _new = services.rsvp_submit(
        event=public, name="Giulia Rossi", email="giulia@example.org", organization_name="CGIL"
    )
    delegation = services.delegation_create(
        actor=personas.organizer_a, event=event, organization=host, notes="Visa applied for."
    )
    delegate = services.delegate_add(
        actor=personas.organizer_a,
        delegation=delegation,
        name="Marco Bianchi",
        role="head",
        travel_notes="Arrives by train.",
    )
    anniversary = services.anniversary_create(
        actor=personas.organizer_a,
        title="Founding of the party",
        kind=Anniversary.Kind.FOUNDING,
        month=4,
        day=9,
        year=1977,
        unit=personas.unit_a,
        organizations=[host],
    )
    return EventWorld(
        host=host,
        event=event,
        public=public,
        unit_only=unit_only,
        rsvp=rsvp,
        delegation=delegation,
        delegate=delegate,
        anniversary=anniversary,
        feed_token=services.feed_token_create(actor=personas.member_a),
    )

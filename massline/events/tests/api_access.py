"""Who gets what from the events API; see massline/api/tests/test_access.py.

The event belongs to unit A and is visible to members. Its organizers (admin, secretary,
organizer_a) manage it; organizer_b and member_a see it but may not manage it (403); the guest
does not see it (404).
"""

from typing import Any

from massline.api.tests.access import Row
from massline.api.tests.conftest import World
from massline.events.models import Event
from massline.events.tests.world import EventWorld, build_event_world


def _status(ok: int, organizer_b: int, member_a: int, guest: int) -> dict[str, int]:
    return {
        "admin": ok,
        "secretary": ok,
        "organizer_a": ok,
        "organizer_b": organizer_b,
        "member_a": member_a,
        "guest": guest,
        "anonymous": 401,
    }


def see(ok: int) -> dict[str, int]:
    return _status(ok, ok, ok, 404)


def manage(ok: int) -> dict[str, int]:
    return _status(ok, 403, 403, 404)


def members(ok: int) -> dict[str, int]:
    return _status(ok, ok, ok, 403)


def create_in_unit_a(ok: int) -> dict[str, int]:
    """Organizer B may not choose unit A (422); members and guests create nothing (403)."""
    return _status(ok, 422, 403, 403)


def edit_anniversary(ok: int) -> dict[str, int]:
    return _status(ok, 403, 403, 403)


def _world(w: World) -> EventWorld:
    """The events, rebuilt if a persona's rolled-back savepoint took them away."""
    found = w.extra.get("events")
    if found is None or not Event.objects.filter(pk=found.event.pk).exists():
        found = build_event_world(w.personas)
        w.extra["events"] = found
    return found


def event(w: World) -> dict[str, Any]:
    return {"event_id": _world(w).event.pk}


def rsvp(w: World) -> dict[str, Any]:
    world = _world(w)
    return {"event_id": world.event.pk, "rsvp_id": world.delegate.pk}


def delegation(w: World) -> dict[str, Any]:
    world = _world(w)
    return {"event_id": world.event.pk, "delegation_id": world.delegation.pk}


def translation(w: World) -> dict[str, Any]:
    return {"event_id": _world(w).event.pk, "language": "ru"}


def anniversary(w: World) -> dict[str, Any]:
    return {"anniversary_id": _world(w).anniversary.pk}


def event_body(w: World) -> dict[str, Any]:
    return {
        "slug": "rally-may-day",
        "kind": "rally",
        "title": "May Day rally",
        "unit_id": w.personas.unit_a.pk,
        "our_role": "host",
        "time_zone": "Europe/Moscow",
        "starts_local": "2031-05-01T11:00",
        "ends_local": "2031-05-01T14:00",
    }


def anniversary_body(w: World) -> dict[str, Any]:
    return {
        "title": "International Women's Day",
        "kind": "struggle",
        "month": 3,
        "day": 8,
        "unit_id": w.personas.unit_a.pk,
        "organization_ids": [w.directory.open_org.pk],
    }


TABLE = [
    Row("GET", "/events", members(200)),
    Row("POST", "/events", create_in_unit_a(201), body=event_body),
    Row("GET", "/events/{event_id}", see(200), params=event),
    Row(
        "PATCH",
        "/events/{event_id}",
        manage(200),
        params=event,
        body=lambda w: {"capacity": 80, "venue": "Circolo Rosa Luxemburg"},
    ),
    Row("POST", "/events/{event_id}/cancel", manage(200), params=event),
    Row(
        "PUT",
        "/events/{event_id}/translations/{language}",
        manage(200),
        params=translation,
        body=lambda w: {"title": "Памятное собрание"},
    ),
    Row("GET", "/events/{event_id}/rsvps", see(200), params=event),
    Row("POST", "/events/{event_id}/rsvps", see(201), params=event, body=lambda w: {}),
    Row("POST", "/events/{event_id}/rsvps/{rsvp_id}/cancel", manage(200), params=rsvp),
    Row(
        "POST",
        "/events/{event_id}/check-in",
        manage(200),
        params=event,
        body=lambda w: {"code": _world(w).delegate.code},
    ),
    Row("GET", "/events/{event_id}/attendance", manage(200), params=event),
    Row("GET", "/events/{event_id}/delegations", manage(200), params=event),
    Row(
        "POST",
        "/events/{event_id}/delegations",
        manage(201),
        params=event,
        body=lambda w: {"organization_id": w.directory.other_org.pk, "notes": "Visa needed."},
    ),
    Row("GET", "/events/{event_id}/delegations/{delegation_id}", manage(200), params=delegation),
    Row(
        "PATCH",
        "/events/{event_id}/delegations/{delegation_id}",
        manage(200),
        params=delegation,
        body=lambda w: {"notes": "Tickets booked."},
    ),
    Row(
        "POST",
        "/events/{event_id}/delegations/{delegation_id}/delegates",
        manage(201),
        params=delegation,
        body=lambda w: {"name": "Lena Vogel", "role": "interpreter"},
    ),
    Row("GET", "/events/anniversaries", members(200)),
    Row("POST", "/events/anniversaries", create_in_unit_a(201), body=anniversary_body),
    Row("GET", "/events/anniversaries/{anniversary_id}", members(200), params=anniversary),
    Row(
        "PATCH",
        "/events/anniversaries/{anniversary_id}",
        edit_anniversary(200),
        params=anniversary,
        body=lambda w: {"remind_days_before": 10},
    ),
    Row(
        "DELETE",
        "/events/anniversaries/{anniversary_id}",
        edit_anniversary(204),
        params=anniversary,
    ),
]

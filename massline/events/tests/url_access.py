"""Who may open which page of the events app; see massline/core/tests/test_url_access.py.

Members see members' events; organizers of the event's unit manage it (organizer B sees the
event but gets 403 on its management pages); guests see only public pages (an event they may
not see does not exist: 404). Public pages, tickets, cancellation links and feeds work without
an account.
"""

from typing import Any

from massline.core.tests.test_url_access import GET, LOGIN, POST, World, row
from massline.events.tests.world import EventWorld, build_event_world
from massline.events.tickets import rsvp_token

MEMBERS = row(200, 200, 200, 200, 200, 403, LOGIN)
EVERYONE = row(200, 200, 200, 200, 200, 200, 200)
EVERYONE_REDIRECT = row(302, 302, 302, 302, 302, 302, 302)
ORGANIZERS = row(200, 200, 200, 200, 403, 403, LOGIN)
CREATE_IN_UNIT_A = row(302, 302, 302, 400, 403, 403, LOGIN)
SEE = row(200, 200, 200, 200, 200, 404, LOGIN)
SEE_WRITE = row(302, 302, 302, 302, 302, 404, LOGIN)
MANAGE = row(200, 200, 200, 403, 403, 404, LOGIN)
MANAGE_WRITE = row(302, 302, 302, 403, 403, 404, LOGIN)
MEMBERS_WRITE = row(302, 302, 302, 302, 302, 403, LOGIN)
POST_ONLY = row(405, 405, 405, 405, 405, 405, LOGIN)
POST_ONLY_PUBLIC = row(*[405] * 7)
EDIT_ANNIVERSARY = row(200, 200, 200, 403, 403, 403, LOGIN)
EDIT_ANNIVERSARY_WRITE = row(302, 302, 302, 403, 403, 403, LOGIN)


def _world(w: World) -> EventWorld:
    return w.once("events", lambda world: build_event_world(world.personas))


def none(w: World) -> dict[str, Any]:
    return {}


def event(w: World) -> dict[str, Any]:
    return {"pk": _world(w).event.pk}


def public_slug(w: World) -> dict[str, Any]:
    return {"slug": _world(w).public.slug}


def token(w: World) -> dict[str, Any]:
    return {"token": rsvp_token(_world(w).rsvp)}


def rsvp(w: World) -> dict[str, Any]:
    return {"pk": _world(w).delegate.pk}


def delegation(w: World) -> dict[str, Any]:
    return {"pk": _world(w).delegation.pk}


def code(w: World) -> dict[str, Any]:
    return {"code": _world(w).delegate.code}


def unit_feed(w: World) -> dict[str, Any]:
    return {"unit_id": w.personas.unit_a.pk}


def organization_feed(w: World) -> dict[str, Any]:
    return {"org_id": _world(w).host.pk}


def private_unit_feed(w: World) -> dict[str, Any]:
    return {"token": _world(w).feed_token, "unit_id": w.personas.unit_a.pk}


def private_organization_feed(w: World) -> dict[str, Any]:
    return {"token": _world(w).feed_token, "org_id": _world(w).host.pk}


def anniversary(w: World) -> dict[str, Any]:
    return {"pk": _world(w).anniversary.pk}


def event_payload(w: World) -> dict[str, Any]:
    return {
        "title": "Picket at the consulate",
        "slug": "picket-consulate",
        "kind": "picket",
        "language": "en",
        "unit": w.personas.unit_a.pk,
        "our_role": "host",
        "time_zone": "Europe/Berlin",
        "starts_local": "2031-03-29T17:00",
        "ends_local": "2031-03-29T19:00",
        "visibility": "members",
        "remind_hours_before": "24",
        "waitlist": "on",
        "rsvp_open": "on",
    }


def edit_payload(w: World) -> dict[str, Any]:
    return {**event_payload(w), "slug": _world(w).event.slug}


def anniversary_payload(w: World) -> dict[str, Any]:
    return {
        "title": "International Women's Day",
        "kind": "struggle",
        "day": "8",
        "month": "3",
        "remind_days_before": "7",
        "unit": w.personas.unit_a.pk,
    }


def checkin_payload(w: World) -> dict[str, Any]:
    return {"code": _world(w).delegate.code}


ACCESS = {
    "events:event_list": [GET(none, MEMBERS)],
    "events:calendar": [GET(none, MEMBERS)],
    "events:event_create": [
        GET(none, ORGANIZERS),
        POST(none, CREATE_IN_UNIT_A, event_payload),
    ],
    "events:event_detail": [GET(event, SEE)],
    "events:event_edit": [GET(event, MANAGE), POST(event, MANAGE_WRITE, edit_payload)],
    "events:event_cancel": [GET(event, POST_ONLY), POST(event, MANAGE_WRITE)],
    "events:translation_save": [
        GET(event, POST_ONLY),
        POST(event, MANAGE_WRITE, lambda w: {"language": "ru", "title": "Памятное собрание"}),
    ],
    "events:member_rsvp": [GET(event, SEE_WRITE), POST(event, SEE_WRITE)],
    "events:rsvp_list": [GET(event, MANAGE)],
    "events:event_ics": [GET(event, SEE)],
    "events:delegation_list": [
        GET(event, MANAGE),
        POST(event, row(400, 400, 400, 403, 403, 404, LOGIN), lambda w: {"organization": ""}),
    ],
    "events:checkin": [GET(event, MANAGE), POST(event, MANAGE_WRITE, checkin_payload)],
    "events:checkin_count": [GET(event, MANAGE)],
    "events:rsvp_cancel": [GET(rsvp, POST_ONLY), POST(rsvp, MANAGE_WRITE)],
    "events:delegation_detail": [
        GET(delegation, MANAGE),
        POST(delegation, MANAGE_WRITE, lambda w: {"notes": "Flights booked."}),
    ],
    "events:checkin_code": [GET(code, row(302, 302, 302, 403, 403, 404, LOGIN))],
    "events:public_event": [
        GET(public_slug, EVERYONE),
        POST(
            public_slug,
            EVERYONE_REDIRECT,
            lambda w: {"name": "Ada Verdi", "email": "ada@example.org"},
        ),
    ],
    "events:public_thanks": [GET(public_slug, EVERYONE)],
    "events:public_event_ics": [GET(public_slug, EVERYONE)],
    "events:ticket": [GET(token, EVERYONE)],
    "events:rsvp_cancel_link": [GET(token, EVERYONE), POST(token, EVERYONE)],
    "events:feed_settings": [GET(none, MEMBERS), POST(none, MEMBERS)],
    "events:feed_revoke": [GET(none, POST_ONLY), POST(none, MEMBERS_WRITE)],
    "events:unit_feed": [GET(unit_feed, EVERYONE)],
    "events:organization_feed": [GET(organization_feed, EVERYONE)],
    "events:private_unit_feed": [GET(private_unit_feed, EVERYONE)],
    "events:private_organization_feed": [GET(private_organization_feed, EVERYONE)],
    "events:anniversary_list": [GET(none, MEMBERS)],
    "events:anniversary_create": [
        GET(none, ORGANIZERS),
        POST(none, CREATE_IN_UNIT_A, anniversary_payload),
    ],
    "events:anniversary_edit": [
        GET(anniversary, EDIT_ANNIVERSARY),
        POST(
            anniversary,
            EDIT_ANNIVERSARY_WRITE,
            lambda w: {**anniversary_payload(w), "title": "Founding day"},
        ),
    ],
}

"""Who may open which page of this area; see massline/people/tests/url_access.py.

Organizers and above do mass work; members and guests get 403 before anything is looked up;
organizer B gets 404 for records of unit A; exports are for secretaries.
"""

from typing import Any

from massline.core.tests.test_url_access import GET, LOGIN, POST, World, row
from massline.people.services.contacts import struggle_save
from massline.people.tests.mass_work_world import MassWork, build_mass_work

MASS = row(200, 200, 200, 200, 403, 403, LOGIN)
MASS_WRITE = row(302, 302, 302, 302, 403, 403, LOGIN)
OF_UNIT_A = row(200, 200, 200, 404, 403, 403, LOGIN)
OF_UNIT_A_WRITE = row(302, 302, 302, 404, 403, 403, LOGIN)
# A form naming unit A: organizer B may not choose it and gets the form back with an error.
CREATE_IN_UNIT_A = row(302, 302, 302, 400, 403, 403, LOGIN)
POST_ONLY = row(405, 405, 405, 405, 405, 405, LOGIN)
SECRETARIES = row(200, 200, 403, 403, 403, 403, LOGIN)
SECRETARIES_WRITE = row(302, 302, 403, 403, 403, 403, LOGIN)
EXPORT_OF_UNIT_A = row(200, 200, 403, 404, 403, 403, LOGIN)
MISSING = row(404, 404, 404, 404, 403, 403, LOGIN)


def _mass(w: World) -> MassWork:
    return w.once("mass_work", lambda world: build_mass_work(world.personas))


def none(w: World) -> dict[str, Any]:
    return {}


def anna(w: World) -> dict[str, Any]:
    return {"pk": _mass(w).anna.pk}


def site_a(w: World) -> dict[str, Any]:
    return {"pk": _mass(w).site_a.pk}


def struggle_a(w: World) -> dict[str, Any]:
    return {"pk": _mass(w).struggle_a.pk}


def segment_a(w: World) -> dict[str, Any]:
    return {"pk": _mass(w).segment_a.pk}


def follow_up_a(w: World) -> dict[str, Any]:
    return {"pk": _mass(w).follow_up_a.pk}


def missing(w: World) -> dict[str, Any]:
    return {"pk": 987654}


def contact_payload(w: World) -> dict[str, Any]:
    return {
        "unit": w.personas.unit_a.pk,
        "given_name": "Lucia",
        "family_name": "Conti",
        "emails": "lucia.conti@example.org",
        "phones": "+39 333 555 0303",
        "status": "contact",
        "constituencies": ["women"],
        "tags": "canteen",
    }


def log_payload(w: World) -> dict[str, Any]:
    return {
        "kind": "conversation",
        "outcome": "positive",
        "notes": "Will come on Friday.",
        "assessment": "3",
    }


def site_payload(w: World) -> dict[str, Any]:
    return {
        "unit": w.personas.unit_a.pk,
        "name": "Hospital San Martino",
        "kind": "workplace",
        "sector": "health",
    }


def site_edit_payload(w: World) -> dict[str, Any]:
    return {"unit": w.personas.unit_a.pk, "name": "Port depot north", "kind": "workplace"}


def struggle_payload(w: World) -> dict[str, Any]:
    return {
        "unit": w.personas.unit_a.pk,
        "title": "Canteen prices",
        "kind": "campaign",
        "status": "brewing",
        "constituencies": ["workers"],
    }


def segment_payload(w: World) -> dict[str, Any]:
    return {"unit": w.personas.unit_a.pk, "name": "Logistics", "query": "sector:logistics"}


def struggle_join_payload(w: World) -> dict[str, Any]:
    _mass(w)
    other = w.once(
        "rent_strike",
        lambda world: struggle_save(
            actor=world.personas.organizer_a,
            unit=world.personas.unit_a,
            title="Rent strike",
            kind="tenants",
        ),
    )
    return {"struggle": other.pk}


ACCESS: dict[str, list[Any]] = {
    "people:contact_list": [GET(none, MASS)],
    "people:query_count": [GET(none, MASS)],
    "people:contact_create": [GET(none, MASS), POST(none, CREATE_IN_UNIT_A, contact_payload)],
    "people:contact_detail": [GET(anna, OF_UNIT_A), GET(missing, MISSING)],
    "people:contact_edit": [GET(anna, OF_UNIT_A), POST(anna, OF_UNIT_A_WRITE, contact_payload)],
    "people:contact_delete": [GET(anna, OF_UNIT_A), POST(anna, OF_UNIT_A_WRITE)],
    "people:interaction_log": [GET(anna, OF_UNIT_A), POST(anna, OF_UNIT_A_WRITE, log_payload)],
    "people:contact_struggle_add": [
        GET(anna, POST_ONLY),
        POST(anna, OF_UNIT_A_WRITE, struggle_join_payload),
    ],
    "people:follow_up_list": [GET(none, MASS)],
    "people:follow_up_done": [GET(follow_up_a, POST_ONLY), POST(follow_up_a, OF_UNIT_A_WRITE)],
    "people:constituency_create": [
        GET(none, SECRETARIES),
        POST(none, SECRETARIES_WRITE, lambda w: {"name": "Pensioners"}),
    ],
    "people:site_list": [GET(none, MASS)],
    "people:site_create": [GET(none, MASS), POST(none, CREATE_IN_UNIT_A, site_payload)],
    "people:site_detail": [GET(site_a, OF_UNIT_A), GET(missing, MISSING)],
    "people:site_edit": [GET(site_a, OF_UNIT_A), POST(site_a, OF_UNIT_A_WRITE, site_edit_payload)],
    "people:struggle_list": [GET(none, MASS)],
    "people:struggle_create": [GET(none, MASS), POST(none, CREATE_IN_UNIT_A, struggle_payload)],
    "people:struggle_detail": [GET(struggle_a, OF_UNIT_A), GET(missing, MISSING)],
    "people:struggle_edit": [
        GET(struggle_a, OF_UNIT_A),
        POST(struggle_a, OF_UNIT_A_WRITE, struggle_payload),
    ],
    "people:segment_list": [GET(none, MASS)],
    "people:segment_create": [GET(none, MASS), POST(none, CREATE_IN_UNIT_A, segment_payload)],
    "people:segment_detail": [GET(segment_a, OF_UNIT_A), GET(missing, MISSING)],
    "people:segment_edit": [
        GET(segment_a, OF_UNIT_A),
        POST(segment_a, OF_UNIT_A_WRITE, segment_payload),
    ],
    "people:segment_delete": [GET(segment_a, POST_ONLY), POST(segment_a, OF_UNIT_A_WRITE)],
    "people:segment_export": [GET(segment_a, POST_ONLY), POST(segment_a, EXPORT_OF_UNIT_A)],
    "people:dashboard": [GET(none, MASS)],
}

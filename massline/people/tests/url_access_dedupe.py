"""Who may open which page of de-duplication; see massline/people/tests/url_access.py.

Candidate pairs, scans, merges and keeping apart are for secretaries of both contacts' units
(organizers get 403 before anything is looked up); the merge history of a contact is for
whoever sees the contact.
"""

from typing import Any

from massline.core.tests.test_url_access import GET, LOGIN, POST, World, row
from massline.people.models import Contact, DuplicateCandidate
from massline.people.services.contacts import contact_create

SECRETARIES = row(200, 200, 403, 403, 403, 403, LOGIN)
SECRETARIES_WRITE = row(302, 302, 403, 403, 403, 403, LOGIN)
POST_ONLY = row(405, 405, 405, 405, 405, 405, LOGIN)
MISSING = row(404, 404, 403, 403, 403, 403, LOGIN)
OF_UNIT_A = row(200, 200, 200, 404, 403, 403, LOGIN)


def _pair(w: World) -> tuple[Contact, Contact, DuplicateCandidate]:
    def make(world: World) -> tuple[Contact, Contact, DuplicateCandidate]:
        admin, unit = world.personas.admin, world.personas.unit_a
        a = contact_create(
            actor=admin,
            unit=unit,
            given_name="Ivan",
            family_name="Petrov",
            emails=["ivan.petrov@example.org"],
            city="Moscow",
        )
        b = contact_create(
            actor=admin,
            unit=unit,
            given_name="Иван",
            family_name="Петров",
            emails=["ivan.petrov@example.org"],
            city="Moscow",
        )
        candidate = DuplicateCandidate.objects.create(
            first_id=min(a.pk, b.pk),
            second_id=max(a.pk, b.pk),
            score=0.98,
            reasons=["same email", "name 100% + same city"],
        )
        return a, b, candidate

    return w.once("dedupe_pair", make)


def none(w: World) -> dict[str, Any]:
    return {}


def candidate(w: World) -> dict[str, Any]:
    return {"pk": _pair(w)[2].pk}


def contact(w: World) -> dict[str, Any]:
    return {"pk": _pair(w)[0].pk}


def missing(w: World) -> dict[str, Any]:
    return {"pk": 987654}


def merge_payload(w: World) -> dict[str, Any]:
    return {"survivor": "a", "given_name": "a", "family_name": "b"}


ACCESS: dict[str, list[Any]] = {
    "people:duplicate_list": [GET(none, SECRETARIES)],
    "people:duplicate_scan": [
        GET(none, POST_ONLY),
        POST(none, SECRETARIES_WRITE, lambda w: {"unit": ""}),
    ],
    "people:duplicate_review": [
        GET(candidate, SECRETARIES),
        POST(candidate, SECRETARIES_WRITE, merge_payload),
        GET(missing, MISSING),
    ],
    "people:duplicate_keep_apart": [
        GET(candidate, POST_ONLY),
        POST(candidate, SECRETARIES_WRITE),
        POST(missing, MISSING),
    ],
    "people:merge_history": [
        GET(contact, OF_UNIT_A),
        GET(missing, row(404, 404, 404, 404, 403, 403, LOGIN)),
    ],
}

"""Who gets what from the fronts API; see massline/api/tests/test_access.py.

Members of our organization read the test front (coordinated by unit A); the guest finds no
front (404). Organizer A, the secretary and the administrator write; organizer B and member A
may not (403). Signatures are recorded only by an organization's own representatives: no
persona of the table is one (403); test_api.py covers the representative.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from massline.api.tests.access import Row
from massline.api.tests.conftest import World
from massline.fronts.models import Front
from massline.fronts.tests.world import FrontWorld, build_front_world


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


def coordinate(ok: int) -> dict[str, int]:
    return _status(ok, 403, 403, 404)


def _fw(w: World) -> FrontWorld:
    found = w.extra.get("fronts")
    if found is None or not Front.objects.filter(pk=found.front.pk).exists():
        found = build_front_world(w.personas)
        w.extra["fronts"] = found
    return found


def front(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).front.slug}


def membership(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).front.slug, "membership_id": _fw(w).mlpd_membership.pk}


def v1(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).front.slug, "number": 1}


def v2(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).front.slug, "number": 2}


def draft(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).front.slug, "statement_id": _fw(w).draft.pk}


def open_statement(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).front.slug, "statement_id": _fw(w).open_statement.pk}


def _today() -> str:
    return timezone.localdate().isoformat()


TABLE = [
    Row("GET", "/fronts", _status(200, 200, 200, 403)),
    Row(
        "POST",
        "/fronts",
        _status(201, 422, 403, 403),
        lambda w: {
            "slug": "peace-front",
            "name": "Peace front",
            "short_name": "PF",
            "unit_id": w.personas.unit_a.pk,
            "names": {"ru": "Фронт мира"},
        },
    ),
    Row("GET", "/fronts/{slug}", see(200), params=front),
    Row("PATCH", "/fronts/{slug}", coordinate(200), lambda w: {"quorum_percent": 60}, front),
    Row("GET", "/fronts/{slug}/memberships", see(200), params=front),
    Row(
        "POST",
        "/fronts/{slug}/memberships",
        coordinate(201),
        lambda w: {
            "organization_id": w.directory.open_org.pk
            if w.directory.open_org.short_name != "PMLI"
            else _fw(w).outsider.pk,
            "status": "observer",
            "decided_on": _today(),
        },
        front,
    ),
    Row("GET", "/fronts/{slug}/memberships/{membership_id}/decisions", see(200), params=membership),
    Row(
        "POST",
        "/fronts/{slug}/memberships/{membership_id}/decisions",
        coordinate(201),
        lambda w: {"status": "suspended", "decided_on": _today(), "reason": "dues"},
        membership,
    ),
    Row("GET", "/fronts/{slug}/platform/versions", see(200), params=front),
    # a draft exists already: coordinators are told so (422)
    Row("POST", "/fronts/{slug}/platform/versions", coordinate(422), params=front),
    Row("GET", "/fronts/{slug}/platform/versions/{number}", see(200), params=v1),
    Row(
        "PUT",
        "/fronts/{slug}/platform/versions/{number}/principles",
        coordinate(200),
        lambda w: {"principles": {"en": ["One.", "Two."], "de": ["Eins.", "Zwei."]}},
        v2,
    ),
    Row(
        "POST",
        "/fronts/{slug}/platform/versions/{number}/adopt",
        coordinate(200),
        lambda w: {"adopted_on": _today()},
        v2,
    ),
    Row("GET", "/fronts/{slug}/platform/diff", see(200), params=front),
    Row("GET", "/fronts/{slug}/platform/endorsements", see(200), params=front),
    Row(
        "POST",
        "/fronts/{slug}/platform/versions/{number}/endorsements",
        coordinate(201),
        lambda w: {
            "membership_id": _fw(w).mlpd_membership.pk,
            "endorsed_on": _today(),
            "reservations": {"2": "On fascism, see our programme."},
        },
        v1,
    ),
    Row("GET", "/fronts/{slug}/statements", see(200), params=front),
    Row(
        "POST",
        "/fronts/{slug}/statements",
        coordinate(201),
        lambda w: {"slug": "peace-now", "texts": {"en": {"title": "Peace", "body": "Now."}}},
        front,
    ),
    Row("GET", "/fronts/{slug}/statements/{statement_id}", see(200), params=draft),
    Row(
        "POST",
        "/fronts/{slug}/statements/{statement_id}/open",
        coordinate(200),
        lambda w: {"deadline": (timezone.now() + timedelta(days=3)).isoformat()},
        draft,
    ),
    # the deadline has not passed: coordinators are told so (422)
    Row(
        "POST",
        "/fronts/{slug}/statements/{statement_id}/publish",
        coordinate(422),
        params=open_statement,
    ),
    Row(
        "GET",
        "/fronts/{slug}/statements/{statement_id}/signatures",
        see(200),
        params=open_statement,
    ),
    Row(
        "POST",
        "/fronts/{slug}/statements/{statement_id}/signatures",
        _status(403, 403, 403, 404),
        lambda w: {"membership_id": _fw(w).mlpd_membership.pk, "decision": "sign"},
        open_statement,
    ),
]

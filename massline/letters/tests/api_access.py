"""Who gets what from the letters API; see massline/api/tests/test_access.py.

Letters of unit A (a draft, one in review, one received) and an approved letter of the root
unit written by the secretary. Guests never use the register (403); organizer B finds nothing
of unit A (404); members read only final letters of their unit; approving, sending and
publishing are for secretaries of the letter's unit (403 for organizer A).
"""

from typing import Any

from django.utils import timezone

from massline.api.tests.access import Row
from massline.api.tests.conftest import World
from massline.letters.models import Letter
from massline.letters.tests.world import LettersWorld, build_letters_world


def _status(
    ok: int, organizer_a: int, organizer_b: int, member_a: int, guest: int = 403
) -> dict[str, int]:
    return {
        "admin": ok,
        "secretary": ok,
        "organizer_a": organizer_a,
        "organizer_b": organizer_b,
        "member_a": member_a,
        "guest": guest,
        "anonymous": 401,
    }


def register(ok: int) -> dict[str, int]:
    return _status(ok, ok, ok, ok)


def create_in_unit_a(ok: int) -> dict[str, int]:
    return _status(ok, ok, 403, 403)


def draft_of_a(ok: int) -> dict[str, int]:
    return _status(ok, ok, 404, 404)


def final_of_a(ok: int) -> dict[str, int]:
    return _status(ok, ok, 404, ok)


def dispatch_of_a(ok: int) -> dict[str, int]:
    return _status(ok, 403, 404, 404)


def dispatch_of_root(ok: int) -> dict[str, int]:
    return _status(ok, 404, 404, 404)


def _world(w: World) -> LettersWorld:
    """The letters, rebuilt if a persona's rolled-back savepoint took them away."""
    found = w.extra.get("letters")
    if found is None or not Letter.objects.filter(pk=found.draft_a.pk).exists():
        found = build_letters_world(w.personas)
        w.extra["letters"] = found
    return found


def draft_a(w: World) -> dict[str, Any]:
    return {"letter_id": _world(w).draft_a.pk}


def draft_a_it(w: World) -> dict[str, Any]:
    return {"letter_id": _world(w).draft_a.pk, "language": "it"}


def draft_a_ru(w: World) -> dict[str, Any]:
    return {"letter_id": _world(w).draft_a.pk, "language": "ru"}


def review_a(w: World) -> dict[str, Any]:
    return {"letter_id": _world(w).review_a.pk}


def inbound_a(w: World) -> dict[str, Any]:
    return {"letter_id": _world(w).inbound_a.pk}


def approved_root(w: World) -> dict[str, Any]:
    return {"letter_id": _world(w).approved_root.pk}


def letter_body(w: World) -> dict[str, Any]:
    return {
        "unit_id": w.personas.unit_a.pk,
        "kind": "solidarity",
        "subject": "Solidarity with the strikers",
        "recipients": [
            {"organization_id": _world(w).mlpd.pk, "email": "mlpd@example.org", "languages": ["de"]}
        ],
        "language": "ru",
        "body": "Товарищи!",
    }


def inbound_body(w: World) -> dict[str, Any]:
    return {
        "unit_id": w.personas.unit_a.pk,
        "sender_id": _world(w).mlpd.pk,
        "kind": "solidarity",
        "subject": "Solidarität",
        "received_on": timezone.localdate().isoformat(),
        "language": "de",
        "body": "Liebe Genossen",
    }


TABLE = [
    Row("GET", "/letters", register(200)),
    Row("POST", "/letters", create_in_unit_a(201), body=letter_body),
    Row("POST", "/letters/received", create_in_unit_a(201), body=inbound_body),
    Row("GET", "/letters/{letter_id}", draft_of_a(200), params=draft_a),
    Row(
        "PATCH",
        "/letters/{letter_id}",
        draft_of_a(200),
        params=draft_a,
        body=lambda w: {"subject": "Warm greetings", "place": "Moscow"},
    ),
    Row("GET", "/letters/{letter_id}/versions", final_of_a(200), params=inbound_a),
    Row(
        "PUT",
        "/letters/{letter_id}/versions/{language}",
        draft_of_a(200),
        params=draft_a_it,
        body=lambda w: {"subject": "Saluti", "body": "Cari compagni", "translator": "T."},
    ),
    Row("DELETE", "/letters/{letter_id}/versions/{language}", draft_of_a(204), params=draft_a_ru),
    Row(
        "POST",
        "/letters/{letter_id}/comments",
        draft_of_a(201),
        params=review_a,
        body=lambda w: {"body": "Shorter, please."},
    ),
    Row("POST", "/letters/{letter_id}/submit", draft_of_a(200), params=draft_a),
    Row("POST", "/letters/{letter_id}/approve", dispatch_of_a(200), params=review_a),
    Row(
        "POST",
        "/letters/{letter_id}/reopen",
        dispatch_of_root(200),
        params=approved_root,
        body=lambda w: {"reason": "A typo"},
    ),
    Row("POST", "/letters/{letter_id}/send", dispatch_of_root(200), params=approved_root),
    Row(
        "POST",
        "/letters/{letter_id}/mark-sent",
        dispatch_of_root(200),
        params=approved_root,
        body=lambda w: {"via": "post", "sent_on": timezone.localdate().isoformat()},
    ),
    Row(
        "POST",
        "/letters/{letter_id}/acknowledge",
        dispatch_of_root(422),
        params=approved_root,
        body=lambda w: {"reply_id": _world(w).inbound_a.pk},
    ),
    Row(
        "POST",
        "/letters/{letter_id}/withdraw",
        dispatch_of_a(200),
        params=review_a,
        body=lambda w: {"reason": "Overtaken by events"},
    ),
    Row(
        "POST",
        "/letters/{letter_id}/publish",
        dispatch_of_root(200),
        params=approved_root,
        body=lambda w: {"languages": ["it"]},
    ),
    Row(
        "POST",
        "/letters/{letter_id}/unpublish",
        dispatch_of_root(200),
        params=approved_root,
        body=lambda w: {"languages": ["ru"]},
    ),
]

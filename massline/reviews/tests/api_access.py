"""Who may call which operation of the reviews API (see massline/api/tests/test_access.py).

The world is the one of `world.py`: three reviews of unit A, one per circle, facilitated by
organizer_a with member_a taking part. Outside a review's circle everything about it answers
404; readers who may not change it get 403.
"""

from typing import Any

from massline.api.tests.access import EVERYONE_LOGGED_IN, Row
from massline.api.tests.conftest import World
from massline.reviews.models import CorrectiveAction, Review
from massline.reviews.tests.world import Reviews, build_reviews, done_action, in_days


def _reviews(w: World) -> Reviews:
    """The reviews, rebuilt if a persona's rolled-back savepoint took them away."""
    found = w.extra.get("reviews")
    if found is None or not Review.objects.filter(pk=found.unit_review.pk).exists():
        found = w.extra["reviews"] = build_reviews(w.personas)
    return found


def _done(w: World) -> CorrectiveAction:
    reviews = _reviews(w)
    found = w.extra.get("done")
    if found is None or not CorrectiveAction.objects.filter(pk=found.pk).exists():
        found = w.extra["done"] = done_action(w.personas, reviews)
    return found


def expect(
    admin: int, secretary: int, organizer_a: int, organizer_b: int, member_a: int, guest: int
) -> dict[str, int]:
    return {
        "admin": admin,
        "secretary": secretary,
        "organizer_a": organizer_a,
        "organizer_b": organizer_b,
        "member_a": member_a,
        "guest": guest,
        "anonymous": 401,
    }


def editors(ok: int) -> dict[str, int]:
    """Unit A's review: its facilitator and the secretaries change it; member_a reads it."""
    return expect(ok, ok, ok, 404, 403, 404)


def unit_review(w: World) -> dict[str, Any]:
    return {"review_id": _reviews(w).unit_review.pk}


def review_body(w: World) -> dict[str, Any]:
    return {
        "subject_kind": "unit",
        "subject_id": w.personas.unit_a.pk,
        "title": "Review of the May Day leafleting",
        "held_on": in_days(-1).isoformat(),
        "facilitator_id": w.personas.organizer_a.pk,
        "participant_ids": [w.personas.member_a.pk],
        "confidentiality": "unit",
    }


TABLE = [
    Row("GET", "/reviews/tendencies", EVERYONE_LOGGED_IN),
    Row("GET", "/reviews/reviews", EVERYONE_LOGGED_IN),
    # organizer_b cannot name unit A's people, member_a cannot review unit A's work: 422
    Row("POST", "/reviews/reviews", expect(201, 201, 201, 422, 422, 403), review_body),
    Row(
        "GET",
        "/reviews/reviews/{review_id}",
        # participants only: not even the administrator or the secretary
        expect(404, 404, 200, 404, 200, 404),
        params=lambda w: {"review_id": _reviews(w).private_review.pk},
    ),
    Row(
        "PATCH",
        "/reviews/reviews/{review_id}",
        editors(200),
        lambda w: {"summary": "Turnout doubled; leaflets late."},
        params=unit_review,
    ),
    Row(
        "POST",
        "/reviews/reviews/{review_id}/follow-ups",
        editors(201),
        lambda w: {"held_on": in_days(90).isoformat()},
        params=unit_review,
    ),
    Row(
        "GET",
        "/reviews/reviews/{review_id}/findings",
        expect(200, 200, 200, 404, 200, 404),
        params=lambda w: {"review_id": _reviews(w).leadership_review.pk},
    ),
    Row(
        "POST",
        "/reviews/reviews/{review_id}/findings",
        editors(201),
        lambda w: {
            "kind": "error",
            "title": "Slogans nobody understood",
            "tendencies": ["dogmatism"],
        },
        params=unit_review,
    ),
    Row(
        "PATCH",
        "/reviews/findings/{finding_id}",
        editors(200),
        lambda w: {"root_cause": "No one asked the workers first."},
        params=lambda w: {"finding_id": _reviews(w).unit_error.pk},
    ),
    Row("GET", "/reviews/actions", EVERYONE_LOGGED_IN),
    Row(
        "POST",
        "/reviews/findings/{finding_id}/actions",
        editors(201),
        lambda w: {
            "description": "Ask three workers to read the next leaflet",
            "owner_id": w.personas.member_a.pk,
            "due_on": in_days(7).isoformat(),
        },
        params=lambda w: {"finding_id": _reviews(w).unit_error.pk},
    ),
    Row(
        "PATCH",
        "/reviews/actions/{action_id}",
        editors(200),
        lambda w: {"due_on": in_days(20).isoformat()},
        params=lambda w: {"action_id": _reviews(w).unit_action.pk},
    ),
    Row(
        "POST",
        "/reviews/actions/{action_id}/status",
        # the owner, member_a, reports it done
        expect(200, 200, 200, 404, 200, 404),
        lambda w: {"status": "done", "note": "Printed on Monday."},
        params=lambda w: {"action_id": _reviews(w).unit_action.pk},
    ),
    Row(
        "POST",
        "/reviews/actions/{action_id}/verify",
        # never by its owner, member_a
        expect(200, 200, 200, 404, 403, 404),
        lambda w: {"note": "Seen the leaflets."},
        params=lambda w: {"action_id": _done(w).pk},
    ),
    Row("GET", "/reviews/trends", expect(200, 200, 403, 403, 403, 403)),
]

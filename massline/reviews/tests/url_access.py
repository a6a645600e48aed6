"""Who may open which page of the reviews app (see massline/core/tests/test_url_access.py).

The world: three reviews of unit A (see `world.py`) facilitated by organizer_a with member_a
taking part, one per circle. Outside a review's circle it does not exist (404); inside it,
only its facilitator, whoever opened it and the unit's secretaries change it (403 for the
other readers).
"""

from typing import Any

from django.core.cache import cache

from massline.core.tests.test_url_access import GET, LOGIN, POST, World, row
from massline.reviews.tests.world import (
    Reviews,
    build_reviews,
    done_action,
    in_days,
    released_criticism,
)

LOGGED_IN = row(200, 200, 200, 200, 200, 200, LOGIN)
POST_ONLY = row(405, 405, 405, 405, 405, 405, LOGIN)
UNIT_READERS = row(200, 200, 200, 404, 200, 404, LOGIN)
PRIVATE_READERS = row(404, 404, 200, 404, 200, 404, LOGIN)
UNIT_EDITORS = row(200, 200, 200, 404, 403, 404, LOGIN)
UNIT_EDITORS_WRITE = row(302, 302, 302, 404, 403, 404, LOGIN)
PRIVATE_EDITORS = row(404, 404, 200, 404, 403, 404, LOGIN)
LEADERSHIP = row(200, 200, 403, 403, 403, 403, LOGIN)
MISSING = row(404, 404, 404, 404, 404, 404, LOGIN)


def _reviews(w: World) -> Reviews:
    return w.once("reviews", lambda world: build_reviews(world.personas))


def none(w: World) -> dict[str, Any]:
    return {}


def unit_review(w: World) -> dict[str, Any]:
    return {"pk": _reviews(w).unit_review.pk}


def leadership_review(w: World) -> dict[str, Any]:
    return {"pk": _reviews(w).leadership_review.pk}


def private_review(w: World) -> dict[str, Any]:
    return {"pk": _reviews(w).private_review.pk}


def missing(w: World) -> dict[str, Any]:
    return {"pk": 987654}


def unit_error(w: World) -> dict[str, Any]:
    return {"pk": _reviews(w).unit_error.pk}


def private_error(w: World) -> dict[str, Any]:
    return {"pk": _reviews(w).private_error.pk}


def unit_action(w: World) -> dict[str, Any]:
    return {"pk": _reviews(w).unit_action.pk}


def reported_done(w: World) -> dict[str, Any]:
    action = w.once("done_action", lambda world: done_action(world.personas, _reviews(world)))
    return {"pk": action.pk}


def criticism(w: World) -> dict[str, Any]:
    return {"pk": w.once("criticism", lambda world: released_criticism(world.personas)).pk}


def review_payload(w: World) -> dict[str, Any]:
    return {
        "subject": f"unit:{w.personas.unit_a.pk}",
        "title": "Review of the May Day leafleting",
        "held_on": in_days(-1).isoformat(),
        "facilitator": w.personas.organizer_a.pk,
        "participants": [w.personas.member_a.pk],
        "confidentiality": "unit",
        "summary": "Good turnout, late leaflets.",
    }


def edit_payload(w: World) -> dict[str, Any]:
    payload = review_payload(w)
    payload.pop("subject")
    return payload


def finding_payload(w: World) -> dict[str, Any]:
    return {
        "kind": "error",
        "title": "We talked only to people we already knew",
        "facts": "Two of three stalls faced the party office.",
        "tendencies": ["isolation"],
    }


def action_payload(w: World) -> dict[str, Any]:
    return {
        "description": "Hold the next stall at the factory gate",
        "owner": w.personas.member_a.pk,
        "due_on": in_days(7).isoformat(),
    }


def box_payload(w: World) -> dict[str, Any]:
    # each persona submits once per case; the daily limit lives in the cache, which outlives
    # the rolled-back database of earlier cases
    cache.clear()
    return {"unit": w.personas.unit_a.pk, "about": "leadership", "text": "Meetings start late."}


ACCESS = {
    "reviews:review_list": [GET(none, LOGGED_IN)],
    "reviews:review_create": [
        GET(none, row(200, 200, 200, 200, 200, 403, LOGIN)),
        # organizer_b and member_a may not choose unit A's work: the form comes back
        POST(none, row(302, 302, 302, 400, 400, 403, LOGIN), review_payload),
    ],
    "reviews:review_detail": [
        GET(unit_review, UNIT_READERS),
        GET(leadership_review, row(200, 200, 200, 404, 200, 404, LOGIN)),
        GET(private_review, PRIVATE_READERS),
        GET(missing, MISSING),
    ],
    "reviews:review_edit": [
        GET(unit_review, UNIT_EDITORS),
        GET(private_review, PRIVATE_EDITORS),
        POST(unit_review, UNIT_EDITORS_WRITE, edit_payload),
    ],
    "reviews:finding_add": [
        GET(unit_review, POST_ONLY),
        POST(unit_review, UNIT_EDITORS_WRITE, finding_payload),
        POST(private_review, row(404, 404, 302, 404, 403, 404, LOGIN), finding_payload),
    ],
    "reviews:finding_edit": [
        GET(unit_error, UNIT_EDITORS),
        POST(unit_error, UNIT_EDITORS_WRITE, finding_payload),
        GET(private_error, PRIVATE_EDITORS),
    ],
    "reviews:follow_up_create": [
        GET(unit_review, POST_ONLY),
        POST(unit_review, UNIT_EDITORS_WRITE, lambda w: {"held_on": in_days(60).isoformat()}),
    ],
    "reviews:action_add": [
        GET(unit_error, POST_ONLY),
        POST(unit_error, UNIT_EDITORS_WRITE, action_payload),
        POST(private_error, row(404, 404, 302, 404, 403, 404, LOGIN), action_payload),
    ],
    "reviews:action_list": [GET(none, LOGGED_IN)],
    "reviews:action_status": [
        GET(unit_action, POST_ONLY),
        # the owner (member_a) reports it done too
        POST(unit_action, row(302, 302, 302, 404, 302, 404, LOGIN), lambda w: {"status": "done"}),
    ],
    "reviews:action_verify": [
        GET(reported_done, POST_ONLY),
        # never by its owner, member_a
        POST(reported_done, row(302, 302, 302, 404, 403, 404, LOGIN)),
    ],
    "reviews:trends": [GET(none, LEADERSHIP)],
    "reviews:tendency_list": [GET(none, LOGGED_IN)],
    "reviews:box": [
        GET(none, LOGGED_IN),
        # organizer_b may not choose unit A, a guest belongs to no unit as a member: the form
        # comes back with 200, since Django would log a 4xx with the request and its user
        POST(none, row(302, 302, 302, 200, 302, 200, LOGIN), box_payload),
    ],
    "reviews:box_inbox": [GET(none, LEADERSHIP)],
    "reviews:criticism_answer": [
        GET(criticism, POST_ONLY),
        POST(
            criticism,
            row(302, 302, 404, 404, 404, 404, LOGIN),
            lambda w: {"summary": "Meetings start late.", "text": "From June they start on time."},
        ),
    ],
}

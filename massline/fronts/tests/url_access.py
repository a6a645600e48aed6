"""Who may open which page of the fronts app; see massline/core/tests/test_url_access.py.

Members of our organization (member and above) see fronts; the guest of unit A sees none (403).
The test front is coordinated by unit A: organizer A, the secretary and the administrator run
it; organizer B and member A may look but not change (403). Sign-on links, the application
form, the representative's invitation and published statements are public.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from massline.core.tests.test_url_access import GET, LOGIN, POST, World, row
from massline.fronts import services, statements
from massline.fronts.models import Signature
from massline.fronts.tests.world import FrontWorld, build_front_world

SEE = row(200, 200, 200, 200, 200, 403, LOGIN)
SEE_WRITE = row(302, 302, 302, 302, 302, 403, LOGIN)
COORD = row(200, 200, 200, 403, 403, 403, LOGIN)
COORD_WRITE = row(302, 302, 302, 403, 403, 403, LOGIN)
COORD_ONLY_FINDS = row(302, 302, 302, 404, 404, 404, LOGIN)
POST_ONLY = row(405, 405, 405, 405, 405, 405, LOGIN)
PUBLIC = row(200, 200, 200, 200, 200, 200, 200)
NOWHERE = row(404, 404, 404, 404, 404, 404, 404)


def _fw(w: World) -> FrontWorld:
    return w.once("fronts", lambda world: build_front_world(world.personas))


def none(w: World) -> dict[str, Any]:
    return {}


def front(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).front.slug}


def missing_front(w: World) -> dict[str, Any]:
    return {"slug": "no-such-front"}


def membership(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).front.slug, "pk": _fw(w).mlpd_membership.pk}


def application(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).front.slug, "pk": _fw(w).application.pk}


def pending_rep(w: World) -> dict[str, Any]:
    return {"pk": _fw(w).pending_rep.pk}


def v1(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).front.slug, "number": 1}


def v2(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).front.slug, "number": 2}


def draft(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).front.slug, "pk": _fw(w).draft.pk}


def open_statement(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).front.slug, "pk": _fw(w).open_statement.pk}


def published(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).published.slug}


def published_in_russian(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).published.slug, "language": "ru"}


def published_in_klingon(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).published.slug, "language": "tlh"}


def unpublished(w: World) -> dict[str, Any]:
    return {"slug": _fw(w).open_statement.slug}


def sign_link(w: World) -> dict[str, Any]:
    row_ = Signature.objects.select_related("statement").get(
        statement=_fw(w).open_statement, membership=_fw(w).mlpd_membership
    )
    return {"token": statements.signon_token(row_)}


def bogus_sign_link(w: World) -> dict[str, Any]:
    return {"token": "not-a-token"}


def invitation_link(w: World) -> dict[str, Any]:
    fw = _fw(w)
    token = w.once(
        "rep_token",
        lambda world: services.representative_invite(
            actor=world.personas.organizer_a, representative=fw.pending_rep
        ),
    )
    return {"token": token}


def bogus_invitation_link(w: World) -> dict[str, Any]:
    return {"token": "no-such-invitation"}


def front_payload(w: World) -> dict[str, Any]:
    return {
        "name": "Front for peace",
        "short_name": "FFP",
        "slug": "front-for-peace",
        "unit": w.personas.unit_a.pk,
        "admission": "application",
        "weighting": "equal",
        "quorum_percent": "50",
        "majority": "simple",
        "name_ru": "Фронт за мир",
    }


def front_edit_payload(w: World) -> dict[str, Any]:
    return {**front_payload(w), "slug": _fw(w).front.slug, "name": "Renamed front"}


def admit_payload(w: World) -> dict[str, Any]:
    return {
        "organization": _fw(w).outsider.pk,
        "status": "member",
        "weight": "1",
        "decided_on": timezone.localdate().isoformat(),
    }


def decision_payload(w: World) -> dict[str, Any]:
    return {
        "status": "suspended",
        "weight": "1",
        "decided_on": timezone.localdate().isoformat(),
        "reason": "Test",
    }


def representative_payload(w: World) -> dict[str, Any]:
    return {"display_name": "Jörg", "email": "joerg@example.org", "role": "alternate"}


def application_payload(w: World) -> dict[str, Any]:
    return {
        "proposed_name": "Peasants' Union",
        "proposed_country": "IN",
        "representative_name": "Ravi",
        "representative_email": "ravi@example.org",
        "motivation": "We share the platform.",
    }


def application_decision_payload(w: World) -> dict[str, Any]:
    return {
        "status": "rejected",
        "decided_on": timezone.localdate().isoformat(),
        "reason": "Not now",
    }


def version_payload(w: World) -> dict[str, Any]:
    return {"principles_en": "One.\n\nTwo.", "note": "Shorter"}


def adopt_payload(w: World) -> dict[str, Any]:
    return {"adopted_on": timezone.localdate().isoformat()}


def endorse_payload(w: World) -> dict[str, Any]:
    return {
        "membership": _fw(w).mlpd_membership.pk,
        "endorsed_on": timezone.localdate().isoformat(),
        "reservation_2": "On fascism, see our programme.",
    }


def statement_payload(w: World) -> dict[str, Any]:
    return {"slug": "new-statement", "title_en": "Peace now", "body_en": "We demand peace."}


def statement_edit_payload(w: World) -> dict[str, Any]:
    return {"title_de": "Frieden jetzt", "body_de": "Wir fordern Frieden."}


def comment_payload(w: World) -> dict[str, Any]:
    return {"text": "Please add a line on sanctions."}


def deadline_payload(w: World) -> dict[str, Any]:
    later = timezone.localtime() + timedelta(days=3)
    return {"deadline": later.strftime("%Y-%m-%dT%H:%M")}


def sign_payload(w: World) -> dict[str, Any]:
    return {"decision": "sign"}


ACCESS = {
    "fronts:list": [GET(none, SEE)],
    "fronts:create": [
        GET(none, row(200, 200, 200, 200, 403, 403, LOGIN)),
        # organizer B may not choose unit A and gets the form back
        POST(none, row(302, 302, 302, 400, 403, 403, LOGIN), front_payload),
    ],
    "fronts:detail": [
        GET(front, SEE),
        GET(missing_front, row(404, 404, 404, 404, 404, 403, LOGIN)),
    ],
    "fronts:edit": [GET(front, COORD), POST(front, COORD_WRITE, front_edit_payload)],
    "fronts:apply": [GET(front, PUBLIC), POST(front, PUBLIC, application_payload)],
    "fronts:membership_list": [GET(front, SEE), POST(front, COORD_WRITE, admit_payload)],
    "fronts:membership_detail": [GET(membership, SEE)],
    "fronts:membership_decide": [
        GET(membership, POST_ONLY),
        POST(membership, COORD_WRITE, decision_payload),
    ],
    "fronts:representative_add": [
        GET(membership, POST_ONLY),
        POST(membership, COORD_WRITE, representative_payload),
    ],
    "fronts:representative_invite": [
        GET(pending_rep, POST_ONLY),
        POST(pending_rep, row(200, 200, 200, 404, 404, 404, LOGIN)),
    ],
    "fronts:representative_end": [
        GET(pending_rep, POST_ONLY),
        POST(pending_rep, COORD_ONLY_FINDS),
    ],
    "fronts:representative_accept": [
        GET(invitation_link, row(409, 409, 409, 409, 409, 409, 200)),
        GET(bogus_invitation_link, NOWHERE),
    ],
    "fronts:application_detail": [
        GET(application, COORD),
        POST(application, COORD_WRITE, application_decision_payload),
    ],
    "fronts:platform": [GET(front, SEE)],
    "fronts:version_draft": [GET(front, POST_ONLY), POST(front, COORD_WRITE)],
    "fronts:version_diff": [GET(front, SEE)],
    "fronts:version_detail": [GET(v1, SEE), GET(v2, SEE)],
    "fronts:version_edit": [GET(v2, COORD), POST(v2, COORD_WRITE, version_payload)],
    "fronts:version_adopt": [GET(v2, POST_ONLY), POST(v2, COORD_WRITE, adopt_payload)],
    "fronts:endorsement_add": [
        GET(v1, POST_ONLY),
        POST(v1, COORD_WRITE, endorse_payload),
    ],
    "fronts:statement_list": [GET(front, SEE)],
    "fronts:statement_create": [GET(front, COORD), POST(front, COORD_WRITE, statement_payload)],
    "fronts:statement_detail": [GET(draft, SEE), GET(open_statement, SEE)],
    "fronts:statement_edit": [GET(draft, COORD), POST(draft, COORD_WRITE, statement_edit_payload)],
    "fronts:statement_comment": [
        GET(draft, POST_ONLY),
        POST(draft, SEE_WRITE, comment_payload),
    ],
    "fronts:statement_open": [
        GET(draft, POST_ONLY),
        POST(draft, COORD_WRITE, deadline_payload),
    ],
    "fronts:statement_publish": [GET(open_statement, POST_ONLY), POST(open_statement, COORD_WRITE)],
    "fronts:statement_withdraw": [GET(draft, POST_ONLY), POST(draft, COORD_WRITE)],
    "fronts:statement_send_links": [
        GET(open_statement, POST_ONLY),
        POST(open_statement, COORD_WRITE),
    ],
    "fronts:sign": [
        GET(sign_link, PUBLIC),
        POST(sign_link, PUBLIC, sign_payload),
        GET(bogus_sign_link, NOWHERE),
    ],
    "fronts:statement_public": [GET(published, PUBLIC), GET(unpublished, NOWHERE)],
    "fronts:statement_public_in": [
        GET(published_in_russian, PUBLIC),
        GET(published_in_klingon, NOWHERE),
    ],
}

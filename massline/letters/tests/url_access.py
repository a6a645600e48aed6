"""Who may open which page of the register; see massline/core/tests/test_url_access.py.

Guests never open the register (403 before any look-up). Organizer B gets 404 for every letter
of unit A; members read unit A's letters once final, never drafts; approving, sending and
publishing are for secretaries (organizer A gets 403 on unit A's letters).
"""

from typing import Any

from django.utils import timezone

from massline.core.tests.test_url_access import GET, LOGIN, POST, World, row
from massline.letters.tests.world import LettersWorld, build_letters_world

EVERYONE = row(200, 200, 200, 200, 200, 200, 200)
MISSING_PUBLIC = row(404, 404, 404, 404, 404, 404, 404)
REGISTER = row(200, 200, 200, 200, 200, 403, LOGIN)
DRAFTERS = row(200, 200, 200, 200, 403, 403, LOGIN)
DRAFT_IN_UNIT_A = row(302, 302, 302, 400, 403, 403, LOGIN)
SECRETARIES = row(200, 200, 403, 403, 403, 403, LOGIN)
DRAFT_OF_A = row(200, 200, 200, 404, 404, 403, LOGIN)
DRAFT_OF_A_WRITE = row(302, 302, 302, 404, 404, 403, LOGIN)
FINAL_OF_A = row(200, 200, 200, 404, 200, 403, LOGIN)
DISPATCH_OF_A = row(302, 302, 403, 404, 404, 403, LOGIN)
DISPATCH_OF_ROOT = row(302, 302, 404, 404, 404, 403, LOGIN)
POST_ONLY = row(405, 405, 405, 405, 405, 405, LOGIN)
MISSING = row(404, 404, 404, 404, 404, 403, LOGIN)


def _world(w: World) -> LettersWorld:
    return w.once("letters", lambda world: build_letters_world(world.personas))


def none(w: World) -> dict[str, Any]:
    return {}


def draft_a(w: World) -> dict[str, Any]:
    return {"pk": _world(w).draft_a.pk}


def draft_a_ru(w: World) -> dict[str, Any]:
    return {"pk": _world(w).draft_a.pk, "language": "ru"}


def review_a(w: World) -> dict[str, Any]:
    return {"pk": _world(w).review_a.pk}


def approved_root(w: World) -> dict[str, Any]:
    return {"pk": _world(w).approved_root.pk}


def inbound_a(w: World) -> dict[str, Any]:
    return {"pk": _world(w).inbound_a.pk}


def missing(w: World) -> dict[str, Any]:
    return {"pk": 987654}


def anniversary(w: World) -> dict[str, Any]:
    return {"pk": _world(w).anniversary.pk}


def ru(w: World) -> dict[str, Any]:
    _world(w)
    return {"language": "ru"}


def public_ru(w: World) -> dict[str, Any]:
    letter = _world(w).approved_root
    return {"year": letter.register_year, "seq": letter.register_seq, "language": "ru"}


def unpublished_it(w: World) -> dict[str, Any]:
    letter = _world(w).approved_root
    return {"year": letter.register_year, "seq": letter.register_seq, "language": "it"}


def letter_payload(w: World) -> dict[str, Any]:
    world = _world(w)
    return {
        "unit": w.personas.unit_a.pk,
        "kind": "solidarity",
        "subject": "Solidarity with the strikers",
        "recipients": f"{world.mlpd.short_name} mlpd@example.org de",
        "language": "ru",
        "body": "Товарищи!",
    }


def edit_payload(w: World) -> dict[str, Any]:
    world = _world(w)
    return {
        "kind": "greeting",
        "subject": "Greetings again",
        "recipients": f"{world.pmli.short_name} pmli@example.org it",
    }


def version_payload(w: World) -> dict[str, Any]:
    return {"language": "it", "subject": "Saluti", "body": "Cari compagni", "translator": "T."}


def inbound_payload(w: World) -> dict[str, Any]:
    return {
        "unit": w.personas.unit_a.pk,
        "sender": _world(w).mlpd.pk,
        "kind": "solidarity",
        "subject": "Solidarity received",
        "received_on": timezone.localdate().isoformat(),
        "language": "de",
        "body": "Liebe Genossen",
    }


def comment_payload(w: World) -> dict[str, Any]:
    return {"body": "Shorter, please."}


def reason_payload(w: World) -> dict[str, Any]:
    return {"reason": "Wrong recipient"}


def mark_sent_payload(w: World) -> dict[str, Any]:
    return {"via": "post", "sent_on": timezone.localdate().isoformat()}


def publish_payload(w: World) -> dict[str, Any]:
    return {"languages": ["it"]}


def acknowledge_payload(w: World) -> dict[str, Any]:
    return {"reply": _world(w).inbound_a.pk}


def greeting_payload(w: World) -> dict[str, Any]:
    return {"unit": w.personas.unit_a.pk, "language": "ru"}


ACCESS = {
    "letters:letter_list": [GET(none, REGISTER)],
    "letters:letter_create": [
        GET(none, DRAFTERS),
        POST(none, DRAFT_IN_UNIT_A, letter_payload),
    ],
    "letters:inbound_create": [
        GET(none, DRAFTERS),
        POST(none, DRAFT_IN_UNIT_A, inbound_payload),
    ],
    "letters:greetings_due": [GET(none, SECRETARIES)],
    "letters:anniversary_greeting": [
        GET(anniversary, DRAFTERS),
        POST(anniversary, DRAFT_IN_UNIT_A, greeting_payload),
        GET(missing, row(404, 404, 404, 404, 403, 403, LOGIN)),
    ],
    "letters:letter_detail": [
        GET(draft_a, DRAFT_OF_A),
        GET(inbound_a, FINAL_OF_A),
        GET(approved_root, row(200, 200, 404, 404, 404, 403, LOGIN)),
        GET(missing, MISSING),
    ],
    "letters:letter_edit": [
        GET(draft_a, DRAFT_OF_A),
        POST(draft_a, DRAFT_OF_A_WRITE, edit_payload),
        GET(approved_root, row(403, 403, 404, 404, 404, 403, LOGIN)),
    ],
    "letters:version_add": [
        GET(draft_a, DRAFT_OF_A),
        POST(draft_a, DRAFT_OF_A_WRITE, version_payload),
    ],
    "letters:version_edit": [
        GET(draft_a_ru, DRAFT_OF_A),
        POST(draft_a_ru, DRAFT_OF_A_WRITE, version_payload),
    ],
    "letters:letter_pdf": [GET(draft_a_ru, DRAFT_OF_A)],
    "letters:letter_attachment": [
        GET(inbound_a, FINAL_OF_A),
        GET(draft_a, row(404, 404, 404, 404, 404, 403, LOGIN)),
    ],
    "letters:letter_submit": [GET(draft_a, POST_ONLY), POST(draft_a, DRAFT_OF_A_WRITE)],
    "letters:letter_comment": [
        GET(draft_a, POST_ONLY),
        POST(draft_a, DRAFT_OF_A_WRITE, comment_payload),
    ],
    "letters:letter_approve": [GET(review_a, POST_ONLY), POST(review_a, DISPATCH_OF_A)],
    "letters:letter_reopen": [
        GET(approved_root, POST_ONLY),
        POST(approved_root, DISPATCH_OF_ROOT, reason_payload),
    ],
    "letters:letter_withdraw": [
        GET(draft_a, POST_ONLY),
        POST(draft_a, DISPATCH_OF_A, reason_payload),
    ],
    "letters:letter_send": [GET(approved_root, POST_ONLY), POST(approved_root, DISPATCH_OF_ROOT)],
    "letters:letter_mark_sent": [
        GET(approved_root, POST_ONLY),
        POST(approved_root, DISPATCH_OF_ROOT, mark_sent_payload),
    ],
    "letters:letter_publish": [
        GET(approved_root, POST_ONLY),
        POST(approved_root, DISPATCH_OF_ROOT, publish_payload),
    ],
    "letters:letter_unpublish": [
        GET(approved_root, POST_ONLY),
        POST(approved_root, DISPATCH_OF_ROOT, publish_payload),
    ],
    "letters:letter_acknowledge": [
        GET(approved_root, POST_ONLY),
        POST(approved_root, DISPATCH_OF_ROOT, acknowledge_payload),
    ],
    "letters:public_list": [GET(ru, EVERYONE)],
    "letters:public_letter": [GET(public_ru, EVERYONE), GET(unpublished_it, MISSING_PUBLIC)],
    "letters:feed_atom": [GET(ru, EVERYONE)],
    "letters:feed_rss": [GET(ru, EVERYONE)],
}

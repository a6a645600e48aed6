"""Who may open which petitions page; see massline/core/tests/test_url_access.py.

The public pages (a petition, its counter, signing, the links from the mail) are for everyone;
the coordinator's pages are for the coordinators of the petition's campaign (organizers of
unit A and above), never for organizer B, members or guests.
"""

from typing import Any

from django.core.cache import cache

from massline.campaigns.petitions import selectors, services
from massline.campaigns.petitions.models import Petition, Signature
from massline.campaigns.petitions.tests.world import SIGNER, make_petition
from massline.core.tests.test_url_access import EVERYONE, GET, LOGGED_IN, LOGIN, POST, World, row

COORDINATORS = row(200, 200, 200, 403, 403, 403, LOGIN)
COORDINATORS_WRITE = row(302, 302, 302, 403, 403, 403, LOGIN)
COORDINATORS_BAD = row(400, 400, 400, 403, 403, 403, LOGIN)
POST_ONLY = row(405, 405, 405, 405, 405, 405, LOGIN)
NOWHERE = row(*[404] * 7)


def _petition(w: World) -> Petition:
    return w.once("petition", lambda world: make_petition(world.personas))


def _signature(w: World) -> Signature:
    def make(world: World) -> Signature:
        petition = _petition(world)
        services.signature_sign(petition=petition, **SIGNER)
        return Signature.objects.get(petition=petition)

    return w.once("signature", make)


def none(w: World) -> dict[str, Any]:
    return {}


def petition(w: World) -> dict[str, Any]:
    return {"slug": _petition(w).slug}


def missing_petition(w: World) -> dict[str, Any]:
    return {"slug": "no-such-petition"}


def campaign(w: World) -> dict[str, Any]:
    return {"campaign_id": _petition(w).campaign_id}


def missing_campaign(w: World) -> dict[str, Any]:
    return {"campaign_id": 987654}


def confirm_link(w: World) -> dict[str, Any]:
    return {"token": services.confirm_token(_signature(w))}


def withdraw_link(w: World) -> dict[str, Any]:
    return {"token": services.withdraw_token(_signature(w))}


def bogus_link(w: World) -> dict[str, Any]:
    return {"token": "1.deadbeef:forged"}


def sign_payload(w: World) -> dict[str, Any]:
    cache.clear()  # seven personas from one address would hit the per-network limit
    selectors._RECENT.clear()  # petitions remembered from earlier tests' rolled-back worlds
    return {**SIGNER, "email": "new.signer@example.org"}


def petition_payload(w: World) -> dict[str, Any]:
    return {
        "slug": "second-petition",
        "target": "The court",
        "goal": "500",
        "status": "open",
        "language": "en",
        "title": "Drop the charges",
        "text": "Drop the charges.",
    }


def edit_payload(w: World) -> dict[str, Any]:
    return {
        "slug": "release-now",
        "target": "The court",
        "goal": "2000",
        "status": "open",
        "language": "en",
    }


def text_payload(w: World) -> dict[str, Any]:
    return {"language": "ru", "title": "Свободу писателю", "text": "Он в тюрьме за пост в блоге."}


ACCESS: dict[str, list[Any]] = {
    "petitions:petition_list": [GET(none, LOGGED_IN)],
    "petitions:challenge": [GET(none, EVERYONE), POST(none, row(*[405] * 7))],
    "petitions:confirm": [
        GET(confirm_link, EVERYONE),
        POST(confirm_link, EVERYONE),
        POST(bogus_link, NOWHERE),
    ],
    "petitions:withdraw": [
        GET(withdraw_link, EVERYONE),
        POST(withdraw_link, EVERYONE),
        GET(bogus_link, NOWHERE),
    ],
    "petitions:create": [
        GET(campaign, COORDINATORS),
        POST(campaign, COORDINATORS_WRITE, petition_payload),
        POST(campaign, COORDINATORS_BAD, lambda w: {"slug": "x"}),
        GET(missing_campaign, row(404, 404, 404, 404, 404, 404, LOGIN)),
    ],
    "petitions:detail": [GET(petition, EVERYONE), GET(missing_petition, NOWHERE)],
    "petitions:counter": [GET(petition, EVERYONE)],
    "petitions:sign": [
        GET(petition, row(*[405] * 7)),
        POST(petition, row(*[302] * 7), sign_payload),
        POST(petition, row(*[400] * 7), lambda w: {"name": "", "email": "not an address"}),
    ],
    "petitions:thanks": [GET(petition, EVERYONE)],
    "petitions:manage": [
        GET(petition, COORDINATORS),
        GET(missing_petition, row(404, 404, 404, 404, 404, 404, LOGIN)),
    ],
    "petitions:edit": [
        GET(petition, COORDINATORS),
        POST(petition, COORDINATORS_WRITE, edit_payload),
    ],
    "petitions:text_edit": [
        GET(petition, COORDINATORS),
        POST(petition, COORDINATORS_WRITE, text_payload),
    ],
    "petitions:export": [GET(petition, COORDINATORS)],
    "petitions:delivery_pack": [GET(petition, COORDINATORS)],
    "petitions:erase": [GET(petition, POST_ONLY), POST(petition, COORDINATORS_WRITE)],
}

"""Who may call which petitions operation; see massline/api/tests/test_access.py.

The stats are public. Everything else belongs to the coordinators of the petition's campaign
(organizers of unit A and above); organizer B, members and guests get 403.
"""

from typing import Any

from massline.api.tests.access import EVERYONE_LOGGED_IN, Row
from massline.api.tests.conftest import World
from massline.campaigns.petitions.models import Petition
from massline.campaigns.petitions.tests.world import make_petition


def coordinators(ok: int) -> dict[str, int]:
    return {
        "admin": ok,
        "secretary": ok,
        "organizer_a": ok,
        "organizer_b": 403,
        "member_a": 403,
        "guest": 403,
        "anonymous": 401,
    }


PUBLIC = {name: 200 for name in EVERYONE_LOGGED_IN}


def _petition(w: World) -> Petition:
    """The petition of unit A's campaign. Each persona's call runs in a savepoint rolled back
    afterwards, objects built during the first call included: build it again when gone."""
    found = w.extra.get("petition")
    if found is None or not Petition.objects.filter(pk=found.pk).exists():
        found = w.extra["petition"] = make_petition(w.personas)
    return found


def slug(w: World) -> dict[str, Any]:
    return {"slug": _petition(w).slug}


def create_body(w: World) -> dict[str, Any]:
    return {
        "campaign_id": _petition(w).campaign_id,
        "slug": "drop-the-charges",
        "target": "The court",
        "goal": 5000,
        "status": "open",
        "title": "Drop the charges",
        "text": "Drop the charges against the writer.",
    }


TABLE = [
    Row("GET", "/petitions/{slug}/stats", PUBLIC, params=slug),
    Row("GET", "/petitions", EVERYONE_LOGGED_IN),
    Row("POST", "/petitions", coordinators(201), create_body),
    Row("GET", "/petitions/{slug}", coordinators(200), params=slug),
    Row("PATCH", "/petitions/{slug}", coordinators(200), lambda w: {"goal": 2000}, params=slug),
    Row("DELETE", "/petitions/{slug}", coordinators(204), params=slug),
    Row("GET", "/petitions/{slug}/signatures", coordinators(200), params=slug),
]

"""Who gets what from the campaigns API; see massline/api/tests/test_access.py.

The campaign belongs to unit A. Its coordinators are the organizers of unit A and those above
them (admin, secretary, organizer_a); member_a reads it; organizer_b and the guest find
nothing (404).
"""

from typing import Any

from massline.api.tests.access import EVERYONE_LOGGED_IN, Row
from massline.api.tests.conftest import World
from massline.campaigns import services
from massline.campaigns.models import Campaign, Endorsement
from massline.campaigns.tests.world import make_campaign


def readers(ok: int) -> dict[str, int]:
    return {
        "admin": ok,
        "secretary": ok,
        "organizer_a": ok,
        "organizer_b": 404,
        "member_a": ok,
        "guest": 404,
        "anonymous": 401,
    }


def coordinators(ok: int) -> dict[str, int]:
    return {**readers(ok), "member_a": 403}


def _campaign(w: World) -> Campaign:
    """The campaign, rebuilt if a persona's rolled-back savepoint took it away."""
    found = w.extra.get("campaign")
    if found is None or not Campaign.objects.filter(pk=found.pk).exists():
        number = w.extra.get("campaign_number", 0) + 1
        w.extra["campaign_number"] = number
        found = make_campaign(w.personas, slug=f"free-anna-{number}")
        w.extra["campaign"] = found
    return found


def _endorsement(w: World) -> Endorsement:
    campaign = _campaign(w)
    found = Endorsement.objects.filter(campaign=campaign).first()
    return found or services.endorsement_submit(
        campaign=campaign,
        organization_name="Comitato di solidarietà",
        country="IT",
        representative_name="Maria Rossi",
        contact_email="maria@example.org",
    )


def campaign(w: World) -> dict[str, Any]:
    return {"campaign_id": _campaign(w).pk}


def endorsement(w: World) -> dict[str, Any]:
    return {"campaign_id": _campaign(w).pk, "endorsement_id": _endorsement(w).pk}


TABLE = [
    Row("GET", "/campaigns", EVERYONE_LOGGED_IN),
    Row("GET", "/campaigns/{campaign_id}", readers(200), params=campaign),
    Row("GET", "/campaigns/{campaign_id}/case", readers(200), params=campaign),
    Row("GET", "/campaigns/{campaign_id}/endorsements", readers(200), params=campaign),
    Row(
        "POST",
        "/campaigns/{campaign_id}/endorsements/{endorsement_id}/approve",
        coordinators(200),
        params=endorsement,
    ),
    Row(
        "POST",
        "/campaigns/{campaign_id}/endorsements/{endorsement_id}/reject",
        coordinators(200),
        params=endorsement,
    ),
    Row("GET", "/campaigns/{campaign_id}/actions", readers(200), params=campaign),
    Row(
        "POST",
        "/campaigns/{campaign_id}/actions",
        coordinators(201),
        lambda w: {
            "kind": "picket",
            "held_on": "2024-03-01",
            "city": "Roma",
            "country": "IT",
            "group_name": "Comitato (fictional)",
            "turnout": 12,
        },
        params=campaign,
    ),
    Row("GET", "/campaigns/{campaign_id}/letters", readers(200), params=campaign),
    Row(
        "POST",
        "/campaigns/{campaign_id}/letters",
        # a member logs their own letter
        readers(201),
        lambda w: {"language": "ru", "sent_on": "2024-03-02"},
        params=campaign,
    ),
]

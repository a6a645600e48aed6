"""The petitions API: public counts, coordinators' petitions and audited signatures."""

import pytest

from massline.api.tests.conftest import Call, persona_caller
from massline.audit.models import AuditEntry
from massline.campaigns.petitions.models import Petition
from massline.campaigns.petitions.tests.test_privacy import sign_and_confirm
from massline.campaigns.petitions.tests.world import make_petition
from massline.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(personas: Personas) -> Call:
    return persona_caller(personas)


def test_the_stats_are_public_and_name_nobody(personas: Personas, call: Call) -> None:
    petition = make_petition(personas)
    sign_and_confirm(petition)
    response = call("anonymous", "GET", f"/petitions/{petition.slug}/stats")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 4
    assert body["by_country"][0] == {"country": "RU", "count": 2}
    assert "Svetlana" not in response.content.decode()


def test_a_draft_petitions_stats_are_not_found(personas: Personas, call: Call) -> None:
    petition = make_petition(personas, status="draft")
    assert call("anonymous", "GET", f"/petitions/{petition.slug}/stats").status_code == 404


def test_signatures_give_contact_data_only_with_consent_and_are_audited(
    personas: Personas, call: Call
) -> None:
    petition = make_petition(personas)
    sign_and_confirm(petition)
    response = call("organizer_a", "GET", f"/petitions/{petition.slug}/signatures?limit=2")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4 and len(body["items"]) == 2
    by_name = {
        item["public_name"]: item
        for item in call("organizer_a", "GET", f"/petitions/{petition.slug}/signatures").json()[
            "items"
        ]
    }
    assert by_name["Karl Becker"]["email"] is None
    assert by_name["Svetlana Abramovich"]["email"] == "svetlana.abramovich@example.org"
    entries = AuditEntry.objects.filter(action="api.petition.signatures.read")
    assert [e.data["count"] for e in entries.order_by("id")] == [2, 4]


def test_bad_bodies_are_refused_and_nothing_is_stored(personas: Personas, call: Call) -> None:
    petition = make_petition(personas)
    bodies = [
        {
            "campaign_id": petition.campaign_id,
            "slug": "x",
            "target": "t",
            "goal": 0,
            "title": "t",
            "text": "t",
        },
        {
            "campaign_id": petition.campaign_id,
            "slug": "bad slug",
            "target": "t",
            "goal": 1,
            "title": "t",
            "text": "t",
        },
        {
            "campaign_id": petition.campaign_id,
            "slug": "x",
            "target": "t" * 301,
            "goal": 1,
            "title": "t",
            "text": "t",
        },
        {
            "campaign_id": petition.campaign_id,
            "slug": "x",
            "target": "t",
            "goal": 1,
            "title": "t",
            "text": "t",
            "unknown": 1,
        },
        {
            "campaign_id": petition.campaign_id,
            "slug": "release-now",
            "target": "t",
            "goal": 1,
            "title": "t",
            "text": "t",
        },
    ]
    for body in bodies:
        response = call("organizer_a", "POST", "/petitions", body)
        assert response.status_code in (409, 422), (body, response.content)
    assert Petition.objects.count() == 1


def test_a_change_keeps_what_it_does_not_name(personas: Personas, call: Call) -> None:
    petition = make_petition(personas, retention_days=30)
    response = call("organizer_a", "PATCH", f"/petitions/{petition.slug}", {"goal": 7})
    assert response.status_code == 200
    petition.refresh_from_db()
    assert (petition.goal, petition.retention_days) == (7, 30)

"""Each audience reads exactly the case fields its safety level allows, on pages and in the API."""

import pytest

from massline.accounts.services import api_token_create
from massline.campaigns import services
from massline.campaigns.models import Visibility
from massline.campaigns.tests.world import SECRET_ADDRESS, case_of, make_campaign

pytestmark = pytest.mark.django_db

PUBLIC_TEXT = ["Anna Example", "Justification of terrorism", "Public court", "Russian only"]
MEMBERS_TEXT = ["CASE-NUMBER-77", "Members-only court"]
COORDINATORS_TEXT = [SECRET_ADDRESS, "Coordinators-only transfer place"]

# persona -> what they may read on the members' page / in the API
LEVELS = {
    "admin": "coordinators",
    "secretary": "coordinators",
    "organizer_a": "coordinators",
    "member_a": "members",
}


def expected_visible(level: str) -> tuple[list[str], list[str]]:
    if level == "coordinators":
        return PUBLIC_TEXT + MEMBERS_TEXT + COORDINATORS_TEXT, []
    if level == "members":
        return PUBLIC_TEXT + MEMBERS_TEXT, COORDINATORS_TEXT
    return PUBLIC_TEXT, MEMBERS_TEXT + COORDINATORS_TEXT


@pytest.mark.parametrize(
    "persona",
    ["admin", "secretary", "organizer_a", "organizer_b", "member_a", "guest", "anonymous"],
)
def test_the_public_page_shows_only_public_fields_to_everyone(personas, persona):
    campaign = make_campaign(personas)
    html = personas.client(persona).get(f"/campaigns/{campaign.slug}/").content.decode()
    for text in PUBLIC_TEXT:
        assert text in html
    for text in MEMBERS_TEXT + COORDINATORS_TEXT:
        assert text not in html, text


@pytest.mark.parametrize("persona", list(LEVELS))
def test_the_members_page_shows_what_the_level_allows(personas, persona):
    campaign = make_campaign(personas)
    response = personas.client(persona).get(f"/campaigns/{campaign.slug}/case/")
    assert response.status_code == 200
    html = response.content.decode()
    shown, hidden = expected_visible(LEVELS[persona])
    for text in shown:
        assert text in html, text
    for text in hidden:
        assert text not in html, text


@pytest.mark.parametrize("persona", ["organizer_b", "guest"])
def test_outsiders_find_no_members_page(personas, persona):
    campaign = make_campaign(personas)
    assert personas.client(persona).get(f"/campaigns/{campaign.slug}/case/").status_code == 404


@pytest.mark.parametrize("persona", list(LEVELS))
def test_the_api_answers_the_case_at_the_callers_level(personas, persona, client):
    campaign = make_campaign(personas)
    _token, secret = api_token_create(user=personas.user(persona), name="t", scope="read")
    response = client.get(
        f"/api/v1/campaigns/{campaign.pk}/case", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["level"] == LEVELS[persona]
    text = response.content.decode()
    shown, hidden = expected_visible(LEVELS[persona])
    for value in shown:
        assert value in text, value
    for value in hidden:
        assert value not in text, value
    if LEVELS[persona] == "members":
        assert "detention_address" not in body["fields"]
        assert "case_numbers" in body["fields"]


def test_raising_a_field_to_public_shows_it_publicly(personas, client):
    campaign = make_campaign(personas)
    services.case_set(
        actor=personas.organizer_a,
        campaign=campaign,
        detention_address_visibility=Visibility.PUBLIC,
    )
    html = client.get(f"/campaigns/{campaign.slug}/").content.decode()
    assert SECRET_ADDRESS in html


def test_the_mail_address_is_encrypted_at_rest(personas):
    from django.db import connection

    campaign = make_campaign(personas)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT detention_address FROM campaigns_case WHERE id = %s",
            [case_of(campaign).pk],
        )
        (stored,) = cursor.fetchone()
    assert SECRET_ADDRESS not in stored
    assert "Nowhere" not in stored
    assert case_of(campaign).detention_address == SECRET_ADDRESS


def test_a_members_only_photo_is_not_served_publicly(personas, client):
    from massline.campaigns.tests.world import jpeg_with_gps

    campaign = make_campaign(personas)
    case = services.case_set(
        actor=personas.organizer_a, campaign=campaign, photo_visibility=Visibility.MEMBERS
    )
    services.case_photo_set(actor=personas.organizer_a, case=case, upload=jpeg_with_gps())
    url = f"/campaigns/{campaign.slug}/photo.jpg"
    assert client.get(url).status_code == 404
    assert "photo.jpg" not in client.get(f"/campaigns/{campaign.slug}/").content.decode()
    assert personas.client("member_a").get(url).status_code == 200
    assert personas.client("organizer_b").get(url).status_code == 404


def test_a_draft_campaign_is_invisible_publicly(personas, client):
    campaign = make_campaign(personas, status="draft")
    assert client.get(f"/campaigns/{campaign.slug}/").status_code == 404
    assert personas.client("member_a").get(f"/campaigns/{campaign.slug}/").status_code == 404
    assert personas.client("organizer_a").get(f"/campaigns/{campaign.slug}/").status_code == 404
    assert (
        personas.client("organizer_a").get(f"/campaigns/manage/{campaign.pk}/").status_code == 200
    )


def test_a_confidential_organization_is_never_named_on_the_public_page(personas, client):
    from datetime import date

    from massline.directory import services as directory_services

    campaign = make_campaign(personas)
    secret = directory_services.organization_create(
        actor=personas.admin,
        name="Hidden Comrades",
        short_name="HC",
        country="RU",
        kind="party",
        unit=personas.unit_a,
        confidential=True,
    )
    services.campaign_update(actor=personas.organizer_a, campaign=campaign, partners=[secret])
    services.action_create(
        actor=personas.organizer_a,
        campaign=campaign,
        kind="picket",
        held_on=date(2024, 3, 1),
        city="Perm",
        country="RU",
        organization=secret,
    )
    html = client.get(f"/campaigns/{campaign.slug}/").content.decode()
    assert "Perm" in html
    assert "Hidden Comrades" not in html
    manage = personas.client("organizer_a").get(f"/campaigns/manage/{campaign.pk}/actions/")
    assert "Hidden Comrades" in manage.content.decode()

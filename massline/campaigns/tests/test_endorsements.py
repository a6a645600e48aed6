"""Organizations endorse publicly; coordinators decide; the directory is matched and grown."""

import pytest
from django.db import connection

from massline.campaigns import services
from massline.campaigns.models import Endorsement
from massline.campaigns.tests.world import make_campaign
from massline.directory import services as directory_services
from massline.directory.models import Organization

pytestmark = pytest.mark.django_db

FORM = {
    "organization_name": "Comitato di solidarietà (fictional)",
    "country": "IT",
    "representative_name": "Maria Rossi",
    "contact_email": "maria.rossi@example.org",
    "statement": "Libertà per Anna!",
}


def submit(client, campaign, **changes):
    return client.post(f"/campaigns/{campaign.slug}/endorse/", {**FORM, **changes})


def test_an_endorsement_waits_for_a_coordinator_before_it_shows(personas, client):
    campaign = make_campaign(personas)
    response = submit(client, campaign)
    assert response.status_code == 302
    endorsement = Endorsement.objects.get()
    assert endorsement.status == Endorsement.Status.PENDING
    page = client.get(f"/campaigns/{campaign.slug}/").content.decode()
    assert "Comitato di solidarietà" not in page

    review = f"/campaigns/manage/{campaign.pk}/endorsements/{endorsement.pk}/"
    assert personas.client("organizer_a").post(review, {"decision": "approve"}).status_code == 302
    endorsement.refresh_from_db()
    assert endorsement.status == Endorsement.Status.APPROVED
    assert endorsement.decided_by == personas.organizer_a
    page = client.get(f"/campaigns/{campaign.slug}/").content.decode()
    assert "Comitato di solidarietà (fictional)" in page
    assert "Libertà per Anna!" in page
    assert "Maria Rossi" not in page
    assert "maria.rossi@example.org" not in page


@pytest.mark.parametrize(
    ("persona", "status"), [("member_a", 403), ("organizer_b", 404), ("guest", 404)]
)
def test_only_coordinators_may_approve(personas, persona, status):
    campaign = make_campaign(personas)
    endorsement = services.endorsement_submit(campaign=campaign, **FORM)
    review = f"/campaigns/manage/{campaign.pk}/endorsements/{endorsement.pk}/"
    assert personas.client(persona).post(review, {"decision": "approve"}).status_code == status
    endorsement.refresh_from_db()
    assert endorsement.status == Endorsement.Status.PENDING


def test_a_named_coordinator_outside_the_unit_may_approve(personas):
    campaign = make_campaign(personas)
    services.campaign_update(
        actor=personas.organizer_a, campaign=campaign, coordinators=[personas.organizer_b]
    )
    endorsement = services.endorsement_submit(campaign=campaign, **FORM)
    review = f"/campaigns/manage/{campaign.pk}/endorsements/{endorsement.pk}/"
    assert personas.client("organizer_b").post(review, {"decision": "reject"}).status_code == 302
    endorsement.refresh_from_db()
    assert endorsement.status == Endorsement.Status.REJECTED


def test_the_api_approves_and_hides_contacts_from_non_coordinators(personas, client):
    from massline.accounts.services import api_token_create

    campaign = make_campaign(personas)
    endorsement = services.endorsement_submit(campaign=campaign, **FORM)
    _t, coordinator = api_token_create(user=personas.organizer_a, name="t", scope="write")
    _t, member = api_token_create(user=personas.member_a, name="t", scope="write")
    base = f"/api/v1/campaigns/{campaign.pk}/endorsements"
    refused = client.post(f"{base}/{endorsement.pk}/approve", HTTP_AUTHORIZATION=f"Bearer {member}")
    assert refused.status_code == 403
    done = client.post(
        f"{base}/{endorsement.pk}/approve", HTTP_AUTHORIZATION=f"Bearer {coordinator}"
    )
    assert done.status_code == 200
    assert done.json()["status"] == "approved"
    listed = client.get(base, HTTP_AUTHORIZATION=f"Bearer {member}").json()
    assert listed["count"] == 1
    assert listed["items"][0]["contact_email"] is None
    assert "maria.rossi" not in str(listed)
    full = client.get(base, HTTP_AUTHORIZATION=f"Bearer {coordinator}").json()
    assert full["items"][0]["contact_email"] == "maria.rossi@example.org"
    from massline.audit.models import AuditEntry

    exports = AuditEntry.objects.filter(action="campaign.endorsement.export")
    assert exports.count() == 1
    assert exports.get().actor == personas.organizer_a


def test_representative_and_contact_are_encrypted_at_rest(personas):
    campaign = make_campaign(personas)
    endorsement = services.endorsement_submit(campaign=campaign, **FORM)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT representative_name, contact_email, email_index FROM campaigns_endorsement"
            " WHERE id = %s",
            [endorsement.pk],
        )
        row = " ".join(cursor.fetchone())
    assert "Maria" not in row
    assert "maria.rossi" not in row
    assert "example.org" not in row


def test_the_same_organization_cannot_endorse_twice(personas, client):
    campaign = make_campaign(personas)
    submit(client, campaign)
    again = submit(
        client,
        campaign,
        contact_email="other@example.org",
        organization_name="COMITATO DI SOLIDARIETA (fictional)",
    )
    assert again.status_code == 400
    assert "already endorsed" in again.content.decode()
    same_mail = submit(
        client, campaign, organization_name="Another group", contact_email="Maria.Rossi@Example.org"
    )
    assert same_mail.status_code == 400
    assert Endorsement.objects.count() == 1


def _party(personas, **fields):
    return directory_services.organization_create(actor=personas.admin, kind="party", **fields)


def test_an_endorser_is_matched_to_the_directory_by_folded_name_and_country(personas):
    campaign = make_campaign(personas)
    party = _party(
        personas,
        name="Российская партия труда (fictional)",
        short_name="RPT",
        country="RU",
        aliases="Partiya Truda",
    )
    _party(personas, name="Partiya truda", short_name="PT-DE", country="DE")
    by_latin = services.endorsement_submit(
        campaign=campaign,
        **{**FORM, "organization_name": "ROSSIISKAYA PARTIYA TRUDA (fictional)", "country": "RU"},
    )
    assert by_latin.organization == party
    by_alias = services.endorsement_submit(
        campaign=campaign,
        **{
            **FORM,
            "organization_name": "partiya  truda",
            "country": "RU",
            "contact_email": "b@example.org",
        },
    )
    assert by_alias.organization == party
    elsewhere = services.endorsement_submit(
        campaign=campaign,
        **{
            **FORM,
            "organization_name": "Партия труда",
            "country": "FR",
            "contact_email": "c@example.org",
        },
    )
    assert elsewhere.organization is None


def test_a_confidential_organization_is_never_matched_publicly(personas):
    campaign = make_campaign(personas)
    _party(
        personas,
        name="Hidden Party",
        short_name="HP",
        country="RU",
        unit=personas.unit_a,
        confidential=True,
    )
    endorsement = services.endorsement_submit(
        campaign=campaign, **{**FORM, "organization_name": "Hidden Party", "country": "RU"}
    )
    assert endorsement.organization is None


def test_a_secretary_adds_an_unmatched_endorser_to_the_directory(personas):
    campaign = make_campaign(personas)
    endorsement = services.endorsement_submit(campaign=campaign, **FORM)
    review = f"/campaigns/manage/{campaign.pk}/endorsements/{endorsement.pk}/"
    personas.client("secretary").post(review, {"decision": "propose"})
    endorsement.refresh_from_db()
    assert endorsement.proposal == Endorsement.Proposal.DONE
    organization = endorsement.organization
    assert organization is not None
    assert organization.name == FORM["organization_name"]
    assert organization.country == "IT"


def test_an_organizer_queues_the_endorser_for_the_secretaries(personas):
    campaign = make_campaign(personas)
    endorsement = services.endorsement_submit(campaign=campaign, **FORM)
    review = f"/campaigns/manage/{campaign.pk}/endorsements/{endorsement.pk}/"
    personas.client("organizer_a").post(review, {"decision": "propose"})
    endorsement.refresh_from_db()
    assert endorsement.proposal == Endorsement.Proposal.QUEUED
    assert endorsement.organization is None
    assert not Organization.objects.exists()
    queue = personas.client("secretary").get("/campaigns/manage/proposals/").content.decode()
    assert FORM["organization_name"] in queue
    personas.client("secretary").post(review, {"decision": "propose"})
    endorsement.refresh_from_db()
    assert endorsement.proposal == Endorsement.Proposal.DONE
    assert endorsement.organization is not None


def test_a_coordinator_links_an_endorser_to_a_candidate(personas):
    campaign = make_campaign(personas)
    endorsement = services.endorsement_submit(campaign=campaign, **FORM)
    first = _party(personas, name=FORM["organization_name"], short_name="CS1", country="IT")
    second = _party(personas, name=FORM["organization_name"], short_name="CS2", country="IT")
    # two candidates: the submission does not guess
    endorsement.refresh_from_db()
    assert endorsement.organization is None
    review = f"/campaigns/manage/{campaign.pk}/endorsements/{endorsement.pk}/"
    html = personas.client("organizer_a").get(review).content.decode()
    assert "CS1" in html and "CS2" in html
    personas.client("organizer_a").post(review, {"decision": "match", "organization": second.pk})
    endorsement.refresh_from_db()
    assert endorsement.organization == second
    assert first.pk != second.pk


def test_the_public_form_is_rate_limited_per_network(personas, client, settings):
    settings.MASSLINE_CAMPAIGN_FORM_RATE_LIMIT = 2
    campaign = make_campaign(personas)
    for number in range(2):
        response = submit(
            client,
            campaign,
            organization_name=f"Group {number}",
            contact_email=f"g{number}@example.org",
        )
        assert response.status_code == 302
    blocked = client.post(
        f"/campaigns/{campaign.slug}/endorse/",
        {**FORM, "organization_name": "Group 3", "contact_email": "g3@example.org"},
        REMOTE_ADDR="127.0.0.99",
    )
    assert blocked.status_code == 429
    other_network = client.post(
        f"/campaigns/{campaign.slug}/endorse/",
        {**FORM, "organization_name": "Group 4", "contact_email": "g4@example.org"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert other_network.status_code == 302
    assert Endorsement.objects.count() == 3


def test_a_closed_campaign_takes_no_endorsements(personas, client):
    campaign = make_campaign(personas, status="won")
    assert submit(client, campaign).status_code == 410
    assert not Endorsement.objects.exists()

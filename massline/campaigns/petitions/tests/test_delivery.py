"""The delivery pack: text, counts by country, public names, endorsers; markup stays text."""

import io

import pytest
from pypdf import PdfReader

from massline.audit.models import AuditEntry
from massline.campaigns.petitions import services
from massline.campaigns.petitions.tests.test_privacy import SIGNERS, sign_and_confirm
from massline.campaigns.petitions.tests.world import make_petition
from massline.conftest import Personas

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("pdf")</script><img src=x onerror=y()>'


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pack_lists_counts_by_country_and_only_the_names_signers_chose_to_show(
    personas: Personas,
) -> None:
    petition = make_petition(personas)
    services.petition_text_save(
        actor=personas.organizer_a,
        petition=petition,
        language="ru",
        title="Свободу писателю",
        text="Он в тюрьме за пост в блоге.",
    )
    sign_and_confirm(petition)
    response = personas.client("organizer_a").get(f"/petitions/{petition.slug}/delivery.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Release the writer now" in text and "Свободу писателю" in text
    assert "Svetlana Abramovich" in text and "Karl Becker" in text
    assert "Giacomo (Italy)" in text and "Marzotto" not in text
    assert "Hidden Person" not in text
    assert "Russia" in text and "Germany" in text
    assert "4 confirmed signatures" in text
    assert AuditEntry.objects.filter(action="petition.delivery_pack").count() == 1


def test_markup_in_every_text_reaches_the_pdf_as_plain_characters(personas: Personas) -> None:
    petition = make_petition(personas, target=SCRIPT, title=SCRIPT, text=SCRIPT)
    sign_and_confirm(petition, [(SCRIPT, "x@example.org", "DE", SCRIPT, "full", True)])
    response = personas.client("organizer_a").get(f"/petitions/{petition.slug}/delivery.pdf")
    text = pdf_text(response.content).replace("\n", "")
    assert text.count('<script>alert("pdf")</script>') >= 3
    assert len(SIGNERS) == 4


def test_only_coordinators_get_the_pack(personas: Personas) -> None:
    petition = make_petition(personas)
    for persona in ("organizer_b", "member_a", "guest"):
        url = f"/petitions/{petition.slug}/delivery.pdf"
        assert personas.client(persona).get(url).status_code == 403


def test_the_pack_lists_the_approved_endorsers_only(personas: Personas) -> None:
    from massline.campaigns.services import endorsement_decide, endorsement_submit

    petition = make_petition(personas)
    approved = endorsement_submit(
        campaign=petition.campaign,
        organization_name="<i>Solidarity Committee</i> of Bochum",
        country="DE",
        representative_name="Karl Becker",
        contact_email="karl@example.de",
    )
    endorsement_decide(actor=personas.organizer_a, endorsement=approved, approve=True)
    endorsement_submit(
        campaign=petition.campaign,
        organization_name="Pending Circle",
        country="FR",
        representative_name="Jeanne Petit",
        contact_email="jeanne@example.fr",
    )
    response = personas.client("organizer_a").get(f"/petitions/{petition.slug}/delivery.pdf")
    text = pdf_text(response.content)
    assert "<i>Solidarity Committee</i> of Bochum (DE)" in text
    assert "Pending Circle" not in text
    assert "karl@example.de" not in text and "Karl Becker" not in text

"""Signing, double opt-in, duplicates, withdrawal, expiry and display choices."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from massline.campaigns.petitions import services
from massline.campaigns.petitions.models import Signature, Tally
from massline.campaigns.petitions.stats import petition_stats, stats_compute
from massline.campaigns.petitions.tests.world import SIGNER, last_links, make_petition, sign
from massline.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(personas: Personas):
    return make_petition(personas)


def _confirm(client: Client, link: str) -> None:
    response = client.post(link)
    assert response.status_code == 200, response.content


def test_a_signature_counts_only_once_confirmed_by_the_mailed_link(
    petition, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = sign(client, petition)
    assert response.status_code == 302
    assert response["Location"] == f"/petitions/{petition.slug}/thanks/"
    assert Signature.objects.count() == 1
    assert stats_compute(petition.pk).total == 0
    assert mail.outbox[-1].subject == "Please confirm your signature"
    links = last_links(SIGNER["email"])
    assert client.get(links["confirm"]).status_code == 200
    assert stats_compute(petition.pk).total == 0, "a GET (a mail scanner) confirms nothing"
    _confirm(client, links["confirm"])
    assert stats_compute(petition.pk).total == 1
    _confirm(client, links["confirm"])
    assert stats_compute(petition.pk).total == 1, "confirming twice counts once"
    assert Tally.objects.get().country == "RU"


def test_a_second_signing_of_the_same_address_stores_nothing_and_answers_the_same(
    petition, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        first = sign(client, petition)
    _confirm(client, last_links(SIGNER["email"])["confirm"])
    with django_capture_on_commit_callbacks(execute=True):
        second = sign(client, petition, email="Olga.Petrova@EXAMPLE.org", name="Someone Else")
    assert (second.status_code, second["Location"]) == (first.status_code, first["Location"])
    assert Signature.objects.count() == 1
    assert Signature.objects.get().name == "Olga Petrova"
    assert mail.outbox[-1].subject == "Your signature is already counted"
    assert stats_compute(petition.pk).total == 1


def test_a_pending_address_signing_again_gets_its_link_again(
    petition, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        sign(client, petition)
        sign(client, petition)
    assert Signature.objects.count() == 1
    assert [m.subject for m in mail.outbox] == ["Please confirm your signature"] * 2


def test_withdrawal_erases_the_signer_and_takes_the_signature_off_the_count(
    petition, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        sign(client, petition)
        sign(client, petition, email="second@example.org")
    _confirm(client, last_links(SIGNER["email"])["confirm"])
    _confirm(client, last_links("second@example.org")["confirm"])
    assert stats_compute(petition.pk).total == 2
    withdraw = last_links(SIGNER["email"])["withdraw"]
    assert client.get(withdraw).status_code == 200
    response = client.post(withdraw)
    assert response.status_code == 200
    assert stats_compute(petition.pk).total == 1
    assert Signature.objects.count() == 1
    assert client.post(withdraw).status_code == 404, "a withdrawal link works once"


def test_forged_or_altered_links_change_nothing(
    petition, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        sign(client, petition)
    links = last_links(SIGNER["email"])
    signature = Signature.objects.get()
    forged = [
        "/petitions/confirm/1.abc:xyz:bad/",
        links["confirm"].replace("/confirm/", "/confirm/x"),
        links["withdraw"].replace("/withdraw/", "/confirm/"),
        f"/petitions/confirm/{signature.pk}.{'0' * 32}:1tZ:forged/",
        links["confirm"].replace("/confirm/", "/withdraw/"),
    ]
    for link in forged:
        assert client.post(link).status_code == 404, link
    assert stats_compute(petition.pk).total == 0
    assert Signature.objects.count() == 1


def test_unconfirmed_signatures_expire(petition, django_capture_on_commit_callbacks) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        sign(client, petition)
    link = last_links(SIGNER["email"])["confirm"]
    with time_machine.travel(timezone.now() + timedelta(hours=73)):
        assert services.signatures_expire() == 1
        assert client.post(link).status_code == 404
    assert Signature.objects.count() == 0


def test_an_old_confirmation_link_no_longer_confirms(
    petition, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        sign(client, petition)
    link = last_links(SIGNER["email"])["confirm"]
    with time_machine.travel(timezone.now() + timedelta(hours=80)):
        assert client.post(link).status_code == 404
    assert stats_compute(petition.pk).total == 0


def test_public_names_follow_each_signers_choice(
    petition, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    people = [
        ("Anna Full", "anna@example.org", "full", "DE"),
        ("Boris First", "boris@example.org", "first", "IT"),
        ("Clara Hidden", "clara@example.org", "hidden", "FR"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for name, email, display, country in people:
            sign(client, petition, name=name, email=email, display=display, country=country)
    for _name, email, _display, _country in people:
        _confirm(client, last_links(email)["confirm"])
    page = client.get(f"/petitions/{petition.slug}/").content.decode()
    assert "Anna Full" in page
    assert "Boris (Italy)" in page and "Boris First" not in page
    assert "Clara" not in page
    assert petition_stats(petition.pk).total == 3
    assert ">3<" in page


def test_a_closed_petition_takes_no_signatures(petition, personas: Personas) -> None:
    services.petition_update(actor=personas.organizer_a, petition=petition, status="closed")
    response = sign(Client(), petition)
    assert response.status_code == 400
    assert "This petition is closed." in response.content.decode()
    assert Signature.objects.count() == 0


def test_a_draft_petition_is_not_public(personas: Personas) -> None:
    petition = make_petition(personas, status="draft")
    assert Client().get(f"/petitions/{petition.slug}/").status_code == 404
    assert sign(Client(), petition).status_code == 404


def test_paper_signatures_count_at_once_and_an_address_counts_once(
    petition, personas: Personas
) -> None:
    moment = timezone.now() - timedelta(days=3)
    rows = [
        services.PaperSigner(
            name="Ada Lovelace", email="ada@example.org", country="GB", signed_at=moment
        ),
        services.PaperSigner(
            name="Ada Again", email="ADA@example.org", country="GB", signed_at=moment
        ),
        services.PaperSigner(
            name="Rosa Luxemburg",
            email="rosa@example.org",
            country="DE",
            signed_at=moment,
            display="full",
        ),
    ]
    added = services.signatures_add_confirmed(
        actor=personas.organizer_a, petition=petition, signers=rows
    )
    assert added == 2
    assert (
        services.signatures_add_confirmed(
            actor=personas.organizer_a, petition=petition, signers=rows
        )
        == 0
    )
    stats = stats_compute(petition.pk)
    assert stats.total == 2 and stats.by_day == [(moment.date(), 2)]


def test_one_bad_paper_row_stores_nothing(petition, personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    rows = [
        services.PaperSigner(
            name="Ada", email="ada@example.org", country="GB", signed_at=timezone.now()
        ),
        services.PaperSigner(name="", email="nobody", country="ZZ", signed_at=timezone.now()),
    ]
    with pytest.raises(ValidationError, match="Row 2"):
        services.signatures_add_confirmed(
            actor=personas.organizer_a, petition=petition, signers=rows
        )
    assert Signature.objects.count() == 0

"""Privacy: encryption at rest, retention erasure with exact counts, audited exports."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from massline.audit.models import AuditEntry
from massline.campaigns.petitions import services
from massline.campaigns.petitions.models import Signature, Tally
from massline.campaigns.petitions.stats import stats_compute
from massline.campaigns.petitions.tests.world import make_petition
from massline.conftest import Personas
from massline.people.tests.test_views_dump import dump

pytestmark = pytest.mark.django_db

SIGNERS = [
    (
        "Svetlana Abramovich",
        "svetlana.abramovich@example.org",
        "RU",
        "Nizhny Novgorod",
        "full",
        True,
    ),
    ("Giacomo Marzotto", "giacomo.marzotto@example.net", "IT", "Genova", "first", False),
    ("Hidden Person", "hidden.person@example.com", "RU", "Yekaterinburg", "hidden", True),
    ("Karl Becker", "karl.becker@example.de", "DE", "Bochum", "full", False),
]


@pytest.fixture
def petition(personas: Personas):
    return make_petition(personas)


def sign_and_confirm(petition, signers=SIGNERS) -> None:
    for name, email, country, city, display, consent in signers:
        services.signature_sign(
            petition=petition,
            name=name,
            email=email,
            country=country,
            city=city,
            display=display,
            consent_contact=consent,
        )
        signature = Signature.objects.get(email_index=services.lookup_email_index(email))
        services.signature_confirm(token=services.confirm_token(signature))


def test_a_database_dump_holds_no_signers_name_email_or_city(petition) -> None:
    sign_and_confirm(petition)
    services.signature_sign(
        petition=petition, name="Pending Person", email="pending@example.org", country="FR"
    )
    text = dump()
    for name, email, _country, city, _display, _consent in SIGNERS:
        for secret in (name, email, city, *name.split()):
            assert secret not in text, secret
    assert "Pending Person" not in text and "pending@example.org" not in text


def test_retention_erases_signers_and_keeps_the_counts_exactly(petition) -> None:
    sign_and_confirm(petition, SIGNERS[:2])
    with time_machine.travel(timezone.now() + timedelta(days=200)):
        sign_and_confirm(petition, SIGNERS[2:])
    before = stats_compute(petition.pk)
    assert before.total == 4
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        call_command("petitions_housekeeping", stdout=io.StringIO())
        assert Signature.objects.count() == 2, "only the older two are past 365 days"
        call_command("petitions_housekeeping", stdout=io.StringIO())
    after = stats_compute(petition.pk)
    assert after.total == 4
    assert after.by_country == before.by_country == [("RU", 2), ("DE", 1), ("IT", 1)]
    assert after.by_day == before.by_day
    with time_machine.travel(timezone.now() + timedelta(days=600)):
        services.signatures_erase_expired()
    assert Signature.objects.count() == 0
    assert stats_compute(petition.pk).total == 4
    assert sum(Tally.objects.values_list("count", flat=True)) == 4
    assert AuditEntry.objects.filter(action="petition.signatures.erase").count() == 2


def test_a_petitions_own_retention_period_wins(petition, personas: Personas) -> None:
    services.petition_update(actor=personas.organizer_a, petition=petition, retention_days=10)
    sign_and_confirm(petition, SIGNERS[:1])
    with time_machine.travel(timezone.now() + timedelta(days=11)):
        assert services.signatures_erase_expired() == 1
    assert stats_compute(petition.pk).total == 1


@override_settings(MASSLINE_PETITION_RETENTION_DAYS=0)
def test_a_retention_of_zero_keeps_the_data(petition) -> None:
    sign_and_confirm(petition, SIGNERS[:1])
    with time_machine.travel(timezone.now() + timedelta(days=5000)):
        assert services.signatures_erase_expired() == 0


def test_a_withdrawal_after_erasure_finds_nothing_and_the_count_stays(petition) -> None:
    sign_and_confirm(petition, SIGNERS[:1])
    link = services.withdraw_token(Signature.objects.get())
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        services.signatures_erase_expired()
    with pytest.raises(services.TokenError):
        services.signature_withdraw(token=link)
    assert stats_compute(petition.pk).total == 1


def test_the_coordinator_erases_every_signer_and_the_counts_remain(
    petition, personas: Personas
) -> None:
    sign_and_confirm(petition)
    response = personas.client("organizer_a").post(f"/petitions/{petition.slug}/erase/")
    assert response.status_code == 302
    assert Signature.objects.count() == 0
    assert stats_compute(petition.pk).total == 4


def test_the_export_gives_contact_data_only_of_consenting_signers_and_is_audited(
    petition, personas: Personas
) -> None:
    sign_and_confirm(petition)
    response = personas.client("organizer_a").get(f"/petitions/{petition.slug}/signatures.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 5
    body = response.content.decode()
    assert "svetlana.abramovich@example.org" in body and "Nizhny Novgorod" in body
    assert "Hidden Person" in body and "hidden.person@example.com" in body
    assert "giacomo.marzotto@example.net" not in body and "Genova" not in body
    assert "Giacomo (Italy)" in body and "Marzotto" not in body
    assert "karl.becker@example.de" not in body and "Bochum" not in body
    entry = AuditEntry.objects.get(action="petition.signatures.export")
    assert entry.actor == personas.organizer_a and entry.data == {"count": 4}


def test_organizer_b_and_members_cannot_export(petition, personas: Personas) -> None:
    sign_and_confirm(petition)
    for persona in ("organizer_b", "member_a", "guest"):
        url = f"/petitions/{petition.slug}/signatures.csv"
        assert personas.client(persona).get(url).status_code == 403
    assert not AuditEntry.objects.filter(action="petition.signatures.export").exists()


def test_the_coordinator_page_draws_the_pictures(petition, personas: Personas) -> None:
    sign_and_confirm(petition)
    page = personas.client("organizer_a").get(f"/petitions/{petition.slug}/manage/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<svg") == 2
    assert "Russia" in html and "Signatures over time" in html


def test_the_public_page_reads_a_constant_number_of_queries(
    petition, django_assert_max_num_queries
) -> None:
    sign_and_confirm(petition)
    client = Client()
    client.get(f"/petitions/{petition.slug}/")
    with django_assert_max_num_queries(3):
        client.get(f"/petitions/{petition.slug}/")


def test_the_list_of_petitions_reads_few_queries(
    petition, personas: Personas, django_assert_max_num_queries
) -> None:
    client = personas.client("organizer_a")
    with django_assert_max_num_queries(8):
        assert client.get("/petitions/").status_code == 200

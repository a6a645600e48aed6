"""The petition in the visitor's language, and the mail in the signer's."""

import pytest
from django.core import mail
from django.test import Client, override_settings

from massline.campaigns.petitions import services
from massline.campaigns.petitions.models import Signature
from massline.campaigns.petitions.tests.world import SIGNER, make_petition, sign
from massline.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(personas: Personas):
    petition = make_petition(personas)
    services.petition_text_save(
        actor=personas.organizer_a,
        petition=petition,
        language="ru",
        title="Свободу писателю",
        text="Его посадили за пост в блоге.",
    )
    return petition


def test_a_russian_visitor_reads_the_russian_text_and_form(petition) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    page = client.get(f"/petitions/{petition.slug}/").content.decode()
    assert "Свободу писателю" in page and "Его посадили" in page
    assert "Подписать петицию" in page and "Ваше имя" in page
    assert "Release the writer now" not in page
    english = Client().get(f"/petitions/{petition.slug}/").content.decode()
    assert "Release the writer now" in english and "Sign the petition" in english


def test_an_italian_visitor_without_an_italian_text_reads_the_original(petition) -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="it").get(f"/petitions/{petition.slug}/")
    html = page.content.decode()
    assert "Release the writer now" in html and "Firma la petizione" in html


def test_the_mail_comes_in_the_signers_language(
    petition, django_capture_on_commit_callbacks
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    with django_capture_on_commit_callbacks(execute=True):
        assert sign(client, petition).status_code == 302
    message = mail.outbox[-1]
    assert message.subject == "Пожалуйста, подтвердите свою подпись"
    assert "Свободу писателю" in message.body
    assert Signature.objects.get().language == "ru"


@override_settings(TASK_BACKEND="database")
def test_with_the_database_queue_the_mail_is_queued_in_the_signing_transaction(
    petition,
) -> None:
    """No commit hook runs here (the test's transaction never commits), yet the mail goes:
    it was queued inside the transaction that stored the signature."""
    assert sign(Client(), petition).status_code == 302
    assert [m.to for m in mail.outbox] == [[SIGNER["email"]]]


def test_the_cached_page_gives_each_visitor_a_working_language_switch(petition) -> None:
    """The page is cached whole for visitors without a session; the CSRF token of the
    language form is each visitor's own."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(f"/petitions/{petition.slug}/")
    page = second.get(f"/petitions/{petition.slug}/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert "\x00" not in page
    response = second.post(
        "/i18n/setlang/",
        {"language": "ru", "next": f"/petitions/{petition.slug}/", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert "Свободу писателю" in second.get(f"/petitions/{petition.slug}/").content.decode()

"""The register's pages: lists without N+1 queries, the greeting proposal, public pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from massline.letters import services
from massline.letters.models import Letter
from massline.letters.reminders import remind_greetings_due
from massline.letters.tests.world import build_letters_world, draft


@pytest.fixture
def world(personas):
    return build_letters_world(personas)


def test_the_register_list_makes_a_bounded_number_of_queries(
    personas, world, django_assert_max_num_queries
):
    for n in range(12):
        draft(personas, subject=f"Letter {n}", orgs=[world.pmli, world.mlpd])
    client = personas.client("secretary")
    client.get(reverse("letters:letter_list"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("letters:letter_list"))
    assert response.status_code == 200
    with django_assert_max_num_queries(16):
        client.get(reverse("letters:letter_list"), {"q": "товарищи", "country": "IT"})


def test_the_public_list_makes_a_bounded_number_of_queries(
    client, personas, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("letters:public_list", args=["ru"]))
    assert world.approved_root.subject in response.content.decode()


def test_the_greetings_due_list_makes_a_bounded_number_of_queries(
    personas, world, django_assert_max_num_queries
):
    client = personas.client("secretary")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("letters:greetings_due"))
    assert world.anniversary.title in response.content.decode()


def test_organizer_b_never_sees_unit_a_letters_in_the_register(personas, world):
    content = personas.client("organizer_b").get(reverse("letters:letter_list")).content.decode()
    assert world.draft_a.register_number not in content
    assert world.inbound_a.register_number not in content


def test_a_greeting_for_an_anniversary_is_drafted_to_its_organizations(personas, world):
    client = personas.client("secretary")
    url = reverse("letters:anniversary_greeting", args=[world.anniversary.pk])
    assert world.pmli.name in client.get(url).content.decode()
    response = client.post(url, {"unit": personas.root.pk, "language": "ru"})
    letter = Letter.objects.get(anniversary=world.anniversary)
    assert response.status_code == 302
    assert response["Location"] == reverse("letters:letter_detail", args=[letter.pk])
    assert letter.kind == Letter.Kind.GREETING and letter.status == Letter.Status.DRAFT
    assert [r.organization for r in letter.recipients.all()] == [world.pmli]
    # The address used last time is proposed again.
    assert letter.recipients.get().email == "pmli@example.org"
    due = personas.client("secretary").get(reverse("letters:greetings_due")).content.decode()
    assert letter.register_number in due


def test_secretaries_are_reminded_of_greetings_due(personas, world, mailbox):
    today = world.anniversary.next_date(timezone.localdate())
    assert remind_greetings_due(today=today) >= 1
    message = mailbox.wait_for(to=personas.secretary.email)
    assert world.anniversary.title in message.text
    draft(personas, unit=personas.root, author=personas.secretary)
    services.anniversary_greeting_create(
        actor=personas.secretary, anniversary=world.anniversary, unit=personas.root, language="ru"
    )
    assert remind_greetings_due(today=today) == 0


def test_the_public_page_shows_only_published_languages(client, personas, world):
    letter = world.approved_root
    ru = client.get(
        reverse("letters:public_letter", args=[letter.register_year, letter.register_seq, "ru"])
    )
    assert ru.status_code == 200 and "Дорогие товарищи" in ru.content.decode()
    it = client.get(
        reverse("letters:public_letter", args=[letter.register_year, letter.register_seq, "it"])
    )
    assert it.status_code == 404


def test_the_atom_feed_lists_the_published_letter(client, world):
    response = client.get(reverse("letters:feed_atom", args=["ru"]))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert world.approved_root.register_number in response.content.decode()
    assert (
        world.approved_root.register_number
        not in client.get(reverse("letters:feed_atom", args=["it"])).content.decode()
    )


def test_unpublishing_takes_the_page_down(client, personas, world):
    letter = world.approved_root
    services.letter_unpublish(actor=personas.secretary, letter=letter, languages=["ru"])
    url = reverse("letters:public_letter", args=[letter.register_year, letter.register_seq, "ru"])
    assert client.get(url).status_code == 404

"""The mass-work pages through the test client: forms, errors on the page, htmx fragments,
navigation, and organizer B never seeing unit A's contacts anywhere."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from massline.people.models import Assessment, Contact, FollowUp, Interaction, Segment
from massline.people.services import contacts
from massline.people.tests.mass_work_world import ANNA, MassWork, build_mass_work


@pytest.fixture
def mass(personas) -> MassWork:
    return build_mass_work(personas)


def text(response) -> str:
    return response.content.decode()


# Forms ------------------------------------------------------------------------------------


def test_an_organizer_adds_a_contact_through_the_form(personas, mass):
    client = personas.client("organizer_a")
    response = client.post(
        reverse("people:contact_create"),
        {
            "unit": personas.unit_a.pk,
            "given_name": "Lucia",
            "family_name": "Conti",
            "emails": "lucia@example.org\nlucia.conti@example.net",
            "phones": "+39 333 555 0303",
            "status": "supporter",
            "constituencies": ["women", "workers"],
            "tags": "canteen, night shift",
            "languages": "it, en",
            "site": mass.site_a.pk,
            "consent_email": "on",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    assert contact.email_list == ["lucia@example.org", "lucia.conti@example.net"]
    assert {c.key for c in contact.constituencies.all()} == {"women", "workers"}
    assert {t.name for t in contact.tags.all()} == {"canteen", "night shift"}
    assert contact.languages == ["it", "en"]
    page = text(client.get(response["Location"]))
    assert "Lucia Conti" in page
    assert "lucia.conti@example.net" in page
    assert "+39 333 555 0303" in page


def test_the_edit_form_shows_the_contact_and_saves_changes(personas, mass):
    client = personas.client("organizer_a")
    url = reverse("people:contact_edit", args=[mass.anna.pk])
    assert ANNA["emails"][0] in text(client.get(url))
    response = client.post(
        url,
        {
            "unit": personas.unit_a.pk,
            "given_name": "Anna",
            "family_name": "Bellucci",
            "emails": "anna@example.org",
            "status": "member",
            "constituencies": ["workers"],
        },
    )
    assert response.status_code == 302
    mass.anna.refresh_from_db()
    assert (mass.anna.status, mass.anna.emails) == ("member", "anna@example.org")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("emails", "not-an-email", "“not-an-email” is not an email address."),
        ("phones", "12", "“12” is not a phone number"),
        ("languages", "russian", "Give languages as ISO codes"),
        ("given_name", "x" * 201, "Ensure this value has at most 200 characters"),
    ],
)
def test_bad_input_on_the_contact_form_answers_400_and_writes_nothing(
    personas, mass, field, value, message
):
    before = Contact.objects.count()
    payload = {"unit": personas.unit_a.pk, "given_name": "Lucia", "status": "contact", field: value}
    response = personas.client("organizer_a").post(reverse("people:contact_create"), payload)
    assert response.status_code == 400
    assert message in text(response)
    assert Contact.objects.count() == before


def test_organizer_b_cannot_file_a_contact_in_unit_a(personas, mass):
    before = Contact.objects.count()
    response = personas.client("organizer_b").post(
        reverse("people:contact_create"),
        {"unit": personas.unit_a.pk, "given_name": "Spy", "status": "contact"},
    )
    assert response.status_code == 400
    assert Contact.objects.count() == before


def test_script_in_any_text_is_shown_as_text(personas, mass):
    script = "<script>alert('x')</script>"
    contact = contacts.contact_create(
        actor=personas.organizer_a,
        unit=personas.unit_a,
        given_name=script,
        notes=f"<img src=x onerror=alert(1)>{script}",
        city=script[:100],
        union=script,
        tags=[script[:60]],
        constituencies=["workers"],
    )
    contacts.segment_create(
        actor=personas.organizer_a, unit=personas.unit_a, name=script, query='city:"x"'
    )
    client = personas.client("organizer_a")
    for url in (
        reverse("people:contact_detail", args=[contact.pk]),
        reverse("people:contact_list"),
        reverse("people:segment_list"),
        reverse("people:interaction_log", args=[contact.pk]),
    ):
        page = text(client.get(url))
        assert "<script>alert" not in page, url
        assert "<img src=x" not in page, url
        assert "&lt;script&gt;" in page, url


def test_the_quick_entry_logs_the_conversation_assessment_and_next_step(personas, mass):
    client = personas.client("organizer_a")
    due = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(
        reverse("people:interaction_log", args=[mass.marco.pk]),
        {
            "kind": "call",
            "outcome": "positive",
            "notes": "Will come to the assembly.",
            "assessment": "2",
            "due_on": due,
            "task": "Send the address",
            "assigned_to": personas.organizer_a.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:contact_detail", args=[mass.marco.pk])
    assert Interaction.objects.get(contact=mass.marco).notes == "Will come to the assembly."
    assert Assessment.objects.get(contact=mass.marco).level == 2
    assert FollowUp.objects.get(contact=mass.marco).task == "Send the address"
    page = text(client.get(response["Location"]))
    assert "Will come to the assembly." in page
    assert "Send the address" in page


def test_the_quick_entry_goes_back_where_it_was_opened_from(personas, mass):
    back = reverse("people:follow_up_list")
    response = personas.client("organizer_a").post(
        reverse("people:interaction_log", args=[mass.anna.pk]),
        {"kind": "visit", "outcome": "neutral", "next": back},
    )
    assert response["Location"] == back
    response = personas.client("organizer_a").post(
        reverse("people:interaction_log", args=[mass.anna.pk]),
        {"kind": "visit", "outcome": "neutral", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("people:contact_detail", args=[mass.anna.pk])


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"due_on": "2001-01-01", "task": "Call back"}, "The due date lies in the past."),
        ({"due_on": "2099-01-01"}, "Say what is to be done."),
        ({"task": "Call back"}, "Give the date the next step is due."),
        ({"occurred_at": "2099-01-01T10:00"}, "This lies in the future."),
        ({"assessment": "7"}, "Select a valid choice."),
    ],
)
def test_a_bad_quick_entry_answers_400_with_the_reason_and_writes_nothing(
    personas, mass, payload, message
):
    before = (Interaction.objects.count(), Assessment.objects.count(), FollowUp.objects.count())
    response = personas.client("organizer_a").post(
        reverse("people:interaction_log", args=[mass.marco.pk]),
        {"kind": "conversation", "outcome": "neutral", "assessment": "3", **payload},
    )
    assert response.status_code == 400
    assert message in text(response)
    after = (Interaction.objects.count(), Assessment.objects.count(), FollowUp.objects.count())
    assert after == before


def test_marking_a_follow_up_done_with_htmx_swaps_its_row(personas, mass):
    client = personas.client("organizer_a")
    url = reverse("people:follow_up_done", args=[mass.follow_up_a.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'class="followup done"' in text(response)
    mass.follow_up_a.refresh_from_db()
    assert mass.follow_up_a.done_at is not None
    assert "Bring the leaflet" not in text(client.get(reverse("people:follow_up_list")))
    assert "Bring the leaflet" in text(client.get(reverse("people:follow_up_list"), {"done": "1"}))


def test_overdue_follow_ups_are_highlighted(personas, mass):
    FollowUp.objects.filter(pk=mass.follow_up_a.pk).update(
        due_on=timezone.localdate() - timedelta(days=2)
    )
    page = text(personas.client("organizer_a").get(reverse("people:follow_up_list")))
    assert 'class="followup overdue"' in page


def test_a_struggle_is_saved_with_its_sites_constituencies_and_contacts(personas, mass):
    client = personas.client("organizer_a")
    url = reverse("people:struggle_edit", args=[mass.struggle_a.pk])
    response = client.post(
        url,
        {
            "unit": personas.unit_a.pk,
            "title": "Port strike",
            "kind": "strike",
            "status": "won",
            "started": "2024-03-01",
            "ended": "2024-03-20",
            "sites": [mass.site_a.pk],
            "constituencies": ["workers", "youth"],
            "contacts": [mass.anna.pk],
            "our_support": "Strike fund and a picket rota.",
        },
    )
    assert response.status_code == 302
    page = text(client.get(reverse("people:struggle_detail", args=[mass.struggle_a.pk])))
    assert "Strike fund and a picket rota." in page
    assert "Anna Bellucci" in page
    response = client.post(
        url,
        {
            "unit": personas.unit_a.pk,
            "title": "Port strike",
            "kind": "strike",
            "status": "won",
            "started": "2024-03-20",
            "ended": "2024-03-01",
        },
    )
    assert response.status_code == 400
    assert "The end lies before the start." in text(response)


def test_a_contact_joins_a_struggle_from_their_page(personas, mass):
    client = personas.client("organizer_a")
    struggle = contacts.struggle_save(
        actor=personas.organizer_a, unit=personas.unit_a, title="Rent strike", kind="tenants"
    )
    response = client.post(
        reverse("people:contact_struggle_add", args=[mass.marco.pk]), {"struggle": struggle.pk}
    )
    assert response.status_code == 302
    assert list(struggle.contacts.all()) == [mass.marco]


def test_a_segment_form_with_a_bad_query_shows_the_mistake(personas, mass):
    client = personas.client("organizer_a")
    response = client.post(
        reverse("people:segment_create"),
        {"unit": personas.unit_a.pk, "name": "Broken", "query": "assessment:9"},
    )
    assert response.status_code == 400
    assert "assessment takes a number from 1 to 5." in text(response)
    assert not Segment.objects.filter(name="Broken").exists()
    response = client.post(
        reverse("people:segment_create"),
        {"unit": personas.unit_a.pk, "name": "Logistics", "query": "sector:logistics"},
    )
    assert response.status_code == 302
    page = text(client.get(response["Location"]))
    assert "Anna Bellucci" in page
    assert "Marco Ferri" not in page


def test_a_secretary_adds_a_custom_constituency_and_it_is_offered_on_the_contact_form(
    personas, mass
):
    response = personas.client("secretary").post(
        reverse("people:constituency_create"), {"name": "Pensioners"}
    )
    assert response.status_code == 302
    form = text(personas.client("organizer_a").get(reverse("people:contact_create")))
    assert 'value="pensioners"' in form


# The filter box ---------------------------------------------------------------------------


def test_the_contact_list_filters_with_the_segment_language(personas, mass):
    client = personas.client("organizer_a")
    page = text(client.get(reverse("people:contact_list"), {"q": "status:member"}))
    assert "Marco Ferri" in page
    assert "Anna Bellucci" not in page


def test_a_bad_filter_on_the_list_answers_400_with_the_mistake(personas, mass):
    response = personas.client("organizer_a").get(
        reverse("people:contact_list"), {"q": "status:boss"}
    )
    assert response.status_code == 400
    assert "status takes one of: contact, sympathizer" in text(response)


def test_the_live_count_answers_htmx_with_a_count_or_the_mistake(personas, mass):
    client = personas.client("organizer_a")
    url = reverse("people:query_count")
    response = client.get(url, {"q": "constituency:workers"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "2 contacts match" in text(response)
    response = client.get(url, {"query": "constituency:youth"}, HTTP_HX_REQUEST="true")
    assert "1 contact matches" in text(response)
    response = client.get(url, {"q": "(status:member"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "A parenthesis is not closed." in text(response)


def test_an_exact_email_finds_the_contact(personas, mass):
    page = text(
        personas.client("organizer_a").get(
            reverse("people:contact_list"), {"email": "Anna.Bellucci@example.org"}
        )
    )
    assert "Anna Bellucci" in page
    assert "Marco Ferri" not in page


# Organizer B never sees unit A ------------------------------------------------------------


def test_organizer_b_finds_no_unit_a_contact_in_the_list_search_or_lookups(personas, mass):
    client = personas.client("organizer_b")
    url = reverse("people:contact_list")
    for params in (
        {},
        {"q": "constituency:workers"},
        {"q": 'unit:"Unit A"'},
        {"q": "NOT status:member"},
        {"email": ANNA["emails"][0]},
        {"phone": ANNA["phones"][0]},
    ):
        page = text(client.get(url, params))
        assert "Anna" not in page, params
        assert "Marco" not in page, params
    page = text(client.get(url))
    assert "Boris Kuznetsov" in page


def test_organizer_b_counts_only_unit_b_even_when_naming_unit_a(personas, mass):
    client = personas.client("organizer_b")
    url = reverse("people:query_count")
    assert "1 contact matches" in text(client.get(url, {"q": "constituency:workers"}))
    assert "0 contacts match" in text(client.get(url, {"q": 'unit:"Unit A"'}))
    assert "1 contact matches" in text(
        client.get(url, {"query": "constituency:youth", "unit": personas.unit_a.pk})
    )


def test_organizer_b_sees_no_unit_a_records_on_any_page(personas, mass):
    client = personas.client("organizer_b")
    pages = [
        reverse(name)
        for name in (
            "people:contact_list",
            "people:follow_up_list",
            "people:site_list",
            "people:struggle_list",
            "people:segment_list",
            "people:dashboard",
        )
    ]
    for url in pages:
        page = text(client.get(url))
        for secret in (
            "Anna",
            "Marco",
            "Port depot",
            "Port strike",
            "Young workers<",
            "Bring the leaflet",
        ):
            assert secret not in page, (url, secret)
    for name, pk in (
        ("people:contact_detail", mass.anna.pk),
        ("people:site_detail", mass.site_a.pk),
        ("people:struggle_detail", mass.struggle_a.pk),
        ("people:segment_detail", mass.segment_a.pk),
        ("people:interaction_log", mass.anna.pk),
    ):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    page = text(client.get(reverse("people:segment_detail", args=[mass.segment_b.pk])))
    assert "Boris Kuznetsov" in page
    assert "Anna" not in page


def test_the_dashboard_counts_only_the_users_units(personas, mass):
    page_a = text(personas.client("organizer_a").get(reverse("people:dashboard")))
    page_b = text(personas.client("organizer_b").get(reverse("people:dashboard")))
    assert '<div class="stat">2</div><div class="stat-label">contacts' in page_a
    assert '<div class="stat">1</div><div class="stat-label">contacts' in page_b
    assert "<svg" in page_a


@pytest.mark.parametrize("persona", ["member_a", "guest"])
def test_members_and_guests_get_403_on_every_mass_work_page(personas, mass, persona):
    client = personas.client(persona)
    for name in (
        "people:contact_list",
        "people:query_count",
        "people:contact_create",
        "people:follow_up_list",
        "people:site_list",
        "people:struggle_list",
        "people:segment_list",
        "people:dashboard",
        "people:constituency_create",
    ):
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get(reverse("people:contact_detail", args=[mass.anna.pk])).status_code == 403


# Navigation -------------------------------------------------------------------------------


def test_the_main_navigation_offers_mass_work_to_organizers_only(personas, mass):
    home = reverse("home")
    link = f'href="{reverse("people:contact_list")}"'
    assert link in text(personas.client("organizer_a").get(home))
    assert link not in text(personas.client("member_a").get(home))
    assert link not in text(personas.client("guest").get(home))


def test_the_sub_navigation_links_only_pages_that_exist():
    template = Template(
        '{% load people_tags %}[{% optional_url "people:no_such_page" %}]'
        '[{% optional_url "people:site_detail" 7 %}]'
    )
    assert template.render(Context({})) == f"[][{reverse('people:site_detail', args=[7])}]"


def test_import_and_duplicates_links_are_for_secretaries(personas, mass):
    request = RequestFactory().get("/")
    request.user = personas.organizer_a
    template = Template('{% load people_tags %}{% people_subnav "contacts" %}')
    assert "Import" not in template.render(Context({"request": request}))
    assert "Duplicates" not in template.render(Context({"request": request}))
    request.user = personas.secretary
    rendered = template.render(Context({"request": request}))
    for name, label in (("people:import_list", "Import"), ("people:duplicate_list", "Duplicates")):
        try:
            expected = reverse(name)
        except NoReverseMatch:  # the page may not be installed yet
            assert label not in rendered
        else:
            assert expected in rendered

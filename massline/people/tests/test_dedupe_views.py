"""The de-duplication pages: list, scan, review, merge, keep apart, merge history."""

import pytest
from django.test import Client
from django.urls import reverse

from massline.people.models import Contact, DuplicateCandidate, MergeRecord
from massline.people.services.contacts import contact_create
from massline.people.services.dedupe import dedupe_scan

pytestmark = pytest.mark.django_db


def make(personas, **fields):
    return contact_create(actor=personas.admin, unit=personas.unit_a, **fields)


@pytest.fixture
def candidate(personas):
    make(
        personas,
        given_name="Ivan",
        family_name="Petrov",
        emails=["ivan@example.org"],
        city="Moscow",
        notes="Met at the depot.",
    )
    make(
        personas,
        given_name="Иван",
        family_name="Петров",
        emails=["ivan@example.org"],
        phones=["+79161234567"],
        city="Москва",
        status="member",
    )
    dedupe_scan(actor=personas.secretary)
    return DuplicateCandidate.objects.get()


def test_the_list_shows_open_pairs_with_score_and_reasons_in_few_queries(
    personas, django_assert_max_num_queries
):
    for n in range(6):
        make(personas, given_name=f"Person{n}", emails=[f"p{n}@example.org"])
        make(personas, given_name=f"Person{n}", emails=[f"p{n}@example.org"])
    dedupe_scan(actor=personas.secretary)
    client = personas.client("secretary")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("people:duplicate_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "6 open pairs" in page
    assert "same email" in page
    assert page.count(">Review</a>") == 6


def test_scan_now_runs_the_scan_and_says_what_it_found(personas):
    make(personas, given_name="Olga", emails=["olga@example.org"])
    make(personas, given_name="Olga", emails=["olga@example.org"])
    client = personas.client("secretary")
    response = client.post(reverse("people:duplicate_scan"), {"unit": ""}, follow=True)
    assert response.status_code == 200
    assert "Scan finished: 1 new possible duplicates." in response.content.decode()
    assert "The last scan found 1 new possible duplicate." in response.content.decode()
    assert DuplicateCandidate.objects.count() == 1


def test_a_scan_of_a_unit_the_user_does_not_manage_is_refused(personas):
    client = personas.client("secretary")
    response = client.post(reverse("people:duplicate_scan"), {"unit": "987654"}, follow=True)
    assert "Choose one of your units." in response.content.decode()


def test_the_review_shows_both_contacts_and_a_radio_per_differing_field(personas, candidate):
    response = personas.client("secretary").get(
        reverse("people:duplicate_review", args=[candidate.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ivan Petrov" in page and "Иван Петров" in page
    assert 'name="given_name"' in page
    assert 'name="phones"' in page
    assert 'name="emails"' not in page  # the same on both sides
    assert "same email" in page
    assert "<script" not in page.split("</head>")[1]


def test_merging_from_the_review_applies_the_choices_and_shows_the_history(personas, candidate):
    first, second = candidate.first, candidate.second
    response = personas.client("secretary").post(
        reverse("people:duplicate_review", args=[candidate.pk]),
        {
            "survivor": "b",
            "given_name": "a",
            "family_name": "a",
            "city": "a",
            "notes": "a",
            "phones": "b",
            "status": "b",
        },
        follow=True,
    )
    assert response.status_code == 200
    kept = Contact.objects.get()
    assert kept.pk == second.pk
    assert (kept.given_name, kept.family_name, kept.city) == ("Ivan", "Petrov", "Moscow")
    assert kept.notes == "Met at the depot."
    assert kept.phone_list == ["+79161234567"]
    assert kept.status == "member"
    assert MergeRecord.objects.get().merged_contact_id == first.pk
    page = response.content.decode()
    assert f"merged contact no. {first.pk} into this one" in page
    assert "The removed record as it was" in page


def test_a_merge_the_service_refuses_answers_400_with_the_reason_and_changes_nothing(
    personas, candidate
):
    Contact.objects.filter(pk=candidate.second_id).update(notes="x" * 19990)
    response = personas.client("secretary").post(
        reverse("people:duplicate_review", args=[candidate.pk]),
        {
            "survivor": "a",
            "given_name": "a",
            "family_name": "a",
            "phones": "both",
            "city": "a",
            "status": "b",
            "notes": "both",
        },
    )
    assert response.status_code == 400
    assert "choose one of the two" in response.content.decode()
    assert Contact.objects.count() == 2


def test_a_bad_choice_in_the_form_answers_400(personas, candidate):
    response = personas.client("secretary").post(
        reverse("people:duplicate_review", args=[candidate.pk]),
        {"survivor": "a", "given_name": "both"},
    )
    assert response.status_code == 400
    assert Contact.objects.count() == 2


def test_keeping_apart_removes_the_pair_from_the_list(personas, candidate):
    client = personas.client("secretary")
    response = client.post(reverse("people:duplicate_keep_apart", args=[candidate.pk]), follow=True)
    assert "Kept apart" in response.content.decode()
    assert "0 open pairs" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.KEPT_APART
    response = client.post(reverse("people:duplicate_keep_apart", args=[candidate.pk]))
    assert response.status_code == 404


def test_organizer_b_never_sees_the_merge_history_of_a_contact_of_unit_a(personas, candidate):
    url = reverse("people:merge_history", args=[candidate.first_id])
    assert personas.client("organizer_b").get(url).status_code == 404
    response = personas.client("organizer_a").get(url)
    assert response.status_code == 200
    assert "No other record was merged into this contact." in response.content.decode()


def test_a_secretary_of_unit_b_sees_only_pairs_of_unit_b(personas, candidate):
    from massline.accounts.models import Role
    from massline.accounts.services import membership_set, user_create

    secretary_b = user_create(email="sec.b@example.org", password="x" * 12)
    membership_set(actor=None, user=secretary_b, unit=personas.unit_b, role=Role.SECRETARY)
    contact_create(
        actor=personas.admin, unit=personas.unit_b, given_name="Olga", emails=["olga@example.org"]
    )
    contact_create(
        actor=personas.admin, unit=personas.unit_b, given_name="Olga", emails=["olga@example.org"]
    )
    dedupe_scan(actor=secretary_b)
    client = Client()
    client.force_login(secretary_b)
    page = client.get(reverse("people:duplicate_list")).content.decode()
    assert "1 open pair" in page
    assert "Petrov" not in page and "Петров" not in page
    assert client.get(reverse("people:duplicate_review", args=[candidate.pk])).status_code == 404
    response = client.post(reverse("people:duplicate_keep_apart", args=[candidate.pk]))
    assert response.status_code == 404

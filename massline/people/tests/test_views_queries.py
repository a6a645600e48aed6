"""Mass-work list pages run a fixed number of queries, however many rows they show."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from massline.people.services import activity, contacts
from massline.people.tests.mass_work_world import MassWork, build_mass_work

MAX_QUERIES = 16
KEYS = ["workers", "women", "youth", "oppressed-nationalities"]


def add_people(personas, mass: MassWork, count: int, offset: int = 0) -> None:
    """Contacts with constituencies, tags, a site, conversations, assessments, follow-ups,
    all tied to the struggle: everything a list page might fetch row by row."""
    organizer = personas.organizer_a
    for n in range(offset, offset + count):
        contact = contacts.contact_create(
            actor=organizer,
            unit=personas.unit_a,
            given_name=f"Person {n}",
            emails=[f"person{n}@example.org"],
            constituencies=[KEYS[n % 4], KEYS[(n + 1) % 4]],
            tags=[f"tag {n % 3}"],
            site=mass.site_a if n % 2 else None,
        )
        activity.interaction_log(
            actor=organizer,
            contact=contact,
            kind="conversation",
            assessment=1 + n % 5,
            occurred_at=timezone.now() - timedelta(days=n * 7 % 300),
            next_step=activity.NextStep(
                due_on=timezone.localdate() + timedelta(days=n % 5),
                task=f"Call {n}",
                assigned_to=organizer,
            ),
        )
        contacts.struggle_contact_add(actor=organizer, struggle=mass.struggle_a, contact=contact)
        contacts.struggle_save(
            actor=organizer,
            unit=personas.unit_a,
            title=f"Struggle {n}",
            kind="strike",
            sites=[mass.site_a],
            constituencies=["workers"],
        )
        contacts.segment_create(
            actor=organizer,
            unit=personas.unit_a,
            name=f"Segment {n}",
            query=f"constituency:{KEYS[n % 4]}",
        )
        contacts.site_create(
            actor=organizer, unit=personas.unit_a, name=f"Site {n}", kind="workplace"
        )


def pages(mass: MassWork) -> list[tuple[str, dict[str, str]]]:
    return [
        (reverse("people:contact_list"), {}),
        (reverse("people:contact_list"), {"q": "constituency:workers assessment<=3"}),
        (reverse("people:contact_list"), {"page": "2"}),
        (reverse("people:query_count"), {"q": "constituency:youth"}),
        (reverse("people:contact_detail", args=[mass.anna.pk]), {}),
        (reverse("people:follow_up_list"), {}),
        (reverse("people:site_list"), {}),
        (reverse("people:site_detail", args=[mass.site_a.pk]), {}),
        (reverse("people:struggle_list"), {}),
        (reverse("people:struggle_detail", args=[mass.struggle_a.pk]), {}),
        (reverse("people:struggle_edit", args=[mass.struggle_a.pk]), {}),
        (reverse("people:segment_list"), {}),
        (reverse("people:segment_detail", args=[mass.segment_a.pk]), {}),
        (reverse("people:dashboard"), {}),
        (reverse("people:contact_create"), {}),
        (reverse("people:interaction_log", args=[mass.anna.pk]), {}),
    ]


@pytest.mark.parametrize("persona", ["organizer_a", "secretary", "admin"])
def test_list_pages_need_a_fixed_number_of_queries(
    personas, persona, django_assert_max_num_queries
):
    mass = build_mass_work(personas)
    add_people(personas, mass, 60)
    client = personas.client(persona)
    for url, params in pages(mass):
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(url, params)
        assert response.status_code == 200, url


def test_the_query_count_does_not_grow_with_the_rows(personas, django_assert_num_queries):
    mass = build_mass_work(personas)
    add_people(personas, mass, 5)
    client = personas.client("organizer_a")
    few = {}
    for url, params in pages(mass):
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
        few[(url, tuple(params.items()))] = len(queries)
    add_people(personas, mass, 40, offset=5)
    for url, params in pages(mass):
        with django_assert_num_queries(few[(url, tuple(params.items()))]):
            client.get(url, params)

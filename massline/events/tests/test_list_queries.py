"""List pages read the database a fixed number of times, however many rows they show."""

import datetime

from django.urls import reverse

from massline.directory.tests.factories import OrganizationFactory
from massline.events import services
from massline.events.tests.world import FUTURE, build_event_world, make_event


def _many(personas, n: int) -> None:
    world = build_event_world(personas)
    co_host = OrganizationFactory.create(actor=personas.admin, short_name="CO")
    for i in range(n):
        event = make_event(
            personas.organizer_a,
            personas.unit_a,
            slug=f"e{i}",
            starts_at=FUTURE + datetime.timedelta(days=i),
            host=world.host,
            capacity=10,
        )
        services.event_update(actor=personas.organizer_a, event=event, co_hosts=[co_host])
        services.event_translation_save(
            actor=personas.organizer_a, event=event, language="en", title=f"E {i}"
        )
        services.rsvp_submit(event=event, name=f"P{i}", email=f"p{i}@example.org")
        services.anniversary_create(
            actor=personas.organizer_a,
            title=f"A{i}",
            month=4,
            day=i + 1,
            unit=personas.unit_a,
            organizations=[world.host],
        )


def test_the_event_list_and_the_calendar_take_a_fixed_number_of_queries(
    personas, django_assert_max_num_queries
):
    _many(personas, 12)
    client = personas.client("member_a")
    client.get(reverse("events:event_list"))  # warm the session
    with django_assert_max_num_queries(16):
        assert client.get(reverse("events:event_list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("events:calendar") + "?month=2031-09").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("events:anniversary_list")).status_code == 200


def test_the_rsvp_list_takes_a_fixed_number_of_queries(personas, django_assert_max_num_queries):
    world = build_event_world(personas)
    for i in range(30):
        services.rsvp_submit(event=world.public, name=f"P{i}", email=f"q{i}@example.org")
    client = personas.client("organizer_a")
    with django_assert_max_num_queries(20):
        assert client.get(reverse("events:rsvp_list", args=[world.public.pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert (
            client.get(reverse("events:delegation_list", args=[world.event.pk])).status_code == 200
        )

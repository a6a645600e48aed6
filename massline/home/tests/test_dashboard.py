"""The dashboard gathers what each module has for the reader, and only what they may see."""

import datetime

import pytest

from massline.events.models import Event
from massline.events.tests.world import make_event

pytestmark = pytest.mark.django_db


def test_it_lists_the_coming_events_of_the_readers_units_only(personas):
    make_event(
        personas.organizer_a,
        personas.unit_a,
        slug="branch-a-meeting",
        title="Branch A meeting",
        visibility=Event.Visibility.UNIT,
    )
    make_event(
        personas.organizer_b,
        personas.unit_b,
        slug="branch-b-meeting",
        title="Branch B meeting",
        visibility=Event.Visibility.UNIT,
    )
    page = personas.client("member_a").get("/").content.decode()
    assert "Branch A meeting" in page
    assert "Branch B meeting" not in page
    page = personas.client("organizer_b").get("/").content.decode()
    assert "Branch B meeting" in page
    assert "Branch A meeting" not in page


def test_a_guest_sees_no_calendar(personas):
    make_event(personas.organizer_a, personas.unit_a, slug="members-only", title="Members only")
    page = personas.client("guest").get("/").content.decode()
    assert "Members only" not in page
    assert 'id="coming-up-h"' not in page


def test_the_dashboard_takes_a_bounded_number_of_queries(personas, django_assert_max_num_queries):
    for number in range(8):
        make_event(personas.organizer_a, personas.unit_a, slug=f"event-{number}")
    client = personas.client("secretary")
    client.get("/")  # warm the per-request caches of the session
    # session, user, memberships, units, the directory's three counts, mass work's two, and
    # one or two per module card (events and their translations, campaigns, greetings due,
    # corrective actions), whatever the number of records
    with django_assert_max_num_queries(20):
        response = client.get("/")
    assert response.status_code == 200


def test_coming_events_show_the_time_of_their_own_zone(personas):
    make_event(
        personas.organizer_a,
        personas.unit_a,
        slug="berlin-winter",
        title="Winter conference",
        time_zone="Europe/Berlin",
        starts_at=datetime.datetime(2031, 1, 26, 9, 0, tzinfo=datetime.UTC),
    )
    page = personas.client("member_a").get("/").content.decode()
    assert "26 January 2031, 10:00 (Europe/Berlin)" in page


def test_a_member_is_led_to_the_campaigns_members_page(personas):
    from django.urls import reverse

    from massline.campaigns.models import Campaign
    from massline.reviews.tests.world import make_campaign

    made = make_campaign(personas.unit_a)
    Campaign.objects.filter(pk=made.pk).update(status=Campaign.Status.ACTIVE)
    campaign = Campaign.objects.get(pk=made.pk)
    client = personas.client("member_a")
    target = reverse("campaigns:member_page", args=[campaign.slug])
    assert f'href="{target}"' in client.get("/").content.decode()
    assert client.get(target).status_code == 200
    assert f'href="{target}"' not in personas.client("organizer_b").get("/").content.decode()

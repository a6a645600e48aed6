"""Bad input: clear errors, nothing written; script in text is shown as text everywhere."""

import pytest
from django.urls import reverse

from massline.events import services
from massline.events.models import Anniversary, Event, EventTranslation, Rsvp
from massline.events.tests.world import build_event_world
from massline.events.tickets import rsvp_token

SCRIPT = "<script>alert(1)</script>"


def test_script_in_every_text_field_is_escaped_on_every_page(personas):
    world = build_event_world(personas)
    event = world.event
    services.event_update(
        actor=personas.organizer_a,
        event=event,
        title=f"T{SCRIPT}",
        description=f"D{SCRIPT}",
        venue=f"V{SCRIPT}",
        address=f"A{SCRIPT}",
        visibility=Event.Visibility.PUBLIC,
    )
    services.event_translation_save(
        actor=personas.organizer_a, event=event, language="ru", title=f"R{SCRIPT}"
    )
    rsvp, _new = services.rsvp_submit(
        event=event, name=f"N{SCRIPT}", email="x@example.org", organization_name=f"O{SCRIPT}"
    )
    services.delegation_update(
        actor=personas.organizer_a, delegation=world.delegation, notes=f"Notes{SCRIPT}"
    )
    services.delegate_add(
        actor=personas.organizer_a,
        delegation=world.delegation,
        name=f"Del{SCRIPT}",
        role="delegate",
        travel_notes=f"Travel{SCRIPT}",
    )
    services.anniversary_update(
        actor=personas.organizer_a, anniversary=world.anniversary, title=f"Ann{SCRIPT}"
    )
    client = personas.client("organizer_a")
    pages = [
        reverse("events:event_list"),
        reverse("events:calendar") + "?month=2031-09",
        reverse("events:event_detail", args=[event.pk]),
        reverse("events:event_edit", args=[event.pk]),
        reverse("events:rsvp_list", args=[event.pk]),
        reverse("events:delegation_list", args=[event.pk]),
        reverse("events:delegation_detail", args=[world.delegation.pk]),
        reverse("events:checkin", args=[event.pk]) + "?q=n",
        reverse("events:public_event", args=[event.slug]),
        reverse("events:public_thanks", args=[event.slug]),
        reverse("events:ticket", args=[rsvp_token(rsvp)]),
        reverse("events:rsvp_cancel_link", args=[rsvp_token(rsvp)]),
        reverse("events:anniversary_list"),
        reverse("events:anniversary_edit", args=[world.anniversary.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert SCRIPT not in body, url
    detail = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert "T&lt;script&gt;alert(1)&lt;/script&gt;" in detail


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends_local": "2031-09-14T09:00"}, "The end must not be before the start."),
        ({"starts_local": "2031-02-30T10:00"}, "Enter a valid date/time."),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice"),
        ({"slug": "no spaces please"}, "Enter a valid"),
        ({"title": ""}, "This field is required."),
        ({"title": "x" * 201}, "at most 200 characters"),
        ({"online_url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"capacity": "0"}, "greater than or equal to 1"),
        ({"kind": "online", "online_url": ""}, "An online event needs its link."),
    ],
)
def test_a_bad_event_form_says_why_and_writes_nothing(personas, change, message):
    data = {
        "title": "Meeting",
        "slug": "meeting",
        "kind": "meeting",
        "language": "en",
        "unit": personas.unit_a.pk,
        "our_role": "host",
        "time_zone": "Europe/Rome",
        "starts_local": "2031-09-14T10:00",
        "ends_local": "2031-09-14T12:00",
        "visibility": "members",
        "remind_hours_before": "24",
    }
    data.update(change)
    response = personas.client("organizer_a").post(reverse("events:event_create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Ann", "email": "not-an-address"}, "Enter a valid email address."),
        ({"name": "Ann", "email": "a@b@example.org"}, "Enter a valid email address."),
        ({"name": "", "email": "ann@example.org"}, "This field is required."),
        ({"name": "x" * 201, "email": "ann@example.org"}, "at most 200 characters"),
    ],
)
def test_a_bad_public_rsvp_says_why_and_writes_nothing(personas, data, message):
    world = build_event_world(personas)
    before = Rsvp.objects.count()
    response = personas.client("anonymous").post(
        reverse("events:public_event", args=[world.public.slug]), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Rsvp.objects.count() == before


def test_an_impossible_anniversary_date_is_refused(personas):
    response = personas.client("organizer_a").post(
        reverse("events:anniversary_create"),
        {
            "title": "Nope",
            "kind": "other",
            "day": "31",
            "month": "2",
            "remind_days_before": "7",
            "unit": personas.unit_a.pk,
        },
    )
    assert response.status_code == 400
    assert "This month has no such day." in response.content.decode()
    assert not Anniversary.objects.exists()


def test_29_february_is_kept_and_falls_on_28_february_in_other_years(personas):
    anniversary = services.anniversary_create(
        actor=personas.organizer_a, title="Leap", month=2, day=29, unit=personas.unit_a
    )
    assert str(anniversary.date_in(2031)) == "2031-02-28"
    assert str(anniversary.date_in(2032)) == "2032-02-29"


def test_a_translation_into_the_original_language_is_refused(personas):
    world = build_event_world(personas)
    response = personas.client("organizer_a").post(
        reverse("events:translation_save", args=[world.event.pk]),
        {"language": "it", "title": "Stesso"},
        follow=True,
    )
    assert "original language" in response.content.decode()
    assert not EventTranslation.objects.exists()


def test_the_api_refuses_an_end_before_the_start(personas):
    from massline.accounts.services import api_token_create

    _token, secret = api_token_create(user=personas.organizer_a, name="t", scope="write")
    response = personas.client("anonymous").post(
        "/api/v1/events",
        {
            "slug": "x",
            "kind": "rally",
            "title": "X",
            "unit_id": personas.unit_a.pk,
            "our_role": "host",
            "time_zone": "Europe/Rome",
            "starts_local": "2031-05-01T11:00",
            "ends_local": "2031-05-01T10:00",
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 422
    assert "end must not be before the start" in response.content.decode()
    assert not Event.objects.exists()

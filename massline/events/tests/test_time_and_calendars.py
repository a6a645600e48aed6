"""Local times across daylight-saving changes, and iCalendar files parsed back."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from massline.events import services
from massline.events.models import Event
from massline.events.tests.world import build_event_world, make_event

ROME = zoneinfo.ZoneInfo("Europe/Rome")


def _form(personas, **over):
    data = {
        "title": "Commemorazione",
        "slug": "commemorazione",
        "kind": "commemoration",
        "language": "it",
        "unit": personas.unit_a.pk,
        "our_role": "guest",
        "time_zone": "Europe/Rome",
        "starts_local": "2031-10-25T15:00",
        "ends_local": "2031-10-26T15:00",
        "visibility": "public",
        "remind_hours_before": "24",
    }
    data.update(over)
    return data


def test_an_event_spanning_the_autumn_change_keeps_its_wall_clock_times(personas):
    # In 2031 Italy leaves summer time on Sunday 26 October at 03:00.
    client = personas.client("organizer_a")
    response = client.post(reverse("events:event_create"), _form(personas))
    assert response.status_code == 302
    event = Event.objects.get(slug="commemorazione")
    assert event.starts_at == datetime.datetime(2031, 10, 25, 13, 0, tzinfo=datetime.UTC)
    assert event.ends_at == datetime.datetime(2031, 10, 26, 14, 0, tzinfo=datetime.UTC)
    assert event.ends_at - event.starts_at == datetime.timedelta(hours=25)
    page = client.get(reverse("events:event_edit", args=[event.pk])).content.decode()
    assert 'value="2031-10-25T15:00"' in page and 'value="2031-10-26T15:00"' in page


def test_a_time_the_clocks_skip_in_spring_is_refused_with_a_clear_error(personas):
    client = personas.client("organizer_a")
    response = client.post(
        reverse("events:event_create"),
        _form(personas, starts_local="2031-03-30T02:30", ends_local="2031-03-30T05:00"),
    )
    assert response.status_code == 400
    assert "does not exist in Europe/Rome" in response.content.decode()
    assert not Event.objects.exists()


def test_a_time_that_happens_twice_means_the_first_one():
    moment = services.local_to_utc(
        datetime.datetime(2031, 10, 26, 2, 30),  # noqa: DTZ001 - a wall-clock time
        "Europe/Rome",
        "starts_local",
    )
    assert moment == datetime.datetime(2031, 10, 26, 0, 30, tzinfo=datetime.UTC)


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(ValidationError, match="not a known time zone"):
        services.local_to_utc(
            datetime.datetime(2031, 1, 1, 12),  # noqa: DTZ001 - a wall-clock time
            "Europe/Atlantis",
            "x",
        )


def _parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def test_the_ics_of_an_event_parses_back_with_its_zone_and_times(personas):
    event = make_event(
        personas.organizer_a,
        personas.unit_a,
        slug="dst",
        visibility=Event.Visibility.PUBLIC,
        starts_at=datetime.datetime(2031, 10, 25, 13, 0, tzinfo=datetime.UTC),
        hours=25,
    )
    response = personas.client("anonymous").get(
        reverse("events:public_event_ics", args=[event.slug])
    )
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    assert b"DTSTART;TZID=Europe/Rome:20311025T150000" in body
    assert b"DTEND;TZID=Europe/Rome:20311026T150000" in body
    cal = _parse(body)
    zones = [c for c in cal.walk("VTIMEZONE")]
    assert [str(z["TZID"]) for z in zones] == ["Europe/Rome"]
    (vevent,) = cal.walk("VEVENT")
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert start == datetime.datetime(2031, 10, 25, 15, 0, tzinfo=ROME)
    assert end.astimezone(datetime.UTC) == datetime.datetime(2031, 10, 26, 14, tzinfo=datetime.UTC)
    assert str(vevent["UID"]) == f"event-{event.pk}@testserver" or str(vevent["UID"]).startswith(
        f"event-{event.pk}@"
    )
    assert "DTSTAMP" in vevent and str(vevent["STATUS"]) == "CONFIRMED"


def test_the_uid_is_stable_and_a_cancellation_shows_in_the_feed(personas):
    world = build_event_world(personas)
    url = reverse("events:unit_feed", args=[personas.unit_a.pk])
    anonymous = personas.client("anonymous")
    before = _parse(anonymous.get(url).content)
    (item,) = before.walk("VEVENT")  # only the public event
    services.event_cancel(actor=personas.organizer_a, event=world.public)
    after = _parse(anonymous.get(url).content)
    (again,) = after.walk("VEVENT")
    assert str(again["UID"]) == str(item["UID"])
    assert str(again["STATUS"]) == "CANCELLED"
    assert int(str(again["SEQUENCE"])) > int(str(item["SEQUENCE"]))


def test_private_feeds_need_the_secret_and_show_what_its_owner_sees(personas):
    world = build_event_world(personas)
    anonymous = personas.client("anonymous")
    url = reverse("events:private_unit_feed", args=[world.feed_token, personas.unit_a.pk])
    cal = _parse(anonymous.get(url).content)
    titles = sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
    assert titles == ["Event members-event", "Event public-event", "Event unit-event"]
    bogus = reverse("events:private_unit_feed", args=["x" * 32, personas.unit_a.pk])
    assert anonymous.get(bogus).status_code == 404
    services.feed_token_revoke(actor=personas.member_a)
    assert anonymous.get(url).status_code == 404


def test_the_public_feed_of_a_unit_shows_no_members_event(personas):
    build_event_world(personas)
    body = (
        personas.client("anonymous")
        .get(reverse("events:unit_feed", args=[personas.unit_a.pk]))
        .content
    )
    assert b"members-event" not in body and b"Event members-event" not in body
    assert b"Event public-event" in body

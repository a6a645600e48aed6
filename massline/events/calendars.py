"""iCalendar (RFC 5545) files: one event, or a feed of many.

Times are written in the event's own time zone (`DTSTART;TZID=Europe/Rome:...`) with a
VTIMEZONE for every zone used, so calendar apps show the right wall-clock time on both sides of
a daylight-saving change. UIDs are stable (`event-<pk>@<host>`), SEQUENCE grows with every
change and a cancelled event stays in the feed with STATUS:CANCELLED so apps remove it.
"""

import datetime
from collections.abc import Iterable
from urllib.parse import urlparse

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from massline.events.models import Event


def _host() -> str:
    return urlparse(settings.SITE_URL).hostname or "massline.invalid"


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{_host()}"


def _location(event: Event) -> str:
    parts = [p for p in (event.venue, event.address) if p]
    if not parts and event.online_url:
        parts = [event.online_url]
    return ", ".join(parts)


def _vevent(event: Event, now: datetime.datetime, *, public: bool) -> VEvent:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(event.time_zone)
    item = VEvent()
    item.add("uid", event_uid(event))
    item.add("dtstamp", now)
    item.add("dtstart", event.starts_at.astimezone(zone))
    item.add("dtend", event.ends_at.astimezone(zone))
    item.add("summary", event.title)
    if event.description:
        item.add("description", event.description)
    location = _location(event)
    if location:
        item.add("location", location)
    if public and event.visibility == Event.Visibility.PUBLIC:
        item.add("url", settings.SITE_URL + reverse("events:public_event", args=[event.slug]))
    else:
        item.add("url", settings.SITE_URL + reverse("events:event_detail", args=[event.pk]))
    item.add("sequence", event.sequence)
    item.add("last-modified", event.updated_at)
    item.add("categories", [event.kind])
    item.add("class", "PUBLIC" if event.visibility == Event.Visibility.PUBLIC else "PRIVATE")
    item.add("status", "CANCELLED" if event.cancelled_at else "CONFIRMED")
    return item


def calendar_bytes(events: Iterable[Event], *, name: str, public: bool = False) -> bytes:
    """An iCalendar file of `events`, with a VTIMEZONE for each zone they use."""
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//Massline events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    now = timezone.now()
    events = list(events)
    for event in events:
        cal.add_component(_vevent(event, now, public=public))
    # VTIMEZONE components spanning the events' dates, built from the tz database.
    cal.add_missing_timezones()
    return cal.to_ical()

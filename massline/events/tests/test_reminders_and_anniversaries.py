"""Reminder mails before events (once each), anniversaries in the calendar and as proposals."""

import datetime

import time_machine
from django.core.management import call_command
from django.urls import reverse

from massline.events import selectors, services
from massline.events.models import Anniversary, Rsvp
from massline.events.tests.world import FUTURE, build_event_world


def test_reminders_go_out_once_when_the_window_opens(personas, mailbox):
    world = build_event_world(personas)
    with time_machine.travel(FUTURE - datetime.timedelta(hours=30), tick=False):
        call_command("send_event_reminders")
        assert mailbox.messages == []
    with time_machine.travel(FUTURE - datetime.timedelta(hours=20), tick=False):
        call_command("send_event_reminders")
        call_command("send_event_reminders")
    message = mailbox.wait_for(to="giulia@example.org")
    # answered without a language: the mail speaks the event's own (Italian)
    assert message.subject == "Promemoria: Event public-event"
    assert [m.subject for m in mailbox.to("giulia@example.org")] == [message.subject]
    assert Rsvp.objects.get(pk=world.rsvp.pk).reminded_at is not None


def test_no_reminder_for_a_cancelled_rsvp_or_event(personas, mailbox):
    world = build_event_world(personas)
    services.rsvp_cancel(rsvp=world.rsvp)
    with time_machine.travel(FUTURE - datetime.timedelta(hours=2), tick=False):
        call_command("send_event_reminders")
    assert mailbox.messages == []


def test_anniversaries_show_in_the_calendar_on_their_day_every_year(personas):
    world = build_event_world(personas)
    client = personas.client("member_a")
    for year in (2031, 2032):
        page = client.get(reverse("events:calendar") + f"?month={year}-04").content.decode()
        assert "Founding of the party" in page
    assert (
        "Founding of the party"
        not in client.get(reverse("events:calendar") + "?month=2031-05").content.decode()
    )
    assert world.anniversary.years_in(2027) == 50


def test_greetings_are_proposed_in_the_days_before_and_link_to_a_draft_letter(personas):
    build_event_world(personas)
    proposals = selectors.greeting_proposals(
        user=personas.member_a, today=datetime.date(2031, 4, 1)
    )
    assert [p.anniversary.title for p in proposals] == []
    proposals = selectors.greeting_proposals(
        user=personas.member_a, today=datetime.date(2031, 4, 3)
    )
    assert [(p.anniversary.title, p.days_left) for p in proposals] == [("Founding of the party", 6)]
    with time_machine.travel(datetime.datetime(2031, 4, 5, 9, tzinfo=datetime.UTC)):
        page = personas.client("member_a").get(reverse("events:event_list")).content.decode()
    assert "Send greetings" in page and "in 4 days" in page
    greeting = reverse("letters:anniversary_greeting", args=[Anniversary.objects.get().pk])
    assert greeting in page


def test_a_proposal_across_the_new_year(personas):
    services.anniversary_create(
        actor=personas.organizer_a,
        title="Birth of Mao Zedong",
        month=12,
        day=26,
        year=1893,
        remind_days_before=14,
        unit=personas.unit_a,
    )
    (proposal,) = selectors.greeting_proposals(
        user=personas.member_a, today=datetime.date(2031, 12, 20)
    )
    assert proposal.days_left == 6 and proposal.years == 138
    assert (
        selectors.greeting_proposals(user=personas.member_a, today=datetime.date(2031, 12, 27))
        == []
    )

"""RSVPs: seats, the waitlist in order of arrival, cancellation, and the confirmation mail."""

import re
import threading
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from massline.conftest import Personas
from massline.events import services
from massline.events.models import Event, Rsvp
from massline.events.tests.world import make_event
from massline.events.tickets import rsvp_token


def _event(personas: Personas, capacity: int | None = 2, **fields: Any) -> Event:
    return make_event(
        personas.organizer_a,
        personas.unit_a,
        slug="assembly",
        visibility=Event.Visibility.PUBLIC,
        capacity=capacity,
        **fields,
    )


def _answer(event: Event, n: int) -> Rsvp:
    rsvp, _new = services.rsvp_submit(
        event=event, name=f"Person {n}", email=f"p{n}@example.org", language="en"
    )
    return rsvp


def test_people_beyond_capacity_go_on_the_waitlist_in_order_of_arrival(personas):
    event = _event(personas, capacity=2)
    answers = [_answer(event, n) for n in range(5)]
    assert [r.status for r in answers] == ["confirmed"] * 2 + ["waitlisted"] * 3
    assert [r.position for r in answers] == [1, 2, 3, 4, 5]
    assert Rsvp.objects.filter(event=event, status="confirmed").count() == 2


def test_a_cancellation_gives_the_seat_to_the_first_on_the_waitlist(
    personas, django_capture_on_commit_callbacks
):
    event = _event(personas, capacity=2)
    first, _second, third, fourth = (_answer(event, n) for n in range(4))
    with django_capture_on_commit_callbacks(execute=False):
        services.rsvp_cancel(rsvp=first)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == "confirmed" and third.promoted_at is not None
    assert fourth.status == "waitlisted"
    assert Rsvp.objects.filter(event=event, status="confirmed").count() == 2


def test_a_new_answer_never_jumps_the_waitlist_after_a_seat_frees(personas):
    event = _event(personas, capacity=1)
    first, second = _answer(event, 1), _answer(event, 2)
    services.rsvp_cancel(rsvp=first)
    late = _answer(event, 3)
    second.refresh_from_db()
    assert second.status == "confirmed"
    assert late.status == "waitlisted"


def test_a_larger_capacity_moves_people_up_in_order(personas):
    event = _event(personas, capacity=1)
    answers = [_answer(event, n) for n in range(4)]
    services.event_update(actor=personas.organizer_a, event=event, capacity=3)
    statuses = list(
        Rsvp.objects.filter(pk__in=[r.pk for r in answers])
        .order_by("position")
        .values_list("status", flat=True)
    )
    assert statuses == ["confirmed", "confirmed", "confirmed", "waitlisted"]


def test_one_rsvp_per_address_whatever_its_case(personas):
    event = _event(personas, capacity=10)
    first, new = services.rsvp_submit(event=event, name="Anna", email="Anna@Example.org")
    again, new_again = services.rsvp_submit(event=event, name="Anna B", email="anna@example.ORG")
    assert new and not new_again
    assert again.pk == first.pk
    assert Rsvp.objects.filter(event=event).count() == 1


def test_answering_again_after_cancelling_takes_a_new_place_at_the_end(personas):
    event = _event(personas, capacity=1)
    first = _answer(event, 1)
    _answer(event, 2)
    services.rsvp_cancel(rsvp=first)
    back = _answer(event, 1)
    assert back.pk == first.pk
    assert back.status == "waitlisted"
    assert back.position == 3


def test_a_full_event_without_a_waitlist_refuses_and_stores_nothing(personas):
    event = _event(personas, capacity=1, waitlist=False)
    _answer(event, 1)
    with pytest.raises(ValidationError, match="full"):
        _answer(event, 2)
    assert Rsvp.objects.filter(event=event).count() == 1


def test_a_cancelled_event_takes_no_rsvps(personas):
    event = _event(personas)
    services.event_cancel(actor=personas.organizer_a, event=event)
    with pytest.raises(ValidationError):
        _answer(event, 1)


def test_names_and_addresses_are_encrypted_at_rest(personas):
    event = _event(personas)
    _answer(event, 7)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, email, email_index FROM events_rsvp")
        name, email, index = cursor.fetchone()
    assert "Person 7" not in name and "p7@example.org" not in email
    assert index and "example" not in index


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the in-memory SQLite test database is shared-cache and refuses concurrent writers; "
    "the ordering logic is tested above",
)
@pytest.mark.django_db(transaction=True)
def test_two_people_for_the_last_seat_at_the_same_moment_get_one_seat(personas):
    """Threads on their own connections answer at once; the event row lock serializes them."""
    event = _event(personas, capacity=3)
    _answer(event, 0)
    _answer(event, 1)
    start = threading.Barrier(6)
    errors: list[BaseException] = []

    def answer(n: int) -> None:
        try:
            start.wait()
            _answer(event, 100 + n)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    rows = list(Rsvp.objects.filter(event=event).order_by("position"))
    assert len(rows) == 8
    assert [r.status for r in rows].count("confirmed") == 3
    assert [r.position for r in rows] == list(range(1, 9))
    confirmed_positions = [r.position for r in rows if r.status == "confirmed"]
    waiting_positions = [r.position for r in rows if r.status == "waitlisted"]
    assert max(confirmed_positions) < min(waiting_positions)


def test_the_confirmation_mail_has_the_ticket_and_a_working_cancellation_link(
    personas, mailbox, client, django_capture_on_commit_callbacks
):
    event = _event(personas, capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:public_event", args=[event.slug]),
            {"name": "Chiara Neri", "email": "chiara@example.org", "organization_name": "FIOM"},
        )
    assert response.status_code == 302
    message = mailbox.wait_for(to="chiara@example.org")
    rsvp = Rsvp.objects.get(event=event)
    assert rsvp.code in message.text
    links = re.findall(r"https?://\S+/events/r/\S+/cancel/", message.text)
    assert len(links) == 1
    cancel = urlsplit(links[0]).path
    assert "<svg" in message.html
    names = [name for name, _type, _data in message.attachments()]
    assert f"ticket-{rsvp.code}.png" in names and "event.ics" in names
    png = next(data for name, _t, data in message.attachments() if name.endswith(".png"))
    assert png.startswith(b"\x89PNG")

    assert client.post(cancel).status_code == 200
    rsvp.refresh_from_db()
    assert rsvp.status == "cancelled"


def test_the_first_on_the_waitlist_is_mailed_when_moving_up(
    personas, mailbox, django_capture_on_commit_callbacks
):
    event = _event(personas, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = _answer(event, 1)
        _answer(event, 2)
    waiting = mailbox.wait_for(to="p2@example.org")
    assert "waitlist" in waiting.text
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_cancel(rsvp=first)
    message = mailbox.wait_for(to="p2@example.org", count=2)
    assert message.subject == "A seat is free for you: Event assembly"
    assert "Your ticket code" in message.text


def test_a_forged_or_outdated_cancellation_link_is_404(personas, client):
    event = _event(personas)
    rsvp = _answer(event, 1)
    token = rsvp_token(rsvp)
    assert client.get(reverse("events:rsvp_cancel_link", args=[token + "x"])).status_code == 404
    services.rsvp_cancel(rsvp=rsvp)
    _answer(event, 1)  # answering again gives a new ticket code: the old link is dead
    assert client.get(reverse("events:rsvp_cancel_link", args=[token])).status_code == 404

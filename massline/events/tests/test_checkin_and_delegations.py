"""Check-in at the door, and the delegations with their sensitive travel notes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from massline.audit.models import AuditEntry
from massline.events import selectors, services
from massline.events.tests.world import build_event_world


def test_a_code_as_typed_or_as_pasted_by_a_scanner_app_checks_in_once(personas):
    world = build_event_world(personas)
    code = world.delegate.code
    pasted = f"https://massline.example.org/events/t/{code.replace('-', '').lower()}/"
    done = services.checkin(actor=personas.organizer_a, event=world.event, code=pasted)
    assert done.pk == world.delegate.pk and done.checked_in_at is not None
    with pytest.raises(ValidationError, match="already checked in"):
        services.checkin(actor=personas.organizer_a, event=world.event, code=code)


def test_the_steward_page_refuses_a_second_check_in_with_a_clear_message(personas):
    world = build_event_world(personas)
    client = personas.client("organizer_a")
    url = reverse("events:checkin", args=[world.event.pk])
    assert client.post(url, {"code": world.delegate.code}).status_code == 302
    again = client.post(url, {"code": world.delegate.code}, follow=True)
    assert "Marco Bianchi is already checked in" in again.content.decode()
    assert again.redirect_chain == [(url, 302)]
    count = client.get(reverse("events:checkin_count", args=[world.event.pk])).content.decode()
    assert 'class="stat">1<' in count


def test_an_unknown_code_or_a_code_of_another_event_is_refused(personas):
    world = build_event_world(personas)
    with pytest.raises(ValidationError, match="No ticket of this event"):
        services.checkin(actor=personas.organizer_a, event=world.event, code="AAAA-BBBB-CCCC")
    with pytest.raises(ValidationError, match="No ticket of this event"):
        services.checkin(actor=personas.organizer_a, event=world.event, code=world.rsvp.code)


def test_stewards_find_attendees_by_name_in_any_case_and_accent(personas):
    world = build_event_world(personas)
    services.rsvp_submit(event=world.event, name="Nicolò Ferrà", email="nf@example.org")
    found = selectors.attendee_search(user=personas.organizer_a, event=world.event, query="NICOLO")
    assert [r.name for r in found] == ["Nicolò Ferrà"]
    by_org = selectors.attendee_search(
        user=personas.organizer_a, event=world.event, query="MARXISTA"
    )
    assert [r.name for r in by_org] == ["Marco Bianchi"]


def test_someone_on_the_waitlist_cannot_be_checked_in(personas):
    world = build_event_world(personas)
    services.event_update(actor=personas.organizer_a, event=world.public, capacity=1)
    waiting, _new = services.rsvp_submit(event=world.public, name="Late", email="late@example.org")
    assert waiting.status == "waitlisted"
    with pytest.raises(ValidationError, match="waitlist"):
        services.checkin(actor=personas.organizer_a, event=world.public, code=waiting.code)


def test_organizer_b_may_not_check_anyone_in_at_unit_a(personas):
    world = build_event_world(personas)
    with pytest.raises(PermissionDenied):
        services.checkin(actor=personas.organizer_b, event=world.event, code=world.delegate.code)


def test_travel_notes_are_encrypted_and_only_organizers_of_the_unit_read_them(personas):
    from django.db import connection

    world = build_event_world(personas)
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM events_delegation")
        (stored,) = cursor.fetchone()
    assert "Visa" not in stored
    page = personas.client("organizer_a").get(
        reverse("events:delegation_list", args=[world.event.pk])
    )
    assert "Visa applied for." in page.content.decode()
    assert AuditEntry.objects.filter(action="event.delegations.read").exists()
    for persona in ("organizer_b", "member_a"):
        response = personas.client(persona).get(
            reverse("events:delegation_detail", args=[world.delegation.pk])
        )
        assert response.status_code == 403
    detail = personas.client("member_a").get(reverse("events:event_detail", args=[world.event.pk]))
    body = detail.content.decode()
    assert "PMLI-E" in body and "Marco Bianchi" not in body and "Visa" not in body


def test_a_delegate_added_by_form_gets_a_ticket(
    personas, mailbox, django_capture_on_commit_callbacks
):
    world = build_event_world(personas)
    with django_capture_on_commit_callbacks(execute=True):
        response = personas.client("organizer_a").post(
            reverse("events:delegation_detail", args=[world.delegation.pk]),
            {
                "name": "Lena Vogel",
                "role": "interpreter",
                "email": "lena@example.org",
                "language": "de",
                "travel_notes": "Zug",
            },
        )
    assert response.status_code == 302
    message = mailbox.wait_for(to="lena@example.org")
    assert message.subject.startswith("Deine Anmeldung")
    assert any(name.endswith(".png") for name, _t, _d in message.attachments())

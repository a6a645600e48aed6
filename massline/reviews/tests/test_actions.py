"""Corrective actions: verification by someone other than the owner, the transitions,
reminders before and after the due date (each mailed once), and follow-up reviews."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from massline.accounts.services import api_token_create
from massline.conftest import Personas
from massline.reviews import services
from massline.reviews.models import CorrectiveAction
from massline.reviews.tasks import send_review_reminders_task
from massline.reviews.tests.world import Reviews, build_reviews, done_action, in_days

pytestmark = pytest.mark.django_db
Status = CorrectiveAction.Status


@pytest.fixture
def reviews(personas: Personas) -> Reviews:
    return build_reviews(personas)


def test_the_owner_cannot_verify_their_own_correction(personas: Personas, reviews: Reviews) -> None:
    action = done_action(personas, reviews)
    # even an owner who could otherwise edit the review
    services.action_update(actor=personas.secretary, action=action, owner=personas.organizer_a)
    with pytest.raises(PermissionDenied):
        services.action_verify(actor=personas.organizer_a, action=action)
    action.refresh_from_db()
    assert action.status == Status.DONE
    assert action.verified_by is None


def test_the_owner_is_refused_on_the_page_and_in_the_api(
    personas: Personas, reviews: Reviews
) -> None:
    action = done_action(personas, reviews)
    page = personas.client("member_a").post(reverse("reviews:action_verify", args=[action.pk]))
    assert page.status_code == 403
    _token, secret = api_token_create(user=personas.member_a, name="t", scope="write")
    response = personas.client("anonymous").post(
        f"/api/v1/reviews/actions/{action.pk}/verify",
        "{}",
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == Status.DONE


def test_someone_else_verifies_a_correction_reported_done(
    personas: Personas, reviews: Reviews
) -> None:
    action = done_action(personas, reviews)
    services.action_verify(actor=personas.organizer_a, action=action, note="Seen it.")
    action.refresh_from_db()
    assert action.status == Status.VERIFIED
    assert action.verified_by == personas.organizer_a
    assert action.verified_at is not None


def test_only_a_correction_reported_done_can_be_verified(
    personas: Personas, reviews: Reviews
) -> None:
    with pytest.raises(ValidationError):
        services.action_verify(actor=personas.organizer_a, action=reviews.unit_action)
    assert CorrectiveAction.objects.get(pk=reviews.unit_action.pk).status == Status.OPEN


def test_dropping_needs_a_reason(personas: Personas, reviews: Reviews) -> None:
    with pytest.raises(ValidationError) as caught:
        services.action_set_status(
            actor=personas.organizer_a, action=reviews.unit_action, status=Status.DROPPED
        )
    assert "reason" in caught.value.message_dict
    services.action_set_status(
        actor=personas.organizer_a,
        action=reviews.unit_action,
        status=Status.DROPPED,
        reason="The stall was banned by the city.",
    )
    action = CorrectiveAction.objects.get(pk=reviews.unit_action.pk)
    assert action.status == Status.DROPPED
    assert action.dropped_reason == "The stall was banned by the city."


def test_a_reader_who_does_not_own_it_cannot_report_it_done(
    personas: Personas, reviews: Reviews
) -> None:
    action = services.action_add(
        actor=personas.organizer_a,
        finding=reviews.unit_error,
        description="Owned by the organizer",
        owner=personas.organizer_a,
        due_on=in_days(4),
    )
    with pytest.raises(PermissionDenied):
        services.action_set_status(actor=personas.member_a, action=action, status=Status.DONE)


def test_reminders_go_before_and_after_the_due_date_once_each(
    personas: Personas, reviews: Reviews
) -> None:
    mail.outbox.clear()
    due = reviews.unit_action.due_on  # in ten days
    # the three actions of the world fall due on the same day, all owned by member_a
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        out = StringIO()
        call_command("send_review_reminders", stdout=out)
        assert "3 due soon, 0 overdue" in out.getvalue()
        call_command("send_review_reminders", stdout=StringIO())
    assert len(mail.outbox) == 3
    assert all(message.to == [personas.member_a.email] for message in mail.outbox)
    assert "due soon" in mail.outbox[0].subject.lower()
    assert due.isoformat() in mail.outbox[0].body
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + timedelta(days=12), tick=False):
        send_review_reminders_task.enqueue()
        send_review_reminders_task.enqueue()
    assert len(mail.outbox) == 3
    assert all("Overdue" in message.subject for message in mail.outbox)
    # the facilitator is copied on overdue reminders
    assert all(personas.organizer_a.email in message.to for message in mail.outbox)


def test_done_actions_get_no_reminder(personas: Personas, reviews: Reviews) -> None:
    for action in CorrectiveAction.objects.all():
        services.action_set_status(actor=personas.member_a, action=action, status=Status.DONE)
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + timedelta(days=12), tick=False):
        assert services.reminders_send() == (0, 0)
    assert mail.outbox == []


def test_a_follow_up_shows_the_earlier_findings_and_their_current_status(
    personas: Personas, reviews: Reviews
) -> None:
    follow_up = services.follow_up_schedule(
        actor=personas.organizer_a, review=reviews.unit_review, held_on=in_days(30)
    )
    assert follow_up.follows == reviews.unit_review
    assert set(follow_up.participants.all()) == {personas.member_a}
    assert follow_up.confidentiality == reviews.unit_review.confidentiality
    services.action_set_status(
        actor=personas.member_a, action=reviews.unit_action, status=Status.DONE
    )
    page = personas.client("member_a").get(reverse("reviews:review_detail", args=[follow_up.pk]))
    body = page.content.decode()
    assert "Earlier findings and their corrections" in body
    assert "Error of Unit review" in body
    assert "Correction of Unit review" in body
    assert 'class="badge action-done"' in body
    # and the earlier review links to it
    earlier = personas.client("member_a").get(
        reverse("reviews:review_detail", args=[reviews.unit_review.pk])
    )
    assert reverse("reviews:review_detail", args=[follow_up.pk]) in earlier.content.decode()


def test_a_follow_up_in_the_past_is_refused(personas: Personas, reviews: Reviews) -> None:
    with pytest.raises(ValidationError):
        services.follow_up_schedule(
            actor=personas.organizer_a, review=reviews.unit_review, held_on=in_days(-1)
        )

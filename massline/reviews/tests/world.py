"""Reviews for the tests, in the three circles, built through the services.

- `unit_review`: unit A's work, readable by unit A's members (and the root's secretary);
  organizer_a facilitates, member_a takes part.
- `leadership_review`: unit A, leadership only: the root's secretary and administrators, plus
  organizer_a who facilitates.
- `private_review`: unit A, participants only: organizer_a and member_a; not the
  administrator, not the secretary.
Each has an error tagged "sectarianism" with one open corrective action owned by member_a, and
a strength.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.db import models
from django.utils import timezone

from massline.accounts.models import Unit
from massline.conftest import Personas
from massline.reviews import services
from massline.reviews.models import (
    CorrectiveAction,
    Criticism,
    CriticismBatch,
    Finding,
    Review,
)

Confidentiality = Review.Confidentiality


@dataclass
class Reviews:
    unit_review: Review
    leadership_review: Review
    private_review: Review
    unit_error: Finding
    private_error: Finding
    unit_action: CorrectiveAction
    leadership_action: CorrectiveAction
    private_action: CorrectiveAction


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def make_campaign(unit: Unit, slug: str = "free-boris-kagarlitsky") -> models.Model:
    """A release campaign of a unit, made without importing the campaigns app."""
    campaign_model = apps.get_model("campaigns", "Campaign")
    return campaign_model._default_manager.create(
        slug=slug, kind="release", title="Free Boris Kagarlitsky", unit=unit
    )


def _review(
    personas: Personas, title: str, confidentiality: str
) -> tuple[Review, Finding, CorrectiveAction]:
    organizer = personas.organizer_a
    review = services.review_create(
        actor=organizer,
        subject_kind="unit",
        subject_id=personas.unit_a.pk,
        title=title,
        held_on=in_days(-3),
        facilitator=organizer,
        participants=[personas.member_a],
        confidentiality=confidentiality,
        summary=f"Summary of {title}",
    )
    services.finding_add(
        actor=organizer,
        review=review,
        kind=Finding.Kind.STRENGTH,
        title=f"Strength of {title}",
        raised_by=personas.member_a,
    )
    error = services.finding_add(
        actor=organizer,
        review=review,
        kind=Finding.Kind.ERROR,
        title=f"Error of {title}",
        facts="Leaflets went out late.",
        root_cause="Nobody owned the print run.",
        tendencies=["sectarianism"],
    )
    action = services.action_add(
        actor=organizer,
        finding=error,
        description=f"Correction of {title}",
        owner=personas.member_a,
        due_on=in_days(10),
    )
    return review, error, action


def build_reviews(personas: Personas) -> Reviews:
    services.ensure_builtin_tendencies()
    unit_review, unit_error, unit_action = _review(personas, "Unit review", Confidentiality.UNIT)
    leadership_review, _error, leadership_action = _review(
        personas, "Leadership review", Confidentiality.LEADERSHIP
    )
    private_review, private_error, private_action = _review(
        personas, "Private review", Confidentiality.PARTICIPANTS
    )
    return Reviews(
        unit_review=unit_review,
        leadership_review=leadership_review,
        private_review=private_review,
        unit_error=unit_error,
        private_error=private_error,
        unit_action=unit_action,
        leadership_action=leadership_action,
        private_action=private_action,
    )


def done_action(personas: Personas, reviews: Reviews) -> CorrectiveAction:
    """A correction of the unit review that its owner (member_a) reported done."""
    action = services.action_add(
        actor=personas.organizer_a,
        finding=reviews.unit_error,
        description="Print the leaflets a week ahead",
        owner=personas.member_a,
        due_on=in_days(5),
    )
    return services.action_set_status(
        actor=personas.member_a, action=action, status=CorrectiveAction.Status.DONE
    )


def released_criticism(personas: Personas) -> Criticism:
    """One anonymous submission about unit A in a batch whose week is over.

    Written directly: the box files submissions into the current week only.
    """
    start = timezone.localdate() - timedelta(days=14)
    batch = CriticismBatch.objects.create(
        unit=personas.unit_a,
        period_start=start,
        period_end=start + timedelta(days=7),
        size=1,
        threshold=5,
    )
    return Criticism.objects.create(
        batch=batch, about=Criticism.About.LEADERSHIP, text="Meetings start late every week."
    )

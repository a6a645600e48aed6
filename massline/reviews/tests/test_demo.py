"""The demo's reviews: every state of a corrective action, a follow-up, a released batch with
an answer, and a second run that writes nothing."""

from collections import Counter

import pytest
from django.core.cache import cache

from massline.demo.scenario import loader
from massline.demo.scenario.data import FICTIONAL
from massline.demo.scenario.reviews import CAMPAIGN_REVIEW, FOLLOW_UP, load_reviews
from massline.reviews.models import (
    CorrectiveAction,
    CriticismAnswer,
    CriticismBatch,
    Finding,
    Review,
)
from massline.reviews.tests.world import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()


def _base() -> tuple:
    report = loader.Report()
    admin = loader._admin(report, force=True)
    units = loader._units(admin, report)
    loader._people(admin, units, report)
    return admin, units


def test_the_demo_reviews_show_every_state_and_load_once() -> None:
    admin, units = _base()
    make_campaign(units["moscow"])
    created: Counter[str] = Counter()
    load_reviews(admin, units, lambda kind, new: created.update([kind] if new else []))
    review = Review.objects.get(title=CAMPAIGN_REVIEW)
    assert review.subject_type.model == "campaign"
    assert Review.objects.get(title=FOLLOW_UP).follows == review
    assert Review.objects.filter(subject_type__model="user").count() == 1
    statuses = set(CorrectiveAction.objects.values_list("status", flat=True))
    assert statuses == {"open", "done", "verified", "dropped"}
    assert any(action.is_overdue for action in CorrectiveAction.objects.all())
    assert Finding.objects.filter(kind="error", tendencies__isnull=True).count() == 0
    assert all(FICTIONAL in finding.facts for finding in Finding.objects.all())
    batch = CriticismBatch.objects.get()
    assert batch.is_released
    assert CriticismAnswer.objects.count() == 1

    counts = {
        model: model.objects.count()
        for model in (Review, Finding, CorrectiveAction, CriticismBatch, CriticismAnswer)
    }
    again: Counter[str] = Counter()
    load_reviews(admin, units, lambda kind, new: again.update([kind] if new else []))
    assert not again
    assert counts == {model: model.objects.count() for model in counts}


def test_without_the_campaign_the_branch_is_reviewed_and_linked_later() -> None:
    admin, units = _base()
    load_reviews(admin, units, lambda kind, new: None)
    review = Review.objects.get(title=CAMPAIGN_REVIEW)
    assert review.subject_type.model == "unit"
    make_campaign(units["moscow"])
    load_reviews(admin, units, lambda kind, new: None)
    review.refresh_from_db()
    assert review.subject_type.model == "campaign"
    assert Review.objects.get(title=FOLLOW_UP).subject_type.model == "campaign"

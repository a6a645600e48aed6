"""Bad input: a clear error and nothing written. Text is shown escaped everywhere."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from massline.accounts.services import api_token_create
from massline.audit.models import AuditEntry
from massline.conftest import Personas
from massline.reviews import services
from massline.reviews.models import CorrectiveAction, Finding, Review
from massline.reviews.tests.world import Reviews, build_reviews, in_days

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


@pytest.fixture
def reviews(personas: Personas) -> Reviews:
    return build_reviews(personas)


def api_post(personas: Personas, name: str, path: str, body: dict) -> object:
    user = personas.user(name)
    assert user is not None
    _token, secret = api_token_create(user=user, name="t", scope="write")
    return personas.client("anonymous").post(
        f"/api/v1/reviews{path}",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )


def test_script_in_every_text_is_escaped_on_every_page(
    personas: Personas, reviews: Reviews
) -> None:
    review = services.review_create(
        actor=personas.organizer_a,
        subject_kind="unit",
        subject_id=personas.unit_a.pk,
        title=f"Review {SCRIPT}",
        held_on=in_days(-1),
        facilitator=personas.organizer_a,
        participants=[personas.member_a],
        summary=SCRIPT,
    )
    finding = services.finding_add(
        actor=personas.organizer_a,
        review=review,
        kind=Finding.Kind.ERROR,
        title=f"Finding {SCRIPT}",
        facts=SCRIPT,
        root_cause=SCRIPT,
        tendencies=["liberalism"],
    )
    services.action_add(
        actor=personas.organizer_a,
        finding=finding,
        description=f"Action {SCRIPT}",
        owner=personas.member_a,
        due_on=in_days(-0),
    )
    client = personas.client("secretary")
    for url in (
        reverse("reviews:review_detail", args=[review.pk]),
        reverse("reviews:review_list"),
        reverse("reviews:action_list"),
        reverse("reviews:review_edit", args=[review.pk]),
        reverse("reviews:trends"),
    ):
        body = client.get(url).content.decode()
        assert SCRIPT not in body, url
    detail = client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert detail.count(ESCAPED) >= 5


def test_a_due_date_in_the_past_is_refused_with_nothing_written(
    personas: Personas, reviews: Reviews
) -> None:
    before = CorrectiveAction.objects.count()
    audit = AuditEntry.objects.filter(action="action.add").count()
    with pytest.raises(ValidationError) as caught:
        services.action_add(
            actor=personas.organizer_a,
            finding=reviews.unit_error,
            description="Too late",
            owner=personas.member_a,
            due_on=in_days(-1),
        )
    assert "due_on" in caught.value.message_dict
    page = personas.client("organizer_a").post(
        reverse("reviews:action_add", args=[reviews.unit_error.pk]),
        {"description": "Too late", "owner": personas.member_a.pk, "due_on": in_days(-3)},
    )
    assert page.status_code == 400
    assert "may not be in the past" in page.content.decode()
    response = api_post(
        personas,
        "organizer_a",
        f"/findings/{reviews.unit_error.pk}/actions",
        {"description": "Too late", "owner_id": personas.member_a.pk, "due_on": "2001-01-01"},
    )
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "due_on" in response.json()["errors"]  # type: ignore[attr-defined]
    assert CorrectiveAction.objects.count() == before
    assert AuditEntry.objects.filter(action="action.add").count() == audit


def test_unknown_tendencies_are_refused_with_nothing_written(
    personas: Personas, reviews: Reviews
) -> None:
    before = Finding.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.finding_add(
            actor=personas.organizer_a,
            review=reviews.unit_review,
            kind=Finding.Kind.ERROR,
            title="Mystery",
            tendencies=["opportunism-of-the-third-kind"],
        )
    assert "opportunism-of-the-third-kind" in str(caught.value)
    page = personas.client("organizer_a").post(
        reverse("reviews:finding_add", args=[reviews.unit_review.pk]),
        {"kind": "error", "title": "Mystery", "tendencies": ["no-such-tendency"]},
    )
    assert page.status_code == 400
    assert "Unknown tendency" in page.content.decode()
    response = api_post(
        personas,
        "organizer_a",
        f"/reviews/{reviews.unit_review.pk}/findings",
        {"kind": "error", "title": "Mystery", "tendencies": ["no-such-tendency"]},
    )
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "tendencies" in response.json()["errors"]  # type: ignore[attr-defined]
    assert Finding.objects.count() == before


def test_an_error_needs_a_tendency_and_a_strength_has_none(
    personas: Personas, reviews: Reviews
) -> None:
    for kind, tendencies in ((Finding.Kind.ERROR, []), (Finding.Kind.STRENGTH, ["dogmatism"])):
        with pytest.raises(ValidationError) as caught:
            services.finding_add(
                actor=personas.organizer_a,
                review=reviews.unit_review,
                kind=kind,
                title="Unclear",
                tendencies=tendencies,
            )
        assert "tendencies" in caught.value.message_dict


def test_an_inactive_tendency_cannot_be_chosen(personas: Personas, reviews: Reviews) -> None:
    from massline.reviews.models import Tendency

    Tendency.objects.filter(code="tailism").update(active=False)
    with pytest.raises(ValidationError):
        services.finding_add(
            actor=personas.organizer_a,
            review=reviews.unit_review,
            kind=Finding.Kind.ERROR,
            title="Following moods",
            tendencies=["tailism"],
        )
    # and the tendencies of older findings stay
    assert Tendency.objects.filter(code="tailism").exists()


def test_overlong_texts_and_foreign_people_are_refused(
    personas: Personas, reviews: Reviews
) -> None:
    count = Review.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.review_create(
            actor=personas.organizer_a,
            subject_kind="unit",
            subject_id=personas.unit_a.pk,
            title="x" * 201,
            held_on=in_days(-1),
            facilitator=personas.organizer_a,
            participants=[],
            summary="y" * 10001,
        )
    assert {"title", "summary"} <= set(caught.value.message_dict)
    with pytest.raises(ValidationError) as caught:
        services.review_create(
            actor=personas.organizer_a,
            subject_kind="unit",
            subject_id=personas.unit_a.pk,
            title="With a stranger",
            held_on=in_days(-1),
            facilitator=personas.organizer_a,
            participants=[personas.organizer_b],
        )
    assert "participants" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.review_create(
            actor=personas.organizer_a,
            subject_kind="prisoner",
            subject_id=1,
            title="Unknown kind",
            held_on=in_days(-1),
            facilitator=personas.organizer_a,
            participants=[],
        )
    assert Review.objects.count() == count


def test_a_finding_raised_by_someone_outside_the_review_is_refused(
    personas: Personas, reviews: Reviews
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.finding_add(
            actor=personas.organizer_a,
            review=reviews.unit_review,
            kind=Finding.Kind.STRENGTH,
            title="Well organised",
            raised_by=personas.secretary,
        )
    assert "raised_by" in caught.value.message_dict


def test_a_self_criticism_is_the_members_own(personas: Personas) -> None:
    review = services.review_create(
        actor=personas.member_a,
        subject_kind="self",
        subject_id=personas.member_a.pk,
        unit=personas.unit_a,
        title="My self-criticism",
        held_on=in_days(-1),
        facilitator=personas.member_a,
        participants=[],
        confidentiality=Review.Confidentiality.LEADERSHIP,
    )
    assert list(review.participants.all()) == [personas.member_a]
    with pytest.raises(ValidationError):
        services.review_create(
            actor=personas.organizer_a,
            subject_kind="self",
            subject_id=personas.member_a.pk,
            unit=personas.unit_a,
            title="Someone else's",
            held_on=in_days(-1),
            facilitator=personas.organizer_a,
            participants=[],
        )


def test_a_finding_is_edited_and_bad_edits_change_nothing(
    personas: Personas, reviews: Reviews
) -> None:
    url = reverse("reviews:finding_edit", args=[reviews.unit_error.pk])
    client = personas.client("organizer_a")
    assert "Sectarianism" in client.get(url).content.decode()
    refused = client.post(url, {"kind": "error", "title": "Changed", "tendencies": ["nope"]})
    assert refused.status_code == 400
    assert "Unknown tendency" in refused.content.decode()
    reviews.unit_error.refresh_from_db()
    assert reviews.unit_error.title == "Error of Unit review"
    saved = client.post(
        url,
        {"kind": "error", "title": "Changed", "root_cause": "Habit", "tendencies": ["tailism"]},
    )
    assert saved.status_code == 302
    reviews.unit_error.refresh_from_db()
    assert reviews.unit_error.title == "Changed"
    assert [t.code for t in reviews.unit_error.tendencies.all()] == ["tailism"]

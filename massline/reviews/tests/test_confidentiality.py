"""Every persona outside a review's circle gets nothing: no page, no API object, no line in a
list or a search, no count on the dashboard."""

import pytest
from django.test import Client
from django.urls import reverse

from massline.accounts.services import api_token_create
from massline.conftest import Personas
from massline.reviews import services
from massline.reviews.models import Finding, Review
from massline.reviews.tests.world import Reviews, build_reviews, in_days

pytestmark = pytest.mark.django_db

Confidentiality = Review.Confidentiality


@pytest.fixture
def reviews(personas: Personas) -> Reviews:
    return build_reviews(personas)


@pytest.fixture
def closed_leadership(personas: Personas) -> Review:
    """A leadership review of unit A that member_a did not take part in."""
    review = services.review_create(
        actor=personas.secretary,
        subject_kind="unit",
        subject_id=personas.unit_a.pk,
        title="Closed leadership review",
        held_on=in_days(-2),
        facilitator=personas.secretary,
        participants=[],
        confidentiality=Confidentiality.LEADERSHIP,
    )
    finding = services.finding_add(
        actor=personas.secretary,
        review=review,
        kind=Finding.Kind.ERROR,
        title="Closed error",
        tendencies=["bureaucratism"],
    )
    services.action_add(
        actor=personas.secretary,
        finding=finding,
        description="Closed correction",
        owner=personas.secretary,
        due_on=in_days(3),
    )
    return review


def outsiders(review_name: str) -> list[str]:
    return {
        "unit_review": ["organizer_b", "guest"],
        "leadership_review": ["organizer_b", "guest"],
        "private_review": ["admin", "secretary", "organizer_b", "guest"],
        "closed_leadership": ["organizer_a", "organizer_b", "member_a", "guest"],
    }[review_name]


def insiders(review_name: str) -> list[str]:
    everyone = [name for name in Personas.NAMES if name != "anonymous"]
    return [name for name in everyone if name not in outsiders(review_name)]


def api(personas: Personas, name: str) -> tuple[Client, dict[str, str]]:
    user = personas.user(name)
    assert user is not None
    _token, secret = api_token_create(user=user, name="test", scope="read")
    return Client(), {"Authorization": f"Bearer {secret}"}


def _pick(reviews: Reviews, closed: Review, review_name: str) -> Review:
    return closed if review_name == "closed_leadership" else getattr(reviews, review_name)


@pytest.mark.parametrize(
    "review_name", ["unit_review", "leadership_review", "private_review", "closed_leadership"]
)
def test_outsiders_get_nothing_from_pages_lists_and_search(
    personas: Personas, reviews: Reviews, closed_leadership: Review, review_name: str
) -> None:
    review = _pick(reviews, closed_leadership, review_name)
    finding = review.findings.get(kind=Finding.Kind.ERROR)
    action = finding.actions.get()
    for name in outsiders(review_name):
        client = personas.client(name)
        assert client.get(reverse("reviews:review_detail", args=[review.pk])).status_code == 404
        assert client.get(reverse("reviews:review_edit", args=[review.pk])).status_code == 404
        posted = client.post(reverse("reviews:action_status", args=[action.pk]), {"status": "done"})
        assert posted.status_code == 404
        for url in (
            reverse("reviews:review_list"),
            reverse("reviews:review_list") + f"?q={review.title}",
            reverse("reviews:action_list"),
        ):
            body = client.get(url).content.decode()
            assert reverse("reviews:review_detail", args=[review.pk]) not in body, (name, url)
            assert finding.title not in body, (name, url)
            assert action.description not in body, (name, url)
    for name in insiders(review_name):
        client = personas.client(name)
        assert client.get(reverse("reviews:review_detail", args=[review.pk])).status_code == 200
        listed = client.get(reverse("reviews:review_list") + f"?q={review.title}")
        assert review.title in listed.content.decode(), name


@pytest.mark.parametrize(
    "review_name", ["unit_review", "leadership_review", "private_review", "closed_leadership"]
)
def test_outsiders_get_nothing_from_the_api(
    personas: Personas, reviews: Reviews, closed_leadership: Review, review_name: str
) -> None:
    review = _pick(reviews, closed_leadership, review_name)
    finding = review.findings.get(kind=Finding.Kind.ERROR)
    action = finding.actions.get()
    for name in outsiders(review_name):
        client, headers = api(personas, name)
        base = "/api/v1/reviews"
        assert client.get(f"{base}/reviews/{review.pk}", headers=headers).status_code == 404
        assert (
            client.get(f"{base}/reviews/{review.pk}/findings", headers=headers).status_code == 404
        )
        listed = client.get(f"{base}/reviews?limit=200", headers=headers).json()
        assert review.pk not in [item["id"] for item in listed["items"]]
        searched = client.get(f"{base}/reviews?q={review.title}", headers=headers).json()
        assert searched["count"] == 0
        actions = client.get(f"{base}/actions?limit=200", headers=headers).json()
        assert action.pk not in [item["id"] for item in actions["items"]]
    for name in insiders(review_name):
        client, headers = api(personas, name)
        found = client.get(f"/api/v1/reviews/reviews/{review.pk}", headers=headers)
        assert found.status_code == 200, name


def test_the_dashboard_counts_only_reviews_the_viewer_may_read(
    personas: Personas, reviews: Reviews, closed_leadership: Review
) -> None:
    # every review of the world has one "sectarianism" error; the private one is not the
    # secretary's nor the administrator's to count
    for name in ("secretary", "admin"):
        client, headers = api(personas, name)
        trends = client.get("/api/v1/reviews/trends", headers=headers).json()
        totals = {row["code"]: row["total"] for row in trends["tendencies"]}
        assert trends["review_count"] == 3
        assert totals == {"sectarianism": 2, "bureaucratism": 1}
        units = {row["unit_id"]: row for row in trends["units"]}
        assert units[personas.unit_a.pk]["total"] == 3
        page = personas.client(name).get(reverse("reviews:trends")).content.decode()
        assert "Private review" not in page
        assert "Counted over 3 reviews" in page


def test_a_unit_member_outside_the_leadership_does_not_see_its_review_counted(
    personas: Personas, reviews: Reviews, closed_leadership: Review
) -> None:
    client, headers = api(personas, "member_a")
    listed = client.get("/api/v1/reviews/reviews", headers=headers).json()
    assert listed["count"] == 3
    assert "Closed leadership review" not in [item["title"] for item in listed["items"]]
    assert client.get("/api/v1/reviews/trends", headers=headers).status_code == 403


def test_who_holds_a_participants_only_review_must_be_in_it(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.review_create(
            actor=personas.secretary,
            subject_kind="unit",
            subject_id=personas.unit_a.pk,
            title="Behind closed doors",
            held_on=in_days(-1),
            facilitator=personas.organizer_a,
            participants=[personas.member_a],
            confidentiality=Confidentiality.PARTICIPANTS,
        )
    assert "confidentiality" in caught.value.message_dict
    assert not Review.objects.exists()


def test_an_organizer_cannot_review_another_units_work(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.review_create(
            actor=personas.organizer_b,
            subject_kind="unit",
            subject_id=personas.unit_a.pk,
            title="Peeking",
            held_on=in_days(-1),
            facilitator=personas.organizer_b,
            participants=[],
        )
    assert not Review.objects.exists()


def test_the_dashboard_shows_recurrence_per_unit(personas: Personas, reviews: Reviews) -> None:
    # sectarianism appears in the unit and the leadership review of unit A; the private one
    # is not the secretary's to count
    page = personas.client("secretary").get(reverse("reviews:trends")).content.decode()
    assert "Reviews showing each tendency, by unit" in page
    assert "Unit A · Sectarianism: 2" in page

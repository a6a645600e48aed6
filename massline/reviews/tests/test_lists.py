"""List pages and API lists read a bounded number of queries, however many rows they show."""

from typing import Any

import pytest
from django.urls import reverse

from massline.accounts.services import api_token_create
from massline.conftest import Personas
from massline.reviews import services
from massline.reviews.models import Finding
from massline.reviews.tests.world import in_days

pytestmark = pytest.mark.django_db


def many_reviews(personas: Personas, count: int) -> None:
    for number in range(count):
        review = services.review_create(
            actor=personas.organizer_a,
            subject_kind="unit",
            subject_id=personas.unit_a.pk,
            title=f"Review {number}",
            held_on=in_days(-number),
            facilitator=personas.organizer_a,
            participants=[personas.member_a],
        )
        finding = services.finding_add(
            actor=personas.organizer_a,
            review=review,
            kind=Finding.Kind.ERROR,
            title=f"Error {number}",
            tendencies=["subjectivism", "empiricism"],
        )
        services.action_add(
            actor=personas.organizer_a,
            finding=finding,
            description=f"Correction {number}",
            owner=personas.member_a,
            due_on=in_days(5),
        )


@pytest.mark.parametrize(
    "url", ["reviews:review_list", "reviews:action_list", "reviews:trends", "reviews:box"]
)
def test_list_pages_do_not_grow_with_their_rows(
    personas: Personas, django_assert_max_num_queries: Any, url: str
) -> None:
    many_reviews(personas, 12)
    client = personas.client("secretary")
    client.get(reverse(url))  # warm the session and the content types
    with django_assert_max_num_queries(20):
        assert client.get(reverse(url)).status_code == 200


def test_a_review_page_does_not_grow_with_its_findings(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    many_reviews(personas, 1)
    from massline.reviews.models import Review

    review = Review.objects.get()
    for number in range(10):
        finding = services.finding_add(
            actor=personas.organizer_a,
            review=review,
            kind=Finding.Kind.ERROR,
            title=f"More {number}",
            tendencies=["formalism"],
        )
        services.action_add(
            actor=personas.organizer_a,
            finding=finding,
            description=f"Fix {number}",
            owner=personas.member_a,
            due_on=in_days(3),
        )
    client = personas.client("organizer_a")
    url = reverse("reviews:review_detail", args=[review.pk])
    client.get(url)
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("path", ["/reviews", "/actions", "/tendencies"])
def test_api_lists_do_not_grow_with_their_rows(
    personas: Personas, django_assert_max_num_queries: Any, path: str
) -> None:
    many_reviews(personas, 12)
    _token, secret = api_token_create(user=personas.secretary, name="t", scope="read")
    headers = {"Authorization": f"Bearer {secret}"}
    client = personas.client("anonymous")
    client.get(f"/api/v1/reviews{path}", headers=headers)
    with django_assert_max_num_queries(15):
        assert client.get(f"/api/v1/reviews{path}", headers=headers).status_code == 200

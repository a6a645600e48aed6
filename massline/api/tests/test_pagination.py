"""Every list pages with limit and offset and tells the total count."""

import pytest
from django.conf import settings

from massline.api.tests.conftest import Call, Directory
from massline.conftest import Personas
from massline.directory import services
from massline.directory.models import Organization, Position, Question, Relation

LISTS = ["/organizations", "/relations", "/questions", "/positions"]


@pytest.fixture
def many(personas: Personas, directory: Directory) -> int:
    """A directory with 12 more open organizations, each with a relation and a position."""
    for n in range(12):
        org = services.organization_create(
            actor=personas.admin,
            name=f"Committee {n:02d}",
            short_name=f"C{n:02d}",
            country="FR",
            kind=Organization.Kind.CAMPAIGN,
            tags=["solidarity", f"t{n % 3}"],
        )
        services.relation_create(
            actor=personas.admin,
            source=org,
            target=directory.open_org,
            kind=Relation.Kind.MEMBER_OF,
        )
        services.position_create(
            actor=personas.admin,
            organization=org,
            question=directory.question,
            stance=Position.Stance.SUPPORTS,
            stated_on=directory.position.stated_on,
        )
        services.question_create(actor=personas.admin, title=f"Question {n:02d}")
    return Organization.objects.count()


@pytest.mark.parametrize("path", LISTS)
def test_a_list_answers_the_count_and_a_page_of_items(many: int, call: Call, path: str) -> None:
    response = call("admin", "GET", f"{path}?limit=7&offset=3")
    assert response.status_code == 200
    page = response.json()
    assert set(page) == {"count", "items"}
    assert page["count"] > 7
    assert len(page["items"]) == 7


@pytest.mark.parametrize("path", LISTS)
def test_pages_cover_the_list_once_without_overlap(many: int, call: Call, path: str) -> None:
    count = call("admin", "GET", path).json()["count"]
    seen: list[int] = []
    for offset in range(0, count, 5):
        seen += [
            item["id"]
            for item in call("admin", "GET", f"{path}?limit=5&offset={offset}").json()["items"]
        ]
    assert len(seen) == len(set(seen)) == count


def test_the_default_page_size_comes_from_the_settings(many: int, call: Call) -> None:
    page = call("admin", "GET", "/organizations").json()
    assert len(page["items"]) == min(many, settings.API_PAGE_SIZE)


def test_the_largest_page_is_200(many: int, call: Call) -> None:
    assert call("admin", "GET", "/organizations?limit=200").status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=-5", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("offset=99999999999999999999", "offset"),
    ],
)
@pytest.mark.parametrize("path", LISTS)
def test_limits_and_offsets_out_of_bounds_are_refused(
    personas: Personas,
    call: Call,
    path: str,
    query: str,
    field: str,
) -> None:
    response = call("admin", "GET", f"{path}?{query}")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]


def test_an_offset_past_the_end_gives_an_empty_page_with_the_count(
    many: int,
    call: Call,
) -> None:
    page = call("admin", "GET", "/organizations?offset=1000").json()
    assert page == {"count": many, "items": []}


@pytest.mark.parametrize("path", LISTS)
def test_a_list_page_costs_a_fixed_number_of_queries(
    many: int,
    personas: Personas,
    call: Call,
    path: str,
    django_assert_max_num_queries,
) -> None:
    call("admin", "GET", "/me")  # the token exists before counting
    with django_assert_max_num_queries(8):
        response = call("admin", "GET", f"{path}?limit=200")
    assert response.status_code == 200
    assert len(response.json()["items"]) >= 12


def test_the_organization_list_filters_like_the_web_list(many: int, call: Call) -> None:
    def shorts(query: str) -> list[str]:
        page = call("admin", "GET", f"/organizations?limit=200&{query}").json()
        return [item["short_name"] for item in page["items"]]

    assert shorts("q=partei") == ["MLPD"]
    assert shorts("q=COMMITTEE 07") == ["C07"]
    assert shorts("country=de") == ["MLPD"]
    assert shorts("kind=other") == ["UC"]
    assert shorts("relation_status=fraternal") == ["PMLI"]
    assert len(shorts("tag=T1")) == 4
    # Values that mean nothing are ignored, as in the web list.
    assert len(shorts("kind=sect&country=ZZ")) == many


def test_the_question_list_counts_visible_organizations(
    directory: Directory,
    call: Call,
) -> None:
    def count(persona: str) -> int:
        items = call(persona, "GET", "/questions").json()["items"]
        return next(q["organization_count"] for q in items if q["id"] == directory.question.pk)

    assert count("member_a") == 2
    assert count("organizer_b") == 1
    assert Question.objects.count() == 1


def test_organizations_of_the_same_name_page_in_a_stable_order(
    personas: Personas,
    call: Call,
) -> None:
    for short_name in ("SOL1", "SOL2", "SOL3"):
        services.organization_create(
            actor=personas.admin,
            name="Solidarity committee",
            short_name=short_name,
            country="IT",
            kind=Organization.Kind.CAMPAIGN,
        )
    pages = [
        call("admin", "GET", f"/organizations?limit=1&offset={n}").json()["items"][0]
        for n in range(3)
    ]
    assert [org["short_name"] for org in pages] == ["SOL1", "SOL2", "SOL3"]

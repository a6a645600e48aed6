"""List pages run a fixed number of queries, however many rows they show."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from massline.directory import services
from massline.directory.tests.factories import (
    OrganizationFactory,
    PositionFactory,
    QuestionFactory,
    RelationFactory,
)

COUNTRIES = ["IT", "DE", "RU", "FR", "GR", "IN", "BR", "TR", "PH", "NP"]
TAGS = ["Maoist", "Marxist-Leninist", "Anti-imperialist", "Trotskyist", "Antifascist"]
MAX_QUERIES = 12


def fill_directory(personas, count: int, *, dossiers: bool = True):
    admin = personas.admin
    organizations = [
        OrganizationFactory.create(
            actor=admin,
            country=COUNTRIES[n % len(COUNTRIES)],
            tags=[TAGS[n % len(TAGS)], TAGS[(n + 2) % len(TAGS)]],
            unit=personas.unit_a if n % 7 == 0 else None,
            confidential=n % 7 == 0,
        )
        for n in range(count)
    ]
    questions = [QuestionFactory.create(actor=admin) for _ in range(3)]
    for n, organization in enumerate(organizations):
        PositionFactory.create(actor=admin, organization=organization, question=questions[n % 3])
        PositionFactory.create(
            actor=admin,
            organization=organization,
            question=questions[n % 3],
            stated_on=date(2023, 1, 1),
        )
        if n:
            RelationFactory.create(actor=admin, source=organization, target=organizations[0])
    for code in COUNTRIES[:3] if dossiers else []:
        services.dossier_source_add(actor=admin, country=code, title=f"Source on {code}")
        services.indicator_add(
            actor=admin,
            country=code,
            name="Strikes",
            value=Decimal(5),
            measured_on=date(2023, 6, 30),
        )
    return organizations, questions


def list_urls(organizations, questions) -> list[tuple[str, dict[str, str]]]:
    return [
        (reverse("directory:organization_list"), {}),
        (reverse("directory:organization_list"), {"q": "organization", "tag": "Maoist"}),
        (reverse("directory:organization_list"), {"page": "2"}),
        (reverse("directory:question_list"), {}),
        (reverse("directory:question_detail", args=[questions[0].pk]), {}),
        (reverse("directory:country_list"), {}),
        (reverse("directory:country_detail", args=["IT"]), {}),
        (reverse("directory:organization_detail", args=[organizations[0].pk]), {}),
    ]


@pytest.mark.parametrize("persona", ["member_a", "secretary", "admin"])
def test_list_pages_need_a_fixed_number_of_queries(
    personas, persona, django_assert_max_num_queries
):
    organizations, questions = fill_directory(personas, 60)
    client = personas.client(persona)
    for url, params in list_urls(organizations, questions):
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(url, params)
        assert response.status_code == 200, url


def test_the_organization_list_answers_htmx_in_a_fixed_number_of_queries(
    personas, django_assert_max_num_queries
):
    fill_directory(personas, 60)
    client = personas.client("member_a")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(
            reverse("directory:organization_list"), {"country": "IT"}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200


def test_the_query_count_does_not_grow_with_the_rows(personas, django_assert_num_queries):
    organizations, questions = fill_directory(personas, 6)
    client = personas.client("member_a")
    small = {}
    for url, params in list_urls(organizations, questions):
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
        small[(url, tuple(params.items()))] = len(queries)
    more, _questions = fill_directory(personas, 54, dossiers=False)
    for url, params in list_urls(organizations, questions):
        with django_assert_num_queries(small[(url, tuple(params.items()))]):
            client.get(url, params)
    assert len(more) == 54

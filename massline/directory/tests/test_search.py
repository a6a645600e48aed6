"""Finding organizations: by name in any language and script, and by filters."""

import pytest
from django.urls import reverse

from massline.directory import selectors, services
from massline.directory.models import Organization
from massline.directory.selectors import OrganizationFilters
from massline.directory.tests.factories import OrganizationFactory


@pytest.fixture
def directory(personas):
    admin = personas.admin
    return {
        "citta": OrganizationFactory.create(
            actor=admin,
            name="Comitato Città Futura",
            short_name="CCF",
            country="IT",
            kind=Organization.Kind.CAMPAIGN,
            relation_status="friendly",
            tags=["Antifascist"],
        ),
        "rmp": OrganizationFactory.create(
            actor=admin,
            name="Российская маоистская партия",
            short_name="РМП",
            country="RU",
            relation_status="fraternal",
            tags=["Maoist", "Anti-imperialist"],
        ),
        "mlpd": OrganizationFactory.create(
            actor=admin,
            name="Marxist-Leninist Party of Germany",
            short_name="MLPD",
            name_own="Marxistisch-Leninistische Partei Deutschlands",
            own_language="de",
            aliases="Partito marxista-leninista di Germania\nПартия МЛПГ",
            country="DE",
            relation_status="fraternal",
            tags=["Marxist-Leninist", "Maoist"],
        ),
        "union": OrganizationFactory.create(
            actor=admin,
            name="Straßenbahner Gewerkschaft",
            short_name="SBG",
            country="DE",
            kind=Organization.Kind.UNION,
            relation_status="contact",
        ),
        "secret": OrganizationFactory.create(
            actor=admin,
            name="Маоистский кружок",
            short_name="MK",
            country="RU",
            unit=personas.unit_a,
            confidential=True,
            tags=["Maoist"],
        ),
    }


def found(user, **filters) -> set[str]:
    organizations = selectors.organization_list(user=user, filters=OrganizationFilters(**filters))
    return {organization.short_name for organization in organizations}


@pytest.mark.parametrize(
    ("query", "short_name"),
    [
        ("citta", "CCF"),
        ("CITTÀ", "CCF"),
        ("Città futura", "CCF"),
        ("МАОИСТСКАЯ", "РМП"),
        ("маоистская", "РМП"),
        ("maoistskaya", "РМП"),
        ("Rossiiskaya Maoistskaya", "РМП"),
        ("rmp", "РМП"),
        ("deutschlands", "MLPD"),
        ("di germania", "MLPD"),
        ("млпг", "MLPD"),
        ("mlpg", "MLPD"),
        ("strassenbahner", "SBG"),
        ("STRASSE", "SBG"),
    ],
)
def test_it_finds_an_organization_by_any_of_its_names(personas, directory, query, short_name):
    assert short_name in found(personas.member_a, q=query)


def test_a_search_returns_only_matching_organizations(personas, directory):
    assert found(personas.member_a, q="partei") == {"MLPD"}
    assert found(personas.member_a, q="ciudad") == set()


def test_a_search_finds_the_confidential_organization_only_for_its_unit(personas, directory):
    assert found(personas.organizer_a, q="маоистский") == {"MK"}
    assert found(personas.organizer_b, q="маоистский") == set()
    assert found(personas.organizer_b, q="maoistskii") == set()


def test_a_renamed_organization_is_found_by_its_new_name_only(personas, directory):
    services.organization_update(
        actor=personas.admin, organization=directory["union"], name="Sindacato dei tranvieri"
    )
    assert found(personas.member_a, q="tranvieri") == {"SBG"}
    assert found(personas.member_a, q="strassenbahner") == set()


def test_it_filters_by_country(personas, directory):
    assert found(personas.member_a, country="DE") == {"MLPD", "SBG"}
    assert found(personas.member_a, country="RU") == {"РМП", "MK"}
    assert found(personas.organizer_b, country="RU") == {"РМП"}


def test_it_filters_by_kind(personas, directory):
    assert found(personas.member_a, kind="union") == {"SBG"}
    assert found(personas.member_a, kind="campaign") == {"CCF"}


def test_it_filters_by_our_relation(personas, directory):
    assert found(personas.member_a, relation_status="fraternal") == {"РМП", "MLPD"}


def test_it_filters_by_tag_ignoring_case(personas, directory):
    assert found(personas.member_a, tag="maoist") == {"РМП", "MLPD", "MK"}
    assert found(personas.organizer_b, tag="Maoist") == {"РМП", "MLPD"}


def test_filters_combine(personas, directory):
    assert found(personas.member_a, tag="Maoist", country="DE") == {"MLPD"}
    assert found(personas.member_a, q="partei", relation_status="contact") == set()


def test_unknown_filter_values_are_ignored_not_errors(personas, directory):
    filters = OrganizationFilters.from_params(
        {"country": "XX", "kind": "sect", "relation_status": "enemy", "q": "  "}
    )
    assert filters == OrganizationFilters()


def test_the_tag_choices_leave_out_tags_only_used_by_hidden_organizations(personas, directory):
    services.organization_update(
        actor=personas.admin, organization=directory["secret"], tags=["Clandestine"]
    )
    assert "Clandestine" in selectors.tag_names(user=personas.organizer_a)
    assert "Clandestine" not in selectors.tag_names(user=personas.organizer_b)


def test_the_list_page_searches_and_filters(personas, directory):
    client = personas.client("member_a")
    response = client.get(reverse("directory:organization_list"), {"q": "citta"})
    assert response.status_code == 200
    assert "Comitato Città Futura" in response.content.decode()
    assert "Marxist-Leninist Party of Germany" not in response.content.decode()

    response = client.get(
        reverse("directory:organization_list"), {"country": "DE", "kind": "union"}
    )
    content = response.content.decode()
    assert "Straßenbahner Gewerkschaft" in content
    assert "Marxist-Leninist Party of Germany" not in content


def test_the_list_page_answers_htmx_with_the_results_only(personas, directory):
    response = personas.client("member_a").get(
        reverse("directory:organization_list"), {"q": "maoistskaya"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Российская маоистская партия" in content
    assert "<html" not in content


def test_the_list_page_never_shows_a_hidden_organization(personas, directory):
    content = (
        personas.client("organizer_b")
        .get(reverse("directory:organization_list"), {"q": "кружок"})
        .content.decode()
    )
    assert "Маоистский кружок" not in content


def test_the_list_page_survives_odd_query_parameters(personas, directory):
    response = personas.client("member_a").get(
        reverse("directory:organization_list"),
        {"q": "%_' OR 1=1 --" * 30, "page": "-7", "country": "it", "tag": "x" * 500},
    )
    assert response.status_code == 200

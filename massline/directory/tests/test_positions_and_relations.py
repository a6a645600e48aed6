"""Positions side by side on a question, and relations that never reveal a hidden end."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from massline.accounts.models import Role
from massline.accounts.services import membership_set, user_create
from massline.conftest import PASSWORD
from massline.directory import selectors
from massline.directory.models import Position, Relation
from massline.directory.tests.factories import (
    OrganizationFactory,
    PositionFactory,
    QuestionFactory,
    RelationFactory,
)


@pytest.fixture
def orgs(personas):
    admin = personas.admin
    return {
        "pmli": OrganizationFactory.create(
            actor=admin, name="Partito marxista-leninista italiano", short_name="PMLI"
        ),
        "mlpd": OrganizationFactory.create(
            actor=admin, name="Marxistisch-Leninistische Partei", short_name="MLPD", country="DE"
        ),
        "kke": OrganizationFactory.create(
            actor=admin, name="Kommounistikó Kómma Elládas", short_name="KKE", country="GR"
        ),
        "secret": OrganizationFactory.create(
            actor=admin,
            name="Кружок на заводе",
            short_name="KNZ",
            country="RU",
            unit=personas.unit_a,
            confidential=True,
        ),
    }


@pytest.fixture
def secretary_b(personas):
    """A secretary of unit B: edits open records, never sees unit A's confidential ones."""
    user = user_create(email="secretary.b@example.org", password=PASSWORD)
    membership_set(actor=None, user=user, unit=personas.unit_b, role=Role.SECRETARY)
    return user


@pytest.fixture
def war(personas, orgs):
    admin = personas.admin
    question = QuestionFactory.create(actor=admin, title="The war since 24 February 2022")
    PositionFactory.create(
        actor=admin,
        organization=orgs["pmli"],
        question=question,
        stance=Position.Stance.SUPPORTS,
        stated_on=date(2022, 3, 1),
    )
    PositionFactory.create(
        actor=admin,
        organization=orgs["pmli"],
        question=question,
        stance=Position.Stance.MIXED,
        stated_on=date(2022, 9, 1),
    )
    PositionFactory.create(
        actor=admin,
        organization=orgs["pmli"],
        question=question,
        stance=Position.Stance.OPPOSES,
        stated_on=date(2023, 9, 16),
        summary="Against both imperialist camps",
    )
    PositionFactory.create(
        actor=admin,
        organization=orgs["mlpd"],
        question=question,
        stance=Position.Stance.OPPOSES,
        stated_on=date(2022, 2, 25),
    )
    PositionFactory.create(
        actor=admin,
        organization=orgs["secret"],
        question=question,
        stance=Position.Stance.NEUTRAL,
        stated_on=date(2022, 4, 1),
    )
    return question


def test_each_organization_shows_its_latest_stance_first_with_its_history(personas, orgs, war):
    rows = {
        row.organization.short_name: row
        for row in selectors.question_stances(user=personas.member_a, question=war)
    }
    assert rows["PMLI"].current.stance == Position.Stance.OPPOSES
    assert rows["PMLI"].current.stated_on == date(2023, 9, 16)
    assert [(p.stance, p.stated_on) for p in rows["PMLI"].history] == [
        (Position.Stance.MIXED, date(2022, 9, 1)),
        (Position.Stance.SUPPORTS, date(2022, 3, 1)),
    ]
    assert rows["MLPD"].history == []
    assert "KKE" not in rows


def test_stances_of_a_hidden_organization_are_left_out(personas, orgs, war):
    seen_by_b = {
        row.organization.short_name
        for row in selectors.question_stances(user=personas.organizer_b, question=war)
    }
    seen_by_a = {
        row.organization.short_name
        for row in selectors.question_stances(user=personas.organizer_a, question=war)
    }
    assert seen_by_b == {"PMLI", "MLPD"}
    assert seen_by_a == {"PMLI", "MLPD", "KNZ"}


def organization_counts(user) -> dict[int, int]:
    """Question id → organizations with a position, as annotated by the selector."""
    questions = selectors.question_list(user=user)
    return {q.pk: q.organization_count for q in questions}  # type: ignore[attr-defined]


def test_the_question_list_counts_only_visible_organizations(personas, orgs, war):
    counts_b = organization_counts(personas.organizer_b)
    counts_a = organization_counts(personas.organizer_a)
    assert counts_b[war.pk] == 2
    assert counts_a[war.pk] == 3


def test_the_question_page_shows_the_stances_side_by_side(personas, orgs, war):
    response = personas.client("organizer_b").get(
        reverse("directory:question_detail", args=[war.pk])
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Against both imperialist camps" in content
    assert content.index("PMLI") < content.index("Mixed / conditional")
    assert "KNZ" not in content


def test_a_second_position_on_the_same_day_is_refused_with_400(personas, orgs, war):
    before = Position.objects.count()
    response = personas.client("secretary").post(
        reverse("directory:position_add", args=[orgs["pmli"].pk]),
        {"question": war.pk, "stance": "neutral", "stated_on": "2023-09-16"},
    )
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert Position.objects.count() == before


def test_a_relation_between_open_organizations_is_seen_by_every_reader(personas, orgs):
    RelationFactory.create(
        actor=personas.admin, source=orgs["mlpd"], target=orgs["pmli"], kind=Relation.Kind.FRATERNAL
    )
    for user in (personas.organizer_a, personas.organizer_b, personas.member_a):
        assert len(selectors.relation_list(user=user, organization=orgs["pmli"])) == 1


def test_a_relation_to_a_hidden_organization_stays_hidden(personas, orgs):
    relation = RelationFactory.create(
        actor=personas.admin, source=orgs["secret"], target=orgs["pmli"], kind=Relation.Kind.HOSTS
    )
    assert list(selectors.relation_list(user=personas.organizer_a, organization=orgs["pmli"])) == [
        relation
    ]
    assert list(selectors.relation_list(user=personas.organizer_b, organization=orgs["pmli"])) == []
    assert list(selectors.relation_list(user=personas.organizer_b)) == []


def test_the_page_of_an_open_organization_hides_a_relation_to_a_hidden_one(personas, orgs):
    RelationFactory.create(
        actor=personas.admin,
        source=orgs["pmli"],
        target=orgs["secret"],
        kind=Relation.Kind.FRATERNAL,
    )
    url = reverse("directory:organization_detail", args=[orgs["pmli"].pk])
    content_b = personas.client("organizer_b").get(url).content.decode()
    content_a = personas.client("organizer_a").get(url).content.decode()
    assert "Кружок на заводе" not in content_b and "KNZ" not in content_b
    assert "KNZ" in content_a


def test_a_secretary_of_another_unit_cannot_delete_a_hidden_relation_by_id(
    personas, orgs, secretary_b
):
    relation = RelationFactory.create(
        actor=personas.admin, source=orgs["pmli"], target=orgs["secret"]
    )
    client = Client()
    client.force_login(secretary_b)
    response = client.post(reverse("directory:relation_delete", args=[relation.pk]))
    assert response.status_code == 404
    assert Relation.objects.filter(pk=relation.pk).exists()


def test_the_relation_form_offers_no_hidden_organization_as_target(personas, orgs, secretary_b):
    url = reverse("directory:organization_detail", args=[orgs["pmli"].pk])
    assert "KNZ" in personas.client("secretary").get(url).content.decode()
    client = Client()
    client.force_login(secretary_b)
    content = client.get(url).content.decode()
    assert "Add a relation" in content
    assert "KNZ" not in content

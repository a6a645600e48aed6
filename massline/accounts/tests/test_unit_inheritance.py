"""A role in a unit reaches every unit below it, never the units above or beside it."""

import pytest
from django.test import Client
from django.urls import reverse

from massline.accounts import access
from massline.accounts.models import Membership, Role, Unit, User
from massline.accounts.services import (
    invitation_create,
    membership_set,
    unit_create,
    user_create,
)
from massline.conftest import PASSWORD
from massline.directory import selectors
from massline.directory.tests.factories import OrganizationFactory


@pytest.fixture
def cell(personas) -> Unit:
    """A factory cell inside unit A."""
    return unit_create(
        actor=personas.secretary, name="Factory cell", kind=Unit.Kind.CELL, parent=personas.unit_a
    )


@pytest.fixture
def cell_member(cell) -> User:
    user = user_create(email="cell.member@example.org", password=PASSWORD)
    membership_set(actor=None, user=user, unit=cell, role=Role.MEMBER)
    return user


@pytest.fixture
def cell_secret(personas, cell):
    return OrganizationFactory.create(
        actor=personas.admin,
        name="Comitato di fabbrica",
        short_name="CDF",
        unit=cell,
        confidential=True,
    )


@pytest.fixture
def unit_a_secret(personas):
    return OrganizationFactory.create(
        actor=personas.admin,
        name="Circolo operaio",
        short_name="CO",
        unit=personas.unit_a,
        confidential=True,
    )


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def visible(user: User) -> set[str]:
    return {organization.short_name for organization in selectors.organization_list(user=user)}


def test_a_role_in_a_parent_unit_reaches_its_sub_units(personas, cell_secret):
    assert "CDF" in visible(personas.member_a)
    assert "CDF" in visible(personas.organizer_a)
    assert "CDF" in visible(personas.secretary)
    url = reverse("directory:organization_detail", args=[cell_secret.pk])
    assert personas.client("member_a").get(url).status_code == 200


def test_a_role_in_a_unit_does_not_reach_a_sibling_unit(personas, cell_secret):
    assert "CDF" not in visible(personas.organizer_b)
    url = reverse("directory:organization_detail", args=[cell_secret.pk])
    assert personas.client("organizer_b").get(url).status_code == 404


def test_a_role_in_a_sub_unit_does_not_reach_the_parent(
    personas, cell_member, cell_secret, unit_a_secret
):
    assert visible(cell_member) == {"CDF"}
    url = reverse("directory:organization_detail", args=[unit_a_secret.pk])
    assert logged_in(cell_member).get(url).status_code == 404


def test_the_secretary_of_the_whole_organization_manages_every_unit_below(personas, cell):
    client = personas.client("secretary")
    for unit in (personas.root, personas.unit_a, personas.unit_b, cell):
        assert client.get(reverse("accounts:unit_detail", args=[unit.pk])).status_code == 200


def test_a_branch_secretary_manages_the_branch_and_its_cells_only(personas, cell):
    secretary_a = user_create(email="secretary.a@example.org", password=PASSWORD)
    membership_set(actor=None, user=secretary_a, unit=personas.unit_a, role=Role.SECRETARY)
    client = logged_in(secretary_a)
    assert client.get(reverse("accounts:unit_detail", args=[personas.unit_a.pk])).status_code == 200
    assert client.get(reverse("accounts:unit_detail", args=[cell.pk])).status_code == 200
    for unit in (personas.root, personas.unit_b):
        assert client.get(reverse("accounts:unit_detail", args=[unit.pk])).status_code == 403


def test_a_guest_role_in_a_parent_gives_no_directory_in_the_sub_units(personas, cell_secret):
    assert personas.client("guest").get(reverse("directory:organization_list")).status_code == 403


def test_the_strongest_role_along_the_path_wins(personas, cell, cell_member, cell_secret):
    membership_set(actor=None, user=cell_member, unit=personas.unit_a, role=Role.GUEST)
    assert visible(cell_member) == {"CDF"}
    membership_set(actor=None, user=cell_member, unit=personas.unit_a, role=Role.SECRETARY)
    client = logged_in(cell_member)
    assert client.get(reverse("accounts:unit_detail", args=[cell.pk])).status_code == 200
    assert (
        client.get(reverse("directory:organization_edit", args=[cell_secret.pk])).status_code == 200
    )


def test_losing_a_membership_takes_the_access_away(personas, cell_secret):
    membership = Membership.objects.get(user=personas.member_a)
    response = personas.client("secretary").post(
        reverse("accounts:membership_remove", args=[membership.pk])
    )
    assert response.status_code == 302
    client = personas.client("member_a")
    assert (
        client.get(reverse("directory:organization_detail", args=[cell_secret.pk])).status_code
        == 403
    )


def test_the_creator_of_a_sub_unit_manages_it_at_once(personas):
    secretary = personas.secretary
    assert access.can_manage_unit(secretary, personas.unit_a.pk)
    cell = unit_create(
        actor=secretary, name="Dock cell", kind=Unit.Kind.CELL, parent=personas.unit_a
    )
    invitation, _token = invitation_create(
        actor=secretary, email="docker@example.org", unit=cell, role=Role.MEMBER
    )
    assert invitation.unit == cell

"""Joining by invitation: who may invite whom, and a link that works once and not for ever."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from massline.accounts import access
from massline.accounts.models import Invitation, Membership, Role, User
from massline.accounts.services import (
    invitation_accept,
    invitation_create,
    invitation_revoke,
    membership_set,
    user_create,
)
from massline.audit.models import AuditEntry
from massline.conftest import PASSWORD

NEW_PASSWORD = "red flags over the factory"


@pytest.fixture
def secretary_a(personas):
    """A secretary of unit A only."""
    user = user_create(email="secretary.a@example.org", password=PASSWORD)
    membership_set(actor=None, user=user, unit=personas.unit_a, role=Role.SECRETARY)
    return user


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def accept_form(**extra: str) -> dict[str, str]:
    return {
        "display_name": "Comrade Nadia",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **extra,
    }


def invite_by_page(client: Client, unit_id: int, email: str, role: str) -> str:
    """Create an invitation through the unit page; return the path of the link shown."""
    response = client.post(
        reverse("accounts:unit_detail", args=[unit_id]), {"email": email, "role": role}
    )
    assert response.status_code == 200, response.content[:2000]
    match = re.search(
        r'id="invitation-link">[^<]*?(/accounts/invite/[^/<]+/)<', response.content.decode()
    )
    assert match, "the invitation link is shown once"
    return match.group(1)


def test_a_secretary_invites_and_the_link_creates_the_account_with_the_role(personas, secretary_a):
    path = invite_by_page(
        logged_in(secretary_a), personas.unit_a.pk, "Nadia@Example.org", "organizer"
    )
    visitor = Client()
    page = visitor.get(path)
    assert page.status_code == 200
    assert "nadia@example.org" in page.content.decode()

    response = visitor.post(path, accept_form())
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user = User.objects.get(email="nadia@example.org")
    assert user.display_name == "Comrade Nadia"
    assert user.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.unit, membership.role) == (personas.unit_a, Role.ORGANIZER)
    assert visitor.get(reverse("home")).wsgi_request.user == user
    invitation = Invitation.objects.get(email="nadia@example.org")
    assert invitation.accepted_by == user
    assert AuditEntry.objects.filter(action="invitation.accept", actor=user).exists()


def test_the_link_works_once(personas, secretary_a):
    path = invite_by_page(logged_in(secretary_a), personas.unit_a.pk, "nadia@example.org", "member")
    assert Client().post(path, accept_form()).status_code == 302
    users = User.objects.count()

    again = Client()
    assert again.get(path).status_code == 404
    response = again.post(path, accept_form(display_name="Someone else"))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert User.objects.count() == users


def test_the_link_is_stored_only_as_a_digest(personas, secretary_a):
    invitation, token = invitation_create(
        actor=secretary_a, email="nadia@example.org", unit=personas.unit_a, role=Role.MEMBER
    )
    invitation.refresh_from_db()
    assert token not in invitation.token_digest
    assert not Invitation.objects.filter(token_digest=token).exists()


def test_an_expired_link_is_refused(personas, secretary_a):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _invitation, token = invitation_create(
            actor=secretary_a, email="nadia@example.org", unit=personas.unit_a, role=Role.MEMBER
        )
        path = reverse("accounts:invitation_accept", args=[token])
        traveller.shift(timedelta(days=7) - timedelta(seconds=1))
        assert Client().get(path).status_code == 200
        traveller.shift(timedelta(seconds=2))
        visitor = Client()
        assert visitor.get(path).status_code == 404
        assert visitor.post(path, accept_form()).status_code == 404
        with pytest.raises(ValidationError):
            invitation_accept(token=token, password=NEW_PASSWORD, display_name="Nadia")
    assert not User.objects.filter(email="nadia@example.org").exists()


def test_a_revoked_link_is_refused(personas, secretary_a):
    invitation, token = invitation_create(
        actor=secretary_a, email="nadia@example.org", unit=personas.unit_a, role=Role.MEMBER
    )
    response = logged_in(secretary_a).post(
        reverse("accounts:invitation_revoke", args=[invitation.pk])
    )
    assert response.status_code == 302
    path = reverse("accounts:invitation_accept", args=[token])
    assert Client().get(path).status_code == 404
    assert Client().post(path, accept_form()).status_code == 404
    assert not User.objects.filter(email="nadia@example.org").exists()


def test_an_unknown_or_oversized_token_is_refused(personas):
    for token in ["nothing", "x" * 129, "%00"]:
        assert Client().get(reverse("accounts:invitation_accept", args=[token])).status_code == 404


def test_a_weak_or_mismatched_password_keeps_the_link_usable(personas, secretary_a):
    _invitation, token = invitation_create(
        actor=secretary_a, email="nadia@example.org", unit=personas.unit_a, role=Role.MEMBER
    )
    path = reverse("accounts:invitation_accept", args=[token])
    weak = Client().post(path, accept_form(password1="12345678", password2="12345678"))
    assert weak.status_code == 400
    assert "This password is too short" in weak.content.decode()
    mismatch = Client().post(path, accept_form(password2="something else entirely"))
    assert mismatch.status_code == 400
    assert "The two passwords differ." in mismatch.content.decode()
    assert not User.objects.filter(email="nadia@example.org").exists()
    assert Client().post(path, accept_form()).status_code == 302


def test_a_secretary_of_unit_a_cannot_invite_into_unit_b(personas, secretary_a):
    with pytest.raises(PermissionDenied):
        invitation_create(
            actor=secretary_a, email="nadia@example.org", unit=personas.unit_b, role=Role.MEMBER
        )
    response = logged_in(secretary_a).post(
        reverse("accounts:unit_detail", args=[personas.unit_b.pk]),
        {"email": "nadia@example.org", "role": "member"},
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_a_secretary_cannot_grant_a_role_above_their_own(personas, secretary_a):
    with pytest.raises(PermissionDenied):
        invitation_create(
            actor=secretary_a, email="nadia@example.org", unit=personas.unit_a, role=Role.ADMIN
        )
    response = logged_in(secretary_a).post(
        reverse("accounts:unit_detail", args=[personas.unit_a.pk]),
        {"email": "nadia@example.org", "role": "admin"},
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_secretary_may_grant_up_to_their_own_rank(personas, secretary_a):
    for n, role in enumerate((Role.GUEST, Role.MEMBER, Role.ORGANIZER, Role.SECRETARY)):
        invitation_create(
            actor=secretary_a, email=f"person{n}@example.org", unit=personas.unit_a, role=role
        )
    assert Invitation.objects.count() == 4


def test_guests_members_and_organizers_cannot_invite(personas):
    for name in ("guest", "member_a", "organizer_a"):
        with pytest.raises(PermissionDenied):
            invitation_create(
                actor=personas.user(name),
                email="nadia@example.org",
                unit=personas.unit_a,
                role=Role.GUEST,
            )
        response = personas.client(name).post(
            reverse("accounts:unit_detail", args=[personas.unit_a.pk]),
            {"email": "nadia@example.org", "role": "guest"},
        )
        assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_an_invitation_for_an_existing_account_is_refused(personas, secretary_a):
    response = logged_in(secretary_a).post(
        reverse("accounts:unit_detail", args=[personas.unit_a.pk]),
        {"email": "MEMBER.A@example.org", "role": "member"},
    )
    assert response.status_code == 400
    assert "An account with this email already exists." in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_secretary_of_unit_a_cannot_revoke_an_invitation_of_unit_b(personas, secretary_a):
    invitation, _token = invitation_create(
        actor=personas.secretary, email="nadia@example.org", unit=personas.unit_b, role=Role.MEMBER
    )
    with pytest.raises(PermissionDenied):
        invitation_revoke(actor=secretary_a, invitation=invitation)
    response = logged_in(secretary_a).post(
        reverse("accounts:invitation_revoke", args=[invitation.pk])
    )
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_the_root_secretary_invites_into_any_unit_below(personas):
    for unit in (personas.root, personas.unit_a, personas.unit_b):
        invitation_create(
            actor=personas.secretary,
            email=f"new.{unit.pk}@example.org",
            unit=unit,
            role=Role.SECRETARY,
        )
    assert access.grantable_roles(personas.secretary, personas.unit_b.pk)[-1] == Role.SECRETARY
    assert Invitation.objects.count() == 3


def test_a_secretary_cannot_remove_their_own_membership(personas, secretary_a):
    own = Membership.objects.get(user=secretary_a)
    response = logged_in(secretary_a).post(reverse("accounts:membership_remove", args=[own.pk]))
    assert response.status_code == 403
    assert Membership.objects.filter(pk=own.pk).exists()


def test_accepting_after_the_address_got_an_account_meanwhile_answers_400(personas, secretary_a):
    _invitation, token = invitation_create(
        actor=secretary_a, email="nadia@example.org", unit=personas.unit_a, role=Role.MEMBER
    )
    user_create(email="Nadia@example.org", password=PASSWORD)
    response = Client().post(reverse("accounts:invitation_accept", args=[token]), accept_form())
    assert response.status_code == 400
    assert "An account with this email already exists." in response.content.decode()
    assert User.objects.filter(email="nadia@example.org").count() == 1
    assert not Membership.objects.filter(user__email="nadia@example.org").exists()


def test_an_invitation_form_with_bad_input_answers_400_with_the_error(personas, secretary_a):
    client = logged_in(secretary_a)
    url = reverse("accounts:unit_detail", args=[personas.unit_a.pk])
    for data, message in (
        ({"email": "not-an-email", "role": "member"}, "Enter a valid email address."),
        ({"email": "nadia@example.org", "role": ""}, "This field is required."),
        ({"email": "a" * 250 + "@example.org", "role": "member"}, "at most 254 characters"),
    ):
        response = client.post(url, data)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_signed_in_user_cannot_accept_an_invitation_for_someone_else(personas):
    from massline.accounts.models import User as Account
    from massline.accounts.services import invitation_create as create

    _invitation, token = create(
        actor=personas.secretary,
        email="new.person@example.org",
        unit=personas.unit_a,
        role="member",
    )
    client = personas.client("member_a")
    url = f"/accounts/invite/{token}/"
    response = client.post(
        url,
        {
            "display_name": "New",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == 409
    assert not Account.objects.filter(email="new.person@example.org").exists()

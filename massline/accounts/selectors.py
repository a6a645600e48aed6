"""Reads of units, memberships, invitations and tokens, scoped to the acting user."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from massline.accounts import access
from massline.accounts.models import ApiToken, Invitation, Membership, Role, Unit, User


def unit_list(*, user: User) -> QuerySet[Unit]:
    """Units the user manages (secretary and above)."""
    return Unit.objects.filter(id__in=access.units_with_role(user, Role.SECRETARY)).select_related(
        "parent"
    )


def access_unit(*, user: User, unit_id: int) -> Unit:
    unit = get_object_or_404(Unit, pk=unit_id)
    if not access.can_manage_unit(user, unit.pk):
        raise PermissionDenied
    return unit


def membership_list(*, user: User, unit: Unit) -> QuerySet[Membership]:
    if not access.can_manage_unit(user, unit.pk):
        raise PermissionDenied
    return unit.memberships.select_related("user").order_by("user__email")


def invitation_list(*, user: User, unit: Unit) -> QuerySet[Invitation]:
    if not access.can_manage_unit(user, unit.pk):
        raise PermissionDenied
    return unit.invitations.select_related("invited_by").order_by("-created_at")


def access_invitation(*, user: User, invitation_id: int) -> Invitation:
    invitation = get_object_or_404(Invitation, pk=invitation_id)
    if not access.can_manage_unit(user, invitation.unit_id):
        raise PermissionDenied
    return invitation


def access_membership(*, user: User, membership_id: int) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id)
    if not access.can_manage_unit(user, membership.unit_id):
        raise PermissionDenied
    return membership


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def access_api_token(*, user: User, token_id: int) -> ApiToken:
    return get_object_or_404(ApiToken, pk=token_id, user=user)


def user_memberships(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("unit").order_by("unit__name")

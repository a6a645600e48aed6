"""Writes for users, units, memberships, invitations and API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massline.accounts import access
from massline.accounts.models import ApiToken, Invitation, Membership, Role, Unit, User
from massline.audit.services import audit_record

TOKEN_PREFIX = "ml_"  # noqa: S105 - a public marker, not a secret


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def user_create(
    *, email: str, password: str | None, display_name: str = "", is_superuser: bool = False
) -> User:
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email already exists.")})
    user = User(
        email=email,
        display_name=display_name.strip(),
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password is not None:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def unit_create(*, actor: User | None, name: str, kind: str, parent: Unit | None = None) -> Unit:
    if actor is not None and not (
        access.is_admin(actor) or (parent is not None and access.can_manage_unit(actor, parent.id))
    ):
        raise PermissionDenied
    unit = Unit(name=name.strip(), kind=kind, parent=parent)
    unit.full_clean()
    unit.save()
    if actor is not None:
        # the actor's memoised ranks predate the new unit, which their role now reaches
        access.forget(actor)
    audit_record(actor=actor, action="unit.create", obj=unit, data={"name": unit.name})
    return unit


@transaction.atomic
def membership_set(*, actor: User | None, user: User, unit: Unit, role: str) -> Membership:
    """Give `user` the `role` in `unit`, replacing an earlier role there."""
    if actor is not None and Role(role) not in access.grantable_roles(actor, unit.id):
        raise PermissionDenied
    membership, _created = Membership.objects.update_or_create(
        user=user, unit=unit, defaults={"role": role}
    )
    membership.full_clean()
    access.forget(user)
    audit_record(
        actor=actor,
        action="membership.set",
        obj=membership,
        data={"user": user.pk, "unit": unit.pk, "role": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    if not access.can_manage_unit(actor, membership.unit_id):
        raise PermissionDenied
    audit_record(
        actor=actor,
        action="membership.remove",
        obj=membership,
        data={"user": membership.user_id, "unit": membership.unit_id},
    )
    membership.delete()
    access.forget(membership.user)


@transaction.atomic
def invitation_create(*, actor: User, email: str, unit: Unit, role: str) -> tuple[Invitation, str]:
    """Create an invitation; returns it with the secret token (shown once, stored hashed)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if Role(role) not in access.grantable_roles(actor, unit.id):
        raise PermissionDenied
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email already exists.")})
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation(
        email=email,
        unit=unit,
        role=role,
        token_digest=_digest(token),
        invited_by=actor,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=actor,
        action="invitation.create",
        obj=invitation,
        data={"unit": unit.pk, "role": role},
    )
    return invitation, token


def invitation_find(*, token: str) -> Invitation | None:
    """The usable invitation for a token, or None for unknown, used, revoked or expired ones."""
    if not token or len(token) > 128:
        return None
    invitation = (
        Invitation.objects.select_related("unit").filter(token_digest=_digest(token)).first()
    )
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str, display_name: str) -> User:
    """Create the account for an invitation. Locks the invitation row so it is used once."""
    found = invitation_find(token=token)
    if found is None:
        raise ValidationError(_("This invitation link is not valid any more."))
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    if not invitation.is_usable:
        raise ValidationError(_("This invitation link is not valid any more."))
    user = user_create(email=invitation.email, password=password, display_name=display_name)
    membership_set(actor=None, user=user, unit=invitation.unit, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(actor=user, action="invitation.accept", obj=invitation)
    return user


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    if not access.can_manage_unit(actor, invitation.unit_id):
        raise PermissionDenied
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="invitation.revoke", obj=invitation)


@transaction.atomic
def api_token_create(
    *, user: User, name: str, scope: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a personal token; returns it with the full secret (shown once)."""
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    expires_at = None
    if expires_in_days is not None:
        if not 1 <= expires_in_days <= 3650:
            raise ValidationError({"expires_at": _("Choose between 1 and 3650 days.")})
        expires_at = timezone.now() + timedelta(days=expires_in_days)
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=prefix,
        digest=_digest(secret),
        scope=scope,
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    audit_record(actor=user, action="api_token.create", obj=token, data={"scope": scope})
    return token, secret


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk and not access.is_admin(user):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=user, action="api_token.revoke", obj=token)


def api_token_authenticate(*, secret: str) -> ApiToken | None:
    """The active token for a presented secret, with its user; None when invalid."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 128:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_digest(secret)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token

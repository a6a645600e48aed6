"""`GET /me`: who the API sees, with the roles that decide what they may do."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema

from massline.accounts import access
from massline.accounts.models import User
from massline.accounts.selectors import user_memberships
from massline.api.auth import request_token

router = Router(tags=["me"])


class RoleOut(Schema):
    unit_id: int
    unit_name: str
    role: str


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    is_admin: bool
    roles: list[RoleOut]
    token_scope: str | None


@router.get("/me", response=MeOut, operation_id="me_get", summary="The calling user")
def me_get(request: HttpRequest) -> MeOut:
    """The owner of the token (or session): email, and the role held in each unit.

    A role in a unit also reaches the units below it. `token_scope` is `read` or `write`,
    or null for a browser session.
    """
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    token = request_token(request)
    return MeOut(
        id=user.pk,
        email=user.email,
        display_name=user.display_name,
        is_admin=access.is_admin(user),
        roles=[
            RoleOut(unit_id=m.unit_id, unit_name=m.unit.name, role=m.role)
            for m in user_memberships(user=user)
        ],
        token_scope=token.scope if token is not None else None,
    )

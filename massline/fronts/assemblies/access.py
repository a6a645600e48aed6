"""Who may do what at an assembly, built on `massline.accounts.access`.

- Secretaries of the front's coordinating unit (and administrators) prepare assemblies and
  run them; so do the users named as the assembly's chairs.
- Members of the front's unit follow an assembly (read its pages, the projector, the minutes).
- Delegates of the assembly, whatever their role in our units (usually none: representatives
  of other organizations get limited accounts), follow it and act for themselves: ask for the
  floor, submit and support motions, vote.
Anyone else gets 404 for an assembly, as if it did not exist.
"""

from massline.accounts.access import AnyUser, has_role, is_admin, units_with_role
from massline.accounts.models import Role
from massline.fronts.models import Front


def can_prepare_assemblies(user: AnyUser, front: Front | None = None) -> bool:
    """Create an assembly: secretaries of the front's unit (of any unit without a front)."""
    if front is None:
        return has_role(user, Role.SECRETARY)
    return has_role(user, Role.SECRETARY, front.unit_id)


def can_follow_assemblies(user: AnyUser) -> bool:
    """The navigation entry: members of any unit, and delegates."""
    if not user.is_authenticated:
        return False
    if has_role(user, Role.MEMBER):
        return True
    from massline.fronts.assemblies.models import Delegate

    return Delegate.objects.filter(user_id=user.pk).exists()


def front_units_followed(user: AnyUser) -> set[int] | None:
    """Units whose fronts' assemblies the user follows as a member; None means all (admin)."""
    if is_admin(user):
        return None
    return units_with_role(user, Role.MEMBER)

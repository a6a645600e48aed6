"""Who may see and run a united front.

- Members of our organization (member and above, in any unit) see every front.
- A representative of a member organization (a delegate account, holding no role in any
  unit) sees only the fronts where they actively represent an organization.
- Organizers and above of the front's coordinating unit run it: they change its rules,
  decide on memberships, invite representatives, draft and adopt the platform, and draft,
  open and publish joint statements. Creating a front needs the organizer role in the unit
  that will coordinate it.
"""

from massline.accounts.access import AnyUser, has_role, is_admin
from massline.accounts.models import Role
from massline.fronts.models import REPRESENTED_STATUSES, Front, Representative


def can_see_fronts(user: AnyUser) -> bool:
    """The navigation entry and the list: our members, and any active representative."""
    return has_role(user, Role.MEMBER) or bool(represented_front_ids(user))


def represented_front_ids(user: AnyUser) -> set[int]:
    if not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_massline_front_ids", None)
    if cached is None:
        cached = set(
            Representative.objects.filter(
                user=user,
                ended_at__isnull=True,
                membership__status__in=REPRESENTED_STATUSES,
            ).values_list("membership__front_id", flat=True)
        )
        setattr(user, "_massline_front_ids", cached)  # noqa: B010 - memo on the user object
    return cached


def can_see_front(user: AnyUser, front: Front) -> bool:
    return has_role(user, Role.MEMBER) or front.pk in represented_front_ids(user)


def can_create_front(user: AnyUser) -> bool:
    return has_role(user, Role.ORGANIZER)


def can_coordinate(user: AnyUser, front: Front) -> bool:
    return is_admin(user) or has_role(user, Role.ORGANIZER, front.unit_id)

"""The access rules of the whole instance, in one place.

A user holds a role in some units. A role in a unit reaches every unit below it, so a branch
secretary is a secretary of the branch's cells. Instance administrators (`is_superuser`) see
everything. Every app's selectors build their querysets from the helpers here and never
check roles on their own.
"""

from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from massline.accounts.models import ROLE_RANK, Membership, Role, Unit, User

AnyUser = User | AnonymousUser

_CACHE_ATTR = "_massline_unit_ranks"


def is_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def _unit_children() -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, parent_id in Unit.objects.values_list("id", "parent_id"):
        children[parent_id].append(unit_id)
    return children


def descendants(unit_id: int, children: dict[int | None, list[int]] | None = None) -> set[int]:
    """The unit and every unit below it."""
    children = children if children is not None else _unit_children()
    found = {unit_id}
    stack = [unit_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def unit_ranks(user: AnyUser) -> dict[int, int]:
    """Effective role rank per unit id, inherited downwards; memoised on the user object."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    memberships = list(Membership.objects.filter(user=user).values_list("unit_id", "role"))
    ranks: dict[int, int] = {}
    if memberships:
        children = _unit_children()
        for unit_id, role in memberships:
            rank = ROLE_RANK[Role(role)]
            for reached in descendants(unit_id, children):
                if ranks.get(reached, -1) < rank:
                    ranks[reached] = rank
    setattr(user, _CACHE_ATTR, ranks)
    return ranks


def forget(user: AnyUser) -> None:
    """Drop the memoised ranks after the user's memberships changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def units_with_role(user: AnyUser, minimum: Role) -> set[int]:
    """Ids of the units where the user holds at least `minimum`."""
    if is_admin(user):
        return set(Unit.objects.values_list("id", flat=True))
    floor = ROLE_RANK[minimum]
    return {unit_id for unit_id, rank in unit_ranks(user).items() if rank >= floor}


def has_role(user: AnyUser, minimum: Role, unit_id: int | None = None) -> bool:
    """At least `minimum` in the given unit, or in any unit when `unit_id` is None."""
    if is_admin(user):
        return True
    floor = ROLE_RANK[minimum]
    ranks = unit_ranks(user)
    if unit_id is None:
        return any(rank >= floor for rank in ranks.values())
    return ranks.get(unit_id, -1) >= floor


def highest_role(user: AnyUser) -> Role | None:
    if is_admin(user):
        return Role.ADMIN
    ranks = unit_ranks(user)
    if not ranks:
        return None
    return list(Role)[max(ranks.values())]


def unit_scope(user: AnyUser, minimum: Role, field: str = "unit") -> Q:
    """A filter for records owned by a unit where the user holds at least `minimum`."""
    if is_admin(user):
        return Q()
    return Q(**{f"{field}__in": units_with_role(user, minimum)})


# Directory -------------------------------------------------------------------------------


def can_read_directory(user: AnyUser) -> bool:
    """Members and above read the directory; guests and delegates do not."""
    return has_role(user, Role.MEMBER)


def can_edit_directory(user: AnyUser) -> bool:
    return has_role(user, Role.SECRETARY)


def directory_scope(user: AnyUser, field_prefix: str = "") -> Q:
    """Organizations a user may see: all open ones, confidential ones only in own units."""
    if is_admin(user):
        return Q()
    if not can_read_directory(user):
        return Q(pk__in=[])
    units = units_with_role(user, Role.MEMBER)
    return Q(**{f"{field_prefix}confidential": False}) | Q(**{f"{field_prefix}unit__in": units})


def can_edit_record_of_unit(user: AnyUser, *, unit_id: int | None, confidential: bool) -> bool:
    """Secretaries edit open directory records; confidential ones only in their own units."""
    if is_admin(user):
        return True
    if not confidential:
        return can_edit_directory(user)
    return unit_id is not None and has_role(user, Role.SECRETARY, unit_id)


# Units and people ------------------------------------------------------------------------


def can_manage_unit(user: AnyUser, unit_id: int) -> bool:
    """Secretaries invite people into their units and below."""
    return has_role(user, Role.SECRETARY, unit_id)


def grantable_roles(user: AnyUser, unit_id: int) -> list[Role]:
    """Roles the user may hand out in a unit: up to their own, administrators any."""
    if is_admin(user):
        return list(Role)
    rank = unit_ranks(user).get(unit_id, -1)
    if rank < ROLE_RANK[Role.SECRETARY]:
        return []
    return [role for role in Role if ROLE_RANK[role] <= rank]


def can_read_audit(user: AnyUser) -> bool:
    return is_admin(user)


# Mass work (people) ----------------------------------------------------------------------


def can_do_mass_work(user: AnyUser) -> bool:
    """Organizers and above keep contacts; members and guests never see them."""
    return has_role(user, Role.ORGANIZER)


def contact_scope(user: AnyUser, field: str = "unit") -> Q:
    """Contacts (and records owned like them) of the units where the user organizes."""
    if not can_do_mass_work(user):
        return Q(pk__in=[])
    return unit_scope(user, Role.ORGANIZER, field)


def can_edit_contacts_of(user: AnyUser, unit_id: int) -> bool:
    return has_role(user, Role.ORGANIZER, unit_id)


def can_bulk_manage_contacts_of(user: AnyUser, unit_id: int) -> bool:
    """Import, export, merge and undo are for secretaries of the unit."""
    return has_role(user, Role.SECRETARY, unit_id)


def can_bulk_manage_contacts(user: AnyUser) -> bool:
    return has_role(user, Role.SECRETARY)

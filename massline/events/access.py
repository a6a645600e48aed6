"""Who may see and manage events, RSVPs, delegations and anniversaries.

Visibility of an event:
- public: everyone, also without an account (the public page and RSVP form);
- members: everyone holding at least the member role somewhere (guests do not);
- unit: members of the event's unit (a role reaches the units below it).

Organizers of an event's unit (and those above them) manage it: they edit it, read its RSVPs,
keep its delegations with their travel notes and check people in at the door.
"""

from django.db.models import Q

from massline.accounts.access import AnyUser, has_role, is_admin, units_with_role
from massline.accounts.models import Role
from massline.events.models import Anniversary, Event


def event_scope(user: AnyUser, field_prefix: str = "") -> Q:
    """A filter for the events a user may see."""
    if is_admin(user):
        return Q()
    visible = Q(**{f"{field_prefix}visibility": Event.Visibility.PUBLIC})
    if has_role(user, Role.MEMBER):
        visible |= Q(**{f"{field_prefix}visibility": Event.Visibility.MEMBERS})
        units = units_with_role(user, Role.MEMBER)
        visible |= Q(
            **{f"{field_prefix}visibility": Event.Visibility.UNIT, f"{field_prefix}unit__in": units}
        )
    return visible


def can_see_event(user: AnyUser, event: Event) -> bool:
    if event.visibility == Event.Visibility.PUBLIC or is_admin(user):
        return True
    if event.visibility == Event.Visibility.MEMBERS:
        return has_role(user, Role.MEMBER)
    return has_role(user, Role.MEMBER, event.unit_id)


def can_use_calendar(user: AnyUser) -> bool:
    """The members' calendar and lists; guests see public events on their public pages."""
    return has_role(user, Role.MEMBER)


def can_create_events(user: AnyUser) -> bool:
    return has_role(user, Role.ORGANIZER)


def can_manage_event(user: AnyUser, event: Event) -> bool:
    """Edit, cancel, read RSVPs and delegations, check people in."""
    return has_role(user, Role.ORGANIZER, event.unit_id)


def managed_units(user: AnyUser) -> set[int]:
    return units_with_role(user, Role.ORGANIZER)


def can_read_anniversaries(user: AnyUser) -> bool:
    return has_role(user, Role.MEMBER)


def can_create_anniversaries(user: AnyUser) -> bool:
    return has_role(user, Role.ORGANIZER)


def can_edit_anniversary(user: AnyUser, anniversary: Anniversary) -> bool:
    """Organizers of its unit; those of the whole organization (no unit) by secretaries."""
    if anniversary.unit_id is None:
        return has_role(user, Role.SECRETARY)
    return has_role(user, Role.ORGANIZER, anniversary.unit_id)

"""Who may see and do what in the correspondence register.

Letters belong to a unit (`Letter.unit`); roles reach down through nested units.

- Read: members of the unit read letters that are final (approved, sent, acknowledged,
  received); drafts and letters in review are for the unit's organizers and up, and for the
  letter's author. A confidential letter is for the unit's secretaries and its author only.
  Guests never read the register.
- Write: organizers of the unit draft letters and register letters received, and edit drafts
  and letters in review they may read.
- Approve: a secretary of the unit (or above) who is not the letter's author; an instance
  administrator may approve their own letter. A second pair of eyes is the point of approval.
- Send, mark sent, reopen, publish, acknowledge, withdraw: secretaries of the unit.
"""

from django.db.models import Q

from massline.accounts import access
from massline.accounts.access import AnyUser
from massline.accounts.models import Role
from massline.letters.models import Letter

FINAL = (
    Letter.Status.APPROVED,
    Letter.Status.SENT,
    Letter.Status.ACKNOWLEDGED,
    Letter.Status.RECEIVED,
)


def can_use_register(user: AnyUser) -> bool:
    """Members and up of some unit open the register at all."""
    return access.has_role(user, Role.MEMBER)


def letter_scope(user: AnyUser, prefix: str = "") -> Q:
    """A filter for the letters the user may read."""
    if access.is_admin(user):
        return Q()
    if not can_use_register(user):
        return Q(pk__in=[])
    members = access.units_with_role(user, Role.MEMBER)
    organizers = access.units_with_role(user, Role.ORGANIZER)
    secretaries = access.units_with_role(user, Role.SECRETARY)
    p = prefix
    return (
        Q(**{f"{p}unit__in": members, f"{p}status__in": FINAL, f"{p}confidential": False})
        | Q(**{f"{p}unit__in": organizers, f"{p}confidential": False})
        | Q(**{f"{p}unit__in": secretaries})
        | Q(**{f"{p}created_by": user})
    )


def can_read(user: AnyUser, letter: Letter) -> bool:
    if access.is_admin(user):
        return True
    if not can_use_register(user):
        return False
    if user.pk is not None and letter.created_by_id == user.pk:
        return True
    if access.has_role(user, Role.SECRETARY, letter.unit_id):
        return True
    if letter.confidential:
        return False
    if access.has_role(user, Role.ORGANIZER, letter.unit_id):
        return True
    return letter.status in FINAL and access.has_role(user, Role.MEMBER, letter.unit_id)


def can_draft_in(user: AnyUser, unit_id: int) -> bool:
    return access.has_role(user, Role.ORGANIZER, unit_id)


def can_draft(user: AnyUser) -> bool:
    return access.has_role(user, Role.ORGANIZER)


def can_edit(user: AnyUser, letter: Letter) -> bool:
    """Change the text or the details; never while the approved text is frozen."""
    if letter.is_frozen or letter.status == Letter.Status.WITHDRAWN:
        return False
    if not can_read(user, letter):
        return False
    if letter.direction == Letter.Direction.IN:
        return access.has_role(user, Role.ORGANIZER, letter.unit_id)
    return access.has_role(user, Role.ORGANIZER, letter.unit_id) or (
        user.pk is not None and letter.created_by_id == user.pk
    )


def can_comment(user: AnyUser, letter: Letter) -> bool:
    return letter.status in (Letter.Status.DRAFT, Letter.Status.REVIEW) and can_read(user, letter)


def is_secretary_of(user: AnyUser, letter: Letter) -> bool:
    return access.has_role(user, Role.SECRETARY, letter.unit_id)


def can_approve(user: AnyUser, letter: Letter) -> bool:
    """Secretaries of the unit approve, but not a letter they wrote (administrators may)."""
    if access.is_admin(user):
        return True
    if not is_secretary_of(user, letter):
        return False
    return user.pk is None or letter.created_by_id != user.pk


def can_dispatch(user: AnyUser, letter: Letter) -> bool:
    """Send, mark sent, reopen, publish, unpublish, acknowledge, withdraw."""
    return is_secretary_of(user, letter)


def can_see_greetings_due(user: AnyUser) -> bool:
    return access.has_role(user, Role.SECRETARY)

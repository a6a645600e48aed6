"""Reads of de-duplication and merge data, scoped to the acting user.

Candidate pairs are for secretaries of both contacts' units (`selectors.duplicate_list`).
The merge history of a contact is visible to whoever sees the contact; the snapshot of the
removed contact only to those who could have merged it.
"""

import json
from typing import Any

from django.db.models import QuerySet

from massline.accounts import access
from massline.accounts.models import Role, Unit, User
from massline.people import selectors
from massline.people.models import Contact, DuplicateCandidate, MergeRecord


def duplicate_pairs(*, user: User) -> QuerySet[DuplicateCandidate]:
    """Open pairs the user may decide, best first, with both contacts loaded."""
    return selectors.duplicate_list(user=user).select_related("first__unit", "second__unit")


def scannable_units(*, user: User) -> QuerySet[Unit]:
    """Units whose contacts the user may scan for duplicates."""
    return Unit.objects.filter(id__in=access.units_with_role(user, Role.SECRETARY)).order_by("name")


def merge_history(*, user: User, contact: Contact) -> QuerySet[MergeRecord]:
    """Merges into a contact the user can see, newest first."""
    selectors.access_contact(user=user, contact_id=contact.pk)
    return (
        MergeRecord.objects.filter(kept_id=contact.pk).select_related("by").order_by("-at", "-id")
    )


def merge_snapshot(*, user: User, record: MergeRecord) -> dict[str, Any] | None:
    """The removed contact as it was, or None when the user could not have merged it: it may
    have come from a unit the user does not see."""
    kept_unit = Contact.objects.filter(pk=record.kept_id).values_list("unit_id", flat=True).first()
    if kept_unit is None or not access.can_bulk_manage_contacts_of(user, kept_unit):
        return None
    data: dict[str, Any] = json.loads(record.snapshot)
    unit = data.get("unit")
    if not isinstance(unit, int) or not access.can_bulk_manage_contacts_of(user, unit):
        return None
    return data

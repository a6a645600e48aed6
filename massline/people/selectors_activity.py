"""Reads of one contact's whole history, page by page, and of the constituencies to choose.

`selectors.contact_timeline` gives the latest entries for a page; these give every entry, in a
stable order, for clients that walk through them (the API). Each read is scoped like the
contact it belongs to, whatever contact the caller passes.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet

from massline.accounts import access
from massline.accounts.models import User
from massline.people.models import Assessment, Constituency, Contact, FollowUp, Interaction


def _require(user: User) -> None:
    if not access.can_do_mass_work(user):
        raise PermissionDenied


def contact_interactions(*, user: User, contact: Contact) -> QuerySet[Interaction]:
    """A contact's interactions, newest first."""
    _require(user)
    return (
        Interaction.objects.filter(
            access.contact_scope(user, "contact__unit"), contact_id=contact.pk
        )
        .select_related("by")
        .order_by("-occurred_at", "-id")
    )


def contact_assessments(*, user: User, contact: Contact) -> QuerySet[Assessment]:
    """A contact's assessments, newest first: the first one is the current level."""
    _require(user)
    return (
        Assessment.objects.filter(
            access.contact_scope(user, "contact__unit"), contact_id=contact.pk
        )
        .select_related("by")
        .order_by("-assessed_at", "-id")
    )


def contact_follow_ups(*, user: User, contact: Contact) -> QuerySet[FollowUp]:
    """A contact's follow-ups: open ones by due date, then done ones in the order done."""
    _require(user)
    return (
        FollowUp.objects.filter(access.contact_scope(user, "contact__unit"), contact_id=contact.pk)
        .select_related("contact", "assigned_to")
        .order_by(F("done_at").asc(nulls_first=True), "due_on", "id")
    )


def constituency_choices(*, user: User) -> QuerySet[Constituency]:
    """The constituencies contacts may be filed under (built-in ones first)."""
    _require(user)
    return Constituency.objects.order_by("-builtin", "name", "id")

"""Reads of mass-work data, always scoped to the units where the acting user organizes."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from massline.accounts import access
from massline.accounts.models import Role, Unit, User
from massline.people import segments
from massline.people.models import (
    Assessment,
    Constituency,
    Contact,
    ContactIdentifier,
    DuplicateCandidate,
    FollowUp,
    ImportBatch,
    Interaction,
    Segment,
    Site,
    Struggle,
)
from massline.people.services.contacts import email_index, phone_index


def _require(user: User) -> None:
    if not access.can_do_mass_work(user):
        raise PermissionDenied


def _get(qs: QuerySet, pk: Any) -> Any:
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def working_units(*, user: User) -> QuerySet[Unit]:
    """Units where the user may keep contacts."""
    return Unit.objects.filter(id__in=access.units_with_role(user, Role.ORGANIZER))


def managed_units(*, user: User) -> QuerySet[Unit]:
    """Units where the user may import, export and merge."""
    return Unit.objects.filter(id__in=access.units_with_role(user, Role.SECRETARY))


def contact_base(*, user: User) -> QuerySet[Contact]:
    _require(user)
    return Contact.objects.filter(access.contact_scope(user))


def contact_list(
    *, user: User, query: str = "", email: str = "", phone: str = ""
) -> QuerySet[Contact]:
    """Visible contacts filtered by a segment query and exact email/phone look-up.

    Raises SegmentQueryError for a query that does not parse.
    """
    qs = contact_base(user=user).filter(segments.to_q(query))
    if email:
        qs = qs.filter(identifiers__kind="email", identifiers__value_index=email_index(email))
    if phone:
        qs = qs.filter(identifiers__kind="phone", identifiers__value_index=phone_index(phone))
    return qs.select_related("site", "unit").prefetch_related("constituencies", "tags")


def segment_count(*, user: User, query: str, unit_id: int | None = None) -> int:
    """How many visible contacts a query finds; within `unit_id` and below when given.

    Raises SegmentQueryError for a query that does not parse.
    """
    qs = contact_base(user=user).filter(segments.to_q(query))
    if unit_id is not None:
        qs = qs.filter(unit_id__in=access.descendants(unit_id))
    return qs.count()


def access_contact(*, user: User, contact_id: Any) -> Contact:
    return _get(
        contact_base(user=user)
        .select_related("site", "unit")
        .prefetch_related("constituencies", "tags"),
        contact_id,
    )


def contact_timeline(*, user: User, contact: Contact) -> dict[str, Any]:
    access_contact(user=user, contact_id=contact.pk)
    return {
        "interactions": contact.interactions.select_related("by")[:100],
        "assessments": contact.assessments.select_related("by")[:50],
        "follow_ups": contact.follow_ups.select_related("assigned_to").order_by(
            "done_at", "due_on"
        )[:50],
        "struggles": contact.struggles.all(),
    }


def find_by_identifier(*, user: User, kind: str, value_index: str) -> QuerySet[Contact]:
    return contact_base(user=user).filter(
        pk__in=ContactIdentifier.objects.filter(kind=kind, value_index=value_index).values(
            "contact_id"
        )
    )


def access_interaction(*, user: User, interaction_id: Any) -> Interaction:
    return _get(
        Interaction.objects.filter(access.contact_scope(user, "contact__unit")).select_related(
            "contact"
        ),
        interaction_id,
    )


def access_follow_up(*, user: User, follow_up_id: Any) -> FollowUp:
    _require(user)
    return _get(
        FollowUp.objects.filter(access.contact_scope(user, "contact__unit")).select_related(
            "contact"
        ),
        follow_up_id,
    )


def my_follow_ups(*, user: User, include_done: bool = False) -> QuerySet[FollowUp]:
    _require(user)
    qs = FollowUp.objects.filter(access.contact_scope(user, "contact__unit"), assigned_to=user)
    if not include_done:
        qs = qs.filter(done_at__isnull=True)
    return qs.select_related("contact").order_by("due_on", "id")


def assignable_users(*, user: User, unit: Unit) -> QuerySet[User]:
    """Organizers who may take a follow-up for a contact of `unit`."""
    if not access.can_edit_contacts_of(user, unit.pk):
        raise PermissionDenied
    ancestors = []
    current: Unit | None = unit
    while current is not None:
        ancestors.append(current.pk)
        current = current.parent
    return (
        User.objects.filter(
            Q(is_superuser=True, is_active=True)
            | Q(
                memberships__unit_id__in=ancestors,
                is_active=True,
                memberships__role__in=[Role.ORGANIZER, Role.SECRETARY, Role.ADMIN],
            )
        )
        .distinct()
        .order_by("display_name", "email")
    )


def constituency_list() -> QuerySet[Constituency]:
    return Constituency.objects.all()


def site_list(*, user: User) -> QuerySet[Site]:
    _require(user)
    return (
        Site.objects.filter(access.contact_scope(user))
        .select_related("unit")
        .annotate(contact_count=Count("contacts"))
    )


def site_choices(*, user: User) -> QuerySet[Site]:
    """Sites a contact or a struggle of the user's units may be filed under."""
    _require(user)
    return (
        Site.objects.filter(access.contact_scope(user))
        .select_related("unit")
        .order_by("name", "unit__name")
    )


def site_contacts(*, user: User, site: Site) -> QuerySet[Contact]:
    return (
        contact_base(user=user)
        .filter(site=site)
        .select_related("unit")
        .order_by("-last_interaction_at", "id")
    )


def access_site(*, user: User, site_id: Any) -> Site:
    _require(user)
    return _get(Site.objects.filter(access.contact_scope(user)).select_related("unit"), site_id)


def struggle_list(*, user: User) -> QuerySet[Struggle]:
    _require(user)
    return (
        Struggle.objects.filter(access.contact_scope(user))
        .select_related("unit")
        .prefetch_related("sites", "constituencies")
        .annotate(contact_count=Count("contacts", distinct=True))
    )


def access_struggle(*, user: User, struggle_id: Any) -> Struggle:
    _require(user)
    return _get(
        Struggle.objects.filter(access.contact_scope(user))
        .select_related("unit")
        .prefetch_related(
            "sites", "constituencies", Prefetch("contacts", Contact.objects.order_by("id"))
        ),
        struggle_id,
    )


def struggle_contact_choices(*, user: User, struggle: Struggle) -> QuerySet[Contact]:
    """Contacts offered on a struggle's form: those at its sites and those involved."""
    return (
        contact_base(user=user)
        .filter(Q(site__in=struggle.sites.all()) | Q(struggles=struggle))
        .distinct()
        .order_by("id")
    )


def struggles_to_join(*, user: User, contact: Contact) -> QuerySet[Struggle]:
    """Struggles a contact may be added to: visible ones that do not count them yet."""
    _require(user)
    return (
        Struggle.objects.filter(access.contact_scope(user))
        .exclude(contacts=contact)
        .order_by("title")
    )


def segment_list(*, user: User) -> QuerySet[Segment]:
    _require(user)
    return Segment.objects.filter(access.contact_scope(user)).select_related("unit")


def access_segment(*, user: User, segment_id: Any) -> Segment:
    _require(user)
    return _get(
        Segment.objects.filter(access.contact_scope(user)).select_related("unit"), segment_id
    )


def segment_members(*, user: User, segment: Segment) -> QuerySet[Contact]:
    """The contacts of a segment, limited to the segment's unit and the user's scope."""
    access_segment(user=user, segment_id=segment.pk)
    scope = access.descendants(segment.unit_id)
    return contact_list(user=user, query=segment.query).filter(unit_id__in=scope)


def import_list(*, user: User) -> QuerySet[ImportBatch]:
    if not access.can_bulk_manage_contacts(user):
        raise PermissionDenied
    units = access.units_with_role(user, Role.SECRETARY)
    return ImportBatch.objects.filter(unit_id__in=units).select_related("unit", "created_by")


def access_import(*, user: User, import_id: Any) -> ImportBatch:
    return _get(import_list(user=user), import_id)


def duplicate_list(
    *, user: User, status: str = DuplicateCandidate.Status.OPEN
) -> QuerySet[DuplicateCandidate]:
    """Candidate pairs whose both contacts lie in units the user manages."""
    if not access.can_bulk_manage_contacts(user):
        raise PermissionDenied
    units = access.units_with_role(user, Role.SECRETARY)
    return (
        DuplicateCandidate.objects.filter(
            status=status, first__unit_id__in=units, second__unit_id__in=units
        )
        .select_related("first", "second", "first__site", "second__site")
        .order_by("-score", "id")
    )


def access_duplicate(*, user: User, duplicate_id: Any) -> DuplicateCandidate:
    return _get(duplicate_list(user=user), duplicate_id)


def dashboard(*, user: User, months: int = 12) -> dict[str, Any]:
    """Figures for the mass-work dashboard, within the user's compartments."""
    contacts = contact_base(user=user)
    since = (timezone.now() - timedelta(days=31 * months)).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    interactions = Interaction.objects.filter(
        access.contact_scope(user, "contact__unit"), occurred_at__gte=since
    )
    reached = (
        interactions.annotate(month=TruncMonth("occurred_at"))
        .values("month", "contact__constituencies__key")
        .annotate(n=Count("contact", distinct=True))
        .order_by("month")
    )
    funnel = dict(
        contacts.values_list("assessment").annotate(n=Count("id")).values_list("assessment", "n")
    )
    by_status = dict(
        contacts.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    today = timezone.localdate()
    follow_ups = FollowUp.objects.filter(
        access.contact_scope(user, "contact__unit"), done_at__isnull=True
    )
    struggles = Struggle.objects.filter(access.contact_scope(user))
    return {
        "total": contacts.count(),
        "reached": list(reached),
        "funnel": funnel,
        "by_status": by_status,
        "overdue": follow_ups.filter(due_on__lt=today).count(),
        "due_soon": follow_ups.filter(
            due_on__gte=today, due_on__lte=today + timedelta(days=7)
        ).count(),
        "struggles": dict(
            struggles.values_list("status").annotate(n=Count("id")).values_list("status", "n")
        ),
        "assessments_recent": Assessment.objects.filter(
            access.contact_scope(user, "contact__unit"),
            assessed_at__gte=timezone.now() - timedelta(days=30),
        ).count(),
    }

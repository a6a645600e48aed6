"""Writes of interactions, assessments and follow-ups: the daily work with a contact."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from massline.accounts import access
from massline.accounts.models import User
from massline.audit.services import audit_record
from massline.people.models import Assessment, Contact, FollowUp, Interaction


def _require(actor: User, contact: Contact) -> None:
    if not access.can_edit_contacts_of(actor, contact.unit_id):
        raise PermissionDenied


def _not_future(moment: datetime, field: str) -> None:
    if moment > timezone.now() + timedelta(minutes=5):
        raise ValidationError({field: _("This lies in the future.")})


@dataclass(frozen=True)
class NextStep:
    due_on: date
    task: str
    assigned_to: User


@transaction.atomic
def interaction_log(
    *,
    actor: User,
    contact: Contact,
    kind: str,
    occurred_at: datetime | None = None,
    place: str = "",
    outcome: str = Interaction.Outcome.NEUTRAL,
    notes: str = "",
    assessment: int | None = None,
    next_step: NextStep | None = None,
) -> Interaction:
    """Log a conversation (or visit, call...), and in the same go re-assess the contact and
    schedule the next step. Locks the contact row to keep `last_interaction_at` right."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    _require(actor, contact)
    occurred_at = occurred_at or timezone.now()
    _not_future(occurred_at, "occurred_at")
    if len(notes) > 20000 or len(place) > 500:
        raise ValidationError(_("The notes are too long."))
    interaction = Interaction(
        contact=contact,
        kind=kind,
        occurred_at=occurred_at,
        by=actor,
        place=place.strip(),
        outcome=outcome,
        notes=notes.strip(),
    )
    interaction.full_clean()
    interaction.save()
    if contact.last_interaction_at is None or occurred_at > contact.last_interaction_at:
        contact.last_interaction_at = occurred_at
        contact.save(update_fields=["last_interaction_at"])
    if assessment is not None:
        assessment_set(
            actor=actor,
            contact=contact,
            level=assessment,
            note=_("Set while logging: %(kind)s") % {"kind": interaction.get_kind_display()},
            assessed_at=occurred_at,
        )
    if next_step is not None:
        follow_up_create(
            actor=actor,
            contact=contact,
            due_on=next_step.due_on,
            task=next_step.task,
            assigned_to=next_step.assigned_to,
        )
    audit_record(
        actor=actor,
        action="interaction.log",
        obj=interaction,
        data={"contact": contact.pk, "kind": kind},
    )
    return interaction


@transaction.atomic
def interaction_delete(*, actor: User, interaction: Interaction) -> None:
    contact = Contact.objects.select_for_update().get(pk=interaction.contact_id)
    _require(actor, contact)
    audit_record(actor=actor, action="interaction.delete", obj=interaction)
    interaction.delete()
    contact.last_interaction_at = contact.interactions.aggregate(m=Max("occurred_at"))["m"]
    contact.save(update_fields=["last_interaction_at"])


@transaction.atomic
def assessment_set(
    *,
    actor: User,
    contact: Contact,
    level: int,
    note: str = "",
    assessed_at: datetime | None = None,
) -> Assessment:
    """Record a new assessment; the contact's current one is the latest by date."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    _require(actor, contact)
    if level not in Assessment.Level.values:
        raise ValidationError({"level": _("An assessment goes from 1 (leader) to 5 (opposed).")})
    assessed_at = assessed_at or timezone.now()
    _not_future(assessed_at, "assessed_at")
    assessment = Assessment(
        contact=contact, level=level, by=actor, note=note.strip()[:2000], assessed_at=assessed_at
    )
    assessment.full_clean()
    assessment.save()
    latest = contact.assessments.order_by("-assessed_at", "-id").first()
    contact.assessment = latest.level if latest else None
    contact.save(update_fields=["assessment"])
    audit_record(
        actor=actor,
        action="assessment.set",
        obj=assessment,
        data={"contact": contact.pk, "level": level},
    )
    return assessment


@transaction.atomic
def follow_up_create(
    *, actor: User, contact: Contact, due_on: date, task: str, assigned_to: User
) -> FollowUp:
    _require(actor, contact)
    if not access.can_edit_contacts_of(assigned_to, contact.unit_id):
        raise ValidationError(
            {"assigned_to": _("Assign the follow-up to an organizer of the contact's unit.")}
        )
    task = task.strip()
    if not task:
        raise ValidationError({"task": _("Say what is to be done.")})
    if len(task) > 2000:
        raise ValidationError({"task": _("At most %(limit)d characters.") % {"limit": 2000}})
    if due_on < timezone.localdate() - timedelta(days=1):
        raise ValidationError({"due_on": _("The due date lies in the past.")})
    follow_up = FollowUp(
        contact=contact, assigned_to=assigned_to, due_on=due_on, task=task, created_by=actor
    )
    follow_up.full_clean()
    follow_up.save()
    audit_record(
        actor=actor,
        action="follow_up.create",
        obj=follow_up,
        data={"contact": contact.pk, "assigned_to": assigned_to.pk},
    )
    return follow_up


@transaction.atomic
def follow_up_done(*, actor: User, follow_up: FollowUp) -> FollowUp:
    _require(actor, follow_up.contact)
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at"])
        audit_record(actor=actor, action="follow_up.done", obj=follow_up)
    return follow_up

"""Writes of motions and amendments: submission, support, merging into new versions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from massline.accounts.models import User
from massline.audit.services import audit_record
from massline.core.validation import full_clean
from massline.fronts.assemblies import lines
from massline.fronts.assemblies.models import (
    MAX_MOTION_LINES,
    AgendaItem,
    Amendment,
    Assembly,
    Motion,
    MotionVersion,
)
from massline.fronts.assemblies.services.assemblies import can_chair, delegate_of
from massline.fronts.models import FrontMembership


def _clean_text(text: str) -> str:
    return "\n".join(line.rstrip() for line in lines.split_lines(text.strip()))


def _check_lines(text: str) -> None:
    if not text.strip():
        raise ValidationError({"text": _("Write the text of the motion.")})
    if len(lines.split_lines(text)) > MAX_MOTION_LINES:
        raise ValidationError(
            {"text": _("A motion may have at most %(count)d lines.") % {"count": MAX_MOTION_LINES}}
        )


def current_version(motion: Motion) -> MotionVersion:
    version = motion.versions.order_by("-number").first()
    assert version is not None
    return version


def _admissible(motion: Motion) -> bool:
    if motion.organization_id is not None:
        return True
    return motion.supporters.count() >= motion.assembly.min_supporters


@transaction.atomic
def motion_submit(
    *,
    actor: User,
    assembly: Assembly,
    title: str,
    text: str,
    reason: str = "",
    organization: FrontMembership | None = None,
    agenda_item: AgendaItem | None = None,
) -> Motion:
    """A delegate submits a motion for themselves (supported by them), or a chair enters one
    on behalf of an organization. Past the deadline only chairs may submit."""
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    chair = can_chair(actor, assembly)
    delegate = delegate_of(actor, assembly)
    if delegate is None and not chair:
        raise PermissionDenied
    if assembly.status == Assembly.Status.CLOSED:
        raise ValidationError(_("The assembly is closed."))
    if (
        not chair
        and assembly.motion_deadline is not None
        and timezone.now() > assembly.motion_deadline
    ):
        raise ValidationError(_("The deadline for motions has passed."))
    if organization is not None:
        if organization.front_id != assembly.front_id:
            raise ValidationError({"organization": _("The organization is not in this front.")})
        if not chair and (delegate is None or delegate.membership_id != organization.pk):
            raise ValidationError(
                {"organization": _("You may submit only in the name of your own organization.")}
            )
    elif delegate is None:
        raise ValidationError(
            {"organization": _("Name the organization this motion is submitted by.")}
        )
    if agenda_item is not None and agenda_item.assembly_id != assembly.pk:
        raise ValidationError({"agenda_item": _("The item is not on this assembly's agenda.")})
    text = _clean_text(text)
    _check_lines(text)
    number = (assembly.motions.aggregate(last=Max("number"))["last"] or 0) + 1
    motion = Motion(
        assembly=assembly,
        agenda_item=agenda_item,
        number=number,
        title=title.strip(),
        reason=reason.strip(),
        organization=organization,
        submitter=delegate,
    )
    full_clean(motion)
    motion.save()
    version = MotionVersion(motion=motion, number=1, text=text, created_by=actor)
    try:
        full_clean(version)
    except ValidationError as exc:  # the whole submission rolls back
        raise ValidationError({"text": exc.messages}) from exc
    version.save()
    if delegate is not None:
        motion.supporters.add(delegate)
    if _admissible(motion):
        motion.status = Motion.Status.ADMITTED
        motion.save(update_fields=["status"])
    audit_record(actor=actor, action="motion.submit", obj=motion, data={"title": motion.title})
    return motion


@transaction.atomic
def motion_support(*, actor: User, motion: Motion) -> Motion:
    """The acting delegate supports the motion; with enough supporters it is admitted."""
    motion = Motion.objects.select_for_update().select_related("assembly").get(pk=motion.pk)
    delegate = delegate_of(actor, motion.assembly)
    if delegate is None:
        raise PermissionDenied
    if motion.status not in (Motion.Status.SUBMITTED, Motion.Status.ADMITTED):
        raise ValidationError(_("This motion can no longer be supported."))
    motion.supporters.add(delegate)
    if motion.status == Motion.Status.SUBMITTED and _admissible(motion):
        motion.status = Motion.Status.ADMITTED
        motion.save(update_fields=["status"])
    return motion


@transaction.atomic
def motion_set_status(*, actor: User, motion: Motion, status: str) -> Motion:
    """A chair admits, withdraws, or records the decision on a motion."""
    if not can_chair(actor, motion.assembly):
        raise PermissionDenied
    if status not in Motion.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if motion.status in (Motion.Status.ADOPTED, Motion.Status.REJECTED):
        raise ValidationError(_("The assembly has decided on this motion."))
    motion.status = status
    motion.save(update_fields=["status"])
    audit_record(actor=actor, action="motion.status", obj=motion, data={"status": status})
    return motion


def change_of(amendment: Amendment) -> lines.Change:
    return lines.Change(
        kind=amendment.kind,
        first=amendment.first_line,
        last=None if amendment.kind == lines.INSERT else amendment.last_line,
        new_lines=tuple(lines.split_lines(amendment.new_text)),
    )


@transaction.atomic
def amendment_submit(
    *,
    actor: User,
    motion: Motion,
    kind: str,
    first_line: int,
    last_line: int | None = None,
    new_text: str = "",
    reason: str = "",
    organization: FrontMembership | None = None,
) -> Amendment:
    """Amend the motion's current version. Refused with a clear error when the lines do not
    exist or overlap another pending amendment of the same version. Locks the motion."""
    motion = Motion.objects.select_for_update().select_related("assembly").get(pk=motion.pk)
    assembly = motion.assembly
    chair = can_chair(actor, assembly)
    delegate = delegate_of(actor, assembly)
    if delegate is None and not chair:
        raise PermissionDenied
    if motion.status not in (Motion.Status.SUBMITTED, Motion.Status.ADMITTED):
        raise ValidationError(_("This motion can no longer be amended."))
    if (
        not chair
        and assembly.amendment_deadline is not None
        and timezone.now() > assembly.amendment_deadline
    ):
        raise ValidationError(_("The deadline for amendments has passed."))
    if organization is not None and organization.front_id != assembly.front_id:
        raise ValidationError({"organization": _("The organization is not in this front.")})
    if organization is None and delegate is None:
        raise ValidationError(
            {"organization": _("Name the organization this amendment is submitted by.")}
        )
    version = current_version(motion)
    new_text = _clean_text(new_text) if kind != lines.DELETE else new_text.strip()
    change = lines.Change(
        kind=kind,
        first=first_line,
        last=None if kind == lines.INSERT else last_line,
        new_lines=tuple(lines.split_lines(new_text)),
    )
    lines.validate(change, len(version.lines))
    for other in version.amendments.filter(status=Amendment.Status.SUBMITTED):
        if lines.overlaps(change, change_of(other)):
            raise ValidationError(
                {
                    "first_line": _(
                        "This overlaps amendment A%(number)d (%(where)s) to the same version. "
                        "Amend other lines, or ask for A%(number)d to be withdrawn first."
                    )
                    % {"number": other.number, "where": change_of(other).describe()}
                }
            )
    number = (motion.amendments.aggregate(last=Max("number"))["last"] or 0) + 1
    amendment = Amendment(
        motion=motion,
        number=number,
        version=version,
        kind=kind,
        first_line=first_line,
        last_line=None if kind == lines.INSERT else last_line,
        new_text=new_text,
        reason=reason.strip(),
        submitter=delegate,
        organization=organization or (delegate.membership if delegate else None),
    )
    full_clean(amendment)
    amendment.save()
    audit_record(
        actor=actor,
        action="amendment.submit",
        obj=amendment,
        data={"motion": motion.pk, "change": change.describe()},
    )
    return amendment


def _merge(actor: User | None, amendment: Amendment) -> MotionVersion:
    """Make the next version of the motion; pending amendments of the old version move to the
    new one with their line numbers shifted. Call inside a transaction with the motion locked."""
    motion = amendment.motion
    version = current_version(motion)
    if amendment.version_id != version.pk:
        raise ValidationError(_("This amendment no longer applies to the current version."))
    change = change_of(amendment)
    merged_lines = lines.apply(version.lines, change)
    new_version = MotionVersion(
        motion=motion,
        number=version.number + 1,
        text="\n".join(merged_lines),
        amendment=amendment,
        created_by=actor,
    )
    full_clean(new_version)
    new_version.save()
    amendment.status = Amendment.Status.ADOPTED
    amendment.save(update_fields=["status"])
    for pending in version.amendments.filter(status=Amendment.Status.SUBMITTED):
        moved = lines.shift(change_of(pending), change)
        pending.version = new_version
        pending.first_line = moved.first
        pending.last_line = moved.last
        pending.save(update_fields=["version", "first_line", "last_line"])
    return new_version


@transaction.atomic
def amendment_decide(*, actor: User | None, amendment: Amendment, adopted: bool) -> Amendment:
    """Record the assembly's decision: an adopted amendment is merged into a new version.
    `actor` None means the decision comes from a closed vote (checked by its service)."""
    motion = Motion.objects.select_for_update().get(pk=amendment.motion_id)
    amendment = Amendment.objects.select_related("motion__assembly").get(pk=amendment.pk)
    if actor is not None and not can_chair(actor, motion.assembly):
        raise PermissionDenied
    if amendment.status != Amendment.Status.SUBMITTED:
        raise ValidationError(_("The assembly has already decided on this amendment."))
    if adopted:
        _merge(actor, amendment)
    else:
        amendment.status = Amendment.Status.REJECTED
        amendment.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="amendment.adopt" if adopted else "amendment.reject",
        obj=amendment,
        data={"motion": motion.pk},
    )
    return amendment


@transaction.atomic
def amendment_withdraw(*, actor: User, amendment: Amendment) -> Amendment:
    assembly = amendment.motion.assembly
    own = amendment.submitter is not None and amendment.submitter.user_id == actor.pk
    if not own and not can_chair(actor, assembly):
        raise PermissionDenied
    if amendment.status != Amendment.Status.SUBMITTED:
        raise ValidationError(_("The assembly has already decided on this amendment."))
    amendment.status = Amendment.Status.WITHDRAWN
    amendment.save(update_fields=["status"])
    audit_record(actor=actor, action="amendment.withdraw", obj=amendment)
    return amendment

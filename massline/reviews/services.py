"""Writes of the reviews app. Each service checks the actor's right, validates fully, audits.

The anonymous box (`criticism_submit`) is the exception to auditing: it writes nothing that
names, times or counts its author (see docs/reviews.md).
"""

import hashlib
import hmac
import importlib
import logging
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from massline.accounts.access import descendants
from massline.accounts.models import Unit, User
from massline.audit.services import audit_record
from massline.core.validation import full_clean
from massline.reviews import access, subjects
from massline.reviews.models import (
    CorrectiveAction,
    Criticism,
    CriticismAnswer,
    CriticismBatch,
    Finding,
    Review,
    Tendency,
)

logger = logging.getLogger(__name__)

Status = CorrectiveAction.Status
MAX_PARTICIPANTS = 200
MAX_TENDENCIES = 6


def _text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def ensure_builtin_tendencies() -> None:
    """Create the built-in tendencies that are missing, as migration 0002 does: an emptied
    database (a test run that flushed it, say) gets them back; admins' edits are kept."""
    from django.apps import apps

    seeding = importlib.import_module("massline.reviews.migrations.0002_seed_tendencies")
    seeding.seed(apps, None)


def unit_chain(unit_id: int) -> list[int]:
    """The unit and the units above it, nearest first."""
    parents = dict(Unit.objects.values_list("id", "parent_id"))
    chain: list[int] = []
    current: int | None = unit_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def unit_people(unit_id: int) -> QuerySet[User]:
    """Active people holding a role in the unit, a unit above it or a unit below it: who may
    take part in (and so read) a review of the unit's work."""
    units = set(unit_chain(unit_id)) | descendants(unit_id)
    return (
        User.objects.filter(is_active=True, memberships__unit_id__in=units)
        .distinct()
        .order_by("display_name", "email")
    )


def _check_people(
    *, actor: User, unit_id: int, facilitator: User, participants: list[User]
) -> None:
    allowed = set(unit_people(unit_id).values_list("id", flat=True)) | {actor.pk}
    if facilitator.pk not in allowed:
        raise ValidationError(
            {"facilitator": _("The facilitator must belong to the unit, above or below it.")}
        )
    if len(participants) > MAX_PARTICIPANTS:
        raise ValidationError({"participants": _("Too many participants.")})
    strangers = [person for person in participants if person.pk not in allowed]
    if strangers:
        raise ValidationError(
            {"participants": _("Participants must belong to the unit, above or below it.")}
        )


def _check_circle(
    *,
    actor: User,
    unit_id: int,
    confidentiality: str,
    facilitator: User,
    participants: list[User],
) -> None:
    """Whoever holds or changes a review must stay able to read it."""
    if not access.in_circle(
        actor,
        unit_id=unit_id,
        confidentiality=confidentiality,
        facilitator_id=facilitator.pk,
        participant_ids={person.pk for person in participants},
    ):
        raise ValidationError(
            {
                "confidentiality": _(
                    "You would not be able to read this review yourself: take part in it, "
                    "facilitate it, or choose a wider circle."
                )
            }
        )


@transaction.atomic
def review_create(
    *,
    actor: User,
    subject_kind: str,
    subject_id: int,
    title: str,
    held_on: date,
    facilitator: User,
    participants: list[User],
    confidentiality: str = Review.Confidentiality.UNIT,
    summary: str = "",
    unit: Unit | None = None,
    follows: Review | None = None,
) -> Review:
    """Open a review of a subject. Work of a unit is reviewed in its own unit by its
    organizers; a self-criticism (kind "self", the actor as subject) in a unit the actor is a
    member of (`unit`)."""
    kind = subjects.kind_by_code(subject_kind)
    if kind is None:
        raise ValidationError({"subject": _("This kind of subject cannot be reviewed here.")})
    model = subjects.model_of(kind)
    assert model is not None
    subject = model._default_manager.filter(pk=subject_id).first()
    if subject is None:
        raise ValidationError({"subject": _("Choose a subject from the list.")})
    if kind.code == subjects.SELF:
        if subject.pk != actor.pk:
            raise ValidationError({"subject": _("A self-criticism is written by the member.")})
        if unit is None:
            raise ValidationError({"unit": _("Choose the unit this self-criticism is held in.")})
        if not access.can_hold_self_criticism_in(actor, unit.pk):
            raise ValidationError({"unit": _("Choose a unit you belong to.")})
        participants = [*participants, actor]
    else:
        unit_id = subjects.subject_unit_id(kind, subject)
        if unit_id is None or not access.can_hold_reviews_in(actor, unit_id):
            # a subject of another compartment is treated as one that does not exist
            raise ValidationError({"subject": _("Choose a subject from the list.")})
        unit = Unit.objects.get(pk=unit_id)
    participants = list({person.pk: person for person in participants}.values())
    _check_people(actor=actor, unit_id=unit.pk, facilitator=facilitator, participants=participants)
    _check_circle(
        actor=actor,
        unit_id=unit.pk,
        confidentiality=confidentiality,
        facilitator=facilitator,
        participants=participants,
    )
    review = Review(
        subject_type=ContentType.objects.get_for_model(model),
        subject_id=subject.pk,
        subject_label=subjects.subject_label(subject),
        unit=unit,
        title=_text(title),
        held_on=held_on,
        facilitator=facilitator,
        confidentiality=confidentiality,
        summary=_text(summary),
        follows=follows,
        created_by=actor,
    )
    full_clean(review)
    review.save()
    review.participants.set(participants)
    audit_record(
        actor=actor,
        action="review.create",
        obj=review,
        data={"kind": kind.code, "unit": unit.pk, "confidentiality": confidentiality},
    )
    return review


@transaction.atomic
def review_subject_set(
    *, actor: User, review: Review, subject_kind: str, subject_id: int
) -> Review:
    """Point a review at another subject of the same unit (say, the campaign that the unit's
    review was about, once the campaign is recorded). Locks the review's row."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not access.can_edit_review(actor, review):
        raise PermissionDenied
    kind = subjects.kind_by_code(subject_kind)
    model = subjects.model_of(kind) if kind is not None else None
    subject = model._default_manager.filter(pk=subject_id).first() if model else None
    if kind is None or model is None or subject is None or kind.code == subjects.SELF:
        raise ValidationError({"subject": _("Choose a subject from the list.")})
    if subjects.subject_unit_id(kind, subject) != review.unit_id:
        raise ValidationError({"subject": _("The subject must belong to the review's unit.")})
    review.subject_type = ContentType.objects.get_for_model(model)
    review.subject_id = subject.pk
    review.subject_label = subjects.subject_label(subject)
    review.updated_at = timezone.now()
    full_clean(review)
    review.save()
    audit_record(actor=actor, action="review.subject", obj=review, data={"kind": kind.code})
    return review


REVIEW_FIELDS = {"title", "held_on", "facilitator", "confidentiality", "summary"}


@transaction.atomic
def review_update(
    *, actor: User, review: Review, participants: list[User] | None = None, **fields: Any
) -> Review:
    """Change a review. Locks its row."""
    unknown = set(fields) - REVIEW_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not access.can_edit_review(actor, review):
        raise PermissionDenied
    changed = sorted(k for k, v in fields.items() if getattr(review, k) != _text(v))
    for key, value in fields.items():
        setattr(review, key, _text(value))
    people = list(review.participants.all()) if participants is None else participants
    if participants is not None and review.subject_type.model == "user":
        subject = User.objects.filter(pk=review.subject_id).first()
        if subject is not None:
            people = [*people, subject]
    people = list({person.pk: person for person in people}.values())
    _check_people(
        actor=actor, unit_id=review.unit_id, facilitator=review.facilitator, participants=people
    )
    _check_circle(
        actor=actor,
        unit_id=review.unit_id,
        confidentiality=review.confidentiality,
        facilitator=review.facilitator,
        participants=people,
    )
    review.updated_at = timezone.now()
    full_clean(review)
    review.save()
    if participants is not None:
        review.participants.set(people)
        changed.append("participants")
    audit_record(actor=actor, action="review.update", obj=review, data={"fields": changed})
    return review


@transaction.atomic
def follow_up_schedule(*, actor: User, review: Review, held_on: date, title: str = "") -> Review:
    """Schedule a later review of the same subject, in the same circle, that looks at the
    earlier findings and how their corrections went."""
    if not access.can_edit_review(actor, review):
        raise PermissionDenied
    if held_on <= review.held_on:
        raise ValidationError({"held_on": _("A follow-up comes after the review it follows.")})
    if held_on < timezone.localdate():
        raise ValidationError({"held_on": _("Choose a date that is not in the past.")})
    follow_up = Review(
        subject_type=review.subject_type,
        subject_id=review.subject_id,
        subject_label=review.subject_label,
        unit=review.unit,
        title=_text(title) or _("Follow-up: %(title)s") % {"title": review.title},
        held_on=held_on,
        facilitator=review.facilitator,
        confidentiality=review.confidentiality,
        follows=review,
        created_by=actor,
    )
    follow_up.title = follow_up.title[:200]
    full_clean(follow_up)
    follow_up.save()
    follow_up.participants.set(review.participants.all())
    audit_record(actor=actor, action="review.follow_up", obj=follow_up, data={"follows": review.pk})
    return follow_up


def _tendencies(codes: list[str]) -> list[Tendency]:
    cleaned = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    if len(cleaned) > MAX_TENDENCIES:
        raise ValidationError(
            {"tendencies": _("Name at most %(n)d tendencies.") % {"n": MAX_TENDENCIES}}
        )
    found = {t.code: t for t in Tendency.objects.filter(code__in=cleaned, active=True)}
    unknown = [code for code in cleaned if code not in found]
    if unknown:
        raise ValidationError(
            {
                "tendencies": _("Unknown tendencies: %(codes)s")
                % {"codes": ", ".join(code[:40] for code in unknown[:5])}
            }
        )
    return [found[code] for code in cleaned]


def _check_finding(finding: Finding, tendencies: list[Tendency]) -> None:
    if finding.kind == Finding.Kind.ERROR and not tendencies:
        raise ValidationError({"tendencies": _("Name the tendency this error shows.")})
    if finding.kind == Finding.Kind.STRENGTH and tendencies:
        raise ValidationError({"tendencies": _("Only errors are tagged with tendencies.")})
    if finding.raised_by_id is not None:
        review = finding.review
        circle = set(review.participants.values_list("id", flat=True)) | {review.facilitator_id}
        if finding.raised_by_id not in circle:
            raise ValidationError(
                {"raised_by": _("Choose a participant, or leave it empty for anonymous.")}
            )


@transaction.atomic
def finding_add(
    *,
    actor: User,
    review: Review,
    kind: str,
    title: str,
    facts: str = "",
    root_cause: str = "",
    tendencies: list[str] | None = None,
    raised_by: User | None = None,
) -> Finding:
    if not access.can_edit_review(actor, review):
        raise PermissionDenied
    chosen = _tendencies(tendencies or [])
    finding = Finding(
        review=review,
        kind=kind,
        title=_text(title),
        facts=_text(facts),
        root_cause=_text(root_cause),
        raised_by=raised_by,
    )
    full_clean(finding)
    _check_finding(finding, chosen)
    finding.save()
    finding.tendencies.set(chosen)
    audit_record(
        actor=actor,
        action="finding.add",
        obj=finding,
        data={"review": review.pk, "kind": kind, "tendencies": [t.code for t in chosen]},
    )
    return finding


FINDING_FIELDS = {"kind", "title", "facts", "root_cause", "raised_by"}


@transaction.atomic
def finding_update(
    *, actor: User, finding: Finding, tendencies: list[str] | None = None, **fields: Any
) -> Finding:
    unknown = set(fields) - FINDING_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    finding = Finding.objects.select_for_update().select_related("review").get(pk=finding.pk)
    if not access.can_edit_review(actor, finding.review):
        raise PermissionDenied
    for key, value in fields.items():
        setattr(finding, key, _text(value))
    chosen = _tendencies(tendencies) if tendencies is not None else list(finding.tendencies.all())
    full_clean(finding)
    _check_finding(finding, chosen)
    if finding.kind == Finding.Kind.STRENGTH and finding.actions.exists():
        raise ValidationError({"kind": _("This finding has corrective actions: it is an error.")})
    finding.save()
    finding.tendencies.set(chosen)
    audit_record(
        actor=actor,
        action="finding.update",
        obj=finding,
        data={"fields": sorted(fields), "tendencies": [t.code for t in chosen]},
    )
    return finding


def _check_owner(action: CorrectiveAction, review: Review) -> None:
    owner = action.owner
    if (
        not owner.is_active
        or not Review.objects.filter(access.review_scope(owner), pk=review.pk).exists()
    ):
        raise ValidationError({"owner": _("The owner must be someone who can read this review.")})


def _check_due(due_on: date) -> None:
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date may not be in the past.")})


@transaction.atomic
def action_add(
    *, actor: User, finding: Finding, description: str, owner: User, due_on: date
) -> CorrectiveAction:
    review = finding.review
    if not access.can_edit_review(actor, review):
        raise PermissionDenied
    if finding.kind != Finding.Kind.ERROR:
        raise ValidationError(_("Corrective actions belong to errors, not strengths."))
    action = CorrectiveAction(
        finding=finding,
        description=_text(description),
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    full_clean(action)
    _check_due(due_on)
    _check_owner(action, review)
    action.save()
    audit_record(
        actor=actor,
        action="action.add",
        obj=action,
        data={"finding": finding.pk, "owner": owner.pk, "due_on": due_on},
    )
    return action


@transaction.atomic
def action_update(
    *,
    actor: User,
    action: CorrectiveAction,
    description: str | None = None,
    owner: User | None = None,
    due_on: date | None = None,
) -> CorrectiveAction:
    """Change what, who or when; a new due date may not be in the past, and changing it
    re-arms the reminders."""
    action = (
        CorrectiveAction.objects.select_for_update()
        .select_related("finding__review", "owner")
        .get(pk=action.pk)
    )
    review = action.finding.review
    if not access.can_edit_review(actor, review):
        raise PermissionDenied
    changed = []
    if description is not None:
        action.description = _text(description)
        changed.append("description")
    if owner is not None and owner.pk != action.owner_id:
        action.owner = owner
        changed.append("owner")
    if due_on is not None and due_on != action.due_on:
        _check_due(due_on)
        action.due_on = due_on
        action.reminded_before_at = None
        action.reminded_after_at = None
        changed.append("due_on")
    full_clean(action)
    _check_owner(action, review)
    if action.verified_by_id is not None and action.verified_by_id == action.owner_id:
        raise ValidationError({"owner": _("The owner cannot be the one who verified it.")})
    action.save()
    audit_record(actor=actor, action="action.update", obj=action, data={"fields": changed})
    return action


TRANSITIONS = {
    Status.OPEN: {Status.DONE, Status.DROPPED},
    Status.DONE: {Status.OPEN, Status.DROPPED},
    Status.DROPPED: {Status.OPEN},
    Status.VERIFIED: set(),
}


@transaction.atomic
def action_set_status(
    *, actor: User, action: CorrectiveAction, status: str, note: str = "", reason: str = ""
) -> CorrectiveAction:
    """Move an action to done, back to open, or drop it with a reason. Verification is
    `action_verify`. Locks the action's row."""
    action = (
        CorrectiveAction.objects.select_for_update()
        .select_related("finding__review")
        .get(pk=action.pk)
    )
    review = action.finding.review
    if status == Status.VERIFIED:
        raise ValidationError({"status": _("Verify a correction with the verify step.")})
    if status not in Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    target = Status(status)
    if status == Status.DONE:
        allowed = access.can_report_done(actor, action, review)
    else:
        allowed = access.can_edit_review(actor, review)
    if not allowed:
        raise PermissionDenied
    if target not in TRANSITIONS[Status(action.status)]:
        raise ValidationError(
            {
                "status": _("A %(from)s action cannot become %(to)s.")
                % {"from": action.get_status_display(), "to": target.label}
            }
        )
    reason = _text(reason)
    if target == Status.DROPPED and not reason:
        raise ValidationError({"reason": _("Say why the action is dropped.")})
    previous = action.status
    action.status = target
    action.note = _text(note) or action.note
    action.dropped_reason = reason if target == Status.DROPPED else ""
    action.done_at = timezone.now() if target == Status.DONE else action.done_at
    if target == Status.OPEN:
        action.done_at = None
    full_clean(action)
    action.save()
    audit_record(
        actor=actor,
        action="action.status",
        obj=action,
        data={"from": previous, "to": target.value},
    )
    return action


@transaction.atomic
def action_verify(*, actor: User, action: CorrectiveAction, note: str = "") -> CorrectiveAction:
    """Confirm that a done correction was carried out. Never by its owner. Locks the row."""
    action = (
        CorrectiveAction.objects.select_for_update()
        .select_related("finding__review")
        .get(pk=action.pk)
    )
    review = action.finding.review
    if actor.pk == action.owner_id:
        raise PermissionDenied(_("The owner of a correction cannot verify it."))
    if not access.can_verify(actor, action, review):
        raise PermissionDenied
    if action.status != Status.DONE:
        raise ValidationError({"status": _("Only a correction reported done can be verified.")})
    action.status = Status.VERIFIED
    action.verified_by = actor
    action.verified_at = timezone.now()
    action.note = _text(note) or action.note
    full_clean(action)
    action.save()
    audit_record(actor=actor, action="action.verify", obj=action, data={})
    return action


# Reminders -------------------------------------------------------------------------------


def _review_url(review_id: int) -> str:
    return settings.SITE_URL + reverse("reviews:review_detail", args=[review_id])


def _mail_reminder(action: CorrectiveAction, *, overdue: bool) -> None:
    owner = action.owner
    review = action.finding.review
    recipients = [owner.email]
    if overdue and review.facilitator_id != owner.pk and review.facilitator.is_active:
        recipients.append(review.facilitator.email)
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        if overdue:
            subject = _("Overdue correction: %(what)s") % {"what": action.description[:80]}
            lead = _("This corrective action was due on %(date)s and is still open.")
        else:
            subject = _("Correction due soon: %(what)s") % {"what": action.description[:80]}
            lead = _("This corrective action is due on %(date)s.")
        body = "\n\n".join(
            [
                lead % {"date": action.due_on.isoformat()},
                action.description,
                _("Review: %(url)s") % {"url": _review_url(review.pk)},
                _("When it is done, report it on the review page; someone else verifies it."),
            ]
        )
    send_mail(subject, body, None, recipients)


def reminders_send(*, today: date | None = None) -> tuple[int, int]:
    """Mail each open action's owner once a few days before its due date and once after it
    has passed (copying the facilitator). Returns (before, after) counts.

    Each reminder is claimed with a conditional update before it is mailed, so two runs at
    once never mail the same reminder twice; a mail that fails after the claim is logged and
    not retried.
    """
    today = today or timezone.localdate()
    days = settings.MASSLINE_REVIEWS_REMIND_DAYS_BEFORE
    now = timezone.now()
    open_actions = CorrectiveAction.objects.filter(
        status=Status.OPEN, owner__is_active=True
    ).select_related("owner", "finding__review__facilitator")
    counts = []
    for overdue, filters in (
        (
            False,
            Q(
                reminded_before_at__isnull=True,
                due_on__gte=today,
                due_on__lte=today + timedelta(days=days),
            ),
        ),
        (True, Q(reminded_after_at__isnull=True, due_on__lt=today)),
    ):
        sent = 0
        field = "reminded_after_at" if overdue else "reminded_before_at"
        for action in open_actions.filter(filters):
            claimed = CorrectiveAction.objects.filter(
                pk=action.pk, **{f"{field}__isnull": True}
            ).update(**{field: now})
            if not claimed:
                continue
            try:
                _mail_reminder(action, overdue=overdue)
            except OSError:
                logger.exception("reminder mail for corrective action %s failed", action.pk)
                continue
            sent += 1
        counts.append(sent)
    return counts[0], counts[1]


# The anonymous box -----------------------------------------------------------------------


def _period(today: date) -> tuple[date, date]:
    start = today - timedelta(days=today.weekday())
    return start, start + timedelta(days=7)


def rate_key(actor: User, today: date) -> str:
    """A cache key for the actor's count of the day that names neither: a keyed hash."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"box:{actor.pk}:{today.isoformat()}".encode(), hashlib.sha256
    ).hexdigest()
    return f"reviews:box:{digest}"


def _seconds_left_today() -> int:
    now = timezone.localtime()
    midnight = timezone.make_aware(
        datetime.combine(now.date() + timedelta(days=1), time.min), now.tzinfo
    )
    return max(60, int((midnight - now).total_seconds()))


@transaction.atomic
def criticism_submit(*, actor: User, unit: Unit, about: str, text: str) -> None:
    """File anonymous criticism of a unit or its leadership.

    Stores only the unit's batch of the week, the subject (unit or leadership) and the
    encrypted text under a random key; no author, no time, no audit entry. The daily limit is
    counted in the cache under a keyed hash of the author and the day, which expires at
    midnight and is never written next to the submission. Returns nothing on purpose.
    """
    if unit.pk not in access.box_units(actor):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your criticism.")})
    key = rate_key(actor, timezone.localdate())
    if cache.get(key, 0) >= settings.MASSLINE_REVIEWS_BOX_DAILY_LIMIT:
        raise ValidationError(
            _("You have reached today's limit of anonymous submissions. Try again tomorrow.")
        )
    start, end = _period(timezone.localdate())
    batch = (
        CriticismBatch.objects.select_for_update()
        .filter(unit=unit, period_start=start)
        .order_by("-sequence")
        .first()
    )
    if batch is None or batch.size >= batch.threshold:
        batch = CriticismBatch(
            unit=unit,
            period_start=start,
            period_end=end,
            sequence=(batch.sequence + 1) if batch else 1,
            threshold=settings.MASSLINE_REVIEWS_BOX_BATCH_SIZE,
        )
        full_clean(batch)
        batch.save()
    criticism = Criticism(batch=batch, about=about, text=text)
    full_clean(criticism)
    criticism.save()
    CriticismBatch.objects.filter(pk=batch.pk).update(size=F("size") + 1)
    cache.set(key, cache.get(key, 0) + 1, timeout=_seconds_left_today())


@transaction.atomic
def criticism_answer(
    *, actor: User, criticism: Criticism, summary: str, text: str
) -> CriticismAnswer:
    """Answer released criticism publicly to the unit, quoting it in the reviewer's words."""
    batch = criticism.batch
    if batch.unit_id not in access.box_reviewer_units(actor) or not batch.is_released:
        raise PermissionDenied
    answer = CriticismAnswer.objects.filter(criticism=criticism).first() or CriticismAnswer(
        criticism=criticism
    )
    created = answer.pk is None
    answer.summary = _text(summary)
    answer.text = _text(text)
    answer.answered_by = actor
    answer.answered_at = timezone.now()
    full_clean(answer)
    answer.save()
    audit_record(
        actor=actor,
        action="criticism.answer" if created else "criticism.answer_update",
        obj=answer,
        data={"unit": batch.unit_id},
    )
    return answer

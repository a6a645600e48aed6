"""Writes to the correspondence register.

Every service checks the actor's right (`access`), validates fully, records a revision (who,
when, what, with the text before and after) and an audit entry, all in one transaction.

The approval rule: a letter is sent only once approved, and what is sent is exactly what was
approved. Approval stores a hash of the letter's content (`content_hash`); while approved the
services refuse every change; `letter_reopen` (by a secretary, recorded with its reason) is the
only way back to editing, and clears the approval. Sending recomputes the hash and refuses
when it differs from the stored one, so even a change made behind the services' back (in the
database) is never sent.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massline.accounts.models import Unit, User
from massline.audit.services import audit_record
from massline.campaigns.models import Campaign
from massline.core.validation import full_clean
from massline.directory.models import Organization
from massline.events.models import Anniversary, Event
from massline.letters import access, attachments, search
from massline.letters.models import (
    Letter,
    LetterComment,
    LetterRecipient,
    LetterRevision,
    LetterVersion,
    RegisterCounter,
)

LETTER_FIELDS = (
    "kind",
    "subject",
    "confidential",
    "signatories",
    "place",
    "letter_date",
    "sender",
    "event",
    "anniversary",
    "campaign",
    "in_reply_to",
    "received_on",
)


class LetterTampered(ValidationError):
    """The letter's content no longer matches what was approved."""


@dataclass(frozen=True)
class RecipientSpec:
    organization: Organization
    email: str = ""
    languages: str = ""


# Helpers ---------------------------------------------------------------------------------


def take_register_number(year: int) -> int:
    """The next sequence number of a year. Call inside a transaction: locks the counter row,
    so concurrent letters wait for each other and a rolled-back letter gives its number back."""
    counter, _created = RegisterCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def content_hash(letter: Letter) -> str:
    """SHA-256 over everything approval covers: text in every language, signatories, place,
    kind, subject and the recipients with their addresses."""
    versions = LetterVersion.objects.filter(letter=letter).order_by("language")
    recipients = LetterRecipient.objects.filter(letter=letter).order_by("organization_id")
    payload = {
        "kind": letter.kind,
        "subject": letter.subject,
        "signatories": letter.signatories,
        "place": letter.place,
        "co_signers": sorted(letter.co_signers.values_list("pk", flat=True)),
        "versions": [
            [v.language, v.subject, v.body, v.is_original, v.translator] for v in versions
        ],
        "recipients": [[r.organization_id, r.email, r.languages] for r in recipients],
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def _revise(letter: Letter, actor: User | None, action: str, data: dict[str, Any]) -> None:
    is_user = actor is not None and actor.is_authenticated
    LetterRevision.objects.create(
        letter=letter,
        actor=actor if is_user else None,
        actor_label=actor.email if is_user and actor else "",
        action=action,
        data=json.loads(json.dumps(data, default=str)),
    )
    audit_record(
        actor=actor,
        action=f"letter.{action}",
        obj=letter,
        data={"register_number": letter.register_number, **_audit_summary(data)},
    )


def _audit_summary(data: dict[str, Any]) -> dict[str, Any]:
    """The audit log names what changed; the text itself stays in the revision table."""
    return {k: v for k, v in data.items() if k not in {"before", "after"}}


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _lock(letter: Letter) -> Letter:
    return Letter.objects.select_for_update().get(pk=letter.pk)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _require_editable(actor: User, letter: Letter) -> None:
    if letter.is_frozen:
        raise ValidationError(
            _("This letter is approved: its text is frozen. Reopen it to change it.")
        )
    _require(access.can_edit(actor, letter))


def _set_recipients(letter: Letter, recipients: Sequence[RecipientSpec]) -> list[str]:
    seen: set[int] = set()
    rows = []
    for spec in recipients:
        if spec.organization.pk in seen:
            raise ValidationError(
                {"recipients": _("%(org)s is named twice.") % {"org": spec.organization}}
            )
        seen.add(spec.organization.pk)
        row = LetterRecipient(
            letter=letter,
            organization=spec.organization,
            email=_clean(spec.email).lower(),
            languages=",".join(
                code.strip().lower() for code in spec.languages.split(",") if code.strip()
            ),
        )
        full_clean_recipient(row)
        rows.append(row)
    LetterRecipient.objects.filter(letter=letter).exclude(
        organization_id__in=[r.organization_id for r in rows]
    ).delete()
    existing = {r.organization_id: r for r in LetterRecipient.objects.filter(letter=letter)}
    for row in rows:
        if row.organization_id in existing:
            current = existing[row.organization_id]
            current.email, current.languages = row.email, row.languages
            current.save(update_fields=["email", "languages"])
        else:
            row.save()
    return [f"{r.organization.short_name} <{r.email}>" for r in rows]


def full_clean_recipient(row: LetterRecipient) -> None:
    try:
        row.full_clean(exclude=["letter"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        messages = [m for ms in exc.message_dict.values() for m in ms]
        raise ValidationError(
            {
                "recipients": _("%(org)s: %(problem)s")
                % {"org": row.organization, "problem": " ".join(messages)}
            }
        ) from exc
    for code in row.language_codes():
        if len(code) > 3:
            raise ValidationError(
                {"recipients": _("%(code)s is not a language code.") % {"code": code}}
            )


def _check_occasions(letter: Letter) -> None:
    if letter.in_reply_to_id and letter.in_reply_to_id == letter.pk:
        raise ValidationError({"in_reply_to": _("A letter cannot reply to itself.")})


# Outgoing letters ------------------------------------------------------------------------


@transaction.atomic
def letter_create(
    *,
    actor: User,
    unit: Unit,
    kind: str,
    subject: str,
    direction: str = Letter.Direction.OUT,
    confidential: bool = False,
    signatories: str = "",
    place: str = "",
    letter_date: date | None = None,
    event: Event | None = None,
    anniversary: Anniversary | None = None,
    campaign: Campaign | None = None,
    in_reply_to: Letter | None = None,
    co_signers: Iterable[Organization] = (),
    recipients: Sequence[RecipientSpec] = (),
    language: str = "",
    body: str = "",
    sender: Organization | None = None,
    received_on: date | None = None,
) -> Letter:
    """Enter a letter in the register and give it its number. An outgoing letter starts as a
    draft; with `language` and `body` its original version is written too."""
    _require(access.can_draft_in(actor, unit.pk))
    year = timezone.localdate().year
    letter = Letter(
        direction=direction,
        kind=kind,
        subject=_clean(subject),
        unit=unit,
        confidential=confidential,
        signatories=_clean(signatories),
        place=_clean(place),
        letter_date=letter_date,
        event=event,
        anniversary=anniversary,
        campaign=campaign,
        in_reply_to=in_reply_to,
        sender=sender,
        received_on=received_on,
        status=Letter.Status.DRAFT if direction == Letter.Direction.OUT else Letter.Status.RECEIVED,
        created_by=actor,
        register_year=year,
        register_seq=0,
    )
    full_clean(letter)
    letter.register_seq = take_register_number(year)
    letter.save()
    letter.co_signers.set(list(co_signers))
    recipient_labels = _set_recipients(letter, recipients)
    if body.strip():
        _version_write(
            letter,
            language=language,
            subject=subject,
            body=body,
            is_original=True,
            translator="",
        )
    _revise(
        letter,
        actor,
        "create",
        {
            "direction": direction,
            "kind": kind,
            "subject": letter.subject,
            "recipients": recipient_labels,
            "language": language,
        },
    )
    return letter


@transaction.atomic
def letter_update(
    *,
    actor: User,
    letter: Letter,
    co_signers: Iterable[Organization] | None = None,
    recipients: Sequence[RecipientSpec] | None = None,
    **fields: Any,
) -> Letter:
    """Change a draft (or a letter in review, or a letter received). Locks the letter's row."""
    unknown = set(fields) - set(LETTER_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    letter = _lock(letter)
    _require_editable(actor, letter)
    changed = {}
    for key, value in fields.items():
        value = _clean(value)
        if getattr(letter, key) != value:
            changed[key] = {"before": str(getattr(letter, key) or ""), "after": str(value or "")}
        setattr(letter, key, value)
    _check_occasions(letter)
    full_clean(letter)
    letter.save()
    data: dict[str, Any] = {"fields": changed}
    if co_signers is not None:
        letter.co_signers.set(list(co_signers))
        data["co_signers"] = [str(o) for o in letter.co_signers.all()]
    if recipients is not None:
        data["recipients"] = _set_recipients(letter, recipients)
    _revise(letter, actor, "update", data)
    return letter


def _version_write(
    letter: Letter,
    *,
    language: str,
    subject: str,
    body: str,
    is_original: bool,
    translator: str,
) -> tuple[LetterVersion, dict[str, Any]]:
    language = _clean(language).lower()
    version = LetterVersion.objects.filter(letter=letter, language=language).first()
    before = (
        {"subject": version.subject, "body": version.body, "translator": version.translator}
        if version
        else None
    )
    if version is None:
        version = LetterVersion(letter=letter, language=language)
    version.subject = _clean(subject)
    version.body = body.strip()
    version.translator = _clean(translator)
    if is_original:
        LetterVersion.objects.filter(letter=letter, is_original=True).exclude(
            language=language
        ).update(is_original=False)
    version.is_original = is_original
    try:
        full_clean(version)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    version.save()
    search.reindex([version])
    after = {"subject": version.subject, "body": version.body, "translator": version.translator}
    return version, {"language": language, "before": before, "after": after}


@transaction.atomic
def version_save(
    *,
    actor: User,
    letter: Letter,
    language: str,
    subject: str,
    body: str,
    is_original: bool = False,
    translator: str = "",
) -> LetterVersion:
    """Write the letter in one language (a new translation or a change to one)."""
    letter = _lock(letter)
    _require_editable(actor, letter)
    if not body.strip():
        raise ValidationError({"body": _("Write the text of the letter.")})
    version, data = _version_write(
        letter,
        language=language,
        subject=subject,
        body=body,
        is_original=is_original,
        translator=translator,
    )
    _revise(letter, actor, "version", data)
    return version


@transaction.atomic
def version_delete(*, actor: User, version: LetterVersion) -> None:
    letter = _lock(version.letter)
    _require_editable(actor, letter)
    data = {"language": version.language, "before": {"body": version.body}}
    version.delete()
    search.reindex_letters([letter.pk])
    _revise(letter, actor, "version_delete", data)


@transaction.atomic
def comment_add(*, actor: User, letter: Letter, body: str) -> LetterComment:
    _require(access.can_comment(actor, letter))
    comment = LetterComment(letter=letter, author=actor, body=body.strip())
    if not comment.body:
        raise ValidationError({"body": _("Write a comment.")})
    full_clean(comment)
    comment.save()
    _revise(letter, actor, "comment", {"comment": comment.pk})
    return comment


@transaction.atomic
def letter_submit(*, actor: User, letter: Letter) -> Letter:
    """Draft → in review."""
    letter = _lock(letter)
    _require(access.can_edit(actor, letter))
    if letter.direction != Letter.Direction.OUT or letter.status != Letter.Status.DRAFT:
        raise ValidationError(_("Only a draft can be submitted for review."))
    if not letter.versions.exists():
        raise ValidationError(_("Write the text before submitting the letter."))
    letter.status = Letter.Status.REVIEW
    letter.save(update_fields=["status", "updated_at"])
    _revise(letter, actor, "submit", {})
    return letter


@transaction.atomic
def letter_approve(*, actor: User, letter: Letter) -> Letter:
    """In review → approved; freezes the text by storing its hash."""
    letter = _lock(letter)
    if not access.can_read(actor, letter):
        raise PermissionDenied
    if letter.status != Letter.Status.REVIEW:
        raise ValidationError(_("Only a letter in review can be approved."))
    if not access.can_approve(actor, letter):
        if access.is_secretary_of(actor, letter):
            raise PermissionDenied(_("You wrote this letter: another secretary approves it."))
        raise PermissionDenied
    versions = list(letter.versions.all())
    if not versions:
        raise ValidationError(_("The letter has no text."))
    if not any(v.is_original for v in versions):
        raise ValidationError(_("Mark one language version as the original."))
    letter.status = Letter.Status.APPROVED
    letter.approved_hash = content_hash(letter)
    letter.approved_by = actor
    letter.approved_at = timezone.now()
    if letter.letter_date is None:
        letter.letter_date = timezone.localdate()
    letter.save()
    _revise(letter, actor, "approve", {"hash": letter.approved_hash})
    return letter


@transaction.atomic
def letter_reopen(*, actor: User, letter: Letter, reason: str) -> Letter:
    """Approved → draft again, explicitly and on the record; clears the approval."""
    letter = _lock(letter)
    _require(access.can_dispatch(actor, letter))
    if letter.status != Letter.Status.APPROVED:
        raise ValidationError(_("Only an approved letter that is not sent yet can be reopened."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the letter is reopened.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Keep the reason under 1000 characters.")})
    previous = letter.approved_hash
    letter.status = Letter.Status.DRAFT
    letter.approved_hash = ""
    letter.approved_by = None
    letter.approved_at = None
    letter.save()
    LetterVersion.objects.filter(letter=letter).update(published_at=None)
    _revise(letter, actor, "reopen", {"reason": reason, "previous_hash": previous})
    return letter


def _check_frozen_text(letter: Letter) -> None:
    if not letter.approved_hash or content_hash(letter) != letter.approved_hash:
        raise LetterTampered(
            _("The letter's text differs from the approved text; it was not sent.")
        )


def _require_approved(letter: Letter) -> None:
    if letter.direction != Letter.Direction.OUT:
        raise ValidationError(_("A letter received is not sent."))
    if letter.status != Letter.Status.APPROVED:
        raise ValidationError(_("Only an approved letter can be sent."))
    _check_frozen_text(letter)


@transaction.atomic
def letter_send(*, actor: User, letter: Letter) -> Letter:
    """Approved → sent by email: one mail per recipient with the PDF of each language version
    the recipient gets. The mails go out after the commit (a task); each recipient's outcome
    is recorded by `letter_deliver`."""
    from massline.letters.tasks import deliver_letter_task

    letter = _lock(letter)
    _require(access.can_dispatch(actor, letter))
    _require_approved(letter)
    recipients = list(letter.recipients.select_related("organization"))
    if not recipients:
        raise ValidationError(_("The letter has no recipients."))
    missing = [str(r.organization) for r in recipients if not r.email]
    if missing:
        raise ValidationError(
            _("No email address for: %(names)s. Add one, or mark the letter sent by post.")
            % {"names": ", ".join(missing)}
        )
    letter.status = Letter.Status.SENT
    letter.sent_via = Letter.SentVia.EMAIL
    letter.sent_on = timezone.localdate()
    letter.save()
    LetterRecipient.objects.filter(letter=letter).update(
        delivery=LetterRecipient.Delivery.PENDING, delivery_error="", delivered_at=None
    )
    _revise(letter, actor, "send", {"recipients": [r.email for r in recipients]})
    letter_id = letter.pk
    transaction.on_commit(lambda: deliver_letter_task.enqueue(letter_id))
    return letter


@transaction.atomic
def letter_mark_sent(
    *, actor: User, letter: Letter, via: str, sent_on: date, delivered: bool = True
) -> Letter:
    """Approved → sent, recorded without mailing from here: by post, or by email sent from
    another mailbox. `delivered` records each recipient as reached."""
    letter = _lock(letter)
    _require(access.can_dispatch(actor, letter))
    _require_approved(letter)
    if via not in Letter.SentVia.values:
        raise ValidationError({"via": _("Choose how the letter was sent.")})
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": _("This date lies in the future.")})
    if letter.letter_date and sent_on < letter.letter_date:
        raise ValidationError({"sent_on": _("The letter cannot be sent before its date.")})
    letter.status = Letter.Status.SENT
    letter.sent_via = via
    letter.sent_on = sent_on
    letter.save()
    if delivered:
        outcome = (
            LetterRecipient.Delivery.POST
            if via == Letter.SentVia.POST
            else LetterRecipient.Delivery.SENT
        )
        LetterRecipient.objects.filter(letter=letter).update(
            delivery=outcome, delivered_at=timezone.now(), delivery_error=""
        )
    _revise(letter, actor, "mark_sent", {"via": via, "sent_on": sent_on.isoformat()})
    return letter


def letter_deliver(*, letter_id: int) -> dict[str, int]:
    """Mail a sent letter to each recipient still pending and record how each went.

    Runs in a task after `letter_send` committed. Checks the frozen text once more: a letter
    whose content no longer matches its approval is not mailed at all.
    """
    from massline.letters import mail

    letter = Letter.objects.select_related("unit").get(pk=letter_id)
    pending = list(
        letter.recipients.filter(delivery=LetterRecipient.Delivery.PENDING).select_related(
            "organization"
        )
    )
    try:
        _check_frozen_text(letter)
    except LetterTampered as exc:
        LetterRecipient.objects.filter(pk__in=[r.pk for r in pending]).update(
            delivery=LetterRecipient.Delivery.FAILED, delivery_error=str(exc.messages[0])[:500]
        )
        _revise(letter, None, "deliver_refused", {"reason": "hash mismatch"})
        return {"sent": 0, "failed": len(pending)}
    versions = list(letter.versions.all())
    counts = {"sent": 0, "failed": 0}
    for recipient in pending:
        try:
            mail.send_letter(letter, recipient, versions)
        except Exception as exc:
            recipient.delivery = LetterRecipient.Delivery.FAILED
            recipient.delivery_error = f"{type(exc).__name__}: {exc}"[:500]
            counts["failed"] += 1
        else:
            recipient.delivery = LetterRecipient.Delivery.SENT
            recipient.delivered_at = timezone.now()
            recipient.delivery_error = ""
            counts["sent"] += 1
        recipient.save(update_fields=["delivery", "delivered_at", "delivery_error"])
    with transaction.atomic():
        _revise(letter, None, "deliver", counts)
    return counts


@transaction.atomic
def letter_publish(*, actor: User, letter: Letter, languages: Sequence[str]) -> Letter:
    """Put language versions of an approved (or sent) letter on the public pages."""
    letter = _lock(letter)
    _require(access.can_dispatch(actor, letter))
    if letter.direction != Letter.Direction.OUT or not letter.is_frozen:
        raise ValidationError(_("Only an approved letter can be published."))
    if letter.confidential:
        raise ValidationError(_("A confidential letter cannot be published."))
    _check_frozen_text(letter)
    versions = LetterVersion.objects.filter(letter=letter, language__in=list(languages))
    found = set(versions.values_list("language", flat=True))
    if not languages or found != set(languages):
        raise ValidationError({"languages": _("Choose languages the letter is written in.")})
    versions.filter(published_at__isnull=True).update(published_at=timezone.now())
    _revise(letter, actor, "publish", {"languages": sorted(found)})
    return letter


@transaction.atomic
def letter_unpublish(*, actor: User, letter: Letter, languages: Sequence[str]) -> Letter:
    letter = _lock(letter)
    _require(access.can_dispatch(actor, letter))
    LetterVersion.objects.filter(letter=letter, language__in=list(languages)).update(
        published_at=None
    )
    _revise(letter, actor, "unpublish", {"languages": sorted(languages)})
    return letter


@transaction.atomic
def letter_withdraw(*, actor: User, letter: Letter, reason: str) -> Letter:
    """Take a letter out of use without deleting it: the register keeps every number."""
    letter = _lock(letter)
    _require(access.can_dispatch(actor, letter))
    if letter.status in (Letter.Status.SENT, Letter.Status.ACKNOWLEDGED):
        raise ValidationError(_("A letter already sent cannot be withdrawn."))
    reason = reason.strip()[:1000]
    if not reason:
        raise ValidationError({"reason": _("Say why the letter is withdrawn.")})
    letter.status = Letter.Status.WITHDRAWN
    letter.approved_hash = ""
    letter.save()
    LetterVersion.objects.filter(letter=letter).update(published_at=None)
    _revise(letter, actor, "withdraw", {"reason": reason})
    return letter


# Letters received ------------------------------------------------------------------------


@transaction.atomic
def inbound_register(
    *,
    actor: User,
    unit: Unit,
    sender: Organization,
    kind: str,
    subject: str,
    received_on: date,
    language: str,
    body: str = "",
    pdf: bytes | None = None,
    pdf_name: str = "",
    in_reply_to: Letter | None = None,
    event: Event | None = None,
    campaign: Campaign | None = None,
    confidential: bool = False,
) -> Letter:
    """Enter a letter received: its text pasted, its PDF uploaded, or both. A reply to one of
    our letters is linked to it, which marks ours acknowledged."""
    if not body.strip() and not pdf:
        raise ValidationError(_("Paste the text of the letter or upload its PDF."))
    if pdf is not None:
        attachments.check_pdf(pdf)
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("This date lies in the future.")})
    if in_reply_to is not None and not access.can_read(actor, in_reply_to):
        raise PermissionDenied
    letter = letter_create(
        actor=actor,
        unit=unit,
        kind=kind,
        subject=subject,
        direction=Letter.Direction.IN,
        confidential=confidential,
        sender=sender,
        received_on=received_on,
        in_reply_to=in_reply_to,
        event=event,
        campaign=campaign,
        language=language or "en",
        body=body,
    )
    if pdf is not None:
        letter.attachment = attachments.seal(pdf, letter_key=letter.register_number)
        letter.attachment_name = (pdf_name or "letter.pdf")[-200:]
        letter.attachment_size = len(pdf)
        letter.save(update_fields=["attachment", "attachment_name", "attachment_size"])
        _revise(letter, actor, "attach", {"name": letter.attachment_name, "size": len(pdf)})
    if in_reply_to is not None:
        _mark_acknowledged(actor, in_reply_to, letter)
    return letter


def _mark_acknowledged(actor: User, original: Letter, reply: Letter) -> None:
    original = _lock(original)
    if original.direction == Letter.Direction.OUT and original.status == Letter.Status.SENT:
        original.status = Letter.Status.ACKNOWLEDGED
        original.save(update_fields=["status", "updated_at"])
        _revise(original, actor, "acknowledge", {"reply": reply.register_number})


@transaction.atomic
def letter_acknowledge(*, actor: User, letter: Letter, reply: Letter) -> Letter:
    """Link a letter received as the reply to one of ours: sent → acknowledged."""
    letter = _lock(letter)
    _require(access.can_dispatch(actor, letter))
    if not access.can_read(actor, reply):
        raise PermissionDenied
    if letter.direction != Letter.Direction.OUT or letter.status != Letter.Status.SENT:
        raise ValidationError(_("Only a letter we sent can be acknowledged."))
    if reply.direction != Letter.Direction.IN:
        raise ValidationError({"reply": _("The reply must be a letter received.")})
    Letter.objects.filter(pk=reply.pk).update(in_reply_to=letter)
    _mark_acknowledged(actor, letter, reply)
    letter.refresh_from_db()
    return letter


# Greetings for anniversaries --------------------------------------------------------------


@transaction.atomic
def anniversary_greeting_create(
    *,
    actor: User,
    anniversary: Anniversary,
    unit: Unit,
    language: str,
    body: str = "",
    recipients: Sequence[RecipientSpec] | None = None,
) -> Letter:
    """A draft greeting to the organizations that commemorate the anniversary."""
    from massline.letters.selectors import last_used_email

    on = anniversary.next_date(timezone.localdate())
    if recipients is None:
        recipients = [
            RecipientSpec(organization=org, email=last_used_email(organization=org))
            for org in anniversary.organizations.all()
        ]
    return letter_create(
        actor=actor,
        unit=unit,
        kind=Letter.Kind.GREETING,
        subject=_("Greetings on %(title)s") % {"title": anniversary.title},
        anniversary=anniversary,
        letter_date=on,
        recipients=recipients,
        language=language,
        body=body,
    )

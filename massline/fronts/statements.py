"""Writes to joint statements: drafting, comments, the sign-on window and publication.

Sign-on goes through links (see `signon`): each member organization decides through its
representative without needing an account. After the deadline nothing changes.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from massline.accounts.models import User
from massline.audit.services import audit_record
from massline.core.validation import full_clean
from massline.fronts import access, signon
from massline.fronts.models import (
    Front,
    FrontMembership,
    Representative,
    Signature,
    Statement,
    StatementComment,
    StatementText,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _require_coordinator(actor: User, front: Front) -> None:
    if not access.can_coordinate(actor, front):
        raise PermissionDenied


def _set_texts(statement: Statement, texts: dict[str, tuple[str, str]]) -> None:
    unknown = set(texts) - set(LANGUAGES)
    if unknown:
        raise ValidationError(_("Unknown language: %s") % ", ".join(sorted(unknown)))
    filled = {
        lang: (title.strip(), body.strip())
        for lang, (title, body) in texts.items()
        if title.strip() or body.strip()
    }
    if not filled:
        raise ValidationError(_("Write the statement in at least one language."))
    errors: dict[str, list[str]] = {}
    rows = []
    for lang, (title, body) in filled.items():
        row = StatementText(statement=statement, language=lang, title=title, body=body)
        try:
            full_clean(row)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(f"{field}_{lang}", []).extend(messages)
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    statement.texts.all().delete()
    StatementText.objects.bulk_create(rows)


@transaction.atomic
def statement_create(
    *, actor: User, front: Front, slug: str, texts: dict[str, tuple[str, str]]
) -> Statement:
    _require_coordinator(actor, front)
    statement = Statement(front=front, slug=slug.strip(), created_by=actor)
    if Statement.objects.filter(slug=statement.slug).exists():
        raise ValidationError({"slug": _("Another statement already uses this address.")})
    full_clean(statement)
    statement.save()
    _set_texts(statement, texts)
    audit_record(actor=actor, action="front.statement.create", obj=statement)
    return statement


@transaction.atomic
def statement_update(
    *, actor: User, statement: Statement, texts: dict[str, tuple[str, str]]
) -> Statement:
    """Change the texts of a draft; once opened for signature the text is fixed."""
    _require_coordinator(actor, statement.front)
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.status != Statement.Status.DRAFT:
        raise ValidationError(_("The text is fixed once the statement is open for signature."))
    _set_texts(statement, texts)
    audit_record(actor=actor, action="front.statement.update", obj=statement)
    return statement


@transaction.atomic
def statement_comment_add(*, actor: User, statement: Statement, text: str) -> StatementComment:
    """Anyone who sees the front comments on a draft or open statement."""
    if not access.can_see_front(actor, statement.front):
        raise PermissionDenied
    if statement.status not in (Statement.Status.DRAFT, Statement.Status.OPEN):
        raise ValidationError(_("Comments are closed on this statement."))
    comment = StatementComment(
        statement=statement,
        author=actor,
        author_label=str(actor)[:200],
        text=text.strip(),
    )
    if not comment.text:
        raise ValidationError({"text": _("Write a comment.")})
    full_clean(comment)
    comment.save()
    audit_record(actor=actor, action="front.statement.comment", obj=comment)
    return comment


@transaction.atomic
def statement_open(*, actor: User, statement: Statement, deadline: datetime) -> Statement:
    """Open the sign-on window until `deadline`: every member organization gets a row to
    decide on. Locks the statement row."""
    _require_coordinator(actor, statement.front)
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.status != Statement.Status.DRAFT:
        raise ValidationError(_("This statement has been opened already."))
    if deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline must lie in the future.")})
    if not statement.texts.exists():
        raise ValidationError(_("Write the statement before opening it for signature."))
    statement.status = Statement.Status.OPEN
    statement.deadline = deadline
    statement.opened_at = timezone.now()
    full_clean(statement)
    statement.save()
    members = FrontMembership.objects.filter(
        front=statement.front, status=FrontMembership.Status.MEMBER
    )
    Signature.objects.bulk_create(
        Signature(statement=statement, membership=membership) for membership in members
    )
    audit_record(
        actor=actor,
        action="front.statement.open",
        obj=statement,
        data={"deadline": deadline.isoformat(), "members": members.count()},
    )
    return statement


@transaction.atomic
def statement_extend(*, actor: User, statement: Statement, deadline: datetime) -> Statement:
    """Move the deadline of an open statement later, while the window is still open."""
    _require_coordinator(actor, statement.front)
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.status != Statement.Status.OPEN or statement.sign_on_closed:
        raise ValidationError(_("The sign-on window is closed."))
    if statement.deadline is not None and deadline <= statement.deadline:
        raise ValidationError({"deadline": _("A new deadline must lie after the current one.")})
    statement.deadline = deadline
    full_clean(statement)
    statement.save()
    audit_record(
        actor=actor,
        action="front.statement.extend",
        obj=statement,
        data={"deadline": deadline.isoformat()},
    )
    return statement


@transaction.atomic
def statement_publish(*, actor: User, statement: Statement) -> Statement:
    """Publish after the deadline, with the organizations that signed."""
    _require_coordinator(actor, statement.front)
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.status != Statement.Status.OPEN:
        raise ValidationError(_("Only a statement that was open for signature is published."))
    if not statement.sign_on_closed:
        raise ValidationError(_("The sign-on window is still open until the deadline."))
    statement.status = Statement.Status.PUBLISHED
    statement.published_at = timezone.now()
    full_clean(statement)
    statement.save()
    audit_record(actor=actor, action="front.statement.publish", obj=statement)
    return statement


@transaction.atomic
def statement_withdraw(*, actor: User, statement: Statement) -> Statement:
    _require_coordinator(actor, statement.front)
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.status == Statement.Status.PUBLISHED:
        raise ValidationError(_("A published statement cannot be withdrawn."))
    statement.status = Statement.Status.WITHDRAWN
    if statement.deadline is None:
        statement.deadline = timezone.now()
    statement.save(update_fields=["status", "deadline"])
    audit_record(actor=actor, action="front.statement.withdraw", obj=statement)
    return statement


# Sign-on ---------------------------------------------------------------------------------


def signon_token(signature: Signature) -> str:
    """The current link secret for a signature row; spent by the next decision."""
    statement = signature.statement
    assert statement.deadline is not None
    return signon.make_token(
        statement_id=statement.pk,
        membership_id=signature.membership_id,
        version=signature.token_version,
        expires=int(statement.deadline.timestamp()),
    )


class SignOnRefused(Exception):
    """A sign-on link that cannot be used, with the reason to show."""

    def __init__(self, message: str, *, status: int = 403) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class SignOn:
    signature: Signature
    statement: Statement


def signon_resolve(*, token: str, statement_slug: str | None = None) -> SignOn:
    """The signature row a link speaks for; raises `SignOnRefused` saying why not."""
    claim = signon.read_token(token)
    if claim is None:
        raise SignOnRefused(_("This sign-on link is not valid."), status=404)
    signature = (
        Signature.objects.select_related(
            "statement__front", "membership__organization", "membership__front"
        )
        .filter(statement_id=claim.statement_id, membership_id=claim.membership_id)
        .first()
    )
    if signature is None:
        raise SignOnRefused(_("This sign-on link is not valid."), status=404)
    statement = signature.statement
    if statement_slug is not None and statement.slug != statement_slug:
        raise SignOnRefused(_("This sign-on link is not valid."), status=404)
    if statement.status != Statement.Status.OPEN or statement.sign_on_closed:
        raise SignOnRefused(
            _("The sign-on window of this statement has closed; decisions can no longer change."),
            status=410,
        )
    if claim.expires < int(timezone.now().timestamp()):
        raise SignOnRefused(_("This sign-on link has expired."), status=410)
    if claim.version != signature.token_version:
        raise SignOnRefused(
            _(
                "This sign-on link has been used already. Use the newest link you received "
                "to change your organization's decision."
            ),
            status=409,
        )
    return SignOn(signature=signature, statement=statement)


@transaction.atomic
def signature_decide(
    *, token: str, decision: str, actor: User | None = None
) -> tuple[Signature, str]:
    """Record a member organization's decision through its link; returns the row and the
    next link's secret. Locks the signature row, so a link records one decision only."""
    if decision not in (
        Signature.Decision.SIGN,
        Signature.Decision.DECLINE,
        Signature.Decision.ABSTAIN,
    ):
        raise ValidationError({"decision": _("Choose to sign, decline or abstain.")})
    found = signon_resolve(token=token)
    signature = Signature.objects.select_for_update().get(pk=found.signature.pk)
    signature.statement = found.statement
    if signature.token_version != found.signature.token_version:
        raise SignOnRefused(_("This sign-on link has been used already."), status=409)
    previous = signature.decision
    signature.decision = decision
    signature.decided_at = timezone.now()
    signature.decided_by = actor if actor is not None and actor.is_authenticated else None
    signature.token_version += 1
    signature.save(update_fields=["decision", "decided_at", "decided_by", "token_version"])
    audit_record(
        actor=signature.decided_by,
        action="front.statement.decide",
        obj=signature,
        data={
            "statement": found.statement.pk,
            "membership": signature.membership_id,
            "decision": decision,
            "previous": previous,
        },
    )
    return signature, signon_token(signature)


def signon_url(signature: Signature) -> str:
    return settings.SITE_URL + reverse("fronts:sign", args=[signon_token(signature)])


@transaction.atomic
def statement_send_links(*, actor: User, statement: Statement) -> int:
    """Mail each member organization's active representatives their organization's link.

    Returns how many messages go out (after the commit)."""
    _require_coordinator(actor, statement.front)
    statement = Statement.objects.select_related("front").get(pk=statement.pk)
    if statement.status != Statement.Status.OPEN or statement.sign_on_closed:
        raise ValidationError(_("The sign-on window is closed."))
    messages: list[tuple[str, str, list[str]]] = []
    signatures = statement.signatures.select_related(
        "membership__organization", "statement"
    ).filter(decision=Signature.Decision.PENDING)
    representatives = Representative.objects.filter(
        membership__in=[s.membership_id for s in signatures], ended_at__isnull=True
    ).exclude(email="")
    by_membership: dict[int, list[str]] = {}
    for representative in representatives:
        by_membership.setdefault(representative.membership_id, []).append(representative.email)
    title = statement.texts.first()
    for signature in signatures:
        recipients = by_membership.get(signature.membership_id)
        if not recipients:
            continue
        subject = _("Joint statement for signature: %s") % (title.title if title else "")
        body = _(
            "%(front)s asks %(organization)s to sign, decline or abstain on a joint statement "
            "until %(deadline)s (UTC).\n\nRead it and record your organization's decision "
            "here; the link works without an account:\n%(link)s\n"
        ) % {
            "front": statement.front.name,
            "organization": signature.membership.organization.name,
            "deadline": statement.deadline.strftime("%Y-%m-%d %H:%M") if statement.deadline else "",
            "link": signon_url(signature),
        }
        messages.append((subject, body, recipients))
    audit_record(
        actor=actor,
        action="front.statement.send_links",
        obj=statement,
        data={"messages": len(messages)},
    )

    def send() -> None:
        for subject, body, recipients in messages:
            send_mail(subject, body, None, recipients)

    transaction.on_commit(send)
    return len(messages)

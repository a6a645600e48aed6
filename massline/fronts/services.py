"""Writes to fronts, memberships, representatives and the platform.

Each service checks the actor's right (see `access`), validates fully, and audits. Joint
statements and their sign-on are in `statements.py`.
"""

import hashlib
import secrets
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massline.accounts.models import Unit, User
from massline.accounts.services import user_create
from massline.audit.services import audit_record
from massline.core.validation import full_clean
from massline.directory.models import Organization
from massline.fronts import access
from massline.fronts.models import (
    Endorsement,
    Front,
    FrontMembership,
    FrontName,
    MembershipApplication,
    MembershipDecision,
    PlatformVersion,
    Principle,
    Representative,
    Reservation,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
FRONT_FIELDS = (
    "slug",
    "name",
    "short_name",
    "founded_on",
    "secretariat",
    "we_host",
    "admission",
    "weighting",
    "quorum_percent",
    "majority",
)
MAX_PRINCIPLES = 100
# addresses the fronts' own pages use beside `/fronts/<slug>/`
RESERVED_SLUGS = {"new", "sign", "representative", "representatives", "statements"}
# Decisions a coordinator records on a membership; "applied" only comes from an application.
DECISIONS = (
    FrontMembership.Status.MEMBER,
    FrontMembership.Status.OBSERVER,
    FrontMembership.Status.SUSPENDED,
    FrontMembership.Status.LEFT,
    FrontMembership.Status.REJECTED,
)


def _require_coordinator(actor: User, front: Front) -> None:
    if not access.can_coordinate(actor, front):
        raise PermissionDenied


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _set_names(front: Front, names: dict[str, str]) -> None:
    unknown = set(names) - set(LANGUAGES)
    if unknown:
        raise ValidationError({"names": _("Unknown language: %s") % ", ".join(sorted(unknown))})
    for language, name in names.items():
        name = name.strip()
        if not name:
            FrontName.objects.filter(front=front, language=language).delete()
            continue
        row = FrontName.objects.filter(front=front, language=language).first() or FrontName(
            front=front, language=language
        )
        row.name = name
        try:
            full_clean(row)
        except ValidationError as exc:
            raise ValidationError({f"name_{language}": exc.messages}) from exc
        row.save()


# Fronts ----------------------------------------------------------------------------------


@transaction.atomic
def front_create(
    *, actor: User, unit: Unit, names: dict[str, str] | None = None, **fields: Any
) -> Front:
    """Create a front coordinated by `unit`; the actor must organize in that unit."""
    unknown = set(fields) - set(FRONT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    front = Front(unit=unit, **{k: _clean(v) for k, v in fields.items()})
    if not access.can_coordinate(actor, front):
        raise PermissionDenied
    if front.slug in RESERVED_SLUGS or Front.objects.filter(slug=front.slug).exists():
        raise ValidationError({"slug": _("Another front already uses this address.")})
    full_clean(front)
    front.save()
    _set_names(front, names or {})
    audit_record(actor=actor, action="front.create", obj=front, data={"slug": front.slug})
    return front


@transaction.atomic
def front_update(
    *,
    actor: User,
    front: Front,
    unit: Unit | None = None,
    names: dict[str, str] | None = None,
    **fields: Any,
) -> Front:
    """Change a front's rules and names. Moving it to another unit needs a role there too."""
    _require_coordinator(actor, front)
    unknown = set(fields) - set(FRONT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    front = Front.objects.select_for_update().get(pk=front.pk)
    for key, value in fields.items():
        setattr(front, key, _clean(value))
    if unit is not None and unit.pk != front.unit_id:
        front.unit = unit
        _require_coordinator(actor, front)
    if front.slug in RESERVED_SLUGS or (
        Front.objects.filter(slug=front.slug).exclude(pk=front.pk).exists()
    ):
        raise ValidationError({"slug": _("Another front already uses this address.")})
    full_clean(front)
    front.save()
    if names is not None:
        _set_names(front, names)
    audit_record(actor=actor, action="front.update", obj=front, data={"fields": sorted(fields)})
    return front


# Memberships -----------------------------------------------------------------------------


def _record_decision(
    *, actor: User | None, membership: FrontMembership, status: str, decided_on: date, reason: str
) -> MembershipDecision:
    decision = MembershipDecision(
        membership=membership,
        status=status,
        decided_on=decided_on,
        reason=reason.strip(),
        decided_by=actor,
    )
    full_clean(decision)
    decision.save()
    return decision


def _check_decision(status: str, decided_on: date) -> None:
    if status not in DECISIONS:
        raise ValidationError({"status": _("Choose one of the decisions offered.")})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("This date lies in the future.")})


@transaction.atomic
def membership_add(
    *,
    actor: User,
    front: Front,
    organization: Organization,
    status: str,
    decided_on: date,
    reason: str = "",
    weight: int = 1,
) -> FrontMembership:
    """Admit a directory organization directly (as member or observer), with its decision."""
    _require_coordinator(actor, front)
    if status not in (FrontMembership.Status.MEMBER, FrontMembership.Status.OBSERVER):
        raise ValidationError({"status": _("A new organization joins as member or observer.")})
    _check_decision(status, decided_on)
    if FrontMembership.objects.filter(front=front, organization=organization).exists():
        raise ValidationError(
            {"organization": _("This organization already has a membership in this front.")}
        )
    membership = FrontMembership(
        front=front,
        organization=organization,
        status=status,
        weight=weight,
        joined_on=decided_on,
    )
    full_clean(membership)
    membership.save()
    _record_decision(
        actor=actor, membership=membership, status=status, decided_on=decided_on, reason=reason
    )
    audit_record(
        actor=actor,
        action="front.membership.add",
        obj=membership,
        data={"front": front.pk, "organization": organization.pk, "status": status},
    )
    return membership


@transaction.atomic
def membership_decide(
    *,
    actor: User,
    membership: FrontMembership,
    status: str,
    decided_on: date,
    reason: str = "",
    weight: int | None = None,
) -> MembershipDecision:
    """Record a decision on a membership and set its standing. Locks the membership row."""
    _require_coordinator(actor, membership.front)
    _check_decision(status, decided_on)
    membership = FrontMembership.objects.select_for_update().get(pk=membership.pk)
    membership.status = status
    if weight is not None:
        membership.weight = weight
    if status == FrontMembership.Status.MEMBER and membership.joined_on is None:
        membership.joined_on = decided_on
    full_clean(membership)
    membership.save()
    decision = _record_decision(
        actor=actor, membership=membership, status=status, decided_on=decided_on, reason=reason
    )
    audit_record(
        actor=actor,
        action="front.membership.decide",
        obj=membership,
        data={"status": status, "decided_on": decided_on.isoformat()},
    )
    return decision


@transaction.atomic
def application_submit(
    *,
    front: Front,
    submitted_by: User | None,
    organization: Organization | None,
    proposed_name: str,
    proposed_country: str,
    proposed_website: str,
    representative_name: str,
    representative_email: str,
    motivation: str,
) -> MembershipApplication:
    """File an application from the public form or from a representative."""
    if front.admission != Front.Admission.APPLICATION:
        raise ValidationError(_("This front admits organizations by invitation only."))
    application = MembershipApplication(
        front=front,
        organization=organization,
        proposed_name="" if organization else proposed_name.strip(),
        proposed_country=proposed_country.strip().upper(),
        proposed_website=proposed_website.strip(),
        representative_name=representative_name.strip(),
        representative_email=representative_email.strip().lower(),
        motivation=motivation.strip(),
        submitted_by=submitted_by,
    )
    if organization is None and not application.proposed_name:
        raise ValidationError({"proposed_name": _("Choose an organization or give its name.")})
    if not application.representative_name:
        raise ValidationError({"representative_name": _("This field is required.")})
    full_clean(application)
    application.save()
    audit_record(
        actor=submitted_by,
        action="front.application.submit",
        obj=application,
        data={"front": front.pk, "organization": organization.pk if organization else None},
    )
    return application


@transaction.atomic
def application_decide(
    *,
    actor: User,
    application: MembershipApplication,
    status: str,
    decided_on: date,
    reason: str = "",
    organization: Organization | None = None,
) -> MembershipApplication:
    """Accept (as member or observer) or reject an application. Locks the application row.

    Accepting needs a directory organization: the one applied for, or `organization` when the
    applicant proposed one that was not in the directory. The applicant's representative is
    recorded on the membership, ready to be invited.
    """
    _require_coordinator(actor, application.front)
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != MembershipApplication.Status.PENDING:
        raise ValidationError(_("This application has been decided already."))
    allowed = (
        FrontMembership.Status.MEMBER,
        FrontMembership.Status.OBSERVER,
        FrontMembership.Status.REJECTED,
    )
    if status not in allowed:
        raise ValidationError({"status": _("Accept as member or observer, or reject.")})
    _check_decision(status, decided_on)
    organization = organization or application.organization
    if status == FrontMembership.Status.REJECTED:
        application.status = MembershipApplication.Status.REJECTED
    elif organization is None:
        raise ValidationError(
            {"organization": _("Choose the directory record of this organization first.")}
        )
    else:
        application.status = MembershipApplication.Status.ACCEPTED
    if organization is not None:
        membership = FrontMembership.objects.filter(
            front=application.front, organization=organization
        ).first()
        if membership is None:
            membership = FrontMembership(
                front=application.front,
                organization=organization,
                status=status,
                joined_on=decided_on if status == FrontMembership.Status.MEMBER else None,
            )
        elif membership.status in (
            FrontMembership.Status.MEMBER,
            FrontMembership.Status.OBSERVER,
            FrontMembership.Status.SUSPENDED,
        ):
            raise ValidationError(
                {"organization": _("This organization already has a membership in this front.")}
            )
        membership.status = status
        full_clean(membership)
        membership.save()
        _record_decision(
            actor=actor,
            membership=membership,
            status=status,
            decided_on=decided_on,
            reason=reason,
        )
        application.organization = organization
        application.membership = membership
        if status != FrontMembership.Status.REJECTED:
            representative = Representative(
                membership=membership,
                display_name=application.representative_name,
                email=application.representative_email,
            )
            full_clean(representative)
            representative.save()
    full_clean(application)
    application.save()
    audit_record(
        actor=actor,
        action="front.application.decide",
        obj=application,
        data={"status": status, "reason": reason.strip()[:200]},
    )
    return application


# Representatives -------------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def representative_add(
    *,
    actor: User,
    membership: FrontMembership,
    display_name: str,
    email: str,
    role: str,
    user: User | None = None,
) -> Representative:
    """Record a representative; `user` links an existing account instead of an invitation."""
    _require_coordinator(actor, membership.front)
    if (
        user is not None
        and membership.representatives.filter(user=user, ended_at__isnull=True).exists()
    ):
        raise ValidationError(_("This account already represents this organization."))
    representative = Representative(
        membership=membership,
        display_name=display_name.strip(),
        email=email.strip().lower(),
        role=role,
        user=user,
        accepted_at=timezone.now() if user is not None else None,
    )
    full_clean(representative)
    representative.save()
    audit_record(
        actor=actor,
        action="front.representative.add",
        obj=representative,
        data={"membership": membership.pk, "role": role},
    )
    return representative


@transaction.atomic
def representative_invite(*, actor: User, representative: Representative) -> str:
    """A fresh invitation link secret for a representative (shown once, stored hashed).

    A new link replaces an earlier one. Needs an email, which becomes the account's login.
    """
    _require_coordinator(actor, representative.membership.front)
    if representative.ended_at is not None or representative.user_id is not None:
        raise ValidationError(_("This representative cannot be invited."))
    if not representative.email:
        raise ValidationError({"email": _("An invitation needs the representative's email.")})
    if User.objects.filter(email__iexact=representative.email).exists():
        raise ValidationError({"email": _("An account with this email already exists.")})
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    representative.token_digest = _digest(token)
    representative.invited_by = actor
    representative.invited_at = now
    representative.invitation_expires_at = now + timedelta(days=settings.INVITATION_DAYS)
    representative.save(
        update_fields=["token_digest", "invited_by", "invited_at", "invitation_expires_at"]
    )
    audit_record(actor=actor, action="front.representative.invite", obj=representative)
    return token


def representative_find(*, token: str) -> Representative | None:
    """The representative a usable invitation link belongs to; None for any other token."""
    if not token or len(token) > 128:
        return None
    representative = (
        Representative.objects.select_related("membership__front", "membership__organization")
        .filter(token_digest=_digest(token))
        .first()
    )
    if representative is None or not representative.invitation_usable:
        return None
    return representative


@transaction.atomic
def representative_accept(*, token: str, password: str, display_name: str) -> User:
    """Create the representative's limited account: no role in any unit, this front only.

    Locks the representative row so that the link is used once.
    """
    found = representative_find(token=token)
    if found is None:
        raise ValidationError(_("This invitation link is not valid any more."))
    representative = Representative.objects.select_for_update().get(pk=found.pk)
    if not representative.invitation_usable:
        raise ValidationError(_("This invitation link is not valid any more."))
    user = user_create(
        email=representative.email,
        password=password,
        display_name=display_name or representative.display_name,
    )
    representative.user = user
    representative.accepted_at = timezone.now()
    representative.token_digest = None
    try:
        representative.save(update_fields=["user", "accepted_at", "token_digest"])
    except IntegrityError as exc:  # pragma: no cover - guarded by the row lock
        raise ValidationError(_("This invitation link is not valid any more.")) from exc
    audit_record(actor=user, action="front.representative.accept", obj=representative)
    return user


@transaction.atomic
def representative_end(*, actor: User, representative: Representative) -> None:
    """End a representation: the account loses sight of the front; links stop working."""
    _require_coordinator(actor, representative.membership.front)
    if representative.ended_at is None:
        representative.ended_at = timezone.now()
        representative.token_digest = None
        representative.save(update_fields=["ended_at", "token_digest"])
        audit_record(actor=actor, action="front.representative.end", obj=representative)


# Platform --------------------------------------------------------------------------------


def split_principles(text: str) -> list[str]:
    """Principles from a text area: separated by blank lines; leading numbers are dropped."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    cleaned = []
    for block in blocks:
        head, dot, rest = block.partition(". ")
        cleaned.append(rest.strip() if dot and head.isdigit() and rest.strip() else block)
    return cleaned


@transaction.atomic
def version_draft(*, actor: User, front: Front) -> PlatformVersion:
    """Start a new draft, copying the principles of the newest version. One draft at a time."""
    _require_coordinator(actor, front)
    Front.objects.select_for_update().filter(pk=front.pk).first()
    if front.platform_versions.filter(status=PlatformVersion.Status.DRAFT).exists():
        raise ValidationError(_("Finish or adopt the current draft first."))
    latest = front.platform_versions.order_by("-number").first()
    version = PlatformVersion(
        front=front, number=(latest.number + 1) if latest else 1, created_by=actor
    )
    full_clean(version)
    version.save()
    if latest is not None:
        Principle.objects.bulk_create(
            Principle(version=version, number=p.number, language=p.language, text=p.text)
            for p in latest.principles.all()
        )
    audit_record(actor=actor, action="front.platform.draft", obj=version)
    return version


@transaction.atomic
def version_update(
    *, actor: User, version: PlatformVersion, texts: dict[str, list[str]], note: str = ""
) -> PlatformVersion:
    """Replace a draft's principles. `texts` maps a language to its numbered principles;
    every language given must have as many principles as the others."""
    _require_coordinator(actor, version.front)
    version = PlatformVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise ValidationError(_("An adopted version is frozen; draft a new version instead."))
    texts = {lang: [p.strip() for p in items if p.strip()] for lang, items in texts.items()}
    texts = {lang: items for lang, items in texts.items() if items}
    unknown = set(texts) - set(LANGUAGES)
    if unknown:
        raise ValidationError(_("Unknown language: %s") % ", ".join(sorted(unknown)))
    if not texts:
        raise ValidationError(_("Write at least one principle."))
    counts = {len(items) for items in texts.values()}
    if len(counts) > 1:
        raise ValidationError(
            _("Every language needs the same number of principles (found %(counts)s).")
            % {"counts": ", ".join(f"{lang}: {len(items)}" for lang, items in texts.items())}
        )
    if counts.pop() > MAX_PRINCIPLES:
        raise ValidationError(_("A platform has at most %d principles.") % MAX_PRINCIPLES)
    rows = [
        Principle(version=version, number=number, language=lang, text=text)
        for lang, items in texts.items()
        for number, text in enumerate(items, start=1)
    ]
    # the old principles go first, so that the uniqueness check sees only the new ones; an
    # error below rolls the deletion back with the rest of the transaction
    version.principles.all().delete()
    errors: dict[str, list[str]] = {}
    for row in rows:
        try:
            full_clean(row)
        except ValidationError as exc:
            errors.setdefault(f"principles_{row.language}", []).append(
                _("Principle %(number)d: %(error)s")
                % {"number": row.number, "error": " ".join(exc.messages)}
            )
    if errors:
        raise ValidationError(errors)
    version.note = note.strip()
    full_clean(version)
    version.save()
    Principle.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="front.platform.update",
        obj=version,
        data={"languages": sorted(texts), "principles": len(rows) // len(texts)},
    )
    return version


@transaction.atomic
def version_adopt(*, actor: User, version: PlatformVersion, adopted_on: date) -> PlatformVersion:
    """Adopt a draft: from now on its principles never change."""
    _require_coordinator(actor, version.front)
    version = PlatformVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise ValidationError(_("This version has been adopted already."))
    if not version.principles.exists():
        raise ValidationError(_("A version without principles cannot be adopted."))
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("This date lies in the future.")})
    version.status = PlatformVersion.Status.ADOPTED
    version.adopted_on = adopted_on
    full_clean(version)
    version.save()
    audit_record(actor=actor, action="front.platform.adopt", obj=version)
    return version


@transaction.atomic
def endorsement_record(
    *,
    actor: User,
    version: PlatformVersion,
    membership: FrontMembership,
    endorsed_on: date,
    reservations: dict[int, str] | None = None,
) -> Endorsement:
    """Record that a member organization endorses an adopted version, with its reservations.

    Coordinators record any member's endorsement; a representative records their own
    organization's. Recording again replaces the earlier reservations on that version.
    """
    version = PlatformVersion.objects.select_related("front").get(pk=version.pk)
    membership = FrontMembership.objects.get(pk=membership.pk)
    front = version.front
    represented = membership.representatives.filter(user=actor, ended_at__isnull=True).exists()
    if not (access.can_coordinate(actor, front) or represented):
        raise PermissionDenied
    if membership.front_id != front.pk:
        raise ValidationError({"membership": _("This organization is not in this front.")})
    if membership.status not in (FrontMembership.Status.MEMBER, FrontMembership.Status.OBSERVER):
        raise ValidationError({"membership": _("Only members and observers endorse.")})
    if version.is_draft:
        raise ValidationError({"version": _("Only an adopted version can be endorsed.")})
    if endorsed_on > timezone.localdate():
        raise ValidationError({"endorsed_on": _("This date lies in the future.")})
    numbers = set(version.principles.values_list("number", flat=True))
    reservations = {n: t.strip() for n, t in (reservations or {}).items() if t.strip()}
    bad = sorted(n for n in reservations if n not in numbers)
    if bad:
        raise ValidationError(
            {
                "reservations": _("There is no principle %(numbers)s in this version.")
                % {"numbers": ", ".join(str(n) for n in bad)}
            }
        )
    endorsement = Endorsement.objects.filter(version=version, membership=membership).first()
    if endorsement is None:
        endorsement = Endorsement(version=version, membership=membership)
    endorsement.endorsed_on = endorsed_on
    endorsement.recorded_by = actor
    full_clean(endorsement)
    endorsement.save()
    endorsement.reservations.all().delete()
    rows = [
        Reservation(endorsement=endorsement, principle_number=n, text=t)
        for n, t in sorted(reservations.items())
    ]
    for row in rows:
        try:
            full_clean(row)
        except ValidationError as exc:
            raise ValidationError({"reservations": exc.messages}) from exc
    Reservation.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="front.platform.endorse",
        obj=endorsement,
        data={"version": version.number, "reservations": sorted(reservations)},
    )
    return endorsement

"""Writes of the petitions app: petitions and their texts, signing, confirmation, withdrawal,
expiry and erasure.

Signing never tells the visitor whether an address had already signed: a new address, a
pending one and a confirmed one all get the same answer, and the mail that follows (to the
address's owner only) says which case it was.
"""

import csv
import io
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from massline.accounts.models import User
from massline.audit.services import audit_record
from massline.campaigns.access import can_coordinate
from massline.campaigns.models import Campaign
from massline.campaigns.petitions.models import (
    CITY_MAX,
    EMAIL_MAX,
    NAME_MAX,
    Petition,
    PetitionText,
    Signature,
    Tally,
    UsedChallenge,
)
from massline.campaigns.petitions.pow import Solved
from massline.campaigns.petitions.stats import stats_forget
from massline.core.countries import country_name, is_country
from massline.core.validation import full_clean
from massline.vault.fields import lookup_index
from massline.vault.normalize import normalize_email

CONFIRM_SALT = "massline.petitions.confirm"
WITHDRAW_SALT = "massline.petitions.withdraw"


# Petitions -------------------------------------------------------------------------------


def _require_coordinator(actor: User, campaign: Campaign) -> None:
    if not can_coordinate(actor, campaign):
        raise PermissionDenied


@transaction.atomic
def petition_create(
    *,
    actor: User,
    campaign: Campaign,
    slug: str,
    target: str,
    goal: int,
    language: str,
    title: str,
    text: str,
    status: str = Petition.Status.DRAFT,
    retention_days: int | None = None,
) -> Petition:
    """A petition of a campaign with its text in its original language."""
    _require_coordinator(actor, campaign)
    petition = Petition(
        campaign=campaign,
        slug=slug,
        target=target,
        goal=goal,
        language=language,
        status=status,
        retention_days=retention_days,
        created_by=actor,
    )
    full_clean(petition)
    petition.save()
    petition_text_save(actor=actor, petition=petition, language=language, title=title, text=text)
    audit_record(actor=actor, action="petition.create", obj=petition, data={"slug": slug})
    return petition


PETITION_FIELDS = ("slug", "target", "goal", "status", "language", "retention_days")


@transaction.atomic
def petition_update(*, actor: User, petition: Petition, **changes: Any) -> Petition:
    """Change the fields named in `changes` (any of `PETITION_FIELDS`)."""
    _require_coordinator(actor, petition.campaign)
    unknown = set(changes) - set(PETITION_FIELDS)
    if unknown:
        raise ValueError(f"not petition fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(petition, name, value)
    full_clean(petition)
    petition.save()
    audit_record(
        actor=actor, action="petition.update", obj=petition, data={"fields": sorted(changes)}
    )
    stats_forget(petition.pk)
    return petition


@transaction.atomic
def petition_text_save(
    *, actor: User, petition: Petition, language: str, title: str, text: str
) -> PetitionText:
    """Create or replace the petition's text in one language."""
    _require_coordinator(actor, petition.campaign)
    item = PetitionText.objects.filter(petition=petition, language=language).first()
    if item is None:
        item = PetitionText(petition=petition, language=language)
    item.title = title
    item.text = text
    full_clean(item)
    item.save()
    stats_forget(petition.pk)
    return item


@transaction.atomic
def petition_delete(*, actor: User, petition: Petition) -> None:
    _require_coordinator(actor, petition.campaign)
    audit_record(actor=actor, action="petition.delete", obj=petition, data={"slug": petition.slug})
    stats_forget(petition.pk)
    petition.delete()


# Signing ---------------------------------------------------------------------------------


def _clean_signer(
    *, petition: Petition, name: str, email: str, country: str, city: str, display: str
) -> tuple[str, str, str, str]:
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    city = " ".join((city or "").split())
    email = (email or "").strip()
    if not name:
        errors["name"] = _("Enter your name.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("The name is too long.")
    if not email:
        errors["email"] = _("Enter your email address.")
    elif len(email) > EMAIL_MAX or not normalize_email(email) or "." not in email.rsplit("@")[-1]:
        errors["email"] = _("Enter a valid email address.")
    if not is_country(country or ""):
        errors["country"] = _("Choose your country.")
    if len(city) > CITY_MAX:
        errors["city"] = _("The city is too long.")
    if display not in Signature.Display.values:
        errors["display"] = _("Choose how to show your name.")
    if petition.status != Petition.Status.OPEN:
        errors["__all__"] = _("This petition is not open for signatures.")
    for value in (name, email, city):
        if "\x00" in value:
            errors["__all__"] = _("Text may not contain NUL characters.")
    if errors:
        raise ValidationError(errors)
    return name, email, country, city


def signature_sign(
    *,
    petition: Petition,
    name: str,
    email: str,
    country: str,
    city: str = "",
    display: str = Signature.Display.HIDDEN,
    consent_contact: bool = False,
    language: str = "en",
    solved: Solved | None = None,
    mail: bool = True,
) -> None:
    """Record a signature awaiting confirmation and mail the link (after commit; `mail=False`
    only for generated examples, which have nobody to mail).

    Raises ValidationError for bad input or a proof of work already spent; nothing is stored
    then. An address that already signed this petition stores nothing new: its owner gets a
    mail instead (the confirmation again, or a note that the signature is counted).
    """
    name, email, country, city = _clean_signer(
        petition=petition, name=name, email=email, country=country, city=city, display=display
    )
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    signature = Signature(
        petition=petition,
        name=name,
        email=email,
        city=city,
        country=country,
        display=display,
        consent_contact=bool(consent_contact),
        language=language,
        secret=secrets.token_hex(16),
        created_at=timezone.now(),
    )
    queue_inside = mail and settings.TASK_BACKEND == "database"
    try:
        with transaction.atomic():
            if solved is not None:
                UsedChallenge.objects.create(
                    challenge=solved.challenge, expires_at=solved.expires_at
                )
            signature.save(force_insert=True)
            if queue_inside:
                # The database queue takes the mail in the signature's own transaction: one
                # commit, and the mail is queued exactly when the signature is stored.
                _mail_task().enqueue(signature.pk)
                mail = False
    except IntegrityError as exc:
        if solved is not None and UsedChallenge.objects.filter(pk=solved.challenge).exists():
            raise ValidationError(
                {"__all__": _("This check was already used. Please send the form again.")}
            ) from exc
        existing = (
            Signature.objects.filter(petition=petition, email_index=signature.email_index)
            .only("pk")
            .first()
        )
        if existing is None:
            raise
        signature = existing
    if mail:
        _mail_after_commit(signature.pk)


@dataclass(frozen=True)
class PaperSigner:
    """A signature collected on paper (at a picket, a meeting), typed in by a coordinator."""

    name: str
    email: str
    country: str
    signed_at: datetime
    city: str = ""
    display: str = Signature.Display.HIDDEN
    consent_contact: bool = False


@transaction.atomic
def signatures_add_confirmed(*, actor: User, petition: Petition, signers: list[PaperSigner]) -> int:
    """Add signatures the coordinator vouches for (collected on paper), counted at once, in
    bulk. Addresses that already signed the petition are skipped. Returns how many were added.

    Every row is checked first; one bad row stores nothing.
    """
    _require_coordinator(actor, petition.campaign)
    rows: dict[str, Signature] = {}
    for number, signer in enumerate(signers, start=1):
        try:
            name, email, country, city = _clean_signer(
                petition=petition,
                name=signer.name,
                email=signer.email,
                country=signer.country,
                city=signer.city,
                display=signer.display,
            )
        except ValidationError as exc:
            raise ValidationError(
                _("Row %(number)d: %(errors)s")
                % {"number": number, "errors": "; ".join(exc.messages)}
            ) from exc
        signature = Signature(
            petition=petition,
            name=name,
            email=email,
            city=city,
            country=country,
            display=signer.display,
            consent_contact=signer.consent_contact,
            language=petition.language,
            secret=secrets.token_hex(16),
            created_at=signer.signed_at,
            confirmed_at=signer.signed_at,
        )
        signature.email_index = lookup_email_index(email)
        rows.setdefault(signature.email_index, signature)
    existing = set(
        Signature.objects.filter(petition=petition, email_index__in=list(rows)).values_list(
            "email_index", flat=True
        )
    )
    new = [sig for index, sig in rows.items() if index not in existing]
    Signature.objects.bulk_create(new, batch_size=1000)
    counts: dict[tuple[Any, str], int] = {}
    for sig in new:
        assert sig.confirmed_at is not None
        key = (sig.confirmed_at.date(), sig.country)
        counts[key] = counts.get(key, 0) + 1
    for (day, country), count in counts.items():
        _tally_add(petition.pk, day, country, count)
    if new:
        audit_record(
            actor=actor,
            action="petition.signatures.add",
            obj=petition,
            data={"count": len(new), "skipped": len(signers) - len(new)},
        )
    _forget_now_and_after_commit(petition.pk)
    return len(new)


def _mail_task() -> Any:
    from massline.campaigns.petitions.tasks import signature_mail_task

    return signature_mail_task


def _mail_after_commit(signature_id: int) -> None:
    transaction.on_commit(lambda: _mail_task().enqueue(signature_id))


def confirm_token(signature: Signature) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(f"{signature.pk}.{signature.secret}")


def withdraw_token(signature: Signature) -> str:
    return signing.Signer(salt=WITHDRAW_SALT).sign(f"{signature.pk}.{signature.secret}")


def _signature_from(value: str) -> Signature | None:
    pk, _dot, secret = value.partition(".")
    if not pk.isdigit() or not secret or len(pk) > 18:
        return None
    found = (
        Signature.objects.select_for_update().select_related("petition").filter(pk=int(pk)).first()
    )
    if found is None or not secrets.compare_digest(found.secret, secret):
        return None
    return found


def _tally_add(petition_id: int, day: Any, country: str, delta: int) -> None:
    """Add `delta` to one day's count of a country. Call inside a transaction."""
    updated = Tally.objects.filter(petition_id=petition_id, day=day, country=country).update(
        count=F("count") + delta
    )
    if updated:
        return
    try:
        with transaction.atomic():
            Tally.objects.create(petition_id=petition_id, day=day, country=country, count=delta)
    except IntegrityError:
        Tally.objects.filter(petition_id=petition_id, day=day, country=country).update(
            count=F("count") + delta
        )


class TokenError(ValueError):
    """A link that is forged, expired, or for a signature that no longer exists."""


@transaction.atomic
def signature_confirm(*, token: str) -> Signature:
    """Count the signature behind a confirmation link; confirming twice changes nothing.

    Locks the signature row.
    """
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token[:200], max_age=timedelta(hours=settings.MASSLINE_PETITION_CONFIRM_HOURS)
        )
    except signing.BadSignature as exc:
        raise TokenError("bad confirmation link") from exc
    signature = _signature_from(value)
    if signature is None:
        raise TokenError("no such signature")
    if signature.confirmed_at is None:
        signature.confirmed_at = timezone.now()
        signature.save(update_fields=["confirmed_at"])
        _tally_add(signature.petition_id, signature.confirmed_at.date(), signature.country, 1)
        _forget_now_and_after_commit(signature.petition_id)
    return signature


def withdraw_check(*, token: str) -> Signature:
    """The signature a withdrawal link stands for; TokenError when there is none."""
    try:
        value = signing.Signer(salt=WITHDRAW_SALT).unsign(token[:200])
    except signing.BadSignature as exc:
        raise TokenError("bad withdrawal link") from exc
    pk, _dot, secret = value.partition(".")
    found = Signature.objects.select_related("petition").filter(pk=int(pk)).first()
    if found is None or not secrets.compare_digest(found.secret, secret):
        raise TokenError("no such signature")
    return found


@transaction.atomic
def signature_withdraw(*, token: str) -> Petition:
    """Erase the signature behind a withdrawal link; a counted one is taken off its tally."""
    try:
        value = signing.Signer(salt=WITHDRAW_SALT).unsign(token[:200])
    except signing.BadSignature as exc:
        raise TokenError("bad withdrawal link") from exc
    signature = _signature_from(value)
    if signature is None:
        raise TokenError("no such signature")
    _erase(signature)
    return signature.petition


def _erase(signature: Signature) -> None:
    if signature.confirmed_at is not None:
        _tally_add(signature.petition_id, signature.confirmed_at.date(), signature.country, -1)
    petition_id = signature.petition_id
    signature.delete()
    _forget_now_and_after_commit(petition_id)


def _forget_now_and_after_commit(petition_id: int) -> None:
    """Drop the cached figures now and again after commit, so that a page rendered in between
    does not keep the old ones for the cache's lifetime."""
    stats_forget(petition_id)
    transaction.on_commit(lambda: stats_forget(petition_id))


# Expiry and retention --------------------------------------------------------------------


@transaction.atomic
def signatures_expire(*, now: datetime | None = None) -> int:
    """Delete signatures never confirmed in time, and spent proof-of-work challenges."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.MASSLINE_PETITION_CONFIRM_HOURS)
    deleted, _by_model = Signature.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    UsedChallenge.objects.filter(expires_at__lt=now).delete()
    return deleted


def retention_days_of(petition: Petition) -> int:
    if petition.retention_days is not None:
        return petition.retention_days
    return settings.MASSLINE_PETITION_RETENTION_DAYS


@transaction.atomic
def signatures_erase_expired(*, now: datetime | None = None) -> int:
    """Erase the personal data of confirmed signatures older than their petition's retention
    period. The tallies stay: counts by country and day do not change."""
    now = now or timezone.now()
    erased = 0
    for petition in Petition.objects.all().only("pk", "retention_days"):
        days = retention_days_of(petition)
        if days == 0:
            continue
        found = Signature.objects.filter(
            petition=petition,
            confirmed_at__isnull=False,
            confirmed_at__lt=now - timedelta(days=days),
        )
        count, _by_model = found.delete()
        if count:
            erased += count
            audit_record(
                actor=None,
                action="petition.signatures.erase",
                obj=petition,
                data={"count": count, "reason": "retention", "days": days},
            )
            stats_forget(petition.pk)
    return erased


@transaction.atomic
def petition_erase_signers(*, actor: User, petition: Petition) -> int:
    """Erase every signer's personal data now (e.g. after delivery); the counts stay."""
    _require_coordinator(actor, petition.campaign)
    pending, _m = petition.signatures.filter(confirmed_at__isnull=True).delete()
    count, _m = petition.signatures.all().delete()
    audit_record(
        actor=actor,
        action="petition.signatures.erase",
        obj=petition,
        data={"count": count, "pending": pending, "reason": "coordinator"},
    )
    stats_forget(petition.pk)
    return count


# Exports ---------------------------------------------------------------------------------


def signatures_export_csv(*, actor: User, petition: Petition) -> str:
    """Confirmed signatures as CSV for a coordinator, audited. Emails only of the signers who
    agreed to be contacted; names as each signer chose to show them publicly, in full for
    those who agreed to be contacted."""
    _require_coordinator(actor, petition.campaign)
    rows = Signature.objects.filter(petition=petition, confirmed_at__isnull=False).order_by(
        "confirmed_at", "pk"
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [_("Confirmed"), _("Name"), _("Country"), _("City"), _("Email"), _("May be contacted")]
    )
    count = 0
    for sig in rows.iterator(chunk_size=2000):
        assert sig.confirmed_at is not None
        contact = sig.consent_contact
        writer.writerow(
            [
                sig.confirmed_at.isoformat(timespec="seconds"),
                _csv_safe(sig.name if contact else public_name(sig)),
                country_name(sig.country),
                _csv_safe(sig.city if contact else ""),
                _csv_safe(sig.email if contact else ""),
                _("yes") if contact else _("no"),
            ]
        )
        count += 1
    audit_record(
        actor=actor, action="petition.signatures.export", obj=petition, data={"count": count}
    )
    return out.getvalue()


def _csv_safe(value: str) -> str:
    """Keep spreadsheets from running a cell as a formula."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def public_name(signature: Signature) -> str:
    """The name as the signer chose to show it: full, first name and country, or nothing."""
    if signature.display == Signature.Display.FULL:
        return signature.name
    if signature.display == Signature.Display.FIRST:
        first = signature.name.split()[0] if signature.name.split() else ""
        return f"{first} ({country_name(signature.country)})"
    return ""


def lookup_email_index(email: str) -> str:
    return lookup_index(Signature, "email_index", email)

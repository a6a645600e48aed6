"""Writes to events: events and their translations, RSVPs with capacity and waitlist,
delegations, check-in, anniversaries and calendar feed tokens.

Every service checks the actor's right, validates fully (`full_clean`) and audits changes made
by people with accounts. Public RSVPs are not audited one by one: they are not an actor's
change and the audit chain would serialize every visitor behind one row.
"""

import datetime
import hashlib
import secrets
import zoneinfo
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massline.accounts.models import Unit, User
from massline.audit.services import audit_record
from massline.core.validation import full_clean
from massline.directory.models import Organization
from massline.events import access
from massline.events.models import (
    Anniversary,
    Delegation,
    Event,
    EventTranslation,
    FeedToken,
    Rsvp,
    new_ticket_code,
)
from massline.vault.fields import lookup_index
from massline.vault.normalize import normalize_email

EVENT_FIELDS = (
    "slug",
    "kind",
    "title",
    "description",
    "language",
    "unit",
    "host",
    "our_role",
    "starts_at",
    "ends_at",
    "time_zone",
    "venue",
    "address",
    "online_url",
    "visibility",
    "capacity",
    "waitlist",
    "rsvp_open",
    "remind_hours_before",
)
ANNIVERSARY_FIELDS = (
    "title",
    "description",
    "kind",
    "month",
    "day",
    "year",
    "remind_days_before",
    "unit",
)


def _clean_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _reject_unknown(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )


# Time -------------------------------------------------------------------------------------


def zone_of(name: str) -> zoneinfo.ZoneInfo:
    """The time zone called `name`, or a ValidationError naming it."""
    if not name or name not in zoneinfo.available_timezones():
        raise ValidationError(
            {"time_zone": _("%(name)s is not a known time zone.") % {"name": name or "—"}}
        )
    return zoneinfo.ZoneInfo(name)


def local_to_utc(local: datetime.datetime, zone_name: str, field: str) -> datetime.datetime:
    """A wall-clock time in the zone `zone_name` as an aware UTC datetime.

    A time that does not exist (skipped when clocks go forward) is refused; a time that
    happens twice (when clocks go back) means its first occurrence, as people read it.
    An aware datetime is only converted.
    """
    if local.tzinfo is not None:
        return local.astimezone(datetime.UTC)
    zone = zone_of(zone_name)
    aware = local.replace(tzinfo=zone, fold=0)
    round_trip = aware.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != local:
        raise ValidationError(
            {
                field: _("%(time)s does not exist in %(zone)s: the clocks skip it that day.")
                % {"time": local.strftime("%Y-%m-%d %H:%M"), "zone": zone_name}
            }
        )
    return aware.astimezone(datetime.UTC)


def utc_to_local(moment: datetime.datetime, zone_name: str) -> datetime.datetime:
    return moment.astimezone(zoneinfo.ZoneInfo(zone_name))


# Events -----------------------------------------------------------------------------------


def _check_event(actor: User, event: Event) -> None:
    if event.unit_id is None or not access.can_manage_event(actor, event):
        raise ValidationError({"unit": _("Choose a unit where you organize.")})
    zone_of(event.time_zone)
    if event.starts_at and event.ends_at and event.ends_at < event.starts_at:
        raise ValidationError({"ends_at": _("The end must not be before the start.")})
    if event.kind == Event.Kind.ONLINE and not event.online_url:
        raise ValidationError({"online_url": _("An online event needs its link.")})
    clash = Event.objects.filter(slug=event.slug)
    if event.pk:
        clash = clash.exclude(pk=event.pk)
    if event.slug and clash.exists():
        raise ValidationError({"slug": _("Another event already uses this address.")})


def _set_co_hosts(event: Event, co_hosts: list[Organization] | None) -> None:
    if co_hosts is None:
        return
    event.co_hosts.set([o for o in co_hosts if o.pk != event.host_id])


@transaction.atomic
def event_create(
    *, actor: User, co_hosts: list[Organization] | None = None, **fields: Any
) -> Event:
    _reject_unknown(fields, EVENT_FIELDS)
    if not access.can_create_events(actor):
        raise PermissionDenied
    event = Event(created_by=actor, **{k: _clean_text(v) for k, v in fields.items()})
    _check_event(actor, event)
    full_clean(event)
    event.save()
    _set_co_hosts(event, co_hosts)
    audit_record(actor=actor, action="event.create", obj=event, data={"slug": event.slug})
    return event


@transaction.atomic
def event_update(
    *, actor: User, event: Event, co_hosts: list[Organization] | None = None, **fields: Any
) -> Event:
    """Change an event. Locks its row; a larger capacity moves people up from the waitlist."""
    _reject_unknown(fields, EVENT_FIELDS)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not access.can_manage_event(actor, event):
        raise PermissionDenied
    changed = sorted(k for k, v in fields.items() if getattr(event, k) != _clean_text(v))
    for key, value in fields.items():
        setattr(event, key, _clean_text(value))
    _check_event(actor, event)
    event.sequence += 1
    full_clean(event)
    event.save()
    _set_co_hosts(event, co_hosts)
    promoted = _fill_free_seats(event)
    audit_record(
        actor=actor,
        action="event.update",
        obj=event,
        data={"fields": changed, "promoted": len(promoted)},
    )
    return event


@transaction.atomic
def event_cancel(*, actor: User, event: Event) -> Event:
    """Mark an event cancelled; calendars show it as cancelled and attendees get a mail."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not access.can_manage_event(actor, event):
        raise PermissionDenied
    if event.cancelled_at is not None:
        raise ValidationError(_("This event is already cancelled."))
    event.cancelled_at = timezone.now()
    event.rsvp_open = False
    event.sequence += 1
    event.save(update_fields=["cancelled_at", "rsvp_open", "sequence", "updated_at"])
    audit_record(actor=actor, action="event.cancel", obj=event, data={"slug": event.slug})
    ids = list(
        event.rsvps.exclude(status=Rsvp.Status.CANCELLED)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: _mail_later("event_cancelled", ids))
    return event


@transaction.atomic
def event_translation_save(
    *, actor: User, event: Event, language: str, title: str, description: str = ""
) -> EventTranslation:
    """Add or replace the title and description in one language other than the original."""
    if not access.can_manage_event(actor, event):
        raise PermissionDenied
    if language == event.language:
        raise ValidationError(
            {"language": _("This is the event's original language: edit the event instead.")}
        )
    translation = EventTranslation.objects.filter(event=event, language=language).first()
    translation = translation or EventTranslation(event=event, language=language)
    translation.title = title.strip()
    translation.description = description.strip()
    full_clean(translation)
    translation.save()
    Event.objects.filter(pk=event.pk).update(sequence=event.sequence + 1)
    audit_record(
        actor=actor, action="event.translation.save", obj=event, data={"language": language}
    )
    return translation


@transaction.atomic
def event_translation_delete(*, actor: User, translation: EventTranslation) -> None:
    if not access.can_manage_event(actor, translation.event):
        raise PermissionDenied
    audit_record(
        actor=actor,
        action="event.translation.delete",
        obj=translation.event,
        data={"language": translation.language},
    )
    translation.delete()


# RSVPs ------------------------------------------------------------------------------------


def _locked_event(event_id: int) -> Event:
    """The event row, locked until the end of the transaction.

    On PostgreSQL `SELECT ... FOR UPDATE` makes every RSVP to one event wait for the one
    before it. SQLite runs its write transactions one at a time already (the project opens
    them with BEGIN IMMEDIATE), so the lock is implied there.
    """
    return Event.objects.select_for_update().get(pk=event_id)


def _seats_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    taken = event.rsvps.filter(status=Rsvp.Status.CONFIRMED).count()
    return max(event.capacity - taken, 0)


def _next_position(event: Event) -> int:
    event.rsvp_counter += 1
    Event.objects.filter(pk=event.pk).update(rsvp_counter=event.rsvp_counter)
    return event.rsvp_counter


def _admission(event: Event) -> str:
    """Confirmed while seats are free and nobody waits; otherwise the waitlist.

    Call with the event row locked. Once anyone waits, one indexed look-up decides.
    """
    if event.capacity is None:
        return Rsvp.Status.CONFIRMED
    waiting = event.rsvps.filter(status=Rsvp.Status.WAITLISTED).exists()
    if not waiting and (_seats_left(event) or 0) > 0:
        return Rsvp.Status.CONFIRMED
    if not event.waitlist:
        raise ValidationError(_("This event is full."))
    return Rsvp.Status.WAITLISTED


def _validate_answer(rsvp: Rsvp) -> None:
    """Field validation of an RSVP before the event is locked.

    Uniqueness (one RSVP per address, one position per event) is left to the database's
    constraints here: checking it in Python would cost queries while every other visitor waits
    for the lock, and the constraint is the guarantee anyway.
    """
    errors: dict[str, list[str]] = {}
    for name, limit in (("name", 200), ("email", 254), ("organization_name", 200)):
        if len(getattr(rsvp, name) or "") > limit:
            errors[name] = [
                _("Ensure this value has at most %(limit)d characters.") % {"limit": limit}
            ]
    if not rsvp.name:
        errors["name"] = [_("Enter your name.")]
    if errors:
        raise ValidationError(errors)
    rsvp.full_clean(validate_unique=False, validate_constraints=False)


def _fill_free_seats(event: Event) -> list[int]:
    """Move people up from the waitlist in order of arrival while seats are free.

    Call with the event row locked. Mails each person moved up, after the commit.
    """
    seats = _seats_left(event)
    if seats == 0:
        return []
    waiting = event.rsvps.filter(status=Rsvp.Status.WAITLISTED).order_by("position")
    if seats is not None:
        waiting = waiting[:seats]
    ids = list(waiting.values_list("pk", flat=True))
    if ids:
        Rsvp.objects.filter(pk__in=ids).update(
            status=Rsvp.Status.CONFIRMED, promoted_at=timezone.now()
        )
        transaction.on_commit(lambda: _mail_later("promoted", ids))
    return ids


def _mail_later(kind: str, rsvp_ids: list[int]) -> None:
    from massline.events.tasks import send_rsvp_mails

    if rsvp_ids:
        send_rsvp_mails.enqueue(kind, rsvp_ids)


def _check_open(event: Event) -> None:
    if event.cancelled_at is not None:
        raise ValidationError(_("This event has been cancelled."))
    if not event.rsvp_open:
        raise ValidationError(_("This event takes no more RSVPs."))
    if event.ends_at < timezone.now():
        raise ValidationError(_("This event is over."))


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    if not normalize_email(email):
        raise ValidationError({"email": _("Enter a valid email address.")})
    return email


@transaction.atomic
def rsvp_submit(
    *,
    event: Event,
    name: str,
    email: str,
    organization_name: str = "",
    language: str = "",
    user: User | None = None,
) -> tuple[Rsvp, bool]:
    """Answer an event: a seat while there is one, else a place on the waitlist.

    Returns the RSVP and whether it is new. One RSVP per email address and event: asking again
    with an active RSVP changes nothing (the confirmation is mailed again); asking again after
    cancelling takes a new place at the end of the line. Locks the event row.
    """
    email = _clean_email(email)
    candidate = Rsvp(
        event_id=event.pk,
        user=user if user is not None and user.is_authenticated else None,
        name=(name or "").strip(),
        email=email,
        organization_name=(organization_name or "").strip(),
        language=(language or "")[:8],
        status=Rsvp.Status.CONFIRMED,
        position=1,
    )
    _validate_answer(candidate)
    event = _locked_event(event.pk)
    _check_open(event)
    existing = Rsvp.objects.filter(
        event=event, email_index=lookup_index(Rsvp, "email_index", email)
    ).first()
    if existing is not None and existing.is_active:
        transaction.on_commit(lambda: _mail_later("confirmation", [existing.pk]))
        return existing, False
    rsvp = candidate
    if existing is not None:
        # Answering again after cancelling: the same row takes a new place and a new ticket.
        rsvp.pk = existing.pk
        rsvp.user = rsvp.user or existing.user
        rsvp.delegation = existing.delegation
        rsvp.delegate_role = existing.delegate_role
        rsvp.travel_notes = existing.travel_notes
    rsvp.status = _admission(event)
    rsvp.position = _next_position(event)
    rsvp.code = new_ticket_code()
    rsvp.created_at = timezone.now()
    try:
        with transaction.atomic():
            rsvp.save(force_update=existing is not None, force_insert=existing is None)
    except IntegrityError as exc:
        raise ValidationError(_("That RSVP could not be stored; please try again.")) from exc
    transaction.on_commit(lambda: _mail_later("confirmation", [rsvp.pk]))
    return rsvp, True


def rsvp_submit_member(*, actor: User, event: Event) -> tuple[Rsvp, bool]:
    """A member answers from their account, with the name and address of the account."""
    if not access.can_see_event(actor, event):
        raise PermissionDenied
    return rsvp_submit(
        event=event,
        name=actor.display_name or actor.email,
        email=actor.email,
        language=actor.language,
        user=actor,
    )


@transaction.atomic
def rsvp_cancel(*, rsvp: Rsvp, actor: User | None = None) -> Rsvp:
    """Cancel an RSVP and give its seat to the first person on the waitlist.

    `actor` is None when the attendee cancels through the signed link of their mail; a user
    cancels their own RSVP, or any of an event they manage. Locks the event row.
    """
    event = _locked_event(rsvp.event_id)
    rsvp = Rsvp.objects.get(pk=rsvp.pk)
    if actor is not None and rsvp.user_id != actor.pk and not access.can_manage_event(actor, event):
        raise PermissionDenied
    if rsvp.status == Rsvp.Status.CANCELLED:
        raise ValidationError(_("This RSVP is already cancelled."))
    rsvp.status = Rsvp.Status.CANCELLED
    rsvp.cancelled_at = timezone.now()
    rsvp.save(update_fields=["status", "cancelled_at"])
    promoted = _fill_free_seats(event)
    if actor is not None and rsvp.user_id != actor.pk:
        audit_record(
            actor=actor,
            action="event.rsvp.cancel",
            obj=event,
            data={"rsvp": rsvp.pk, "promoted": promoted},
        )
    return rsvp


@transaction.atomic
def checkin(*, actor: User, event: Event, code: str = "", rsvp: Rsvp | None = None) -> Rsvp:
    """Check one attendee in, by ticket code or by a chosen RSVP. A second time is refused."""
    if not access.can_manage_event(actor, event):
        raise PermissionDenied
    if rsvp is None:
        wanted = normalize_code(code)
        if not wanted:
            raise ValidationError({"code": _("Type or scan a ticket code.")})
        rsvp = Rsvp.objects.filter(event=event, code=wanted).first()
        if rsvp is None:
            raise ValidationError({"code": _("No ticket of this event has that code.")})
    rsvp = Rsvp.objects.select_for_update().get(pk=rsvp.pk, event=event)
    if rsvp.status == Rsvp.Status.CANCELLED:
        raise ValidationError(_("This RSVP was cancelled."))
    if rsvp.status == Rsvp.Status.WAITLISTED:
        raise ValidationError(_("This person is on the waitlist and has no seat."))
    if rsvp.checked_in_at is not None:
        local = utc_to_local(rsvp.checked_in_at, event.time_zone)
        raise ValidationError(
            _("%(name)s is already checked in (at %(time)s).")
            % {"name": rsvp.name, "time": local.strftime("%H:%M")}
        )
    rsvp.checked_in_at = timezone.now()
    rsvp.checked_in_by = actor
    rsvp.save(update_fields=["checked_in_at", "checked_in_by"])
    return rsvp


def normalize_code(text: str) -> str:
    """A ticket code as typed or as pasted by a scanner app ("…/t/ABCD-EFGH-JKLM", spaces)."""
    text = (text or "").strip().upper()
    if "/" in text:
        text = text.rstrip("/").rsplit("/", 1)[-1]
    raw = "".join(ch for ch in text if ch.isalnum())
    if len(raw) != 12:
        return ""
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


# Delegations ------------------------------------------------------------------------------


@transaction.atomic
def delegation_create(
    *, actor: User, event: Event, organization: Organization, notes: str = ""
) -> Delegation:
    if not access.can_manage_event(actor, event):
        raise PermissionDenied
    if Delegation.objects.filter(event=event, organization=organization).exists():
        raise ValidationError(
            {"organization": _("This organization already has a delegation to this event.")}
        )
    delegation = Delegation(
        event=event, organization=organization, notes=notes.strip(), created_by=actor
    )
    full_clean(delegation)
    delegation.save()
    audit_record(
        actor=actor,
        action="event.delegation.create",
        obj=event,
        data={"delegation": delegation.pk, "organization": organization.pk},
    )
    return delegation


@transaction.atomic
def delegation_update(*, actor: User, delegation: Delegation, notes: str) -> Delegation:
    if not access.can_manage_event(actor, delegation.event):
        raise PermissionDenied
    delegation.notes = notes.strip()
    full_clean(delegation)
    delegation.save(update_fields=["notes"])
    audit_record(
        actor=actor,
        action="event.delegation.update",
        obj=delegation.event,
        data={"delegation": delegation.pk},
    )
    return delegation


@transaction.atomic
def delegate_add(
    *,
    actor: User,
    delegation: Delegation,
    name: str,
    role: str,
    email: str = "",
    travel_notes: str = "",
    language: str = "",
) -> Rsvp:
    """Add a named delegate: an RSVP of the event with a role, a ticket and travel notes.

    Delegates take seats like anyone else (the waitlist when full). With an address they get
    the confirmation mail with their ticket. Locks the event row.
    """
    event = _locked_event(delegation.event_id)
    if not access.can_manage_event(actor, event):
        raise PermissionDenied
    if event.cancelled_at is not None:
        raise ValidationError(_("This event has been cancelled."))
    email = (email or "").strip()
    if email:
        email = _clean_email(email)
        index = lookup_index(Rsvp, "email_index", email)
        if Rsvp.objects.filter(event=event, email_index=index).exists():
            raise ValidationError({"email": _("Someone with this address already answered.")})
    if role not in Rsvp.DelegateRole.values:
        raise ValidationError({"role": _("Choose a role in the delegation.")})
    rsvp = Rsvp(
        event=event,
        delegation=delegation,
        delegate_role=role,
        name=(name or "").strip(),
        email=email,
        organization_name=delegation.organization.name,
        travel_notes=(travel_notes or "").strip(),
        language=(language or "")[:8],
        status=_admission(event),
    )
    if not rsvp.name:
        raise ValidationError({"name": _("Enter the delegate's name.")})
    rsvp.position = _next_position(event)
    full_clean(rsvp)
    rsvp.save()
    audit_record(
        actor=actor,
        action="event.delegate.add",
        obj=event,
        data={"delegation": delegation.pk, "rsvp": rsvp.pk, "role": role},
    )
    if email:
        transaction.on_commit(lambda: _mail_later("confirmation", [rsvp.pk]))
    return rsvp


@transaction.atomic
def delegate_update(*, actor: User, delegate: Rsvp, role: str, travel_notes: str) -> Rsvp:
    if delegate.delegation_id is None or not access.can_manage_event(actor, delegate.event):
        raise PermissionDenied
    if role not in Rsvp.DelegateRole.values:
        raise ValidationError({"role": _("Choose a role in the delegation.")})
    delegate.delegate_role = role
    delegate.travel_notes = travel_notes.strip()
    full_clean(delegate)
    delegate.save(update_fields=["delegate_role", "travel_notes"])
    audit_record(
        actor=actor, action="event.delegate.update", obj=delegate.event, data={"rsvp": delegate.pk}
    )
    return delegate


# Anniversaries ----------------------------------------------------------------------------


def _check_anniversary(actor: User, anniversary: Anniversary) -> None:
    if not access.can_edit_anniversary(actor, anniversary):
        if anniversary.unit_id is None:
            raise ValidationError(
                {"unit": _("Only secretaries keep the anniversaries of the whole organization.")}
            )
        raise ValidationError({"unit": _("Choose a unit where you organize.")})


@transaction.atomic
def anniversary_create(
    *, actor: User, organizations: list[Organization] | None = None, **fields: Any
) -> Anniversary:
    _reject_unknown(fields, ANNIVERSARY_FIELDS)
    if not access.can_create_anniversaries(actor):
        raise PermissionDenied
    anniversary = Anniversary(created_by=actor, **{k: _clean_text(v) for k, v in fields.items()})
    _check_anniversary(actor, anniversary)
    full_clean(anniversary)
    anniversary.save()
    if organizations is not None:
        anniversary.organizations.set(organizations)
    audit_record(
        actor=actor, action="anniversary.create", obj=anniversary, data={"title": anniversary.title}
    )
    return anniversary


@transaction.atomic
def anniversary_update(
    *,
    actor: User,
    anniversary: Anniversary,
    organizations: list[Organization] | None = None,
    **fields: Any,
) -> Anniversary:
    _reject_unknown(fields, ANNIVERSARY_FIELDS)
    if not access.can_edit_anniversary(actor, anniversary):
        raise PermissionDenied
    changed = sorted(k for k, v in fields.items() if getattr(anniversary, k) != _clean_text(v))
    for key, value in fields.items():
        setattr(anniversary, key, _clean_text(value))
    _check_anniversary(actor, anniversary)
    full_clean(anniversary)
    anniversary.save()
    if organizations is not None:
        anniversary.organizations.set(organizations)
    audit_record(
        actor=actor, action="anniversary.update", obj=anniversary, data={"fields": changed}
    )
    return anniversary


@transaction.atomic
def anniversary_delete(*, actor: User, anniversary: Anniversary) -> None:
    if not access.can_edit_anniversary(actor, anniversary):
        raise PermissionDenied
    audit_record(
        actor=actor, action="anniversary.delete", obj=anniversary, data={"title": anniversary.title}
    )
    anniversary.delete()


# Calendar feed tokens ---------------------------------------------------------------------


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_token_create(*, actor: User) -> str:
    """A new secret for the actor's calendar feeds, replacing any earlier one. Shown once."""
    token = secrets.token_urlsafe(24)
    FeedToken.objects.filter(user=actor).delete()
    FeedToken.objects.create(user=actor, token_hash=feed_token_hash(token))
    audit_record(actor=actor, action="event.feed_token.create", obj=actor)
    return token


@transaction.atomic
def feed_token_revoke(*, actor: User) -> bool:
    deleted, _rows = FeedToken.objects.filter(user=actor).delete()
    if deleted:
        audit_record(actor=actor, action="event.feed_token.revoke", obj=actor)
    return bool(deleted)


def feed_token_user(token: str) -> User | None:
    """The active user whose feed token this is, or None."""
    if not token or len(token) > 64:
        return None
    found = (
        FeedToken.objects.select_related("user")
        .filter(token_hash=feed_token_hash(token), user__is_active=True)
        .first()
    )
    if found is None:
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at > datetime.timedelta(hours=1):
        FeedToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user


def default_unit_for(actor: User) -> Unit | None:
    units = sorted(access.managed_units(actor))
    return Unit.objects.filter(pk__in=units).order_by("pk").first() if units else None

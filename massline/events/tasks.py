"""Background work of the events app (django-tasks)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from massline.events.mails import KINDS, rsvp_mail
from massline.events.models import Rsvp
from massline.events.selectors import rsvps_to_remind


@task()
def send_rsvp_mails(kind: str, rsvp_ids: list[int]) -> int:
    """Mail attendees about their RSVP; returns how many mails went out."""
    if kind not in KINDS:
        raise ValueError(kind)
    sent = 0
    rows = Rsvp.objects.filter(pk__in=rsvp_ids).exclude(email="").select_related("event")
    for rsvp in rows.prefetch_related("event__translations"):
        if kind != "event_cancelled" and rsvp.status == Rsvp.Status.CANCELLED:
            continue
        rsvp_mail(rsvp, kind).send()
        sent += 1
    return sent


def send_due_reminders() -> int:
    """Mail each attendee with a seat once, when their event's reminder window opens.

    Idempotent: an RSVP is marked reminded in the same transaction that claims it, so a second
    run (or two timers at once) never mails anyone twice. A mail that fails is retried on the
    next run.
    """
    now = timezone.now()
    sent = 0
    for rsvp in rsvps_to_remind(now=now).prefetch_related("event__translations"):
        event = rsvp.event
        if event.starts_at - now > datetime.timedelta(hours=event.remind_hours_before):
            continue
        with transaction.atomic():
            claimed = Rsvp.objects.filter(pk=rsvp.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            rsvp_mail(rsvp, "reminder").send()
        sent += 1
    return sent


@task()
def send_event_reminders() -> int:
    return send_due_reminders()

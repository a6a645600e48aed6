"""Mails to attendees, each in the attendee's language: confirmation with the ticket, moving
up from the waitlist, reminder, cancellation of the event."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from massline.events import calendars, tickets
from massline.events.models import Rsvp
from massline.events.selectors import translation_in
from massline.events.services import utc_to_local

KINDS = ("confirmation", "promoted", "reminder", "event_cancelled")


def rsvp_mail(rsvp: Rsvp, kind: str) -> EmailMultiAlternatives:
    """The mail of `kind` to one attendee (not sent)."""
    event = rsvp.event
    language = rsvp.language or event.language or settings.LANGUAGE_CODE
    with translation.override(language):
        text = translation_in(event, language)
        context = {
            "rsvp": rsvp,
            "event": event,
            "title": text.title if text else event.title,
            "starts": utc_to_local(event.starts_at, event.time_zone),
            "ends": utc_to_local(event.ends_at, event.time_zone),
            "ticket_url": tickets.ticket_url(rsvp),
            "cancel_url": tickets.cancel_url(rsvp),
            "qr_svg": tickets.qr_svg(rsvp) if rsvp.status == Rsvp.Status.CONFIRMED else "",
            "SITE_NAME": settings.SITE_NAME,
            "kind": kind,
        }
        subjects = {
            "confirmation": _("Your RSVP: %(title)s"),
            "promoted": _("A seat is free for you: %(title)s"),
            "reminder": _("Reminder: %(title)s"),
            "event_cancelled": _("Cancelled: %(title)s"),
        }
        subject = subjects[kind] % {"title": context["title"]}
        body = render_to_string("events/mail/rsvp.txt", context)
        html = render_to_string("events/mail/rsvp.html", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[rsvp.email])
    message.attach_alternative(html, "text/html")
    if rsvp.status == Rsvp.Status.CONFIRMED and kind != "event_cancelled":
        message.attach(f"ticket-{rsvp.code}.png", tickets.qr_png(rsvp), "image/png")
        message.attach(
            "event.ics",
            calendars.calendar_bytes([event], name=event.title, public=True),
            "text/calendar",
        )
    return message

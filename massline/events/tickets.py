"""Signed links of an RSVP (ticket page, cancellation) and the ticket's QR code."""

import io

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse

from massline.events.models import Rsvp

_SALT = "massline.events.rsvp"


def rsvp_token(rsvp: Rsvp) -> str:
    """A signed reference to an RSVP that stops working once its ticket code changes."""
    return signing.dumps({"r": rsvp.pk, "c": rsvp.code}, salt=_SALT, compress=True)


def rsvp_from_token(token: str) -> Rsvp | None:
    """The RSVP a link names, or None when the link is forged, garbled or outdated."""
    if not token or len(token) > 200:
        return None
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("r"), int):
        return None
    return (
        Rsvp.objects.select_related("event", "delegation__organization")
        .filter(pk=data["r"], code=str(data.get("c")))
        .first()
    )


def ticket_url(rsvp: Rsvp) -> str:
    return settings.SITE_URL + reverse("events:ticket", args=[rsvp_token(rsvp)])


def cancel_url(rsvp: Rsvp) -> str:
    return settings.SITE_URL + reverse("events:rsvp_cancel_link", args=[rsvp_token(rsvp)])


def scan_url(rsvp: Rsvp) -> str:
    """What the QR code holds: a steward's phone camera opens the event's check-in page with
    the code filled in; a scanner app that pastes text gives the same address, and the check-in
    form takes the code from its last part."""
    return settings.SITE_URL + reverse("events:checkin_code", args=[rsvp.code])


def qr_svg(rsvp: Rsvp) -> str:
    """The ticket's QR code as an inline SVG element (no external hosts, no JavaScript)."""
    qr = segno.make(scan_url(rsvp), error="m")
    return qr.svg_inline(scale=5, border=2, dark="#000", light="#fff", title=rsvp.code)


def qr_png(rsvp: Rsvp) -> bytes:
    qr = segno.make(scan_url(rsvp), error="m")
    out = io.BytesIO()
    qr.save(out, kind="png", scale=8, border=3)
    return out.getvalue()

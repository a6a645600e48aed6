"""Events: commemorations, conferences, rallies and meetings, with their hosts and visibility."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from massline.accounts.models import Unit
from massline.directory.models import Organization, http_url, validate_language


def validate_time_zone(name: str) -> None:
    if name not in zoneinfo.available_timezones():
        raise ValidationError(_("%(name)s is not a known time zone."), params={"name": name})


class Event(models.Model):
    class Kind(models.TextChoices):
        COMMEMORATION = "commemoration", _("Commemoration")
        CONFERENCE = "conference", _("Conference")
        CONGRESS = "congress", _("Congress")
        RALLY = "rally", _("Rally")
        PICKET = "picket", _("Picket")
        MEETING = "meeting", _("Meeting")
        ONLINE = "online", _("Online event")

    class Role(models.TextChoices):
        HOST = "host", _("Host")
        GUEST = "guest", _("Guest")
        DELEGATION = "delegation", _("Delegation")
        OBSERVER = "observer", _("Observer")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members")
        UNIT = "unit", _("Unit only")

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=20000)
    language = models.CharField(
        _("original language"), max_length=3, default="en", validators=[validate_language]
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="events", verbose_name=_("unit")
    )
    host = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host"),
    )
    co_hosts = models.ManyToManyField(
        Organization, blank=True, related_name="co_hosted_events", verbose_name=_("co-hosts")
    )
    our_role = models.CharField(_("our role"), max_length=20, choices=Role.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True, validators=[http_url])
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    waitlist = models.BooleanField(_("waitlist when full"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="event_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["unit", "starts_at"])]

    def __str__(self) -> str:
        return self.title

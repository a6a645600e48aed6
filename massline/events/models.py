"""Events: commemorations, conferences, rallies and meetings, with their hosts and visibility."""

import calendar
import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massline.accounts.models import Unit
from massline.directory.models import Organization, http_url, validate_language
from massline.vault.fields import BlindIndexField, EncryptedTextField


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
    rsvp_open = models.BooleanField(_("open for RSVPs"), default=True)
    remind_hours_before = models.PositiveSmallIntegerField(
        _("remind attendees this many hours before"),
        default=24,
        validators=[MaxValueValidator(24 * 14)],
        help_text=_("0 sends no reminder."),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Bumped on every change so calendar apps replace their copy (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # The last order-of-arrival number handed out; only written under the row's lock.
    rsvp_counter = models.PositiveBigIntegerField(default=0, editable=False)
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


class EventTranslation(models.Model):
    """The title and description of an event in another language than its original."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="translations", verbose_name=_("event")
    )
    language = models.CharField(_("language"), max_length=3, validators=[validate_language])
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=20000)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="event_translation_one_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class Anniversary(models.Model):
    """A date that comes back every year: a birth, a death, a founding day, a day of struggle.

    `unit` is the unit whose organizers keep it; empty means the whole organization (kept by
    secretaries). Every member sees every anniversary: they are not secret.
    """

    class Kind(models.TextChoices):
        BIRTH = "birth", _("Birth")
        DEATH = "death", _("Death")
        FOUNDING = "founding", _("Founding day")
        STRUGGLE = "struggle", _("Day of struggle")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("day"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    year = models.SmallIntegerField(
        _("year of origin"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9999)],
    )
    organizations = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="anniversaries",
        verbose_name=_("organizations that commemorate it"),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("propose greetings this many days before"),
        default=7,
        validators=[MaxValueValidator(90)],
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anniversaries",
        verbose_name=_("unit"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anniversary")
        verbose_name_plural = _("anniversaries")
        ordering = ["month", "day", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12, day__gte=1, day__lte=31),
                name="anniversary_month_day_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.month and self.day:
            # 2000 was a leap year: 29 February is a valid anniversary.
            if self.day > calendar.monthrange(2000, self.month)[1]:
                raise ValidationError({"day": _("This month has no such day.")})
            if self.year and self.day > calendar.monthrange(self.year, self.month)[1]:
                raise ValidationError({"day": _("That year had no such day.")})

    def date_in(self, year: int) -> datetime.date:
        """The anniversary's date in a given year; 29 February falls on 28 February otherwise."""
        day = min(self.day, calendar.monthrange(year, self.month)[1])
        return datetime.date(year, self.month, day)

    def next_date(self, today: datetime.date) -> datetime.date:
        """The first date of the anniversary on or after `today`."""
        this_year = self.date_in(today.year)
        return this_year if this_year >= today else self.date_in(today.year + 1)

    def years_in(self, year: int) -> int | None:
        """How many years it is in `year`, when the year of origin is known."""
        return year - self.year if self.year else None


class Delegation(models.Model):
    """An organization's delegation to an event; its delegates are RSVPs with a role."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("event")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("organization"),
    )
    notes = EncryptedTextField(
        _("travel and visa notes"), purpose="delegation.notes", blank=True, max_length=5000
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"], name="delegation_one_per_organization"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)


def new_ticket_code() -> str:
    """A check-in code: 12 characters without look-alikes, in groups of four for reading aloud."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Rsvp(models.Model):
    """One person's answer to an event: a seat, a place on the waitlist, or a cancellation.

    Name, email and organization are vault-encrypted; the email is looked up by blind index.
    `position` is the order of arrival within the event, handed out under the event row's lock,
    so the waitlist moves up in exactly the order people asked.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    class DelegateRole(models.TextChoices):
        HEAD = "head", _("Head of delegation")
        DELEGATE = "delegate", _("Delegate")
        OBSERVER = "observer", _("Observer")
        INTERPRETER = "interpreter", _("Interpreter")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_rsvps",
        verbose_name=_("account"),
    )
    name = EncryptedTextField(_("name"), purpose="rsvp.name", max_length=200)
    email = EncryptedTextField(_("email"), purpose="rsvp.email", blank=True, max_length=254)
    email_index = BlindIndexField(
        source="email", purpose="rsvp.email", normalizer="massline.vault.normalize.normalize_email"
    )
    organization_name = EncryptedTextField(
        _("organization"), purpose="rsvp.organization", blank=True, max_length=200
    )
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="delegates",
        verbose_name=_("delegation"),
    )
    delegate_role = models.CharField(
        _("role in the delegation"), max_length=12, choices=DelegateRole.choices, blank=True
    )
    travel_notes = EncryptedTextField(
        _("travel and visa notes"), purpose="delegate.travel", blank=True, max_length=5000
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    position = models.PositiveBigIntegerField(_("order of arrival"))
    code = models.CharField(_("ticket code"), max_length=14, unique=True, default=new_ticket_code)
    language = models.CharField(_("language"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved up from the waitlist"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email_index"],
                condition=~Q(email_index=""),
                name="rsvp_one_per_email",
            ),
            models.UniqueConstraint(fields=["event", "position"], name="rsvp_position_unique"),
            models.CheckConstraint(
                condition=Q(delegation__isnull=True, delegate_role="")
                | Q(delegation__isnull=False) & ~Q(delegate_role=""),
                name="rsvp_delegate_has_role",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "position"])]

    def __str__(self) -> str:
        return self.code

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED


class FeedToken(models.Model):
    """A secret in a calendar feed's address, standing in for a login calendar apps cannot do.

    Only a hash is stored: the address is shown once, when the token is made.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_feed_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"feed token of {self.user_id}"

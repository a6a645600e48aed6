"""Petitions of a campaign, their signatures and the counts that outlive the signers' data.

A signature holds the signer's name, email and city encrypted (vault); the email is found by a
blind index, one row per email and petition. It counts once confirmed: the confirmation adds
one to the `Tally` of its day and country, and a withdrawal takes it away again. When the
retention period is over the signatures are deleted and only the tallies remain, so the
counts by country and over time stay exactly right without anybody's data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from massline.campaigns.models import Campaign
from massline.directory.models import validate_language
from massline.vault.fields import BlindIndexField, EncryptedTextField

NAME_MAX = 120
CITY_MAX = 120
EMAIL_MAX = 254


class Petition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="petitions", verbose_name=_("campaign")
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    target = models.CharField(
        _("addressed to"), max_length=300, help_text=_("Who the petition asks to act.")
    )
    goal = models.PositiveIntegerField(_("goal (signatures)"), default=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    language = models.CharField(
        _("original language"), max_length=3, default="en", validators=[validate_language]
    )
    retention_days = models.PositiveIntegerField(
        _("retention (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Days after which the signers' personal data is erased; empty: the instance's setting."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(goal__gte=1), name="petition_goal_positive"),
        ]

    def __str__(self) -> str:
        return self.slug


class PetitionText(models.Model):
    """The petition's title and text in one language."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=3, validators=[validate_language])
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=20000)

    class Meta:
        verbose_name = _("petition text")
        verbose_name_plural = _("petition texts")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "language"], name="petition_text_one_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class Signature(models.Model):
    class Display(models.TextChoices):
        HIDDEN = "hidden", _("Do not show my name")
        FIRST = "first", _("First name and country")
        FULL = "full", _("Full name")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    name = EncryptedTextField(_("name"), purpose="petitions.signature.name")
    email = EncryptedTextField(_("email"), purpose="petitions.signature.email")
    email_index = BlindIndexField(
        source="email",
        purpose="petitions.signature.email",
        normalizer="massline.vault.normalize.normalize_email",
        db_index=False,
    )
    city = EncryptedTextField(_("city"), purpose="petitions.signature.city", blank=True)
    country = models.CharField(_("country"), max_length=2)
    display = models.CharField(
        _("show my name"), max_length=6, choices=Display.choices, default=Display.HIDDEN
    )
    consent_contact = models.BooleanField(_("may be contacted"), default=False)
    language = models.CharField(_("language"), max_length=3, default="en")
    secret = models.CharField(max_length=32, editable=False)
    created_at = models.DateTimeField(db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "email_index"], name="signature_one_per_email"
            ),
        ]
        indexes = [
            models.Index(
                fields=["petition", "-confirmed_at"],
                name="signature_recent_confirmed",
                condition=Q(confirmed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"signature {self.pk}"


class Tally(models.Model):
    """Confirmed signatures of one petition, day (UTC) and country: the counts that remain."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="tallies")
    day = models.DateField()
    country = models.CharField(max_length=2)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "day", "country"], name="tally_one_per_day_country"
            ),
            models.CheckConstraint(condition=Q(count__gte=0), name="tally_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.day} {self.country}: {self.count}"


class UsedChallenge(models.Model):
    """A proof-of-work challenge already spent, remembered until it would expire anyway."""

    challenge = models.CharField(max_length=128, primary_key=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.challenge

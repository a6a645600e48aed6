"""Campaigns: for the release of a prisoner, of solidarity, boycotts.

A campaign has texts per language, a timeline of news, and, for a release campaign, the
prisoner's case: hearings, transfers, a photo. Each case field carries a safety level (public,
members only, coordinators only) that the selectors enforce. Organizations endorse a campaign
through a public form; supporters write letters to the prisoner; groups hold actions in many
cities.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from massline.accounts.models import Unit
from massline.core.countries import country_name
from massline.directory.models import Organization, http_url, validate_country, validate_language
from massline.vault.fields import BlindIndexField, EncryptedTextField

RESERVED_SLUGS = frozenset({"new", "manage"})


class Visibility(models.TextChoices):
    """Who may read a piece of a case; each level includes the ones after it."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    COORDINATORS = "coordinators", _("Coordinators only")


VISIBILITY_RANK = {Visibility.PUBLIC: 0, Visibility.MEMBERS: 1, Visibility.COORDINATORS: 2}


def visibility_field(default: Visibility, verbose_name: str | None = None) -> models.CharField:
    return models.CharField(
        verbose_name or _("who may see it"),
        max_length=12,
        choices=Visibility.choices,
        default=default,
    )


@deconstructible
class TranslationsValidator:
    """Checks `{language: {text: value}}`, the translations of a hearing or a transfer."""

    def __init__(self, limits: dict[str, int]) -> None:
        self.limits = limits

    def __call__(self, value: object) -> None:
        if not isinstance(value, dict):
            raise ValidationError(_("Translations must map languages to texts."))
        for language, texts in value.items():
            validate_language(str(language))
            if not isinstance(texts, dict) or set(texts) - set(self.limits):
                raise ValidationError(_("Translations must map languages to texts."))
            for name, text in texts.items():
                if not isinstance(text, str) or len(text) > self.limits[name]:
                    raise ValidationError(
                        _("A translated text may have at most %(limit)d characters."),
                        params={"limit": self.limits[name]},
                    )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TranslationsValidator) and other.limits == self.limits


HEARING_TEXT_LIMITS = {"court": 300, "description": 5000, "outcome": 5000}
TRANSFER_TEXT_LIMITS = {"place": 300, "note": 2000}


def translated(obj: object, language: str) -> object:
    """The object with its texts in `language` where it has them (in memory only)."""
    texts = getattr(obj, "translations", {}).get(language) or {}
    for name, text in texts.items():
        if text:
            setattr(obj, name, text)
    return obj


class Campaign(models.Model):
    class Kind(models.TextChoices):
        RELEASE = "release", _("Release of a prisoner")
        SOLIDARITY = "solidarity", _("Solidarity")
        BOYCOTT = "boycott", _("Boycott")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        WON = "won", _("Won")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, max_length=5000)
    body = models.TextField(_("text"), blank=True, max_length=50000)
    goals = models.TextField(
        _("goals"), blank=True, max_length=5000, help_text=_("One goal per line.")
    )
    letter_guidance = models.TextField(
        _("guidance for letters"),
        blank=True,
        max_length=20000,
        help_text=_("How to write to the prisoner: language, topics to avoid, what to enclose."),
    )
    language = models.CharField(
        _("original language"), max_length=3, default="en", validators=[validate_language]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("unit")
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        blank=True,
        related_name="coordinated_campaigns",
        help_text=_("Besides the organizers of the unit, who run this campaign."),
    )
    partners = models.ManyToManyField(
        Organization,
        verbose_name=_("partner organizations"),
        blank=True,
        related_name="partner_campaigns",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    def goal_lines(self) -> list[str]:
        return [line.strip() for line in self.goals.splitlines() if line.strip()]


class CampaignText(models.Model):
    """The campaign's texts in one more language; empty fields fall back to the original."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=3, validators=[validate_language])
    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True, max_length=5000)
    body = models.TextField(_("text"), blank=True, max_length=50000)
    goals = models.TextField(
        _("goals"), blank=True, max_length=5000, help_text=_("One goal per line.")
    )
    letter_guidance = models.TextField(_("guidance for letters"), blank=True, max_length=20000)
    # The case's own texts in this language; each is shown at the level of its case field.
    person_name = models.CharField(_("public name"), max_length=200, blank=True)
    about = models.TextField(_("about the person"), blank=True, max_length=5000)
    charges = models.TextField(_("charges"), blank=True, max_length=5000)
    sentence = models.TextField(_("sentence"), blank=True, max_length=2000)
    detention_place = models.CharField(_("place of detention"), blank=True, max_length=300)
    mail_rules = models.TextField(_("mail rules"), blank=True, max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)

    CASE_FIELDS = ("person_name", "about", "charges", "sentence", "detention_place", "mail_rules")

    class Meta:
        verbose_name = _("campaign text")
        verbose_name_plural = _("campaign texts")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "language"], name="campaign_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.language}"


class NewsItem(models.Model):
    """One entry of the campaign's timeline of news, written in one language."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="news")
    language = models.CharField(_("language"), max_length=3, validators=[validate_language])
    published_on = models.DateField(_("date"), default=timezone.localdate)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, max_length=20000)
    link = models.URLField(_("link"), blank=True, max_length=500, validators=[http_url])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["campaign", "language", "-published_on"])]

    def __str__(self) -> str:
        return self.title


class Case(models.Model):
    """The prisoner's case of a release campaign; one per campaign."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="case")
    person_name = models.CharField(_("public name"), max_length=200)
    person_name_visibility = visibility_field(Visibility.PUBLIC)
    about = models.TextField(_("about the person"), blank=True, max_length=5000)
    about_visibility = visibility_field(Visibility.PUBLIC)
    photo = models.BinaryField(_("photo"), null=True, blank=True, editable=False)
    photo_visibility = visibility_field(Visibility.PUBLIC)
    charges = models.TextField(_("charges"), blank=True, max_length=5000)
    charges_visibility = visibility_field(Visibility.PUBLIC)
    case_numbers = models.CharField(_("case numbers"), blank=True, max_length=500)
    case_numbers_visibility = visibility_field(Visibility.MEMBERS)
    sentence = models.TextField(_("sentence"), blank=True, max_length=2000)
    sentence_visibility = visibility_field(Visibility.PUBLIC)
    detention_place = models.CharField(_("place of detention"), blank=True, max_length=300)
    detention_place_visibility = visibility_field(Visibility.PUBLIC)
    detention_address = EncryptedTextField(
        _("postal address for letters"),
        purpose="campaigns.detention_address",
        blank=True,
        max_length=1000,
    )
    detention_address_visibility = visibility_field(Visibility.COORDINATORS)
    mail_rules = models.TextField(
        _("mail rules"),
        blank=True,
        max_length=5000,
        help_text=_("What the prison lets through: language, length, enclosures, censorship."),
    )
    mail_rules_visibility = visibility_field(Visibility.PUBLIC)
    updated_at = models.DateTimeField(auto_now=True)

    # Field names whose visibility the selectors check, in the order pages show them.
    FLAGGED = (
        "person_name",
        "about",
        "photo",
        "charges",
        "case_numbers",
        "sentence",
        "detention_place",
        "detention_address",
        "mail_rules",
    )

    class Meta:
        verbose_name = _("prisoner's case")
        verbose_name_plural = _("prisoners' cases")

    def __str__(self) -> str:
        return self.person_name


class Hearing(models.Model):
    """A court date of the case and its outcome."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField(_("date"))
    court = models.CharField(_("court"), max_length=300)
    description = models.TextField(_("what was heard"), blank=True, max_length=5000)
    outcome = models.TextField(_("outcome"), blank=True, max_length=5000)
    visibility = visibility_field(Visibility.PUBLIC)
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        validators=[TranslationsValidator(HEARING_TEXT_LIMITS)],
    )

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.court}"


class Transfer(models.Model):
    """A move of the prisoner to another place of detention."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    moved_on = models.DateField(_("date"))
    place = models.CharField(_("new place of detention"), max_length=300)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    visibility = visibility_field(Visibility.MEMBERS)
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        validators=[TranslationsValidator(TRANSFER_TEXT_LIMITS)],
    )

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["moved_on", "id"]

    def __str__(self) -> str:
        return f"{self.moved_on} {self.place}"


class Endorsement(models.Model):
    """An organization's sign-on to a campaign, pending until a coordinator decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Proposal(models.TextChoices):
        NONE = "", _("Not proposed")
        QUEUED = "queued", _("Proposed for the directory")
        DONE = "done", _("Added to the directory")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="endorsements")
    organization_name = models.CharField(_("organization"), max_length=200)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[validate_country],
        help_text=_("Leave empty for an international organization."),
    )
    representative_name = EncryptedTextField(
        _("representative"), purpose="campaigns.endorsement.representative", max_length=200
    )
    contact_email = EncryptedTextField(
        _("contact email"), purpose="campaigns.endorsement.email", max_length=254
    )
    email_index = BlindIndexField(
        source="contact_email",
        purpose="campaigns.endorsement.email",
        normalizer="massline.vault.normalize.normalize_email",
    )
    statement = models.TextField(_("statement"), blank=True, max_length=3000)
    language = models.CharField(_("language"), max_length=3, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("directory organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="endorsements",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    proposal = models.CharField(
        _("directory proposal"), max_length=8, choices=Proposal.choices, default="", blank=True
    )
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return self.organization_name

    @property
    def country_name(self) -> str:
        return country_name(self.country) if self.country else str(_("International"))


class LetterTemplate(models.Model):
    """A sample letter supporters may copy, in one language."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="letter_templates"
    )
    language = models.CharField(_("language"), max_length=3, validators=[validate_language])
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=10000)

    class Meta:
        verbose_name = _("template letter")
        verbose_name_plural = _("template letters")
        ordering = ["language", "title", "id"]

    def __str__(self) -> str:
        return self.title


class SupporterLetter(models.Model):
    """A letter a supporter sent to the prisoner, as logged by the campaign."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        ANSWERED = "answered", _("Answered")
        RETURNED = "returned", _("Returned")
        CENSORED = "censored", _("Censored")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="letters")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sender_alias = EncryptedTextField(
        _("sender (name or alias)"),
        purpose="campaigns.letter.sender",
        blank=True,
        max_length=200,
    )
    sent_on = models.DateField(_("sent on"))
    language = models.CharField(_("language"), max_length=3, validators=[validate_language])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENT
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("letter to the prisoner")
        verbose_name_plural = _("letters to the prisoner")
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.language}"

    @property
    def sender_label(self) -> str:
        if self.sender_id is not None and self.sender is not None:
            return self.sender.display_name or self.sender.email
        return self.sender_alias


class Action(models.Model):
    """A picket, rally or banner for the campaign somewhere in the world."""

    class Kind(models.TextChoices):
        PICKET = "picket", _("Picket")
        RALLY = "rally", _("Rally")
        BANNER = "banner", _("Banner")
        MEETING = "meeting", _("Public meeting")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    city = models.CharField(_("city"), max_length=120)
    country = models.CharField(_("country"), max_length=2, validators=[validate_country])
    place = models.CharField(_("place"), max_length=300, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organizing organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_actions",
    )
    group_name = models.CharField(
        _("organizing group"),
        max_length=200,
        blank=True,
        help_text=_("When the group is not in the directory."),
    )
    turnout = models.PositiveIntegerField(
        _("turnout"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10_000_000)],
    )
    description = models.TextField(_("description"), blank=True, max_length=3000)
    link = models.URLField(_("link"), blank=True, max_length=500, validators=[http_url])
    photo = models.BinaryField(_("photo"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPROVED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for a report sent through the public form."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["country", "-held_on", "id"]
        indexes = [models.Index(fields=["campaign", "status", "country"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(turnout__isnull=True) | Q(turnout__gte=0), name="action_turnout"
            )
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.city}"

    @property
    def group_label(self) -> str:
        if self.organization_id is not None and self.organization is not None:
            return self.organization.name
        return self.group_name

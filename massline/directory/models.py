"""Organizations, their relations and positions; countries and their dossiers."""

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massline.accounts.models import Unit
from massline.core.countries import country_name, is_country


def validate_country(code: str) -> None:
    if not is_country(code):
        raise ValidationError(_("%(code)s is not an ISO 3166 country code."), params={"code": code})


def validate_not_future(value) -> None:
    if value is not None and value > timezone.now().date():
        raise ValidationError(_("This date lies in the future."))


def validate_language(code: str) -> None:
    if code and pycountry.languages.get(alpha_2=code) is None:
        raise ValidationError(
            _("%(code)s is not an ISO 639-1 language code."), params={"code": code}
        )


http_url = URLValidator(schemes=["http", "https"])


class Tag(models.Model):
    """A tendency or other label (e.g. "Marxist-Leninist", "Maoist", "anti-imperialist")."""

    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    class Kind(models.TextChoices):
        PARTY = "party", _("Party")
        UNION = "union", _("Union")
        NGO = "ngo", _("NGO")
        COALITION = "coalition", _("Coalition / front")
        MEDIA = "media", _("Media")
        CAMPAIGN = "campaign", _("Campaign")
        OTHER = "other", _("Other")

    class RelationStatus(models.TextChoices):
        OURS = "ours", _("Our organization")
        FRATERNAL = "fraternal", _("Fraternal")
        FRIENDLY = "friendly", _("Friendly")
        CONTACT = "contact", _("Contact")
        OBSERVER = "observer", _("Observer")
        NONE = "none", _("None")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    name_own = models.CharField(_("name in own language"), max_length=200, blank=True)
    own_language = models.CharField(
        _("own language"), max_length=3, blank=True, validators=[validate_language]
    )
    aliases = models.TextField(
        _("other names"),
        blank=True,
        max_length=2000,
        help_text=_("Names in other languages, one per line."),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[validate_country],
        help_text=_("Leave empty for an international organization."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    tags = models.ManyToManyField(
        Tag, verbose_name=_("tendency tags"), blank=True, related_name="organizations"
    )
    website = models.URLField(_("website"), max_length=300, blank=True, validators=[http_url])
    founded = models.DateField(
        _("founded"), null=True, blank=True, validators=[validate_not_future]
    )
    relation_status = models.CharField(
        _("our relation"),
        max_length=12,
        choices=RelationStatus.choices,
        default=RelationStatus.NONE,
    )
    notes = models.TextField(_("notes"), blank=True, max_length=20000)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("owning unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only members of the owning unit see a confidential organization."),
    )
    search_key = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("short_name"), name="organization_short_name_ci_unique"),
            models.CheckConstraint(
                condition=Q(confidential=False) | Q(unit__isnull=False),
                name="organization_confidential_has_unit",
            ),
            models.CheckConstraint(condition=~Q(short_name=""), name="organization_short_name"),
        ]
        indexes = [models.Index(fields=["country", "kind"])]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def country_name(self) -> str:
        return country_name(self.country) if self.country else str(_("International"))


class Relation(models.Model):
    """A typed, dated relation from one organization to another ("A split from B")."""

    class Kind(models.TextChoices):
        MEMBER_OF = "member_of", _("is a member of")
        FRATERNAL = "fraternal", _("has fraternal relations with")
        SPLIT_FROM = "split_from", _("split from")
        MERGED_INTO = "merged_into", _("merged into")
        SUCCESSOR_OF = "successor_of", _("is the successor of")
        HOSTS = "hosts", _("hosts")
        OPPOSES = "opposes", _("opposes")

    source = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="relations_out",
    )
    target = models.ForeignKey(
        Organization,
        verbose_name=_("other organization"),
        on_delete=models.CASCADE,
        related_name="relations_in",
    )
    kind = models.CharField(_("relation"), max_length=16, choices=Kind.choices)
    started = models.DateField(_("since"), null=True, blank=True, validators=[validate_not_future])
    ended = models.DateField(_("until"), null=True, blank=True)
    source_note = models.CharField(_("source"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["source__name", "kind"]
        constraints = [
            models.CheckConstraint(condition=~Q(source=F("target")), name="relation_not_to_self"),
            models.CheckConstraint(
                condition=(
                    Q(ended__isnull=True) | Q(started__isnull=True) | Q(ended__gte=F("started"))
                ),
                name="relation_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["source", "target", "kind", "started"], name="relation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"

    def clean(self) -> None:
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("An organization cannot relate to itself.")})
        if self.started and self.ended and self.ended < self.started:
            raise ValidationError({"ended": _("The end lies before the start.")})


class Question(models.Model):
    """A question on which organizations take positions, e.g. the war since 24 Feb 2022."""

    title = models.CharField(_("question"), max_length=300, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    since = models.DateField(_("since"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Position(models.Model):
    """A stance an organization took on a question at a date; several over time."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("Supports")
        OPPOSES = "opposes", _("Opposes")
        NEUTRAL = "neutral", _("Neutral")
        MIXED = "mixed", _("Mixed / conditional")
        UNCLEAR = "unclear", _("Unclear")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="positions",
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="positions"
    )
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    stated_on = models.DateField(_("date"), validators=[validate_not_future])
    source_url = models.URLField(
        _("source link"), max_length=500, blank=True, validators=[http_url]
    )
    quote = models.TextField(_("quote in the original language"), blank=True, max_length=5000)
    quote_language = models.CharField(
        _("quote language"), max_length=3, blank=True, validators=[validate_language]
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["-stated_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "question", "stated_on"], name="position_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_stance_display()}"


class CountryDossier(models.Model):
    """Notes on the concrete conditions in one country."""

    country = models.CharField(
        _("country"), max_length=2, unique=True, validators=[validate_country]
    )
    summary = models.TextField(_("concrete conditions"), blank=True, max_length=50000)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("country dossier")
        verbose_name_plural = _("country dossiers")
        ordering = ["country"]

    def __str__(self) -> str:
        return country_name(self.country)


class DossierSource(models.Model):
    dossier = models.ForeignKey(CountryDossier, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True, validators=[http_url])
    note = models.CharField(_("note"), max_length=500, blank=True)
    added_on = models.DateField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-added_on", "title"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """A dated figure about a country (unemployment, strikes, political prisoners...)."""

    dossier = models.ForeignKey(CountryDossier, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=120)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    unit_label = models.CharField(_("unit"), max_length=30, blank=True)
    measured_on = models.DateField(_("date"), validators=[validate_not_future])
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name", "measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "name", "measured_on"], name="indicator_one_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.measured_on}"

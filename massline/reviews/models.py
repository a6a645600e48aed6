"""Criticism and self-criticism: reviews of a piece of work, their findings tagged by
tendency, corrective actions followed through, and the anonymous criticism box.

A review points at its subject through contenttypes (a campaign, an event, a letter, a front,
a unit, or a member for a self-criticism); this app never imports the apps it reviews.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from massline.accounts.models import Unit
from massline.vault.fields import EncryptedTextField

TEXT_PURPOSE = "reviews.text"
BOX_PURPOSE = "reviews.criticism"
LANGUAGES = ("en", "ru", "it", "de")


class Tendency(models.Model):
    """A wrong tendency an error can show. Seeded by a data migration; administrators edit the
    names and explanations and deactivate entries (never delete: findings keep their tags)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_ru = models.CharField(_("name (Russian)"), max_length=80)
    name_it = models.CharField(_("name (Italian)"), max_length=80)
    name_de = models.CharField(_("name (German)"), max_length=80)
    explanation_en = models.TextField(_("explanation (English)"), max_length=600)
    explanation_ru = models.TextField(_("explanation (Russian)"), max_length=600)
    explanation_it = models.TextField(_("explanation (Italian)"), max_length=600)
    explanation_de = models.TextField(_("explanation (German)"), max_length=600)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive tendencies cannot be chosen any more.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("tendency")
        verbose_name_plural = _("tendencies")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    def _in_language(self, prefix: str) -> str:
        language = (translation.get_language() or "en")[:2]
        if language not in LANGUAGES:
            language = "en"
        return str(getattr(self, f"{prefix}_{language}") or getattr(self, f"{prefix}_en"))

    @property
    def name(self) -> str:
        return self._in_language("name")

    @property
    def explanation(self) -> str:
        return self._in_language("explanation")


class Review(models.Model):
    """One sitting of a unit (or a member) that looks back at a piece of work."""

    class Confidentiality(models.TextChoices):
        UNIT = "unit", _("The unit")
        LEADERSHIP = "leadership", _("The leadership")
        PARTICIPANTS = "participants", _("Participants only")

    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of subject")
    )
    subject_id = models.PositiveBigIntegerField(_("subject"))
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_label = models.CharField(
        _("subject"), max_length=200, help_text=_("The subject's name when the review was held.")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("unit")
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews_facilitated",
        verbose_name=_("facilitator"),
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="reviews_attended",
        blank=True,
        verbose_name=_("participants"),
    )
    confidentiality = models.CharField(
        _("who may read it"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.UNIT,
    )
    summary = EncryptedTextField(_("summary"), purpose=TEXT_PURPOSE, max_length=10000, blank=True)
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("follows up on"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "held_on"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidentiality__in=["unit", "leadership", "participants"]),
                name="review_confidentiality_valid",
            ),
            models.CheckConstraint(
                condition=~Q(follows=F("id")), name="review_does_not_follow_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_scheduled(self) -> bool:
        return self.held_on > timezone.localdate()


class Finding(models.Model):
    """A strength or an error found in a review; errors name the tendencies they show."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        ERROR = "error", _("Error")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("finding"), max_length=200)
    facts = EncryptedTextField(_("facts"), purpose=TEXT_PURPOSE, max_length=5000, blank=True)
    root_cause = EncryptedTextField(
        _("root cause"), purpose=TEXT_PURPOSE, max_length=5000, blank=True
    )
    tendencies = models.ManyToManyField(
        Tendency, related_name="findings", blank=True, verbose_name=_("tendencies")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("raised by"),
        help_text=_("Empty: raised anonymously."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["review", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["strength", "error"]), name="finding_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CorrectiveAction(models.Model):
    """What is done to correct an error: an owner, a due date, and a verification by another
    person once it is done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        VERIFIED = "verified", _("Verified")
        DROPPED = "dropped", _("Dropped")

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("corrective action"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    dropped_reason = models.TextField(_("reason for dropping"), max_length=2000, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_after_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "done", "verified", "dropped"]),
                name="action_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(verified_by__isnull=False),
                name="action_verified_has_verifier",
            ),
            models.CheckConstraint(
                condition=~Q(verified_by=F("owner")), name="action_not_verified_by_owner"
            ),
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(dropped_reason=""),
                name="action_dropped_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()


class CriticismBatch(models.Model):
    """Anonymous criticism of one unit, released to its reviewers together.

    A batch belongs to a period (a week). It becomes readable when it holds `threshold`
    submissions or when its period has ended, whichever comes first; the next submission then
    opens a new batch. No moment finer than the period is stored.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="criticism_batches")
    period_start = models.DateField()
    period_end = models.DateField()
    sequence = models.PositiveSmallIntegerField(default=1)
    size = models.PositiveIntegerField(default=0)
    threshold = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("batch of anonymous criticism")
        verbose_name_plural = _("batches of anonymous criticism")
        ordering = ["-period_start", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_start", "sequence"], name="criticism_batch_once"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")), name="criticism_batch_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period_start}"

    @property
    def is_released(self) -> bool:
        return self.size >= self.threshold or self.period_end <= timezone.localdate()


class Criticism(models.Model):
    """One anonymous submission. Deliberately without author, time or sequence number: the
    key is random, the text is encrypted, the order within a batch is random."""

    class About(models.TextChoices):
        UNIT = "unit", _("The unit's work")
        LEADERSHIP = "leadership", _("The unit's leadership")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    batch = models.ForeignKey(CriticismBatch, on_delete=models.CASCADE, related_name="items")
    about = models.CharField(_("about"), max_length=12, choices=About.choices)
    text = EncryptedTextField(_("criticism"), purpose=BOX_PURPOSE, max_length=5000)

    class Meta:
        verbose_name = _("anonymous criticism")
        verbose_name_plural = _("anonymous criticism")
        ordering = ["batch", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(about__in=["unit", "leadership"]), name="criticism_about_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)


class CriticismAnswer(models.Model):
    """A reviewer's public answer, read by the members of the criticised unit."""

    criticism = models.OneToOneField(Criticism, on_delete=models.CASCADE, related_name="answer")
    summary = models.TextField(
        _("the criticism, in your words"),
        max_length=1000,
        help_text=_(
            "Shown to the unit instead of the original text, so that its wording does not "
            "give the author away."
        ),
    )
    text = models.TextField(_("answer"), max_length=5000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("answer to criticism")
        verbose_name_plural = _("answers to criticism")
        ordering = ["-answered_at"]

    def __str__(self) -> str:
        return self.summary[:60]

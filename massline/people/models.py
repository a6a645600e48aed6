"""Mass work: contacts, constituencies, sites, struggles, interactions, follow-ups,
assessments, segments, imports and de-duplication.

Names, emails, phones, addresses and notes are encrypted at rest (vault). Exact look-ups go
through blind indexes in `ContactIdentifier` and `Contact.name_index`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massline.accounts.models import Unit
from massline.core.countries import country_name
from massline.vault.fields import BlindIndexField, EncryptedTextField

BUILTIN_CONSTITUENCIES = {
    "workers": _("Workers"),
    "women": _("Women"),
    "youth": _("Youth"),
    "oppressed-nationalities": _("Oppressed nationalities"),
}


class Constituency(models.Model):
    """A group the organization goes to. Four are built in; units may add their own."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=80)
    builtin = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")
        ordering = ["-builtin", "name"]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return str(BUILTIN_CONSTITUENCIES.get(self.key, self.name)) if self.builtin else self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("contact tag")
        verbose_name_plural = _("contact tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    """A workplace, campus or neighbourhood where the organization does mass work."""

    class Kind(models.TextChoices):
        WORKPLACE = "workplace", _("Workplace")
        CAMPUS = "campus", _("Campus")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
        OTHER = "other", _("Other")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="sites"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    sector = models.CharField(_("sector"), max_length=80, blank=True)
    size = models.PositiveIntegerField(
        _("size (people)"), null=True, blank=True, validators=[MaxValueValidator(10_000_000)]
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    notes = EncryptedTextField(_("notes"), purpose="site.notes", blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="site_name_unique_in_unit"),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    class Status(models.TextChoices):
        CONTACT = "contact", _("Contact")
        SYMPATHIZER = "sympathizer", _("Sympathizer")
        SUPPORTER = "supporter", _("Supporter")
        CANDIDATE = "candidate", _("Candidate")
        MEMBER = "member", _("Member")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="contacts"
    )
    given_name = EncryptedTextField(_("given name"), purpose="contact.given_name", blank=True)
    family_name = EncryptedTextField(_("family name"), purpose="contact.family_name", blank=True)
    called_name = EncryptedTextField(
        _("as they call themselves"), purpose="contact.called_name", blank=True
    )
    pseudonym = EncryptedTextField(_("pseudonym"), purpose="contact.pseudonym", blank=True)
    emails = EncryptedTextField(
        _("emails"),
        purpose="contact.emails",
        blank=True,
        help_text=_("One per line; the first is the main one."),
    )
    phones = EncryptedTextField(
        _("phones"),
        purpose="contact.phones",
        blank=True,
        help_text=_("One per line, stored in international format."),
    )
    address = EncryptedTextField(_("address"), purpose="contact.address", blank=True)
    notes = EncryptedTextField(_("notes"), purpose="contact.notes", blank=True)
    name_index = BlindIndexField(
        source="full_name",
        purpose="contact.name",
        normalizer="massline.vault.normalize.normalize_name",
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    constituencies = models.ManyToManyField(
        Constituency, verbose_name=_("constituencies"), blank=True, related_name="contacts"
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("workplace or site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    union = models.CharField(_("union"), max_length=120, blank=True)
    status = models.CharField(
        _("membership status"), max_length=12, choices=Status.choices, default=Status.CONTACT
    )
    consent_email = models.BooleanField(_("may be emailed"), default=False)
    consent_phone = models.BooleanField(_("may be called"), default=False)
    consent_messaging = models.BooleanField(_("may be messaged"), default=False)
    source = models.CharField(_("source"), max_length=120, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="contacts")
    assessment = models.PositiveSmallIntegerField(
        _("assessment"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    last_interaction_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    import_batch = models.ForeignKey(
        "ImportBatch",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assessment__isnull=True) | Q(assessment__gte=1, assessment__lte=5),
                name="contact_assessment_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status"]),
            # Covers the usual segment terms (assessment, last contact) with the id, so that
            # counting a segment reads this index and never the wide, encrypted rows.
            models.Index(
                fields=["unit", "assessment", "last_interaction_at", "id"],
                name="contact_unit_assessment_idx",
            ),
            models.Index(fields=["unit", "last_interaction_at"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def display_name(self) -> str:
        return self.called_name or self.full_name or self.pseudonym or str(_("(no name)"))

    @property
    def email_list(self) -> list[str]:
        return [line for line in (self.emails or "").splitlines() if line]

    @property
    def phone_list(self) -> list[str]:
        return [line for line in (self.phones or "").splitlines() if line]

    @property
    def primary_email(self) -> str:
        emails = self.email_list
        return emails[0] if emails else ""

    @property
    def country_name(self) -> str:
        return country_name(self.country) if self.country else ""


class ContactIdentifier(models.Model):
    """A blind index of one of a contact's emails or phones, for exact look-up."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    value_index = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["kind", "value_index"])]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "kind", "value_index"], name="identifier_once_per_contact"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of contact {self.contact_id}"


class Struggle(models.Model):
    """A fight the organization supports: a strike, a protest, a tenants' fight."""

    class Kind(models.TextChoices):
        STRIKE = "strike", _("Strike")
        PROTEST = "protest", _("Protest")
        TENANTS = "tenants", _("Tenants' fight")
        CAMPAIGN = "campaign", _("Local campaign")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        BREWING = "brewing", _("Brewing")
        ACTIVE = "active", _("Active")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")
        ENDED = "ended", _("Ended")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="struggles"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    started = models.DateField(_("started"), null=True, blank=True)
    ended = models.DateField(_("ended"), null=True, blank=True)
    sites = models.ManyToManyField(
        Site, verbose_name=_("sites"), blank=True, related_name="struggles"
    )
    constituencies = models.ManyToManyField(
        Constituency, verbose_name=_("constituencies"), blank=True, related_name="struggles"
    )
    description = models.TextField(_("description"), blank=True, max_length=20000)
    our_support = EncryptedTextField(
        _("what we did to support it"), purpose="struggle.our_support", blank=True
    )
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("contacts involved"), blank=True, related_name="struggles"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("struggle")
        verbose_name_plural = _("struggles")
        ordering = ["-started", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended__isnull=True)
                | Q(started__isnull=True)
                | Q(ended__gte=models.F("started")),
                name="struggle_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Interaction(models.Model):
    """A conversation, visit, call, leaflet or meeting with a contact."""

    class Kind(models.TextChoices):
        CONVERSATION = "conversation", _("Conversation")
        VISIT = "visit", _("Visit")
        CALL = "call", _("Call")
        LEAFLET = "leaflet", _("Leaflet")
        MEETING = "meeting", _("Meeting")
        MESSAGE = "message", _("Message")

    class Outcome(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEUTRAL = "neutral", _("Neutral")
        NEGATIVE = "negative", _("Negative")
        NOT_REACHED = "not_reached", _("Not reached")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    place = EncryptedTextField(_("where"), purpose="interaction.place", blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.NEUTRAL
    )
    notes = EncryptedTextField(_("notes"), purpose="interaction.notes", blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["contact", "occurred_at"]),
            models.Index(fields=["occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


class FollowUp(models.Model):
    """A next step with a contact, assigned to an organizer."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="follow_ups")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    due_on = models.DateField(_("due"))
    task = EncryptedTextField(_("what to do"), purpose="followup.task")
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["assigned_to", "done_at", "due_on"])]

    def __str__(self) -> str:
        return f"{self.due_on}"

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()


class Assessment(models.Model):
    """How close a contact is, from 1 (leader) to 5 (opposed); the history is kept."""

    class Level(models.IntegerChoices):
        LEADER = 1, _("1 · Leader")
        ACTIVE = 2, _("2 · Active supporter")
        SUPPORTIVE = 3, _("3 · Supportive")
        UNDECIDED = 4, _("4 · Undecided")
        OPPOSED = 5, _("5 · Opposed")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="assessments")
    level = models.PositiveSmallIntegerField(_("assessment"), choices=Level.choices)
    assessed_at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = EncryptedTextField(_("why"), purpose="assessment.note", blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="assessment_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level}"


class Segment(models.Model):
    """A saved filter over contacts, written in the segment query language."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="segments"
    )
    name = models.CharField(_("name"), max_length=120)
    query = models.TextField(_("filter"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="segment_name_unique_in_unit"),
        ]

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One upload of a CSV or XLSX file, from mapping to import (and perhaps undo)."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        MAPPED = "mapped", _("Mapped")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        UNDONE = "undone", _("Undone")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = EncryptedTextField(_("file"), purpose="import.filename", blank=True)
    file_format = models.CharField(max_length=4)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    columns = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=dict, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=500, blank=True)
    # The uploaded file's name in the encrypted import store; "" once it is deleted.
    stored_file = models.CharField(max_length=64, blank=True, editable=False)
    # Dry-run results and the run's details (duplicates by kind, who holds the run).
    report = models.JSONField(default=dict, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"import {self.pk}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, int(100 * self.processed_rows / self.total_rows))


class DuplicateCandidate(models.Model):
    """Two contacts that may be the same person, with the score and the reasons."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MERGED = "merged", _("Merged")
        KEPT_APART = "kept_apart", _("Kept apart")

    first = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="duplicates"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_once"),
            models.CheckConstraint(
                condition=Q(first__lt=models.F("second")), name="duplicate_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "score"])]

    def __str__(self) -> str:
        return f"{self.first_id}~{self.second_id} ({self.score:.2f})"


class MergeRecord(models.Model):
    """What a merge removed, encrypted, so that it can be explained or undone by hand."""

    kept = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="merges")
    merged_contact_id = models.PositiveBigIntegerField()
    snapshot = EncryptedTextField(purpose="merge.snapshot")
    choices = models.JSONField(default=dict)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.merged_contact_id} → {self.kept_id}"

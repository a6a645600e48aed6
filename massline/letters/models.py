"""The correspondence register: letters out and in, their language versions and their history.

A letter gets its register number (`YYYY/NNN`) when it is entered, from a per-year counter row
locked in the same transaction, so numbers have neither gaps nor duplicates. Letters are never
deleted (a mistaken entry is withdrawn), so the register stays complete.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from massline.accounts.models import Unit
from massline.campaigns.models import Campaign
from massline.directory.models import Organization, validate_language
from massline.events.models import Anniversary, Event

SUBJECT_MAX = 300
BODY_MAX = 50_000
SIGNATORIES_MAX = 2_000
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class RegisterCounter(models.Model):
    """The last register number handed out in a year; its row is locked while a number is taken."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("register counter")
        verbose_name_plural = _("register counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Letter(models.Model):
    class Direction(models.TextChoices):
        OUT = "out", _("Outgoing")
        IN = "in", _("Incoming")

    class Kind(models.TextChoices):
        GREETING = "greeting", _("Greeting")
        SOLIDARITY = "solidarity", _("Solidarity")
        CONDOLENCE = "condolence", _("Condolence")
        PROTEST = "protest", _("Protest")
        INVITATION = "invitation", _("Invitation")
        REPLY = "reply", _("Reply")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        APPROVED = "approved", _("Approved")
        SENT = "sent", _("Sent")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RECEIVED = "received", _("Received")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class SentVia(models.TextChoices):
        EMAIL = "email", _("Email")
        POST = "post", _("Post")

    register_year = models.PositiveIntegerField(_("year"), editable=False)
    register_seq = models.PositiveIntegerField(_("sequence"), editable=False)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="letters", verbose_name=_("unit")
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only secretaries of the unit and the authors see a confidential letter."),
    )
    sender = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters_sent",
        verbose_name=_("sender"),
        help_text=_("For a letter received: the organization that wrote it."),
    )
    co_signers = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="letters_co_signed",
        verbose_name=_("co-signing organizations"),
    )
    signatories = models.TextField(
        _("signatories"),
        blank=True,
        max_length=SIGNATORIES_MAX,
        help_text=_('One per line: a body such as "Central Committee" or a named person.'),
    )
    place = models.CharField(_("place"), max_length=120, blank=True)
    letter_date = models.DateField(_("date of the letter"), null=True, blank=True)
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="register_letters",
        verbose_name=_("event"),
    )
    anniversary = models.ForeignKey(
        Anniversary,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="register_letters",
        verbose_name=_("anniversary"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="register_letters",
        verbose_name=_("campaign"),
    )
    in_reply_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_via = models.CharField(_("sent by"), max_length=5, choices=SentVia.choices, blank=True)
    approved_hash = models.CharField(max_length=64, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    # An inbound letter's PDF, sealed with the vault's data key (AES-GCM, see `attachments`).
    attachment = models.BinaryField(null=True, blank=True, editable=False)
    attachment_name = models.CharField(max_length=200, blank=True, editable=False)
    attachment_size = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-register_year", "-register_seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["register_year", "register_seq"], name="letter_register_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(direction="out") | Q(status__in=["received", "withdrawn"]),
                name="letter_inbound_status",
            ),
            models.CheckConstraint(
                condition=Q(direction="in") | ~Q(status="received"),
                name="letter_outbound_status",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "sent", "acknowledged"])
                | ~Q(approved_hash=""),
                name="letter_approved_has_hash",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["kind", "register_year"]),
        ]

    def __str__(self) -> str:
        return f"{self.register_number} {self.subject}"

    @property
    def register_number(self) -> str:
        return f"{self.register_year}/{self.register_seq:03d}"

    @property
    def is_frozen(self) -> bool:
        """Approved text may not change until an approver reopens the letter."""
        return self.status in {
            self.Status.APPROVED,
            self.Status.SENT,
            self.Status.ACKNOWLEDGED,
        }

    def signatory_lines(self) -> list[str]:
        return [line.strip() for line in self.signatories.splitlines() if line.strip()]


class LetterVersion(models.Model):
    """The letter in one language: the original or a translation."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=3, validators=[validate_language])
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    body = models.TextField(_("text"), max_length=BODY_MAX)
    is_original = models.BooleanField(_("original"), default=False)
    translator = models.CharField(_("translated by"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    # PostgreSQL only: the text's tsvector in the language's configuration (SQLite uses FTS5).
    search = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        ordering = ["-is_original", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "language"], name="letterversion_one_per_lang"
            ),
            models.UniqueConstraint(
                fields=["letter"],
                condition=Q(is_original=True),
                name="letterversion_one_original",
            ),
        ]
        indexes = [models.Index(fields=["language", "published_at"])]

    def __str__(self) -> str:
        return f"{self.letter_id} [{self.language}]"


class LetterRecipient(models.Model):
    """An organization a letter goes to, the address used and how delivery went."""

    class Delivery(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Delivered to the mail server")
        FAILED = "failed", _("Failed")
        POST = "post", _("Sent by post")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="recipients")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="letters_received",
        verbose_name=_("organization"),
    )
    email = models.EmailField(_("email address"), max_length=254, blank=True)
    languages = models.CharField(
        _("languages"),
        max_length=40,
        blank=True,
        help_text=_("Language codes the recipient gets, comma-separated; empty: every version."),
    )
    delivery = models.CharField(
        _("delivery"), max_length=8, choices=Delivery.choices, default=Delivery.PENDING
    )
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    delivery_error = models.CharField(_("delivery error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["organization__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "organization"], name="letterrecipient_once_per_letter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} <{self.email}>"

    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]


class LetterComment(models.Model):
    """A reviewer's remark on a letter in review."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.letter_id}: {self.body[:40]}"


class LetterRevision(models.Model):
    """One change to a letter: who, when, what (with the text before and after)."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="revisions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.letter_id} {self.action}"

"""United fronts: the coalition, its rules and its member organizations."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massline.accounts.models import Unit, User
from massline.directory.models import Organization
from massline.vault.fields import BlindIndexField, EncryptedTextField


class Front(models.Model):
    class Admission(models.TextChoices):
        APPLICATION = "application", _("By application, decided by the front")
        INVITATION = "invitation", _("By invitation only")

    class Weighting(models.TextChoices):
        EQUAL = "equal", _("One organization, one vote")
        WEIGHTED = "weighted", _("Weighted by each member's weight")

    class Majority(models.TextChoices):
        SIMPLE = "simple", _("Simple majority of votes cast")
        ABSOLUTE = "absolute", _("Absolute majority of those entitled")
        TWO_THIRDS = "two_thirds", _("Two-thirds of votes cast")
        CONSENSUS_MINUS_ONE = "consensus_minus_one", _("Consensus minus one")

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="fronts",
        verbose_name=_("coordinating unit"),
    )
    secretariat = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="front_secretariats",
        verbose_name=_("secretariat"),
        help_text=_("The organization that hosts the front's secretariat."),
    )
    we_host = models.BooleanField(_("this instance hosts the secretariat"), default=False)
    admission = models.CharField(
        _("admission"), max_length=20, choices=Admission.choices, default=Admission.APPLICATION
    )
    weighting = models.CharField(
        _("vote weights"), max_length=20, choices=Weighting.choices, default=Weighting.EQUAL
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percent of voting weight)"), default=50
    )
    majority = models.CharField(
        _("default majority"), max_length=24, choices=Majority.choices, default=Majority.SIMPLE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("united front")
        verbose_name_plural = _("united fronts")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(quorum_percent__lte=100), name="front_quorum_range"),
        ]

    def __str__(self) -> str:
        return self.name


class FrontMembership(models.Model):
    """An organization's standing in a front; each decision is recorded by the fronts services."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")
        SUSPENDED = "suspended", _("Suspended")
        LEFT = "left", _("Left")
        REJECTED = "rejected", _("Rejected")

    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="front_memberships"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    weight = models.PositiveSmallIntegerField(_("vote weight"), default=1)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("front membership")
        verbose_name_plural = _("front memberships")
        constraints = [
            models.UniqueConstraint(fields=["front", "organization"], name="front_member_once"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="front_member_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.front}"


# Standing in which a representative still speaks for the organization in the front.
REPRESENTED_STATUSES = (
    FrontMembership.Status.MEMBER,
    FrontMembership.Status.OBSERVER,
    FrontMembership.Status.SUSPENDED,
)


class Representative(models.Model):
    """A person who speaks for a member organization in a front.

    The person gets a limited account by an invitation link (`user` stays empty until the link
    is used); that account holds no role in any unit and sees only this front. Name and email
    belong to someone outside our organization, so both are encrypted at rest.
    """

    class Role(models.TextChoices):
        DELEGATE = "delegate", _("Delegate")
        ALTERNATE = "alternate", _("Alternate delegate")
        CONTACT = "contact", _("Contact person")

    membership = models.ForeignKey(
        FrontMembership,
        on_delete=models.CASCADE,
        related_name="representatives",
        verbose_name=_("membership"),
    )
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="front_representations",
        verbose_name=_("account"),
    )
    display_name = EncryptedTextField(
        _("name"), purpose="fronts.representative.name", validators=[MaxLengthValidator(120)]
    )
    email = EncryptedTextField(
        _("email"),
        purpose="fronts.representative.email",
        blank=True,
        validators=[MaxLengthValidator(254), validate_email],
    )
    email_index = BlindIndexField(
        source="email",
        purpose="fronts.representative.email",
        normalizer="massline.vault.normalize.normalize_email",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.DELEGATE)
    token_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    invitation_expires_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["membership_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "user"],
                condition=Q(user__isnull=False, ended_at__isnull=True),
                name="front_representative_once",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    @property
    def invitation_usable(self) -> bool:
        return (
            self.token_digest is not None
            and self.accepted_at is None
            and self.ended_at is None
            and self.invitation_expires_at is not None
            and self.invitation_expires_at > timezone.now()
        )


LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]


class FrontName(models.Model):
    """The front's name in one language; `Front.name` is the name when none fits."""

    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="names")
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("name of the front")
        verbose_name_plural = _("names of the front")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["front", "language"], name="front_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipDecision(models.Model):
    """One decision on an organization's standing in a front; the full history is kept."""

    membership = models.ForeignKey(
        FrontMembership, on_delete=models.CASCADE, related_name="decisions"
    )
    status = models.CharField(_("decision"), max_length=12, choices=FrontMembership.Status.choices)
    decided_on = models.DateField(_("decided on"))
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("membership decision")
        verbose_name_plural = _("membership decisions")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.membership} · {self.get_status_display()}"


class MembershipApplication(models.Model):
    """An organization's request to join, from the public form or a representative."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="applications")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="front_applications",
        verbose_name=_("organization"),
    )
    proposed_name = models.CharField(_("organization's name"), max_length=200, blank=True)
    proposed_country = models.CharField(_("country"), max_length=2, blank=True)
    proposed_website = models.URLField(_("website"), max_length=300, blank=True)
    representative_name = EncryptedTextField(
        _("representative's name"),
        purpose="fronts.application.name",
        validators=[MaxLengthValidator(120)],
    )
    representative_email = EncryptedTextField(
        _("representative's email"),
        purpose="fronts.application.email",
        validators=[MaxLengthValidator(254), validate_email],
    )
    motivation = models.TextField(_("motivation"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    membership = models.ForeignKey(
        FrontMembership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | ~Q(proposed_name=""),
                name="front_application_names_organization",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization) if self.organization_id else self.proposed_name

    @property
    def organization_label(self) -> str:
        return str(self.organization) if self.organization_id else self.proposed_name


class PlatformVersion(models.Model):
    """A version of the platform of principles: drafted, then adopted and frozen."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")

    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="platform_versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    note = models.TextField(_("note on this version"), max_length=2000, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("platform version")
        verbose_name_plural = _("platform versions")
        ordering = ["front_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["front", "number"], name="platform_version_once"),
            models.UniqueConstraint(
                fields=["front"], condition=Q(status="draft"), name="platform_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(adopted_on__isnull=False),
                name="platform_adopted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.front.short_name} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Principle(models.Model):
    """Principle `number` of a platform version, in one language."""

    version = models.ForeignKey(
        PlatformVersion, on_delete=models.CASCADE, related_name="principles"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    text = models.TextField(_("text"), max_length=4000)

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        ordering = ["version_id", "language", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number", "language"], name="principle_once"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="principle_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class Endorsement(models.Model):
    """A member organization's endorsement of one platform version."""

    version = models.ForeignKey(
        PlatformVersion, on_delete=models.PROTECT, related_name="endorsements"
    )
    membership = models.ForeignKey(
        FrontMembership, on_delete=models.CASCADE, related_name="endorsements"
    )
    endorsed_on = models.DateField(_("endorsed on"))
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["version_id", "membership_id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "membership"], name="endorsement_once"),
        ]

    def __str__(self) -> str:
        return f"{self.membership.organization} → {self.version}"


class Reservation(models.Model):
    """A reservation of an endorsing organization on one principle."""

    endorsement = models.ForeignKey(
        Endorsement, on_delete=models.CASCADE, related_name="reservations"
    )
    principle_number = models.PositiveSmallIntegerField(_("principle"))
    text = models.TextField(_("reservation"), max_length=2000)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        ordering = ["endorsement_id", "principle_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["endorsement", "principle_number"], name="reservation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.principle_number}: {self.text[:60]}"


class Statement(models.Model):
    """A joint statement: drafted, opened for sign-on until a deadline, then published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for signature")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="statements")
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    deadline = models.DateTimeField(_("sign-on deadline"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("joint statement")
        verbose_name_plural = _("joint statements")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(deadline__isnull=False),
                name="statement_open_has_deadline",
            ),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def sign_on_closed(self) -> bool:
        return self.deadline is not None and self.deadline <= timezone.now()


class StatementText(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=20000)

    class Meta:
        verbose_name = _("statement text")
        verbose_name_plural = _("statement texts")
        ordering = ["statement_id", "language"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "language"], name="statement_text_once"),
        ]

    def __str__(self) -> str:
        return self.title


class StatementComment(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    author_label = models.CharField(max_length=200, blank=True)
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Signature(models.Model):
    """A member organization's decision on a statement; one row per member, opened with it.

    `token_version` grows with each decision: a sign-on link carries the version it was issued
    for, so each link records one decision and a replayed link is refused.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        SIGN = "sign", _("Signs")
        DECLINE = "decline", _("Declines")
        ABSTAIN = "abstain", _("Abstains")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="signatures")
    membership = models.ForeignKey(
        FrontMembership, on_delete=models.CASCADE, related_name="signatures"
    )
    decision = models.CharField(
        _("decision"), max_length=8, choices=Decision.choices, default=Decision.PENDING
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["statement_id", "membership__organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "membership"], name="signature_once"),
        ]

    def __str__(self) -> str:
        return f"{self.membership.organization} · {self.get_decision_display()}"

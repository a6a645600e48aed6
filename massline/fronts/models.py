"""United fronts: the coalition, its rules and its member organizations."""

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

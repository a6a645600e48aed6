"""United fronts: the coalition, its rules and its member organizations."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from massline.accounts.models import Unit
from massline.directory.models import Organization


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

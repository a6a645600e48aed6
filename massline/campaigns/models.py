"""Campaigns: for the release of a prisoner, of solidarity, boycotts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from massline.accounts.models import Unit
from massline.directory.models import validate_language


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
    language = models.CharField(
        _("original language"), max_length=3, default="en", validators=[validate_language]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("unit")
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

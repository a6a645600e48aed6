"""Reads of petitions: the public ones by address, and a coordinator's, scoped to campaigns
the acting user coordinates."""

import time

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import translation

from massline.accounts.access import AnyUser
from massline.campaigns.access import can_coordinate
from massline.campaigns.models import Campaign
from massline.campaigns.petitions.models import Petition, PetitionText, Signature

PUBLIC = (Petition.Status.OPEN, Petition.Status.CLOSED)


def _public() -> QuerySet[Petition]:
    return (
        Petition.objects.filter(status__in=PUBLIC)
        .exclude(campaign__status=Campaign.Status.DRAFT)
        .select_related("campaign")
    )


def petition_public_get(*, slug: str) -> Petition:
    """An open or closed petition of a published campaign; 404 otherwise."""
    found = _public().filter(slug=slug[:80]).first()
    if found is None:
        raise Http404
    return found


_RECENT: dict[str, tuple[float, Petition]] = {}
CACHE_SECONDS = 2.0


def petition_public_cached(*, slug: str) -> Petition:
    """`petition_public_get`, remembered in this process for `CACHE_SECONDS`: a signing rush
    reads the same petition thousands of times a second. Closing a petition takes effect
    within that time."""
    now = time.monotonic()
    found = _RECENT.get(slug)
    if found is not None and now - found[0] < CACHE_SECONDS:
        return found[1]
    petition = petition_public_get(slug=slug)
    if len(_RECENT) > 100:
        _RECENT.clear()
    _RECENT[slug] = (now, petition)
    return petition


def petitions_public_of(*, campaign: Campaign) -> list[Petition]:
    """The public petitions of a campaign, for its page."""
    return list(_public().filter(campaign=campaign).order_by("created_at", "pk"))


def petition_text(petition: Petition, language: str | None = None) -> PetitionText | None:
    """The text in the wanted language (default: the active one), else in the original one,
    else any."""
    wanted = language or translation.get_language() or "en"
    texts = {t.language: t for t in petition.texts.all()}
    return texts.get(wanted) or texts.get(petition.language) or next(iter(texts.values()), None)


def petition_for_coordinator(user: AnyUser, *, slug: str) -> Petition:
    """A petition whose campaign the user coordinates: 404 when unknown, 403 when not theirs."""
    found = Petition.objects.select_related("campaign", "campaign__unit").filter(slug=slug[:80])
    petition = found.first()
    if petition is None:
        raise Http404
    if not can_coordinate(user, petition.campaign):
        raise PermissionDenied
    return petition


def campaign_for_coordinator(user: AnyUser, *, campaign_id: int) -> Campaign:
    campaign = Campaign.objects.select_related("unit").filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404
    if not can_coordinate(user, campaign):
        raise PermissionDenied
    return campaign


def petitions_coordinated(user: AnyUser) -> list[Petition]:
    """Every petition of the campaigns the user coordinates."""
    petitions = Petition.objects.select_related("campaign", "campaign__unit").order_by(
        "-created_at", "pk"
    )
    return [p for p in petitions if can_coordinate(user, p.campaign)]


def signature_counts(user: AnyUser, *, petition: Petition) -> dict[str, int]:
    """Confirmed and pending signatures stored now (a coordinator's figures)."""
    if not can_coordinate(user, petition.campaign):
        raise PermissionDenied
    rows = Signature.objects.filter(petition=petition)
    return {
        "confirmed": rows.filter(confirmed_at__isnull=False).count(),
        "pending": rows.filter(confirmed_at__isnull=True).count(),
    }


def signatures_for_coordinator(user: AnyUser, *, petition: Petition) -> QuerySet[Signature]:
    """Confirmed signatures of a petition, newest first. The caller audits the read."""
    if not can_coordinate(user, petition.campaign):
        raise PermissionDenied
    return Signature.objects.filter(petition=petition, confirmed_at__isnull=False).order_by(
        "-confirmed_at", "-pk"
    )


def campaigns_coordinated(user: AnyUser) -> list[Campaign]:
    """Campaigns the user may start a petition for."""
    campaigns = Campaign.objects.select_related("unit").order_by("title", "pk")
    return [c for c in campaigns if can_coordinate(user, c)]

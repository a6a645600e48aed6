"""Reads of campaigns, scoped to the acting user and to each field's safety level."""

from django.db.models import QuerySet
from django.http import Http404

from massline.campaigns.models import Campaign, Endorsement


def campaign_public_get(*, slug: str) -> Campaign:
    """The campaign behind a public address; 404 for drafts and unknown addresses."""
    try:
        return (
            Campaign.objects.exclude(status=Campaign.Status.DRAFT)
            .select_related("unit")
            .get(slug=slug)
        )
    except (Campaign.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def approved_endorsements(*, campaign: Campaign) -> QuerySet[Endorsement]:
    """Approved endorsements, oldest first, with `organization_name` and `country` loaded.

    The representative's name and contact are deferred: they are never shown publicly.
    """
    return (
        Endorsement.objects.filter(campaign=campaign, status=Endorsement.Status.APPROVED)
        .only("id", "campaign_id", "organization_name", "country", "statement", "submitted_at")
        .order_by("country", "organization_name", "id")
    )

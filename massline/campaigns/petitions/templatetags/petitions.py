"""`{% load petitions %}{% petition_box campaign %}`: the petition box of a campaign's page."""

from typing import Any

from django import template

from massline.campaigns.models import Campaign
from massline.campaigns.petitions import selectors
from massline.campaigns.petitions.stats import petition_stats
from massline.core.countries import country_name

register = template.Library()


@register.inclusion_tag("petitions/_box.html", takes_context=True)
def petition_box(context: Any, campaign: Campaign) -> dict[str, Any]:
    """Each public petition of the campaign: title, live count, progress, recent public names
    and the way to sign."""
    boxes = []
    for petition in selectors.petitions_public_of(campaign=campaign):
        stats = petition_stats(petition.pk)
        boxes.append(
            {
                "petition": petition,
                "text": selectors.petition_text(petition),
                "stats": stats,
                "percent": min(100, round(100 * stats.total / petition.goal)),
                "is_open": petition.status == "open",
            }
        )
    return {"boxes": boxes, "request": context.get("request")}


@register.filter
def country(code: str) -> str:
    """The name of an ISO country code in the active language."""
    return country_name(code)

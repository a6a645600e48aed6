"""Objects the petition tests share: a published campaign of unit A with an open petition."""

import re
from typing import Any

from django.core import mail
from django.test import Client

from massline.campaigns.models import Campaign
from massline.campaigns.petitions import services
from massline.campaigns.petitions.models import Petition
from massline.conftest import Personas

SIGNER: dict[str, Any] = {
    "name": "Olga Petrova",
    "email": "olga.petrova@example.org",
    "country": "RU",
    "city": "Nizhny Novgorod",
    "display": "hidden",
}


def make_campaign(personas: Personas, slug: str = "free-the-writer") -> Campaign:
    campaign = Campaign(
        slug=slug,
        kind=Campaign.Kind.RELEASE,
        title="Free the writer",
        status=Campaign.Status.ACTIVE,
        unit=personas.unit_a,
        created_by=personas.organizer_a,
    )
    campaign.save()
    return campaign


def make_petition(personas: Personas, campaign: Campaign | None = None, **extra: Any) -> Petition:
    campaign = campaign or make_campaign(personas)
    values: dict[str, Any] = {
        "slug": "release-now",
        "target": "The Prosecutor General",
        "goal": 100,
        "language": "en",
        "status": Petition.Status.OPEN,
        "title": "Release the writer now",
        "text": "He was jailed for a blog post.",
    }
    values.update(extra)
    return services.petition_create(actor=personas.organizer_a, campaign=campaign, **values)


def sign(client: Client, petition: Petition, **changes: Any) -> Any:
    data = {**SIGNER, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"/petitions/{petition.slug}/sign/", data)


LINK = re.compile(r"https?://\S+/petitions/(confirm|withdraw)/(\S+)/")


def links_in(text: str) -> dict[str, str]:
    """The confirmation and withdrawal paths in a mail body."""
    return {kind: f"/petitions/{kind}/{token}/" for kind, token in LINK.findall(text)}


def last_links(to: str) -> dict[str, str]:
    for message in reversed(mail.outbox):
        if to in message.to:
            return links_in(str(message.body))
    raise AssertionError(f"no mail to {to}")

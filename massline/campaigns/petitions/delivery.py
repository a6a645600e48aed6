"""The delivery pack: one PDF with the petition's text, its count by country, the public names
and the endorsing organizations, for handing to authorities or the press.

Everything is rendered through an autoescaping template, so markup in any text arrives in the
PDF as the literal characters typed. Building the pack is audited: it lists public names.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from massline.accounts.models import User
from massline.audit.services import audit_record
from massline.campaigns.petitions import selectors
from massline.campaigns.petitions.models import Petition, Signature
from massline.campaigns.petitions.services import public_name
from massline.campaigns.petitions.stats import stats_compute
from massline.campaigns.selectors import approved_endorsements
from massline.core.countries import country_name


def delivery_pack_context(*, actor: User, petition: Petition) -> dict:
    selectors.petition_for_coordinator(actor, slug=petition.slug)
    stats = stats_compute(petition.pk)
    names = [
        public_name(sig)
        for sig in Signature.objects.filter(petition=petition, confirmed_at__isnull=False)
        .exclude(display=Signature.Display.HIDDEN)
        .order_by("confirmed_at", "pk")
        .only("name", "country", "display")
        .iterator(chunk_size=2000)
    ]
    return {
        "petition": petition,
        "texts": list(petition.texts.all()),
        "stats": stats,
        "countries": [(country_name(code), count) for code, count in stats.by_country],
        "names": names,
        "hidden": max(0, stats.total - len(names)),
        "endorsements": list(approved_endorsements(campaign=petition.campaign)),
        "generated": timezone.now(),
        "SITE_NAME": settings.SITE_NAME,
    }


def delivery_pack_pdf(*, actor: User, petition: Petition) -> bytes:
    from weasyprint import HTML

    context = delivery_pack_context(actor=actor, petition=petition)
    html = render_to_string("petitions/delivery_pack.html", context)
    audit_record(
        actor=actor,
        action="petition.delivery_pack",
        obj=petition,
        data={"names": len(context["names"]), "total": context["stats"].total},
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()

"""The minutes of an assembly as a PDF (WeasyPrint), built from the records alone."""

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from massline.fronts.assemblies import lines, tally
from massline.fronts.assemblies.models import Assembly
from massline.fronts.assemblies.services.motions import change_of


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The minutes embed everything they show; nothing is fetched from anywhere."""
    raise ValueError(f"refusing to fetch {url}")


def minutes_context(assembly: Assembly) -> dict[str, Any]:
    delegates = assembly.delegates.select_related("membership__organization", "user").order_by(
        "membership__organization__name", "pk"
    )
    motions = []
    for motion in assembly.motions.select_related("organization__organization").order_by("number"):
        versions = list(motion.versions.order_by("number"))
        motions.append(
            {
                "motion": motion,
                "final": versions[-1],
                "numbered": list(enumerate(versions[-1].lines, start=1)),
                "amendments": [
                    {
                        "amendment": amendment,
                        "where": change_of(amendment).describe(),
                        "diff": lines.change_diff(amendment.version.lines, change_of(amendment)),
                    }
                    for amendment in motion.amendments.select_related("version").order_by("number")
                ],
            }
        )
    votes = []
    for vote in assembly.votes.select_related("result", "motion", "amendment").order_by(
        "created_at", "pk"
    ):
        result = getattr(vote, "result", None) if vote.status == "closed" else None
        votes.append(
            {
                "vote": vote,
                "result": result,
                "explanation": tally.explain(result.tally) if result else "",
            }
        )
    return {
        "assembly": assembly,
        "delegates": delegates,
        "accredited": sum(1 for d in delegates if d.accredited_at),
        "proxies": assembly.proxies.filter(revoked_at__isnull=True).select_related(
            "giver__user", "holder__user"
        ),
        "items": assembly.items.all(),
        "motions": motions,
        "votes": votes,
        "generated_at": timezone.now(),
    }


def minutes_pdf(assembly: Assembly) -> bytes:
    from weasyprint import HTML

    html = render_to_string("assemblies/minutes.html", minutes_context(assembly))
    return HTML(string=html, url_fetcher=_refuse_fetch, base_url="about:blank").write_pdf()

"""Pictures of a petition (server-side SVG): signatures over time and by country."""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from massline.campaigns.petitions.stats import PetitionStats
from massline.core.countries import country_name
from massline.core.svg import horizontal_bars, line_chart


def by_country(stats: PetitionStats, *, limit: int = 25) -> SafeString:
    """Confirmed signatures of the countries with the most, the rest summed up."""
    items: list[tuple[str, float]] = [
        (country_name(code), count) for code, count in stats.by_country[:limit]
    ]
    rest = sum(count for _code, count in stats.by_country[limit:])
    if rest:
        items.append((_("Other countries"), rest))
    return horizontal_bars(items, title=_("Signatures by country"))


def over_time(stats: PetitionStats) -> SafeString:
    """The running total, day by day."""
    total = 0
    points: list[tuple[str, float]] = []
    for day, count in stats.by_day:
        total += count
        points.append((day.isoformat(), total))
    return line_chart([(_("Signatures"), points)], title=_("Signatures over time"))

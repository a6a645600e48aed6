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


WEEKLY_AFTER_DAYS = 60


def over_time(stats: PetitionStats) -> SafeString:
    """The running total, day by day; week by week (at each week's last day with signatures)
    when the petition runs longer than `WEEKLY_AFTER_DAYS`."""
    total = 0
    points: list[tuple[str, float]] = []
    days = stats.by_day
    weekly = bool(days) and (days[-1][0] - days[0][0]).days > WEEKLY_AFTER_DAYS
    for index, (day, count) in enumerate(days):
        total += count
        last = index == len(days) - 1
        if weekly and not last and days[index + 1][0].isocalendar()[:2] == day.isocalendar()[:2]:
            continue
        points.append((day.isoformat(), total))
    return line_chart([(_("Signatures"), points)], title=_("Signatures over time"))

"""Public figures of a petition, cached: the count, the counts by country and day, and the
most recent public names.

They come from the `Tally` rows (a few hundred at most) and one indexed query for the names,
and are cached for `TTL` seconds; a confirmation, withdrawal or erasure forgets them in this
process at once (other processes' caches catch up within `TTL`, or at once with a shared
cache, REDIS_URL).
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum

from massline.campaigns.petitions.models import Signature, Tally

TTL = 5
PAGE_TTL = TTL
RECENT = 12


@dataclass(frozen=True)
class RecentName:
    name: str
    country: str
    display: str


@dataclass(frozen=True)
class PetitionStats:
    total: int
    by_country: list[tuple[str, int]]
    by_day: list[tuple[date, int]]
    recent: list[RecentName]


def _key(petition_id: int) -> str:
    return f"petitions:stats:{petition_id}"


def page_key(petition_id: int, language: str) -> str:
    """The cached body of the public page in one language."""
    return f"petitions:page:{petition_id}:{language}"


def stats_forget(petition_id: int) -> None:
    """Forget the figures and the page bodies built from them."""
    pages = [page_key(petition_id, code) for code, _name in settings.LANGUAGES]
    cache.delete_many([_key(petition_id), *pages, *(f"{key}:whole" for key in pages)])


def stats_compute(petition_id: int) -> PetitionStats:
    tallies = Tally.objects.filter(petition_id=petition_id, count__gt=0)
    by_country = [
        (row["country"], row["n"])
        for row in tallies.values("country").annotate(n=Sum("count")).order_by("-n", "country")
    ]
    by_day = [
        (row["day"], row["n"])
        for row in tallies.values("day").annotate(n=Sum("count")).order_by("day")
    ]
    recent_rows = (
        Signature.objects.filter(petition_id=petition_id, confirmed_at__isnull=False)
        .exclude(display=Signature.Display.HIDDEN)
        .order_by("-confirmed_at", "-pk")
        .only("name", "country", "display")[:RECENT]
    )
    recent = []
    for sig in recent_rows:
        name = sig.name if sig.display == Signature.Display.FULL else (sig.name.split() or [""])[0]
        recent.append(RecentName(name=name, country=sig.country, display=sig.display))
    return PetitionStats(
        total=sum(n for _c, n in by_country), by_country=by_country, by_day=by_day, recent=recent
    )


def petition_stats(petition_id: int) -> PetitionStats:
    """The petition's public figures, from the cache when fresh."""
    key = _key(petition_id)
    found = cache.get(key)
    if isinstance(found, PetitionStats):
        return found
    stats = stats_compute(petition_id)
    cache.set(key, stats, TTL)
    return stats

"""Matching an endorser's name to organizations of the directory.

Names are compared the way the directory searches them (`massline.core.text`): folded case
and accents, Cyrillic also in Latin letters, so "Партия Труда", "partiya truda" and
"PARTIYA TRUDA" meet. Names, short names, own-language names and aliases all count; the
country must agree (an international organization has none).
"""

from django.db.models import QuerySet

from massline.core.text import fold, transliterate
from massline.directory.models import Organization


def name_keys(name: str) -> set[str]:
    folded = fold(name)
    return {key for key in (folded, transliterate(folded)) if key}


def find_organizations(
    *, name: str, country: str, queryset: QuerySet[Organization]
) -> list[Organization]:
    """Organizations of `queryset` in `country` one of whose names equals `name`, folded."""
    wanted = name_keys(name)
    if not wanted:
        return []
    latin = transliterate(fold(name))
    candidates = queryset.filter(country=country or "", search_key__contains=latin)
    found = []
    for organization in candidates.order_by("name", "id"):
        keys = set(organization.search_key.split(" | "))
        if wanted & keys:
            found.append(organization)
    return found

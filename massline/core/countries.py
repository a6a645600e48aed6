"""Country and language names in the active language (Babel), codes checked with pycountry."""

from functools import lru_cache

import pycountry
from babel import Locale
from django.utils import translation


@lru_cache(maxsize=8)
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, TypeError):
        return Locale.parse("en")


def is_country(code: str) -> bool:
    return bool(code) and code == code.upper() and pycountry.countries.get(alpha_2=code) is not None


def country_name(code: str, language: str | None = None) -> str:
    locale = _locale(language or translation.get_language() or "en")
    name = locale.territories.get(code)
    if name:
        return name
    country = pycountry.countries.get(alpha_2=code) if code else None
    return country.name if country else code


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) for every ISO 3166 country, sorted by the localized name."""
    lang = language or translation.get_language() or "en"
    choices = [(c.alpha_2, country_name(c.alpha_2, lang)) for c in pycountry.countries]
    return sorted(choices, key=lambda item: item[1].casefold())


def language_name(code: str, language: str | None = None) -> str:
    locale = _locale(language or translation.get_language() or "en")
    return locale.languages.get(code) or code

"""Template helpers of the fronts pages."""

import unicodedata

from django import template

from massline.directory.models import Organization

register = template.Library()

# Languages whose script tells an alias written in them apart from names in Latin letters.
SCRIPTS = {"ru": "CYRILLIC"}


def _in_script(text: str, script: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(unicodedata.name(ch, "").startswith(script) for ch in letters)


@register.filter
def name_in(organization: Organization, language: str) -> str:
    """The organization's name as readers of `language` know it: its own name when that is
    its language, else one of its other names written in that language's script (Cyrillic
    for Russian), else its usual name."""
    language = (language or "")[:2]
    if organization.name_own and organization.own_language == language:
        return organization.name_own
    script = SCRIPTS.get(language)
    if script:
        for alias in organization.aliases.splitlines():
            if _in_script(alias.strip(), script):
                return alias.strip()
    return organization.name

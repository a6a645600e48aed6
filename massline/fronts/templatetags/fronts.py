"""Template helpers of the fronts pages."""

from django import template

from massline.directory.models import Organization

register = template.Library()


@register.filter
def name_in(organization: Organization, language: str) -> str:
    """The organization's name as readers of `language` know it: its own name when that is
    its language, else its usual name."""
    if organization.name_own and organization.own_language == (language or "")[:2]:
        return organization.name_own
    return organization.name

"""Template helpers of the mass-work pages."""

import phonenumbers
from django import template
from django.urls import NoReverseMatch, reverse

from massline.accounts import access
from massline.core.countries import country_name
from massline.people.models import Assessment

register = template.Library()


@register.simple_tag
def optional_url(name: str, *args: object) -> str:
    """The URL of a page that may not be installed yet; "" when the name does not resolve."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.filter
def assessment_label(level: int | None) -> str:
    """ "2 · Active supporter" for 2; "" for no assessment."""
    if not level:
        return ""
    return str(Assessment.Level(level).label)


@register.simple_tag(takes_context=True)
def query_without(context: template.Context, *names: str) -> str:
    """The current query string without the given parameters, ending in "&" when not empty."""
    params = context["request"].GET.copy()
    for name in names:
        params.pop(name, None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


@register.inclusion_tag("people/_subnav.html", takes_context=True)
def people_subnav(context: template.Context, section: str) -> dict[str, object]:
    """The mass-work sections; import and duplicates only for secretaries, and only once
    those pages exist."""
    user = context["request"].user
    manage = access.can_bulk_manage_contacts(user)
    return {
        "section": section,
        "import_url": optional_url("people:import_list") if manage else "",
        "duplicates_url": optional_url("people:duplicate_list") if manage else "",
    }


@register.filter
def country_label(code: str) -> str:
    return country_name(code) if code else ""


@register.filter
def phone_display(number: str) -> str:
    """+393475550101 as "+39 347 555 0101"; left as it is when it does not parse."""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

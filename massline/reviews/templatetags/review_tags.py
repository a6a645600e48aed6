"""Template helpers of the reviews pages."""

from django import template

from massline.accounts.access import AnyUser
from massline.reviews import access

register = template.Library()


@register.filter
def sees_trends(user: AnyUser) -> bool:
    """Whether the navigation offers the leadership's trends dashboard."""
    return access.can_see_trends(user)


@register.filter
def reads_box(user: AnyUser) -> bool:
    """Whether the navigation offers the released anonymous criticism."""
    return access.can_read_box(user)

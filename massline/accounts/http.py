"""Request types for views that require a logged-in user."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from massline.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request behind `login_required`: `user` is a real `User`."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails

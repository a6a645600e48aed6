"""What every mass-work page checks of its request: the right to do mass work, and where to
send the user back to."""

from django.core.exceptions import PermissionDenied
from django.utils.http import url_has_allowed_host_and_scheme

from massline.accounts import access
from massline.accounts.http import AuthedRequest
from massline.accounts.models import User


def require_mass_work(user: User) -> None:
    """Organizers and above; members and guests get 403 before anything is looked up."""
    if not access.can_do_mass_work(user):
        raise PermissionDenied


def safe_next(request: AuthedRequest, default: str) -> str:
    """The `next` parameter when it points back into this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default

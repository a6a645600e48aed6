"""Account pages: settings, API tokens, unit management and invitation acceptance."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from massline.accounts import access, selectors, services
from massline.accounts.forms import AcceptInvitationForm, ApiTokenForm, InvitationForm
from massline.accounts.http import AuthedRequest
from massline.core.forms import add_service_errors


@login_required
def account_settings(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "accounts/settings.html",
        {
            "memberships": selectors.user_memberships(user=request.user),
            "tokens": selectors.api_token_list(user=request.user),
            "token_form": ApiTokenForm(),
            "units": selectors.unit_list(user=request.user),
        },
    )


@login_required
@require_POST
@never_cache
def api_token_create(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, secret = services.api_token_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(
                request, "accounts/token_created.html", {"token": token, "secret": secret}
            )
    return render(
        request,
        "accounts/settings.html",
        {
            "memberships": selectors.user_memberships(user=request.user),
            "tokens": selectors.api_token_list(user=request.user),
            "token_form": form,
            "units": selectors.unit_list(user=request.user),
        },
        status=400,
    )


@login_required
@require_POST
def api_token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = selectors.access_api_token(user=request.user, token_id=pk)
    services.api_token_revoke(user=request.user, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:settings")


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def unit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = selectors.access_unit(user=request.user, unit_id=pk)
    roles = access.grantable_roles(request.user, unit.pk)
    form = InvitationForm(request.POST or None, roles=roles)
    invitation_link = None
    if request.method == "POST" and form.is_valid():
        try:
            _invitation, token = services.invitation_create(
                actor=request.user, unit=unit, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            invitation_link = settings.SITE_URL + reverse(
                "accounts:invitation_accept", args=[token]
            )
            messages.success(
                request,
                _(
                    "Invitation created. Hand the link over in person or "
                    "through a channel you trust; it is shown only once."
                ),
            )
            form = InvitationForm(roles=roles)
    return render(
        request,
        "accounts/unit_detail.html",
        {
            "unit": unit,
            "members": selectors.membership_list(user=request.user, unit=unit),
            "invitations": selectors.invitation_list(user=request.user, unit=unit),
            "form": form,
            "invitation_link": invitation_link,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def invitation_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    invitation = selectors.access_invitation(user=request.user, invitation_id=pk)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("Invitation revoked."))
    return redirect("accounts:unit_detail", pk=invitation.unit_id)


@login_required
@require_POST
def membership_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = selectors.access_membership(user=request.user, membership_id=pk)
    if membership.user_id == request.user.pk:
        raise PermissionDenied
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, _("Membership removed."))
    return redirect("accounts:unit_detail", pk=membership.unit_id)


@require_http_methods(["GET", "POST"])
@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_find(token=token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        # one browser, one person: accepting would silently switch accounts
        return render(
            request, "accounts/invitation_logged_in.html", {"invitation": invitation}, status=409
        )
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "password" not in exc.error_dict:
                add_service_errors(form, exc)
            else:
                form.add_error("password1", exc.messages)
        else:
            login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            messages.success(request, _("Welcome. Your account is ready."))
            return redirect("home")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )

"""Pages of petitions: the public page with its signing form, confirmation and withdrawal
links, and the coordinator's pages (figures, pictures, texts, export, delivery pack).

The signing form is exempt from CSRF: it has no account or session to ride on, and the proof
of work and the per-network limits guard it instead. Without JavaScript there is no proof of
work; the stricter limit `MASSLINE_PETITION_RATE_LIMIT_NO_POW` applies then.
"""

import re
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from massline.accounts.http import AuthedRequest
from massline.campaigns.petitions import pictures, pow, ratelimit, selectors, services
from massline.campaigns.petitions.forms import (
    PetitionEditForm,
    PetitionForm,
    PetitionTextForm,
    SignForm,
)
from massline.campaigns.petitions.models import CITY_MAX, EMAIL_MAX, NAME_MAX, Petition, Signature
from massline.campaigns.petitions.stats import PAGE_TTL, page_key, petition_stats
from massline.core.countries import is_country
from massline.core.forms import add_service_errors

FORM_TTL = 300
POW_FAILED = gettext_lazy("The anti-spam check failed or expired. Please send the form again.")


def _page_context(request: HttpRequest, petition: Petition, form: SignForm | None) -> dict:
    stats = petition_stats(petition.pk)
    return {
        "petition": petition,
        "text": selectors.petition_text(petition),
        "stats": stats,
        "percent": min(100, round(100 * stats.total / petition.goal)) if petition.goal else 0,
        "form": form,
        "country_chart": pictures.by_country(stats, limit=12),
        "is_open": petition.status == Petition.Status.OPEN,
    }


def _blank_form_html(request: HttpRequest, petition: Petition) -> str:
    """The empty signing form, the same for everybody in a language: rendered once, cached."""
    language = translation.get_language() or "en"
    key = f"petitions:form:{petition.pk}:{language}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "petitions/_sign_form.html",
            {"petition": petition, "form": SignForm().with_choices()},
            request,
        )
        cache.set(key, html, FORM_TTL)
    return html


@require_GET
def petition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page. Its body (text, figures, the empty form) is the same for everybody in
    a language: it is rendered once and cached until the figures change (`stats`). For a
    visitor without a session the whole page is the same but for the CSRF token of the
    language switch, so it is cached whole and only the token is put in per request."""
    petition = selectors.petition_public_cached(slug=slug)
    language = translation.get_language() or "en"
    key = page_key(petition.pk, language)
    whole = _plain_visitor(request)
    if whole:
        page = cache.get(key + ":whole")
        if page is not None:
            return HttpResponse(page.replace(TOKEN_SLOT, get_token(request)))
    cached = cache.get(key)
    if cached is None:
        context = _page_context(request, petition, None)
        context["form_html"] = _blank_form_html(request, petition) if context["is_open"] else ""
        text = context["text"]
        cached = (
            text.title if text else petition.slug,
            render_to_string("petitions/_detail_body.html", context, request),
        )
        cache.set(key, cached, PAGE_TTL)
    title, body = cached
    response = render(request, "petitions/petition_detail.html", {"title": title, "body": body})
    if whole:
        html = response.content.decode()
        slotted, found = _TOKEN_VALUE.subn(rf"\g<1>{TOKEN_SLOT}\g<2>", html)
        if found == 1:
            cache.set(key + ":whole", slotted, PAGE_TTL)
    return response


TOKEN_SLOT = "\x00slot\x00"  # noqa: S105 - a placeholder, never a secret
_TOKEN_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def _plain_visitor(request: HttpRequest) -> bool:
    """A visitor without a session or pending messages and with no query string: the page
    frame holds nothing of theirs but the CSRF token."""
    return not (
        request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        or "messages" in request.COOKIES
        or request.GET
    )


@require_GET
def petition_counter(request: HttpRequest, slug: str) -> HttpResponse:
    """The live counter: the fragment htmx polls."""
    petition = selectors.petition_public_get(slug=slug)
    return render(request, "petitions/_counter.html", _page_context(request, petition, None))


@csrf_exempt
@require_POST
def petition_sign(request: HttpRequest, slug: str) -> HttpResponse:
    """Sign. A well-formed submission is checked without building the form (`quick_clean`,
    the same rules); anything else goes through `SignForm` for its field errors."""
    petition = selectors.petition_public_cached(slug=slug)
    data = quick_clean(request.POST)
    form = None
    if data is None:
        form = SignForm(request.POST)
        if not form.is_valid() and "pow" in form.errors:
            form.add_error(None, POW_FAILED)
        data = form.cleaned_data if form.is_valid() else None
    status = 400
    if data is not None:
        solved = None
        error = ""
        if data["pow"]:
            try:
                solved = pow.solution_check(data["pow"])
            except pow.PowError:
                error = str(POW_FAILED)
        if not error and ratelimit.over_limit(request, solved=solved is not None):
            error = _(
                "Too many signatures came from your network in the last hour. Please try "
                "again later."
            )
            status = 429
        if not error:
            try:
                services.signature_sign(
                    petition=petition,
                    name=data["name"],
                    email=data["email"],
                    country=data["country"],
                    city=data["city"],
                    display=data["display"],
                    consent_contact=data["consent_contact"],
                    language=translation.get_language() or "en",
                    solved=solved,
                )
            except ValidationError as exc:
                form = form or _bound_form(request)
                add_service_errors(form, exc)
            else:
                return HttpResponseRedirect(_thanks_url(petition.slug))
        else:
            form = form or _bound_form(request)
            form.add_error(None, error)
    assert form is not None
    context = _page_context(request, petition, form.with_choices())
    context["title"] = context["text"].title if context["text"] else petition.slug
    return render(request, "petitions/petition_detail.html", context, status=status)


def _bound_form(request: HttpRequest) -> SignForm:
    form = SignForm(request.POST)
    form.is_valid()
    return form


@lru_cache(maxsize=256)
def _thanks_url(slug: str) -> str:
    return reverse("petitions:thanks", args=[slug])


_EMAIL = EmailValidator()
_DISPLAYS = frozenset(Signature.Display.values)
_TRUE = frozenset({"on", "true", "1", "yes"})


def quick_clean(post: QueryDict) -> dict[str, Any] | None:
    """The cleaned data of a signing form that is valid beyond doubt, else None.

    Applies the rules of `SignForm` (required fields, lengths, email, ISO country, display
    choice); any doubt (a missing field, a NUL, a duplicated key, an unknown checkbox value)
    answers None so that the form decides and explains.
    """
    if any(len(post.getlist(key)) > 1 for key in post):
        return None
    name = post.get("name", "").strip()
    email = post.get("email", "").strip()
    country = post.get("country", "")
    city = post.get("city", "").strip()
    display = post.get("display", "")
    consent = post.get("consent_contact")
    proof = post.get("pow", "")
    if not name or len(name) > NAME_MAX or not email or len(email) > EMAIL_MAX:
        return None
    if len(city) > CITY_MAX or len(proof) > pow.MAX_PAYLOAD or display not in _DISPLAYS:
        return None
    if any("\x00" in value for value in (name, email, city, proof)):
        return None
    if consent is not None and consent.lower() not in _TRUE:
        return None
    if not is_country(country):
        return None
    try:
        _EMAIL(email)
    except ValidationError:
        return None
    return {
        "name": name,
        "email": email,
        "country": country,
        "city": city,
        "display": display,
        "consent_contact": consent is not None,
        "pow": proof,
    }


@require_GET
def petition_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    petition = selectors.petition_public_get(slug=slug)
    return render(request, "petitions/thanks.html", _page_context(request, petition, None))


@require_GET
@never_cache
def pow_challenge(request: HttpRequest) -> JsonResponse:
    """A fresh proof-of-work challenge for the signing form's script."""
    return JsonResponse(pow.challenge_new())


@never_cache
@require_http_methods(["GET", "POST"])
def signature_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); POST confirms."""
    if request.method == "GET":
        return render(request, "petitions/confirm.html", {"token": token})
    try:
        signature = services.signature_confirm(token=token)
    except services.TokenError:
        return render(request, "petitions/link_invalid.html", status=404)
    petition = signature.petition
    context = _page_context(request, petition, None)
    context["confirmed"] = True
    return render(request, "petitions/thanks.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def signature_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    try:
        signature = services.withdraw_check(token=token)
    except services.TokenError:
        return render(request, "petitions/link_invalid.html", status=404)
    if request.method == "GET":
        return render(
            request, "petitions/withdraw.html", {"token": token, "petition": signature.petition}
        )
    try:
        petition = services.signature_withdraw(token=token)
    except services.TokenError:
        return render(request, "petitions/link_invalid.html", status=404)
    return render(request, "petitions/withdrawn.html", {"petition": petition})


# Coordinators ----------------------------------------------------------------------------


@login_required
@require_GET
def petition_list(request: AuthedRequest) -> HttpResponse:
    context = {
        "petitions": selectors.petitions_coordinated(request.user),
        "campaigns": selectors.campaigns_coordinated(request.user),
    }
    return render(request, "petitions/petition_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def petition_create(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_for_coordinator(request.user, campaign_id=campaign_id)
    form = PetitionForm(request.POST or None, initial={"language": campaign.language})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            petition = services.petition_create(
                actor=request.user,
                campaign=campaign,
                slug=data["slug"],
                target=data["target"],
                goal=data["goal"],
                language=data["language"],
                status=data["status"],
                retention_days=data["retention_days"],
                title=data["title"],
                text=data["text"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The petition was created."))
            return redirect("petitions:manage", slug=petition.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "petitions/petition_form.html", {"form": form, "campaign": campaign}, status=status
    )


@login_required
@require_GET
def petition_manage(request: AuthedRequest, slug: str) -> HttpResponse:
    petition = selectors.petition_for_coordinator(request.user, slug=slug)
    stats = petition_stats(petition.pk)
    context = {
        "petition": petition,
        "text": selectors.petition_text(petition),
        "texts": list(petition.texts.all()),
        "stats": stats,
        "counts": selectors.signature_counts(request.user, petition=petition),
        "over_time": pictures.over_time(stats),
        "by_country": pictures.by_country(stats),
        "retention_days": services.retention_days_of(petition),
        "public": petition.status in selectors.PUBLIC,
    }
    return render(request, "petitions/petition_manage.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def petition_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    petition = selectors.petition_for_coordinator(request.user, slug=slug)
    form = PetitionEditForm(request.POST or None, instance=petition)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.petition_update(
                actor=request.user,
                petition=petition,
                **changes,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The petition was saved."))
            return redirect("petitions:manage", slug=changes["slug"])
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "petitions/petition_form.html",
        {"form": form, "petition": petition, "campaign": petition.campaign},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def petition_text_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    petition = selectors.petition_for_coordinator(request.user, slug=slug)
    language = request.GET.get("language", "")[:3]
    existing = petition.texts.filter(language=language).first() if language else None
    form = PetitionTextForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.petition_text_save(
                actor=request.user,
                petition=petition,
                language=data["language"],
                title=data["title"],
                text=data["text"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The text was saved."))
            return redirect("petitions:manage", slug=petition.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "petitions/text_form.html",
        {"form": form, "petition": petition},
        status=status,
    )


@login_required
@require_GET
def petition_export(request: AuthedRequest, slug: str) -> HttpResponse:
    petition = selectors.petition_for_coordinator(request.user, slug=slug)
    body = services.signatures_export_csv(actor=request.user, petition=petition)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{petition.slug}-signatures.csv"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def petition_delivery_pack(request: AuthedRequest, slug: str) -> HttpResponse:
    from massline.campaigns.petitions.delivery import delivery_pack_pdf

    petition = selectors.petition_for_coordinator(request.user, slug=slug)
    pdf = delivery_pack_pdf(actor=request.user, petition=petition)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{petition.slug}-delivery.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def petition_erase(request: AuthedRequest, slug: str) -> HttpResponse:
    petition = selectors.petition_for_coordinator(request.user, slug=slug)
    count = services.petition_erase_signers(actor=request.user, petition=petition)
    messages.success(
        request,
        _("The personal data of %(count)d signers was erased; the counts remain.")
        % {"count": count},
    )
    return redirect(reverse("petitions:manage", args=[petition.slug]))

"""Public pages of a campaign: no login, no JavaScript, nothing from other hosts."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from massline.accounts.http import AuthedRequest
from massline.campaigns import access, ratelimit, selectors, services
from massline.campaigns.forms import EndorsementForm, OwnLetterForm, PublicActionForm
from massline.campaigns.models import Campaign, Visibility
from massline.core.countries import language_name
from massline.core.forms import add_service_errors


def _language(request: HttpRequest, campaign: Campaign) -> str:
    """The visitor's language: `?lang=`, else what LocaleMiddleware chose.

    `?lang=` is dropped from the query string the page hands to the language switcher, so
    that switching there is not overridden by the old `?lang=` on the way back.
    """
    requested = request.GET.get("lang")
    language = selectors.visitor_language(requested, translation.get_language() or "")
    if requested is not None:
        translation.activate(language)
        request.LANGUAGE_CODE = language
        rest = request.GET.copy()
        rest.pop("lang", None)
        request.META["QUERY_STRING"] = rest.urlencode()
    return language


def _public_context(request: HttpRequest, campaign: Campaign, language: str) -> dict:
    texts = selectors.campaign_texts(campaign=campaign, language=language)
    case = selectors.case_view(
        campaign=campaign, level=Visibility.PUBLIC, language=language, translation=texts.source
    )
    endorsements = list(selectors.approved_endorsements(campaign=campaign))
    return {
        "campaign": campaign,
        "texts": texts,
        "lang": language,
        "language_links": [
            (code, language_name(code, code), f"?{urlencode({'lang': code})}")
            for code, _name in settings.LANGUAGES
        ],
        "case": case,
        "endorsements": endorsements,
        "countries": selectors.actions_by_country(campaign=campaign),
        "templates": selectors.letter_templates(campaign=campaign, language=language),
        "letter_counts": selectors.letter_counts(campaign=campaign),
        "news": selectors.news_list(campaign=campaign, language=language),
        "partners": selectors.public_partners(campaign=campaign),
        "can_coordinate": access.can_coordinate(request.user, campaign),
        "is_member": access.is_campaign_member(request.user, campaign),
        "accepting": campaign.status == Campaign.Status.ACTIVE,
    }


@require_GET
def campaign_page(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_public_get(slug=slug)
    language = _language(request, campaign)
    context = _public_context(request, campaign, language)
    context["endorsement_form"] = EndorsementForm() if context["accepting"] else None
    return render(request, "campaigns/public.html", context)


def _jpeg(data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def case_photo(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_public_get(slug=slug)
    return _jpeg(selectors.case_photo(user=request.user, campaign=campaign))


@require_GET
def action_photo(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign = selectors.campaign_public_get(slug=slug)
    return _jpeg(selectors.action_photo(user=request.user, campaign=campaign, action_id=pk))


def _too_many(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context["rate_limited"] = True
    return render(request, template, context, status=429)


@require_http_methods(["GET", "POST"])
def endorse(request: HttpRequest, slug: str) -> HttpResponse:
    """The organizations' sign-on form; also posted to from the campaign page."""
    campaign = selectors.campaign_public_get(slug=slug)
    language = _language(request, campaign)
    texts = selectors.campaign_texts(campaign=campaign, language=language)
    form = EndorsementForm(request.POST or None)
    context = {"campaign": campaign, "texts": texts, "form": form, "lang": language}
    if campaign.status != Campaign.Status.ACTIVE:
        context["closed"] = True
        return render(request, "campaigns/endorse.html", context, status=410)
    if request.method == "POST":
        if not ratelimit.allow(request, "endorse", settings.MASSLINE_CAMPAIGN_FORM_RATE_LIMIT):
            return _too_many(request, "campaigns/endorse.html", context)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            try:
                services.endorsement_submit(campaign=campaign, language=language, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                url = reverse("campaigns:endorse_thanks", args=[campaign.slug])
                return redirect(f"{url}?{urlencode({'lang': language})}")
    return render(request, "campaigns/endorse.html", context, status=400 if form.errors else 200)


@require_GET
def endorse_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_public_get(slug=slug)
    language = _language(request, campaign)
    texts = selectors.campaign_texts(campaign=campaign, language=language)
    return render(
        request,
        "campaigns/endorse_thanks.html",
        {"campaign": campaign, "texts": texts, "lang": language},
    )


@require_http_methods(["GET", "POST"])
def action_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Anyone may report an action; it shows once a coordinator approves it."""
    campaign = selectors.campaign_public_get(slug=slug)
    language = _language(request, campaign)
    texts = selectors.campaign_texts(campaign=campaign, language=language)
    form = PublicActionForm(request.POST or None, request.FILES or None)
    context = {"campaign": campaign, "texts": texts, "form": form, "lang": language}
    if campaign.status != Campaign.Status.ACTIVE:
        context["closed"] = True
        return render(request, "campaigns/action_report.html", context, status=410)
    if request.method == "POST":
        if not ratelimit.allow(request, "action", settings.MASSLINE_CAMPAIGN_FORM_RATE_LIMIT):
            return _too_many(request, "campaigns/action_report.html", context)
        if form.is_valid():
            try:
                services.action_submit(
                    campaign=campaign,
                    photo=form.cleaned_data.get("photo_upload"),
                    **{k: v for k, v in form.service_fields().items() if k != "organization"},
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                context["done"] = True
                context["form"] = None
    return render(
        request,
        "campaigns/action_report.html",
        context,
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_page(request: AuthedRequest, slug: str) -> HttpResponse:
    """The case as the member's level lets them read it, and their own letters."""
    campaign = selectors.access_campaign_by_slug(user=request.user, slug=slug)
    level = access.viewer_level(request.user, campaign)
    language = translation.get_language() or campaign.language
    form = OwnLetterForm(
        request.POST or None, initial={"language": language, "sent_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_log(
                actor=request.user,
                campaign=campaign,
                sender=request.user,
                sender_alias="",
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your letter is in the log. Thank you for writing."))
            return redirect("campaigns:member_page", slug=campaign.slug)
    texts = selectors.campaign_texts(campaign=campaign, language=language)
    return render(
        request,
        "campaigns/member.html",
        {
            "campaign": campaign,
            "texts": texts,
            "case": selectors.case_view(
                campaign=campaign, level=level, language=language, translation=texts.source
            ),
            "level": level,
            "letters": selectors.letter_log(user=request.user, campaign=campaign)[:50],
            "templates": selectors.letter_templates(campaign=campaign, language=language),
            "form": form,
            "can_coordinate": level == Visibility.COORDINATORS,
        },
        status=400 if form.errors else 200,
    )

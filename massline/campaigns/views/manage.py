"""The coordinators' area of a campaign: texts, case, endorsements, letters, actions, news."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from massline.accounts import access as account_access
from massline.accounts.http import AuthedRequest
from massline.accounts.models import Role, Unit, User
from massline.campaigns import access, selectors, services
from massline.campaigns.forms import (
    ActionForm,
    CampaignForm,
    CampaignTextForm,
    CaseForm,
    HearingForm,
    LetterForm,
    LetterTemplateForm,
    NewsForm,
    TransferForm,
)
from massline.campaigns.models import Campaign, Endorsement
from massline.core.countries import language_name
from massline.core.forms import add_service_errors
from massline.directory import selectors as directory_selectors
from massline.directory.models import Organization

PAGE_SIZE = 50


def _units(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(
        id__in=account_access.units_with_role(user, Role.ORGANIZER)
    ).order_by("name")


def _people(user: User, campaign: Campaign | None = None) -> QuerySet[User]:
    """Accounts the actor may name as coordinators or senders: people of their units."""
    units = account_access.units_with_role(user, Role.ORGANIZER)
    qs = User.objects.filter(is_active=True, memberships__unit__in=units)
    if campaign is not None:
        qs = User.objects.filter(pk__in=qs.values("pk")) | campaign.coordinators.all()
    return qs.distinct().order_by("display_name", "email")


def _organizations(user: User) -> QuerySet[Organization]:
    if not account_access.can_read_directory(user):
        return Organization.objects.none()
    return directory_selectors.organization_choices(user=user)


def _other_languages(campaign: Campaign) -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != campaign.language]


def _coordinated(request: AuthedRequest, pk: int) -> Campaign:
    return selectors.access_campaign_for_coordination(user=request.user, campaign_id=pk)


@login_required
@require_GET
def campaign_list(request: AuthedRequest) -> HttpResponse:
    campaigns = selectors.campaign_list(user=request.user)
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "page": page,
            "can_create": access.can_create_campaign(request.user),
            "can_propose": account_access.can_edit_directory(request.user),
        },
    )


def _campaign_form(request: AuthedRequest, campaign: Campaign | None) -> HttpResponse:
    form = CampaignForm(
        request.POST or None,
        instance=campaign,
        units=_units(request.user)
        if campaign is None
        else _units(request.user) | Unit.objects.filter(pk=campaign.unit_id),
        people=_people(request.user, campaign),
        organizations=_organizations(request.user)
        if campaign is None
        else (_organizations(request.user) | campaign.partners.all()).distinct(),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        coordinators = list(data.pop("coordinators"))
        partners = list(data.pop("partners"))
        unit = data.pop("unit")
        try:
            if campaign is None:
                campaign = services.campaign_create(
                    actor=request.user,
                    unit=unit,
                    coordinators=coordinators,
                    partners=partners,
                    **data,
                )
                messages.success(request, _("Campaign created."))
            else:
                campaign = services.campaign_update(
                    actor=request.user,
                    campaign=campaign,
                    unit=unit,
                    coordinators=coordinators,
                    partners=partners,
                    **data,
                )
                messages.success(request, _("Campaign saved."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("campaigns:manage", pk=campaign.pk)
    return render(
        request,
        "campaigns/campaign_form.html",
        {"form": form, "campaign": campaign},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: AuthedRequest) -> HttpResponse:
    if not access.can_create_campaign(request.user):
        raise PermissionDenied
    return _campaign_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _campaign_form(request, _coordinated(request, pk))


@login_required
@require_GET
def manage(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_detail(campaign=_coordinated(request, pk))
    case = selectors.case_for_edit(user=request.user, campaign=campaign)
    return render(
        request,
        "campaigns/manage.html",
        {
            "campaign": campaign,
            "case": case,
            "hearings": list(case.hearings.all()) if case else [],
            "transfers": list(case.transfers.all()) if case else [],
            "counts": selectors.management_counts(campaign=campaign),
            "texts": {t.language: t for t in campaign.texts.all()},
            "languages": [
                (code, language_name(code, code))
                for code, _name in settings.LANGUAGES
                if code != campaign.language
            ],
            "news": list(campaign.news.all()[:100]),
            "templates": list(campaign.letter_templates.all()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def text_edit(request: AuthedRequest, pk: int, language: str) -> HttpResponse:
    campaign = _coordinated(request, pk)
    if language not in dict(settings.LANGUAGES) or language == campaign.language:
        raise Http404
    text = selectors.campaign_text_for(user=request.user, campaign=campaign, language=language)
    form = CampaignTextForm(request.POST or None, instance=text)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_text_set(
                actor=request.user, campaign=campaign, language=language, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Texts saved."))
            return redirect("campaigns:manage", pk=campaign.pk)
    return render(
        request,
        "campaigns/text_form.html",
        {
            "form": form,
            "campaign": campaign,
            "language": language,
            "language_label": language_name(language, language),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    case = selectors.case_for_edit(user=request.user, campaign=campaign)
    form = CaseForm(request.POST or None, request.FILES or None, instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.case_set(
                actor=request.user, campaign=campaign, **form.service_fields()
            )
            if form.cleaned_data.get("photo_upload"):
                services.case_photo_set(
                    actor=request.user, case=saved, upload=form.cleaned_data["photo_upload"]
                )
            elif form.cleaned_data.get("remove_photo"):
                services.case_photo_remove(actor=request.user, case=saved)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Case saved."))
            return redirect("campaigns:manage", pk=campaign.pk)
    return render(
        request,
        "campaigns/case_form.html",
        {"form": form, "campaign": campaign, "case": case},
        status=400 if form.errors else 200,
    )


def _child_form(
    request: AuthedRequest,
    campaign: Campaign,
    *,
    form_class: type[forms.ModelForm],
    instance: Model | None,
    create: Callable[..., Any],
    update: Callable[..., Any],
    owner: dict[str, Any],
    title: str,
    delete_url: str = "",
    back: str = "",
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """Add or edit one record of a campaign (hearing, transfer, news item, template...)."""
    form = form_class(
        request.POST or None, request.FILES or None, instance=instance, **(form_kwargs or {})
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo_upload", None)
        extra = {"photo": photo} if "photo_upload" in form.fields else {}
        try:
            if instance is None:
                create(actor=request.user, **owner, **extra, **data)
            else:
                update(actor=request.user, **extra, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(back or reverse("campaigns:manage", args=[campaign.pk]))
    return render(
        request,
        "campaigns/child_form.html",
        {
            "form": form,
            "campaign": campaign,
            "title": title,
            "delete_url": delete_url,
            "back": back or reverse("campaigns:manage", args=[campaign.pk]),
            "multipart": "photo_upload" in form.fields,
        },
        status=400 if form.errors else 200,
    )


def _deleted(request: AuthedRequest, campaign: Campaign, back: str = "") -> HttpResponse:
    messages.success(request, _("Deleted."))
    return redirect(back or reverse("campaigns:manage", args=[campaign.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def hearing_add(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    case = selectors.case_for_edit(user=request.user, campaign=campaign)
    if case is None:
        messages.info(request, _("Describe the case first."))
        return redirect("campaigns:case_edit", pk=campaign.pk)
    return _child_form(
        request,
        campaign,
        form_class=HearingForm,
        form_kwargs={"languages": _other_languages(campaign)},
        instance=None,
        create=services.hearing_create,
        update=services.hearing_update,
        owner={"case": case},
        title=_("Add a hearing"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def hearing_edit(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    hearing = selectors.access_hearing(user=request.user, campaign=campaign, hearing_id=item)
    return _child_form(
        request,
        campaign,
        form_class=HearingForm,
        form_kwargs={"languages": _other_languages(campaign)},
        instance=hearing,
        create=services.hearing_create,
        update=lambda **kw: services.hearing_update(hearing=hearing, **kw),
        owner={},
        title=_("Edit the hearing"),
        delete_url=reverse("campaigns:hearing_delete", args=[campaign.pk, hearing.pk]),
    )


@login_required
@require_POST
def hearing_delete(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    hearing = selectors.access_hearing(user=request.user, campaign=campaign, hearing_id=item)
    services.hearing_delete(actor=request.user, hearing=hearing)
    return _deleted(request, campaign)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_add(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    case = selectors.case_for_edit(user=request.user, campaign=campaign)
    if case is None:
        messages.info(request, _("Describe the case first."))
        return redirect("campaigns:case_edit", pk=campaign.pk)
    return _child_form(
        request,
        campaign,
        form_class=TransferForm,
        form_kwargs={"languages": _other_languages(campaign)},
        instance=None,
        create=services.transfer_create,
        update=services.transfer_update,
        owner={"case": case},
        title=_("Add a transfer"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_edit(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    transfer = selectors.access_transfer(user=request.user, campaign=campaign, transfer_id=item)
    return _child_form(
        request,
        campaign,
        form_class=TransferForm,
        form_kwargs={"languages": _other_languages(campaign)},
        instance=transfer,
        create=services.transfer_create,
        update=lambda **kw: services.transfer_update(transfer=transfer, **kw),
        owner={},
        title=_("Edit the transfer"),
        delete_url=reverse("campaigns:transfer_delete", args=[campaign.pk, transfer.pk]),
    )


@login_required
@require_POST
def transfer_delete(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    transfer = selectors.access_transfer(user=request.user, campaign=campaign, transfer_id=item)
    services.transfer_delete(actor=request.user, transfer=transfer)
    return _deleted(request, campaign)


@login_required
@require_http_methods(["GET", "POST"])
def news_add(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    return _child_form(
        request,
        campaign,
        form_class=NewsForm,
        instance=None,
        create=services.news_create,
        update=services.news_update,
        owner={"campaign": campaign},
        title=_("Add news"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def news_edit(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    news = selectors.access_news(user=request.user, campaign=campaign, news_id=item)
    return _child_form(
        request,
        campaign,
        form_class=NewsForm,
        instance=news,
        create=services.news_create,
        update=lambda **kw: services.news_update(item=news, **kw),
        owner={},
        title=_("Edit the news item"),
        delete_url=reverse("campaigns:news_delete", args=[campaign.pk, news.pk]),
    )


@login_required
@require_POST
def news_delete(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    news = selectors.access_news(user=request.user, campaign=campaign, news_id=item)
    services.news_delete(actor=request.user, item=news)
    return _deleted(request, campaign)


@login_required
@require_http_methods(["GET", "POST"])
def template_add(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    return _child_form(
        request,
        campaign,
        form_class=LetterTemplateForm,
        instance=None,
        create=services.letter_template_create,
        update=services.letter_template_update,
        owner={"campaign": campaign},
        title=_("Add a template letter"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    template = selectors.access_template(user=request.user, campaign=campaign, template_id=item)
    return _child_form(
        request,
        campaign,
        form_class=LetterTemplateForm,
        instance=template,
        create=services.letter_template_create,
        update=lambda **kw: services.letter_template_update(template=template, **kw),
        owner={},
        title=_("Edit the template letter"),
        delete_url=reverse("campaigns:template_delete", args=[campaign.pk, template.pk]),
    )


@login_required
@require_POST
def template_delete(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    template = selectors.access_template(user=request.user, campaign=campaign, template_id=item)
    services.letter_template_delete(actor=request.user, template=template)
    return _deleted(request, campaign)


# Endorsements ----------------------------------------------------------------------------


@login_required
@require_GET
def endorsement_list(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    status = request.GET.get("status", "")
    endorsements = selectors.endorsement_list(user=request.user, campaign=campaign, status=status)
    page = Paginator(endorsements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/endorsement_list.html",
        {
            "campaign": campaign,
            "page": page,
            "status": status if status in Endorsement.Status.values else "",
            "statuses": Endorsement.Status.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def endorsement_review(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    """Approve, reject, match to the directory or propose for it."""
    campaign = _coordinated(request, pk)
    endorsement = selectors.access_endorsement(
        user=request.user, campaign=campaign, endorsement_id=item
    )
    candidates = selectors.endorsement_candidates(user=request.user, endorsement=endorsement)
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        try:
            if decision in {"approve", "reject"}:
                services.endorsement_decide(
                    actor=request.user, endorsement=endorsement, approve=decision == "approve"
                )
                messages.success(
                    request,
                    _("Endorsement approved.")
                    if decision == "approve"
                    else _("Endorsement rejected."),
                )
            elif decision == "match":
                chosen = {str(org.pk): org for org in candidates}.get(
                    request.POST.get("organization", "")
                )
                if chosen is None:
                    raise ValidationError(_("Choose one of the organizations offered."))
                services.endorsement_match(
                    actor=request.user, endorsement=endorsement, organization=chosen
                )
                messages.success(request, _("Linked to the directory."))
            elif decision == "unmatch":
                services.endorsement_match(
                    actor=request.user, endorsement=endorsement, organization=None
                )
                messages.success(request, _("Link to the directory removed."))
            elif decision == "propose":
                done = services.endorsement_propose(actor=request.user, endorsement=endorsement)
                messages.success(
                    request,
                    _("Added to the directory.")
                    if done.organization_id
                    else _("Proposed to the secretaries for the directory."),
                )
            else:
                raise ValidationError(_("Choose what to do."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("campaigns:endorsement_review", pk=campaign.pk, item=endorsement.pk)
        return redirect("campaigns:endorsement_list", pk=campaign.pk)
    return render(
        request,
        "campaigns/endorsement_review.html",
        {
            "campaign": campaign,
            "endorsement": endorsement,
            "candidates": candidates,
            "can_add_to_directory": access.can_propose_to_directory(request.user),
        },
    )


@login_required
@require_GET
def directory_proposals(request: AuthedRequest) -> HttpResponse:
    proposals = selectors.directory_proposals(user=request.user)
    return render(
        request,
        "campaigns/proposals.html",
        {"page": Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))},
    )


# Letters ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def letter_list(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    letters = selectors.letter_log(user=request.user, campaign=campaign)
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    form = LetterForm(request.POST or None, people=_people(request.user, campaign))
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_log(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Letter logged."))
            return redirect("campaigns:letter_list", pk=campaign.pk)
    return render(
        request,
        "campaigns/letter_list.html",
        {
            "campaign": campaign,
            "page": page,
            "form": form,
            "counts": selectors.letter_counts(campaign=campaign),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_edit(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    letter = selectors.access_letter(user=request.user, campaign=campaign, letter_id=item)
    back = reverse("campaigns:letter_list", args=[campaign.pk])
    return _child_form(
        request,
        campaign,
        form_class=LetterForm,
        instance=letter,
        create=services.letter_log,
        update=lambda **kw: services.letter_update(letter=letter, **kw),
        owner={},
        title=_("Edit the letter"),
        delete_url=reverse("campaigns:letter_delete", args=[campaign.pk, letter.pk]),
        back=back,
        form_kwargs={"people": _people(request.user, campaign)},
    )


@login_required
@require_POST
def letter_delete(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    letter = selectors.access_letter(user=request.user, campaign=campaign, letter_id=item)
    services.letter_delete(actor=request.user, letter=letter)
    return _deleted(request, campaign, reverse("campaigns:letter_list", args=[campaign.pk]))


# Actions ---------------------------------------------------------------------------------


@login_required
@require_GET
def action_list(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    status = request.GET.get("status", "")
    actions = selectors.action_list(user=request.user, campaign=campaign, status=status)
    return render(
        request,
        "campaigns/action_list.html",
        {
            "campaign": campaign,
            "page": Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page")),
            "status": status,
            "statuses": [
                ("pending", _("Pending")),
                ("approved", _("Approved")),
                ("rejected", _("Rejected")),
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    return _child_form(
        request,
        campaign,
        form_class=ActionForm,
        instance=None,
        create=services.action_create,
        update=services.action_update,
        owner={"campaign": campaign},
        title=_("Add an action"),
        back=reverse("campaigns:action_list", args=[campaign.pk]),
        form_kwargs={"organizations": _organizations(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    action = selectors.access_action(user=request.user, campaign=campaign, action_id=item)
    organizations = _organizations(request.user)
    if action.organization_id:
        organizations = (
            organizations | Organization.objects.filter(pk=action.organization_id)
        ).distinct()
    return _child_form(
        request,
        campaign,
        form_class=ActionForm,
        instance=action,
        create=services.action_create,
        update=lambda **kw: services.action_update(action=action, **kw),
        owner={},
        title=_("Edit the action"),
        delete_url=reverse("campaigns:action_delete", args=[campaign.pk, action.pk]),
        back=reverse("campaigns:action_list", args=[campaign.pk]),
        form_kwargs={"organizations": organizations},
    )


@login_required
@require_POST
def action_delete(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    action = selectors.access_action(user=request.user, campaign=campaign, action_id=item)
    services.action_delete(actor=request.user, action=action)
    return _deleted(request, campaign, reverse("campaigns:action_list", args=[campaign.pk]))


@login_required
@require_POST
def action_decide(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    campaign = _coordinated(request, pk)
    action = selectors.access_action(user=request.user, campaign=campaign, action_id=item)
    decision = request.POST.get("decision")
    if decision not in {"approve", "reject"}:
        messages.error(request, _("Choose what to do."))
    else:
        services.action_decide(actor=request.user, action=action, approve=decision == "approve")
        messages.success(
            request, _("Action approved.") if decision == "approve" else _("Action rejected.")
        )
    return redirect("campaigns:action_list", pk=campaign.pk)

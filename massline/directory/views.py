"""Pages of the directory. Thin: parse, call a selector or service, render."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from massline.accounts import access
from massline.accounts.http import AuthedRequest
from massline.accounts.models import Role, Unit, User
from massline.core.countries import country_name
from massline.core.forms import add_service_errors
from massline.core.svg import horizontal_bars, line_chart
from massline.directory import selectors, services
from massline.directory.charts import relation_graph
from massline.directory.forms import (
    DossierForm,
    DossierSourceForm,
    IndicatorForm,
    OrganizationFilterForm,
    OrganizationForm,
    PositionForm,
    QuestionForm,
    RelationForm,
)
from massline.directory.models import Organization, Question

PAGE_SIZE = 50


def _editable_units(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(id__in=access.units_with_role(user, Role.SECRETARY))


@login_required
def organization_list(request: AuthedRequest) -> HttpResponse:
    filters = selectors.OrganizationFilters.from_params(request.GET)
    organizations = selectors.organization_list(user=request.user, filters=filters)
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    form = OrganizationFilterForm(request.GET or None, tags=selectors.tag_names(user=request.user))
    context = {
        "page": page,
        "form": form,
        "filters": filters,
        "can_edit": access.can_edit_directory(request.user),
        "query": request.GET.copy(),
    }
    template = "directory/organization_list.html"
    if request.htmx:
        template = "directory/_organization_results.html"
    return render(request, template, context)


@login_required
def organization_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = selectors.access_organization(user=request.user, organization_id=pk)
    relations = list(selectors.relation_list(user=request.user, organization=organization))
    positions = selectors.position_list(user=request.user, organization=organization)
    can_edit = access.can_edit_record_of_unit(
        request.user, unit_id=organization.unit_id, confidential=organization.confidential
    )
    return render(
        request,
        "directory/organization_detail.html",
        {
            "organization": organization,
            "relations": relations,
            "graph": relation_graph(organization, relations) if relations else "",
            "positions": positions,
            "can_edit": can_edit,
            "relation_form": RelationForm(
                targets=selectors.organization_list(user=request.user).exclude(pk=organization.pk)
            )
            if can_edit
            else None,
            "position_form": PositionForm(questions=Question.objects.all()) if can_edit else None,
        },
    )


def _organization_form(
    request: AuthedRequest, organization: Organization | None = None
) -> HttpResponse:
    units = _editable_units(request.user)
    form = OrganizationForm(request.POST or None, instance=organization, units=units)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "tags"}
        try:
            if organization is None:
                organization = services.organization_create(
                    actor=request.user, tags=form.tag_names(), **data
                )
                messages.success(request, _("Organization added."))
            else:
                organization = services.organization_update(
                    actor=request.user, organization=organization, tags=form.tag_names(), **data
                )
                messages.success(request, _("Organization saved."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("directory:organization_detail", pk=organization.pk)
    return render(
        request,
        "directory/organization_form.html",
        {"form": form, "organization": organization},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: AuthedRequest) -> HttpResponse:
    if not access.can_edit_directory(request.user):
        raise PermissionDenied
    return _organization_form(request)


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = selectors.access_organization_for_edit(user=request.user, organization_id=pk)
    return _organization_form(request, organization)


@login_required
@require_POST
def organization_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = selectors.access_organization_for_edit(user=request.user, organization_id=pk)
    services.organization_delete(actor=request.user, organization=organization)
    messages.success(request, _("Organization deleted."))
    return redirect("directory:organization_list")


def _rerender_detail_with(
    request: AuthedRequest, organization: Organization, **forms_in_error: object
) -> HttpResponse:
    relations = list(selectors.relation_list(user=request.user, organization=organization))
    context = {
        "organization": organization,
        "relations": relations,
        "graph": relation_graph(organization, relations) if relations else "",
        "positions": selectors.position_list(user=request.user, organization=organization),
        "can_edit": True,
        "relation_form": RelationForm(
            targets=selectors.organization_list(user=request.user).exclude(pk=organization.pk)
        ),
        "position_form": PositionForm(questions=Question.objects.all()),
    }
    context.update(forms_in_error)
    return render(request, "directory/organization_detail.html", context, status=400)


@login_required
@require_POST
def relation_add(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = selectors.access_organization_for_edit(user=request.user, organization_id=pk)
    form = RelationForm(
        request.POST,
        targets=selectors.organization_list(user=request.user).exclude(pk=organization.pk),
    )
    if form.is_valid():
        try:
            services.relation_create(actor=request.user, source=organization, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Relation added."))
            return redirect("directory:organization_detail", pk=organization.pk)
    return _rerender_detail_with(request, organization, relation_form=form)


@login_required
@require_POST
def relation_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    relation = selectors.access_relation(user=request.user, relation_id=pk)
    services.relation_delete(actor=request.user, relation=relation)
    messages.success(request, _("Relation removed."))
    return redirect("directory:organization_detail", pk=relation.source_id)


@login_required
@require_POST
def position_add(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = selectors.access_organization_for_edit(user=request.user, organization_id=pk)
    form = PositionForm(request.POST, questions=Question.objects.all())
    if form.is_valid():
        data = dict(form.cleaned_data)
        question = data.pop("question")
        try:
            services.position_create(
                actor=request.user, organization=organization, question=question, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Position recorded."))
            return redirect("directory:organization_detail", pk=organization.pk)
    return _rerender_detail_with(request, organization, position_form=form)


@login_required
@require_POST
def position_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    position = selectors.access_position(user=request.user, position_id=pk)
    services.position_delete(actor=request.user, position=position)
    messages.success(request, _("Position removed."))
    return redirect("directory:organization_detail", pk=position.organization_id)


@login_required
def question_list(request: AuthedRequest) -> HttpResponse:
    questions = selectors.question_list(user=request.user)
    return render(
        request,
        "directory/question_list.html",
        {
            "questions": questions,
            "can_edit": access.can_edit_directory(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: AuthedRequest) -> HttpResponse:
    if not access.can_edit_directory(request.user):
        raise PermissionDenied
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Question added."))
            return redirect("directory:question_detail", pk=question.pk)
    return render(
        request, "directory/question_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def question_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    question = selectors.access_question(user=request.user, question_id=pk)
    rows = selectors.question_stances(user=request.user, question=question)
    tally: dict[str, int] = {}
    for row in rows:
        label = row.current.get_stance_display()
        tally[label] = tally.get(label, 0) + 1
    chart = horizontal_bars(
        sorted(tally.items(), key=lambda kv: -kv[1]),
        title=_("Stances on this question"),
        width=340,
        label_width=130,
    )
    return render(
        request,
        "directory/question_detail.html",
        {"question": question, "rows": rows, "chart": chart},
    )


@login_required
def country_list(request: AuthedRequest) -> HttpResponse:
    countries = selectors.country_list(user=request.user)
    for country in countries:
        country["name"] = country_name(country["code"])
    countries.sort(key=lambda c: c["name"].casefold())
    return render(request, "directory/country_list.html", {"countries": countries})


@login_required
def country_detail(request: AuthedRequest, code: str) -> HttpResponse:
    detail = selectors.country_detail(user=request.user, country=code.upper())
    return _render_country(request, detail)


def _render_country(
    request: AuthedRequest, detail: dict[str, Any], **forms_in_error: forms.Form
) -> HttpResponse:
    dossier = detail["dossier"]
    chart = ""
    if dossier is not None:
        series: dict[str, list[tuple[str, float]]] = {}
        for indicator in dossier.indicators.all():
            series.setdefault(indicator.name, []).append(
                (indicator.measured_on.isoformat()[:7], float(indicator.value))
            )
        chart = line_chart(list(series.items()), title=_("Indicators")) if series else ""
    can_edit = access.can_edit_directory(request.user)
    context = {
        **detail,
        "country_name": country_name(detail["country"]),
        "chart": chart,
        "can_edit": can_edit,
        "dossier_form": DossierForm(initial={"summary": dossier.summary if dossier else ""})
        if can_edit
        else None,
        "source_form": DossierSourceForm() if can_edit else None,
        "indicator_form": IndicatorForm() if can_edit else None,
    }
    context.update(forms_in_error)
    return render(
        request, "directory/country_detail.html", context, status=400 if forms_in_error else 200
    )


def _country_post(
    request: AuthedRequest,
    code: str,
    form_class: type[forms.Form],
    action: Callable[..., object],
    slot: str,
) -> HttpResponse:
    """Run `action` with the posted form; on bad input show the page again with the errors."""
    if not access.can_edit_directory(request.user):
        raise PermissionDenied
    detail = selectors.country_detail(user=request.user, country=code.upper())
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(actor=request.user, country=detail["country"], **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Dossier saved."))
            return redirect("directory:country_detail", code=detail["country"])
    return _render_country(request, detail, **{slot: form})


@login_required
@require_POST
def dossier_edit(request: AuthedRequest, code: str) -> HttpResponse:
    return _country_post(request, code, DossierForm, services.dossier_update, "dossier_form")


@login_required
@require_POST
def dossier_source_add(request: AuthedRequest, code: str) -> HttpResponse:
    return _country_post(
        request, code, DossierSourceForm, services.dossier_source_add, "source_form"
    )


@login_required
@require_POST
def indicator_add(request: AuthedRequest, code: str) -> HttpResponse:
    return _country_post(request, code, IndicatorForm, services.indicator_add, "indicator_form")

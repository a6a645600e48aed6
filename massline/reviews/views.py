"""Pages of the reviews app. Thin: parse, call a selector or service, render."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from massline.accounts.http import AuthedRequest
from massline.core.forms import add_service_errors
from massline.core.svg import grouped_bars, horizontal_bars
from massline.reviews import access, selectors, services, subjects
from massline.reviews.forms import (
    ActionForm,
    ActionStatusForm,
    AnswerForm,
    BoxForm,
    FindingForm,
    FollowUpForm,
    ReviewEditForm,
    ReviewForm,
    VerifyForm,
)
from massline.reviews.models import CorrectiveAction, Finding, Review

PAGE_SIZE = 30


@login_required
@require_GET
def review_list(request: AuthedRequest) -> HttpResponse:
    filters = selectors.ReviewFilters.from_params(request.GET)
    reviews = selectors.review_list(user=request.user, filters=filters)
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reviews/review_list.html",
        {
            "page": page,
            "filters": filters,
            "kinds": subjects.installed_kinds(),
            "tendencies": selectors.tendency_list(),
            "can_hold": access.can_hold_any_review(request.user),
            "can_see_trends": access.can_see_trends(request.user),
            "query": query.urlencode(),
        },
    )


def _review_form(request: AuthedRequest) -> ReviewForm:
    return ReviewForm(
        request.POST or None,
        initial={"held_on": timezone.localdate(), "facilitator": request.user.pk},
        subject_groups=subjects.pickable(request.user),
        units=selectors.box_unit_choices(user=request.user),
        people=selectors.participant_choices(user=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request: AuthedRequest) -> HttpResponse:
    if not access.can_hold_any_review(request.user):
        raise PermissionDenied
    form = _review_form(request)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        kind_code, _sep, raw_id = data.pop("subject").partition(":")
        try:
            review = services.review_create(
                actor=request.user,
                subject_kind=kind_code,
                subject_id=int(raw_id) if raw_id.isdigit() else 0,
                participants=list(data.pop("participants")),
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Review opened."))
            return redirect("reviews:review_detail", pk=review.pk)
    return render(
        request,
        "reviews/review_form.html",
        {"form": form, "review": None},
        status=400 if form.errors else 200,
    )


def _detail(request: AuthedRequest, review: Review, **forms_in_error: Any) -> HttpResponse:
    user = request.user
    can_edit = access.can_edit_review(user, review)
    findings = list(selectors.finding_list(user=user, review=review))
    action_rows = []
    for finding in findings:
        for action in finding.actions.all():
            action_rows.append(action)
    context: dict[str, Any] = {
        "review": review,
        "kind": subjects.kind_of_type(review.subject_type),
        "participants": sorted(
            review.participants.all(), key=lambda p: (p.display_name or p.email).casefold()
        ),
        "strengths": [f for f in findings if f.kind == Finding.Kind.STRENGTH],
        "errors": [f for f in findings if f.kind == Finding.Kind.ERROR],
        "earlier": selectors.earlier_findings(user=user, review=review),
        "follow_ups": list(selectors.follow_ups(user=user, review=review)),
        "can_edit": can_edit,
        "today": timezone.localdate(),
        "finding_form": FindingForm(review=review) if can_edit else None,
        "action_form": ActionForm(review=review) if can_edit else None,
        "follow_up_form": FollowUpForm() if can_edit else None,
        "status_form": ActionStatusForm(),
        "verify_form": VerifyForm(),
        "error_finding": None,
    }
    context.update(forms_in_error)
    return render(
        request, "reviews/review_detail.html", context, status=400 if forms_in_error else 200
    )


@login_required
@require_GET
def review_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    review = selectors.access_review(user=request.user, review_id=pk)
    return _detail(request, review)


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    review = selectors.access_review_for_edit(user=request.user, review_id=pk)
    form = ReviewEditForm(
        request.POST or None,
        instance=review,
        people=selectors.participant_choices(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.REVIEW_FIELDS}
        try:
            services.review_update(
                actor=request.user,
                review=review,
                participants=list(form.cleaned_data["participants"]),
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Review saved."))
            return redirect("reviews:review_detail", pk=review.pk)
    return render(
        request,
        "reviews/review_form.html",
        {"form": form, "review": review},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def finding_add(request: AuthedRequest, pk: int) -> HttpResponse:
    review = selectors.access_review_for_edit(user=request.user, review_id=pk)
    form = FindingForm(request.POST, review=review)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.finding_add(
                actor=request.user,
                review=review,
                tendencies=[t.code for t in data.pop("tendencies")],
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Finding recorded."))
            return redirect("reviews:review_detail", pk=review.pk)
    elif request.POST.getlist("tendencies"):
        # say plainly which codes are unknown rather than "select a valid choice"
        _explain_unknown_tendencies(form)
    return _detail(request, review, finding_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def finding_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = selectors.access_finding(user=request.user, finding_id=pk)
    review = selectors.access_review_for_edit(user=request.user, review_id=finding.review_id)
    form = FindingForm(
        request.POST or None,
        review=review,
        initial={
            "kind": finding.kind,
            "title": finding.title,
            "facts": finding.facts,
            "root_cause": finding.root_cause,
            "tendencies": [t.code for t in finding.tendencies.all()],
            "raised_by": finding.raised_by_id,
        },
    )
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.finding_update(
                    actor=request.user,
                    finding=finding,
                    tendencies=[t.code for t in data.pop("tendencies")],
                    **data,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Finding saved."))
                return redirect("reviews:review_detail", pk=review.pk)
        elif request.POST.getlist("tendencies"):
            _explain_unknown_tendencies(form)
    return render(
        request,
        "reviews/finding_form.html",
        {"form": form, "finding": finding, "review": review},
        status=400 if form.errors else 200,
    )


def _explain_unknown_tendencies(form: FindingForm) -> None:
    if "tendencies" in form.errors:
        form.errors["tendencies"] = form.error_class([_("Unknown tendency: choose from the list.")])


@login_required
@require_POST
def action_add(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = selectors.access_finding(user=request.user, finding_id=pk)
    review = selectors.access_review_for_edit(user=request.user, review_id=finding.review_id)
    form = ActionForm(request.POST, review=review)
    if form.is_valid():
        try:
            services.action_add(actor=request.user, finding=finding, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Corrective action added."))
            return redirect("reviews:review_detail", pk=review.pk)
    return _detail(request, review, action_form=form, error_finding=finding.pk)


def _back_to(request: AuthedRequest, action: CorrectiveAction) -> HttpResponse:
    if request.POST.get("next") == "actions":
        return redirect("reviews:action_list")
    return redirect("reviews:review_detail", pk=action.finding.review_id)


def _action_error(
    request: AuthedRequest, action: CorrectiveAction, form: forms.Form
) -> HttpResponse:
    review = selectors.access_review(user=request.user, review_id=action.finding.review_id)
    for message in [str(e) for errors in form.errors.values() for e in errors]:
        messages.error(request, message)
    return _detail(request, review, failed_action=action.pk)


@login_required
@require_POST
def action_status(request: AuthedRequest, pk: int) -> HttpResponse:
    action = selectors.access_action(user=request.user, action_id=pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.action_set_status(actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Status changed."))
            return _back_to(request, action)
    return _action_error(request, action, form)


@login_required
@require_POST
def action_verify(request: AuthedRequest, pk: int) -> HttpResponse:
    action = selectors.access_action(user=request.user, action_id=pk)
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.action_verify(actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Correction verified."))
            return _back_to(request, action)
    return _action_error(request, action, form)


@login_required
@require_POST
def follow_up_create(request: AuthedRequest, pk: int) -> HttpResponse:
    review = selectors.access_review_for_edit(user=request.user, review_id=pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            follow_up = services.follow_up_schedule(
                actor=request.user, review=review, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Follow-up review scheduled."))
            return redirect("reviews:review_detail", pk=follow_up.pk)
    return _detail(request, review, follow_up_form=form)


@login_required
@require_GET
def action_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "reviews/action_list.html",
        {
            "mine": list(
                selectors.action_list(user=request.user, mine=True).exclude(
                    status__in=[CorrectiveAction.Status.VERIFIED, CorrectiveAction.Status.DROPPED]
                )[:200]
            ),
            "overdue": list(selectors.action_list(user=request.user, overdue=True)[:200]),
            "today": timezone.localdate(),
            "status_form": ActionStatusForm(),
        },
    )


@login_required
@require_GET
def trends(request: AuthedRequest) -> HttpResponse:
    if not access.can_see_trends(request.user):
        raise PermissionDenied
    raw_months = request.GET.get("months", "12")
    months = int(raw_months) if raw_months.isdigit() and len(raw_months) < 3 else 12
    raw_unit = request.GET.get("unit", "")
    unit_id = int(raw_unit) if raw_unit.isdigit() and len(raw_unit) < 18 else None
    data = selectors.trends(user=request.user, months=months, unit_id=unit_id)
    top = data["series"][:6]
    charts = {
        "per_month": grouped_bars(
            data["months"],
            [(name, values) for name, _code, values in top],
            title=_("Errors by tendency and month"),
        ),
        "per_unit": grouped_bars(
            data["unit_names"],
            data["unit_series"],
            title=_("Reviews showing each tendency, by unit"),
        ),
        "totals": horizontal_bars(
            [(name, total) for name, _code, total in data["totals"]],
            title=_("Errors by tendency"),
        ),
        "overdue": horizontal_bars(
            [(row["unit"], row["overdue"]) for row in data["units"] if row["overdue"]],
            title=_("Overdue corrections by unit"),
        ),
        "verified": horizontal_bars(
            [
                (row["unit"], row["share_verified"])
                for row in data["units"]
                if row["share_verified"] is not None
            ],
            title=_("Share of corrections verified (%)"),
        ),
    }
    return render(
        request,
        "reviews/trends.html",
        {
            **data,
            "charts": charts,
            "units_choice": selectors.trend_units(user=request.user),
            "unit_id": unit_id,
            "months_count": months,
            "month_choices": [3, 6, 12, 24],
        },
    )


@login_required
@require_GET
def tendency_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "reviews/tendency_list.html", {"tendencies": selectors.tendency_list()})


# The anonymous box -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def box(request: AuthedRequest) -> HttpResponse:
    """One address for every unit (the unit is in the form), so that a web server's access
    log shows only that somebody used the box, never for which unit."""
    units = selectors.box_unit_choices(user=request.user)
    form = BoxForm(request.POST or None, units=units)
    # Refusals answer 200 with the form: Django logs every 4xx with the request (and so the
    # user) attached to the log record, and the box leaves no such trace. Someone who is no
    # member of any unit gets an empty choice of units, so their form never validates.
    if request.method == "POST" and form.is_valid():
        try:
            services.criticism_submit(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(reverse("reviews:box") + "?sent=1")
    return render(
        request,
        "reviews/box.html",
        {
            "form": form,
            "can_submit": units.exists(),
            "sent": request.method == "GET" and request.GET.get("sent") == "1",
            "answers": list(selectors.public_answers(user=request.user)[:100]),
            "can_read_box": access.can_read_box(request.user),
        },
    )


@login_required
@require_GET
def box_inbox(request: AuthedRequest) -> HttpResponse:
    batches = selectors.released_batches(user=request.user)
    page = Paginator(batches, 10).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/box_inbox.html",
        {"page": page, "answer_form": AnswerForm()},
    )


@login_required
@require_POST
def criticism_answer(request: AuthedRequest, pk: str) -> HttpResponse:
    criticism = selectors.access_criticism(user=request.user, criticism_id=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.criticism_answer(actor=request.user, criticism=criticism, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Answer published to the unit."))
            return redirect("reviews:box_inbox")
    batches = selectors.released_batches(user=request.user)
    page = Paginator(batches, 10).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/box_inbox.html",
        {
            "page": page,
            "answer_form": AnswerForm(),
            "failed_form": form,
            "failed_id": criticism.pk,
        },
        status=400,
    )

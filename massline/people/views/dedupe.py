"""Pages of de-duplication: the open candidate pairs, a scan in the background, the review of
one pair (merge field by field, or keep apart), and the merge history of a contact."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from massline.accounts import access
from massline.accounts.http import AuthedRequest
from massline.core.forms import add_service_errors
from massline.people import selectors, selectors_dedupe
from massline.people.forms_dedupe import MergeForm, ScanForm
from massline.people.models import DuplicateCandidate
from massline.people.services import merge
from massline.people.services.dedupe import reason_label
from massline.people.tasks_dedupe import dedupe_scan_task

PAGE_SIZE = 25
SCAN_SESSION_KEY = "massline_dedupe_scan"


def _require_manager(request: AuthedRequest) -> None:
    if not access.can_bulk_manage_contacts(request.user):
        raise PermissionDenied


def _scan_status(request: AuthedRequest) -> dict[str, Any] | None:
    """What became of the scan this session started last, if the queue can tell."""
    stored = request.session.get(SCAN_SESSION_KEY)
    if not stored:
        return None
    status = {
        "status": stored.get("status"),
        "found": stored.get("found"),
        "since": stored.get("since"),
    }
    if status["status"] in (TaskResultStatus.READY, TaskResultStatus.RUNNING):
        try:
            result = dedupe_scan_task.get_result(stored["id"])
        except (TaskResultDoesNotExist, NotImplementedError):
            return status
        status["status"] = result.status
        if result.status == TaskResultStatus.SUCCESSFUL:
            status["found"] = result.return_value
        request.session[SCAN_SESSION_KEY] = {
            **stored,
            "status": status["status"],
            "found": status["found"],
        }
    return status


@login_required
@require_GET
def duplicate_list(request: AuthedRequest) -> HttpResponse:
    pairs = selectors_dedupe.duplicate_pairs(user=request.user)
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (candidate, [reason_label(r) for r in candidate.reasons]) for candidate in page.object_list
    ]
    return render(
        request,
        "people/dedupe_list.html",
        {
            "page": page,
            "rows": rows,
            "scan_form": ScanForm(units=selectors_dedupe.scannable_units(user=request.user)),
            "scan": _scan_status(request),
            "statuses": TaskResultStatus,
        },
    )


@login_required
@require_POST
def duplicate_scan(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    form = ScanForm(request.POST, units=selectors_dedupe.scannable_units(user=request.user))
    if not form.is_valid():
        messages.error(request, _("Choose one of your units."))
        return redirect("people:duplicate_list")
    result = dedupe_scan_task.enqueue(user_id=request.user.pk, unit_ids=form.unit_ids())
    found = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None
    request.session[SCAN_SESSION_KEY] = {
        "id": result.id,
        "status": result.status,
        "found": found,
        "since": (result.enqueued_at.isoformat() if result.enqueued_at else None),
    }
    if result.status == TaskResultStatus.FAILED:
        messages.error(
            request, _("The scan failed; the administrator finds the reason in the task log.")
        )
    elif found is not None:
        messages.success(
            request, _("Scan finished: %(count)d new possible duplicates.") % {"count": found}
        )
    else:
        messages.success(
            request, _("The scan runs in the background; this page shows when it is done.")
        )
    return redirect("people:duplicate_list")


def _review(
    request: AuthedRequest, candidate: DuplicateCandidate, form: MergeForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "people/dedupe_review.html",
        {
            "candidate": candidate,
            "form": form,
            "a": candidate.first,
            "b": candidate.second,
            "reasons": [reason_label(r) for r in candidate.reasons],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def duplicate_review(request: AuthedRequest, pk: int) -> HttpResponse:
    candidate = selectors.access_duplicate(user=request.user, duplicate_id=pk)
    form = MergeForm(request.POST or None, first=candidate.first, second=candidate.second)
    if request.method == "POST" and form.is_valid():
        keep, other, choices = form.merge_arguments()
        try:
            kept = merge.contact_merge(actor=request.user, keep=keep, other=other, choices=choices)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Merged into %(name)s.") % {"name": kept.display_name})
            return redirect("people:merge_history", pk=kept.pk)
    return _review(request, candidate, form, status=400 if form.errors else 200)


@login_required
@require_POST
def duplicate_keep_apart(request: AuthedRequest, pk: int) -> HttpResponse:
    candidate = selectors.access_duplicate(user=request.user, duplicate_id=pk)
    try:
        merge.duplicate_keep_apart(actor=request.user, candidate=candidate)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Kept apart: a later scan will not pair them again."))
    return redirect("people:duplicate_list")


@login_required
@require_GET
def merge_history(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.access_contact(user=request.user, contact_id=pk)
    records = list(selectors_dedupe.merge_history(user=request.user, contact=contact))
    entries = [
        {
            "record": record,
            "snapshot": selectors_dedupe.merge_snapshot(user=request.user, record=record),
            "changed": [
                str(merge.FIELD_LABELS[name])
                for name, choice in sorted(record.choices.items())
                if choice != merge.KEEP and name in merge.FIELD_LABELS
            ],
        }
        for record in records
    ]
    return render(
        request,
        "people/merge_history.html",
        {
            "contact": contact,
            "entries": entries,
            "contact_url": reverse("people:contact_detail", args=[contact.pk]),
        },
    )


urlpatterns: list[URLPattern] = [
    path("duplicates/", duplicate_list, name="duplicate_list"),
    path("duplicates/scan/", duplicate_scan, name="duplicate_scan"),
    path("duplicates/<int:pk>/", duplicate_review, name="duplicate_review"),
    path("duplicates/<int:pk>/keep-apart/", duplicate_keep_apart, name="duplicate_keep_apart"),
    path("contacts/<int:pk>/merges/", merge_history, name="merge_history"),
]

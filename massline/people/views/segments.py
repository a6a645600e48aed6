"""Pages of segments: saved filters, their members, and the export to CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from massline.accounts import access
from massline.accounts.http import AuthedRequest
from massline.core.forms import add_service_errors
from massline.people import selectors
from massline.people.forms import SegmentForm
from massline.people.models import Segment
from massline.people.segments import FIELDS, SegmentQueryError
from massline.people.services import contacts as services
from massline.people.services.exports import segment_export
from massline.people.views.requests import require_mass_work

PAGE_SIZE = 50


@login_required
@require_GET
def segment_list(request: AuthedRequest) -> HttpResponse:
    segments = selectors.segment_list(user=request.user).order_by("name", "id")
    return render(request, "people/segment_list.html", {"segments": segments})


@login_required
@require_GET
def segment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    segment = selectors.access_segment(user=request.user, segment_id=pk)
    error = ""
    try:
        members = selectors.segment_members(user=request.user, segment=segment)
        page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    except SegmentQueryError as exc:
        # A query saved before the language changed: say so rather than fail.
        error = str(exc)
        page = Paginator(selectors.contact_base(user=request.user).none(), PAGE_SIZE).get_page(1)
    return render(
        request,
        "people/segment_detail.html",
        {
            "segment": segment,
            "page": page,
            "error": error,
            "can_export": access.can_bulk_manage_contacts_of(request.user, segment.unit_id),
        },
    )


def _segment_form(request: AuthedRequest, segment: Segment | None = None) -> HttpResponse:
    initial = {}
    if segment is not None:
        initial = {"unit": segment.unit_id, "name": segment.name, "query": segment.query}
    elif request.GET.get("q"):
        initial = {"query": request.GET["q"]}
    form = SegmentForm(
        request.POST or None, initial=initial, units=selectors.working_units(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if segment is None:
                segment = services.segment_create(
                    actor=request.user, unit=data["unit"], name=data["name"], query=data["query"]
                )
            else:
                segment = services.segment_update(
                    actor=request.user,
                    segment=segment,
                    unit=data["unit"],
                    name=data["name"],
                    query=data["query"],
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Segment saved."))
            return redirect("people:segment_detail", pk=segment.pk)
    return render(
        request,
        "people/segment_form.html",
        {"form": form, "segment": segment, "fields": sorted(FIELDS)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def segment_create(request: AuthedRequest) -> HttpResponse:
    require_mass_work(request.user)
    return _segment_form(request)


@login_required
@require_http_methods(["GET", "POST"])
def segment_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _segment_form(request, selectors.access_segment(user=request.user, segment_id=pk))


@login_required
@require_POST
def segment_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    segment = selectors.access_segment(user=request.user, segment_id=pk)
    services.segment_delete(actor=request.user, segment=segment)
    messages.success(request, _("Segment deleted."))
    return redirect("people:segment_list")


@login_required
@require_POST
@never_cache
def segment_export_csv(request: AuthedRequest, pk: int) -> HttpResponse:
    """The segment as a CSV download: secretaries only, audited."""
    segment = selectors.access_segment(user=request.user, segment_id=pk)
    if not access.can_bulk_manage_contacts_of(request.user, segment.unit_id):
        raise PermissionDenied
    try:
        export = segment_export(actor=request.user, segment=segment)
    except SegmentQueryError as exc:
        messages.error(request, str(exc))
        return redirect("people:segment_detail", pk=segment.pk)
    response = HttpResponse(export.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("segments/", segment_list, name="segment_list"),
    path("segments/new/", segment_create, name="segment_create"),
    path("segments/<int:pk>/", segment_detail, name="segment_detail"),
    path("segments/<int:pk>/edit/", segment_edit, name="segment_edit"),
    path("segments/<int:pk>/delete/", segment_delete, name="segment_delete"),
    path("segments/<int:pk>/export/", segment_export_csv, name="segment_export"),
]

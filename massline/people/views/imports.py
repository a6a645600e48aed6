"""Pages of the contact import: upload, column mapping, preview and dry run, progress, undo.

Only secretaries import, into their own units. The uploaded file is encrypted while it
streams in (`EncryptingUploadHandler`) and never reaches the disk in plaintext.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from massline.accounts import access
from massline.accounts.http import AuthedRequest
from massline.core.forms import add_service_errors
from massline.people import selectors
from massline.people.forms_imports import MappingForm, UploadForm
from massline.people.importing import services, storage
from massline.people.importing.files import FileProblem, max_upload_bytes
from massline.people.importing.mapping import (
    DUPLICATE_CHOICES,
    TARGETS,
    ImportOptions,
    mapping_to_json,
)
from massline.people.importing.run import preview_rows, row_message, run_message, sample_rows
from massline.people.models import ImportBatch

PAGE_SIZE = 25
POLL_SECONDS = 2
Status = ImportBatch.Status


def _require_manager(request: AuthedRequest) -> None:
    if not access.can_bulk_manage_contacts(request.user):
        raise PermissionDenied


@login_required
@require_GET
def import_list(request: AuthedRequest) -> HttpResponse:
    batches = selectors.import_list(user=request.user).order_by("-created_at", "-id")
    page = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/import_list.html", {"page": page})


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthedRequest) -> HttpResponse:
    """The upload form. CSRF is checked below, once the upload handler is in place: the
    handler must be set before anything reads the request body."""
    _require_manager(request)
    handler = None
    if request.method == "POST":
        handler = storage.EncryptingUploadHandler(
            field_name="file", max_bytes=max_upload_bytes(), request=request
        )
        request.upload_handlers = [handler]
    response = _import_upload(request, handler)
    # A request refused before the form was read (a failed CSRF check) leaves its upload
    # behind; an upload that became an import is referred to by it.
    if (
        handler is not None
        and handler.stored_name
        and not ImportBatch.objects.filter(stored_file=handler.stored_name).exists()
    ):
        storage.delete(handler.stored_name)
    return response


@csrf_protect
def _import_upload(
    request: AuthedRequest, handler: storage.EncryptingUploadHandler | None
) -> HttpResponse:
    units = selectors.managed_units(user=request.user)
    if request.method != "POST":
        return render(request, "people/import_upload.html", {"form": UploadForm(units=units)})
    form = UploadForm(request.POST, request.FILES, units=units)
    upload = request.FILES.get("file")
    stored_name = getattr(upload, "stored_name", "")
    batch = None
    try:
        if upload is None and handler is not None and handler.too_large:
            problem = FileProblem("too_large", limit=max_upload_bytes() // (1024 * 1024))
            form.add_error("file", problem.message)
        elif form.is_valid() and upload is not None:
            try:
                batch = services.import_create(
                    actor=request.user,
                    unit=form.cleaned_data["unit"],
                    stored_name=stored_name,
                    filename=upload.name or "",
                    encoding=form.cleaned_data["encoding"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
    finally:
        if batch is None and stored_name:
            storage.delete(stored_name)
    if batch is None:
        return render(request, "people/import_upload.html", {"form": form}, status=400)
    messages.success(
        request,
        _("The file has %(rows)d rows. Tell what each column holds.") % {"rows": batch.total_rows},
    )
    return redirect("people:import_mapping", pk=batch.pk)


def _targets(batch: ImportBatch) -> list[str]:
    return list(batch.mapping.get("targets") or ["ignore"] * len(batch.columns))


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = selectors.access_import(user=request.user, import_id=pk)
    if batch.status not in (Status.UPLOADED, Status.MAPPED):
        messages.error(request, _("This import has started: its mapping cannot change."))
        return redirect("people:import_detail", pk=batch.pk)
    form = MappingForm(
        request.POST or None,
        columns=list(batch.columns),
        targets=_targets(batch),
        samples=sample_rows(batch),
        options=ImportOptions.from_dict(batch.options),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.import_map(
                actor=request.user, batch=batch, targets=form.targets(), options=form.options()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Mapping saved. Check the preview below."))
            return redirect("people:import_detail", pk=batch.pk)
    return render(
        request,
        "people/import_mapping.html",
        {"batch": batch, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def import_mapping_json(request: AuthedRequest, pk: int) -> HttpResponse:
    """The mapping as JSON, for `massline import_contacts --mapping`."""
    batch = selectors.access_import(user=request.user, import_id=pk)
    text = mapping_to_json(
        list(batch.columns), _targets(batch), ImportOptions.from_dict(batch.options)
    )
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-mapping.json"'
    return response


def _active(batch: ImportBatch) -> bool:
    return batch.status in (Status.QUEUED, Status.RUNNING) or services.check_running(batch)


def _status_context(batch: ImportBatch) -> dict[str, Any]:
    check = batch.report.get("check", {})
    checking = batch.status in (Status.UPLOADED, Status.MAPPED) and services.check_running(batch)
    processed = check.get("rows", 0) if checking else batch.processed_rows
    total = batch.total_rows or 1
    run = batch.report.get("run", {})
    return {
        "batch": batch,
        "active": _active(batch),
        "checking": checking,
        "processed": processed,
        "percent": min(100, int(100 * processed / total)),
        "fuzzy_running": run.get("state") == "fuzzy",
        "poll_seconds": POLL_SECONDS,
    }


def _errors(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "row": e.get("row"),
            "column": e.get("column", ""),
            "message": row_message(e.get("code", ""), e.get("params")),
        }
        for e in entries
    ]


@login_required
@require_GET
def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = selectors.access_import(user=request.user, import_id=pk)
    targets = _targets(batch)
    mapping = [
        (column, TARGETS.get(target, target))
        for column, target in zip(batch.columns, targets, strict=False)
        if target != "ignore"
    ]
    options = ImportOptions.from_dict(batch.options)
    preview = []
    preview_problem = ""
    if batch.status in (Status.UPLOADED, Status.MAPPED) and batch.stored_file:
        try:
            preview = preview_rows(actor=request.user, batch=batch)
        except (FileProblem, storage.StoredFileError):
            preview_problem = str(FileProblem("missing"))
    check = dict(batch.report.get("check", {}))
    if check.get("errors"):
        check["error_list"] = _errors(check["errors"])
    run = batch.report.get("run", {})
    context = {
        **_status_context(batch),
        "mapping": mapping,
        "options": options,
        "duplicates_label": DUPLICATE_CHOICES.get(options.duplicates, ""),
        "preview": preview,
        "preview_problem": preview_problem,
        "check": check,
        "run": run,
        "undo": batch.report.get("undo"),
        "errors": _errors(batch.errors or []),
        "failure": run_message(run.get("code", "")) if run.get("code") else batch.message,
        "can_map": batch.status in (Status.UPLOADED, Status.MAPPED),
        "can_start": batch.status == Status.MAPPED and not _active(batch),
        "can_resume": services.can_resume(batch),
        "can_undo": services.can_undo(batch),
        "can_delete": services.can_delete(batch) and not _active(batch),
        "duplicates_url": _duplicates_url(),
    }
    return render(request, "people/import_detail.html", context)


def _duplicates_url() -> str:
    try:
        return reverse("people:duplicate_list")
    except NoReverseMatch:  # the de-duplication pages are optional
        return ""


@login_required
@require_GET
def import_status(request: AuthedRequest, pk: int) -> HttpResponse:
    """The progress fragment that the detail page polls. When the work is over, htmx is
    told to reload the whole page, which then shows the results."""
    batch = selectors.access_import(user=request.user, import_id=pk)
    context = _status_context(batch)
    response = render(request, "people/import_status.html", context)
    if request.htmx and not context["active"]:
        response["HX-Refresh"] = "true"
    return response


def _action(request: AuthedRequest, pk: int, action: Any, done: str) -> HttpResponse:
    batch = selectors.access_import(user=request.user, import_id=pk)
    try:
        action(actor=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("people:import_detail", pk=batch.pk)


@login_required
@require_POST
def import_check(request: AuthedRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        services.import_check,
        _("The whole file is being checked; nothing is imported."),
    )


@login_required
@require_POST
def import_start(request: AuthedRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.import_start, _("The import has started."))


@login_required
@require_POST
def import_resume(request: AuthedRequest, pk: int) -> HttpResponse:
    return _action(
        request, pk, services.import_resume, _("The import carries on from where it stopped.")
    )


@login_required
@require_POST
def import_undo(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = selectors.access_import(user=request.user, import_id=pk)
    try:
        result = services.import_undo(actor=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Import undone: %(count)d contacts deleted.") % {"count": result["deleted"]}
        )
        if result["kept_merged"]:
            messages.warning(
                request,
                _(
                    "%(count)d contacts of this import were kept: other contacts were merged into "
                    "them since, and deleting them would delete those too. Review them by hand."
                )
                % {"count": result["kept_merged"]},
            )
    return redirect("people:import_detail", pk=batch.pk)


@login_required
@require_POST
def import_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = selectors.access_import(user=request.user, import_id=pk)
    try:
        services.import_delete(actor=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("people:import_detail", pk=batch.pk)
    messages.success(request, _("Import deleted, with its file."))
    return redirect("people:import_list")


urlpatterns: list[URLPattern] = [
    path("imports/", import_list, name="import_list"),
    path("imports/new/", import_upload, name="import_upload"),
    path("imports/<int:pk>/", import_detail, name="import_detail"),
    path("imports/<int:pk>/mapping/", import_mapping, name="import_mapping"),
    path("imports/<int:pk>/mapping.json", import_mapping_json, name="import_mapping_json"),
    path("imports/<int:pk>/status/", import_status, name="import_status"),
    path("imports/<int:pk>/check/", import_check, name="import_check"),
    path("imports/<int:pk>/start/", import_start, name="import_start"),
    path("imports/<int:pk>/resume/", import_resume, name="import_resume"),
    path("imports/<int:pk>/undo/", import_undo, name="import_undo"),
    path("imports/<int:pk>/delete/", import_delete, name="import_delete"),
]

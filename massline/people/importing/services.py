"""Writes of imports: upload, mapping, dry run, start, resume, undo, delete.

An import belongs to one unit and is for the secretaries of that unit
(`access.can_bulk_manage_contacts_of`). Every step is audited. The uploaded file stays
encrypted in the import store and is deleted when the import is done, undone, deleted, or
cannot be read any more.
"""

import secrets
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massline.accounts import access
from massline.accounts.models import Unit, User
from massline.audit.services import audit_record
from massline.people.importing import storage
from massline.people.importing.files import (
    DETECT,
    ENCODING_CHOICES,
    FileProblem,
    inspect_file,
    max_upload_bytes,
)
from massline.people.importing.mapping import (
    ImportOptions,
    guess_targets,
    validate_options,
    validate_targets,
)
from massline.people.models import Contact, ImportBatch

ORPHAN_SECONDS = 24 * 3600
DEFAULT_STALE_SECONDS = 10 * 60

Status = ImportBatch.Status


def _require(actor: User, unit_id: int) -> None:
    if not access.can_bulk_manage_contacts_of(actor, unit_id):
        raise PermissionDenied


def _sweep_orphans() -> None:
    """Delete stored files that no import refers to and that nobody wrote to for a day
    (left by a request that died between the upload and the batch)."""
    names = storage.stored_names(older_than_seconds=ORPHAN_SECONDS)
    if not names:
        return
    used = set(
        ImportBatch.objects.filter(stored_file__in=names).values_list("stored_file", flat=True)
    )
    for name in names:
        if name not in used:
            storage.delete(name)


def import_create(
    *, actor: User, unit: Unit, stored_name: str, filename: str, encoding: str = DETECT
) -> ImportBatch:
    """Check an uploaded file (already in the encrypted store) and open an import for it.

    The whole file is read once: a file that cannot be imported is refused with a clear
    message (a `ValidationError` on "file"), and then deleted; nothing is imported. Columns
    get a guessed mapping.
    """
    try:
        _require(actor, unit.pk)
        if encoding not in ENCODING_CHOICES:
            raise ValidationError({"encoding": _("Choose an encoding from the list.")})
        try:
            inspection = inspect_file(stored_name, filename=filename, encoding=encoding)
        except FileProblem as exc:
            raise ValidationError({"file": exc.message}, code=exc.code) from exc
    except BaseException:
        storage.delete(stored_name)
        raise
    with transaction.atomic():
        batch = ImportBatch(
            unit=unit,
            created_by=actor,
            filename=Path(filename).name[:255],
            file_format=inspection.info.format,
            status=Status.UPLOADED,
            columns=inspection.header,
            mapping={"targets": guess_targets(inspection.header)},
            options={
                **ImportOptions().as_dict(),
                "file": {**inspection.info.as_dict(), "header_row": inspection.header_row},
            },
            total_rows=inspection.total_rows,
            stored_file=stored_name,
        )
        batch.full_clean()
        batch.save()
        audit_record(
            actor=actor,
            action="import.upload",
            obj=batch,
            data={
                "unit": unit.pk,
                "format": batch.file_format,
                "rows": batch.total_rows,
                "columns": len(batch.columns),
            },
        )
    _sweep_orphans()
    return batch


def import_create_from_path(
    *, actor: User, unit: Unit, path: Path, encoding: str = DETECT
) -> ImportBatch:
    """`import_create` for a file on disk (the command line): encrypted into the store first,
    like an upload."""
    _require(actor, unit.pk)
    try:
        with path.open("rb") as source:
            stored_name, _size = storage.store_stream(source, max_bytes=max_upload_bytes())
    except storage.FileTooLarge as exc:
        problem = FileProblem("too_large", limit=max_upload_bytes() // (1024 * 1024))
        raise ValidationError({"file": problem.message}, code="too_large") from exc
    return import_create(
        actor=actor, unit=unit, stored_name=stored_name, filename=path.name, encoding=encoding
    )


def _lock(batch: ImportBatch) -> ImportBatch:
    return ImportBatch.objects.select_for_update().select_related("unit").get(pk=batch.pk)


@transaction.atomic
def import_map(
    *, actor: User, batch: ImportBatch, targets: list[str], options: ImportOptions
) -> ImportBatch:
    """Set the column targets and options. Possible until the import is queued; forgets an
    earlier dry run."""
    batch = _lock(batch)
    _require(actor, batch.unit_id)
    if batch.status not in (Status.UPLOADED, Status.MAPPED):
        raise ValidationError(_("This import has started: its mapping cannot change."))
    if check_running(batch):
        raise ValidationError(_("Wait for the dry run to finish before changing the mapping."))
    targets = validate_targets(list(targets), list(batch.columns))
    options = validate_options(options)
    batch.mapping = {"targets": targets}
    batch.options = {**options.as_dict(), "file": batch.options.get("file", {})}
    batch.report = {key: value for key, value in batch.report.items() if key != "check"}
    batch.status = Status.MAPPED
    batch.save(update_fields=["mapping", "options", "report", "status"])
    audit_record(
        actor=actor,
        action="import.map",
        obj=batch,
        data={"targets": targets, "options": options.as_dict()},
    )
    return batch


def _enqueue(task_name: str, batch_id: int, actor_id: int) -> None:
    from massline.people import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.enqueue(batch_id, actor_id))


def check_running(batch: ImportBatch) -> bool:
    """A dry run is queued or running, and made progress recently."""
    check = batch.report.get("check", {})
    if check.get("state") not in ("queued", "running"):
        return False
    try:
        updated = datetime.fromisoformat(str(check.get("updated")))
    except ValueError:
        return False
    return (timezone.now() - updated).total_seconds() <= stale_seconds()


@transaction.atomic
def import_check(*, actor: User, batch: ImportBatch) -> ImportBatch:
    """Queue a dry run over the whole file; its report lands in `report["check"]`."""
    batch = _lock(batch)
    _require(actor, batch.unit_id)
    if batch.status != Status.MAPPED:
        raise ValidationError(_("Map the columns before checking the file."))
    if check_running(batch):
        raise ValidationError(_("The file is being checked already."))
    batch.report = {
        **batch.report,
        "check": {
            "state": "queued",
            "actor": actor.pk,
            "token": secrets.token_hex(8),
            "updated": timezone.now().isoformat(),
        },
    }
    batch.save(update_fields=["report"])
    audit_record(actor=actor, action="import.check", obj=batch)
    _enqueue("import_check_task", batch.pk, actor.pk)
    return batch


@transaction.atomic
def import_start(*, actor: User, batch: ImportBatch, enqueue: bool = True) -> ImportBatch:
    """Queue the import of a mapped file. With `enqueue=False` the caller runs it itself
    (`run.import_run`, as the command line does)."""
    batch = _lock(batch)
    _require(actor, batch.unit_id)
    if batch.status != Status.MAPPED:
        raise ValidationError(_("Map the columns before importing."))
    if check_running(batch):
        raise ValidationError(_("Wait for the dry run to finish before importing."))
    if not batch.stored_file:
        raise ValidationError(_("The uploaded file is no longer available. Upload it again."))
    batch.status = Status.QUEUED
    batch.progress_at = timezone.now()
    batch.save(update_fields=["status", "progress_at"])
    audit_record(actor=actor, action="import.queue", obj=batch)
    if enqueue:
        _enqueue("import_contacts_task", batch.pk, actor.pk)
    return batch


def stale_seconds() -> int:
    return int(getattr(settings, "MASSLINE_IMPORT_STALE_SECONDS", DEFAULT_STALE_SECONDS))


def can_resume(batch: ImportBatch) -> bool:
    """A failed import, or one that made no progress for a while (its worker died), can carry
    on from its checkpoint while its file is kept."""
    if not batch.stored_file and batch.processed_rows < batch.total_rows:
        return False
    if batch.status == Status.FAILED:
        return True
    if batch.status in (Status.QUEUED, Status.RUNNING):
        last = batch.progress_at or batch.created_at
        return (timezone.now() - last).total_seconds() > stale_seconds()
    return False


@transaction.atomic
def import_resume(*, actor: User, batch: ImportBatch) -> ImportBatch:
    """Queue a failed or stalled import again; it carries on from its checkpoint. A run
    still alive somewhere loses the batch to the new one and stops at its next chunk."""
    batch = _lock(batch)
    _require(actor, batch.unit_id)
    if not can_resume(batch):
        raise ValidationError(_("This import cannot be resumed."))
    batch.status = Status.QUEUED
    run = dict(batch.report.get("run", {}))
    run.update(token="", state="queued", code="")
    batch.report = {**batch.report, "run": run}
    batch.progress_at = timezone.now()
    batch.message = ""
    batch.finished_at = None
    batch.save(update_fields=["status", "report", "progress_at", "message", "finished_at"])
    audit_record(
        actor=actor, action="import.requeue", obj=batch, data={"from_row": batch.processed_rows}
    )
    _enqueue("import_contacts_task", batch.pk, actor.pk)
    return batch


def can_undo(batch: ImportBatch) -> bool:
    return batch.status == Status.DONE or (
        batch.status == Status.FAILED and batch.created_count > 0
    )


@transaction.atomic
def import_undo(*, actor: User, batch: ImportBatch) -> dict[str, int]:
    """Delete the contacts an import created, in one transaction.

    Contacts that another contact was merged into since the import are kept (deleting them
    would delete the merged contact's data too); contacts deleted or merged away since are
    gone already. Fields filled into existing contacts and created workplaces and tags stay.
    Returns {"deleted", "kept_merged", "gone"}.
    """
    batch = _lock(batch)
    _require(actor, batch.unit_id)
    if not can_undo(batch):
        raise ValidationError(_("Only a finished or failed import can be undone."))
    contacts = Contact.objects.filter(import_batch=batch)
    merged = set(contacts.filter(merges__isnull=False).values_list("pk", flat=True))
    doomed = contacts.exclude(pk__in=merged)
    deleted = doomed.count()
    doomed.only("pk").delete()
    result = {
        "deleted": deleted,
        "kept_merged": len(merged),
        "gone": max(0, batch.created_count - deleted - len(merged)),
    }
    name = batch.stored_file
    batch.status = Status.UNDONE
    batch.stored_file = ""
    batch.finished_at = timezone.now()
    batch.report = {**batch.report, "undo": result}
    batch.save(update_fields=["status", "stored_file", "finished_at", "report"])
    audit_record(actor=actor, action="import.undo", obj=batch, data=result)
    transaction.on_commit(lambda: storage.delete(name))
    return result


def can_delete(batch: ImportBatch) -> bool:
    return batch.status in (Status.UPLOADED, Status.MAPPED) or (
        batch.status in (Status.FAILED, Status.UNDONE) and not batch.contacts.exists()
    )


@transaction.atomic
def import_delete(*, actor: User, batch: ImportBatch) -> None:
    """Drop an import that created nothing (or whose contacts are undone), with its file."""
    batch = _lock(batch)
    _require(actor, batch.unit_id)
    if not can_delete(batch):
        raise ValidationError(_("This import created contacts: undo it first."))
    name = batch.stored_file
    audit_record(actor=actor, action="import.delete", obj=batch, data={"status": batch.status})
    batch.delete()
    transaction.on_commit(lambda: storage.delete(name))

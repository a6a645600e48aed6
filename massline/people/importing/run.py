"""The import and its dry run: chunk by chunk, with a checkpoint committed with each chunk.

Pipeline: the main process reads the file and hands chunks of rows to a pool of worker
processes (`prepare`: normalize, validate, encrypt, blind-index); it takes the prepared
chunks back in order, sorts out exact duplicates (inside the file and against the contacts
the acting user can see), and writes each chunk in one transaction together with the batch's
checkpoint (`processed_rows` and the counts). A run killed half-way leaves whole chunks only;
`import_run` on the same batch carries on from the checkpoint, rebuilding the set of
identifiers seen so far from the contacts the batch created.

A run holds the batch through a token stored in `report["run"]`: a second run that claims the
batch (a resume while the first was thought dead) makes the first one stop at its next chunk.
"""

import json
import logging
import multiprocessing
import os
import secrets
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massline.accounts import access
from massline.accounts.models import Unit, User
from massline.audit.services import audit_record
from massline.people.importing import storage
from massline.people.importing.files import FileInfo, FileProblem, iter_row_blocks
from massline.people.importing.mapping import (
    DUPLICATE_FILL,
    ImportOptions,
    constituency_lookup,
    country_lookup,
    language_lookup,
    status_lookup,
)
from massline.people.importing.prepare import (
    CHECK,
    ENCRYPT,
    PLAIN,
    SEALED_FIELDS,
    PrepareConfig,
    PreparedChunk,
    PreparedRow,
    RowError,
    init_worker,
    make_state,
    prepare_chunk,
    prepare_with,
)
from massline.people.importing.writer import ContactWriter, bulk_session
from massline.people.models import (
    Constituency,
    Contact,
    ContactIdentifier,
    ImportBatch,
    Site,
    Tag,
)
from massline.people.selectors import contact_base
from massline.people.services.contacts import (
    EMAIL_PURPOSE,
    PHONE_PURPOSE,
    TEXT_LIMITS,
    rebuild_identifiers,
    site_create,
    tags_named,
)
from massline.people.services.dedupe import dedupe_scan
from massline.vault.crypto import decrypt
from massline.vault.keys import keyring

logger = logging.getLogger(__name__)

DEFAULT_CHUNK_ROWS = 10_000
ERROR_LIST_LIMIT = 100
_LOOKUP_BATCH = 900

ROW_MESSAGES: dict[str, Any] = {
    "extra_cells": _("This row has more cells than the header has columns."),
    "too_long": _("Longer than %(limit)d characters."),
    "country": _("Not a country (give an ISO code such as RU, or a name)."),
    "email": _("Not an email address."),
    "phone": _(
        "Not a phone number (give it with the country code, e.g. +7…, or choose a default country)."
    ),
    "language": _("Not a language (give ISO codes such as ru, it, or names)."),
    "status": _("Not a membership status (contact, sympathizer, supporter, candidate, member)."),
    "consent": _("Answer yes or no."),
    "assessment": _("An assessment is a number from 1 to 5."),
    "constituency": _("Not a known constituency."),
    "tag_too_long": _("A tag may have at most 60 characters."),
    "empty_contact": _("Give at least a name, a pseudonym, an email or a phone."),
}


RUN_MESSAGES: dict[str, Any] = {
    "file": _("The uploaded file can no longer be read. Upload it again."),
    "stopped": _(
        "The import stopped. Only whole chunks of rows were written: resume it to "
        "carry on from where it stopped."
    ),
}


def run_message(code: str) -> str:
    return str(RUN_MESSAGES.get(code, code))


def row_message(code: str, params: dict[str, Any] | None = None) -> str:
    template = str(ROW_MESSAGES.get(code, code))
    if params and "%(" in template:
        return template % params
    return template


def chunk_rows_setting() -> int:
    return int(getattr(settings, "MASSLINE_IMPORT_CHUNK_ROWS", DEFAULT_CHUNK_ROWS))


def workers_setting() -> int:
    """Worker processes for preparing rows: `MASSLINE_IMPORT_WORKERS`, else one per core (at
    most 4). 0 or 1 prepares rows in the importing process itself."""
    configured = getattr(settings, "MASSLINE_IMPORT_WORKERS", None)
    if configured is not None:
        return int(configured)
    return min(os.cpu_count() or 1, 4)


class Superseded(Exception):
    """Another run holds the batch now; this one stops without touching it."""


# Configuration ------------------------------------------------------------------------------


def build_config(batch: ImportBatch, mode: str) -> PrepareConfig:
    targets = tuple(batch.mapping.get("targets") or ())
    options = ImportOptions.from_dict(batch.options)
    key = keyring().current
    name_field = Contact._meta.get_field("name_index")
    assert getattr(name_field, "normalizer", "") == "massline.vault.normalize.normalize_name"
    limits = dict(TEXT_LIMITS)
    limits["site"] = Site._meta.get_field("name").max_length or 200
    limits["site_sector"] = Site._meta.get_field("sector").max_length or 80
    return PrepareConfig(
        targets=targets,
        mode=mode,
        master_key=key.master,
        key_id=key.key_id,
        purposes={
            name: Contact._meta.get_field(name).purpose  # type: ignore[union-attr]
            for name in SEALED_FIELDS
        },
        name_purpose=name_field.purpose,  # type: ignore[union-attr]
        email_purpose=EMAIL_PURPOSE,
        phone_purpose=PHONE_PURPOSE,
        text_limits=limits,
        default_country=options.default_country,
        countries=country_lookup(),
        languages=language_lookup(),
        statuses=status_lookup(),
        constituencies=constituency_lookup(),
        extra_constituencies=tuple(options.constituencies),
        extra_tags=tuple(options.tags),
    )


def first_row_number(batch: ImportBatch) -> int:
    """Row number of the first data row: the header's row plus one."""
    return int(batch.options.get("file", {}).get("header_row", 1)) + 1


# Reading and preparing -----------------------------------------------------------------------


def _chunks(batch: ImportBatch, *, skip: int, size: int) -> Iterator[tuple[int, list[list[str]]]]:
    """(row number of the first row, rows) of the batch's file after `skip` data rows."""
    info = FileInfo.from_dict(batch.options.get("file", {}))
    number = first_row_number(batch) + skip
    for rows in iter_row_blocks(batch.stored_file, info, skip=skip, size=size):
        yield number, rows
        number += len(rows)


def _prepared(
    chunks: Iterator[tuple[int, list[list[str]]]], config: PrepareConfig, workers: int
) -> Iterator[tuple[int, int, PreparedChunk]]:
    """(first row, row count, prepared chunk), in file order.

    With workers, one chunk more than there are workers is in flight: enough to keep the pool
    busy while this process writes, not so many that the file piles up in memory.
    """
    if workers <= 1:
        state = make_state(config)
        for first, rows in chunks:
            yield first, len(rows), prepare_with(state, rows, first)
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=init_worker, initargs=(config,)) as pool:
        pending: deque[tuple[int, int, Any]] = deque()
        for first, rows in chunks:
            pending.append((first, len(rows), pool.apply_async(prepare_chunk, (rows, first))))
            if len(pending) > workers:
                first_done, count, result = pending.popleft()
                yield first_done, count, result.get()
        while pending:
            first_done, count, result = pending.popleft()
            yield first_done, count, result.get()


# Duplicates ---------------------------------------------------------------------------------


def visible_matches(actor: User, kind: str, indexes: Iterable[str]) -> dict[str, int]:
    """Blind index → id of the oldest contact *the actor can see* holding it.

    The scope is the one of `selectors.contact_base(user=actor)` (`access.contact_scope`),
    applied through the identifier's contact, so that contacts of other compartments are
    never matched, counted or shown.
    """
    wanted = list(dict.fromkeys(i for i in indexes if i))
    found: dict[str, int] = {}
    if not wanted or not access.can_do_mass_work(actor):
        return found
    scope = access.contact_scope(actor, "contact__unit")
    for start in range(0, len(wanted), _LOOKUP_BATCH):
        part = wanted[start : start + _LOOKUP_BATCH]
        matches = (
            ContactIdentifier.objects.filter(scope, kind=kind, value_index__in=part)
            .values_list("value_index", "contact_id")
            .order_by("contact_id")
        )
        for value_index, contact_id in matches:
            found.setdefault(value_index, contact_id)
    return found


class VisibleIdentifiers:
    """The blind indexes of the contacts the actor can see, for matching a whole file.

    Up to `preload_limit` identifiers are read once into memory, oldest contact first; past
    that, each chunk asks the database (`visible_matches`). Identifiers written by others
    during the import are not in the preloaded table; the duplicate scan finds those.
    """

    def __init__(self, actor: User, *, preload_limit: int | None = None) -> None:
        self.actor = actor
        self.table: dict[str, int] | None = None
        limit = (
            preload_limit
            if preload_limit is not None
            else int(getattr(settings, "MASSLINE_IMPORT_PRELOAD_IDENTIFIERS", 2_000_000))
        )
        if not access.can_do_mass_work(actor):
            self.table = {}
            return
        visible = ContactIdentifier.objects.filter(access.contact_scope(actor, "contact__unit"))
        if visible.count() <= limit:
            table: dict[str, int] = {}
            rows = (
                visible.order_by("contact_id")
                .values_list("value_index", "contact_id")
                .iterator(chunk_size=20_000)
            )
            for value_index, contact_id in rows:
                table.setdefault(value_index, contact_id)
            self.table = table

    def matches(self, kind: str, indexes: list[str]) -> dict[str, int]:
        table = self.table
        if table is None:
            return visible_matches(self.actor, kind, indexes)
        return {i: table[i] for i in indexes if i in table}

    def add(self, value_index: str, contact_id: int) -> None:
        if self.table is not None:
            self.table.setdefault(value_index, contact_id)


@dataclass
class Sorted:
    """A chunk's prepared rows sorted out."""

    new: list[PreparedRow] = field(default_factory=list)
    in_file: list[PreparedRow] = field(default_factory=list)
    existing: list[tuple[PreparedRow, int]] = field(default_factory=list)


def sort_rows(rows: list[PreparedRow], *, seen: set[str], visible: VisibleIdentifiers) -> Sorted:
    """Split rows into new ones, duplicates of earlier rows of the file (their emails or
    phones are in `seen`) and duplicates of contacts the actor can see. Adds the
    identifiers of the new rows to `seen`."""
    emails = [i for row in rows for i in row.email_indexes if i not in seen]
    phones = [i for row in rows for i in row.phone_indexes if i not in seen]
    existing = visible.matches("email", emails)
    existing.update(visible.matches("phone", phones))
    result = Sorted()
    new = result.new
    for row in rows:
        identifiers = row.email_indexes + row.phone_indexes
        if not identifiers:
            new.append(row)
            continue
        if not seen.isdisjoint(identifiers):
            result.in_file.append(row)
            continue
        if existing and not existing.keys().isdisjoint(identifiers):
            match = next(existing[i] for i in identifiers if i in existing)
            result.existing.append((row, match))
            continue
        new.append(row)
        seen.update(identifiers)
    return result


# Tallies --------------------------------------------------------------------------------------


@dataclass
class Tally:
    rows: int = 0
    created: int = 0
    in_file: int = 0
    existing: int = 0
    filled: int = 0
    error_rows: int = 0
    blank: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    new_sites: set[str] = field(default_factory=set)

    @property
    def duplicates(self) -> int:
        return self.in_file + self.existing

    def add_errors(self, errors: list[RowError], columns: list[str]) -> None:
        self.error_rows += len({error[0] for error in errors})
        for row, column, code, params in errors:
            if len(self.errors) >= ERROR_LIST_LIMIT:
                break
            # Cell values stay out of the database: only numbers are kept.
            kept = {k: v for k, v in (params or {}).items() if isinstance(v, int)}
            self.errors.append(
                {
                    "row": row,
                    "column": columns[column] if 0 <= column < len(columns) else "",
                    "code": code,
                    "params": kept,
                }
            )

    def counts(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "in_file": self.in_file,
            "existing": self.existing,
            "filled": self.filled,
            "error_rows": self.error_rows,
            "blank": self.blank,
            "new_sites": len(self.new_sites),
        }

    @classmethod
    def of_batch(cls, batch: ImportBatch) -> "Tally":
        run = batch.report.get("run", {})
        return cls(
            rows=batch.processed_rows,
            created=batch.created_count,
            in_file=run.get("in_file", 0),
            existing=run.get("existing", 0),
            filled=run.get("filled", 0),
            error_rows=batch.error_count,
            blank=run.get("blank", 0),
            errors=list(batch.errors or []),
        )


class Resolver:
    """Ids of sites (by name, in the batch's unit), tags and constituencies.

    With `create`, missing sites and tags are created through their services; without, their
    names are only collected (dry run).
    """

    def __init__(self, *, unit: Unit, actor: User, create: bool) -> None:
        self.unit = unit
        self.actor = actor
        self.create = create
        self.sites = {
            name.casefold(): pk
            for pk, name in Site.objects.filter(unit=unit).values_list("pk", "name")
        }
        self.tags = {name.casefold(): pk for pk, name in Tag.objects.values_list("pk", "name")}
        self.constituencies = dict(Constituency.objects.values_list("key", "pk"))
        self.new_sites: set[str] = set()
        self.exact_sites: dict[str, int] = {}
        self.exact_tags: dict[str, int] = {}
        self.tag_sets: dict[tuple[str, ...], tuple[int, ...]] = {}

    def site_id(self, name: str, sector: str) -> int | None:
        if not name:
            return None
        found = self.exact_sites.get(name)
        if found is not None:
            return found
        key = name.casefold()
        found = self.sites.get(key)
        if found is None:
            if not self.create:
                self.new_sites.add(key)
                return None
            site = site_create(
                actor=self.actor, unit=self.unit, name=name, kind=Site.Kind.WORKPLACE, sector=sector
            )
            found = self.sites[key] = site.pk
        self.exact_sites[name] = found
        return found

    def tag_ids(self, names: tuple[str, ...]) -> tuple[int, ...]:
        found = self.tag_sets.get(names)
        if found is None:
            found = self.tag_sets[names] = tuple(self.tag_id(name) for name in names)
        return found

    def tag_id(self, name: str) -> int:
        found = self.exact_tags.get(name)
        if found is not None:
            return found
        key = name.casefold()
        found = self.tags.get(key)
        if found is None:
            found = self.tags[key] = tags_named([name])[0].pk
        self.exact_tags[name] = found
        return found


# The import ---------------------------------------------------------------------------------

ChunkHook = Callable[[ImportBatch, Tally], None]


def import_run(
    *,
    batch_id: int,
    actor_id: int,
    workers: int | None = None,
    chunk_rows: int | None = None,
    on_chunk: ChunkHook | None = None,
    progress: ChunkHook | None = None,
) -> ImportBatch | None:
    """Run a queued import to its end, from its checkpoint. The task's body.

    `on_chunk` is called inside each chunk's transaction once its rows are written (an error
    there rolls the whole chunk back); `progress` after each commit. Returns the batch, or
    None when the batch was not queued (another run holds it, or it was cancelled).
    Failures end in status FAILED with the stored file kept, so that the import can resume.
    """
    actor = User.objects.get(pk=actor_id)
    token = secrets.token_hex(8)
    batch = _claim(batch_id, actor, token)
    if batch is None:
        return None
    try:
        _run_chunks(
            batch,
            actor,
            token,
            workers=workers,
            chunk_rows=chunk_rows,
            on_chunk=on_chunk,
            progress=progress,
        )
        _finish(batch, actor, token)
    except Superseded:
        return None
    except (FileProblem, storage.StoredFileError) as exc:
        logger.warning("import %s: the stored file cannot be read: %s", batch_id, exc)
        _fail(batch_id, token, code="file", for_good=True)
    except Exception:
        logger.exception("import %s stopped", batch_id)
        _fail(batch_id, token, code="stopped", for_good=False)
    batch.refresh_from_db()
    return batch


def _claim(batch_id: int, actor: User, token: str) -> ImportBatch | None:
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().select_related("unit").get(pk=batch_id)
        if not access.can_bulk_manage_contacts_of(actor, batch.unit_id):
            raise PermissionDenied
        if batch.status != ImportBatch.Status.QUEUED:
            return None
        resumed = batch.processed_rows > 0
        batch.status = ImportBatch.Status.RUNNING
        run = dict(batch.report.get("run", {}))
        run.update(token=token, actor=actor.pk, state="running", code="")
        batch.report = {**batch.report, "run": run}
        batch.progress_at = timezone.now()
        batch.save(update_fields=["status", "report", "progress_at"])
        audit_record(
            actor=actor,
            action="import.resume" if resumed else "import.start",
            obj=batch,
            data={"from_row": batch.processed_rows},
        )
    return batch


def _guard(batch_id: int, token: str, processed: int | None) -> dict[str, Any]:
    """Lock the batch row and make sure this run still holds it at the expected checkpoint."""
    found = (
        ImportBatch.objects.select_for_update()
        .filter(pk=batch_id)
        .values_list("status", "processed_rows", "report")
        .first()
    )
    if found is None:
        raise Superseded
    status, processed_rows, report = found
    if (
        status != ImportBatch.Status.RUNNING
        or (processed is not None and processed_rows != processed)
        or report.get("run", {}).get("token") != token
    ):
        raise Superseded
    return report


def _batch_identifiers(batch: ImportBatch) -> set[str]:
    return set(
        ContactIdentifier.objects.filter(contact__import_batch=batch)
        .values_list("value_index", flat=True)
        .iterator(chunk_size=20_000)
    )


def _run_chunks(
    batch: ImportBatch,
    actor: User,
    token: str,
    *,
    workers: int | None,
    chunk_rows: int | None,
    on_chunk: ChunkHook | None,
    progress: ChunkHook | None,
) -> None:
    if batch.processed_rows >= batch.total_rows:
        return
    size = chunk_rows or chunk_rows_setting()
    pool_size = workers if workers is not None else workers_setting()
    if batch.total_rows - batch.processed_rows < 2 * size:
        pool_size = 0
    options = ImportOptions.from_dict(batch.options)
    columns = list(batch.columns)
    config = build_config(batch, ENCRYPT)
    tally = Tally.of_batch(batch)
    seen = _batch_identifiers(batch) if batch.processed_rows else set()
    visible = VisibleIdentifiers(actor)
    writer = ContactWriter(
        unit_id=batch.unit_id, batch_id=batch.pk, actor_id=actor.pk, now=timezone.now()
    )
    resolver = Resolver(unit=batch.unit, actor=actor, create=True)
    chunks = _chunks(batch, skip=batch.processed_rows, size=size)
    with bulk_session():
        for _first, count, prepared in _prepared(chunks, config, pool_size):
            _write_chunk(
                batch,
                actor,
                token,
                prepared,
                count,
                seen=seen,
                visible=visible,
                writer=writer,
                resolver=resolver,
                tally=tally,
                options=options,
                columns=columns,
                on_chunk=on_chunk,
            )
            if progress is not None:
                progress(batch, tally)


def _write_chunk(
    batch: ImportBatch,
    actor: User,
    token: str,
    prepared: PreparedChunk,
    count: int,
    *,
    seen: set[str],
    visible: "VisibleIdentifiers",
    writer: ContactWriter,
    resolver: Resolver,
    tally: Tally,
    options: ImportOptions,
    columns: list[str],
    on_chunk: ChunkHook | None,
) -> None:
    """Write one chunk and its checkpoint in one transaction."""
    with transaction.atomic():
        report = _guard(batch.pk, token, tally.rows)
        split = sort_rows(prepared.rows, seen=seen, visible=visible)
        _write(writer, resolver, split.new)
        filled = 0
        if options.duplicates == DUPLICATE_FILL and split.existing:
            filled = fill_existing(
                actor=actor, batch=batch, pairs=split.existing, resolver=resolver, visible=visible
            )
        tally.rows += count
        tally.created += len(split.new)
        tally.in_file += len(split.in_file)
        tally.existing += len(split.existing)
        tally.filled += filled
        tally.blank += prepared.blank
        tally.add_errors(prepared.errors, columns)
        if on_chunk is not None:
            on_chunk(batch, tally)
        _checkpoint(batch.pk, tally, report)


def _write(writer: ContactWriter, resolver: Resolver, rows: list[PreparedRow]) -> None:
    if not rows:
        return
    site_ids = [resolver.site_id(row.site, row.site_sector) if row.site else None for row in rows]
    ids = writer.allocate_ids(len(rows))
    pairs = list(zip(ids, rows, strict=True))
    identifiers = [(cid, "email", i) for cid, row in pairs for i in row.email_indexes]
    identifiers += [(cid, "phone", i) for cid, row in pairs for i in row.phone_indexes]
    constituency_ids = resolver.constituencies
    constituencies = [
        (cid, constituency_ids[key]) for cid, row in pairs for key in row.constituencies
    ]
    tag_ids = resolver.tag_ids
    tags = [(cid, tag) for cid, row in pairs for tag in tag_ids(row.tags)]
    writer.write(writer.contact_tuples(rows, ids, site_ids), identifiers, constituencies, tags)


def _checkpoint(batch_id: int, tally: Tally, report: dict[str, Any]) -> None:
    run = dict(report.get("run", {}))
    run.update(
        in_file=tally.in_file, existing=tally.existing, filled=tally.filled, blank=tally.blank
    )
    ImportBatch.objects.filter(pk=batch_id).update(
        processed_rows=tally.rows,
        created_count=tally.created,
        duplicate_count=tally.duplicates,
        error_count=tally.error_rows,
        errors=tally.errors,
        report={**report, "run": run},
        progress_at=timezone.now(),
    )


def fill_existing(
    *,
    actor: User,
    batch: ImportBatch,
    pairs: list[tuple[PreparedRow, int]],
    resolver: Resolver,
    visible: VisibleIdentifiers,
) -> int:
    """Fill the empty fields of existing contacts from duplicate rows; add their tags and
    constituencies. Returns how many contacts changed. Call inside the chunk's transaction;
    locks the contacts' rows."""
    contacts = {
        c.pk: c
        for c in contact_base(user=actor)
        .select_for_update()
        .filter(pk__in={pk for _row, pk in pairs})
    }
    purposes = {
        name: Contact._meta.get_field(name).purpose  # type: ignore[union-attr]
        for name in SEALED_FIELDS
    }
    changed: set[int] = set()
    now = timezone.now()
    for row, contact_id in pairs:
        contact = contacts.get(contact_id)
        if contact is None or not access.can_edit_contacts_of(actor, contact.unit_id):
            continue
        fields: list[str] = []
        for name in SEALED_FIELDS:
            token = getattr(row, name)
            if token and not getattr(contact, name):
                setattr(contact, name, decrypt(purposes[name], token))
                fields.append(name)
        for name in ("country", "city", "union", "source"):
            value = getattr(row, name)
            if value and not getattr(contact, name):
                setattr(contact, name, value)
                fields.append(name)
        if row.assessment is not None and contact.assessment is None:
            contact.assessment = row.assessment
            fields.append("assessment")
        languages = json.loads(row.languages)
        if languages and not contact.languages:
            contact.languages = languages
            fields.append("languages")
        if row.site and contact.site_id is None:
            contact.site_id = resolver.site_id(row.site, row.site_sector)
            fields.append("site")
        for name in ("consent_email", "consent_phone", "consent_messaging"):
            if getattr(row, name) and not getattr(contact, name):
                setattr(contact, name, True)
                fields.append(name)
        if fields:
            if {"given_name", "family_name"} & set(fields):
                fields.append("name_index")
            contact.updated_at = now
            contact.save(update_fields=[*fields, "updated_at"])
            if "emails" in fields:
                for value_index in row.email_indexes:
                    visible.add(value_index, contact.pk)
            if "phones" in fields:
                for value_index in row.phone_indexes:
                    visible.add(value_index, contact.pk)
            if {"emails", "phones"} & set(fields):
                rebuild_identifiers([contact])
            changed.add(contact.pk)
        constituency_ids = [resolver.constituencies[key] for key in row.constituencies]
        tag_ids = [resolver.tag_id(name) for name in row.tags]
        if constituency_ids:
            contact.constituencies.add(*constituency_ids)
        if tag_ids:
            contact.tags.add(*tag_ids)
        if constituency_ids or tag_ids:
            changed.add(contact.pk)
    if changed:
        audit_record(
            actor=actor, action="import.fill", obj=batch, data={"contacts": sorted(changed)}
        )
    return len(changed)


def _finish(batch: ImportBatch, actor: User, token: str) -> None:
    with transaction.atomic():
        report = _guard(batch.pk, token, None)
        name = ImportBatch.objects.values_list("stored_file", flat=True).get(pk=batch.pk)
        run = dict(report.get("run", {}))
        fuzzy = bool(batch.options.get("fuzzy"))
        run.update(state="fuzzy" if fuzzy else "done")
        ImportBatch.objects.filter(pk=batch.pk).update(
            stored_file="", report={**report, "run": run}
        )
        transaction.on_commit(lambda: storage.delete(name))
    if fuzzy:
        run["fuzzy"] = _fuzzy_scan(actor, batch)
    run["state"] = "done"
    with transaction.atomic():
        current = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        current.status = ImportBatch.Status.DONE
        current.finished_at = timezone.now()
        current.report = {**current.report, "run": run}
        current.message = ""
        current.save(update_fields=["status", "finished_at", "report", "message"])
        audit_record(
            actor=actor,
            action="import.done",
            obj=current,
            data={
                "created": current.created_count,
                "duplicates": current.duplicate_count,
                "errors": current.error_count,
                "fuzzy_pairs": run.get("fuzzy"),
            },
        )


def _fuzzy_scan(actor: User, batch: ImportBatch) -> int | None:
    """Candidate pairs found by `services.dedupe.dedupe_scan`, or None when it failed."""
    try:
        return int(dedupe_scan(actor=actor, import_batch=batch))
    except Exception:
        logger.exception("import %s: the duplicate scan failed", batch.pk)
        return None


def _fail(batch_id: int, token: str, *, code: str, for_good: bool) -> None:
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.report.get("run", {}).get("token") != token:
            return
        run = dict(batch.report.get("run", {}))
        run.update(state="failed", code=code)
        batch.report = {**batch.report, "run": run}
        batch.status = ImportBatch.Status.FAILED
        batch.finished_at = timezone.now()
        batch.message = run_message(code)
        fields = ["status", "report", "finished_at", "message"]
        if for_good and batch.stored_file:
            name = batch.stored_file
            batch.stored_file = ""
            fields.append("stored_file")
            transaction.on_commit(lambda: storage.delete(name))
        batch.save(update_fields=fields)
        audit_record(
            actor=None,
            action="import.fail",
            obj=batch,
            data={"code": code, "at_row": batch.processed_rows},
        )


# The dry run -----------------------------------------------------------------------------------


def import_check_run(
    *,
    batch_id: int,
    actor_id: int,
    workers: int | None = None,
    chunk_rows: int | None = None,
    progress: ChunkHook | None = None,
) -> dict[str, Any]:
    """Go through the whole file as the import would, writing nothing but the report.

    The report (`batch.report["check"]`) counts the rows that would be created, the exact
    duplicates inside the file and against the contacts the actor can see, the rows with
    errors (the first 100 listed) and the workplaces that would be created.
    """
    actor = User.objects.get(pk=actor_id)
    batch = ImportBatch.objects.select_related("unit").get(pk=batch_id)
    if not access.can_bulk_manage_contacts_of(actor, batch.unit_id):
        raise PermissionDenied
    size = chunk_rows or chunk_rows_setting()
    pool_size = workers if workers is not None else workers_setting()
    if batch.total_rows < 2 * size:
        pool_size = 0
    columns = list(batch.columns)
    options = ImportOptions.from_dict(batch.options)
    tally = Tally()
    # The token the service put on the queued check; a new mapping (or a new check) drops or
    # replaces it, and this run then stops writing its report.
    token = str(batch.report.get("check", {}).get("token") or "")
    if not token:
        token = secrets.token_hex(8)
        _save_check(batch.pk, {"state": "queued", "token": token}, token=None)

    def save(check: dict[str, Any]) -> None:
        if not _save_check(
            batch.pk,
            {**check, "actor": actor.pk, "total": batch.total_rows, "token": token},
            token=token,
        ):
            raise Superseded

    try:
        save({"state": "running", **tally.counts()})
        seen: set[str] = set()
        visible = VisibleIdentifiers(actor)
        resolver = Resolver(unit=batch.unit, actor=actor, create=False)
        chunks = _chunks(batch, skip=0, size=size)
        for _first, count, prepared in _prepared(chunks, build_config(batch, CHECK), pool_size):
            split = sort_rows(prepared.rows, seen=seen, visible=visible)
            for row in split.new:
                resolver.site_id(row.site, row.site_sector)
            tally.rows += count
            tally.created += len(split.new)
            tally.in_file += len(split.in_file)
            tally.existing += len(split.existing)
            if options.duplicates == DUPLICATE_FILL:
                tally.filled += len({pk for _row, pk in split.existing})
            tally.blank += prepared.blank
            tally.add_errors(prepared.errors, columns)
            tally.new_sites = resolver.new_sites
            save({"state": "running", **tally.counts()})
            if progress is not None:
                progress(batch, tally)
    except Superseded:
        return {"state": "superseded", **tally.counts()}
    except (FileProblem, storage.StoredFileError):
        logger.warning("dry run of import %s: the stored file cannot be read", batch_id)
        result = {"state": "failed", "code": "file", **tally.counts()}
    except Exception:
        logger.exception("dry run of import %s failed", batch_id)
        result = {"state": "failed", "code": "stopped", **tally.counts()}
    else:
        result = {
            "state": "done",
            **tally.counts(),
            "errors": tally.errors,
            "at": timezone.now().isoformat(),
        }
    result.update(actor=actor.pk, total=batch.total_rows)
    try:
        save(result)
    except Superseded:
        return {"state": "superseded", **tally.counts()}
    return result


def _save_check(batch_id: int, check: dict[str, Any], *, token: str | None) -> bool:
    """Store the dry run's report if the check still holds `token` (None: in any case).
    Stamps it with the time, so that a check whose worker died can be started again."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None:
            return False
        if token is not None and batch.report.get("check", {}).get("token") != token:
            return False
        check = {**check, "updated": timezone.now().isoformat()}
        ImportBatch.objects.filter(pk=batch_id).update(report={**batch.report, "check": check})
        return True


# The preview -----------------------------------------------------------------------------------


def sample_rows(batch: ImportBatch, limit: int = 3) -> list[list[str]]:
    """The first data rows as they are in the file (for the mapping page); [] when the file
    is gone or unreadable."""
    if not batch.stored_file:
        return []
    try:
        return next(iter(_chunks(batch, skip=0, size=limit)), (0, []))[1][:limit]
    except (FileProblem, storage.StoredFileError):
        return []


@dataclass
class PreviewRow:
    row: int
    values: PreparedRow | None
    errors: list[tuple[str, str]]  # (column, message)
    duplicate: str = ""  # "", "file" or "existing"
    same_as_row: int | None = None


def preview_rows(*, actor: User, batch: ImportBatch, limit: int = 20) -> list[PreviewRow]:
    """The first rows as they would be imported, with their errors and duplicates (against
    contacts the actor can see). Plaintext values: for the page, never stored."""
    config = build_config(batch, PLAIN)
    state = make_state(config)
    rows = next(iter(_chunks(batch, skip=0, size=limit)), (0, []))[1][:limit]
    first = first_row_number(batch)
    prepared = prepare_with(state, rows, first)
    columns = list(batch.columns)
    errors_by_row: dict[int, list[tuple[str, str]]] = {}
    for row, column, code, params in prepared.errors:
        name = columns[column] if 0 <= column < len(columns) else ""
        errors_by_row.setdefault(row, []).append((name, row_message(code, params)))
    by_row = {row.row: row for row in prepared.rows}
    seen_rows: dict[str, int] = {}
    existing = visible_matches(actor, "email", [i for r in prepared.rows for i in r.email_indexes])
    existing.update(
        visible_matches(actor, "phone", [i for r in prepared.rows for i in r.phone_indexes])
    )
    result = []
    for offset in range(len(rows)):
        number = first + offset
        values = by_row.get(number)
        item = PreviewRow(row=number, values=values, errors=errors_by_row.get(number, []))
        if values is not None:
            identifiers = values.email_indexes + values.phone_indexes
            earlier = next((seen_rows[i] for i in identifiers if i in seen_rows), None)
            if earlier is not None:
                item.duplicate, item.same_as_row = "file", earlier
            elif any(i in existing for i in identifiers):
                item.duplicate = "existing"
            else:
                for i in identifiers:
                    seen_rows.setdefault(i, number)
        elif not item.errors:
            continue  # a blank row
        result.append(item)
    return result

"""Finding contacts that may be the same person.

Two kinds of evidence make a candidate pair:

- exact: the two contacts share an email or a phone. Only blind indexes are compared
  (`ContactIdentifier`), never plaintext.
- fuzzy: the two names are close (rapidfuzz) and the contacts live in the same city or belong
  to the same site. Names are decrypted in bulk, normalized with `normalize_name` (folded,
  Cyrillic transliterated, words sorted) and reduced to a *matching key* that also evens out the
  usual spelling variants of transliteration ("Iwan Petrow", "Ivan Petrov", "Иван Петров").
  Only names inside the same block are compared: same place, and a shared three-letter prefix
  of one of their words, so that a typo in one word still leaves the other word to meet on.

A name alone is weighed with care (see `DedupeRules`): common names in big cities,
two established spellings, contradicting phones or sites, and shared landlines do not pair.

The scan never stores a pair twice and never brings back a pair that was decided (merged or
kept apart). It reads contacts with a raw cursor and writes candidates with batched raw
inserts: the ORM would build a million objects for nothing. On a large scan, forked worker
processes decrypt names and compare blocks; they never use the database connection.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from massline.accounts import access
from massline.accounts.models import Role, User
from massline.audit.services import audit_record
from massline.people.models import DuplicateCandidate, ImportBatch
from massline.people.services.dedupe.pairs import (
    _capped,
    _drop_common_names,
    _drop_conflicts,
    _Evidence,
    _exact_pairs,
    _fuzzy_pairs,
    _name_for_exact,
)
from massline.people.services.dedupe.reading import (
    _Contacts,
    _load,
    _quote,
    _Reader,
)
from massline.people.services.dedupe.rules import (
    FETCH_SIZE,
    WRITE_BATCH,
    DedupeRules,
    Progress,
    matching_key,
    reason_label,
)

__all__ = ["DedupeRules", "dedupe_scan", "matching_key", "reason_label"]


def _write(rows: list[tuple[int, int, float, list[str]]], batch: ImportBatch | None) -> None:
    """Insert candidate rows in batches; a pair stored meanwhile by another scan is skipped
    (the unique constraint on the pair decides)."""
    table = _quote(DuplicateCandidate._meta.db_table)
    reasons = DuplicateCandidate._meta.get_field("reasons")
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    status = DuplicateCandidate.Status.OPEN.value
    batch_id = batch.pk if batch is not None else None
    sql = (
        f"INSERT INTO {table} (first_id, second_id, score, reasons, status, "  # noqa: S608
        f"import_batch_id, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s) "
        f"ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), WRITE_BATCH):
            cursor.executemany(
                sql,
                [
                    (
                        first,
                        second,
                        score,
                        reasons.get_db_prep_value(why, connection),
                        status,
                        batch_id,
                        created,
                    )
                    for first, second, score, why in rows[start : start + WRITE_BATCH]
                ],
            )


def _known_pairs(unit_ids: set[int] | None) -> set[tuple[int, int]]:
    """Pairs stored already, whatever their status."""
    qs = DuplicateCandidate.objects.all()
    if unit_ids is not None:
        qs = qs.filter(first__unit_id__in=unit_ids)
    return set(qs.values_list("first_id", "second_id").iterator(chunk_size=FETCH_SIZE))


def _scan_units(actor: User, unit_ids: set[int] | None) -> set[int] | None:
    """Units to scan, or None for every unit (an administrator's scan of the whole instance)."""
    if not access.can_bulk_manage_contacts(actor):
        raise PermissionDenied
    managed = access.units_with_role(actor, Role.SECRETARY)
    if unit_ids is None:
        return None if access.is_admin(actor) else managed
    return managed & set(unit_ids)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: the scan builds millions of small objects without
    cycles, and the collector would walk them all again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _find(
    units: set[int] | None, batch: ImportBatch | None, rules: DedupeRules, progress: Progress | None
) -> tuple[_Contacts, list[tuple[int, int, float, list[str]]]]:
    """The contacts read, and the new pairs to store as (first id, second id, score,
    reasons)."""
    reader = _Reader(units, batch)
    _load(reader, batch, rules, progress)
    evidence: dict[tuple[int, int], _Evidence] = {}
    _exact_pairs(reader, rules, batch, evidence)
    contacts = reader.contacts
    _fuzzy_pairs(contacts, rules, batch is not None, evidence, progress)
    _name_for_exact(contacts, rules, evidence)
    if rules.conflicts_rule_out:
        _drop_conflicts(contacts, evidence)
    _drop_common_names(contacts, rules, evidence)

    ids = contacts.ids
    threshold = rules.name_threshold
    scored = [(item.score(threshold), a, b) for (a, b), item in evidence.items()]
    known = _known_pairs(units)
    rows: list[tuple[int, int, float, list[str]]] = []
    for a, b in _capped(scored, rules.max_candidates_per_contact):
        first, second = sorted((ids[a], ids[b]))
        if (first, second) not in known:
            item = evidence[(a, b)]
            rows.append((first, second, item.score(threshold), item.reasons(threshold)))
    return contacts, rows


def dedupe_scan(
    *,
    actor: User,
    import_batch: ImportBatch | None = None,
    unit_ids: set[int] | None = None,
    rules: DedupeRules | None = None,
    progress: Progress | None = None,
) -> int:
    """Find candidate duplicate pairs among the contacts of the units the actor manages
    (as secretary), limited to `unit_ids` if given, and store the new ones.

    With `import_batch`, only pairs involving a contact of that batch are considered, and the
    new rows point at the batch. A pair stored before (open, merged or kept apart) is never
    stored again. `progress(done, total)` is called now and then. Returns the number of new
    pairs. Runs outside a transaction of its own: the reads are long, and each write batch
    is atomic and idempotent.
    """
    rules = rules or DedupeRules()
    units = _scan_units(actor, unit_ids)
    if import_batch is not None and not access.can_bulk_manage_contacts_of(
        actor, import_batch.unit_id
    ):
        raise PermissionDenied
    if units is not None and not units:
        return 0
    with _collector_paused():
        contacts, rows = _find(units, import_batch, rules, progress)
    with transaction.atomic():
        _write(rows, import_batch)
        audit_record(
            actor=actor,
            action="contact.dedupe_scan",
            obj=import_batch,
            data={
                "units": sorted(units) if units is not None else "all",
                "contacts": len(contacts),
                "new_pairs": len(rows),
            },
        )
    if progress is not None:
        total = 2 * len(contacts)
        progress(total, total)
    return len(rows)

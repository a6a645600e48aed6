"""Bulk writes of prepared contacts: batched `executemany` on SQLite, `COPY` on PostgreSQL.

The values arrive already encrypted (see `prepare`), so the ORM, whose `EncryptedTextField`
would encrypt them a second time, is not used. Contact ids are allocated before writing, so
the identifiers and the many-to-many rows go out in the same pass.

Everything here must run inside the chunk's transaction (`transaction.atomic`): on SQLite that
transaction is IMMEDIATE and holds the write lock, which makes `max(id)` safe to build on.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from operator import itemgetter
from typing import Any

from django.db import connection
from django.db.models import Field

from massline.people.importing.prepare import PreparedRow
from massline.people.models import Contact, ContactIdentifier

# Fields a prepared row carries under the same name as the model field.
_ROW_FIELDS = tuple(
    name
    for name in PreparedRow._fields
    if name
    not in (
        "row",
        "site",
        "site_sector",
        "constituencies",
        "tags",
        "email_indexes",
        "phone_indexes",
    )
)


# Page cache of the importing connection while it writes (KiB): the indexes of random keys
# (blind indexes) are touched all over; SQLite's default of 2 MiB would read them back from
# the operating system at every insert.
SQLITE_BULK_CACHE_KIB = 256 * 1024


@contextmanager
def bulk_session() -> Iterator[None]:
    """Connection settings for a bulk write, put back afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


class ContactWriter:
    """Writes contacts of one unit for one import batch, with their identifiers and links."""

    def __init__(self, *, unit_id: int, batch_id: int, actor_id: int | None, now: datetime) -> None:
        self.vendor = connection.vendor
        self.table = Contact._meta.db_table
        fields: list[Field] = list(Contact._meta.concrete_fields)
        self.columns = [str(f.column) for f in fields]
        constants: dict[str, Any] = {
            "unit": unit_id,
            "import_batch": batch_id,
            "created_by": actor_id,
            "created_at": now,
            "updated_at": now,
        }
        # A contact row is built by picking, in column order, from
        # (*prepared row, id, site id, *constants).
        positions: list[int] = []
        constant_values: list[Any] = []
        width = len(PreparedRow._fields)
        for f in fields:
            if f.primary_key:
                positions.append(width)
            elif f.name == "site":
                positions.append(width + 1)
            elif f.name in _ROW_FIELDS:
                positions.append(PreparedRow._fields.index(f.name))
            else:
                value = constants[f.name] if f.name in constants else f.get_default()
                if self.vendor == "sqlite":
                    value = f.get_db_prep_save(value, connection)
                positions.append(width + 2 + len(constant_values))
                constant_values.append(value)
        self._pick = itemgetter(*positions)
        self._constants = tuple(constant_values)
        through_c = Contact.constituencies.through
        through_t = Contact.tags.through
        self.identifier_table = ContactIdentifier._meta.db_table
        self.constituency_table = through_c._meta.db_table
        self.tag_table = through_t._meta.db_table

    def allocate_ids(self, count: int) -> list[int]:
        """`count` fresh contact ids. SQLite: above both max(id) and the AUTOINCREMENT
        sequence (ids of deleted contacts are never reused)."""
        if count == 0:
            return []
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f'SELECT max(id) FROM "{self.table}"')  # noqa: S608
            top = cursor.fetchone()[0] or 0
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
            if cursor.fetchone():
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
                found = cursor.fetchone()
                top = max(top, found[0] if found else 0)
        return list(range(top + 1, top + 1 + count))

    def contact_tuples(
        self, rows: Sequence[PreparedRow], ids: Sequence[int], site_ids: Sequence[int | None]
    ) -> list[tuple[Any, ...]]:
        pick = self._pick
        constants = self._constants
        return [
            pick((*row, cid, site_id, *constants))
            for row, cid, site_id in zip(rows, ids, site_ids, strict=True)
        ]

    def write(
        self,
        contacts: list[tuple[Any, ...]],
        identifiers: list[tuple[int, str, str]],
        constituencies: list[tuple[int, int]],
        tags: list[tuple[int, int]],
    ) -> None:
        if self.vendor == "postgresql":
            self._copy(self.table, self.columns, contacts)
            # Ids, a fixed word and blind indexes need no escaping in COPY's text format:
            # written as text in one go, they skip psycopg's per-row adaptation.
            self._copy_text(
                self.identifier_table,
                ["contact_id", "kind", "value_index"],
                "".join([f"{cid}\t{kind}\t{index}\n" for cid, kind, index in identifiers]),
            )
            self._copy_text(
                self.constituency_table,
                ["contact_id", "constituency_id"],
                "".join([f"{cid}\t{other}\n" for cid, other in constituencies]),
            )
            self._copy_text(
                self.tag_table,
                ["contact_id", "tag_id"],
                "".join([f"{cid}\t{other}\n" for cid, other in tags]),
            )
        else:
            self._insert(self.table, self.columns, contacts)
            self._insert(self.identifier_table, ["contact_id", "kind", "value_index"], identifiers)
            self._insert(self.constituency_table, ["contact_id", "constituency_id"], constituencies)
            self._insert(self.tag_table, ["contact_id", "tag_id"], tags)

    @staticmethod
    def _insert(table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
        rows = list(rows)
        if not rows:
            return
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f'INSERT INTO "{table}" ({names}) VALUES ({marks})',  # noqa: S608
                rows,
            )

    @staticmethod
    def _copy(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        names = ", ".join(f'"{c}"' for c in columns)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                write_row = copy.write_row
                for row in rows:
                    write_row(row)

    @staticmethod
    def _copy_text(table: str, columns: list[str], data: str) -> None:
        """COPY rows already in PostgreSQL's text format (tab-separated, one per line)."""
        if not data:
            return
        names = ", ".join(f'"{c}"' for c in columns)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,
        ):
            copy.write(data.encode())

"""Reading the contacts in scope: raw cursor, bulk decryption, forked readers."""

import binascii
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.db import connection

from massline.people.models import Contact, ImportBatch
from massline.people.services.dedupe.rules import (
    FETCH_SIZE,
    PARALLEL_ROWS,
    DedupeRules,
    Progress,
    matching_words,
    place_key,
)
from massline.vault.crypto import PREFIX as VAULT_PREFIX
from massline.vault.crypto import DecryptionError, decrypt
from massline.vault.keys import keyring


class Decryptor:
    """`vault.crypto.decrypt` for one purpose, for a million values in a row: the cipher of
    each data key is looked up once instead of once per value."""

    def __init__(self, purpose: str) -> None:
        self.purpose = purpose
        self._associated = purpose.encode()
        self._ciphers: dict[str, Any] = {}

    def __call__(self, token: str | None) -> str:
        if not token:
            return ""
        if not token.startswith(VAULT_PREFIX):
            return decrypt(self.purpose, token)  # raises the vault's own error
        key_id = token[len(VAULT_PREFIX) :].split("$", 1)[0]
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            key = keyring().by_id(key_id)
            if key is None:
                return decrypt(self.purpose, token)
            cipher = self._ciphers[key_id] = key.aead(self.purpose)
        try:
            raw = binascii.a2b_base64(token[token.rindex("$") + 1 :], strict_mode=True)
            return str(cipher.decrypt(raw[:12], raw[12:], self._associated).decode())
        except (InvalidTag, ValueError, binascii.Error) as exc:
            raise DecryptionError(
                f"a {self.purpose} value cannot be decrypted (tampered data?)"
            ) from exc


# Matching keys ---------------------------------------------------------------------------


# Spellings that transliteration schemes (ISO, English, German, French) give the same
# Cyrillic letters, mapped onto one form. Order matters: longer sequences first.
class _Contacts:
    """The contacts in scope, as parallel lists indexed by position."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.keys: list[str] = []
        self.words: list[tuple[str, ...]] = []
        self.cities: list[str] = []
        self.sites: list[int | None] = []
        self.position: dict[int, int] = {}
        self.in_batch: set[int] = set()
        # How many contacts hold each word, in each city and in all: the namesake rule's data
        self.local_counts: Counter[tuple[str, str]] = Counter()
        self.word_counts: Counter[str] = Counter()

    def add(
        self, pk: int, words: tuple[str, ...], city: str, site: int | None, batch: bool
    ) -> None:
        self.position[pk] = len(self.ids)
        if batch:
            self.in_batch.add(len(self.ids))
        self.ids.append(pk)
        self.keys.append(" ".join(words))
        self.words.append(words)
        self.cities.append(city)
        self.sites.append(site)

    def __len__(self) -> int:
        return len(self.ids)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _in_clause(column: str, values: Iterable[Any]) -> tuple[str, list[Any]]:
    values = list(values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


def _scope_sql(
    unit_ids: set[int] | None, batch: ImportBatch | None, places: tuple[set[str], set[int]] | None
) -> tuple[str, list[Any]]:
    """WHERE clause over the contact table for the contacts to load."""
    clauses: list[str] = []
    params: list[Any] = []
    if unit_ids is not None:
        sql, values = _in_clause("unit_id", sorted(unit_ids))
        clauses.append(sql)
        params += values
    if places is not None:
        cities, sites = places
        either = [f"import_batch_id = {int(batch.pk)}"] if batch is not None else []
        if cities:
            sql, values = _in_clause("city", sorted(cities))
            either.append(sql)
            params += values
        if sites:
            either.append(_in_clause("site_id", sorted(sites))[0])
            params += sorted(sites)
        clauses.append("(" + " OR ".join(either) + ")")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _batch_places(batch: ImportBatch, unit_ids: set[int] | None) -> tuple[set[str], set[int]]:
    """Raw city spellings and site ids that can meet the batch's contacts on a place."""
    table = _quote(Contact._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT city, site_id FROM {table} "  # noqa: S608
            f"WHERE import_batch_id = %s",
            [batch.pk],
        )
        rows = cursor.fetchall()
        wanted = {place_key(city) for city, _site in rows if city}
        sites = {site for _city, site in rows if site is not None}
        scope, params = _scope_sql(unit_ids, None, None)
        cursor.execute(f"SELECT DISTINCT city FROM {table}{scope}", params)  # noqa: S608
        cities = {city for (city,) in cursor.fetchall() if city and place_key(city) in wanted}
    return cities, sites


@lru_cache(maxsize=1)
def _name_decryptors() -> tuple[Decryptor, Decryptor]:
    return Decryptor("contact.given_name"), Decryptor("contact.family_name")


ChunkResult = tuple[list[tuple[str, ...]], list[str], Counter[tuple[str, str]], Counter[str]]


def _read_chunk(rows: list[tuple[str, str, str]]) -> ChunkResult:
    """For (given name ciphertext, family name ciphertext, city) rows: the matching words,
    the city's place key, and how many of these rows hold each word, per city and in all.
    Runs in worker processes on a large scan."""
    given, family = _name_decryptors()
    words = [matching_words(given(g), family(f)) for g, f, _city in rows]
    cities = [place_key(city) for _g, _f, city in rows]
    local: Counter[tuple[str, str]] = Counter()
    anywhere: Counter[str] = Counter()
    for held, city in zip(words, cities, strict=True):
        anywhere.update(held)
        local.update((city, word) for word in held)
    return words, cities, local, anywhere


def _processes(rows: int) -> int:
    """How many worker processes share the decryption and the comparisons: one per core (two
    at most) for a large scan, none for a small one. `MASSLINE_DEDUPE_PROCESSES` in the
    settings overrides the choice; workers are forked, so where forking is not available
    everything runs in this process."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    configured = getattr(settings, "MASSLINE_DEDUPE_PROCESSES", None)
    if configured is not None:
        return max(1, int(configured))
    return min(2, os.cpu_count() or 1) if rows >= PARALLEL_ROWS else 1


def _fork_pool(processes: int) -> Any:
    """Workers forked from this process: they see its data without copying, and they never
    touch its database connection (they only decrypt and compare)."""
    return multiprocessing.get_context("fork").Pool(processes)


class _Reader:
    """Reads contacts into a `_Contacts` with a raw cursor, decrypting names in bulk."""

    def __init__(self, unit_ids: set[int] | None, batch: ImportBatch | None) -> None:
        self.unit_ids = unit_ids
        self.batch_id = batch.pk if batch is not None else None
        self.contacts = _Contacts()

    def read(
        self, where: str, params: list[Any], progress: Progress | None = None, total: int = 0
    ) -> None:
        table = _quote(Contact._meta.db_table)
        contacts, batch_id = self.contacts, self.batch_id
        processes = _processes(total)
        pool = _fork_pool(processes) if processes > 1 else None
        pending: deque[tuple[list[Any], Any]] = deque()

        def add(rows: list[Any], result: ChunkResult) -> None:
            words, cities, local, anywhere = result
            for (pk, _given, _family, _city, site, row_batch), held, city in zip(
                rows, words, cities, strict=True
            ):
                contacts.add(pk, held, city, site, batch_id is not None and row_batch == batch_id)
            contacts.local_counts.update(local)
            contacts.word_counts.update(anywhere)
            if progress is not None:
                progress(len(contacts), 2 * max(total, len(contacts)))

        try:
            with connection.chunked_cursor() as cursor:
                cursor.execute(
                    f"SELECT id, given_name, family_name, city, site_id, "  # noqa: S608
                    f"import_batch_id FROM {table}{where}",
                    params,
                )
                while rows := cursor.fetchmany(FETCH_SIZE):
                    rows = [row for row in rows if row[0] not in contacts.position]
                    tokens = [(row[1], row[2], row[3]) for row in rows]
                    if pool is None:
                        add(rows, _read_chunk(tokens))
                        continue
                    pending.append((rows, pool.apply_async(_read_chunk, (tokens,))))
                    while len(pending) > 2 * processes:
                        done_rows, result = pending.popleft()
                        add(done_rows, result.get())
            while pending:
                done_rows, result = pending.popleft()
                add(done_rows, result.get())
        finally:
            if pool is not None:
                pool.close()
                pool.join()

    def read_ids(self, ids: Iterable[int]) -> None:
        """Also read these contacts, where they lie in scope."""
        wanted = sorted(set(ids) - set(self.contacts.position))
        for start in range(0, len(wanted), 500):
            where, params = _scope_sql(self.unit_ids, None, None)
            id_sql, id_params = _in_clause("id", wanted[start : start + 500])
            where = f"{where} AND {id_sql}" if where else f" WHERE {id_sql}"
            self.read(where, params + id_params)


def _load(
    reader: _Reader, batch: ImportBatch | None, rules: DedupeRules, progress: Progress | None
) -> None:
    """Read the contacts that may take part in a pair: all those in scope, or for an import
    batch its own contacts and those that share a place with them."""
    table = _quote(Contact._meta.db_table)
    places = None
    if batch is not None and rules.require_same_place:
        places = _batch_places(batch, reader.unit_ids)
    where, params = _scope_sql(reader.unit_ids, batch, places)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}{where}", params)  # noqa: S608
        total = cursor.fetchone()[0]
    reader.read(where, params, progress, total)

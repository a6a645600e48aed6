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

import binascii
import gc
import multiprocessing
import os
import threading
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations
from typing import Any

from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rapidfuzz import process
from rapidfuzz.distance import OSA

from massline.accounts import access
from massline.accounts.models import Role, User
from massline.audit.services import audit_record
from massline.core.text import fold
from massline.people.models import Contact, ContactIdentifier, DuplicateCandidate, ImportBatch
from massline.vault.crypto import PREFIX as VAULT_PREFIX
from massline.vault.crypto import DecryptionError, decrypt
from massline.vault.keys import keyring
from massline.vault.normalize import normalize_name

Progress = Callable[[int, int], None]

# Reasons are stored in English and translated when shown (see `reason_label`).
SAME_EMAIL = gettext_noop("same email")
SAME_PHONE = gettext_noop("same phone")

# Weights of each kind of evidence; a pair's score combines them like independent signals,
# 1 - Π(1 - weight), so more evidence always scores higher and nothing passes 1.
EMAIL_WEIGHT = 0.9
PHONE_WEIGHT = 0.8
NAME_WEIGHT = 0.85

# A word of a name held by this many contacts is a spelling in use, not a misspelling.
ESTABLISHED_WORD = 3
# Before counting, every word of a name is taken to be as common as a name word usually is
# (half a percent) in a hundred contacts: a city with three contacts proves nothing.
PRIOR_WEIGHT = 100
PRIOR_FREQUENCY = 0.005
# Below this name similarity, two people on one phone are taken for a household.
HOUSEHOLD_NAME_FLOOR = 70

FETCH_SIZE = 20_000
# From this many contacts on, the scan shares its work with worker processes.
PARALLEL_ROWS = 50_000
# Up to this many contacts, their phones are looked up by id rather than in a full pass.
PHONE_LOOKUP_LIMIT = 300_000
WRITE_BATCH = 5_000
# A block larger than this is split further by the initials of the other words of the name:
# comparing every pair of a 20,000-contact block would dominate the scan.
LARGE_BLOCK = 1_500
PREFIX = 3


@dataclass(frozen=True)
class DedupeRules:
    """What counts as a candidate pair.

    `name_threshold` is the similarity in percent (rapidfuzz's optimal string alignment,
    normalized) two matching keys need at least. With
    `require_same_place` a name match counts only between contacts of the same city or the
    same site; without it every contact with a similar name is compared, which finds people
    who moved but also pairs namesakes. An email or phone held by more than
    `max_candidates_per_contact` + 1 contacts is treated as shared (an office switchboard, a
    common mailbox) and not as evidence. With `household_phones`, a phone shared by two
    contacts whose names are both known and less than 70 % alike is a household's line, and
    pairs them only if something else does. With `conflicts_rule_out`, two contacts that both
    have phones but none in common, or that belong to two different sites, are not paired on
    their names alone: namesakes are common in a big city, and most people keep their mobile
    number and their workplace. A name alone pairs two contacts only where their name is rare
    enough for its place: the expected number of other people of that name there (the place's
    size times the frequency of each word of the name in the city) must not pass
    `namesake_limit`; and two close names that are both spellings in use ("Federica",
    "Federico") never pair. "Anna Ivanova" in a city of 50,000
    contacts is likely two people; "Ekaterina Shcheglova-Vinter" is likely one. After scoring,
    each contact keeps at most `max_candidates_per_contact` pairs, the best first.
    """

    exact_email: bool = True
    exact_phone: bool = True
    name_threshold: int = 90
    require_same_place: bool = True
    max_candidates_per_contact: int = 10
    household_phones: bool = True
    conflicts_rule_out: bool = True
    namesake_limit: float = 0.05

    def __post_init__(self) -> None:
        if not 50 <= self.name_threshold <= 100:
            raise ValidationError(_("The name threshold lies between 50 and 100."))
        if self.namesake_limit < 0:
            raise ValidationError(_("The namesake limit cannot be negative."))
        if self.max_candidates_per_contact < 1:
            raise ValidationError(_("Allow at least one candidate per contact."))


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
_SKELETON_RULES = (
    ("schtsch", "sh"),
    ("shch", "sh"),
    ("tsch", "ch"),
    ("sch", "sh"),
    ("zh", "sh"),
    ("kh", "h"),
    ("ch", "h"),
    ("yo", "e"),
    ("jo", "e"),
    ("ye", "e"),
    ("je", "e"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("tz", "z"),
    ("ts", "z"),
    ("ue", "u"),
    ("oe", "o"),
    ("ou", "u"),
    ("y", "i"),
    ("j", "i"),
)


def skeleton(word: str) -> str:
    """A normalized word with transliteration variants evened out and doubled letters
    collapsed: "petrow" and "petrov" give "petrov", "iulija" and "yuliya" give "iulia"."""
    for old, new in _SKELETON_RULES:
        if old in word:
            word = word.replace(old, new)
    out = []
    previous = ""
    for ch in word:
        if ch != previous:
            out.append(ch)
        previous = ch
    return "".join(out)


@lru_cache(maxsize=500_000)
def _part_words(part: str) -> tuple[str, ...]:
    if not part:
        return ()
    return tuple(skeleton(word) for word in normalize_name(part).split())


def matching_words(given_name: str, family_name: str) -> tuple[str, ...]:
    """The words of `normalize_name` of the full name, each reduced by `skeleton`, sorted."""
    return tuple(sorted(_part_words(given_name) + _part_words(family_name)))


def matching_key(given_name: str, family_name: str) -> str:
    """The string names are compared on: `matching_words` joined. "" for no name."""
    return " ".join(matching_words(given_name, family_name))


@lru_cache(maxsize=100_000)
def place_key(city: str) -> str:
    return fold(city) if city else ""


def name_score(first: str, second: str) -> int:
    """Similarity of two matching keys in percent: one minus the optimal string alignment
    distance (a typo, a dropped or doubled letter, two swapped letters each count once) over
    the longer length, for the best order of the second key's words. Unlike an indel ratio
    it keeps "Sanelli" and "Sanellucci" apart."""
    if not first or not second:
        return 0
    if first == second:
        return 100
    best = OSA.normalized_similarity(first, second)
    words = second.split()
    if 1 < len(words) <= 4:
        for order in permutations(words):
            best = max(best, OSA.normalized_similarity(first, " ".join(order)))
    return int(100 * best + 1e-9)


def reason_label(reason: str) -> str:
    """The stored (English) reason in the user's language."""
    if reason in (SAME_EMAIL, SAME_PHONE):
        return _(reason)
    words = reason.split()
    if len(words) >= 2 and words[0] == "name" and words[1].endswith("%"):
        try:
            percent = int(words[1].rstrip("%"))
        except ValueError:
            return reason
        if reason.endswith("same city"):
            return _("name %(percent)d%% + same city") % {"percent": percent}
        if reason.endswith("same site"):
            return _("name %(percent)d%% + same site") % {"percent": percent}
        return _("name %(percent)d%%") % {"percent": percent}
    return reason


def _name_reason(percent: int, place: str) -> str:
    if place == "city":
        return f"name {percent}% + same city"
    if place == "site":
        return f"name {percent}% + same site"
    return f"name {percent}%"


# The scan ---------------------------------------------------------------------------------


@dataclass
class _Evidence:
    email: bool = False
    phone: bool = False
    name: int = 0
    place: str = ""

    def score(self, threshold: int) -> float:
        miss = 1.0
        if self.email:
            miss *= 1 - EMAIL_WEIGHT
        if self.phone:
            miss *= 1 - PHONE_WEIGHT
        if self.name >= threshold:
            miss *= 1 - NAME_WEIGHT * self.name / 100
        return round(1 - miss, 4)

    def reasons(self, threshold: int) -> list[str]:
        found = []
        if self.email:
            found.append(SAME_EMAIL)
        if self.phone:
            found.append(SAME_PHONE)
        if self.name >= threshold:
            found.append(_name_reason(self.name, self.place))
        return found


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


def _exact_pairs(
    reader: _Reader,
    rules: DedupeRules,
    batch: ImportBatch | None,
    evidence: dict[tuple[int, int], _Evidence],
) -> None:
    kinds = [
        kind for kind, on in (("email", rules.exact_email), ("phone", rules.exact_phone)) if on
    ]
    if not kinds:
        return
    table = _quote(ContactIdentifier._meta.db_table)
    contact_table = _quote(Contact._meta.db_table)
    kind_sql, params = _in_clause("kind", kinds)
    if batch is None:
        shared = (
            f"SELECT kind, value_index FROM {table} WHERE {kind_sql} "  # noqa: S608
            f"AND value_index <> '' GROUP BY kind, value_index HAVING COUNT(*) > 1"
        )
    else:
        shared = (
            f"SELECT DISTINCT b.kind, b.value_index FROM {table} b "  # noqa: S608
            f"JOIN {contact_table} c ON c.id = b.contact_id "
            f"WHERE c.import_batch_id = %s AND b.{kind_sql} AND b.value_index <> ''"
        )
        params = [batch.pk, *params]
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT i.kind, i.value_index, i.contact_id FROM {table} i "  # noqa: S608
            f"JOIN ({shared}) d ON d.kind = i.kind AND d.value_index = i.value_index",
            params,
        )
        while rows := cursor.fetchmany(FETCH_SIZE):
            for kind, value, contact_id in rows:
                groups[(kind, value)].append(contact_id)
    limit = rules.max_candidates_per_contact + 1
    groups = {k: v for k, v in groups.items() if 2 <= len(v) <= limit}
    if batch is not None:
        reader.read_ids(pk for members in groups.values() for pk in members)
    contacts = reader.contacts
    position, in_batch = contacts.position, contacts.in_batch
    for (kind, _value), holders in groups.items():
        members = sorted(position[pk] for pk in holders if pk in position)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if batch is not None and a not in in_batch and b not in in_batch:
                    continue
                item = evidence.setdefault((a, b), _Evidence())
                if kind == "email":
                    item.email = True
                else:
                    item.phone = True


def _blocks(contacts: _Contacts, rules: DedupeRules) -> dict[str, dict[str, list[int]]]:
    """Contacts grouped by place ("c" + city, "s" + site id, or "" when places do not
    matter), then by the prefix of each word of their matching key."""
    blocks: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    cities, sites = contacts.cities, contacts.sites
    city_places = {city: "c" + city for city in set(cities) if city}
    for at, words in enumerate(contacts.words):
        if not words:
            continue
        prefixes = {word[:PREFIX] for word in words if len(word) >= 2}
        if not rules.require_same_place:
            places = [blocks[""]]
        else:
            places = []
            if cities[at]:
                places.append(blocks[city_places[cities[at]]])
            if sites[at] is not None:
                places.append(blocks[f"s{sites[at]}"])
        for place in places:
            for prefix in prefixes:
                place[prefix].append(at)
    return blocks


def _split_large(members: list[int], keys: list[str], prefix: str) -> Iterator[list[int]]:
    """Split a large block by the initials of the words not matched on the prefix."""
    parts: dict[str, list[int]] = defaultdict(list)
    for at in members:
        rest = "".join(sorted(word[0] for word in keys[at].split() if not word.startswith(prefix)))
        parts[rest].append(at)
    yield from parts.values()


def _aligned(key: str, prefix: str) -> str:
    """The key with the word that put it into the block first, the others sorted after it:
    a typo in the first letter of another word must not change the order of the words."""
    words = key.split()
    for i, word in enumerate(words):
        if word.startswith(prefix):
            return " ".join([word, *words[:i], *words[i + 1 :]]) if i else key
    return key


def _compare(
    members: list[int], keys: list[str], prefix: str, rules: DedupeRules, in_batch: set[int] | None
) -> Iterator[tuple[int, int, int]]:
    """Pairs (a, b, percent) of a block whose matching keys are close enough.

    A key held by more contacts of the block than a contact may have candidates is a
    common name there (namesakes), not evidence.
    """
    cutoff = rules.name_threshold / 100 - 1e-9
    similarity = OSA.normalized_similarity
    limit = rules.max_candidates_per_contact + 1
    by_key: dict[str, list[int]] = defaultdict(list)
    for at in members:
        by_key[_aligned(keys[at], prefix)].append(at)
    distinct = [key for key, holders in by_key.items() if len(holders) <= limit]
    for key in distinct:
        holders = by_key[key]
        for i, a in enumerate(holders):
            for b in holders[i + 1 :]:
                if in_batch is None or a in in_batch or b in in_batch:
                    yield a, b, 100
    if len(distinct) < 2:
        return
    queries: Iterable[int] = range(len(distinct) - 1)
    if in_batch is not None:
        queries = [i for i, key in enumerate(distinct) if in_batch.intersection(by_key[key])]
    for i in queries:
        query = distinct[i]
        choices = distinct[i + 1 :] if in_batch is None else distinct
        offset = i + 1 if in_batch is None else 0
        if len(choices) <= 8:
            hits: Iterable[tuple[Any, float, int]] = [
                (None, score, j)
                for j, choice in enumerate(choices)
                if (score := similarity(query, choice, score_cutoff=cutoff))
            ]
        else:
            hits = process.extract(
                query, choices, scorer=similarity, score_cutoff=cutoff, limit=None
            )
        for _choice, score, j in hits:
            other = distinct[j + offset]
            if other == query:
                continue
            percent = int(100 * score + 1e-9)
            for a in by_key[query]:
                for b in by_key[other]:
                    if in_batch is None or a in in_batch or b in in_batch:
                        yield a, b, percent


Block = tuple[str, str, list[int]]
BlockPair = tuple[int, int, int, str]

# What forked workers compare: the blocks, the keys, the rules and the batch's positions;
# set just before the fork, under the lock, so that two scans in threads cannot mix them up.
_SHARED: tuple[list[Block], list[str], DedupeRules, set[int] | None, Counter[str]] | None = None
_SHARED_LOCK = threading.Lock()


def _block_pairs(
    block: Block, keys: list[str], rules: DedupeRules, in_batch: set[int] | None
) -> list[BlockPair]:
    """(a, b, percent, place kind) for the close names of one block."""
    place, prefix, members = block
    kind = "" if not place else ("city" if place[0] == "c" else "site")
    groups = _split_large(members, keys, prefix) if len(members) > LARGE_BLOCK else [members]
    return [
        (a, b, percent, kind)
        for group in groups
        for a, b, percent in _compare(group, keys, prefix, rules, in_batch)
    ]


def _two_spellings(first: str, second: str, word_counts: Counter[str]) -> bool:
    """Whether two close but different keys are two established spellings ("Baranov" and
    "Barinov", "Federica" and "Federico") rather than one name and a slip of the pen: every
    word that differs, on both sides, is held by several contacts. A misspelling is rare."""
    mine, theirs = set(first.split()), set(second.split())
    return all(
        extra and all(word_counts[word] >= ESTABLISHED_WORD for word in extra)
        for extra in (mine - theirs, theirs - mine)
    )


def _compare_range(
    blocks: list[Block],
    indexes: range,
    keys: list[str],
    rules: DedupeRules,
    in_batch: set[int] | None,
    word_counts: Counter[str],
) -> list[BlockPair]:
    """The close names of a range of blocks, each pair once with its best percentage (the
    same site preferred to the same city); two established spellings are no pair."""
    best: dict[tuple[int, int], tuple[int, str]] = {}
    spellings: dict[tuple[str, str], bool] = {}
    for i in indexes:
        for a, b, percent, kind in _block_pairs(blocks[i], keys, rules, in_batch):
            if percent < 100:
                names = (keys[a], keys[b])
                two = spellings.get(names)
                if two is None:
                    two = spellings[names] = _two_spellings(*names, word_counts)
                if two:
                    continue
            pair = (a, b) if a < b else (b, a)
            known = best.get(pair)
            if known is None or (percent, kind == "site") > (known[0], known[1] == "site"):
                best[pair] = (percent, kind)
    return [(a, b, percent, kind) for (a, b), (percent, kind) in best.items()]


def _compare_shared(indexes: range) -> list[BlockPair]:
    """Compare a range of the shared blocks; runs in a worker process."""
    assert _SHARED is not None
    blocks, keys, rules, in_batch, word_counts = _SHARED
    return _compare_range(blocks, indexes, keys, rules, in_batch, word_counts)


def _fuzzy_pairs(
    contacts: _Contacts,
    rules: DedupeRules,
    batch_only: bool,
    evidence: dict[tuple[int, int], _Evidence],
    progress: Progress | None,
) -> None:
    global _SHARED
    keys = contacts.keys
    in_batch = contacts.in_batch if batch_only else None
    # Blocks of one place stay together, so that a worker sees most of the blocks in which a
    # pair meets and reports the pair once.
    blocks = [
        (place, prefix, members)
        for place, by_prefix in sorted(_blocks(contacts, rules).items())
        for prefix, members in by_prefix.items()
        if len(members) >= 2 and (in_batch is None or not in_batch.isdisjoint(members))
    ]
    n = len(contacts)
    processes = _processes(n)
    step = max(1, min(5_000, len(blocks) // (8 * processes) + 1))
    chunks = [range(start, min(start + step, len(blocks))) for start in range(0, len(blocks), step)]

    def record(found: list[BlockPair], done: int) -> None:
        for a, b, percent, kind in found:
            pair = (a, b)
            item = evidence.get(pair)
            if item is None:
                evidence[pair] = _Evidence(name=percent, place=kind)
            elif percent > item.name or (percent == item.name and kind == "site"):
                item.name = percent
                item.place = kind
        if progress is not None:
            progress(n + n * done // max(len(chunks), 1), 2 * n)

    if processes == 1 or len(chunks) < 2:
        for done, indexes in enumerate(chunks, 1):
            record(
                _compare_range(blocks, indexes, keys, rules, in_batch, contacts.word_counts), done
            )
        return
    with _SHARED_LOCK:
        _SHARED = (blocks, keys, rules, in_batch, contacts.word_counts)
        try:
            with _fork_pool(processes) as pool:
                for done, found in enumerate(pool.imap(_compare_shared, chunks), 1):
                    record(found, done)
        finally:
            _SHARED = None


def _name_for_exact(
    contacts: _Contacts, rules: DedupeRules, evidence: dict[tuple[int, int], _Evidence]
) -> None:
    """Add the name similarity to pairs found on an email or phone; drop household lines."""
    keys, cities, sites = contacts.keys, contacts.cities, contacts.sites
    households = []
    for (a, b), item in evidence.items():
        if item.name or not (item.email or item.phone):
            continue
        percent = name_score(keys[a], keys[b])
        item.name = percent
        if sites[a] is not None and sites[a] == sites[b]:
            item.place = "site"
        elif cities[a] and cities[a] == cities[b]:
            item.place = "city"
        if (
            rules.household_phones
            and item.phone
            and not item.email
            and keys[a]
            and keys[b]
            and percent < HOUSEHOLD_NAME_FLOOR
        ):
            households.append((a, b))
    for pair in households:
        del evidence[pair]


def _drop_common_names(
    contacts: _Contacts, rules: DedupeRules, evidence: dict[tuple[int, int], _Evidence]
) -> None:
    """Forget name-only pairs whose name is too common in their place to tell people apart.

    How common a name is gets estimated within the city, as the product of the frequencies
    of its words there: names cluster by place, and "Thomas" is commoner in Hamburg than
    among all contacts.
    """
    keys, words_of, cities, sites = (contacts.keys, contacts.words, contacts.cities, contacts.sites)
    total = max(len(contacts), 1)
    name_only = [pair for pair, item in evidence.items() if not (item.email or item.phone)]
    local = contacts.local_counts
    city_sizes = Counter(cities)
    site_sizes = Counter(sites)

    def frequency(key: str, city: str, pair: tuple[int, int]) -> float:
        """How often a name occurs in a city, leaving out the pair under judgement and
        starting from a prior, so that a small city's few names do not look common."""
        own = [words_of[at] for at in pair if cities[at] == city]
        size = city_sizes[city] - len(own) + PRIOR_WEIGHT
        result = 1.0
        for word in key.split():
            seen = local[(city, word)] - sum(word in held for held in own)
            result *= (seen + PRIOR_WEIGHT * PRIOR_FREQUENCY) / size
        return result

    common = []
    for a, b in name_only:
        item = evidence[(a, b)]
        size = {"site": site_sizes[sites[a]], "city": city_sizes[cities[a]]}.get(item.place, total)
        expected = max(size - 2, 0) * max(
            frequency(keys[a], cities[a], (a, b)), frequency(keys[b], cities[b], (a, b))
        )
        if expected > rules.namesake_limit:
            common.append((a, b))
    for pair in common:
        del evidence[pair]


def _phones_of(contacts: _Contacts, wanted: set[int]) -> Iterator[tuple[int, str]]:
    """(position, phone index) of the contacts at the given positions: by id for a few, in
    one pass over the table for many."""
    table = _quote(ContactIdentifier._meta.db_table)
    ids = contacts.ids
    position = contacts.position
    if len(wanted) <= PHONE_LOOKUP_LIMIT:
        chosen = sorted(ids[at] for at in wanted)
        # PostgreSQL takes the ids as one array; other databases in slices of a few hundred
        # (SQLite limits the parameters of a query).
        step = max(len(chosen), 1) if connection.vendor == "postgresql" else 500
        for start in range(0, len(chosen), step):
            part = chosen[start : start + step]
            if connection.vendor == "postgresql":
                id_sql, params = "contact_id = ANY(%s)", [part]
            else:
                id_sql, params = _in_clause("contact_id", part)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT contact_id, value_index FROM {table} "  # noqa: S608
                    f"WHERE kind = 'phone' AND {id_sql}",
                    params,
                )
                for contact_id, value in cursor.fetchall():
                    yield position[contact_id], value
        return
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT contact_id, value_index FROM {table} "  # noqa: S608
            f"WHERE kind = 'phone'"
        )
        while rows := cursor.fetchmany(FETCH_SIZE):
            for contact_id, value in rows:
                at = position.get(contact_id)
                if at is not None and at in wanted:
                    yield at, value


def _drop_conflicts(contacts: _Contacts, evidence: dict[tuple[int, int], _Evidence]) -> None:
    """Forget name-only pairs of contacts that both have phones and share none, or that
    belong to different sites."""
    sites = contacts.sites
    conflicting = [
        pair
        for pair, item in evidence.items()
        if not (item.email or item.phone)
        and sites[pair[0]] is not None
        and sites[pair[1]] is not None
        and sites[pair[0]] != sites[pair[1]]
    ]
    for pair in conflicting:
        del evidence[pair]
    name_only = {
        at for pair, item in evidence.items() if not (item.email or item.phone) for at in pair
    }
    phones: dict[int, set[str]] = defaultdict(set)
    for at, value in _phones_of(contacts, name_only):
        phones[at].add(value)
    conflicting = [
        (a, b)
        for (a, b), item in evidence.items()
        if not (item.email or item.phone)
        and a in phones
        and b in phones
        and phones[a].isdisjoint(phones[b])
    ]
    for pair in conflicting:
        del evidence[pair]


def _capped(scored: list[tuple[float, int, int]], cap: int) -> Iterator[tuple[int, int]]:
    """The best pairs first, each contact in at most `cap` of them."""
    counts: dict[int, int] = defaultdict(int)
    for _score, a, b in sorted(scored, reverse=True):
        if counts[a] < cap and counts[b] < cap:
            counts[a] += 1
            counts[b] += 1
            yield a, b


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
    progress: Callable[[int, int], None] | None = None,
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

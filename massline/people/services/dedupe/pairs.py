"""Candidate pairs: exact identifiers, blocks of close names, the checks that drop a pair."""

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection
from rapidfuzz import process
from rapidfuzz.distance import OSA

from massline.people.models import Contact, ContactIdentifier, ImportBatch
from massline.people.services.dedupe.reading import (
    _Contacts,
    _fork_pool,
    _in_clause,
    _processes,
    _quote,
    _Reader,
)
from massline.people.services.dedupe.rules import (
    EMAIL_WEIGHT,
    ESTABLISHED_WORD,
    FETCH_SIZE,
    HOUSEHOLD_NAME_FLOOR,
    LARGE_BLOCK,
    NAME_WEIGHT,
    PHONE_LOOKUP_LIMIT,
    PHONE_WEIGHT,
    PREFIX,
    PRIOR_FREQUENCY,
    PRIOR_WEIGHT,
    SAME_EMAIL,
    SAME_PHONE,
    DedupeRules,
    Progress,
    _name_reason,
    name_score,
)


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

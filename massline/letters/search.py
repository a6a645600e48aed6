"""Full-text search over every language version of every letter, on either database.

SQLite: the FTS5 table `letters_fts` (migrations 0002 and 0004) holds, per letter, the subject
and text of every version as stems of its language (`stemming`); a query asks for any stem its
words may have.
PostgreSQL: `LetterVersion.search` holds `to_tsvector(<language's configuration>, ...)` under a
GIN index; a query is the OR of the words parsed in every configuration, so a Russian word
finds its inflections in Russian letters, an Italian one in Italian letters, and so on.

Callers use `matching_letter_ids(text)` (a subquery of letter ids) and `reindex(versions)` /
`reindex_letters(ids)`;
neither says which database runs underneath.
"""

from collections.abc import Iterable
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from massline.letters.models import LetterVersion
from massline.letters.stemming import fts5_query, stemmed_text, words

# PostgreSQL text search configurations per language; others use "simple".
REGCONFIGS = {"ru": "russian", "it": "italian", "de": "german", "en": "english"}
QUERY_CONFIGS = ("russian", "italian", "german", "english", "simple")
MAX_QUERY_WORDS = 12


def regconfig(language: str) -> str:
    return REGCONFIGS.get(language, "simple")


def document(version: LetterVersion) -> str:
    return f"{version.subject}\n{version.body}"


def reindex(versions: Iterable[LetterVersion]) -> None:
    """Bring the index in line with these (saved) versions. Call inside their transaction."""
    versions = list(versions)
    if not versions:
        return
    if connection.vendor == "postgresql":
        for version in versions:
            LetterVersion.objects.filter(pk=version.pk).update(
                search=SearchVector(
                    Value(document(version)), config=Value(regconfig(version.language))
                )
            )
    elif connection.vendor == "sqlite":
        reindex_letters({version.letter_id for version in versions})


def reindex_letters(letter_ids: Iterable[int]) -> None:
    """SQLite: one FTS5 row per letter (rowid = the letter's id) holding the stems of every
    language version, so that a match gives letter ids without a join. Call after versions
    of these letters were written or deleted, inside the same transaction."""
    ids = sorted(set(letter_ids))
    if not ids or connection.vendor != "sqlite":
        return
    texts: dict[int, list[str]] = {pk: [] for pk in ids}
    for version in LetterVersion.objects.filter(letter_id__in=ids).only(
        "letter_id", "language", "subject", "body"
    ):
        texts[version.letter_id].append(stemmed_text(document(version), version.language))
    with connection.cursor() as cursor:
        cursor.executemany("DELETE FROM letters_fts WHERE rowid = %s", [(pk,) for pk in ids])
        cursor.executemany(
            "INSERT INTO letters_fts (rowid, content) VALUES (%s, %s)",
            [(pk, "\n".join(parts)) for pk, parts in texts.items() if parts],
        )


def _normalized(text: str) -> str:
    return " ".join(words(text)[:MAX_QUERY_WORDS])


def matching_version_filter(text: str) -> Q | None:
    """PostgreSQL: a filter on `LetterVersion` for the text; None when it has no words."""
    normalized = _normalized(text)
    if not normalized:
        return None
    query = reduce(
        lambda a, b: a | b,
        (SearchQuery(normalized, config=Value(config)) for config in QUERY_CONFIGS),
    )
    return Q(search=query)


def matching_letter_ids(text: str) -> QuerySet | RawSQL | None:
    """Ids of letters with a version matching the text, as a subquery; None: no words."""
    if connection.vendor == "postgresql":
        condition = matching_version_filter(text)
        if condition is None:
            return None
        return LetterVersion.objects.filter(condition).values("letter_id")
    expression = fts5_query(text, max_words=MAX_QUERY_WORDS)
    if not expression:
        return None
    # Only the rowid (the letter's id) is read: reading a stored column would load each
    # matching row's content too, which costs ten times as much on common words.
    return RawSQL("SELECT rowid FROM letters_fts WHERE letters_fts MATCH %s", (expression,))

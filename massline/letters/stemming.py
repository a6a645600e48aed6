"""Light stemmers for the full-text index on SQLite (PostgreSQL uses its own dictionaries).

FTS5 ships only an English Porter stemmer, so the index stores each word already reduced to a
stem in the version's language, and a query looks for every stem its words may have in any of
the languages. The stemmers strip inflectional endings only (after J. Savoy's "light"
stemmers, as in Lucene's RussianLightStemmer, ItalianLightStemmer, GermanLightStemmer and
EnglishMinimalStemmer): "революции" and "революция" meet, "compagni" and "compagno",
"Genossen" and "Genosse".
"""

import re
import unicodedata
from collections.abc import Callable, Iterable

WORD = re.compile(r"\w+", re.UNICODE)

_RU_ENDINGS = (
    (6, ("иями", "оями")),
    (
        5,
        (
            "иям", "иях", "оях", "ями", "оям", "оьв", "ами", "его", "ему", "ери", "ими",
            "ого", "ому", "ыми", "оев",
        ),
    ),
    (
        4,
        (
            "ая", "яя", "ях", "юю", "ах", "ею", "их", "ия", "ию", "ьв", "ою", "ую", "ям",
            "ых", "ея", "ам", "ем", "ей", "ём", "ев", "ий", "им", "ое", "ой", "ом", "ов",
            "ые", "ый", "ым", "ми",
        ),
    ),
    (3, ("а", "е", "и", "о", "у", "й", "ы", "ь", "я")),
)  # fmt: skip


def stem_ru(word: str) -> str:
    word = word.replace("ё", "е")
    for longer_than, endings in _RU_ENDINGS:
        if len(word) > longer_than:
            for ending in endings:
                if word.endswith(ending):
                    word = word[: -len(ending)]
                    break
            else:
                continue
            break
    if len(word) > 3 and word[-1] in "ьи":
        word = word[:-1]
    return word


def _fold_accents(word: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFD", word) if unicodedata.category(ch) != "Mn"
    )


def stem_it(word: str) -> str:
    word = _fold_accents(word)
    if len(word) < 6:
        return word
    if word[-1] not in "aeio":
        return word
    if word[-2] == "h" and word[-3] in "cg":
        return word[:-2]
    if word[-2] in "ai" and word[-1] in "eo" and word[-2:] != "ie":
        return word[:-1]
    if word[-2] == "i" and word[-1] in "ae":
        return word[:-2]
    return word[:-1]


_ST_ENDING = set("bdfghklmnt")


def stem_de(word: str) -> str:
    word = word.replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss")
    word = _fold_accents(word)
    # step 1
    if len(word) > 5 and word.endswith("ern"):
        word = word[:-3]
    elif len(word) > 4 and word[-2] == "e" and word[-1] in "mnrs":
        word = word[:-2]
    elif (len(word) > 3 and word[-1] == "e") or (
        len(word) > 3 and word[-1] == "s" and word[-2] in _ST_ENDING
    ):
        word = word[:-1]
    # step 2
    if len(word) > 5 and word.endswith("est"):
        word = word[:-3]
    elif (len(word) > 4 and word[-2] == "e" and word[-1] in "rn") or (
        len(word) > 4 and word.endswith("st") and word[-3] in _ST_ENDING
    ):
        word = word[:-2]
    return word


def stem_en(word: str) -> str:
    if len(word) > 3 and word[-1] == "s":
        if word.endswith("ies") and word[-4] not in "ae":
            word = word[:-3] + "y"
        elif (word.endswith("es") and word[-3] not in "aeo") or word[-2] not in "us":
            word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    return word


STEMMERS: dict[str, Callable[[str], str]] = {
    "ru": stem_ru,
    "it": stem_it,
    "de": stem_de,
    "en": stem_en,
}


def words(text: str) -> list[str]:
    return [word.casefold() for word in WORD.findall(text)]


def stem(word: str, language: str) -> str:
    stemmer = STEMMERS.get(language)
    return stemmer(word) if stemmer else word


def stemmed_text(text: str, language: str) -> str:
    """The text as the index stores it: its words' stems, separated by spaces."""
    stemmer = STEMMERS.get(language)
    if stemmer is None:
        return " ".join(words(text))
    return " ".join(stemmer(word) for word in words(text))


def query_stems(word: str, languages: Iterable[str] = STEMMERS) -> set[str]:
    """Every stem a query word may have in the given languages, and the word itself."""
    word = word.casefold()
    return {word} | {STEMMERS[code](word) for code in languages if code in STEMMERS}


def fts5_query(text: str, *, max_words: int = 12) -> str:
    """A safe FTS5 MATCH expression: every word must match one of its stems.

    Each stem is a quoted string, so the user's input never reaches the FTS5 query syntax.
    Returns "" when the text has no words.
    """
    groups = []
    for word in words(text)[:max_words]:
        variants = sorted(query_stems(word))
        groups.append("(" + " OR ".join('"' + v.replace('"', '""') + '"' for v in variants) + ")")
    return " AND ".join(groups)

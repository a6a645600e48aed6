"""Text normalization for search and matching, shared by every app.

`search_key` folds case and accents and adds a Latin transliteration of Cyrillic, so that
"Партия", "partiya" and "PARTIYA" all meet, and "Città" matches "citta".
"""

import unicodedata

_CYRILLIC_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "є": "ie",
    "і": "i",
    "ї": "i",
    "ґ": "g",
    "ў": "u",
}


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse white space; keeps the script."""
    # Unicode's compatibility caseless matching (D146): folding case once is not enough, as
    # compatibility forms like "ℌ" or "㎒" decompose to upper-case letters.
    once = unicodedata.normalize("NFKD", unicodedata.normalize("NFD", text).casefold())
    decomposed = unicodedata.normalize("NFKD", once.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # NFKD splits "й" into "и" + breve; the breve is gone now, which is what matching wants.
    return " ".join(unicodedata.normalize("NFC", stripped).split())


def transliterate(text: str) -> str:
    """Latin spelling of Cyrillic letters in an already folded text."""
    return "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in text)


def search_key(*parts: str) -> str:
    """The text stored for accent- and case-insensitive search across scripts."""
    folded = [fold(part) for part in parts if part]
    keys = list(dict.fromkeys(folded + [transliterate(part) for part in folded]))
    return " | ".join(keys)


def query_key(query: str) -> str:
    """The normalized form of a search query, to compare against `search_key`."""
    return fold(query)

"""List and fill a translation catalog from the command line (a tool for translators).

    python -m massline.testing.catalog missing massline/events/locale ru > todo.json
    python -m massline.testing.catalog fill massline/events/locale ru done.json

`missing` prints the untranslated (or fuzzy) message ids as a JSON object of id → "" (plural
messages as id → ["", ...] with one entry per plural form of the language); `fill` reads such an
object with the translations filled in and writes them into the catalog. Run `make messages`
afterwards to rewrap and compile the catalogs.
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def _po_path(locale: str, language: str) -> Path:
    return Path(locale) / language / "LC_MESSAGES" / "django.po"


def missing(locale: str, language: str) -> dict[str, object]:
    with _po_path(locale, language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    todo: dict[str, object] = {}
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            if isinstance(message.id, str):
                todo[message.id] = ""
            else:
                todo[message.id[0]] = [""] * catalog.num_plurals
    return todo


def fill(locale: str, language: str, translations: dict[str, str | list[str]]) -> int:
    path = _po_path(locale, language)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key not in translations:
            continue
        value = translations[key]
        message.string = tuple(value) if isinstance(value, list) else value
        message.flags.discard("fuzzy")
        filled += 1
    with path.open("wb") as handle:
        write_po(handle, catalog, width=79, omit_header=False)
    return filled


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "missing":
        json.dump(missing(argv[1], argv[2]), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if len(argv) == 4 and argv[0] == "fill":
        with open(argv[3], encoding="utf-8") as handle:
            translations = json.load(handle)
        print(f"{fill(argv[1], argv[2], translations)} messages filled")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

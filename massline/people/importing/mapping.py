"""What a column can become, guesses from header names, options, and the mapping JSON format.

A mapping gives every column of the file a target ("given_name", "email", ..., or "ignore").
The JSON form, used by `massline import_contacts --mapping` and offered for download after a
mapping was made in the browser, reads:

    {
      "massline_import_mapping": 1,
      "columns": {"Фамилия": "family_name", "E-mail": "email", "#7": "phone"},
      "default_country": "RU",
      "constituencies": ["workers"],
      "tags": ["imported 2024"],
      "duplicates": "skip",
      "fuzzy": true
    }

Columns are named by their header, or by "#N" (N counted from 1) when a header is blank or
repeated. Columns left out are ignored.
"""

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pycountry
from babel import Locale
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from massline.core.countries import is_country
from massline.core.text import fold
from massline.people.importing.prepare import lookup_key
from massline.people.models import BUILTIN_CONSTITUENCIES, Constituency, Contact

FORMAT_VERSION = 1
IGNORE = "ignore"

# target -> label; the order is the order of the select on the mapping page.
TARGETS: dict[str, Promise] = {
    IGNORE: gettext_lazy("Ignore this column"),
    "given_name": gettext_lazy("Given name"),
    "family_name": gettext_lazy("Family name"),
    "full_name": gettext_lazy("Full name (split into given and family name)"),
    "called_name": gettext_lazy("Name they go by"),
    "pseudonym": gettext_lazy("Pseudonym"),
    "email": gettext_lazy("Email"),
    "phone": gettext_lazy("Phone"),
    "address": gettext_lazy("Address"),
    "city": gettext_lazy("City"),
    "country": gettext_lazy("Country (code or name)"),
    "languages": gettext_lazy("Languages"),
    "constituencies": gettext_lazy("Constituencies"),
    "site": gettext_lazy("Workplace or site (by name)"),
    "site_sector": gettext_lazy("Sector of the workplace"),
    "union": gettext_lazy("Union"),
    "status": gettext_lazy("Membership status"),
    "consent_email": gettext_lazy("May be emailed (yes/no)"),
    "consent_phone": gettext_lazy("May be called (yes/no)"),
    "consent_messaging": gettext_lazy("May be messaged (yes/no)"),
    "source": gettext_lazy("Source"),
    "tags": gettext_lazy("Tags"),
    "notes": gettext_lazy("Notes"),
    "assessment": gettext_lazy("Assessment (1–5)"),
}
# Targets that several columns may share: their values are put together.
MULTI_TARGETS = frozenset({"email", "phone", "address", "notes", "tags", "constituencies", IGNORE})

DUPLICATE_SKIP = "skip"
DUPLICATE_FILL = "fill"
DUPLICATE_CHOICES: dict[str, Promise] = {
    DUPLICATE_SKIP: gettext_lazy("Skip the row"),
    DUPLICATE_FILL: gettext_lazy("Fill in the empty fields of the existing contact"),
}

# Header words per target, in English, Russian, Italian and German. Compared after folding
# (case, accents) and dropping everything but letters and digits.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "given_name": (
        "first name",
        "firstname",
        "given name",
        "given names",
        "forename",
        "first",
        "имя",
        "имя контакта",
        "nome",
        "nome di battesimo",
        "vorname",
        "rufname vorname",
    ),
    "family_name": (
        "last name",
        "lastname",
        "surname",
        "family name",
        "last",
        "фамилия",
        "cognome",
        "nachname",
        "familienname",
        "zuname",
    ),
    "full_name": (
        "name",
        "full name",
        "fullname",
        "contact",
        "contact name",
        "person",
        "фио",
        "полное имя",
        "имя и фамилия",
        "фамилия имя",
        "фамилия имя отчество",
        "ф и о",
        "nome completo",
        "nominativo",
        "nome e cognome",
        "cognome e nome",
        "vollständiger name",
        "name vorname",
        "vor und nachname",
        "kontakt",
    ),
    "called_name": (
        "called name",
        "nickname",
        "preferred name",
        "known as",
        "goes by",
        "обращение",
        "как обращаться",
        "как зовут",
        "soprannome",
        "nome preferito",
        "spitzname",
        "bevorzugter name",
    ),
    "pseudonym": ("pseudonym", "alias", "псевдоним", "pseudonimo", "deckname"),
    "email": (
        "email",
        "e mail",
        "mail",
        "email address",
        "e mail address",
        "emails",
        "электронная почта",
        "эл почта",
        "почта",
        "емейл",
        "имейл",
        "мейл",
        "e mail адрес",
        "posta elettronica",
        "indirizzo email",
        "indirizzo e mail",
        "e mail adresse",
        "emailadresse",
        "mailadresse",
    ),
    "phone": (
        "phone",
        "telephone",
        "tel",
        "mobile",
        "cell",
        "cellphone",
        "mobile phone",
        "phone number",
        "телефон",
        "тел",
        "мобильный",
        "мобильный телефон",
        "сотовый",
        "номер телефона",
        "telefono",
        "cellulare",
        "numero di telefono",
        "tel cellulare",
        "telefon",
        "handy",
        "mobil",
        "mobilnummer",
        "telefonnummer",
        "rufnummer",
        "whatsapp",
        "telegram",
        "signal",
    ),
    "address": (
        "address",
        "street",
        "street address",
        "postal address",
        "адрес",
        "улица",
        "почтовый адрес",
        "indirizzo",
        "via",
        "indirizzo postale",
        "adresse",
        "anschrift",
        "straße",
        "strasse",
        "postanschrift",
    ),
    "city": (
        "city",
        "town",
        "place",
        "город",
        "населенный пункт",
        "città",
        "comune",
        "località",
        "stadt",
        "ort",
        "wohnort",
    ),
    "country": ("country", "страна", "paese", "nazione", "stato estero", "land", "staat"),
    "languages": (
        "language",
        "languages",
        "язык",
        "языки",
        "lingua",
        "lingue",
        "sprache",
        "sprachen",
    ),
    "constituencies": (
        "constituency",
        "constituencies",
        "group",
        "groups",
        "категория",
        "группа",
        "слой",
        "settore sociale",
        "gruppo",
        "zielgruppe",
        "gruppe",
    ),
    "site": (
        "workplace",
        "site",
        "employer",
        "company",
        "work",
        "место работы",
        "работа",
        "предприятие",
        "организация",
        "завод",
        "luogo di lavoro",
        "azienda",
        "posto di lavoro",
        "datore di lavoro",
        "arbeitsplatz",
        "betrieb",
        "arbeitgeber",
        "firma",
    ),
    "site_sector": (
        "sector",
        "industry",
        "branch",
        "отрасль",
        "сектор",
        "settore",
        "branche",
        "sektor",
    ),
    "union": (
        "union",
        "trade union",
        "labour union",
        "labor union",
        "профсоюз",
        "sindacato",
        "gewerkschaft",
    ),
    "status": (
        "status",
        "membership",
        "membership status",
        "статус",
        "членство",
        "stato",
        "iscrizione",
        "mitgliedschaft",
        "mitgliedsstatus",
    ),
    "consent_email": (
        "consent email",
        "email consent",
        "may email",
        "newsletter",
        "согласие email",
        "согласие на email",
        "согласие на рассылку",
        "consenso email",
        "einwilligung email",
        "einwilligung e mail",
    ),
    "consent_phone": (
        "consent phone",
        "phone consent",
        "may call",
        "согласие на звонки",
        "согласие звонки",
        "consenso telefono",
        "einwilligung telefon",
    ),
    "consent_messaging": (
        "consent messaging",
        "messaging consent",
        "may message",
        "consent sms",
        "согласие на сообщения",
        "consenso messaggi",
        "einwilligung nachrichten",
    ),
    "source": (
        "source",
        "origin",
        "источник",
        "откуда",
        "fonte",
        "provenienza",
        "quelle",
        "herkunft",
    ),
    "tags": (
        "tags",
        "tag",
        "labels",
        "label",
        "теги",
        "метки",
        "тэги",
        "etichette",
        "schlagwörter",
        "schlagworte",
        "stichworte",
    ),
    "notes": (
        "notes",
        "note",
        "comments",
        "comment",
        "remarks",
        "заметки",
        "примечание",
        "примечания",
        "комментарий",
        "комментарии",
        "note",
        "commenti",
        "osservazioni",
        "notizen",
        "bemerkungen",
        "anmerkungen",
        "kommentar",
    ),
    "assessment": (
        "assessment",
        "rating",
        "level",
        "score",
        "оценка",
        "уровень",
        "valutazione",
        "livello",
        "einschätzung",
        "bewertung",
        "stufe",
    ),
}


def _key(text: str) -> str:
    """A header reduced for comparison: folded, letters and digits only, single spaces."""
    folded = fold(text)
    return " ".join(re.sub(r"[^\w]+|_", " ", folded).split())


@lru_cache(maxsize=1)
def _synonym_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for target, words in _SYNONYMS.items():
        for word in words:
            table.setdefault(_key(word), target)
    return table


def guess_target(header: str) -> str:
    """The likely target of a column, from its header; "ignore" when nothing fits."""
    table = _synonym_table()
    key = _key(header)
    if key in table:
        return table[key]
    # "E-mail 2", "Phone (work)", "Телефон моб.": drop digits and what is in brackets.
    trimmed = _key(re.sub(r"\(.*?\)|\[.*?\]|\d+", " ", header))
    if trimmed in table:
        return table[trimmed]
    words = trimmed.split()
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            candidate = " ".join(words[start : start + size])
            target = table.get(candidate)
            if target in MULTI_TARGETS:
                return target
    return IGNORE


def guess_targets(header: list[str]) -> list[str]:
    """Targets for every column; a single-value target goes to the first column that fits."""
    taken: set[str] = set()
    targets = []
    for name in header:
        target = guess_target(name)
        if target not in MULTI_TARGETS:
            if target in taken:
                target = IGNORE
            taken.add(target)
        targets.append(target)
    if "full_name" in targets and {"given_name", "family_name"} <= set(targets):
        targets = [IGNORE if t == "full_name" else t for t in targets]
    return targets


@dataclass
class ImportOptions:
    """What the user chose beside the column targets."""

    default_country: str = ""
    constituencies: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    duplicates: str = DUPLICATE_SKIP
    fuzzy: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "default_country": self.default_country,
            "constituencies": self.constituencies,
            "tags": self.tags,
            "duplicates": self.duplicates,
            "fuzzy": self.fuzzy,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ImportOptions":
        return cls(
            default_country=str(data.get("default_country") or ""),
            constituencies=[str(k) for k in data.get("constituencies") or []],
            tags=[str(t) for t in data.get("tags") or []],
            duplicates=str(data.get("duplicates") or DUPLICATE_SKIP),
            fuzzy=bool(data.get("fuzzy")),
        )


def validate_targets(targets: list[str], columns: list[str]) -> list[str]:
    """The targets, checked: known, single targets used once, something to import."""
    if len(targets) != len(columns):
        raise ValidationError(
            _("The mapping has %(got)d columns; the file has %(want)d.")
            % {"got": len(targets), "want": len(columns)}
        )
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        raise ValidationError(_("Unknown target: %(target)s") % {"target": unknown[0]})
    seen: dict[str, str] = {}
    for column, target in zip(columns, targets, strict=True):
        if target in MULTI_TARGETS:
            continue
        if target in seen:
            raise ValidationError(
                _("“%(target)s” is chosen for two columns: %(first)s and %(second)s.")
                % {"target": TARGETS[target], "first": seen[target], "second": column}
            )
        seen[target] = column
    identity = {
        "given_name",
        "family_name",
        "full_name",
        "called_name",
        "pseudonym",
        "email",
        "phone",
    }
    if not identity & set(targets):
        raise ValidationError(
            _("Map at least one column to a name, a pseudonym, an email or a phone.")
        )
    if "site_sector" in targets and "site" not in targets:
        raise ValidationError(_("A sector needs a workplace column as well."))
    return targets


def validate_options(options: ImportOptions) -> ImportOptions:
    country = options.default_country.strip().upper()
    if country and not is_country(country):
        raise ValidationError(_("%(code)s is not an ISO 3166 country code.") % {"code": country})
    if options.duplicates not in DUPLICATE_CHOICES:
        raise ValidationError(_("Choose what to do with duplicates: skip or fill."))
    known = set(
        Constituency.objects.filter(key__in=options.constituencies).values_list("key", flat=True)
    )
    missing = [key for key in options.constituencies if key not in known]
    if missing:
        raise ValidationError(_("Unknown constituency: %(key)s") % {"key": missing[0]})
    tags = [" ".join(tag.split()) for tag in options.tags if tag.strip()]
    if any(len(tag) > 60 for tag in tags):
        raise ValidationError(_("A tag may have at most 60 characters."))
    return ImportOptions(
        default_country=country,
        constituencies=list(dict.fromkeys(options.constituencies)),
        tags=list(dict.fromkeys(tags)),
        duplicates=options.duplicates,
        fuzzy=options.fuzzy,
    )


def _column_ref(columns: list[str], index: int) -> str:
    name = columns[index]
    return name if columns.count(name) == 1 else f"#{index + 1}"


def mapping_to_json(columns: list[str], targets: list[str], options: ImportOptions) -> str:
    data: dict[str, Any] = {
        "massline_import_mapping": FORMAT_VERSION,
        "columns": {_column_ref(columns, i): t for i, t in enumerate(targets) if t != IGNORE},
        **options.as_dict(),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def mapping_from_json(text: str, columns: list[str]) -> tuple[list[str], ImportOptions]:
    """Targets per column and options from the JSON form; ValidationError when it is wrong."""
    try:
        data = json.loads(text)
    except (ValueError, TypeError) as exc:
        raise ValidationError(
            _("The mapping is not valid JSON: %(error)s") % {"error": exc}
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise ValidationError(_("The mapping needs a “columns” object: header → target."))
    version = data.get("massline_import_mapping", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise ValidationError(
            _("Unknown mapping format version %(version)s.") % {"version": version}
        )
    targets = [IGNORE] * len(columns)
    for ref, target in data["columns"].items():
        index = _resolve_column(str(ref), columns)
        if not isinstance(target, str) or target not in TARGETS:
            raise ValidationError(_("Unknown target: %(target)s") % {"target": target})
        targets[index] = target
    raw_options = {k: v for k, v in data.items() if k not in ("columns", "massline_import_mapping")}
    if not isinstance(raw_options.get("constituencies", []), list) or not isinstance(
        raw_options.get("tags", []), list
    ):
        raise ValidationError(_("“constituencies” and “tags” must be lists."))
    return targets, ImportOptions.from_dict(raw_options)


def _resolve_column(ref: str, columns: list[str]) -> int:
    if re.fullmatch(r"#\d+", ref):
        index = int(ref[1:]) - 1
        if 0 <= index < len(columns):
            return index
    else:
        matches = [i for i, name in enumerate(columns) if name == ref]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise ValidationError(
                _(
                    "The file has several columns named “%(column)s”: name "
                    "them by number, e.g. #%(number)d."
                )
                % {"column": ref, "number": matches[0] + 1}
            )
    raise ValidationError(
        _("The mapping names a column the file does not have: %(column)s") % {"column": ref}
    )


# Look-up tables handed to the workers -----------------------------------------------------

LANGUAGES = ("en", "ru", "it", "de")


@lru_cache(maxsize=1)
def country_lookup() -> dict[str, str]:
    """Country names (en, ru, it, de), official names and ISO codes → alpha-2 code."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for name in (
            code,
            country.alpha_3,
            country.name,
            getattr(country, "official_name", ""),
            getattr(country, "common_name", ""),
        ):
            if name:
                table.setdefault(lookup_key(name), code)
    for language in LANGUAGES:
        territories = Locale.parse(language).territories
        for code, name in territories.items():
            if len(code) == 2 and code.isalpha() and code in _alpha2():
                table.setdefault(lookup_key(name), code)
    for name, code in _COUNTRY_ALIASES.items():
        table.setdefault(lookup_key(name), code)
    return table


# Names still in common use that ISO and CLDR have replaced.
_COUNTRY_ALIASES = {
    "Turkey": "TR",
    "Turkei": "TR",
    "Turchia": "TR",
    "Czech Republic": "CZ",
    "Tschechische Republik": "CZ",
    "Repubblica Ceca": "CZ",
    "Holland": "NL",
    "England": "GB",
    "Great Britain": "GB",
    "Britain": "GB",
    "UK": "GB",
    "USA": "US",
    "America": "US",
    "Swaziland": "SZ",
    "Macedonia": "MK",
    "Burma": "MM",
    "Ivory Coast": "CI",
    "Cape Verde": "CV",
    "East Timor": "TL",
    "Zaire": "CD",
    "Persia": "IR",
    "Белоруссия": "BY",
    "Киргизия": "KG",
    "Молдавия": "MD",
    "Англия": "GB",
}


@lru_cache(maxsize=1)
def _alpha2() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


@lru_cache(maxsize=1)
def language_lookup() -> dict[str, str]:
    """Language names (en, ru, it, de) and ISO 639-1 codes → code."""
    codes = {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")}
    table = {code: code for code in codes}
    for lang in pycountry.languages:
        if hasattr(lang, "alpha_2") and hasattr(lang, "alpha_3"):
            table.setdefault(lang.alpha_3, lang.alpha_2)
    for language in LANGUAGES:
        for code, name in Locale.parse(language).languages.items():
            if code in codes:
                table.setdefault(lookup_key(name), code)
    for name, code in _AUTONYMS.items():
        if code in codes:
            table.setdefault(lookup_key(name), code)
    return table


# Languages also recognised by their own name, as CLDR writes it (a table rather than Babel
# look-ups: loading fifty locales would cost a second at every start).
_AUTONYMS = {
    "العربية": "ar",
    "български": "bg",
    "বাংলা": "bn",
    "català": "ca",
    "čeština": "cs",
    "dansk": "da",
    "Deutsch": "de",
    "Ελληνικά": "el",
    "English": "en",
    "español": "es",
    "eesti": "et",
    "euskara": "eu",
    "فارسی": "fa",
    "suomi": "fi",
    "français": "fr",
    "Gaeilge": "ga",
    "עברית": "he",
    "हिन्दी": "hi",
    "hrvatski": "hr",
    "magyar": "hu",
    "հայերեն": "hy",
    "Indonesia": "id",
    "italiano": "it",
    "日本語": "ja",
    "ქართული": "ka",
    "қазақ тілі": "kk",
    "한국어": "ko",
    "kurdî": "ku",
    "lietuvių": "lt",
    "latviešu": "lv",
    "македонски": "mk",
    "Nederlands": "nl",
    "norsk": "no",
    "polski": "pl",
    "português": "pt",
    "română": "ro",
    "русский": "ru",
    "slovenčina": "sk",
    "slovenščina": "sl",
    "shqip": "sq",
    "српски": "sr",
    "svenska": "sv",
    "தமிழ்": "ta",
    "Türkçe": "tr",
    "українська": "uk",
    "اردو": "ur",
    "oʻzbek": "uz",
    "Tiếng Việt": "vi",
    "中文": "zh",
}


def _translated(label: Any) -> list[str]:
    names = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.append(str(label))
    return names


def status_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for value, label in Contact.Status.choices:
        table.setdefault(lookup_key(value), value)
        for name in _translated(label):
            table.setdefault(lookup_key(name), value)
    return table


def constituency_lookup() -> dict[str, str]:
    """Keys and names (built-in ones in every language) of constituencies → key."""
    table: dict[str, str] = {}
    for key, name in Constituency.objects.values_list("key", "name"):
        table.setdefault(lookup_key(key), key)
        table.setdefault(lookup_key(name), key)
        if key in BUILTIN_CONSTITUENCIES:
            for label in _translated(BUILTIN_CONSTITUENCIES[key]):
                table.setdefault(lookup_key(label), key)
    return table

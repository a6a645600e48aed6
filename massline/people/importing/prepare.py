"""Raw rows → normalized, validated and encrypted values, ready for the writer.

This is the hot path of an import and runs in worker processes (see `run`), so it imports
nothing that needs Django's app registry: the look-up tables and the key material arrive in a
`PrepareConfig`. The rules are those of `services.contacts.contact_create` (same normalizers,
limits and messages); the tests compare both.

Ciphertexts are written in the vault's format (`ml1$<key id>$<base64(nonce|ciphertext|tag)>`,
the purpose as associated data) and blind indexes as `vault.crypto.blind_index` makes them, so
`EncryptedTextField` reads imported values like any other.
"""

import binascii
import hmac
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, NamedTuple

from massline.core.text import fold, transliterate
from massline.vault.crypto import PREFIX
from massline.vault.keys import DataKey
from massline.vault.normalize import normalize_name, normalize_phone

# Modes: what the values of a prepared row hold.
ENCRYPT = "encrypt"  # ciphertexts, for the writer
PLAIN = "plain"  # plaintexts, for the preview and for filling in existing contacts
CHECK = "check"  # nothing but identifiers and look-ups, for the dry run

SEALED_FIELDS = (
    "given_name",
    "family_name",
    "called_name",
    "pseudonym",
    "emails",
    "phones",
    "address",
    "notes",
)

_EMAIL_SPLIT = re.compile(r"[,;\s]+")
_PHONE_SPLIT = re.compile(r"[,;\n]+")
_LIST_SPLIT = re.compile(r"[,;]+")
_LANGUAGE_SPLIT = re.compile(r"[,;/]+")
_PHONE_PUNCTUATION = str.maketrans("", "", " -().")
_PATRONYMIC = ("вич", "вна", "ична", "инична")

# Compared after lookup_key(), which transliterates: "да" → "da", "нет" → "net", "sì" → "si".
YES = frozenset(
    {
        "yes",
        "y",
        "true",
        "1",
        "x",
        "ok",
        "da",
        "d",
        "si",
        "ja",
        "j",
        "oui",
        "vero",
        "wahr",
        "✓",
        "✔",
        "☑",
        "+",
    }
)
NO = frozenset({"no", "n", "false", "0", "net", "nein", "falso", "non", "falsch", "", "-"})


def lookup_key(text: str) -> str:
    """How cell values meet names of countries, languages, statuses: folded, Latin, no
    punctuation."""
    return " ".join(re.sub(r"[^\w]+|_", " ", transliterate(fold(text))).split())


class PreparedRow(NamedTuple):
    row: int
    given_name: str
    family_name: str
    called_name: str
    pseudonym: str
    emails: str
    phones: str
    address: str
    notes: str
    name_index: str
    languages: str  # JSON list
    country: str
    city: str
    union: str
    status: str
    consent_email: bool
    consent_phone: bool
    consent_messaging: bool
    source: str
    assessment: int | None
    site: str
    site_sector: str
    constituencies: tuple[str, ...]
    tags: tuple[str, ...]
    email_indexes: tuple[str, ...]
    phone_indexes: tuple[str, ...]


# (row, column index or -1 for the whole row, code, parameters)
RowError = tuple[int, int, str, dict[str, Any] | None]


class PreparedChunk(NamedTuple):
    rows: list[PreparedRow]
    errors: list[RowError]
    blank: int


@dataclass(frozen=True)
class PrepareConfig:
    """Everything a worker needs; picklable."""

    targets: tuple[str, ...]
    mode: str
    master_key: bytes
    key_id: str
    purposes: dict[str, str]  # sealed field → vault purpose
    name_purpose: str
    email_purpose: str
    phone_purpose: str
    text_limits: dict[str, int]
    default_country: str
    countries: dict[str, str]
    languages: dict[str, str]
    statuses: dict[str, str]
    constituencies: dict[str, str]
    extra_constituencies: tuple[str, ...] = ()
    extra_tags: tuple[str, ...] = ()


class _State:
    def __init__(self, config: PrepareConfig) -> None:
        self.config = config
        key = DataKey(config.master_key)
        self.aeads = {name: key.aead(purpose) for name, purpose in config.purposes.items()}
        self.aad = {name: purpose.encode() for name, purpose in config.purposes.items()}
        self.name_key = key.index_key(config.name_purpose)
        self.email_key = key.index_key(config.email_purpose)
        self.phone_key = key.index_key(config.phone_purpose)
        self.prefix = f"{PREFIX}{config.key_id}$"
        self.width = len(config.targets)
        self.plan = [(i, t) for i, t in enumerate(config.targets) if t != "ignore"]
        self.phone_cache: dict[tuple[str, str], str] = {}
        self.domain_cache: dict[str, str | None] = {}
        self.word_cache: dict[str, tuple[str, ...]] = {}
        self.value_cache: dict[tuple[str, str], Any] = {}
        self.nonces = b""
        self.nonce_at = 0

    def seal(self, field: str, value: str) -> str:
        if not value:
            return ""
        at = self.nonce_at
        if at + 12 > len(self.nonces):
            self.nonces = os.urandom(12 * 4096)
            at = 0
        nonce = self.nonces[at : at + 12]
        self.nonce_at = at + 12
        sealed = self.aeads[field].encrypt(nonce, value.encode(), self.aad[field])
        return self.prefix + binascii.b2a_base64(nonce + sealed, newline=False).decode()

    def name(self, given: str, family: str) -> str:
        """`normalize_name(given, family)`, word by word with a cache.

        normalize_name folds, transliterates and splits character by character and sorts the
        words, so normalizing each word of the input on its own gives the same words; names
        repeat a lot, their words even more.
        """
        cache = self.word_cache
        words: list[str] = []
        for word in f"{given} {family}".split():
            parts = cache.get(word)
            if parts is None:
                if len(cache) > 200_000:
                    cache.clear()
                parts = cache[word] = tuple(normalize_name(word).split())
            words.extend(parts)
        words.sort()
        return " ".join(words)

    def email(self, raw: str) -> str:
        """`normalize_email`, with the IDNA encoding of each domain done once."""
        text = unicodedata.normalize("NFKC", raw).strip().strip("<>").strip()
        if text.count("@") != 1:
            return ""
        local, domain = text.rsplit("@", 1)
        if not local or not domain or " " in text:
            return ""
        if domain in self.domain_cache:
            encoded = self.domain_cache[domain]
        else:
            if len(self.domain_cache) > 100_000:
                self.domain_cache.clear()
            try:
                encoded = domain.rstrip(".").encode("idna").decode("ascii").lower()
            except UnicodeError:
                encoded = None
            self.domain_cache[domain] = encoded
        if encoded is None:
            return ""
        return f"{local.casefold()}@{encoded}"

    def phone(self, raw: str, region: str) -> str:
        """`normalize_phone(raw, region)`, computed once per number and region.

        A number written with nothing but digits, spaces, "-", "(", ")" and "." (and a leading
        "+") is parsed the same without its punctuation, and faster; the same number written
        in different ways then shares one cache entry.
        """
        text = raw.strip()
        plus = text.startswith("+")
        digits = (
            text[1:].translate(_PHONE_PUNCTUATION) if plus else text.translate(_PHONE_PUNCTUATION)
        )
        # (Two digits with punctuation between them are no number to phonenumbers, two
        # digits alone may be.)
        if (
            len(digits) > 2
            and digits.isdigit()
            and digits.isascii()
            and text.startswith("00") == digits.startswith("00")
        ):
            text = "+" + digits if plus else digits
        key = (text, region)
        cached = self.phone_cache.get(key)
        if cached is None:
            if len(self.phone_cache) > 500_000:
                self.phone_cache.clear()
            cached = self.phone_cache[key] = normalize_phone(text, region or None)
        return cached


# Base32 ("a"-"z", "2"-"7") of every 10-bit group, for encoding 20-byte digests.
_B32 = tuple(
    a + b for a in "abcdefghijklmnopqrstuvwxyz234567" for b in "abcdefghijklmnopqrstuvwxyz234567"
)


def _index(key: bytes, normalized: str) -> str:
    """`vault.crypto.blind_index`: lower-case base32 of the first 20 bytes of the HMAC,
    unrolled over two 80-bit halves (base64.b32encode is a Python loop)."""
    if not normalized:
        return ""
    digest = hmac.digest(key, normalized.encode(), "sha256")
    a = int.from_bytes(digest[:10], "big")
    b = int.from_bytes(digest[10:20], "big")
    t = _B32
    return "".join(
        (
            t[a >> 70],
            t[(a >> 60) & 1023],
            t[(a >> 50) & 1023],
            t[(a >> 40) & 1023],
            t[(a >> 30) & 1023],
            t[(a >> 20) & 1023],
            t[(a >> 10) & 1023],
            t[a & 1023],
            t[b >> 70],
            t[(b >> 60) & 1023],
            t[(b >> 50) & 1023],
            t[(b >> 40) & 1023],
            t[(b >> 30) & 1023],
            t[(b >> 20) & 1023],
            t[(b >> 10) & 1023],
            t[b & 1023],
        )
    )


_STATE: _State | None = None


def make_state(config: PrepareConfig) -> _State:
    """Derived keys, the column plan and the caches, for `prepare_with`."""
    return _State(config)


def init_worker(config: PrepareConfig) -> None:
    """Pool initializer of a worker process."""
    global _STATE
    _STATE = _State(config)


def split_full_name(value: str) -> tuple[str, str]:
    """(given, family) from one cell: "Family, Given", "Family Given Patronymic" (Russian
    order, recognised by the patronymic), otherwise the last word is the family name."""
    if "," in value:
        family, given = (part.strip() for part in value.split(",", 1))
        return given, family
    parts = value.split()
    if len(parts) == 1:
        return parts[0], ""
    if len(parts) == 3 and parts[2].lower().endswith(_PATRONYMIC):
        return f"{parts[1]} {parts[2]}", parts[0]
    return " ".join(parts[:-1]), parts[-1]


def prepare_chunk(rows: list[list[str]], first_row: int) -> PreparedChunk:
    """`prepare_with` in a worker process set up by `init_worker`."""
    assert _STATE is not None, "init_worker() was not called"
    return prepare_with(_STATE, rows, first_row)


def prepare_with(state: _State, rows: list[list[str]], first_row: int) -> PreparedChunk:
    """Prepare rows numbered from `first_row` (the row after the header).

    A row with any error yields its errors and no prepared row: rows are never half-written.
    """
    prepared: list[PreparedRow] = []
    errors: list[RowError] = []
    blank = 0
    for offset, cells in enumerate(rows):
        number = first_row + offset
        row_errors: list[RowError] = []
        result = _prepare_row(state, cells, number, row_errors)
        if result is None and not row_errors:
            blank += 1
        elif row_errors:
            errors.extend(row_errors)
        elif result is not None:
            prepared.append(result)
    return PreparedChunk(prepared, errors, blank)


def _prepare_row(
    state: _State, cells: list[str], number: int, errors: list[RowError]
) -> PreparedRow | None:
    config = state.config
    limits = config.text_limits
    single: dict[str, tuple[int, str]] = {}
    multi: dict[str, list[tuple[int, str]]] = {}
    count = len(cells)
    for index, target in state.plan:
        if index >= count:
            continue
        value = cells[index].strip()
        if not value:
            continue
        if target in ("email", "phone", "address", "notes", "tags", "constituencies"):
            multi.setdefault(target, []).append((index, value))
        else:
            single[target] = (index, value)
    if not single and not multi:
        if count > state.width and any(cell.strip() for cell in cells[state.width :]):
            errors.append((number, -1, "extra_cells", None))
        return None
    if count > state.width and any(cell.strip() for cell in cells[state.width :]):
        errors.append((number, -1, "extra_cells", None))

    def text(target: str, limit_key: str | None = None) -> str:
        found = single.get(target)
        if found is None:
            return ""
        index, value = found
        limit = limits.get(limit_key or target)
        if limit and len(value) > limit:
            errors.append((number, index, "too_long", {"limit": limit}))
        return value

    given = text("given_name")
    family = text("family_name")
    if not given and not family and "full_name" in single:
        index, value = single["full_name"]
        given, family = split_full_name(value)
        for part, key in ((given, "given_name"), (family, "family_name")):
            if len(part) > limits.get(key, 200):
                errors.append((number, index, "too_long", {"limit": limits.get(key, 200)}))
    called = text("called_name")
    pseudonym = text("pseudonym")
    city = text("city")
    union = text("union")
    source = text("source")
    site = text("site", "site")
    sector = text("site_sector", "site_sector") if site else ""

    address_parts = [value for _i, value in multi.get("address", ())]
    address = ", ".join(address_parts)
    if address and len(address) > limits.get("address", 1000):
        errors.append(
            (number, multi["address"][0][0], "too_long", {"limit": limits.get("address", 1000)})
        )
    notes = "\n".join(value for _i, value in multi.get("notes", ()))
    if notes and len(notes) > limits.get("notes", 20000):
        errors.append(
            (number, multi["notes"][0][0], "too_long", {"limit": limits.get("notes", 20000)})
        )

    country = ""
    if "country" in single:
        index, value = single["country"]
        country = _lookup(state, "country", value, config.countries)
        if not country:
            errors.append((number, index, "country", {"value": value[:60]}))
    region = country or config.default_country

    emails: list[str] = []
    for index, value in multi.get("email", ()):
        for raw in _EMAIL_SPLIT.split(value):
            if not raw:
                continue
            email = state.email(raw)
            if not email or len(email) > 254 or "." not in email.rsplit("@", 1)[-1]:
                errors.append((number, index, "email", None))
                break
            if email not in emails:
                emails.append(email)

    phones: list[str] = []
    for index, value in multi.get("phone", ()):
        for raw in _PHONE_SPLIT.split(value):
            raw = raw.strip()
            if not raw:
                continue
            phone = state.phone(raw, region)
            if not phone:
                errors.append((number, index, "phone", None))
                break
            if phone not in phones:
                phones.append(phone)

    languages = "[]"
    if "languages" in single:
        index, value = single["languages"]
        languages = _languages(state, value)
        if not languages:
            errors.append((number, index, "language", {"value": value[:60]}))

    status = "contact"
    if "status" in single:
        index, value = single["status"]
        status = _lookup(state, "status", value, config.statuses)
        if not status:
            errors.append((number, index, "status", {"value": value[:60]}))

    consent_email = _consent(single, "consent_email", number, errors)
    consent_phone = _consent(single, "consent_phone", number, errors)
    consent_messaging = _consent(single, "consent_messaging", number, errors)

    assessment = None
    if "assessment" in single:
        index, value = single["assessment"]
        try:
            number_value = float(value.replace(",", "."))
        except ValueError:
            number_value = 0.0
        if number_value.is_integer() and 1 <= number_value <= 5:
            assessment = int(number_value)
        else:
            errors.append((number, index, "assessment", None))

    constituencies: list[str] = list(config.extra_constituencies)
    for index, value in multi.get("constituencies", ()):
        for token in _LIST_SPLIT.split(value):
            token = token.strip()
            if not token:
                continue
            constituency = config.constituencies.get(lookup_key(token))
            if constituency is None:
                errors.append((number, index, "constituency", {"value": token[:60]}))
            elif constituency not in constituencies:
                constituencies.append(constituency)

    tags: list[str] = list(config.extra_tags)
    folded_tags = {tag.casefold() for tag in tags}
    for index, value in multi.get("tags", ()):
        for token in _LIST_SPLIT.split(value):
            tag = " ".join(token.split())
            if not tag:
                continue
            if len(tag) > 60:
                errors.append((number, index, "tag_too_long", None))
            elif tag.casefold() not in folded_tags:
                folded_tags.add(tag.casefold())
                tags.append(tag)

    if not (given or family or called or pseudonym or emails or phones) and not errors:
        errors.append((number, -1, "empty_contact", None))
    if errors:
        return None

    mode = config.mode
    email_indexes = tuple(_index(state.email_key, e) for e in emails)
    phone_indexes = tuple(_index(state.phone_key, p) for p in phones)
    name_index = ""
    values: tuple[str, ...] = ("",) * len(SEALED_FIELDS)
    if mode != CHECK:
        if given or family:
            name_index = _index(state.name_key, state.name(given, family))
        values = (
            given,
            family,
            called,
            pseudonym,
            "\n".join(emails),
            "\n".join(phones),
            address,
            notes,
        )
        if mode == ENCRYPT:
            seal = state.seal
            values = tuple(
                [seal(f, v) if v else "" for f, v in zip(SEALED_FIELDS, values, strict=True)]
            )
    return PreparedRow(
        number,
        values[0],
        values[1],
        values[2],
        values[3],
        values[4],
        values[5],
        values[6],
        values[7],
        name_index,
        languages,
        country,
        city,
        union,
        status,
        consent_email,
        consent_phone,
        consent_messaging,
        source,
        assessment,
        site,
        sector,
        tuple(constituencies),
        tuple(tags),
        email_indexes,
        phone_indexes,
    )


def _consent(
    single: dict[str, tuple[int, str]], target: str, number: int, errors: list[RowError]
) -> bool:
    if target not in single:
        return False
    index, value = single[target]
    answer = _ANSWERS.get(value)
    if answer is None:
        key = lookup_key(value) or value.strip()
        answer = "yes" if key in YES else "no" if key in NO else ""
        if len(_ANSWERS) < 10_000:
            _ANSWERS[value] = answer
    if not answer:
        errors.append((number, index, "consent", {"value": value[:60]}))
    return answer == "yes"


_ANSWERS: dict[str, str] = {}


def _lookup(state: _State, kind: str, value: str, table: dict[str, str]) -> str:
    cache_key = (kind, value)
    found = state.value_cache.get(cache_key)
    if found is None:
        found = table.get(lookup_key(value), "")
        if len(state.value_cache) > 100_000:
            state.value_cache.clear()
        state.value_cache[cache_key] = found
    return found


def _languages(state: _State, value: str) -> str:
    """A JSON list of language codes, or "" when a name is not recognised."""
    cache_key = ("languages", value)
    found = state.value_cache.get(cache_key)
    if found is None:
        codes: list[str] = []
        for token in _LANGUAGE_SPLIT.split(value):
            token = token.strip()
            if not token:
                continue
            table = state.config.languages
            code = (table.get(token.lower()) if len(token) <= 3 else None) or table.get(
                lookup_key(token)
            )
            if code is None:
                codes = []
                break
            if code not in codes:
                codes.append(code)
        found = json.dumps(codes) if codes else ""
        state.value_cache[cache_key] = found
    return found

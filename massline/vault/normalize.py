"""Normalization before blind indexing and matching: equal people give equal strings."""

import unicodedata

import phonenumbers

from massline.core.text import fold, transliterate


def normalize_email(value: str) -> str:
    """Case- and Unicode-folded address with an IDNA (punycode) domain; "" when not an address."""
    text = unicodedata.normalize("NFKC", value or "").strip().strip("<>").strip()
    if text.count("@") != 1:
        return ""
    local, domain = text.rsplit("@", 1)
    if not local or not domain or " " in text:
        return ""
    try:
        domain = domain.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        return ""
    return f"{local.casefold()}@{domain.lower()}"


def normalize_phone(value: str, region: str | None = None) -> str:
    """E.164 ("+79161234567"); "" when the number cannot be parsed or is impossible."""
    text = (value or "").strip()
    if not text:
        return ""
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_name(*parts: str) -> str:
    """Folded, transliterated name with its words sorted: order and script do not matter."""
    words = transliterate(fold(" ".join(p for p in parts if p))).replace("-", " ").split()
    cleaned = ["".join(ch for ch in word if ch.isalnum()) for word in words]
    return " ".join(sorted(w for w in cleaned if w))

"""The PDF of a letter received: checked, then sealed with the vault's data key.

The file is small (bounded by `LETTERS_UPLOAD_MAX_BYTES`), so it is sealed in one piece with
AES-GCM under the data key's subkey for "letters.attachment" and kept in the letter's row:
it is written in the same transaction as the letter, or not at all.
"""

import os
import struct

from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from massline.vault.keys import VaultKeyError, keyring

PURPOSE = "letters.attachment"
MAGIC = b"MLLA1"
_KEY_ID_LEN = 12


class AttachmentError(Exception):
    """A stored attachment cannot be opened: lost key or tampered data."""


def max_bytes() -> int:
    return int(getattr(settings, "LETTERS_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def check_pdf(data: bytes) -> None:
    """Refuse anything that is not a plausible PDF of bounded size, with a clear message."""
    if not data:
        raise ValidationError({"pdf": _("The file is empty.")})
    if len(data) > max_bytes():
        raise ValidationError(
            {
                "pdf": _("The file is larger than %(size)d MB.")
                % {"size": max(1, max_bytes() // (1024 * 1024))}
            }
        )
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise ValidationError({"pdf": _("This file is not a PDF.")})


def seal(data: bytes, *, letter_key: str) -> bytes:
    key = keyring().current
    nonce = os.urandom(12)
    sealed = key.aead(PURPOSE).encrypt(nonce, data, (PURPOSE + letter_key).encode())
    return MAGIC + key.key_id.encode("ascii") + struct.pack(">I", len(data)) + nonce + sealed


def unseal(blob: bytes, *, letter_key: str) -> bytes:
    blob = bytes(blob)
    if not blob.startswith(MAGIC):
        raise AttachmentError("not a sealed attachment")
    offset = len(MAGIC)
    key_id = blob[offset : offset + _KEY_ID_LEN].decode("ascii", "replace")
    offset += _KEY_ID_LEN + 4
    key = keyring().by_id(key_id)
    if key is None:
        raise VaultKeyError(f"The attachment was sealed with data key {key_id}, not configured.")
    nonce, sealed = blob[offset : offset + 12], blob[offset + 12 :]
    try:
        return key.aead(PURPOSE).decrypt(nonce, sealed, (PURPOSE + letter_key).encode())
    except InvalidTag as exc:
        raise AttachmentError("the attachment cannot be decrypted (tampered data?)") from exc

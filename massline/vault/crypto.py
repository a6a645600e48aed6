"""Encryption of single values (AES-GCM) and blind indexes (HMAC-SHA256).

A ciphertext reads `ml1$<key id>$<base64(nonce || ciphertext || tag)>`. The purpose is bound
as associated data, so a value copied into another field fails to decrypt.
"""

import base64
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag

from massline.vault.keys import VaultKeyError, keyring

PREFIX = "ml1$"


class DecryptionError(ValueError):
    """A stored value could not be decrypted: wrong key, or tampered data."""


def encrypt(purpose: str, plaintext: str) -> str:
    key = keyring().current
    nonce = os.urandom(12)
    sealed = key.aead(purpose).encrypt(nonce, plaintext.encode(), purpose.encode())
    return f"{PREFIX}{key.key_id}${base64.b64encode(nonce + sealed).decode()}"


def key_id_of(token: str) -> str | None:
    if not token.startswith(PREFIX):
        return None
    return token[len(PREFIX) :].split("$", 1)[0]


def decrypt(purpose: str, token: str) -> str:
    key_id = key_id_of(token)
    if key_id is None:
        raise DecryptionError("not a vault ciphertext")
    key = keyring().by_id(key_id)
    if key is None:
        raise VaultKeyError(
            f"A value was encrypted with data key {key_id}, which is not configured. "
            "Set MASSLINE_DATA_KEY (or MASSLINE_DATA_KEY_PREVIOUS during a rotation)."
        )
    try:
        raw = base64.b64decode(token.rsplit("$", 1)[1], validate=True)
        return key.aead(purpose).decrypt(raw[:12], raw[12:], purpose.encode()).decode()
    except (InvalidTag, ValueError, IndexError) as exc:
        raise DecryptionError(f"a {purpose} value cannot be decrypted (tampered data?)") from exc


def blind_index(purpose: str, normalized: str, *, key_id: str | None = None) -> str:
    """A keyed HMAC of a normalized value, for exact look-up without the plaintext.

    Returns "" for an empty value so that blanks never match each other.
    """
    if not normalized:
        return ""
    ring = keyring()
    key = ring.current if key_id is None else ring.by_id(key_id)
    if key is None:
        raise VaultKeyError(f"data key {key_id} is not configured")
    digest = hmac.new(key.index_key(purpose), normalized.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode().rstrip("=").lower()

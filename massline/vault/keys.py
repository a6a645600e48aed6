"""The data keys: loaded from the environment or a key file, never from the database.

`MASSLINE_DATA_KEY` (or `MASSLINE_DATA_KEY_FILE`) holds the current key: 32 random bytes in
URL-safe base64 (`massline vault generate-key` prints one). During a rotation the earlier keys
stay readable through `MASSLINE_DATA_KEY_PREVIOUS` (comma-separated, or `..._FILE`). Each
purpose ("contact.email", ...) gets its own AES-GCM and HMAC subkeys derived with HKDF, so a
ciphertext cannot be moved from one field to another and blind indexes of different fields
cannot be compared.
"""

import base64
import binascii
import hashlib
import secrets
from dataclasses import dataclass
from functools import cached_property, lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class VaultKeyError(ImproperlyConfigured):
    """The data key is missing, malformed, or not the one the data was written with."""


def generate_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")


def _decode(text: str, source: str) -> bytes:
    text = text.strip()
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise VaultKeyError(f"{source} is not valid base64.") from exc
    if len(raw) != 32:
        raise VaultKeyError(
            f"{source} must hold 32 bytes (43 base64 characters); it holds {len(raw)} bytes. "
            "Create one with: massline vault generate-key"
        )
    return raw


def _derive(master: bytes, info: str, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info.encode()).derive(
        master
    )


@dataclass(frozen=True)
class DataKey:
    master: bytes

    @cached_property
    def key_id(self) -> str:
        return hashlib.sha256(_derive(self.master, "massline/key-id")).hexdigest()[:12]

    def aead(self, purpose: str) -> AESGCM:
        return _aead(self.master, purpose)

    def index_key(self, purpose: str) -> bytes:
        return _index_key(self.master, purpose)


@lru_cache(maxsize=256)
def _aead(master: bytes, purpose: str) -> AESGCM:
    return AESGCM(_derive(master, f"massline/encrypt/{purpose}"))


@lru_cache(maxsize=256)
def _index_key(master: bytes, purpose: str) -> bytes:
    return _derive(master, f"massline/index/{purpose}")


@dataclass(frozen=True)
class Keyring:
    current: DataKey
    previous: tuple[DataKey, ...]

    def by_id(self, key_id: str) -> DataKey | None:
        for key in (self.current, *self.previous):
            if key.key_id == key_id:
                return key
        return None


@lru_cache(maxsize=1)
def _keyring_for(current: str, previous: tuple[str, ...]) -> Keyring:
    return Keyring(
        current=DataKey(_decode(current, "MASSLINE_DATA_KEY")),
        previous=tuple(DataKey(_decode(p, "MASSLINE_DATA_KEY_PREVIOUS")) for p in previous),
    )


def keyring() -> Keyring:
    """The keys in force, as configured in settings (parsed once per configuration)."""
    current = settings.MASSLINE_DATA_KEY
    if not current:
        raise VaultKeyError(
            "No data key: set MASSLINE_DATA_KEY or MASSLINE_DATA_KEY_FILE "
            "(create one with: massline vault generate-key)."
        )
    return _keyring_for(current, tuple(settings.MASSLINE_DATA_KEY_PREVIOUS))

"""Uploaded import files, kept encrypted at rest until the import is done, undone or dropped.

A stored file is a header and a sequence of frames:

    header = b"MLIMP1\\n" | key id (12 ASCII characters) | file id (16 random bytes)
    frame  = length of the sealed frame (4 bytes, big-endian) | nonce (12 bytes) | sealed

Each frame seals up to `FRAME_SIZE` bytes of plaintext with AES-GCM under the data key's
subkey for the purpose "import.file". The associated data binds the file id, the frame's
position and whether it is the last frame, so frames cannot be reordered, moved to another file
or cut off without the reader noticing. The plaintext never touches the disk: uploads are
encrypted while they stream in (`EncryptingUploadHandler`).
"""

import atexit
import contextlib
import io
import os
import secrets
import shutil
import struct
import tempfile
import time
from collections.abc import Generator
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from massline.vault.keys import VaultKeyError, keyring

MAGIC = b"MLIMP1\n"
PURPOSE = "import.file"
FRAME_SIZE = 1 << 20
_KEY_ID_LEN = 12
_FILE_ID_LEN = 16
_HEADER_LEN = len(MAGIC) + _KEY_ID_LEN + _FILE_ID_LEN
_LENGTH = struct.Struct(">I")
_NAME_SUFFIX = ".mlimp"


class StoredFileError(Exception):
    """A stored import file is missing, truncated, tampered with, or sealed with a lost key."""


def import_dir() -> Path:
    """Where encrypted uploads wait for their import: `MASSLINE_IMPORT_DIR`, else
    VAR_DIR/imports. Test runs use a directory of their own, removed when they end: their
    database is rolled back after each test, and its files would otherwise pile up."""
    configured = getattr(settings, "MASSLINE_IMPORT_DIR", "")
    if configured:
        folder = Path(configured)
    elif getattr(settings, "TESTING", False):
        folder = _test_dir()
    else:
        folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


@lru_cache(maxsize=1)
def _test_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="massline-test-imports-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _path(name: str) -> Path:
    if not name or "/" in name or "\\" in name or not name.endswith(_NAME_SUFFIX):
        raise StoredFileError("not a stored import file name")
    return import_dir() / name


def _aad(file_id: bytes, index: int, final: bool) -> bytes:
    return file_id + struct.pack(">QB", index, 1 if final else 0)


class EncryptedFileWriter:
    """Writes a new stored file frame by frame; `close()` seals the last frame.

    `abort()` removes what was written. The name is random, so two writers never meet.
    """

    def __init__(self) -> None:
        key = keyring().current
        self._aead = key.aead(PURPOSE)
        self._file_id = secrets.token_bytes(_FILE_ID_LEN)
        self.name = secrets.token_hex(16) + _NAME_SUFFIX
        self.size = 0
        self._index = 0
        self._buffer = bytearray()
        path = _path(self.name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._handle: BinaryIO | None = os.fdopen(fd, "wb")
        self._handle.write(MAGIC + key.key_id.encode("ascii") + self._file_id)

    def write(self, data: bytes) -> None:
        self.size += len(data)
        self._buffer += data
        while len(self._buffer) > FRAME_SIZE:
            self._seal(bytes(self._buffer[:FRAME_SIZE]), final=False)
            del self._buffer[:FRAME_SIZE]

    def _seal(self, plain: bytes, *, final: bool) -> None:
        assert self._handle is not None
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plain, _aad(self._file_id, self._index, final))
        self._handle.write(_LENGTH.pack(len(sealed)) + nonce + sealed)
        self._index += 1

    def close(self) -> str:
        """Seal the rest and return the stored name."""
        if self._handle is not None:
            self._seal(bytes(self._buffer), final=True)
            self._buffer.clear()
            self._handle.close()
            self._handle = None
        return self.name

    def abort(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        self._buffer.clear()
        delete(self.name)


def store_stream(source: BinaryIO, *, max_bytes: int | None = None) -> tuple[str, int]:
    """Encrypt a readable binary stream into a new stored file: (name, plaintext size).

    Raises `FileTooLarge` past `max_bytes`, leaving nothing behind.
    """
    writer = EncryptedFileWriter()
    try:
        while block := source.read(FRAME_SIZE):
            writer.write(block)
            if max_bytes is not None and writer.size > max_bytes:
                raise FileTooLarge(writer.size)
        return writer.close(), writer.size
    except BaseException:
        writer.abort()
        raise


class FileTooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def _frames(name: str) -> Generator[bytes, None, None]:
    try:
        handle = _path(name).open("rb")
    except OSError as exc:
        raise StoredFileError("the stored file is gone") from exc
    with handle:
        header = handle.read(_HEADER_LEN)
        if len(header) != _HEADER_LEN or not header.startswith(MAGIC):
            raise StoredFileError("not a stored import file")
        key_id = header[len(MAGIC) : len(MAGIC) + _KEY_ID_LEN].decode("ascii", "replace")
        file_id = header[len(MAGIC) + _KEY_ID_LEN :]
        key = keyring().by_id(key_id)
        if key is None:
            raise VaultKeyError(
                f"the import file was sealed with data key {key_id}, which is not configured"
            )
        aead = key.aead(PURPOSE)
        index = 0
        while True:
            prefix = handle.read(_LENGTH.size + 12)
            if len(prefix) != _LENGTH.size + 12:
                raise StoredFileError("the stored file is truncated")
            (length,) = _LENGTH.unpack(prefix[: _LENGTH.size])
            if length > FRAME_SIZE + 16:
                raise StoredFileError("the stored file is damaged")
            sealed = handle.read(length)
            final = handle.peek(1)[:1] == b""
            try:
                plain = aead.decrypt(prefix[_LENGTH.size :], sealed, _aad(file_id, index, final))
            except InvalidTag as exc:
                raise StoredFileError("the stored file is damaged or tampered with") from exc
            yield plain
            if final:
                return
            index += 1


class _DecryptingReader(io.RawIOBase):
    def __init__(self, name: str) -> None:
        self._frames: Generator[bytes, None, None] = _frames(name)
        self._pending = b""
        self._offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while self._offset >= len(self._pending):
            try:
                self._pending = next(self._frames)
            except StopIteration:
                return 0
            self._offset = 0
        size = min(len(view), len(self._pending) - self._offset)
        view[:size] = self._pending[self._offset : self._offset + size]
        self._offset += size
        return size

    def close(self) -> None:
        self._frames.close()
        super().close()


def open_stored(name: str) -> io.BufferedReader:
    """A binary reader of the plaintext; decrypts frame by frame, never all at once.

    Raises `StoredFileError` (while reading) on a damaged file.
    """
    return io.BufferedReader(_DecryptingReader(name), buffer_size=FRAME_SIZE)


def read_stored(name: str) -> bytes:
    """The whole plaintext in memory (for XLSX, which needs a seekable file)."""
    with open_stored(name) as reader:
        return reader.read()


def delete(name: str) -> None:
    """Remove a stored file; a missing one is fine."""
    if not name:
        return
    with contextlib.suppress(FileNotFoundError):
        _path(name).unlink()


def stored_names(*, older_than_seconds: int) -> list[str]:
    """Stored files last written more than `older_than_seconds` ago."""
    limit = time.time() - older_than_seconds
    return [
        entry.name
        for entry in os.scandir(import_dir())
        if entry.name.endswith(_NAME_SUFFIX) and entry.stat().st_mtime < limit
    ]


class StoredUpload(UploadedFile):
    """An uploaded file that went straight into encrypted storage.

    `stored_name` names it in `import_dir()`; `file` is an empty placeholder: reading the
    upload goes through `open_stored`.
    """

    def __init__(self, *, stored_name: str, name: str, content_type: str, size: int) -> None:
        super().__init__(file=io.BytesIO(), name=name, content_type=content_type, size=size)
        self.stored_name = stored_name


class EncryptingUploadHandler(FileUploadHandler):
    """Encrypts the uploaded file of field `field_name` as it arrives; skips other files.

    Past `max_bytes` it drops what it wrote and skips the rest, setting `too_large`.
    """

    def __init__(self, *, field_name: str, max_bytes: int, request: Any = None) -> None:
        super().__init__(request)
        self.field_name = field_name
        self.max_bytes = max_bytes
        self.too_large = False
        self.stored_name = ""
        self._writer: EncryptedFileWriter | None = None

    def handle_raw_input(
        self,
        input_data: Any,
        META: Any,
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        # The body holds the form fields too: allow a margin before refusing on length alone.
        if content_length and content_length > self.max_bytes + 1024 * 1024:
            self.too_large = True
        return None

    def new_file(
        self,
        field_name: str,
        file_name: str,
        content_type: str,
        content_length: int | None,
        charset: str | None = None,
        content_type_extra: dict[str, bytes] | None = None,
    ) -> None:
        super().new_file(
            field_name, file_name, content_type, content_length, charset, content_type_extra
        )
        if field_name != self.field_name or self.too_large or self._writer is not None:
            raise SkipFile
        self._writer = EncryptedFileWriter()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        assert self._writer is not None
        self._writer.write(raw_data)
        if self._writer.size > self.max_bytes:
            self.too_large = True
            self._writer.abort()
            self._writer = None
            raise SkipFile
        return None

    def file_complete(self, file_size: int) -> StoredUpload | None:
        if self._writer is None:
            return None
        writer, self._writer = self._writer, None
        self.stored_name = writer.close()
        return StoredUpload(
            stored_name=self.stored_name,
            name=self.file_name or "upload",
            content_type=self.content_type or "",
            size=writer.size,
        )

    def upload_interrupted(self) -> None:
        if self._writer is not None:
            self._writer.abort()
            self._writer = None

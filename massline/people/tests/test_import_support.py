"""Helpers shared by the import tests (no tests here)."""

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from massline.accounts.models import Unit, User
from massline.people.importing import storage
from massline.people.importing.mapping import ImportOptions
from massline.people.importing.run import import_run
from massline.people.importing.services import import_create, import_map, import_start
from massline.people.models import ImportBatch

HEADER = ["Имя", "Фамилия", "E-mail", "Телефон", "Città", "Country", "Tags", "Notizen"]


def csv_bytes(
    rows: list[list[str]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
    header: list[str] | None = None,
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header or HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def store(content: bytes) -> str:
    name, _size = storage.store_stream(io.BytesIO(content))
    return name


def upload_batch(
    actor: User,
    unit: Unit,
    content: bytes,
    *,
    filename: str = "contacts.csv",
    encoding: str = "detect",
) -> ImportBatch:
    return import_create(
        actor=actor, unit=unit, stored_name=store(content), filename=filename, encoding=encoding
    )


def mapped_batch(
    actor: User,
    unit: Unit,
    content: bytes,
    *,
    targets: list[str] | None = None,
    filename: str = "contacts.csv",
    **options: Any,
) -> ImportBatch:
    batch = upload_batch(actor, unit, content, filename=filename)
    return import_map(
        actor=actor,
        batch=batch,
        targets=targets or batch.mapping["targets"],
        options=ImportOptions(**options),
    )


def run_import(batch: ImportBatch, actor: User, **kwargs: Any) -> ImportBatch:
    """Queue and run an import here, as the command line does."""
    import_start(actor=actor, batch=batch, enqueue=False)
    result = import_run(batch_id=batch.pk, actor_id=actor.pk, **kwargs)
    assert result is not None
    return result


def stored_files() -> list[Path]:
    return sorted(storage.import_dir().glob("*.mlimp"))


@pytest.fixture
def import_dir(settings: Any, tmp_path: Path) -> Path:
    """A fresh import store for the test."""
    folder = tmp_path / "imports"
    settings.MASSLINE_IMPORT_DIR = str(folder)
    return folder

"""Who may open which page of this area; see massline/people/tests/url_access.py.

Imports are for secretaries (and administrators): organizers, members and guests get 403
before anything is looked up or any upload is read.
"""

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from massline.core.tests.test_url_access import GET, LOGIN, POST, World, row
from massline.people.importing import storage
from massline.people.importing.mapping import ImportOptions
from massline.people.importing.run import import_run
from massline.people.importing.services import import_create, import_map, import_start
from massline.people.models import ImportBatch

SECRETARIES = row(200, 200, 403, 403, 403, 403, LOGIN)
SECRETARIES_WRITE = row(302, 302, 403, 403, 403, 403, LOGIN)
POST_ONLY = row(405, 405, 405, 405, 405, 405, LOGIN)
MISSING = row(404, 404, 403, 403, 403, 403, LOGIN)

CSV = (
    "Имя;Фамилия;E-mail\nИван;Петров;ivan.petrov@example.org\nAnna;Rossi;anna.rossi@example.it\n"
).encode()


def _mapped(world: World) -> ImportBatch:
    secretary = world.personas.secretary
    stored, _size = storage.store_stream(io.BytesIO(CSV))
    batch = import_create(
        actor=secretary, unit=world.personas.unit_a, stored_name=stored, filename="contacts.csv"
    )
    return import_map(
        actor=secretary, batch=batch, targets=batch.mapping["targets"], options=ImportOptions()
    )


def _done(world: World) -> ImportBatch:
    batch = import_start(actor=world.personas.secretary, batch=_mapped(world))
    result = import_run(batch_id=batch.pk, actor_id=world.personas.secretary.pk)
    assert result is not None and result.status == ImportBatch.Status.DONE
    return result


def _failed(world: World) -> ImportBatch:
    def stop(batch: ImportBatch, tally: Any) -> None:
        raise RuntimeError("stopped on purpose")

    batch = import_start(actor=world.personas.secretary, batch=_mapped(world))
    result = import_run(batch_id=batch.pk, actor_id=world.personas.secretary.pk, on_chunk=stop)
    assert result is not None and result.status == ImportBatch.Status.FAILED
    return result


def none(w: World) -> dict[str, Any]:
    return {}


def mapped_import(w: World) -> dict[str, Any]:
    return {"pk": w.once("import_mapped", _mapped).pk}


def done_import(w: World) -> dict[str, Any]:
    return {"pk": w.once("import_done", _done).pk}


def failed_import(w: World) -> dict[str, Any]:
    return {"pk": w.once("import_failed", _failed).pk}


def missing_import(w: World) -> dict[str, Any]:
    return {"pk": 987654}


def upload_payload(w: World) -> dict[str, Any]:
    return {
        "unit": w.personas.unit_a.pk,
        "encoding": "detect",
        "file": SimpleUploadedFile("contacts.csv", CSV, content_type="text/csv"),
    }


def mapping_payload(w: World) -> dict[str, Any]:
    return {
        "column_0": "given_name",
        "column_1": "family_name",
        "column_2": "email",
        "duplicates": "skip",
        "tags": "picket",
    }


ACCESS: dict[str, list[Any]] = {
    "people:import_list": [GET(none, SECRETARIES)],
    "people:import_upload": [
        GET(none, SECRETARIES),
        POST(none, SECRETARIES_WRITE, upload_payload),
    ],
    "people:import_detail": [
        GET(mapped_import, SECRETARIES),
        GET(done_import, SECRETARIES),
        GET(missing_import, MISSING),
    ],
    "people:import_mapping": [
        GET(mapped_import, SECRETARIES),
        POST(mapped_import, SECRETARIES_WRITE, mapping_payload),
    ],
    "people:import_mapping_json": [GET(mapped_import, SECRETARIES)],
    "people:import_status": [GET(mapped_import, SECRETARIES)],
    "people:import_check": [
        GET(mapped_import, POST_ONLY),
        POST(mapped_import, SECRETARIES_WRITE),
    ],
    "people:import_start": [
        GET(mapped_import, POST_ONLY),
        POST(mapped_import, SECRETARIES_WRITE),
    ],
    "people:import_resume": [
        GET(failed_import, POST_ONLY),
        POST(failed_import, SECRETARIES_WRITE),
    ],
    "people:import_undo": [
        GET(done_import, POST_ONLY),
        POST(done_import, SECRETARIES_WRITE),
    ],
    "people:import_delete": [
        GET(mapped_import, POST_ONLY),
        POST(mapped_import, SECRETARIES_WRITE),
        POST(missing_import, MISSING),
    ],
}

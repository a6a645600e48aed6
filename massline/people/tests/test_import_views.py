"""The import pages, from the upload to the result, with and without JavaScript."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from massline.accounts.models import Role
from massline.accounts.services import membership_set
from massline.people.models import Contact, ImportBatch
from massline.people.tests.test_import_support import (  # noqa: F401
    csv_bytes,
    import_dir,
    mapped_batch,
    stored_files,
    upload_batch,
)

pytestmark = pytest.mark.usefixtures("import_dir")

ROWS = [
    ["Иван", "Петров", "ivan.petrov@example.org", "+7 916 123-45-67", "Москва", "RU", "", ""],
    ["Giulia", "Bianchi", "giulia@example.it", "347 123 4567", "Firenze", "Italia", "", ""],
    ["ИВАН", "Петров", "IVAN.PETROV@example.org", "", "", "", "", ""],
    ["Kein", "Kontakt", "kein kontakt", "", "", "", "", ""],
]


def test_a_secretary_goes_from_upload_to_result(personas, django_capture_on_commit_callbacks):
    client = personas.client("secretary")
    response = client.post(
        reverse("people:import_upload"),
        {
            "unit": personas.unit_a.pk,
            "encoding": "detect",
            "file": SimpleUploadedFile("Kontakte.csv", csv_bytes(ROWS), content_type="text/csv"),
        },
    )
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("people:import_mapping", args=[batch.pk])
    assert batch.filename == "Kontakte.csv" and batch.total_rows == 4

    data = {f"column_{i}": target for i, target in enumerate(batch.mapping["targets"])}
    data.update(default_country="IT", duplicates="skip", tags="Florence 2023")
    response = client.post(reverse("people:import_mapping", args=[batch.pk]), data)
    assert response.status_code == 302

    detail = client.get(reverse("people:import_detail", args=[batch.pk])).content.decode()
    assert "Preview of the first rows" in detail
    assert "Duplicate of row 2" in detail
    assert "Not an email address." in detail
    assert "+39 347 123 4567" in detail

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:import_check", args=[batch.pk]))
    detail = client.get(reverse("people:import_detail", args=[batch.pk])).content.decode()
    assert "Dry run" in detail and "Would be created" in detail
    assert Contact.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:import_start", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.created_count, batch.duplicate_count, batch.error_count) == (2, 1, 1)
    assert Contact.objects.filter(unit=personas.unit_a).count() == 2
    assert stored_files() == []
    detail = client.get(reverse("people:import_detail", args=[batch.pk])).content.decode()
    assert "Contacts created" in detail and "Undo the import" in detail
    assert "Not an email address." in detail

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:import_undo", args=[batch.pk]), follow=True)
    assert "Import undone: 2 contacts deleted." in response.content.decode()
    assert Contact.objects.count() == 0


def test_the_progress_polls_with_htmx_and_refreshes_without_javascript(personas):
    batch = mapped_batch(personas.secretary, personas.unit_a, csv_bytes(ROWS))
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING, processed_rows=2
    )
    client = personas.client("secretary")
    detail = client.get(reverse("people:import_detail", args=[batch.pk])).content.decode()
    status_url = reverse("people:import_status", args=[batch.pk])
    assert f'hx-get="{status_url}"' in detail and 'hx-trigger="every 2s"' in detail
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in detail
    assert '<progress id="import-progress' in detail and 'value="50"' in detail

    fragment = client.get(status_url, headers={"HX-Request": "true"})
    assert "hx-get" in fragment.content.decode() and "HX-Refresh" not in fragment

    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.DONE, processed_rows=4)
    fragment = client.get(status_url, headers={"HX-Request": "true"})
    assert fragment["HX-Refresh"] == "true"
    assert "hx-get" not in fragment.content.decode()


def test_a_failed_import_offers_to_resume(personas, django_capture_on_commit_callbacks):
    batch = mapped_batch(personas.secretary, personas.unit_a, csv_bytes(ROWS))
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.FAILED, report={"run": {"code": "stopped"}}
    )
    client = personas.client("secretary")
    detail = client.get(reverse("people:import_detail", args=[batch.pk])).content.decode()
    assert "Resume the import" in detail and "resume it to carry on" in detail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:import_resume", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.created_count == 2


def test_a_mapped_import_can_be_deleted_with_its_file(personas, django_capture_on_commit_callbacks):
    batch = mapped_batch(personas.secretary, personas.unit_a, csv_bytes(ROWS))
    assert stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        response = personas.client("secretary").post(
            reverse("people:import_delete", args=[batch.pk])
        )
    assert response["Location"] == reverse("people:import_list")
    assert not ImportBatch.objects.exists() and stored_files() == []


def test_the_list_shows_the_imports_of_the_secretarys_units(personas):
    mapped_batch(personas.secretary, personas.unit_a, csv_bytes(ROWS), filename="a.csv")
    membership_set(actor=None, user=personas.organizer_b, unit=personas.unit_b, role=Role.SECRETARY)
    mapped_batch(personas.organizer_b, personas.unit_b, csv_bytes(ROWS), filename="b.csv")
    page = personas.client("secretary").get(reverse("people:import_list")).content.decode()
    assert "a.csv" in page and "b.csv" in page
    page = personas.client("organizer_b").get(reverse("people:import_list")).content.decode()
    assert "b.csv" in page and "a.csv" not in page


def test_a_secretary_of_unit_b_gets_404_for_an_import_of_unit_a(personas):
    membership_set(actor=None, user=personas.organizer_b, unit=personas.unit_b, role=Role.SECRETARY)
    batch = upload_batch(personas.secretary, personas.unit_a, csv_bytes(ROWS))
    client = personas.client("organizer_b")
    for name in ("import_detail", "import_mapping", "import_status", "import_mapping_json"):
        assert client.get(reverse(f"people:{name}", args=[batch.pk])).status_code == 404
    assert client.post(reverse("people:import_start", args=[batch.pk])).status_code == 404


def test_a_secretary_of_unit_b_cannot_upload_into_unit_a(personas):
    membership_set(actor=None, user=personas.organizer_b, unit=personas.unit_b, role=Role.SECRETARY)
    response = personas.client("organizer_b").post(
        reverse("people:import_upload"),
        {
            "unit": personas.unit_a.pk,
            "encoding": "detect",
            "file": SimpleUploadedFile("c.csv", csv_bytes(ROWS), content_type="text/csv"),
        },
    )
    assert response.status_code == 400
    assert not ImportBatch.objects.exists() and stored_files() == []


def test_the_import_pages_make_few_queries(personas, django_assert_max_num_queries):
    for index in range(5):
        mapped_batch(personas.secretary, personas.unit_a, csv_bytes(ROWS), filename=f"{index}.csv")
    client = personas.client("secretary")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("people:import_list")).status_code == 200

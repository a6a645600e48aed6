"""Uploads that cannot be imported are refused with a clear message, and nothing is kept."""

import codecs
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from massline.conftest import Personas
from massline.people.importing import storage
from massline.people.importing.files import FileProblem, inspect_file
from massline.people.importing.run import preview_rows
from massline.people.models import Contact, ImportBatch
from massline.people.tests.test_import_support import (  # noqa: F401
    csv_bytes,
    import_dir,
    mapped_batch,
    run_import,
    store,
    stored_files,
)

pytestmark = pytest.mark.usefixtures("import_dir")

RU_HEADER = ["Имя", "Фамилия", "E-mail", "Телефон", "Город", "Страна", "Теги", "Заметки"]
GOOD_ROWS = [
    ["Иван", "Петров", "ivan.petrov@example.org", "+7 916 123-45-67", "Москва", "RU", "", ""]
]


def upload(
    personas: Personas, content: bytes, name: str = "contacts.csv", encoding: str = "detect"
):
    client = personas.client("secretary")
    return client.post(
        reverse("people:import_upload"),
        {
            "unit": personas.unit_a.pk,
            "encoding": encoding,
            "file": SimpleUploadedFile(name, content, content_type="text/csv"),
        },
    )


def refused(response, text: str) -> None:
    assert response.status_code == 400, response.content[:500]
    assert text in response.content.decode()
    assert ImportBatch.objects.count() == 0
    assert Contact.objects.count() == 0
    assert stored_files() == []


def test_an_empty_file_is_refused(personas):
    refused(upload(personas, b""), "The file is empty.")


def test_a_file_of_blank_lines_is_refused_as_empty(personas):
    refused(upload(personas, b"\n \n\r\n"), "The file is empty.")


def test_a_header_without_rows_is_refused(personas):
    refused(upload(personas, "Имя;Фамилия\n".encode()), "header row but no rows of data")


def test_a_binary_file_renamed_csv_is_refused(personas):
    refused(
        upload(personas, b"\x7fELF\x02\x01\x01\x00\x00\x00binary" * 50), "This is not a text file"
    )


def test_a_workbook_renamed_csv_is_refused(personas):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    refused(upload(personas, buffer.getvalue()), "compressed archive")


def test_an_old_excel_file_is_refused(personas):
    refused(
        upload(personas, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, name="contacts.xls"),
        "Old Excel files (.xls)",
    )


def test_a_windows_1251_file_asks_for_its_encoding(personas):
    content = csv_bytes(GOOD_ROWS, encoding="windows-1251", header=RU_HEADER)
    response = upload(personas, content)
    refused(response, "not UTF-8 text")
    assert "windows-1251" in response.content.decode()


def test_a_windows_1251_file_reads_once_its_encoding_is_chosen(personas):
    content = csv_bytes(GOOD_ROWS, encoding="windows-1251", header=RU_HEADER)
    response = upload(personas, content, encoding="windows-1251")
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.columns[:2] == ["Имя", "Фамилия"]
    rows = preview_rows(actor=personas.secretary, batch=batch)
    assert rows[0].values is not None and rows[0].values.family_name == "Петров"


def test_a_chosen_encoding_that_does_not_fit_is_refused(personas):
    content = csv_bytes(GOOD_ROWS, encoding="windows-1251", header=RU_HEADER) + b"\x98\n"
    refused(upload(personas, content, encoding="windows-1251"), "cannot be read as windows-1251")


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16"])
def test_utf8_and_utf16_with_a_bom_are_found_out(personas, codec):
    content = csv_bytes(GOOD_ROWS, encoding=codec)
    assert content.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    response = upload(personas, content)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.columns[0] == "Имя"
    assert batch.mapping["targets"][:2] == ["given_name", "family_name"]


def test_broken_quoting_names_the_line(personas):
    content = (
        'Имя;Фамилия;E-mail\nИван;Петров;a@example.org\nАнна;"Смирнова"x;b@example.org\n'
    ).encode()
    refused(upload(personas, content), "quoting is broken on line 3")


def test_an_unterminated_quote_is_refused(personas):
    content = 'Имя;Фамилия\nИван;"Петров\nАнна;Смирнова\n'.encode()
    refused(upload(personas, content), "quoting is broken")


def test_a_ten_megabyte_cell_is_refused_cleanly(personas):
    content = b"Name;Notes\nIvan;" + b"x" * (10 * 1024 * 1024) + b"\n"
    refused(upload(personas, content), "longer than 100000 characters")


def test_a_cell_just_over_the_limit_is_refused(personas):
    content = b"Name;Notes\nIvan;" + b"y" * 100_001 + b"\n"
    refused(upload(personas, content), "A cell in row 2 is longer than 100000 characters")


def test_too_many_columns_are_refused(personas):
    content = ";".join(f"c{i}" for i in range(250)) + "\n" + ";".join("v" * 250) + "\n"
    refused(upload(personas, content.encode()), "more than 200 columns")


def test_a_file_over_the_size_limit_is_refused(personas, settings):
    settings.MASSLINE_IMPORT_MAX_BYTES = 1024 * 1024
    content = csv_bytes(GOOD_ROWS * 30_000)
    assert len(content) > 1024 * 1024
    refused(upload(personas, content), "larger than the limit of 1 MB")


def test_a_file_above_the_memory_upload_size_streams_into_the_store(personas):
    """Django would spool this to a plaintext temporary file; the import handler encrypts it
    as it arrives instead."""
    rows = [
        [f"Имя{i}", "Петров", f"person{i}@example.org", "", "", "", "", "x" * 100]
        for i in range(30_000)
    ]
    content = csv_bytes(rows)
    assert len(content) > 2_621_440
    response = upload(personas, content)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.total_rows == 30_000
    assert stored_files() and b"person17@example.org" not in stored_files()[0].read_bytes()


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_separator_is_found_out(personas, delimiter):
    content = csv_bytes(GOOD_ROWS, delimiter=delimiter)
    inspection = inspect_file(store(content), filename="contacts.csv")
    assert inspection.info.delimiter == delimiter
    assert inspection.header[:3] == ["Имя", "Фамилия", "E-mail"]
    assert inspection.total_rows == 1


def test_formulas_in_csv_cells_are_kept_as_text(personas):
    rows = [
        ["Иван", "Петров", "ivan@example.org", "", "", "", "", '=HYPERLINK("http://x","y")'],
        ["Anna", "Rossi", "anna@example.it", "", "", "", "", "+SUM(A1:A2)"],
    ]
    batch = mapped_batch(personas.secretary, personas.unit_a, csv_bytes(rows))
    run_import(batch, personas.secretary)
    notes = set(Contact.objects.values_list("notes", flat=True))
    assert notes == {'=HYPERLINK("http://x","y")', "+SUM(A1:A2)"}


def _workbook(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_workbook_is_read_with_numbers_and_formulas_as_text(personas):
    content = _workbook(
        [
            ["First name", "Last name", "Mobile", "Country", "Assessment", "Notes"],
            ["Giulia", "Bianchi", 393471234567, "Italia", 2.0, "=1+1"],
            ["Jörg", "Müller", "+49 30 1234567", "Deutschland", 3, "=A2&B2"],
        ]
    )
    batch = mapped_batch(
        personas.secretary, personas.unit_a, content, filename="people.xlsx", default_country="IT"
    )
    assert batch.file_format == "xlsx"
    assert batch.mapping["targets"] == [
        "given_name",
        "family_name",
        "phone",
        "country",
        "assessment",
        "notes",
    ]
    result = run_import(batch, personas.secretary)
    assert result.created_count == 2, result.errors
    giulia = Contact.objects.get(country="IT")
    assert giulia.phones == "+393471234567"
    assert giulia.assessment == 2
    assert giulia.notes == "=1+1"
    assert Contact.objects.get(country="DE").notes == "=A2&B2"


def test_a_broken_workbook_is_refused(personas):
    content = _workbook([["Name"], ["Ivan"]])[:300]
    refused(upload(personas, content, name="people.xlsx"), "not a readable Excel workbook")


def test_the_stored_upload_holds_no_plaintext(personas):
    content = csv_bytes(
        GOOD_ROWS * 3
        + [["Мария", "Кузнецова", "maria.k@example.org", "+7 903 765-43-21", "Тверь", "RU", "", ""]]
    )
    response = upload(personas, content)
    assert response.status_code == 302
    [path] = stored_files()
    raw = path.read_bytes()
    for secret in ("Петров", "Кузнецова", "maria.k@example.org", "765-43-21", "Тверь"):
        for codec in ("utf-8", "utf-16-le", "windows-1251"):
            assert secret.encode(codec) not in raw
    assert storage.read_stored(path.name) == content


def test_a_tampered_store_file_is_refused(personas):
    name = store(csv_bytes(GOOD_ROWS))
    path = storage.import_dir() / name
    data = bytearray(path.read_bytes())
    data[-5] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(storage.StoredFileError):
        storage.read_stored(name)
    with pytest.raises(FileProblem):
        inspect_file(name, filename="contacts.csv")


def test_a_truncated_store_file_is_refused(personas):
    name = store(b"Name\n" + b"Ivan\n" * 400_000)
    path = storage.import_dir() / name
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(storage.StoredFileError):
        storage.read_stored(name)


def test_an_upload_without_a_csrf_token_is_refused_and_leaves_nothing(personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.secretary)
    response = client.post(
        reverse("people:import_upload"),
        {
            "unit": personas.unit_a.pk,
            "encoding": "detect",
            "file": SimpleUploadedFile("c.csv", csv_bytes(GOOD_ROWS), content_type="text/csv"),
        },
    )
    assert response.status_code == 403
    assert stored_files() == [] and not ImportBatch.objects.exists()

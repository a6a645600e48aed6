"""`massline import_contacts`: the same import from the command line."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from massline.people.models import Contact, ImportBatch
from massline.people.tests.test_import_support import csv_bytes, import_dir  # noqa: F401

pytestmark = pytest.mark.usefixtures("import_dir")

ROWS = [
    ["Иван", "Петров", "ivan.petrov@example.org", "+7 916 123-45-67", "Москва", "RU", "", ""],
    ["Giulia", "Bianchi", "giulia@example.it", "347 123 4567", "Firenze", "Italia", "", ""],
    ["ИВАН", "Петров", "IVAN.PETROV@example.org", "", "", "", "", ""],
    ["Kein", "Kontakt", "kein kontakt", "", "", "", "", ""],
]
MAPPING = {
    "massline_import_mapping": 1,
    "columns": {
        "Имя": "given_name",
        "Фамилия": "family_name",
        "E-mail": "email",
        "Телефон": "phone",
        "Città": "city",
        "Country": "country",
    },
    "default_country": "IT",
    "tags": ["cli"],
}


@pytest.fixture
def files(tmp_path):
    data = tmp_path / "contacts.csv"
    data.write_bytes(csv_bytes(ROWS))
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(MAPPING, ensure_ascii=False), encoding="utf-8")
    return data, mapping


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_contacts", *args, stdout=out)
    return out.getvalue()


def test_it_imports_a_file_with_a_mapping(personas, files, django_capture_on_commit_callbacks):
    data, mapping = files
    with django_capture_on_commit_callbacks(execute=True):
        output = run(
            str(data),
            "--unit",
            "Unit A",
            "--mapping",
            str(mapping),
            "--as",
            personas.secretary.email,
        )
    assert "imported: 4/4 rows (100%)" in output
    assert "2 contacts created; duplicates 1 inside the file" in output
    assert "row 5 [E-mail]: Not an email address." in output
    assert Contact.objects.filter(unit=personas.unit_a, tags__name="cli").count() == 2
    assert Contact.objects.get(city="Firenze").phones == "+393471234567"
    assert ImportBatch.objects.get().status == ImportBatch.Status.DONE


def test_the_unit_can_be_named_by_its_id(personas, files):
    data, mapping = files
    run(
        str(data),
        "--unit",
        str(personas.unit_b.pk),
        "--mapping",
        str(mapping),
        "--as",
        personas.secretary.email,
    )
    assert Contact.objects.filter(unit=personas.unit_b).count() == 2


def test_a_dry_run_writes_nothing(personas, files):
    data, mapping = files
    output = run(
        str(data),
        "--unit",
        "Unit A",
        "--mapping",
        str(mapping),
        "--dry-run",
        "--as",
        personas.secretary.email,
    )
    assert "would create 2; duplicates 1 inside the file, 0 of existing contacts" in output
    assert "nothing was written" in output
    assert not Contact.objects.exists() and not ImportBatch.objects.exists()


def test_it_guesses_a_mapping_to_start_from(personas, files):
    data, _mapping = files
    output = run(str(data), "--unit", "Unit A", "--guess-mapping", "--as", personas.secretary.email)
    guessed = json.loads(output.split("\n", 1)[1])
    assert guessed["columns"]["Фамилия"] == "family_name"
    assert not ImportBatch.objects.exists()


def test_without_a_single_administrator_it_asks_who_imports(personas, files):
    data, mapping = files
    personas.admin.is_superuser = False
    personas.admin.save()
    with pytest.raises(CommandError, match="--as EMAIL"):
        run(str(data), "--unit", "Unit A", "--mapping", str(mapping))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"unit": "Nowhere"}, "No single unit"),
        ({"actor": "organizer.a@example.org"}, "imports are for the unit's secretaries"),
        ({"actor": "nobody@example.org"}, "No active user"),
        ({"file": "missing.csv"}, "no such file"),
        ({"mapping_text": '{"columns": {"Nope": "email"}}'}, "does not have: Nope"),
        ({"content": b""}, "The file is empty."),
        ({"content": b'a;"b\n'}, "quoting is broken"),
    ],
)
def test_a_failure_exits_with_a_message(personas, files, change, message):
    data, mapping = files
    if "mapping_text" in change:
        mapping.write_text(change["mapping_text"], encoding="utf-8")
    if "content" in change:
        data.write_bytes(change["content"])
    path = data.parent / change["file"] if "file" in change else data
    with pytest.raises(CommandError, match=message):
        run(
            str(path),
            "--unit",
            change.get("unit", "Unit A"),
            "--mapping",
            str(mapping),
            "--as",
            change.get("actor", personas.secretary.email),
        )
    assert not Contact.objects.exists() and not ImportBatch.objects.exists()

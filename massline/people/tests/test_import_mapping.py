"""Column targets guessed from headers in four languages, and the mapping's JSON form."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from massline.people.importing.mapping import (
    ImportOptions,
    guess_target,
    guess_targets,
    mapping_from_json,
    mapping_to_json,
    validate_targets,
)
from massline.people.models import ImportBatch
from massline.people.tests.test_import_support import (  # noqa: F401
    csv_bytes,
    import_dir,
    upload_batch,
)

pytestmark = pytest.mark.usefixtures("import_dir")


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("First name", "given_name"),
        ("Имя", "given_name"),
        ("Nome", "given_name"),
        ("Vorname", "given_name"),
        ("Last name", "family_name"),
        ("Фамилия", "family_name"),
        ("Cognome", "family_name"),
        ("Nachname", "family_name"),
        ("ФИО", "full_name"),
        ("Nome e cognome", "full_name"),
        ("Name", "full_name"),
        ("E-mail", "email"),
        ("Электронная почта", "email"),
        ("Posta elettronica", "email"),
        ("E-Mail-Adresse", "email"),
        ("Email 2", "email"),
        ("Телефон", "phone"),
        ("Cellulare", "phone"),
        ("Handy", "phone"),
        ("Phone (work)", "phone"),
        ("Телефон моб.", "phone"),
        ("Адрес", "address"),
        ("Indirizzo", "address"),
        ("Anschrift", "address"),
        ("Город", "city"),
        ("Città", "city"),
        ("Wohnort", "city"),
        ("Страна", "country"),
        ("Paese", "country"),
        ("Land", "country"),
        ("Языки", "languages"),
        ("Lingue", "languages"),
        ("Sprachen", "languages"),
        ("Место работы", "site"),
        ("Azienda", "site"),
        ("Betrieb", "site"),
        ("Отрасль", "site_sector"),
        ("Settore", "site_sector"),
        ("Branche", "site_sector"),
        ("Профсоюз", "union"),
        ("Sindacato", "union"),
        ("Gewerkschaft", "union"),
        ("Статус", "status"),
        ("Теги", "tags"),
        ("Etichette", "tags"),
        ("Schlagwörter", "tags"),
        ("Заметки", "notes"),
        ("Note", "notes"),
        ("Bemerkungen", "notes"),
        ("Оценка", "assessment"),
        ("Valutazione", "assessment"),
        ("Einschätzung", "assessment"),
        ("Источник", "source"),
        ("Fonte", "source"),
        ("Quelle", "source"),
        ("Псевдоним", "pseudonym"),
        ("Newsletter", "consent_email"),
        ("Something else", "ignore"),
    ],
)
def test_targets_are_guessed_from_headers_in_four_languages(header, target):
    assert guess_target(header) == target


def test_a_single_target_goes_to_the_first_column_that_fits():
    assert guess_targets(["Имя", "Vorname", "E-mail", "E-mail 2"]) == [
        "given_name",
        "ignore",
        "email",
        "email",
    ]


def test_a_full_name_column_is_ignored_beside_given_and_family_names():
    assert guess_targets(["Name", "First name", "Last name"]) == [
        "ignore",
        "given_name",
        "family_name",
    ]


def test_a_target_chosen_for_two_columns_is_refused():
    with pytest.raises(ValidationError, match="two columns"):
        validate_targets(["email", "given_name", "given_name"], ["a", "b", "c"])


def test_a_mapping_without_a_name_email_or_phone_is_refused():
    with pytest.raises(ValidationError, match="at least one column"):
        validate_targets(["city", "notes"], ["a", "b"])


def test_the_mapping_json_goes_there_and_back():
    columns = ["Имя", "Фамилия", "E-mail", "E-mail", "Skip me"]
    targets = ["given_name", "family_name", "email", "email", "ignore"]
    options = ImportOptions(
        default_country="RU",
        constituencies=["workers"],
        tags=["picket"],
        duplicates="fill",
        fuzzy=True,
    )
    text = mapping_to_json(columns, targets, options)
    data = json.loads(text)
    assert data["columns"] == {
        "Имя": "given_name",
        "Фамилия": "family_name",
        "#3": "email",
        "#4": "email",
    }
    assert data["massline_import_mapping"] == 1
    back_targets, back_options = mapping_from_json(text, columns)
    assert back_targets == targets
    assert back_options == options


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"columns": []}', "columns"),
        ('{"columns": {"Nope": "email"}}', "does not have: Nope"),
        ('{"columns": {"E-mail": "telepathy"}}', "Unknown target"),
        ('{"columns": {"#9": "email"}}', "does not have: #9"),
        ('{"massline_import_mapping": 7, "columns": {}}', "version 7"),
        ('{"columns": {"E-mail": "email"}, "tags": "a,b"}', "must be lists"),
    ],
)
def test_a_wrong_mapping_json_says_what_is_wrong(text, message):
    with pytest.raises(ValidationError, match=message):
        mapping_from_json(text, ["Имя", "E-mail"])


def test_the_mapping_page_shows_the_guesses_and_saves_the_choice(personas):
    content = csv_bytes([["Иван", "Петров", "ivan@example.org", "", "", "", "", "Звонил"]])
    batch = upload_batch(personas.secretary, personas.unit_a, content)
    client = personas.client("secretary")
    url = reverse("people:import_mapping", args=[batch.pk])
    page = client.get(url).content.decode()
    assert '<option value="family_name" selected>' in page
    assert "ivan@example.org" in page  # the first values help to choose
    data = {f"column_{i}": target for i, target in enumerate(batch.mapping["targets"])}
    data.update(
        column_7="notes",
        duplicates="fill",
        tags="picket, 2023",
        fuzzy="on",
        default_country="RU",
        constituencies=["workers"],
    )
    response = client.post(url, data)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.MAPPED
    assert batch.mapping["targets"][7] == "notes"
    assert batch.options["tags"] == ["picket", "2023"]
    assert batch.options["duplicates"] == "fill" and batch.options["fuzzy"] is True
    assert batch.options["file"]["delimiter"] == ";"


def test_the_mapping_page_refuses_a_target_chosen_twice(personas):
    batch = upload_batch(
        personas.secretary,
        personas.unit_a,
        csv_bytes([["Иван", "Петров", "ivan@example.org", "", "", "", "", ""]]),
    )
    data = {f"column_{i}": "ignore" for i in range(8)}
    data.update(column_0="given_name", column_1="given_name", duplicates="skip")
    response = personas.client("secretary").post(
        reverse("people:import_mapping", args=[batch.pk]), data
    )
    assert response.status_code == 400
    assert "two columns" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UPLOADED


def test_the_mapping_downloads_as_json_for_the_command_line(personas):
    batch = upload_batch(
        personas.secretary,
        personas.unit_a,
        csv_bytes([["Иван", "Петров", "ivan@example.org", "", "", "", "", ""]]),
    )
    response = personas.client("secretary").get(
        reverse("people:import_mapping_json", args=[batch.pk])
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="import-{batch.pk}-mapping.json"'
    )
    data = json.loads(response.content)
    assert data["columns"]["E-mail"] == "email"

"""A secretary imports a file in a real browser: upload, mapping, preview, import."""

import pytest
from playwright.sync_api import Page, expect

from massline.conftest import PASSWORD, Personas
from massline.people.models import Contact
from massline.people.tests.test_import_support import csv_bytes, import_dir  # noqa: F401
from massline.testing.browser import axe_check, login

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("import_dir")]

# base.html puts role="status" on the <ul> of flash messages, which takes the list role away
# from it, so axe flags the <li> inside; pages that show a message skip that rule.
WITH_MESSAGES = ["listitem"]

HEADER = ["Имя", "Фамилия", "E-mail", "Telefono", "Città", "Land", "Bemerkung"]
ROWS = [
    [
        "Иван",
        "Петров",
        "ivan.petrov@example.org",
        "+7 916 123-45-67",
        "Москва",
        "RU",
        "звонить вечером",
    ],
    ["Giulia", "Bianchi", "giulia@example.it", "347 123 4567", "Firenze", "Italia", "turno A"],
    ["ИВАН", "ПЕТРОВ", "Ivan.Petrov@example.org", "", "", "", ""],
]


def test_a_secretary_imports_a_file_with_a_mapping(
    page: Page, personas: Personas, tmp_path
) -> None:
    path = tmp_path / "Kontakte.csv"
    path.write_bytes(csv_bytes(ROWS, header=HEADER))
    login(page, personas.secretary.email, PASSWORD)

    page.goto("/people/imports/new/")
    axe_check(page)
    page.get_by_label("Import into unit").select_option(label="Unit A")
    page.get_by_label("CSV or Excel file (.csv, .xlsx)").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What does each column hold?")
    axe_check(page, disable=WITH_MESSAGES)
    expect(page.get_by_label("Фамилия")).to_have_value("family_name")
    page.get_by_label("Bemerkung").select_option("notes")
    page.get_by_label("Country of phone numbers written without a country code").select_option("IT")
    page.get_by_label("Tags for every imported contact").fill("Firenze 2023")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and preview").click()

    preview = page.get_by_role("region", name="Preview of the first rows")
    expect(preview).to_contain_text("Duplicate of row 2")
    expect(preview).to_contain_text("+39 347 123 4567")
    axe_check(page, disable=WITH_MESSAGES)
    with page.expect_navigation():
        page.get_by_role("button", name="Import 3 rows").click()

    result = page.get_by_role("region", name="Result")
    expect(result).to_contain_text("Contacts created")
    expect(page.locator(".badge").first).to_have_text("Done")
    axe_check(page, disable=WITH_MESSAGES)
    assert Contact.objects.filter(unit=personas.unit_a).count() == 2
    [giulia] = [c for c in Contact.objects.all() if c.family_name == "Bianchi"]
    assert giulia.notes == "turno A" and giulia.phones == "+393471234567"
    assert list(giulia.tags.values_list("name", flat=True)) == ["Firenze 2023"]

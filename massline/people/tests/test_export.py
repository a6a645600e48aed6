"""Exporting a segment to CSV: secretaries only, audited with the row count, only visible
contacts, and cells that no spreadsheet will run as formulas."""

import csv
import io

import pytest
from django.urls import reverse

from massline.accounts.models import Role
from massline.accounts.services import membership_set, user_create
from massline.audit.models import AuditEntry
from massline.people.services import contacts
from massline.people.services.exports import neutralize, segment_export


@pytest.fixture
def segment(personas):
    contacts.ensure_builtin_constituencies()
    contacts.contact_create(
        actor=personas.organizer_a,
        unit=personas.unit_a,
        given_name='=HYPERLINK("http://x")',
        family_name="+SUM(A1)",
        called_name="-2+3",
        pseudonym="@cmd",
        city="\tTab",
        union="\rReturn",
        emails=["anna@example.org"],
        phones=["+39 347 555 0101"],
        constituencies=["youth"],
        address="Via dei Portuali 14",
        notes="Secret notes",
    )
    contacts.contact_create(
        actor=personas.organizer_a,
        unit=personas.unit_a,
        given_name="Ольга",
        family_name="Смирнова",
        constituencies=["youth", "women"],
    )
    contacts.contact_create(
        actor=personas.organizer_b,
        unit=personas.unit_b,
        given_name="Boris",
        constituencies=["youth"],
    )
    return contacts.segment_create(
        actor=personas.organizer_a,
        unit=personas.unit_a,
        name="Young people",
        query="constituency:youth",
    )


def rows_of(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+7 916", "'+7 916"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Anna", "Anna"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (3, "3"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_get_a_leading_quote(value, cell):
    assert neutralize(value) == cell


def test_a_secretary_downloads_the_segment_as_utf8_csv_with_a_bom(personas, segment):
    response = personas.client("secretary").post(
        reverse("people:segment_export", args=[segment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="young-people-')
    rows = rows_of(response.content)
    assert rows[0][:3] == ["id", "given name", "family name"]
    names = {row[1] for row in rows[1:]}
    assert "Ольга" in names


def test_no_exported_cell_can_start_a_formula(personas, segment):
    export = segment_export(actor=personas.secretary, segment=segment)
    rows = rows_of(export.content)
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    hostile = next(row for row in rows if row[1].startswith("'="))
    assert hostile[1:5] == ['\'=HYPERLINK("http://x")', "'+SUM(A1)", "'-2+3", "'@cmd"]
    assert "'+393475550101" in hostile


def test_an_export_leaves_out_addresses_and_notes(personas, segment):
    content = segment_export(actor=personas.secretary, segment=segment).content.decode()
    assert "Portuali" not in content
    assert "Secret notes" not in content


def test_an_export_is_audited_with_its_row_count(personas, segment):
    export = segment_export(actor=personas.secretary, segment=segment)
    entry = AuditEntry.objects.get(action="segment.export")
    assert export.rows == 2
    assert entry.actor == personas.secretary
    assert entry.object_id == str(segment.pk)
    assert entry.data["rows"] == 2
    assert entry.data["query"] == "constituency:youth"


def test_only_the_segments_unit_is_exported_even_for_a_secretary_who_sees_more(personas, segment):
    rows = rows_of(segment_export(actor=personas.secretary, segment=segment).content)
    assert "Boris" not in {row[1] for row in rows}


def test_a_secretary_of_unit_b_exports_only_unit_b(personas, segment):
    secretary_b = user_create(email="secretary.b@example.org", password="x" * 12)
    membership_set(actor=None, user=secretary_b, unit=personas.unit_b, role=Role.SECRETARY)
    segment_b = contacts.segment_create(
        actor=secretary_b, unit=personas.unit_b, name="Young people B", query="constituency:youth"
    )
    rows = rows_of(segment_export(actor=secretary_b, segment=segment_b).content)
    assert [row[1] for row in rows[1:]] == ["Boris"]
    client = personas.client("anonymous")
    client.force_login(secretary_b)
    response = client.post(reverse("people:segment_export", args=[segment.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["organizer_a", "organizer_b", "member_a", "guest"])
def test_organizers_members_and_guests_cannot_export(personas, segment, persona):
    response = personas.client(persona).post(reverse("people:segment_export", args=[segment.pk]))
    assert response.status_code in {403, 404}
    assert not AuditEntry.objects.filter(action="segment.export").exists()


def test_an_export_cannot_be_triggered_by_a_link(personas, segment):
    response = personas.client("secretary").get(reverse("people:segment_export", args=[segment.pk]))
    assert response.status_code == 405
    assert not AuditEntry.objects.filter(action="segment.export").exists()

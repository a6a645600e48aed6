"""The anonymous criticism box: nothing links a submission to its author, submissions are read
in batches, the daily limit is counted without naming anyone, and answers reach the unit."""

import logging
import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from massline.audit.models import AuditEntry
from massline.conftest import Personas
from massline.reviews import services
from massline.reviews.models import Criticism, CriticismAnswer, CriticismBatch

pytestmark = pytest.mark.django_db

IP = "203.0.113.77"
AGENT = "CanaryBrowser/7.3 (submitter-fingerprint)"


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()


def snapshot() -> dict[str, dict[tuple[Any, ...], tuple[Any, ...]]]:
    """Every row of every table of the database, raw, keyed by the whole row."""
    tables: dict[str, dict[tuple[Any, ...], tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            tables[table] = {tuple(row): tuple(row) for row in cursor.fetchall()}
    return tables


def user_columns() -> dict[str, list[int]]:
    """Per table, the positions of columns that refer to accounts.User."""
    user_table = apps.get_model("accounts", "User")._meta.db_table
    found: dict[str, list[int]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            relations = connection.introspection.get_relations(cursor, table)
            description = connection.introspection.get_table_description(cursor, table)
            names = [column.name for column in description]
            columns = [
                names.index(column)
                for column, (_target_col, target_table) in relations.items()
                if target_table == user_table
            ]
            if columns:
                found[table] = columns
    return found


def submit(client: Client, unit_id: int, text: str, about: str = "leadership") -> Any:
    return client.post(
        reverse("reviews:box"),
        {"unit": unit_id, "about": about, "text": text},
        REMOTE_ADDR=IP,
        HTTP_USER_AGENT=AGENT,
    )


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_no_table_or_log_row_links_a_submission_to_its_author(personas: Personas) -> None:
    member = personas.member_a
    client = personas.client("member_a")
    client.get(reverse("reviews:box"))  # the session is in use before the submission
    session_key = client.session.session_key
    assert session_key
    before = snapshot()
    audit_before = AuditEntry.objects.count()

    capture = Capture()
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    try:
        response = submit(client, personas.unit_a.pk, "The secretary decides alone.")
    finally:
        root.removeHandler(capture)
        root.setLevel(previous_level)
    assert response.status_code == 302

    after = snapshot()
    new_rows = {
        table: [row for row in rows if row not in before.get(table, {})]
        for table, rows in after.items()
    }
    new_rows = {table: rows for table, rows in new_rows.items() if rows}
    # exactly the submission and its batch were written, and nothing else
    assert set(new_rows) == {
        Criticism._meta.db_table,
        CriticismBatch._meta.db_table,
    }, new_rows.keys()
    assert AuditEntry.objects.count() == audit_before
    identifiers = [member.email, session_key, IP, AGENT, member.display_name]
    for table, rows in new_rows.items():
        for row in rows:
            text = " ".join(str(value) for value in row)
            for identifier in identifiers:
                assert identifier not in text, (table, identifier)
    for table, positions in user_columns().items():
        for row in new_rows.get(table, []):
            assert all(row[p] != member.pk for p in positions), table
    # no column of the submission holds a time
    for field in Criticism._meta.concrete_fields:
        assert field.get_internal_type() not in {"DateTimeField", "DateField", "TimeField"}
    batch_times = {
        f.name
        for f in CriticismBatch._meta.concrete_fields
        if f.get_internal_type() in {"DateTimeField", "TimeField"}
    }
    assert batch_times == set()
    for record in capture.records:
        message = record.getMessage()
        for identifier in identifiers:
            assert identifier not in message, (record.name, message)
        assert not hasattr(record, "request"), record.name


def test_the_text_is_encrypted_at_rest(personas: Personas) -> None:
    submit(personas.client("member_a"), personas.unit_a.pk, "Meetings always start late.")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT text FROM {Criticism._meta.db_table}")  # noqa: S608
        (raw,) = cursor.fetchone()
    assert "Meetings" not in raw
    assert Criticism.objects.get().text == "Meetings always start late."


def test_a_batch_is_read_only_once_it_is_full(personas: Personas, settings: Any) -> None:
    settings.MASSLINE_REVIEWS_BOX_BATCH_SIZE = 3
    secretary = personas.client("secretary")
    inbox = reverse("reviews:box_inbox")
    for number in range(2):
        submit(personas.client("member_a"), personas.unit_a.pk, f"Criticism number {number}")
    cache.clear()
    assert "Criticism number" not in secretary.get(inbox).content.decode()
    submit(personas.client("organizer_a"), personas.unit_a.pk, "Criticism number 2")
    page = secretary.get(inbox).content.decode()
    assert all(f"Criticism number {n}" in page for n in range(3))
    # the next one opens a new batch that waits for its companions
    submit(personas.client("organizer_a"), personas.unit_a.pk, "Criticism number 3")
    assert "Criticism number 3" not in secretary.get(inbox).content.decode()
    assert CriticismBatch.objects.count() == 2


def test_a_batch_is_released_when_its_week_is_over(personas: Personas) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=8), tick=False):
        submit(personas.client("member_a"), personas.unit_a.pk, "Lonely criticism")
    inbox = reverse("reviews:box_inbox")
    assert "Lonely criticism" in personas.client("secretary").get(inbox).content.decode()
    # never to members or organizers of the unit, never to another unit's organizer
    for name in ("member_a", "organizer_a", "organizer_b", "guest"):
        assert personas.client(name).get(inbox).status_code == 403


def test_the_daily_limit_refuses_without_writing(personas: Personas, settings: Any) -> None:
    settings.MASSLINE_REVIEWS_BOX_DAILY_LIMIT = 2
    client = personas.client("member_a")
    for number in range(2):
        assert submit(client, personas.unit_a.pk, f"Point {number}").status_code == 302
    refused = submit(client, personas.unit_a.pk, "One more")
    assert refused.status_code == 200
    assert "limit of anonymous submissions" in refused.content.decode()
    assert Criticism.objects.count() == 2
    # another member is not affected
    assert submit(personas.client("organizer_a"), personas.unit_a.pk, "Mine").status_code == 302


def test_the_daily_counter_names_nobody(personas: Personas) -> None:
    submit(personas.client("member_a"), personas.unit_a.pk, "Counted")
    keys = [key for key in cache._cache if "reviews" in key]  # type: ignore[attr-defined]
    assert len(keys) == 1
    # a keyed hash of the member and the day: neither can be read back from it
    assert re.fullmatch(r":\d+:reviews:box:[0-9a-f]{64}", keys[0]), keys[0]


def test_a_member_cannot_criticise_a_unit_they_do_not_belong_to(personas: Personas) -> None:
    response = submit(personas.client("organizer_b"), personas.unit_a.pk, "Not my unit")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Criticism.objects.exists()
    assert submit(personas.client("guest"), personas.unit_a.pk, "Guest").status_code == 200
    assert not Criticism.objects.exists()


def test_the_answer_reaches_the_units_members_only(personas: Personas) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=8), tick=False):
        submit(personas.client("member_a"), personas.unit_a.pk, "<script>alert(1)</script>")
    criticism = Criticism.objects.get()
    inbox = personas.client("secretary").get(reverse("reviews:box_inbox")).content.decode()
    assert "<script>alert(1)</script>" not in inbox
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in inbox
    response = personas.client("secretary").post(
        reverse("reviews:criticism_answer", args=[criticism.pk]),
        {"summary": "Meetings are run from above.", "text": "We will rotate the chair."},
    )
    assert response.status_code == 302
    assert CriticismAnswer.objects.get().criticism == criticism
    box = reverse("reviews:box")
    for name in ("member_a", "organizer_a", "secretary"):
        assert "We will rotate the chair." in personas.client(name).get(box).content.decode()
    assert (
        "We will rotate the chair." not in personas.client("organizer_b").get(box).content.decode()
    )
    # the original wording is never shown to the unit
    assert "alert(1)" not in personas.client("member_a").get(box).content.decode()


def test_an_unreleased_submission_cannot_be_answered(personas: Personas) -> None:
    submit(personas.client("member_a"), personas.unit_a.pk, "Too early")
    criticism = Criticism.objects.get()
    response = personas.client("secretary").post(
        reverse("reviews:criticism_answer", args=[criticism.pk]),
        {"summary": "Early", "text": "Early answer"},
    )
    assert response.status_code == 404
    assert not CriticismAnswer.objects.exists()


def test_the_service_returns_nothing_that_identifies_the_submission(personas: Personas) -> None:
    result = services.criticism_submit(
        actor=personas.member_a, unit=personas.unit_a, about="unit", text="Quietly"
    )
    assert result is None


def test_a_refused_submission_leaves_no_log_record_with_the_request(
    personas: Personas, settings: Any
) -> None:
    settings.MASSLINE_REVIEWS_BOX_DAILY_LIMIT = 1
    client = personas.client("member_a")
    submit(client, personas.unit_a.pk, "First")
    capture = Capture()
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    try:
        refused = submit(client, personas.unit_a.pk, "Second")
    finally:
        root.removeHandler(capture)
        root.setLevel(previous_level)
    assert "limit of anonymous submissions" in refused.content.decode()
    assert not [record for record in capture.records if hasattr(record, "request")]
    assert Criticism.objects.count() == 1

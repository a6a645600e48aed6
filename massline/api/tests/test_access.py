"""Who may call which operation: every operation of the API × every persona.

The table is the API's access policy in one place. A new operation without a row fails
`test_every_operation_of_the_api_has_a_row`, so nobody adds an endpoint without saying who
may use it. Personas call with a write-scoped token (anonymous with nothing), on open
organizations (confidential ones are covered in test_confidential.py) and on the mass work
of unit A, which organizer_b must never reach (more in massline/people/tests/test_api*.py).
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import transaction

from massline.api.main import api
from massline.api.tests.access import (
    EVERYONE_LOGGED_IN,
    Row,
    editors,
    everywhere,
    in_days,
    organizers,
    readers,
    secretaries,
)
from massline.api.tests.conftest import PREFIX, Call, World
from massline.conftest import Personas

TABLE = [
    Row("GET", "/me", EVERYONE_LOGGED_IN),
    Row("GET", "/organizations", readers(200)),
    Row(
        "POST",
        "/organizations",
        editors(201),
        lambda w: {
            "name": "Communist Party of the Philippines",
            "short_name": "CPP",
            "country": "PH",
            "kind": "party",
            "tags": ["Maoist"],
        },
    ),
    Row("GET", "/organizations/{organization_id}", readers(200)),
    Row(
        "PATCH",
        "/organizations/{organization_id}",
        editors(200),
        lambda w: {"relation_status": "friendly"},
    ),
    Row("DELETE", "/organizations/{organization_id}", editors(204)),
    Row("GET", "/relations", readers(200)),
    Row(
        "POST",
        "/relations",
        editors(201),
        lambda w: {
            "source_id": w.directory.other_org.pk,
            "target_id": w.directory.open_org.pk,
            "kind": "hosts",
        },
    ),
    Row("GET", "/relations/{relation_id}", readers(200)),
    Row(
        "PATCH",
        "/relations/{relation_id}",
        editors(200),
        lambda w: {"source_note": "Greetings of 16 September 2023"},
    ),
    Row("DELETE", "/relations/{relation_id}", editors(204)),
    Row("GET", "/questions", readers(200)),
    Row("POST", "/questions", editors(201), lambda w: {"title": "Sanctions"}),
    Row("GET", "/questions/{question_id}", readers(200)),
    Row("GET", "/positions", readers(200)),
    Row(
        "POST",
        "/positions",
        editors(201),
        lambda w: {
            "organization_id": w.directory.other_org.pk,
            "question_id": w.directory.question.pk,
            "stance": "opposes",
            "stated_on": "2022-03-05",
        },
    ),
    Row("GET", "/positions/{position_id}", readers(200)),
    Row("PATCH", "/positions/{position_id}", editors(200), lambda w: {"stance": "mixed"}),
    Row("DELETE", "/positions/{position_id}", editors(204)),
    Row("GET", "/people/contacts", everywhere(200)),
    Row(
        "POST",
        "/people/contacts",
        organizers(201, organizer_b=403),
        lambda w: {
            "unit_id": w.personas.unit_a.pk,
            "given_name": "Lucia",
            "family_name": "Conti",
            "emails": ["lucia.conti@example.org"],
            "constituencies": ["women"],
        },
    ),
    Row("GET", "/people/contacts/{contact_id}", organizers(200)),
    Row(
        "PATCH",
        "/people/contacts/{contact_id}",
        organizers(200),
        lambda w: {"status": "supporter", "tags": ["canteen"]},
    ),
    Row("DELETE", "/people/contacts/{contact_id}", organizers(204)),
    Row("GET", "/people/contacts/{contact_id}/interactions", organizers(200)),
    Row(
        "POST",
        "/people/contacts/{contact_id}/interactions",
        organizers(201),
        lambda w: {
            "kind": "call",
            "outcome": "positive",
            "notes": "Will come to the picket.",
            "assessment": 2,
            "next_step": {"due_on": in_days(3), "task": "Send the address"},
        },
    ),
    Row("GET", "/people/follow-ups", everywhere(200)),
    Row("GET", "/people/contacts/{contact_id}/follow-ups", organizers(200)),
    Row(
        "POST",
        "/people/contacts/{contact_id}/follow-ups",
        organizers(201),
        lambda w: {"due_on": in_days(7), "task": "Bring the petition"},
    ),
    Row("POST", "/people/follow-ups/{follow_up_id}/done", organizers(200)),
    Row("GET", "/people/contacts/{contact_id}/assessments", organizers(200)),
    Row(
        "POST",
        "/people/contacts/{contact_id}/assessments",
        organizers(201),
        lambda w: {"level": 1, "note": "Leads the night shift"},
    ),
    Row("GET", "/people/segments", everywhere(200)),
    Row(
        "POST",
        "/people/segments",
        organizers(201, organizer_b=403),
        lambda w: {
            "unit_id": w.personas.unit_a.pk,
            "name": "Women workers",
            "query": "constituency:women constituency:workers",
        },
    ),
    Row("GET", "/people/segments/count", everywhere(200)),
    Row("GET", "/people/segments/{segment_id}", organizers(200)),
    Row(
        "PATCH",
        "/people/segments/{segment_id}",
        organizers(200),
        lambda w: {"query": "constituency:youth assessment<=2"},
    ),
    Row("DELETE", "/people/segments/{segment_id}", organizers(204)),
    Row("GET", "/people/segments/{segment_id}/count", organizers(200)),
    Row("GET", "/people/segments/{segment_id}/members", organizers(200)),
    Row("GET", "/people/sites", everywhere(200)),
    Row("GET", "/people/constituencies", everywhere(200)),
    Row("GET", "/people/imports", secretaries(200)),
    Row("GET", "/people/imports/{import_id}", secretaries(200)),
]


def _app_tables() -> list[Row]:
    """Rows kept beside the apps that own the operations: `massline/<app>/tests/api_access.py`."""
    rows: list[Row] = []
    for config in django_apps.get_app_configs():
        if not config.name.startswith("massline."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.api_access")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{config.name}.tests", f"{config.name}.tests.api_access"):
                raise
            continue
        rows.extend(module.TABLE)
    return rows


TABLE.extend(_app_tables())


def test_every_operation_of_the_api_has_a_row() -> None:
    schema = api.get_openapi_schema()
    operations = {
        (method.upper(), path.removeprefix(PREFIX))
        for path, methods in schema["paths"].items()
        for method in methods
    }
    rows = [(row.method, row.path) for row in TABLE]
    assert len(rows) == len(set(rows)), "an operation has two rows"
    assert operations - set(rows) == set(), "operations without a row in the access table"
    assert set(rows) - operations == set(), "rows for operations the API does not have"


@pytest.mark.parametrize("row", TABLE, ids=lambda row: f"{row.method} {row.path}")
def test_every_row_says_what_each_persona_gets(row: Row) -> None:
    assert set(row.expect) == set(Personas.NAMES)


@pytest.mark.parametrize("row", TABLE, ids=[f"{row.method} {row.path}" for row in TABLE])
def test_each_persona_gets_the_status_the_table_says(row: Row, world: World, call: Call) -> None:
    """One world per operation; each persona's call runs in a savepoint rolled back after it,
    so that one persona's write (a deletion, say) does not change what the next one meets."""
    problems = []
    for persona in Personas.NAMES:
        with transaction.atomic():
            body = row.body(world) if row.body is not None else None
            response = call(persona, row.method, row.url(world), body)
            transaction.set_rollback(True)
        expected = row.expect[persona]
        if response.status_code != expected:
            problems.append(
                f"{persona}: expected {expected}, got {response.status_code}: "
                f"{response.content[:300]!r}"
            )
        elif expected >= 400 and not (
            response["Content-Type"].startswith("application/problem+json")
            and response.json()["status"] == expected
        ):
            problems.append(f"{persona}: {expected} is not a problem document")
    assert not problems, f"{row.method} {row.path}\n" + "\n".join(problems)

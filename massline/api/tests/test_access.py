"""Who may call which operation: every operation of the API × every persona.

The table is the API's access policy in one place. A new operation without a row fails
`test_every_operation_of_the_api_has_a_row`, so nobody adds an endpoint without saying who
may use it. Personas call with a write-scoped token (anonymous with nothing), on open
organizations; confidential ones are covered in test_confidential.py.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from massline.api.main import api
from massline.api.tests.conftest import PREFIX, Call, Directory
from massline.conftest import Personas

Body = Callable[[Directory], dict[str, Any]]


def readers(ok: int) -> dict[str, int]:
    """Members and above read the directory; a guest may not; anonymous must log in."""
    return {"admin": ok, "secretary": ok, "organizer_a": ok, "organizer_b": ok,
            "member_a": ok, "guest": 403, "anonymous": 401}


def editors(ok: int) -> dict[str, int]:
    """Only secretaries and administrators change the directory."""
    return {"admin": ok, "secretary": ok, "organizer_a": 403, "organizer_b": 403,
            "member_a": 403, "guest": 403, "anonymous": 401}


EVERYONE_LOGGED_IN = {"admin": 200, "secretary": 200, "organizer_a": 200, "organizer_b": 200,
                      "member_a": 200, "guest": 200, "anonymous": 401}


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expect: dict[str, int]
    body: Body | None = field(default=None, compare=False)

    def url(self, d: Directory) -> str:
        return self.path.format(
            organization_id=d.open_org.pk, relation_id=d.relation.pk,
            question_id=d.question.pk, position_id=d.position.pk,
        )


TABLE = [
    Row("GET", "/me", EVERYONE_LOGGED_IN),

    Row("GET", "/organizations", readers(200)),
    Row("POST", "/organizations", editors(201), lambda d: {
        "name": "Communist Party of the Philippines", "short_name": "CPP", "country": "PH",
        "kind": "party", "tags": ["Maoist"]}),
    Row("GET", "/organizations/{organization_id}", readers(200)),
    Row("PATCH", "/organizations/{organization_id}", editors(200),
        lambda d: {"relation_status": "friendly"}),
    Row("DELETE", "/organizations/{organization_id}", editors(204)),

    Row("GET", "/relations", readers(200)),
    Row("POST", "/relations", editors(201), lambda d: {
        "source_id": d.other_org.pk, "target_id": d.open_org.pk, "kind": "hosts"}),
    Row("GET", "/relations/{relation_id}", readers(200)),
    Row("PATCH", "/relations/{relation_id}", editors(200),
        lambda d: {"source_note": "Greetings of 16 September 2023"}),
    Row("DELETE", "/relations/{relation_id}", editors(204)),

    Row("GET", "/questions", readers(200)),
    Row("POST", "/questions", editors(201), lambda d: {"title": "Sanctions"}),
    Row("GET", "/questions/{question_id}", readers(200)),

    Row("GET", "/positions", readers(200)),
    Row("POST", "/positions", editors(201), lambda d: {
        "organization_id": d.other_org.pk, "question_id": d.question.pk,
        "stance": "opposes", "stated_on": "2022-03-05"}),
    Row("GET", "/positions/{position_id}", readers(200)),
    Row("PATCH", "/positions/{position_id}", editors(200), lambda d: {"stance": "mixed"}),
    Row("DELETE", "/positions/{position_id}", editors(204)),
]


def test_every_operation_of_the_api_has_a_row() -> None:
    schema = api.get_openapi_schema()
    operations = {
        (method.upper(), path.removeprefix(PREFIX))
        for path, methods in schema["paths"].items() for method in methods
    }
    rows = [(row.method, row.path) for row in TABLE]
    assert len(rows) == len(set(rows)), "an operation has two rows"
    assert operations - set(rows) == set(), "operations without a row in the access table"
    assert set(rows) - operations == set(), "rows for operations the API does not have"


@pytest.mark.parametrize("row", TABLE, ids=lambda row: f"{row.method} {row.path}")
def test_every_row_says_what_each_persona_gets(row: Row) -> None:
    assert set(row.expect) == set(Personas.NAMES)


CASES = [(row, persona) for row in TABLE for persona in Personas.NAMES]


@pytest.mark.parametrize(
    ("row", "persona"), CASES,
    ids=[f"{row.method} {row.path} as {persona}" for row, persona in CASES],
)
def test_each_persona_gets_the_status_the_table_says(
    row: Row, persona: str, directory: Directory, call: Call,
) -> None:
    body = row.body(directory) if row.body is not None else None
    response = call(persona, row.method, row.url(directory), body)
    expected = row.expect[persona]
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response["Content-Type"].startswith("application/problem+json")
        assert response.json()["status"] == expected

"""Fixtures of the API tests: a small directory, and a client that calls as a persona.

`directory` holds two open organizations with a relation and a position, and a confidential
organization of unit A (seen by unit A's members, never by organizer_b) with its own.
`world` adds the mass work of units A and B (see `massline.people.tests.mass_work_world`) and
an import of unit A.
`call(persona, method, path, body)` sends a request to `/api/v1/<path>` with a write-scoped
token of the persona, or without credentials for "anonymous".
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.test import Client

from massline.accounts.models import User
from massline.accounts.services import api_token_create
from massline.conftest import Personas
from massline.directory import services
from massline.directory.models import Organization, Position, Question, Relation
from massline.people.models import ImportBatch
from massline.people.tests.mass_work_world import MassWork, build_mass_work

PREFIX = "/api/v1"


@dataclass
class Directory:
    open_org: Organization
    other_org: Organization
    confidential_org: Organization
    question: Question
    relation: Relation
    position: Position
    confidential_relation: Relation
    confidential_position: Position


def make_directory(personas: Personas) -> Directory:
    admin = personas.admin
    open_org = services.organization_create(
        actor=admin,
        name="Partito marxista-leninista italiano",
        short_name="PMLI",
        country="IT",
        kind=Organization.Kind.PARTY,
        tags=["Marxist-Leninist"],
        relation_status=Organization.RelationStatus.FRATERNAL,
    )
    other_org = services.organization_create(
        actor=admin,
        name="Marxistisch-Leninistische Partei Deutschlands",
        short_name="MLPD",
        country="DE",
        kind=Organization.Kind.PARTY,
        tags=["Marxist-Leninist"],
    )
    confidential_org = services.organization_create(
        actor=admin,
        name="Underground circle",
        short_name="UC",
        country="RU",
        kind=Organization.Kind.OTHER,
        unit=personas.unit_a,
        confidential=True,
        tags=["clandestine"],
    )
    question = services.question_create(actor=admin, title="The war since 24 February 2022")
    return Directory(
        open_org=open_org,
        other_org=other_org,
        confidential_org=confidential_org,
        question=question,
        relation=services.relation_create(
            actor=admin,
            source=open_org,
            target=other_org,
            kind=Relation.Kind.FRATERNAL,
            started=date(2015, 1, 1),
        ),
        position=services.position_create(
            actor=admin,
            organization=open_org,
            question=question,
            stance=Position.Stance.OPPOSES,
            stated_on=date(2022, 3, 1),
        ),
        confidential_relation=services.relation_create(
            actor=admin, source=confidential_org, target=open_org, kind=Relation.Kind.FRATERNAL
        ),
        confidential_position=services.position_create(
            actor=admin,
            organization=confidential_org,
            question=question,
            stance=Position.Stance.OPPOSES,
            stated_on=date(2022, 3, 2),
        ),
    )


@pytest.fixture
def directory(personas: Personas) -> Directory:
    return make_directory(personas)


@dataclass
class World:
    personas: Personas
    directory: Directory
    mass: MassWork
    import_a: ImportBatch
    extra: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, make: Callable[["World"], Any]) -> Any:
        """An object built on first use and shared by the personas of one row."""
        if key not in self.extra:
            self.extra[key] = make(self)
        return self.extra[key]


def make_import(personas: Personas) -> ImportBatch:
    """A finished import of unit A with one bad row.

    Written directly: the import services start from an uploaded file, and the API only
    reads the batch.
    """
    batch = ImportBatch(
        unit=personas.unit_a,
        created_by=personas.secretary,
        filename="members-2023.csv",
        file_format="csv",
        status=ImportBatch.Status.DONE,
        total_rows=3,
        processed_rows=3,
        created_count=2,
        error_count=1,
        errors=[{"row": 3, "column": "Email", "code": "email", "params": {}}],
    )
    batch.full_clean()
    batch.save()
    return batch


@pytest.fixture
def world(personas: Personas) -> World:
    return World(
        personas=personas,
        directory=make_directory(personas),
        mass=build_mass_work(personas),
        import_a=make_import(personas),
    )


def token_for(user: User, scope: str = "write", **extra: Any) -> str:
    _token, secret = api_token_create(user=user, name=f"{scope} token", scope=scope, **extra)
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def send(
    client: Client,
    method: str,
    path: str,
    body: Any = None,
    headers: Mapping[str, str] | None = None,
) -> Any:
    """One request to the API; `path` is relative to /api/v1 and may carry a query string."""
    data = json.dumps(body) if body is not None else ""
    return client.generic(
        method, f"{PREFIX}{path}", data, content_type="application/json", headers=headers
    )


Call = Callable[..., Any]


def persona_caller(personas: Personas) -> Call:
    """`call(persona, method, path, body=None, headers=None)`, each persona with its own
    write-scoped token (made on first use)."""
    tokens: dict[str, str] = {}

    def _call(
        persona: str,
        method: str,
        path: str,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        user = personas.user(persona)
        sent = dict(headers or {})
        if user is not None:
            if persona not in tokens:
                tokens[persona] = token_for(user)
            sent.update(bearer(tokens[persona]))
        return send(Client(), method, path, body, sent)

    return _call


@pytest.fixture
def call(personas: Personas) -> Call:
    return persona_caller(personas)

"""Fixtures of the API tests: a small directory, and a client that calls as a persona.

`directory` holds two open organizations with a relation and a position, and a confidential
organization of unit A (seen by unit A's members, never by organizer_b) with its own.
`call(persona, method, path, body)` sends a request to `/api/v1/<path>` with a write-scoped
token of the persona, or without credentials for "anonymous".
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.test import Client

from massline.accounts.models import User
from massline.accounts.services import api_token_create
from massline.conftest import Personas
from massline.directory import services
from massline.directory.models import Organization, Position, Question, Relation

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
        actor=admin, name="Partito marxista-leninista italiano", short_name="PMLI",
        country="IT", kind=Organization.Kind.PARTY, tags=["Marxist-Leninist"],
        relation_status=Organization.RelationStatus.FRATERNAL,
    )
    other_org = services.organization_create(
        actor=admin, name="Marxistisch-Leninistische Partei Deutschlands", short_name="MLPD",
        country="DE", kind=Organization.Kind.PARTY, tags=["Marxist-Leninist"],
    )
    confidential_org = services.organization_create(
        actor=admin, name="Underground circle", short_name="UC", country="RU",
        kind=Organization.Kind.OTHER, unit=personas.unit_a, confidential=True,
        tags=["clandestine"],
    )
    question = services.question_create(actor=admin, title="The war since 24 February 2022")
    return Directory(
        open_org=open_org,
        other_org=other_org,
        confidential_org=confidential_org,
        question=question,
        relation=services.relation_create(
            actor=admin, source=open_org, target=other_org,
            kind=Relation.Kind.FRATERNAL, started=date(2015, 1, 1)),
        position=services.position_create(
            actor=admin, organization=open_org, question=question,
            stance=Position.Stance.OPPOSES, stated_on=date(2022, 3, 1)),
        confidential_relation=services.relation_create(
            actor=admin, source=confidential_org, target=open_org,
            kind=Relation.Kind.FRATERNAL),
        confidential_position=services.position_create(
            actor=admin, organization=confidential_org, question=question,
            stance=Position.Stance.OPPOSES, stated_on=date(2022, 3, 2)),
    )


@pytest.fixture
def directory(personas: Personas) -> Directory:
    return make_directory(personas)


def token_for(user: User, scope: str = "write", **extra: Any) -> str:
    _token, secret = api_token_create(user=user, name=f"{scope} token", scope=scope, **extra)
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def send(client: Client, method: str, path: str, body: Any = None,
         headers: Mapping[str, str] | None = None) -> Any:
    """One request to the API; `path` is relative to /api/v1 and may carry a query string."""
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, f"{PREFIX}{path}", data, content_type="application/json",
                          headers=headers)


Call = Callable[..., Any]


@pytest.fixture
def call(personas: Personas) -> Call:
    tokens: dict[str, str] = {}

    def _call(persona: str, method: str, path: str, body: Any = None,
              headers: Mapping[str, str] | None = None) -> Any:
        user = personas.user(persona)
        sent = dict(headers or {})
        if user is not None:
            if persona not in tokens:
                tokens[persona] = token_for(user)
            sent.update(bearer(tokens[persona]))
        return send(Client(), method, path, body, sent)

    return _call

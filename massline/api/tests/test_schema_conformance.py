"""Schemathesis generates requests from the OpenAPI document and checks every answer against it.

Answers must be documented (status, content type, body schema), and no input may cause a
server error. Bounded to a few examples per operation so that the run stays well under a
minute; the requests go through the real WSGI application, as an administrator, against
the small directory and the mass work of the fixtures.
"""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from massline.api.tests.conftest import World, token_for
from massline.conftest import Personas

# Unknown query parameters are ignored, as HTTP APIs commonly do: not a case to test.
CONFIG = SchemathesisConfig.from_dict({"generation": {"allow-extra-parameters": False}})
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


@pytest.fixture
def admin_token(personas: Personas, world: World) -> str:
    return token_for(personas.admin)


@pytest.fixture
def open_test_connection() -> Iterator[None]:
    """Keep Django from closing the test's database connection after each request.

    Django's test client does the same; schemathesis calls the WSGI application itself, and
    on PostgreSQL the connection inside the test's transaction would be closed.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_keeps_the_promises_of_its_schema(
    case,
    admin_token: str,
    open_test_connection: None,
) -> None:
    # The services refuse some schema-valid input (unknown country codes, dates in the
    # future, duplicates) with a 422, rightly: that check does not apply.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {admin_token}"},
        excluded_checks=[positive_data_acceptance],
    )

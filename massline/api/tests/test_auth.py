"""Authentication: personal tokens, their scope, and the read-only browser session."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from massline.accounts.models import ApiToken
from massline.accounts.services import api_token_revoke
from massline.api.tests.conftest import Call, Directory, World, bearer, send, token_for
from massline.api.tests.test_access import TABLE
from massline.audit.models import AuditEntry
from massline.conftest import Personas
from massline.directory.models import Organization

# Writes that need a token: a public write (none today) would take no token at all.
WRITES = [row for row in TABLE if row.method != "GET" and row.expect["anonymous"] >= 400]


def assert_problem(response, status: int, kind: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"] == f"urn:massline:problem:{kind}"
    assert problem["status"] == status
    return problem


def test_a_read_token_may_read(personas: Personas, directory: Directory) -> None:
    secret = token_for(personas.secretary, scope="read")
    response = send(Client(), "GET", "/organizations", headers=bearer(secret))
    assert response.status_code == 200
    assert response.json()["count"] == 3


@pytest.mark.parametrize("row", WRITES, ids=lambda row: f"{row.method} {row.path}")
def test_a_read_token_is_refused_on_every_write(
    row,
    personas: Personas,
    world: World,
) -> None:
    secret = token_for(personas.admin, scope="read")
    # The row's objects are built (and audited) before counting.
    url = row.url(world)
    body = row.body(world) if row.body else None
    entries = AuditEntry.objects.count()
    response = send(Client(), row.method, url, body, headers=bearer(secret))
    problem = assert_problem(response, 403, "insufficient-scope")
    assert "read" in problem["detail"]
    assert 'error="insufficient_scope"' in response["WWW-Authenticate"]
    assert AuditEntry.objects.count() == entries


def test_no_credentials_ask_for_a_bearer_token(db) -> None:
    response = send(Client(), "GET", "/organizations")
    problem = assert_problem(response, 401, "not-authenticated")
    assert "Bearer" in problem["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused(personas: Personas) -> None:
    secret = token_for(personas.admin)
    token = ApiToken.objects.get(user=personas.admin)
    api_token_revoke(user=personas.admin, token=token)
    response = send(Client(), "GET", "/me", headers=bearer(secret))
    problem = assert_problem(response, 401, "invalid-token")
    assert "revoked" in problem["detail"]
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_an_expired_token_is_refused(personas: Personas) -> None:
    secret = token_for(personas.admin, expires_in_days=1)
    assert send(Client(), "GET", "/me", headers=bearer(secret)).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        response = send(Client(), "GET", "/me", headers=bearer(secret))
    assert_problem(response, 401, "invalid-token")


def test_the_token_of_a_deactivated_user_is_refused(personas: Personas) -> None:
    secret = token_for(personas.organizer_a)
    personas.organizer_a.is_active = False
    personas.organizer_a.save(update_fields=["is_active"])
    assert_problem(send(Client(), "GET", "/me", headers=bearer(secret)), 401, "invalid-token")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer garbage",
        "Bearer ml_deadbeef_not-a-real-secret",
        "Bearer " + "ml_" + "x" * 200,
        "Bearer",
        "Bearer one two",
        "Basic YWRtaW46cGFzc3dvcmQ=",
        "Token ml_abc",
        "",
    ],
)
def test_a_garbage_or_malformed_authorization_header_is_refused(db, header: str) -> None:
    response = send(Client(), "GET", "/me", headers={"Authorization": header})
    assert_problem(response, 401, "invalid-token")


def test_a_bad_token_is_not_replaced_by_the_browser_session(personas: Personas) -> None:
    client = personas.client("admin")
    response = send(client, "GET", "/me", headers={"Authorization": "Bearer garbage"})
    assert_problem(response, 401, "invalid-token")


def test_a_browser_session_may_read(personas: Personas, directory: Directory) -> None:
    response = send(personas.client("member_a"), "GET", "/organizations")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    me = send(personas.client("member_a"), "GET", "/me").json()
    assert me["email"] == "member.a@example.org"
    assert me["token_scope"] is None


def test_a_browser_session_may_not_write(personas: Personas) -> None:
    client = personas.client("admin")
    body = {"name": "Session party", "short_name": "SP", "country": "IT", "kind": "party"}
    response = send(client, "POST", "/organizations", body)
    problem = assert_problem(response, 401, "not-authenticated")
    assert "session may only read" in problem["detail"]
    assert not Organization.objects.filter(short_name="SP").exists()


def test_a_browser_session_may_not_write_even_with_a_csrf_token(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)
    csrf = "a" * 32
    client.cookies["csrftoken"] = csrf
    body = {"name": "Session party", "short_name": "SP", "country": "IT", "kind": "party"}
    response = send(client, "POST", "/organizations", body, headers={"X-CSRFToken": csrf})
    assert_problem(response, 401, "not-authenticated")
    assert not Organization.objects.filter(short_name="SP").exists()


def test_me_tells_the_token_owner_and_their_roles_per_unit(
    personas: Personas,
    call: Call,
) -> None:
    me = call("organizer_a", "GET", "/me").json()
    assert me["email"] == "organizer.a@example.org"
    assert me["is_admin"] is False
    assert me["token_scope"] == "write"
    assert me["roles"] == [
        {"unit_id": personas.unit_a.pk, "unit_name": "Unit A", "role": "organizer"},
    ]
    assert call("admin", "GET", "/me").json()["is_admin"] is True


def test_me_shows_the_scope_of_a_read_token(personas: Personas) -> None:
    secret = token_for(personas.guest, scope="read")
    me = send(Client(), "GET", "/me", headers=bearer(secret)).json()
    assert me["token_scope"] == "read"
    assert me["roles"][0]["role"] == "guest"

"""Every error is an RFC 9457 problem: the same shape, and no internals."""

import logging

import pytest
from django.test import Client

from massline.api.tests.conftest import Call, Directory, bearer, send, token_for
from massline.api.tests.fault_urls import SECRET_DETAIL
from massline.conftest import Personas
from massline.directory.models import Tag

PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance"}


def assert_problem_shape(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json; charset=utf-8"
    problem = response.json()
    assert set(problem) >= PROBLEM_FIELDS
    assert problem["status"] == status
    assert problem["type"].startswith("urn:massline:problem:")
    assert problem["title"] and problem["detail"]
    assert problem["instance"] == response.request["PATH_INFO"]
    return problem


def test_malformed_json_is_a_400_problem(personas: Personas) -> None:
    response = Client().post(
        "/api/v1/questions",
        "{not json",
        content_type="application/json",
        headers=bearer(token_for(personas.admin)),
    )
    problem = assert_problem_shape(response, 400)
    assert problem["type"] == "urn:massline:problem:bad-request"
    assert "errors" not in problem


def test_missing_credentials_are_a_401_problem(db) -> None:
    assert_problem_shape(send(Client(), "GET", "/questions"), 401)


def test_a_forbidden_operation_is_a_403_problem(call: Call) -> None:
    problem = assert_problem_shape(call("organizer_a", "POST", "/questions", {"title": "x"}), 403)
    assert problem["type"] == "urn:massline:problem:forbidden"


def test_a_missing_record_is_a_404_problem(call: Call, directory: Directory) -> None:
    problem = assert_problem_shape(call("admin", "GET", "/organizations/999999"), 404)
    assert problem["type"] == "urn:massline:problem:not-found"


@pytest.mark.parametrize(
    "path",
    [
        "/nothing-here",
        "/",
        "/organizations/abc",
        "/docs",
        "/people/segments/%0A/count",
        "/line%0Abreak",
    ],
)
def test_an_unknown_path_is_a_404_problem(call: Call, path: str) -> None:
    assert_problem_shape(call("admin", "GET", path), 404)


def test_an_unknown_path_is_a_404_problem_for_writes_too(call: Call) -> None:
    assert_problem_shape(call("admin", "POST", "/nothing-here", {}), 404)


def test_a_method_a_path_does_not_take_is_a_405_problem(call: Call, directory: Directory) -> None:
    response = call("admin", "PUT", f"/organizations/{directory.open_org.pk}", {})
    problem = assert_problem_shape(response, 405)
    assert problem["type"] == "urn:massline:problem:method-not-allowed"
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "PATCH", "DELETE"}


def test_invalid_input_is_a_422_problem_with_errors_per_field(call: Call) -> None:
    response = call("admin", "POST", "/questions", {"title": "", "since": "yesterday"})
    problem = assert_problem_shape(response, 422)
    assert problem["type"] == "urn:massline:problem:validation"
    assert set(problem["errors"]) == {"title", "since"}
    assert all(isinstance(m, str) for ms in problem["errors"].values() for m in ms)


@pytest.mark.urls("massline.api.tests.fault_urls")
def test_a_database_conflict_is_a_409_problem_and_nothing_is_kept(personas: Personas) -> None:
    response = Client().post("/api/v1/conflict", headers=bearer(token_for(personas.admin)))
    problem = assert_problem_shape(response, 409)
    assert problem["type"] == "urn:massline:problem:conflict"
    assert not Tag.objects.filter(name="duplicate").exists()


@pytest.mark.urls("massline.api.tests.fault_urls")
def test_an_unexpected_error_is_a_500_problem_without_internals(
    personas: Personas,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="massline.api.problems"):
        response = Client().get("/api/v1/crash", headers=bearer(token_for(personas.admin)))
    problem = assert_problem_shape(response, 500)
    assert problem["type"] == "urn:massline:problem:server-error"
    body = response.content.decode()
    assert SECRET_DETAIL not in body
    assert "Traceback" not in body
    assert "RuntimeError" not in body
    assert any(record.exc_info for record in caplog.records), "the error was not logged"


def test_problems_speak_the_language_the_client_asks_for(call: Call) -> None:
    response = call("admin", "GET", "/organizations?limit=500", headers={"Accept-Language": "de"})
    problem = assert_problem_shape(response, 422)
    assert response["Content-Language"] == "de"
    [message] = problem["errors"]["limit"]
    assert "200" in message
    assert message != "Ensure this value is less than or equal to 200."

"""Invalid input is refused with a clear message on the field at fault, and nothing is written."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from massline.api.tests.conftest import Call, Directory
from massline.audit.models import AuditEntry
from massline.conftest import Personas
from massline.directory.models import Organization, Position, Relation, Tag

VALID = {
    "name": "Communist Party of the Philippines",
    "short_name": "CPP",
    "country": "PH",
    "kind": "party",
}


@pytest.fixture
def nothing_written(db) -> Iterator[None]:
    """The test's requests leave no organization, relation, position, tag or audit entry.

    Tokens the test creates to call the API are audited; they do not count.
    """

    def counts() -> tuple[int, ...]:
        return (
            *(model.objects.count() for model in (Organization, Relation, Position, Tag)),
            AuditEntry.objects.exclude(action__startswith="api_token.").count(),
        )

    before = counts()
    yield
    assert counts() == before


def errors_of(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 422, response.content
    problem = response.json()
    assert problem["type"] == "urn:massline:problem:validation"
    return problem["errors"]


def test_an_unknown_country_is_refused_on_the_country_field(
    personas: Personas,
    nothing_written: None,
    call: Call,
) -> None:
    errors = errors_of(call("admin", "POST", "/organizations", {**VALID, "country": "XX"}))
    assert errors == {"country": ["XX is not an ISO 3166 country code."]}


def test_a_country_name_instead_of_a_code_is_refused(
    personas: Personas,
    nothing_written: None,
    call: Call,
) -> None:
    errors = errors_of(call("admin", "POST", "/organizations", {**VALID, "country": "Italy"}))
    assert list(errors) == ["country"]


def test_a_founding_date_in_the_future_is_refused(
    personas: Personas,
    nothing_written: None,
    call: Call,
) -> None:
    tomorrow = (timezone.now() + timedelta(days=1)).date().isoformat()
    errors = errors_of(call("admin", "POST", "/organizations", {**VALID, "founded": tomorrow}))
    assert errors == {"founded": ["This date lies in the future."]}


def test_a_duplicate_short_name_is_refused_whatever_its_case(
    directory: Directory,
    nothing_written: None,
    call: Call,
) -> None:
    errors = errors_of(call("admin", "POST", "/organizations", {**VALID, "short_name": "pmli"}))
    assert errors == {"short_name": ["Another organization already uses this short name."]}


def test_renaming_to_a_taken_short_name_is_refused_and_nothing_changes(
    directory: Directory,
    nothing_written: None,
    call: Call,
) -> None:
    path = f"/organizations/{directory.other_org.pk}"
    errors = errors_of(call("admin", "PATCH", path, {"short_name": "PMLI", "notes": "x"}))
    assert list(errors) == ["short_name"]
    directory.other_org.refresh_from_db()
    assert (directory.other_org.short_name, directory.other_org.notes) == ("MLPD", "")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "n" * 201, "Ensure this value has at most 200 characters."),
        ("short_name", "s" * 41, "Ensure this value has at most 40 characters."),
        ("notes", "x" * 20001, "Ensure this value has at most 20000 characters."),
        (
            "website",
            "https://example.org/" + "p" * 300,
            "Ensure this value has at most 300 characters.",
        ),
        ("tags", ["t" * 61], "Ensure this value has at most 60 characters."),
        ("tags", [f"tag {n}" for n in range(31)], "Ensure this list has at most 30 items."),
        ("aliases", ["a" * 201], "Ensure this value has at most 200 characters."),
    ],
)
def test_oversized_fields_are_refused(
    personas: Personas,
    nothing_written: None,
    call: Call,
    field: str,
    value: Any,
    message: str,
) -> None:
    errors = errors_of(call("admin", "POST", "/organizations", {**VALID, field: value}))
    assert message in next(iter(errors.values()))
    assert next(iter(errors)).split(".")[0] == field


def test_a_missing_required_field_is_named(
    personas: Personas,
    nothing_written: None,
    call: Call,
) -> None:
    body = {key: value for key, value in VALID.items() if key != "country"}
    assert errors_of(call("admin", "POST", "/organizations", body)) == {
        "country": ["This field is required."]
    }


def test_an_unknown_field_is_refused_rather_than_ignored(
    personas: Personas,
    nothing_written: None,
    call: Call,
) -> None:
    errors = errors_of(call("admin", "POST", "/organizations", {**VALID, "nmae": "typo"}))
    assert errors == {"nmae": ["This field is not known."]}


def test_an_unknown_kind_lists_the_choices(
    personas: Personas,
    nothing_written: None,
    call: Call,
) -> None:
    errors = errors_of(call("admin", "POST", "/organizations", {**VALID, "kind": "sect"}))
    assert "party" in errors["kind"][0]


def test_a_website_that_is_not_a_web_address_is_refused(
    personas: Personas,
    nothing_written: None,
    call: Call,
) -> None:
    errors = errors_of(
        call("admin", "POST", "/organizations", {**VALID, "website": "javascript:alert(1)"})
    )
    assert list(errors) == ["website"]


def test_a_confidential_organization_needs_an_owning_unit(
    personas: Personas,
    nothing_written: None,
    call: Call,
) -> None:
    errors = errors_of(call("admin", "POST", "/organizations", {**VALID, "confidential": True}))
    assert errors == {"unit_id": ["A confidential organization needs an owning unit."]}


def test_text_with_a_nul_character_is_refused(
    personas: Personas,
    nothing_written: None,
    call: Call,
) -> None:
    errors = errors_of(call("admin", "POST", "/organizations", {**VALID, "name": "a\x00b"}))
    assert errors == {"name": ["Text may not contain NUL characters."]}


def test_an_empty_body_asks_for_a_json_object(
    personas: Personas,
    nothing_written: None,
    call: Call,
) -> None:
    errors = errors_of(call("admin", "POST", "/organizations"))
    assert errors == {"__all__": ["Send a JSON object as the request body."]}


def test_a_change_may_leave_fields_out_but_not_send_them_as_null(
    directory: Directory,
    nothing_written: None,
    call: Call,
) -> None:
    path = f"/organizations/{directory.open_org.pk}"
    errors = errors_of(call("admin", "PATCH", path, {"name": None, "kind": None}))
    assert set(errors) == {"name", "kind"}


def test_a_relation_to_itself_is_refused_on_the_target(
    directory: Directory,
    nothing_written: None,
    call: Call,
) -> None:
    org = directory.open_org.pk
    errors = errors_of(
        call("admin", "POST", "/relations", {"source_id": org, "target_id": org, "kind": "opposes"})
    )
    assert errors == {"target_id": ["An organization cannot relate to itself."]}


def test_a_relation_that_ends_before_it_starts_is_refused(
    directory: Directory,
    nothing_written: None,
    call: Call,
) -> None:
    body = {
        "source_id": directory.open_org.pk,
        "target_id": directory.other_org.pk,
        "kind": "opposes",
        "started": "2020-01-01",
        "ended": "2019-01-01",
    }
    errors = errors_of(call("admin", "POST", "/relations", body))
    assert errors == {"ended": ["The end lies before the start."]}


def test_a_second_position_on_the_same_day_is_refused(
    directory: Directory,
    nothing_written: None,
    call: Call,
) -> None:
    body = {
        "organization_id": directory.open_org.pk,
        "question_id": directory.question.pk,
        "stance": "supports",
        "stated_on": "2022-03-01",
    }
    errors = errors_of(call("admin", "POST", "/positions", body))
    assert list(errors) == ["__all__"]


def test_a_duplicate_question_is_refused_on_the_title(
    directory: Directory,
    nothing_written: None,
    call: Call,
) -> None:
    errors = errors_of(call("admin", "POST", "/questions", {"title": directory.question.title}))
    assert list(errors) == ["title"]


@pytest.mark.parametrize("path", ["/organizations/0", "/relations/99999999999999999999"])
def test_ids_outside_the_range_of_the_database_are_refused(call: Call, path: str) -> None:
    response = call("admin", "GET", path)
    assert list(errors_of(response)) == [path.split("/")[1].removesuffix("s") + "_id"]


def test_making_an_organization_without_unit_confidential_is_refused_on_the_unit(
    directory: Directory,
    nothing_written: None,
    call: Call,
) -> None:
    path = f"/organizations/{directory.open_org.pk}"
    errors = errors_of(call("admin", "PATCH", path, {"confidential": True}))
    assert errors == {"unit_id": ["A confidential organization needs an owning unit."]}

"""The OpenAPI document: served as JSON only, valid, and honest about errors."""

import json

import schemathesis
from django.test import Client

from massline.api.main import api

SCHEMA_URL = "/api/v1/openapi.json"


def served_document() -> dict:
    response = Client().get(SCHEMA_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_the_document_is_served_without_credentials(db) -> None:
    document = served_document()
    assert document["info"]["title"] == "Massline API"
    assert document["info"]["version"] == "1"
    assert document["openapi"].startswith("3.1")


def test_the_document_is_valid_openapi(db) -> None:
    schemathesis.openapi.from_dict(served_document()).validate()


def test_no_docs_page_is_served_because_it_would_load_scripts_from_a_cdn(db) -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_the_document_names_no_other_host(db) -> None:
    text = json.dumps(served_document())
    assert "http://" not in text
    assert "https://" not in text


def test_every_operation_has_its_own_plain_operation_id() -> None:
    ids = [
        operation["operationId"]
        for methods in api.get_openapi_schema()["paths"].values()
        for operation in methods.values()
    ]
    assert len(ids) == len(set(ids))
    assert not [i for i in ids if i.startswith("massline_")], "an operation_id was left out"


def _public_operations() -> set[tuple[str, str]]:
    """Operations the access table opens to anonymous callers (public petition counts, say)."""
    from massline.api.tests.test_access import TABLE

    return {(row.method, row.path) for row in TABLE if row.expect["anonymous"] < 400}


def test_every_operation_documents_its_problems_as_problem_json() -> None:
    schema = api.get_openapi_schema()
    public = _public_operations()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            codes = {int(code) for code in operation["responses"]}
            assert {401, 403, 404, 422, 500} <= codes
            if method != "get":
                assert {400, 409} <= codes
            for code, response in operation["responses"].items():
                if int(code) >= 400:
                    assert list(response["content"]) == ["application/problem+json"]
            if (method.upper(), path.removeprefix("/api/v1")) in public:
                assert "security" not in operation, f"{method} {path} is public"
            else:
                assert operation["security"] == [{"BearerToken": []}], f"{method} {path}"
    assert schema["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_no_two_schemas_of_the_api_share_a_name() -> None:
    """The OpenAPI components are keyed by class name: a second `OrganizationRef` in another
    app would silently replace the first in the document."""
    import ninja

    def subclasses(cls: type) -> list[type]:
        found: list[type] = []
        children: list[type] = cls.__subclasses__()
        for sub in children:
            found += [sub, *subclasses(sub)]
        return found

    ours = {c for c in subclasses(ninja.Schema) if c.__module__.startswith("massline.")}
    names = sorted(c.__name__ for c in ours if "tests" not in c.__module__)
    assert sorted({n for n in names if names.count(n) > 1}) == []

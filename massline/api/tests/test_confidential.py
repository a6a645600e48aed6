"""A confidential organization of unit A does not exist for organizer_b, by any route.

Hidden records answer exactly like missing ones (404, same problem), so that nobody can
probe which ids exist.
"""

from typing import Any

import pytest
from django.test import Client

from massline.accounts.models import Role
from massline.accounts.services import membership_set, user_create
from massline.api.tests.conftest import Call, Directory, bearer, send, token_for
from massline.audit.models import AuditEntry
from massline.conftest import Personas
from massline.directory.models import Organization, Position, Relation

MISSING = 987654


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def same_as_missing(response, missing) -> None:
    assert response.status_code == 404, response.content
    assert response["Content-Type"] == missing["Content-Type"]
    hidden, absent = response.json(), missing.json()
    hidden.pop("instance"), absent.pop("instance")
    assert hidden == absent


@pytest.fixture
def as_secretary_b(personas: Personas) -> Call:
    """Calls as a secretary of unit B only, who edits the directory but not unit A's secrets."""
    user = user_create(email="secretary.b@example.org", password=None)
    membership_set(actor=None, user=user, unit=personas.unit_b, role=Role.SECRETARY)
    auth = bearer(token_for(user))

    def _call(method: str, path: str, body: Any = None) -> Any:
        return send(Client(), method, path, body, auth)

    return _call


def test_the_organization_list_leaves_it_out(directory: Directory, call: Call) -> None:
    assert directory.confidential_org.pk not in ids(call("organizer_b", "GET", "/organizations"))
    assert directory.confidential_org.pk in ids(call("member_a", "GET", "/organizations"))
    assert ids(call("organizer_b", "GET", "/organizations?q=underground")) == set()


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_reaching_it_by_id_answers_like_a_missing_organization(
    directory: Directory,
    call: Call,
    method: str,
) -> None:
    body = {"notes": "found you"} if method == "PATCH" else None
    hidden = call("organizer_b", method, f"/organizations/{directory.confidential_org.pk}", body)
    missing = call("organizer_b", method, f"/organizations/{MISSING}", body)
    same_as_missing(hidden, missing)
    directory.confidential_org.refresh_from_db()
    assert directory.confidential_org.notes == ""


def test_its_relations_are_left_out_and_unreachable(directory: Directory, call: Call) -> None:
    relation = directory.confidential_relation.pk
    assert relation not in ids(call("organizer_b", "GET", "/relations"))
    assert relation not in ids(
        call("organizer_b", "GET", f"/relations?organization_id={directory.open_org.pk}")
    )
    assert relation in ids(call("member_a", "GET", "/relations"))
    same_as_missing(
        call("organizer_b", "GET", f"/relations/{relation}"),
        call("organizer_b", "GET", f"/relations/{MISSING}"),
    )
    same_as_missing(
        call("organizer_b", "GET", f"/relations?organization_id={directory.confidential_org.pk}"),
        call("organizer_b", "GET", f"/relations?organization_id={MISSING}"),
    )


def test_its_positions_are_left_out_and_unreachable(directory: Directory, call: Call) -> None:
    position = directory.confidential_position.pk
    assert position not in ids(call("organizer_b", "GET", "/positions"))
    assert position not in ids(
        call("organizer_b", "GET", f"/positions?question_id={directory.question.pk}")
    )
    assert position in ids(call("member_a", "GET", "/positions"))
    same_as_missing(
        call("organizer_b", "GET", f"/positions/{position}"),
        call("organizer_b", "GET", f"/positions/{MISSING}"),
    )
    same_as_missing(
        call("organizer_b", "GET", f"/positions?organization_id={directory.confidential_org.pk}"),
        call("organizer_b", "GET", f"/positions?organization_id={MISSING}"),
    )


def test_a_secretary_elsewhere_cannot_point_a_relation_at_it(
    directory: Directory,
    as_secretary_b: Call,
) -> None:
    before = (Relation.objects.count(), AuditEntry.objects.count())
    for body in (
        {
            "source_id": directory.open_org.pk,
            "target_id": directory.confidential_org.pk,
            "kind": "opposes",
        },
        {
            "source_id": directory.confidential_org.pk,
            "target_id": directory.open_org.pk,
            "kind": "opposes",
        },
    ):
        hidden = as_secretary_b("POST", "/relations", body)
        missing = as_secretary_b(
            "POST", "/relations", {**body, "target_id": MISSING, "source_id": directory.open_org.pk}
        )
        same_as_missing(hidden, missing)
    changed = as_secretary_b(
        "PATCH", f"/relations/{directory.relation.pk}", {"target_id": directory.confidential_org.pk}
    )
    assert changed.status_code == 404
    assert (Relation.objects.count(), AuditEntry.objects.count()) == before


def test_a_secretary_elsewhere_cannot_record_a_position_for_it(
    directory: Directory,
    as_secretary_b: Call,
) -> None:
    before = Position.objects.count()
    body = {
        "organization_id": directory.confidential_org.pk,
        "question_id": directory.question.pk,
        "stance": "supports",
        "stated_on": "2023-09-16",
    }
    hidden = as_secretary_b("POST", "/positions", body)
    missing = as_secretary_b("POST", "/positions", {**body, "organization_id": MISSING})
    same_as_missing(hidden, missing)
    assert Position.objects.count() == before


def test_a_secretary_elsewhere_cannot_file_a_confidential_organization_in_unit_a(
    personas: Personas,
    as_secretary_b: Call,
) -> None:
    body = {
        "name": "Cell",
        "short_name": "CELL",
        "country": "RU",
        "kind": "other",
        "confidential": True,
        "unit_id": personas.unit_a.pk,
    }
    response = as_secretary_b("POST", "/organizations", body)
    assert response.status_code == 403
    assert not Organization.objects.filter(short_name="CELL").exists()


def test_the_unit_secretary_sees_and_edits_it(directory: Directory, call: Call) -> None:
    path = f"/organizations/{directory.confidential_org.pk}"
    response = call("secretary", "PATCH", path, {"notes": "met in 2023"})
    assert response.status_code == 200
    assert response.json()["confidential"] is True
    assert response.json()["notes"] == "met in 2023"

"""Segments, counts, members, sites, constituencies and imports through the API."""

from typing import Any

import pytest
from django.test import Client

from massline.accounts.models import Role
from massline.accounts.services import membership_set, user_create
from massline.api.tests.conftest import (
    Call,
    bearer,
    make_import,
    persona_caller,
    send,
    token_for,
)
from massline.audit.models import AuditEntry
from massline.conftest import Personas
from massline.people.models import ImportBatch, Segment
from massline.people.services import contacts
from massline.people.tests.mass_work_world import MassWork, build_mass_work


@pytest.fixture
def mass(personas: Personas) -> MassWork:
    return build_mass_work(personas)


@pytest.fixture
def call(personas: Personas) -> Call:
    return persona_caller(personas)


def errors_of(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 422, response.content
    return response.json()["errors"]


def count(call: Call, persona: str, path: str) -> int:
    response = call(persona, "GET", path)
    assert response.status_code == 200, response.content
    return response.json()["count"]


# Segments --------------------------------------------------------------------------------


def test_an_organizer_saves_a_segment_and_counts_and_lists_its_members(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    response = call(
        "organizer_a",
        "POST",
        "/people/segments",
        {
            "unit_id": personas.unit_a.pk,
            "name": "Active workers",
            "query": "constituency:workers assessment<=2",
        },
    )
    assert response.status_code == 201, response.content
    segment = response.json()
    assert segment["unit"] == {"id": personas.unit_a.pk, "name": "Unit A"}
    assert count(call, "organizer_a", f"/people/segments/{segment['id']}/count") == 1
    members = call("organizer_a", "GET", f"/people/segments/{segment['id']}/members").json()
    assert [item["id"] for item in members["items"]] == [mass.anna.pk]
    assert members["items"][0]["emails"] == ["anna.bellucci@example.org"]


def test_a_segment_counts_only_its_own_unit_even_for_a_secretary_above_it(
    mass: MassWork,
    call: Call,
) -> None:
    # Boris of unit B is young too, but segment A is unit A's.
    assert count(call, "secretary", f"/people/segments/{mass.segment_a.pk}/count") == 1
    assert count(call, "secretary", "/people/segments/count?q=constituency:youth") == 2


def test_an_unsaved_query_is_counted_within_what_each_caller_may_see(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    path = "/people/segments/count?q=constituency:workers"
    assert count(call, "organizer_a", path) == 2
    assert count(call, "organizer_b", path) == 1
    assert count(call, "secretary", path) == 3
    assert count(call, "secretary", f"{path}&unit_id={personas.unit_b.pk}") == 1
    assert count(call, "organizer_a", "/people/segments/count") == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("constituency:pensioners", 0),
        ("NOT constituency:pensioners", 3),
        ("constituency!=pensioners", 3),
        ("tag:unheard-of OR status:member", 1),
        ("constituency:WORKERS", 3),
        ('tag:"Night Shift"', 1),
    ],
)
def test_constituencies_and_tags_are_named_regardless_of_case_and_unknown_ones_find_nobody(
    mass: MassWork,
    call: Call,
    query: str,
    expected: int,
) -> None:
    assert count(call, "secretary", f"/people/segments/count?q={query}") == expected


def test_counting_in_a_unit_where_one_does_not_organize_is_refused(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    path = f"/people/segments/count?q=constituency:workers&unit_id={personas.unit_a.pk}"
    assert call("organizer_b", "GET", path).status_code == 403


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("constituency:workers OR", "The query ends too early."),
        ("shoe_size>42", "Unknown field “shoe_size”. Known fields: constituency, tag, status"),
        (
            "last_contact>soon",
            "last_contact takes an age such as 30d, 8w, 6m, 1y or a date such as 2024-05-01.",
        ),
        ("country:Narnia", "Narnia is not an ISO 3166 country code."),
    ],
)
def test_a_count_of_a_query_that_does_not_parse_gives_the_parsers_message(
    mass: MassWork,
    call: Call,
    query: str,
    message: str,
) -> None:
    errors = errors_of(call("organizer_a", "GET", f"/people/segments/count?q={query}"))
    assert list(errors) == ["q"]
    assert errors["q"][0].startswith(message)


def test_a_segment_with_a_query_that_does_not_parse_is_not_saved(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    before = Segment.objects.count()
    errors = errors_of(
        call(
            "organizer_a",
            "POST",
            "/people/segments",
            {"unit_id": personas.unit_a.pk, "name": "Broken", "query": "(status:member"},
        )
    )
    assert errors == {"query": ["A parenthesis is not closed."]}
    errors = errors_of(
        call("organizer_a", "PATCH", f"/people/segments/{mass.segment_a.pk}", {"query": "tag:"})
    )
    assert errors == {"query": ["tag needs a value."]}
    assert Segment.objects.count() == before
    mass.segment_a.refresh_from_db()
    assert mass.segment_a.query == "constituency:youth"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "n" * 121}, "name"),
        ({"name": ""}, "name"),
        ({"query": "q" * 2001}, "query"),
        ({"name": "Young\x00workers"}, "name"),
        ({"name": "MEMBERS"}, "name"),
        ({"name": None}, "name"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_segment_changes_are_refused_on_the_field(
    personas: Personas,
    mass: MassWork,
    call: Call,
    body: dict[str, Any],
    field: str,
) -> None:
    contacts.segment_create(
        actor=personas.organizer_a, unit=personas.unit_a, name="Members", query="status:member"
    )
    path = f"/people/segments/{mass.segment_a.pk}"
    assert list(errors_of(call("organizer_a", "PATCH", path, body))) == [field]
    mass.segment_a.refresh_from_db()
    assert mass.segment_a.name == "Young workers"


def test_a_change_of_name_keeps_the_query_and_a_delete_keeps_the_contacts(
    mass: MassWork,
    call: Call,
) -> None:
    path = f"/people/segments/{mass.segment_a.pk}"
    changed = call("organizer_a", "PATCH", path, {"name": "Youth"}).json()
    assert (changed["name"], changed["query"]) == ("Youth", "constituency:youth")
    assert call("organizer_a", "DELETE", path).status_code == 204
    assert call("organizer_a", "GET", path).status_code == 404
    assert call("organizer_a", "GET", f"/people/contacts/{mass.anna.pk}").status_code == 200


def test_the_segment_list_shows_each_organizer_their_own_units(
    mass: MassWork,
    call: Call,
) -> None:
    def names(persona: str) -> list[str]:
        return [item["name"] for item in call(persona, "GET", "/people/segments").json()["items"]]

    assert names("organizer_a") == ["Young workers"]
    assert names("organizer_b") == ["Young workers B"]
    assert names("secretary") == ["Young workers", "Young workers B"]


@pytest.mark.parametrize("suffix", ["", "/count", "/members"])
def test_organizer_b_cannot_reach_a_segment_of_unit_a(
    mass: MassWork,
    call: Call,
    suffix: str,
) -> None:
    response = call("organizer_b", "GET", f"/people/segments/{mass.segment_a.pk}{suffix}")
    assert response.status_code == 404
    assert "Young" not in response.content.decode()


def test_members_page_through_the_segment_and_each_page_is_audited(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    for n in range(9):
        contacts.contact_create(
            actor=personas.organizer_a,
            unit=personas.unit_a,
            pseudonym=f"Young comrade {n}",
            constituencies=["youth"],
        )
    path = f"/people/segments/{mass.segment_a.pk}/members"
    seen: list[int] = []
    for offset in (0, 4, 8):
        page = call("organizer_a", "GET", f"{path}?limit=4&offset={offset}").json()
        assert page["count"] == 10
        seen += [item["id"] for item in page["items"]]
    assert len(seen) == len(set(seen)) == 10
    entries = AuditEntry.objects.filter(action="api.contacts.read").order_by("id")
    assert [(e.object_id, e.data["count"], e.data["offset"]) for e in entries] == [
        (str(mass.segment_a.pk), 4, 0),
        (str(mass.segment_a.pk), 4, 4),
        (str(mass.segment_a.pk), 2, 8),
    ]
    assert entries[0].data["query"] == "constituency:youth"


# Sites and constituencies ----------------------------------------------------------------


def test_sites_and_constituencies_are_there_to_file_contacts_under(
    mass: MassWork,
    call: Call,
) -> None:
    sites = call("organizer_a", "GET", "/people/sites").json()["items"]
    assert [(site["name"], site["sector"]) for site in sites] == [("Port depot", "logistics")]
    keys = [c["key"] for c in call("organizer_a", "GET", "/people/constituencies").json()["items"]]
    assert {"workers", "women", "youth", "oppressed-nationalities"} <= set(keys)


def test_built_in_constituencies_are_named_in_the_language_of_the_request(
    mass: MassWork,
    call: Call,
) -> None:
    items = call(
        "organizer_a", "GET", "/people/constituencies", headers={"Accept-Language": "it"}
    ).json()["items"]
    names = {item["key"]: item["name"] for item in items}
    assert names["workers"] != "Workers"


# Imports ---------------------------------------------------------------------------------


def test_a_secretary_follows_an_import_through_the_api(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    batch = make_import(personas)
    listed = call("secretary", "GET", "/people/imports").json()
    assert [item["id"] for item in listed["items"]] == [batch.pk]
    status = call("secretary", "GET", f"/people/imports/{batch.pk}").json()
    assert (status["status"], status["percent"], status["created_count"]) == ("done", 100, 2)
    assert status["filename"] == "members-2023.csv"
    assert status["errors"] == [{"row": 3, "column": "Email", "code": "email", "params": {}}]


def test_a_running_import_reports_its_progress(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    batch = make_import(personas)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING, total_rows=400, processed_rows=100
    )
    status = call("admin", "GET", f"/people/imports/{batch.pk}").json()
    assert (status["status"], status["percent"]) == ("running", 25)


def test_organizers_and_other_units_secretaries_see_no_import_of_unit_a(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    batch = make_import(personas)
    assert call("organizer_a", "GET", f"/people/imports/{batch.pk}").status_code == 403
    secretary_b = user_create(email="secretary.b@example.org", password=None)
    membership_set(actor=None, user=secretary_b, unit=personas.unit_b, role=Role.SECRETARY)
    auth = bearer(token_for(secretary_b))
    assert send(Client(), "GET", f"/people/imports/{batch.pk}", headers=auth).status_code == 404
    assert send(Client(), "GET", "/people/imports", headers=auth).json()["count"] == 0

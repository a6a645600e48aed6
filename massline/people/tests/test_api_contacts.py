"""Contacts through the API: what comes out, what goes in, who sees what, and the audit of
bulk reads."""

from collections.abc import Iterator
from typing import Any

import pytest

from massline.api.tests.conftest import Call, persona_caller
from massline.audit.models import AuditEntry
from massline.conftest import Personas
from massline.people.models import Contact, ContactIdentifier, Tag
from massline.people.services import contacts
from massline.people.tests.mass_work_world import ANNA, MassWork, build_mass_work

MISSING = 987654


@pytest.fixture
def mass(personas: Personas) -> MassWork:
    return build_mass_work(personas)


@pytest.fixture
def call(personas: Personas) -> Call:
    return persona_caller(personas)


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def errors_of(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 422, response.content
    problem = response.json()
    assert problem["type"] == "urn:massline:problem:validation"
    return problem["errors"]


def same_as_missing(response: Any, missing: Any) -> None:
    assert response.status_code == 404, response.content
    hidden, absent = response.json(), missing.json()
    hidden.pop("instance"), absent.pop("instance")
    assert hidden == absent


@pytest.fixture
def nothing_written(mass: MassWork) -> Iterator[None]:
    """The test's requests leave contacts, their identifiers, tags and the audit log as they
    were (tokens made to call the API are audited; they do not count)."""

    def counts() -> tuple[int, ...]:
        return (
            Contact.objects.count(),
            ContactIdentifier.objects.count(),
            Tag.objects.count(),
            AuditEntry.objects.exclude(action__startswith="api_token.").count(),
        )

    before = counts()
    yield
    assert counts() == before


LUCIA = {
    "given_name": "Lucia",
    "family_name": "Conti",
    "emails": ["Lucia.Conti@Example.org"],
    "phones": ["+39 333 555 0303"],
    "constituencies": ["women", "workers"],
    "tags": ["canteen"],
    "languages": ["it", "en"],
    "city": "Genova",
    "country": "IT",
    "status": "supporter",
    "consent_email": True,
    "address": "Via del Campo 29",
    "notes": "Met at the canteen.",
}


# Reading ---------------------------------------------------------------------------------


def test_a_contact_comes_out_decrypted_with_everything_the_organizer_may_see(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    response = call("organizer_a", "GET", f"/people/contacts/{mass.anna.pk}")
    assert response.status_code == 200
    anna = response.json()
    assert anna["given_name"] == "Anna"
    assert anna["display_name"] == "Anna Bellucci"
    assert anna["emails"] == ["anna.bellucci@example.org"]
    assert anna["phones"] == ["+393475550101"]
    assert anna["address"] == ANNA["address"]
    assert anna["unit"] == {"id": personas.unit_a.pk, "name": "Unit A"}
    assert anna["site"] == {"id": mass.site_a.pk, "name": "Port depot"}
    assert sorted(anna["constituencies"]) == ["workers", "youth"]
    assert anna["tags"] == ["night shift"]
    assert anna["assessment"] == 2
    assert anna["last_interaction_at"] is not None


def test_the_list_leaves_out_addresses_and_notes(mass: MassWork, call: Call) -> None:
    items = call("organizer_a", "GET", "/people/contacts").json()["items"]
    assert {item["display_name"] for item in items} == {"Anna Bellucci", "Marco Ferri"}
    assert not {"address", "notes"} & set(items[0])
    assert "anna.bellucci@example.org" in [email for item in items for email in item["emails"]]


def test_the_list_filters_by_segment_query_and_finds_by_email_or_phone(
    mass: MassWork,
    call: Call,
) -> None:
    def found(query: str, persona: str = "secretary") -> set[int]:
        return set(ids(call(persona, "GET", f"/people/contacts?{query}")))

    assert found("q=constituency:workers") == {mass.anna.pk, mass.marco.pk, mass.boris.pk}
    assert found("q=constituency:workers status:member") == {mass.marco.pk}
    assert found("q=assessment<=2 last_contact>30d") == {mass.anna.pk}
    assert found("email=ANNA.Bellucci@example.org") == {mass.anna.pk}
    assert found("phone=%2B39 347 555 0101") == {mass.anna.pk}
    assert found("phone=%2B7 916 555 0202&q=constituency:youth") == {mass.boris.pk}
    assert found("email=nobody@example.org") == set()


def test_the_list_is_newest_first_and_pages_without_overlap(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    for n in range(12):
        contacts.contact_create(
            actor=personas.organizer_a, unit=personas.unit_a, pseudonym=f"Comrade {n:02d}"
        )
    first = call("organizer_a", "GET", "/people/contacts?limit=5").json()
    assert first["count"] == 14
    assert [item["pseudonym"] for item in first["items"][:2]] == ["Comrade 11", "Comrade 10"]
    seen: list[int] = []
    for offset in range(0, 14, 5):
        seen += ids(call("organizer_a", "GET", f"/people/contacts?limit=5&offset={offset}"))
    assert len(seen) == len(set(seen)) == 14


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("offset=-1", "offset"),
        ("q=" + "x" * 2001, "q"),
        ("email=a%00b@example.org", "email"),
    ],
)
def test_bad_list_parameters_are_refused_on_the_parameter(
    mass: MassWork,
    call: Call,
    query: str,
    field: str,
) -> None:
    assert list(errors_of(call("organizer_a", "GET", f"/people/contacts?{query}"))) == [field]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("colour:red", "Unknown field “colour”."),
        ("constituency:workers AND", "The query ends too early."),
        ("(status:member", "A parenthesis is not closed."),
        ("assessment<=9", "assessment takes a number from 1 to 5."),
    ],
)
def test_a_query_that_does_not_parse_is_refused_with_the_parsers_message(
    mass: MassWork,
    call: Call,
    query: str,
    message: str,
) -> None:
    errors = errors_of(call("organizer_a", "GET", f"/people/contacts?q={query}"))
    assert list(errors) == ["q"]
    assert errors["q"][0].startswith(message)


def test_a_page_of_contacts_is_audited_as_a_bulk_read_without_the_looked_up_values(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    call("secretary", "GET", "/people/contacts?q=constituency:workers&email=x@example.org")
    call("secretary", "GET", "/people/contacts?limit=2&offset=1")
    entries = list(AuditEntry.objects.filter(action="api.contacts.read").order_by("id"))
    assert [entry.actor_id for entry in entries] == [personas.secretary.pk] * 2
    assert entries[0].data == {
        "count": 0,
        "total": 0,
        "offset": 0,
        "query": "constituency:workers",
        "lookups": ["email"],
    }
    assert entries[1].data == {"count": 2, "total": 3, "offset": 1, "query": "", "lookups": []}
    assert "x@example.org" not in str([entry.data for entry in entries])


def test_a_page_of_200_contacts_costs_a_fixed_number_of_queries(
    personas: Personas,
    mass: MassWork,
    call: Call,
    django_assert_max_num_queries,
) -> None:
    for n in range(30):
        contacts.contact_create(
            actor=personas.organizer_a,
            unit=personas.unit_a,
            pseudonym=f"Comrade {n:02d}",
            site=mass.site_a,
            constituencies=["workers"],
            tags=[f"t{n % 3}"],
        )
    call("organizer_a", "GET", "/people/contacts?limit=1")  # the token exists before counting
    # Token and roles (3), count, page, constituencies, tags (4), the audit entry (6).
    with django_assert_max_num_queries(13):
        response = call("organizer_a", "GET", "/people/contacts?limit=200")
    assert len(response.json()["items"]) == 32


# Unit B's organizer ----------------------------------------------------------------------


def test_organizer_b_finds_no_contact_of_unit_a_in_lists_or_look_ups(
    mass: MassWork,
    call: Call,
) -> None:
    assert ids(call("organizer_b", "GET", "/people/contacts")) == [mass.boris.pk]
    assert ids(call("organizer_b", "GET", "/people/contacts?q=constituency:workers")) == [
        mass.boris.pk
    ]
    assert ids(call("organizer_b", "GET", "/people/contacts?email=anna.bellucci@example.org")) == []
    assert ids(call("organizer_b", "GET", "/people/contacts?phone=%2B393475550101")) == []
    assert call("organizer_b", "GET", "/people/contacts").json()["count"] == 1


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("GET", "", None),
        ("PATCH", "", {"notes": "found you"}),
        ("DELETE", "", None),
        ("GET", "/interactions", None),
        ("POST", "/interactions", {"kind": "call"}),
        ("GET", "/follow-ups", None),
        ("POST", "/follow-ups", {"due_on": "2099-01-01", "task": "Find her"}),
        ("GET", "/assessments", None),
        ("POST", "/assessments", {"level": 5}),
    ],
)
def test_organizer_b_reaching_a_contact_of_unit_a_gets_what_a_missing_one_gives(
    mass: MassWork,
    call: Call,
    nothing_written: None,
    method: str,
    suffix: str,
    body: Any,
) -> None:
    hidden = call("organizer_b", method, f"/people/contacts/{mass.anna.pk}{suffix}", body)
    missing = call("organizer_b", method, f"/people/contacts/{MISSING}{suffix}", body)
    same_as_missing(hidden, missing)
    mass.anna.refresh_from_db()
    assert mass.anna.notes == ""


def test_members_and_guests_see_no_contact_at_all(mass: MassWork, call: Call) -> None:
    for persona in ("member_a", "guest"):
        response = call(persona, "GET", f"/people/contacts/{mass.anna.pk}")
        assert response.status_code == 403
        assert "anna" not in response.content.decode().lower()


# Writing ---------------------------------------------------------------------------------


def test_an_organizer_adds_a_contact_with_normalized_emails_and_phones(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    body = {"unit_id": personas.unit_a.pk, "site_id": mass.site_a.pk, **LUCIA}
    response = call("organizer_a", "POST", "/people/contacts", body)
    assert response.status_code == 201, response.content
    lucia = response.json()
    assert lucia["emails"] == ["lucia.conti@example.org"]
    assert lucia["phones"] == ["+393335550303"]
    assert lucia["site"]["id"] == mass.site_a.pk
    assert sorted(lucia["constituencies"]) == ["women", "workers"]
    assert lucia["languages"] == ["it", "en"]
    assert lucia["notes"] == "Met at the canteen."
    # The exact look-up works at once, through the blind index.
    assert ids(call("organizer_a", "GET", "/people/contacts?email=lucia.conti@example.org")) == [
        lucia["id"]
    ]
    entry = AuditEntry.objects.filter(action="contact.create").latest("id")
    assert entry.object_id == str(lucia["id"])


def test_a_change_touches_only_the_fields_sent_and_lists_replace_the_old_ones(
    mass: MassWork,
    call: Call,
) -> None:
    path = f"/people/contacts/{mass.anna.pk}"
    response = call(
        "organizer_a",
        "PATCH",
        path,
        {"emails": ["anna@example.org"], "tags": ["canteen", "union rep"], "status": "candidate"},
    )
    assert response.status_code == 200, response.content
    anna = response.json()
    assert anna["emails"] == ["anna@example.org"]
    assert sorted(anna["tags"]) == ["canteen", "union rep"]
    assert (anna["status"], anna["phones"], anna["city"]) == (
        "candidate",
        ["+393475550101"],
        "Genova",
    )
    assert ids(call("organizer_a", "GET", "/people/contacts?email=anna@example.org")) == [
        mass.anna.pk
    ]
    assert ids(call("organizer_a", "GET", "/people/contacts?email=anna.bellucci@example.org")) == []


def test_a_site_can_be_cleared_with_null_but_a_name_cannot_be_sent_as_null(
    mass: MassWork,
    call: Call,
) -> None:
    path = f"/people/contacts/{mass.anna.pk}"
    assert call("organizer_a", "PATCH", path, {"site_id": None}).json()["site"] is None
    assert list(errors_of(call("organizer_a", "PATCH", path, {"given_name": None}))) == [
        "given_name"
    ]


def test_deleting_a_contact_removes_it_and_is_audited(mass: MassWork, call: Call) -> None:
    path = f"/people/contacts/{mass.marco.pk}"
    assert call("organizer_a", "DELETE", path).status_code == 204
    assert call("organizer_a", "GET", path).status_code == 404
    assert AuditEntry.objects.filter(action="contact.delete", object_id=str(mass.marco.pk)).exists()


def test_moving_a_contact_to_a_unit_where_one_does_not_organize_is_refused(
    personas: Personas,
    mass: MassWork,
    call: Call,
    nothing_written: None,
) -> None:
    path = f"/people/contacts/{mass.anna.pk}"
    response = call("organizer_a", "PATCH", path, {"unit_id": personas.unit_b.pk})
    assert response.status_code == 403
    mass.anna.refresh_from_db()
    assert mass.anna.unit_id == personas.unit_a.pk


def test_a_contact_cannot_be_filed_in_another_units_site(
    personas: Personas,
    mass: MassWork,
    call: Call,
    nothing_written: None,
) -> None:
    body = {"unit_id": personas.unit_a.pk, "pseudonym": "Mole", "site_id": mass.site_b.pk}
    assert call("organizer_a", "POST", "/people/contacts", body).status_code == 404


# Validation ------------------------------------------------------------------------------


def _create(call: Call, personas: Personas, **fields: Any) -> Any:
    body = {"unit_id": personas.unit_a.pk, "given_name": "Lucia", **fields}
    return call("organizer_a", "POST", "/people/contacts", body)


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"emails": ["lucia@"]}, {"emails": ["“lucia@” is not an email address."]}),
        (
            {"phones": ["call me maybe"]},
            {
                "phones": [
                    "“call me maybe” is not a phone number (give it with the country code, "
                    "e.g. +7…)."
                ]
            },
        ),
        ({"country": "XX"}, {"country": ["XX is not an ISO 3166 country code."]}),
        (
            {"constituencies": ["pensioners"]},
            {"constituencies": ["Unknown constituency: pensioners"]},
        ),
        (
            {"languages": ["italian"]},
            {"languages.0": ["Ensure this value has at most 3 characters."]},
        ),
        (
            {"status": "leader"},
            {
                "status": [
                    "Choose one of: 'contact', 'sympathizer', 'supporter', 'candidate' or 'member'."
                ]
            },
        ),
        (
            {"given_name": "x" * 201},
            {"given_name": ["Ensure this value has at most 200 characters."]},
        ),
        ({"notes": "x" * 20001}, {"notes": ["Ensure this value has at most 20000 characters."]}),
        (
            {"emails": ["a" * 250 + "@example.org"]},
            {"emails.0": ["Ensure this value has at most 254 characters."]},
        ),
        (
            {"tags": [f"t{n}" for n in range(31)]},
            {"tags": ["Ensure this list has at most 30 items."]},
        ),
        ({"given_name": "Lu\x00cia"}, {"given_name": ["Text may not contain NUL characters."]}),
        ({"given_name": "", "email": "typo@example.org"}, {"email": ["This field is not known."]}),
        (
            {"given_name": ""},
            {"__all__": ["Give at least a name, a pseudonym, an email or a phone."]},
        ),
    ],
)
def test_bad_contact_input_is_refused_on_the_field_and_nothing_is_written(
    personas: Personas,
    call: Call,
    nothing_written: None,
    fields: dict[str, Any],
    errors: dict[str, list[str]],
) -> None:
    assert errors_of(_create(call, personas, **fields)) == errors


def test_a_local_phone_number_is_read_in_the_contacts_country(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    response = _create(call, personas, phones=["347 555 0199"], country="IT")
    assert response.status_code == 201, response.content
    assert response.json()["phones"] == ["+393475550199"]

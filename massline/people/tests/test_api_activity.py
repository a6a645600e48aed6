"""The daily work with a contact through the API: interactions, assessments, follow-ups."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from massline.api.tests.conftest import Call, persona_caller
from massline.conftest import Personas
from massline.people.models import Assessment, FollowUp, Interaction
from massline.people.services import activity
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


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def counts() -> tuple[int, int, int]:
    return (Interaction.objects.count(), Assessment.objects.count(), FollowUp.objects.count())


# Interactions ----------------------------------------------------------------------------


def test_logging_a_conversation_can_reassess_and_schedule_the_next_step_at_once(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    occurred = (timezone.now() - timedelta(hours=2)).replace(microsecond=0)
    response = call(
        "organizer_a",
        "POST",
        f"/people/contacts/{mass.anna.pk}/interactions",
        {
            "kind": "visit",
            "occurred_at": occurred.isoformat(),
            "place": "Canteen",
            "outcome": "positive",
            "notes": "Agreed to speak at the assembly.",
            "assessment": 1,
            "next_step": {
                "due_on": in_days(2),
                "task": "Draft the speech together",
                "assigned_to_id": personas.secretary.pk,
            },
        },
    )
    assert response.status_code == 201, response.content
    logged = response.json()
    assert (logged["kind"], logged["place"], logged["notes"]) == (
        "visit",
        "Canteen",
        "Agreed to speak at the assembly.",
    )
    assert logged["by"] == {"id": personas.organizer_a.pk, "display_name": "organizer.a"}
    contact = call("organizer_a", "GET", f"/people/contacts/{mass.anna.pk}").json()
    assert contact["assessment"] == 1
    assert contact["last_interaction_at"].startswith(occurred.date().isoformat())
    follow_up = FollowUp.objects.filter(contact=mass.anna).latest("id")
    assert (follow_up.task, follow_up.assigned_to) == (
        "Draft the speech together",
        personas.secretary,
    )


def test_a_contacts_interactions_are_listed_newest_first_page_by_page(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    for days in range(1, 8):
        activity.interaction_log(
            actor=personas.organizer_a,
            contact=mass.anna,
            kind="call",
            occurred_at=timezone.now() - timedelta(days=days),
        )
    path = f"/people/contacts/{mass.anna.pk}/interactions"
    whole = call("organizer_a", "GET", path).json()
    assert whole["count"] == 8
    moments = [item["occurred_at"] for item in whole["items"]]
    assert moments == sorted(moments, reverse=True)
    page = call("organizer_a", "GET", f"{path}?limit=3&offset=6").json()
    assert [item["id"] for item in page["items"]] == [item["id"] for item in whole["items"][6:]]


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"kind": "call", "occurred_at": "2999-01-01T10:00:00+00:00"},
            {"occurred_at": ["Enter a moment between the years 1900 and 2200."]},
        ),
        (
            {"kind": "call", "occurred_at": "2030-01-01T10:00:00+00:00"},
            {"occurred_at": ["This lies in the future."]},
        ),
        (
            {"kind": "call", "occurred_at": "2024-05-01T10:00:00"},
            {
                "occurred_at": [
                    "Enter a date and time with its UTC offset, e.g. 2024-05-01T18:30:00+02:00."
                ]
            },
        ),
        (
            {"kind": "séance"},
            {
                "kind": [
                    "Choose one of: 'conversation', 'visit', 'call', 'leaflet', "
                    "'meeting' or 'message'."
                ]
            },
        ),
        (
            {"kind": "call", "assessment": 6},
            {"assessment": ["Ensure this value is less than or equal to 5."]},
        ),
        (
            {"kind": "call", "notes": "x" * 20001},
            {"notes": ["Ensure this value has at most 20000 characters."]},
        ),
        (
            {"kind": "call", "next_step": {"due_on": "2001-01-01", "task": "Too late"}},
            {"next_step.due_on": ["The due date lies in the past."]},
        ),
        (
            {"kind": "call", "next_step": {"due_on": "tomorrow", "task": "Call"}},
            {"next_step.due_on": ["Enter a valid date (YYYY-MM-DD)."]},
        ),
        (
            {"kind": "call", "next_step": {"due_on": "2099-01-01", "task": ""}},
            {"next_step.task": ["This field may not be empty."]},
        ),
    ],
)
def test_bad_interactions_are_refused_on_the_field_and_nothing_is_written(
    mass: MassWork,
    call: Call,
    body: dict[str, Any],
    errors: dict[str, list[str]],
) -> None:
    before = counts()
    path = f"/people/contacts/{mass.anna.pk}/interactions"
    assert errors_of(call("organizer_a", "POST", path, body)) == errors
    assert counts() == before


def test_the_next_step_goes_only_to_an_organizer_of_the_contacts_unit(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    before = counts()
    body = {
        "kind": "call",
        "next_step": {
            "due_on": in_days(1),
            "task": "Call back",
            "assigned_to_id": personas.organizer_b.pk,
        },
    }
    errors = errors_of(
        call("organizer_a", "POST", f"/people/contacts/{mass.anna.pk}/interactions", body)
    )
    assert errors == {
        "next_step.assigned_to_id": ["Assign the follow-up to an organizer of the contact's unit."]
    }
    assert counts() == before


# Assessments -----------------------------------------------------------------------------


def test_an_assessment_changes_the_contacts_level_and_joins_the_history(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    path = f"/people/contacts/{mass.anna.pk}/assessments"
    response = call("organizer_a", "POST", path, {"level": 4, "note": "Cooled off"})
    assert response.status_code == 201, response.content
    assert response.json()["level"] == 4
    history = call("organizer_a", "GET", path).json()
    assert [item["level"] for item in history["items"]] == [4, 2]
    assert history["items"][0]["note"] == "Cooled off"
    mass.anna.refresh_from_db()
    assert mass.anna.assessment == 4


def test_an_older_assessment_does_not_replace_the_current_level(
    mass: MassWork,
    call: Call,
) -> None:
    path = f"/people/contacts/{mass.anna.pk}/assessments"
    moment = (timezone.now() - timedelta(days=400)).isoformat()
    assert call("organizer_a", "POST", path, {"level": 5, "assessed_at": moment}).status_code == 201
    mass.anna.refresh_from_db()
    assert mass.anna.assessment == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"level": 0}, "level"),
        ({"level": "high"}, "level"),
        ({}, "level"),
        ({"level": 3, "note": "x" * 2001}, "note"),
        ({"level": 3, "assessed_at": "yesterday"}, "assessed_at"),
    ],
)
def test_bad_assessments_are_refused(
    mass: MassWork,
    call: Call,
    body: dict[str, Any],
    field: str,
) -> None:
    before = counts()
    path = f"/people/contacts/{mass.anna.pk}/assessments"
    assert list(errors_of(call("organizer_a", "POST", path, body))) == [field]
    assert counts() == before


# Follow-ups ------------------------------------------------------------------------------


def test_my_follow_ups_are_mine_only_and_open_ones_unless_asked(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    mine = call("organizer_a", "GET", "/people/follow-ups").json()
    assert [item["id"] for item in mine["items"]] == [mass.follow_up_a.pk]
    assert mine["items"][0]["contact"] == {"id": mass.anna.pk, "display_name": "Anna Bellucci"}
    assert mine["items"][0]["is_overdue"] is False
    assert call("organizer_b", "GET", "/people/follow-ups").json()["count"] == 0
    assert call("secretary", "GET", "/people/follow-ups").json()["count"] == 0

    done = call("organizer_a", "POST", f"/people/follow-ups/{mass.follow_up_a.pk}/done")
    assert done.status_code == 200
    assert done.json()["done_at"] is not None
    assert call("organizer_a", "GET", "/people/follow-ups").json()["count"] == 0
    assert call("organizer_a", "GET", "/people/follow-ups?include_done=true").json()["count"] == 1


def test_marking_a_follow_up_done_twice_keeps_the_first_time(
    mass: MassWork,
    call: Call,
) -> None:
    path = f"/people/follow-ups/{mass.follow_up_a.pk}/done"
    first = call("organizer_a", "POST", path).json()["done_at"]
    assert call("secretary", "POST", path).json()["done_at"] == first


def test_organizer_b_cannot_close_a_follow_up_of_unit_a(mass: MassWork, call: Call) -> None:
    response = call("organizer_b", "POST", f"/people/follow-ups/{mass.follow_up_a.pk}/done")
    assert response.status_code == 404
    mass.follow_up_a.refresh_from_db()
    assert mass.follow_up_a.done_at is None


def test_a_follow_up_is_mine_unless_assigned_and_listed_with_the_contact(
    personas: Personas,
    mass: MassWork,
    call: Call,
) -> None:
    path = f"/people/contacts/{mass.anna.pk}/follow-ups"
    response = call("secretary", "POST", path, {"due_on": in_days(5), "task": "Invite her"})
    assert response.status_code == 201, response.content
    assert response.json()["assigned_to"]["id"] == personas.secretary.pk
    listed = call("organizer_a", "GET", path).json()
    assert [item["task"] for item in listed["items"]] == ["Bring the leaflet", "Invite her"]


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"due_on": "2001-01-01", "task": "Late"}, {"due_on": ["The due date lies in the past."]}),
        ({"due_on": "2099-01-01", "task": "  "}, {"task": ["Say what is to be done."]}),
        (
            {"due_on": "2099-01-01", "task": "x" * 2001},
            {"task": ["Ensure this value has at most 2000 characters."]},
        ),
        (
            {"due_on": "2099-01-01", "task": "Call", "assigned_to_id": 987654},
            {"assigned_to_id": ["Assign the follow-up to an organizer of the contact's unit."]},
        ),
    ],
)
def test_bad_follow_ups_are_refused_on_the_field(
    mass: MassWork,
    call: Call,
    body: dict[str, Any],
    errors: dict[str, list[str]],
) -> None:
    before = counts()
    path = f"/people/contacts/{mass.anna.pk}/follow-ups"
    assert errors_of(call("organizer_a", "POST", path, body)) == errors
    assert counts() == before

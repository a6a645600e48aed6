"""Writing contacts and the work with them through the services: what is refused, with which
message, and that a refusal writes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from massline.audit.models import AuditEntry
from massline.people import selectors
from massline.people.models import Assessment, Contact, FollowUp, Interaction
from massline.people.services import activity, contacts


@pytest.fixture
def builtin(db):
    contacts.ensure_builtin_constituencies()


def create(personas, **fields):
    fields.setdefault("given_name", "Anna")
    return contacts.contact_create(actor=personas.organizer_a, unit=personas.unit_a, **fields)


def refused(personas, message: str, field: str | None = None, **fields) -> ValidationError:
    before = (Contact.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as caught:
        create(personas, **fields)
    assert message in " ".join(caught.value.messages)
    if field is not None:
        assert field in caught.value.message_dict
    assert (Contact.objects.count(), AuditEntry.objects.count()) == before
    return caught.value


def test_a_contact_is_created_with_its_identifiers_constituencies_and_tags(personas, builtin):
    contact = create(
        personas,
        family_name="Bellucci",
        emails=["Anna@Example.org"],
        phones=["+39 347 555 0101"],
        constituencies=["workers", "youth"],
        tags=["night shift", "Night shift"],
        languages=["IT", "en"],
        country="IT",
    )
    assert contact.emails == "anna@example.org"
    assert contact.phones == "+393475550101"
    assert sorted(c.key for c in contact.constituencies.all()) == ["workers", "youth"]
    assert [t.name for t in contact.tags.all()] == ["night shift"]
    assert contact.languages == ["it", "en"]
    assert AuditEntry.objects.filter(action="contact.create", object_id=str(contact.pk)).exists()


def test_an_exact_email_or_phone_finds_the_contact_in_any_spelling(personas, builtin):
    contact = create(personas, emails=["anna@example.org"], phones=["+39 347 555 0101"])
    user = personas.organizer_a
    assert list(selectors.contact_list(user=user, email=" ANNA@example.ORG ")) == [contact]
    assert list(selectors.contact_list(user=user, phone="+39 347-555-0101")) == [contact]
    assert not selectors.contact_list(user=user, email="anna@example.com").exists()


def test_changing_the_emails_replaces_the_lookup_entries(personas, builtin):
    contact = create(personas, emails=["old@example.org"])
    contacts.contact_update(actor=personas.organizer_a, contact=contact, emails=["new@example.org"])
    user = personas.organizer_a
    assert not selectors.contact_list(user=user, email="old@example.org").exists()
    assert selectors.contact_list(user=user, email="new@example.org").exists()


@pytest.mark.parametrize(
    ("emails", "shown"),
    [
        (["not-an-email"], "“not-an-email” is not an email address."),
        (["anna@localhost"], "“anna@localhost” is not an email address."),
        (["ok@example.org", "two@@example.org"], "“two@@example.org” is not an email address."),
        ([f"{'a' * 250}@example.org"], "is not an email address."),
    ],
)
def test_a_bad_email_is_refused_by_name(personas, builtin, emails, shown):
    refused(personas, shown, "emails", emails=emails)


@pytest.mark.parametrize("phone", ["12", "call me", "+7 916", "+999 123 456 789"])
def test_a_bad_phone_is_refused_by_name(personas, builtin, phone):
    refused(personas, f"“{phone}” is not a phone number", "phones", phones=[phone])


@pytest.mark.parametrize("country", ["XX", "it", "ITA", "Italy"])
def test_a_country_must_be_an_iso_code(personas, builtin, country):
    refused(personas, "is not an ISO 3166 country code", "country", country=country)


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("given_name", 200),
        ("family_name", 200),
        ("called_name", 200),
        ("pseudonym", 200),
        ("address", 1000),
        ("notes", 20000),
        ("city", 120),
        ("union", 120),
        ("source", 120),
    ],
)
def test_an_oversized_field_is_refused(personas, builtin, field, limit):
    refused(personas, f"At most {limit} characters.", field, **{field: "x" * (limit + 1)})


def test_a_contact_needs_a_name_a_pseudonym_an_email_or_a_phone(personas, builtin):
    refused(personas, "Give at least a name, a pseudonym, an email or a phone.", given_name="")
    assert create(personas, given_name="", pseudonym="Spark").display_name == "Spark"


def test_languages_unknown_constituencies_and_long_tags_are_refused(personas, builtin):
    refused(personas, "Give languages as ISO codes", "languages", languages=["russian"])
    refused(personas, "Unknown constituency: farmers", "constituencies", constituencies=["farmers"])
    refused(personas, "A tag may have at most 60 characters.", "tags", tags=["t" * 61])


def test_a_site_of_another_unit_is_refused(personas, builtin):
    site_b = contacts.site_create(
        actor=personas.organizer_b, unit=personas.unit_b, name="Samara plant", kind="workplace"
    )
    refused(personas, "Choose a site of your own units.", "site", site=site_b)


def test_an_organizer_of_unit_b_may_not_write_in_unit_a(personas, builtin):
    with pytest.raises(PermissionDenied):
        contacts.contact_create(actor=personas.organizer_b, unit=personas.unit_a, given_name="Anna")
    contact = create(personas)
    with pytest.raises(PermissionDenied):
        contacts.contact_update(actor=personas.organizer_b, contact=contact, city="Samara")
    with pytest.raises(PermissionDenied):
        contacts.contact_delete(actor=personas.organizer_b, contact=contact)
    with pytest.raises(PermissionDenied):
        contacts.contact_update(actor=personas.organizer_a, contact=contact, unit=personas.unit_b)


def test_members_and_guests_may_not_create_contacts(personas, builtin):
    for user in (personas.member_a, personas.guest):
        with pytest.raises(PermissionDenied):
            contacts.contact_create(actor=user, unit=personas.unit_a, given_name="Anna")


def test_a_conversation_logs_the_assessment_and_the_next_step_in_one_go(personas, builtin):
    contact = create(personas)
    due = timezone.localdate() + timedelta(days=3)
    activity.interaction_log(
        actor=personas.organizer_a,
        contact=contact,
        kind="conversation",
        outcome="positive",
        notes="Talked about the rota.",
        assessment=2,
        next_step=activity.NextStep(
            due_on=due, task="Bring the leaflet", assigned_to=personas.organizer_a
        ),
    )
    contact.refresh_from_db()
    assert contact.assessment == 2
    assert contact.last_interaction_at is not None
    assert Interaction.objects.get(contact=contact).notes == "Talked about the rota."
    assert Assessment.objects.get(contact=contact).level == 2
    follow_up = FollowUp.objects.get(contact=contact)
    assert (follow_up.due_on, follow_up.task) == (due, "Bring the leaflet")
    assert list(selectors.my_follow_ups(user=personas.organizer_a)) == [follow_up]


def _nothing_logged(contact: Contact) -> bool:
    return not (
        Interaction.objects.filter(contact=contact).exists()
        or Assessment.objects.filter(contact=contact).exists()
        or FollowUp.objects.filter(contact=contact).exists()
    )


def test_a_next_step_due_in_the_past_writes_nothing_at_all(personas, builtin):
    contact = create(personas)
    past = timezone.localdate() - timedelta(days=10)
    with pytest.raises(ValidationError) as caught:
        activity.interaction_log(
            actor=personas.organizer_a,
            contact=contact,
            kind="conversation",
            assessment=2,
            next_step=activity.NextStep(
                due_on=past, task="Call back", assigned_to=personas.organizer_a
            ),
        )
    assert caught.value.message_dict["due_on"] == ["The due date lies in the past."]
    assert _nothing_logged(contact)
    contact.refresh_from_db()
    assert (contact.assessment, contact.last_interaction_at) == (None, None)


def test_a_conversation_in_the_future_is_refused(personas, builtin):
    contact = create(personas)
    with pytest.raises(ValidationError) as caught:
        activity.interaction_log(
            actor=personas.organizer_a,
            contact=contact,
            kind="call",
            occurred_at=timezone.now() + timedelta(days=1),
        )
    assert caught.value.message_dict["occurred_at"] == ["This lies in the future."]
    assert _nothing_logged(contact)


def test_an_assessment_outside_the_ladder_is_refused(personas, builtin):
    contact = create(personas)
    with pytest.raises(ValidationError) as caught:
        activity.assessment_set(actor=personas.organizer_a, contact=contact, level=6)
    assert "from 1 (leader) to 5 (opposed)" in caught.value.messages[0]
    assert _nothing_logged(contact)


def test_a_follow_up_goes_to_an_organizer_of_the_contacts_unit(personas, builtin):
    contact = create(personas)
    for assignee in (personas.member_a, personas.organizer_b):
        with pytest.raises(ValidationError) as caught:
            activity.follow_up_create(
                actor=personas.organizer_a,
                contact=contact,
                due_on=timezone.localdate(),
                task="Call",
                assigned_to=assignee,
            )
        assert "assigned_to" in caught.value.message_dict
    assert not FollowUp.objects.exists()


def test_a_follow_up_needs_a_task_of_reasonable_length(personas, builtin):
    contact = create(personas)
    for task, message in (
        ("  ", "Say what is to be done."),
        ("x" * 2001, "At most 2000 characters."),
    ):
        with pytest.raises(ValidationError) as caught:
            activity.follow_up_create(
                actor=personas.organizer_a,
                contact=contact,
                due_on=timezone.localdate(),
                task=task,
                assigned_to=personas.organizer_a,
            )
        assert caught.value.message_dict["task"] == [message]


def test_a_segment_with_a_bad_query_is_not_saved(personas, builtin):
    with pytest.raises(ValidationError) as caught:
        contacts.segment_create(
            actor=personas.organizer_a, unit=personas.unit_a, name="Broken", query="status:boss"
        )
    assert "status takes one of" in caught.value.message_dict["query"][0]
    segment = contacts.segment_create(
        actor=personas.organizer_a, unit=personas.unit_a, name="Members", query="status:member"
    )
    with pytest.raises(ValidationError) as caught:
        contacts.segment_create(
            actor=personas.organizer_a, unit=personas.unit_a, name="members", query="status:member"
        )
    assert "name" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        contacts.segment_update(actor=personas.organizer_b, segment=segment, name="Mine", query="")


def test_a_contact_joins_a_struggle_only_within_the_organizers_units(personas, builtin):
    contact = create(personas)
    strike = contacts.struggle_save(
        actor=personas.organizer_a, unit=personas.unit_a, title="Port strike", kind="strike"
    )
    contacts.struggle_contact_add(actor=personas.organizer_a, struggle=strike, contact=contact)
    assert list(strike.contacts.all()) == [contact]
    with pytest.raises(PermissionDenied):
        contacts.struggle_contact_add(actor=personas.organizer_b, struggle=strike, contact=contact)

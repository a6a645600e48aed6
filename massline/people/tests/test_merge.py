"""Merging two contacts into one, keeping pairs apart, and the merge history."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from massline.audit.models import AuditEntry
from massline.people.models import (
    Contact,
    ContactIdentifier,
    DuplicateCandidate,
    FollowUp,
    Interaction,
    MergeRecord,
)
from massline.people.selectors_dedupe import merge_history, merge_snapshot
from massline.people.services.activity import (
    assessment_set,
    follow_up_create,
    interaction_log,
)
from massline.people.services.contacts import (
    contact_create,
    email_index,
    ensure_builtin_constituencies,
    site_create,
    struggle_save,
)
from massline.people.services.merge import (
    HANDLED_RELATIONS,
    contact_merge,
    default_choices,
    duplicate_keep_apart,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(personas):
    ensure_builtin_constituencies()
    keep = contact_create(
        actor=personas.admin,
        unit=personas.unit_a,
        given_name="Ivan",
        family_name="Petrov",
        emails=["ivan@example.org"],
        phones=["+79161234567"],
        city="Moscow",
        country="RU",
        notes="Met at the depot.",
        constituencies=["workers"],
        tags=["depot"],
        consent_email=True,
        consent_phone=True,
        status="sympathizer",
    )
    other = contact_create(
        actor=personas.admin,
        unit=personas.unit_a,
        given_name="Иван",
        family_name="Петров",
        emails=["petrov@example.net"],
        phones=["+79161234567"],
        city="Москва",
        notes="Signed the petition.",
        constituencies=["youth"],
        tags=["petition"],
        consent_email=False,
        consent_phone=True,
        status="member",
        address="Lenina 1",
    )
    return keep, other


def reload(contact):
    return Contact.objects.get(pk=contact.pk)


def test_a_merge_joins_lists_keeps_chosen_fields_and_removes_the_other(personas, pair):
    keep, other = pair
    merged = contact_merge(
        actor=personas.secretary,
        keep=keep,
        other=other,
        choices={
            "given_name": "other",
            "family_name": "other",
            "city": "keep",
            "notes": "both",
            "emails": "both",
            "phones": "both",
        },
    )
    merged = reload(merged)
    assert (merged.given_name, merged.family_name, merged.city) == ("Иван", "Петров", "Moscow")
    assert merged.email_list == ["ivan@example.org", "petrov@example.net"]
    assert merged.phone_list == ["+79161234567"]
    assert merged.notes == "Met at the depot.\n\nSigned the petition."
    assert merged.address == "Lenina 1"
    assert merged.status == "member"
    assert sorted(c.key for c in merged.constituencies.all()) == ["workers", "youth"]
    assert sorted(t.name for t in merged.tags.all()) == ["depot", "petition"]
    assert not Contact.objects.filter(pk=other.pk).exists()


def test_a_consent_survives_only_when_both_gave_it(personas, pair):
    keep, other = pair
    merged = reload(contact_merge(actor=personas.secretary, keep=keep, other=other, choices={}))
    assert merged.consent_email is False
    assert merged.consent_phone is True


def test_identifiers_are_rebuilt_from_the_merged_emails_and_phones(personas, pair):
    keep, other = pair
    contact_merge(actor=personas.secretary, keep=keep, other=other, choices={"emails": "other"})
    indexes = set(
        ContactIdentifier.objects.filter(contact=keep, kind="email").values_list(
            "value_index", flat=True
        )
    )
    assert indexes == {email_index("petrov@example.net")}
    assert ContactIdentifier.objects.filter(contact_id=other.pk).count() == 0


def test_the_history_of_work_moves_to_the_kept_contact(personas, pair):
    keep, other = pair
    site = site_create(actor=personas.admin, unit=personas.unit_a, name="Depot", kind="workplace")
    struggle = struggle_save(
        actor=personas.admin,
        unit=personas.unit_a,
        title="Depot strike",
        kind="strike",
        contacts=[other],
        sites=[site],
    )
    earlier = timezone.now() - timedelta(days=3)
    interaction_log(actor=personas.organizer_a, contact=other, kind="call", occurred_at=earlier)
    assessment_set(
        actor=personas.organizer_a, contact=keep, level=4, assessed_at=earlier - timedelta(days=1)
    )
    assessment_set(actor=personas.organizer_a, contact=other, level=2, assessed_at=earlier)
    follow_up_create(
        actor=personas.organizer_a,
        contact=other,
        due_on=timezone.localdate() + timedelta(days=2),
        task="Call back",
        assigned_to=personas.organizer_a,
    )

    merged = reload(contact_merge(actor=personas.secretary, keep=keep, other=other, choices={}))

    assert Interaction.objects.filter(contact=merged).count() == 1
    assert FollowUp.objects.filter(contact=merged).count() == 1
    assert merged.assessments.count() == 2
    assert merged.assessment == 2
    assert merged.last_interaction_at == earlier
    assert list(struggle.contacts.all()) == [merged]


def test_every_relation_to_a_contact_is_handled_by_the_merge():
    relations = set()
    for relation in Contact._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and relation.is_relation and not relation.concrete):
            continue
        if relation.related_model._meta.auto_created:  # type: ignore[union-attr]
            continue  # the join table of a many-to-many field, handled with its field
        name = relation.get_accessor_name()  # type: ignore[union-attr]
        if name is None or name.endswith("+"):
            name = f"{relation.related_model._meta.model_name}.{relation.field.name}"  # type: ignore[union-attr]
        relations.add(name)
    assert relations == set(HANDLED_RELATIONS)


def test_a_merge_record_keeps_an_encrypted_snapshot_and_the_history_shows_it(personas, pair):
    keep, other = pair
    other_pk = other.pk
    contact_merge(actor=personas.secretary, keep=keep, other=other, choices={})
    record = MergeRecord.objects.get(kept=keep)
    assert record.merged_contact_id == other_pk
    assert record.by == personas.secretary
    with connection.cursor() as cursor:
        cursor.execute("SELECT snapshot FROM people_mergerecord WHERE id = %s", [record.pk])
        raw = cursor.fetchone()[0]
    assert "petrov@example.net" not in raw
    assert json.loads(record.snapshot)["emails"] == ["petrov@example.net"]

    assert list(merge_history(user=personas.organizer_a, contact=keep)) == [record]
    snapshot = merge_snapshot(user=personas.secretary, record=record)
    assert snapshot is not None
    assert snapshot["family_name"] == "Петров"
    assert merge_snapshot(user=personas.organizer_a, record=record) is None
    with pytest.raises(PermissionDenied):
        merge_history(user=personas.member_a, contact=keep)
    entry = AuditEntry.objects.filter(action="contact.merge").get()
    assert entry.data["merged"] == other_pk


def test_bad_choices_give_a_clear_error_and_change_nothing(personas, pair):
    keep, other = pair
    with pytest.raises(ValidationError) as error:
        contact_merge(
            actor=personas.secretary, keep=keep, other=other, choices={"given_name": "both"}
        )
    assert "given_name" in error.value.message_dict
    with pytest.raises(ValidationError, match="Unknown fields: shoe_size"):
        contact_merge(
            actor=personas.secretary, keep=keep, other=other, choices={"shoe_size": "keep"}
        )
    with pytest.raises(ValidationError):
        contact_merge(actor=personas.secretary, keep=keep, other=keep, choices={})
    assert Contact.objects.filter(pk__in=[keep.pk, other.pk]).count() == 2
    assert reload(keep).given_name == "Ivan"
    assert not MergeRecord.objects.exists()


def test_a_failure_halfway_leaves_both_contacts_as_they_were(personas, pair):
    keep, other = pair
    Contact.objects.filter(pk=other.pk).update(notes="x" * 19990)
    interaction_log(actor=personas.organizer_a, contact=other, kind="call")
    with pytest.raises(ValidationError, match="20000"):
        contact_merge(actor=personas.secretary, keep=keep, other=other, choices={"notes": "both"})
    assert Interaction.objects.get().contact_id == other.pk
    assert Contact.objects.filter(pk__in=[keep.pk, other.pk]).count() == 2


def test_organizers_cannot_merge(personas, pair):
    keep, other = pair
    with pytest.raises(PermissionDenied):
        contact_merge(actor=personas.organizer_a, keep=keep, other=other, choices={})
    assert Contact.objects.filter(pk=other.pk).exists()


def test_a_contact_of_another_unit_cannot_be_merged_by_a_secretary_of_one_unit(personas):
    from massline.accounts.models import Role
    from massline.accounts.services import membership_set

    membership_set(actor=None, user=personas.organizer_b, unit=personas.unit_b, role=Role.SECRETARY)
    mine = contact_create(actor=personas.admin, unit=personas.unit_b, given_name="Olga")
    theirs = contact_create(actor=personas.admin, unit=personas.unit_a, given_name="Olga")
    with pytest.raises(PermissionDenied):
        contact_merge(actor=personas.organizer_b, keep=mine, other=theirs, choices={})


def test_pairs_with_third_contacts_move_to_the_kept_contact_with_their_decisions(personas, pair):
    keep, other = pair
    third = contact_create(actor=personas.admin, unit=personas.unit_a, given_name="Ivan P.")
    fourth = contact_create(actor=personas.admin, unit=personas.unit_a, given_name="I. Petrov")

    def candidate(a, b, **extra):
        first, second = sorted((a.pk, b.pk))
        return DuplicateCandidate.objects.create(
            first_id=first, second_id=second, score=0.8, **extra
        )

    candidate(keep, other)
    candidate(other, third, status=DuplicateCandidate.Status.KEPT_APART)
    candidate(other, fourth)
    candidate(keep, fourth)
    contact_merge(actor=personas.secretary, keep=keep, other=other, choices={})
    pairs = {(c.first_id, c.second_id): c.status for c in DuplicateCandidate.objects.all()}
    assert pairs == {
        tuple(sorted((keep.pk, third.pk))): DuplicateCandidate.Status.KEPT_APART,
        tuple(sorted((keep.pk, fourth.pk))): DuplicateCandidate.Status.OPEN,
    }


def test_default_choices_prefer_values_that_exist_and_the_status_further_along(pair):
    keep, other = pair
    choices = default_choices(keep, other)
    assert choices["emails"] == "both"
    assert choices["address"] == "other"
    assert choices["status"] == "other"
    assert choices["given_name"] == "keep"
    assert choices["notes"] == "both"


def test_keeping_a_pair_apart_records_the_decision_once(personas, pair):
    keep, other = pair
    first, second = sorted((keep.pk, other.pk))
    candidate = DuplicateCandidate.objects.create(first_id=first, second_id=second, score=0.9)
    with pytest.raises(PermissionDenied):
        duplicate_keep_apart(actor=personas.organizer_a, candidate=candidate)
    decided = duplicate_keep_apart(actor=personas.secretary, candidate=candidate)
    assert decided.status == DuplicateCandidate.Status.KEPT_APART
    assert decided.decided_by == personas.secretary
    with pytest.raises(ValidationError):
        duplicate_keep_apart(actor=personas.secretary, candidate=candidate)
    assert AuditEntry.objects.filter(action="duplicate.keep_apart").count() == 1

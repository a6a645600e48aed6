"""The audit log is a hash chain: any change to a past entry is found."""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError

from massline.audit.models import AuditEntry
from massline.audit.services import GENESIS, audit_record, audit_verify
from massline.directory.tests.factories import OrganizationFactory


@pytest.fixture
def chain(personas):
    """A few entries written by the services, and one written directly."""
    admin = personas.admin
    OrganizationFactory.create(
        actor=admin,
        name="Российская маоистская партия",
        short_name="RMP",
        country="RU",
        tags=["Maoist"],
    )
    OrganizationFactory.create(actor=personas.secretary, name="Città futura", short_name="CF")
    audit_record(
        actor=admin,
        action="test.note",
        data={"text": "ünïcödé ✊", "n": 1.5, "nested": {"b": [1, 2], "a": None}},
    )
    return list(AuditEntry.objects.order_by("id"))


def test_an_untouched_chain_verifies(chain):
    assert len(chain) >= 10
    assert audit_verify() == (True, None)


def test_an_empty_log_verifies(db):
    assert audit_verify() == (True, None)


def test_the_chain_starts_at_genesis_and_links_every_entry(chain):
    assert chain[0].prev_hash == GENESIS
    for before, after in pairwise(chain):
        assert after.prev_hash == before.hash


def test_entries_record_the_actor_and_the_object(personas, chain):
    last_org = [entry for entry in chain if entry.action == "organization.create"][-1]
    assert last_org.actor == personas.secretary
    assert last_org.actor_label == "secretary@example.org"
    assert last_org.object_type == "directory.organization"
    assert last_org.data == {"short_name": "CF"}


@pytest.mark.parametrize(
    "change",
    [
        {"data": {"short_name": "FAKE"}},
        {"action": "organization.delete"},
        {"actor_label": "someone.else@example.org"},
        {"object_id": "999"},
        {"object_type": "accounts.user"},
    ],
)
def test_changing_an_entry_is_detected(chain, change):
    target = chain[len(chain) // 2]
    AuditEntry.objects.filter(pk=target.pk).update(**change)
    assert audit_verify() == (False, target.pk)


def test_changing_the_time_of_an_entry_is_detected(chain):
    target = chain[3]
    AuditEntry.objects.filter(pk=target.pk).update(at=target.at + timedelta(seconds=1))
    assert audit_verify() == (False, target.pk)


def test_changing_the_actor_of_an_entry_is_detected(personas, chain):
    target = next(entry for entry in chain if entry.actor_id == personas.admin.pk)
    AuditEntry.objects.filter(pk=target.pk).update(actor=personas.secretary)
    assert audit_verify() == (False, target.pk)


def test_rehashing_a_changed_entry_breaks_the_next_link(chain):
    target = chain[2]
    AuditEntry.objects.filter(pk=target.pk).update(data={"forged": True}, hash="f" * 64)
    assert audit_verify() == (False, target.pk)


def test_deleting_an_entry_is_detected(chain):
    target = chain[4]
    AuditEntry.objects.filter(pk=target.pk).delete()
    assert audit_verify() == (False, chain[5].pk)


def test_changing_the_last_entry_is_detected(chain):
    target = chain[-1]
    AuditEntry.objects.filter(pk=target.pk).update(data={"text": "edited"})
    assert audit_verify() == (False, target.pk)


def test_a_failed_write_leaves_no_entry(personas, chain):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        OrganizationFactory.create(actor=personas.admin, short_name="rmp")
    assert AuditEntry.objects.count() == before
    assert audit_verify() == (True, None)

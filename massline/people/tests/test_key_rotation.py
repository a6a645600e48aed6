"""Rotating the data key re-encrypts contacts and their blind indexes, resumably."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from massline.people.models import Contact
from massline.people.selectors import contact_list
from massline.people.services.contacts import contact_create
from massline.vault import services as vault_services
from massline.vault.crypto import key_id_of
from massline.vault.keys import VaultKeyError, generate_key, keyring

OLD = generate_key()
NEW = generate_key()


def _raw_given_names() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name FROM people_contact ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def _make_contacts(personas, count: int) -> list[Contact]:
    return [
        contact_create(
            actor=personas.organizer_a,
            unit=personas.unit_a,
            given_name=f"Имя{i}",
            family_name="Петрова",
            emails=[f"person{i}@example.org"],
            phones=[f"+7916123{i:04d}"],
        )
        for i in range(count)
    ]


@pytest.mark.django_db(transaction=True)
def test_rotation_moves_every_value_and_index_to_the_new_key(personas):
    with override_settings(MASSLINE_DATA_KEY=OLD):
        vault_services.vault_verify_key()
        _make_contacts(personas, 5)
    with override_settings(MASSLINE_DATA_KEY=NEW, MASSLINE_DATA_KEY_PREVIOUS=[OLD]):
        new_id = keyring().current.key_id
        call_command("vault", "rotate-key", "--batch-size", "2")
        assert {key_id_of(value) for value in _raw_given_names()} == {new_id}
    with override_settings(MASSLINE_DATA_KEY=NEW):
        assert vault_services.vault_verify_key() == new_id
        assert sorted(c.given_name for c in Contact.objects.all()) == [f"Имя{i}" for i in range(5)]
        found = contact_list(user=personas.organizer_a, email="PERSON3@example.org")
        assert [c.given_name for c in found] == ["Имя3"]
        assert Contact.objects.filter(name_index="").count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_rotation_stopped_halfway_continues_where_it_was(personas):
    with override_settings(MASSLINE_DATA_KEY=OLD):
        vault_services.vault_verify_key()
        _make_contacts(personas, 6)
    with override_settings(MASSLINE_DATA_KEY=NEW, MASSLINE_DATA_KEY_PREVIOUS=[OLD]):
        new_id = keyring().current.key_id
        calls = {"n": 0}

        def stop_after_first_batch(label: str, count: int) -> None:
            calls["n"] += 1
            if calls["n"] == 1:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            vault_services.vault_rotate_key(batch_size=2, progress=stop_after_first_batch)
        ids = [key_id_of(value) for value in _raw_given_names()]
        assert ids.count(new_id) == 2  # the first batch committed, nothing else changed
        vault_services.vault_rotate_key(batch_size=2)
        assert {key_id_of(value) for value in _raw_given_names()} == {new_id}
        assert sorted(c.given_name for c in Contact.objects.all()) == [f"Имя{i}" for i in range(6)]


@pytest.mark.django_db(transaction=True)
def test_without_the_old_key_rotation_stops_with_a_clear_error(personas):
    with override_settings(MASSLINE_DATA_KEY=OLD):
        vault_services.vault_verify_key()
        _make_contacts(personas, 1)
    with override_settings(MASSLINE_DATA_KEY=NEW), pytest.raises(VaultKeyError) as err:
        vault_services.vault_rotate_key()
    assert "not configured" in str(err.value)

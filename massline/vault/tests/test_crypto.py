import pytest
from django.test import override_settings

from massline.vault.crypto import DecryptionError, blind_index, decrypt, encrypt, key_id_of
from massline.vault.keys import VaultKeyError, generate_key, keyring
from massline.vault.normalize import normalize_email, normalize_name, normalize_phone
from massline.vault.services import vault_verify_key


def test_it_round_trips_a_value_without_showing_it():
    token = encrypt("contact.email", "Анна@example.org")
    assert "Анна" not in token and "example" not in token
    assert decrypt("contact.email", token) == "Анна@example.org"


def test_the_same_plaintext_encrypts_differently_each_time():
    assert encrypt("contact.name", "Ivan") != encrypt("contact.name", "Ivan")


def test_a_ciphertext_moved_to_another_field_does_not_decrypt():
    token = encrypt("contact.email", "a@example.org")
    with pytest.raises(DecryptionError):
        decrypt("contact.phone", token)


def test_a_tampered_ciphertext_does_not_decrypt():
    token = encrypt("contact.email", "a@example.org")
    flipped = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(DecryptionError):
        decrypt("contact.email", flipped)


def test_a_value_of_an_unknown_key_gives_a_clear_error():
    token = encrypt("contact.email", "a@example.org")
    with override_settings(MASSLINE_DATA_KEY=generate_key()), pytest.raises(VaultKeyError) as err:
        decrypt("contact.email", token)
    assert str(key_id_of(token)) in str(err.value)


def test_previous_keys_still_decrypt_during_a_rotation():
    old = generate_key()
    with override_settings(MASSLINE_DATA_KEY=old):
        token = encrypt("x", "secret")
    with override_settings(MASSLINE_DATA_KEY=generate_key(), MASSLINE_DATA_KEY_PREVIOUS=[old]):
        assert decrypt("x", token) == "secret"


@pytest.mark.parametrize("bad", ["short", "!!!not base64!!!", "A" * 60])
def test_a_malformed_key_is_refused_with_a_clear_message(bad):
    with override_settings(MASSLINE_DATA_KEY=bad), pytest.raises(VaultKeyError) as err:
        keyring()
    assert "MASSLINE_DATA_KEY" in str(err.value)


def test_a_missing_key_is_refused():
    with override_settings(MASSLINE_DATA_KEY=""), pytest.raises(VaultKeyError):
        keyring()


def test_blind_indexes_are_stable_per_purpose_and_empty_for_blanks():
    assert blind_index("p", "a@example.org") == blind_index("p", "a@example.org")
    assert blind_index("p", "a@example.org") != blind_index("q", "a@example.org")
    assert blind_index("p", "") == ""
    assert "example" not in blind_index("p", "a@example.org")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Anna.Petrova@Example.ORG ", "anna.petrova@example.org"),
        ("<ANNA@example.org>", "anna@example.org"),
        ("анна@пример.рф", "анна@xn--e1afmkfd.xn--p1ai"),
        ("not an address", ""),
        ("a@b@c", ""),
        ("", ""),
    ],
)
def test_emails_are_normalized(raw, expected):
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("+7 (916) 123-45-67", None, "+79161234567"),
        ("8 916 123 45 67", "RU", "+79161234567"),
        ("0049 30 1234567", None, "+49301234567"),
        ("333 123 4567", "IT", "+393331234567"),
        ("12", "RU", ""),
        ("call me", None, ""),
    ],
)
def test_phones_are_normalized_to_e164(raw, region, expected):
    assert normalize_phone(raw, region) == expected


def test_names_match_across_case_accents_order_and_script():
    assert normalize_name("Иван", "Петров") == normalize_name("petrov", "ivan")
    assert normalize_name("José", "Núñez") == normalize_name("JOSE NUNEZ")
    assert normalize_name("Anna-Maria") == normalize_name("anna maria")


@pytest.mark.django_db
def test_the_database_remembers_its_key_and_refuses_another():
    first = vault_verify_key()
    assert vault_verify_key() == first
    with override_settings(MASSLINE_DATA_KEY=generate_key()), pytest.raises(VaultKeyError) as err:
        vault_verify_key()
    assert "does not open this database" in str(err.value)

"""Rows are normalized, checked and encrypted by the same rules as a contact saved by hand."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from massline.people.importing.mapping import ImportOptions
from massline.people.importing.prepare import ENCRYPT, PLAIN, make_state, prepare_with
from massline.people.importing.run import build_config, row_message
from massline.people.models import Contact, ImportBatch
from massline.people.services.contacts import (
    clean_emails,
    clean_phones,
    contact_create,
    email_index,
    phone_index,
)
from massline.vault.crypto import decrypt
from massline.vault.normalize import normalize_email

TARGETS = [
    "given_name",
    "family_name",
    "full_name",
    "email",
    "phone",
    "country",
    "languages",
    "status",
    "consent_email",
    "assessment",
    "constituencies",
    "tags",
    "notes",
]


def prepare(rows, *, mode=PLAIN, targets=TARGETS, **options):
    batch = ImportBatch(
        mapping={"targets": targets},
        columns=[f"c{i}" for i in range(len(targets))],
        options=ImportOptions(**options).as_dict(),
    )
    state = make_state(build_config(batch, mode))
    return prepare_with(state, rows, 2)


def row(**values):
    return [values.get(target, "") for target in TARGETS]


@pytest.mark.django_db
def test_emails_and_phones_are_normalized_and_indexed_like_a_contact_saved_by_hand():
    raws = {"email": " <Ivan.Petrov@Example.ORG> ;anna@почта.рф", "phone": "8 (916) 123-45-67"}
    prepared = prepare([row(given_name="Иван", **raws)], default_country="RU")
    [values] = prepared.rows
    emails = clean_emails(["Ivan.Petrov@Example.ORG", "anna@почта.рф"])
    phones = clean_phones(["8 (916) 123-45-67"], "RU")
    assert values.emails.splitlines() == emails
    assert values.phones.splitlines() == phones
    assert values.email_indexes == tuple(email_index(e) for e in emails)
    assert values.phone_indexes == tuple(phone_index(p) for p in phones)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcAB.-+_@ äöпр<>", max_size=25))
def test_the_email_rule_is_the_one_of_contacts(raw):
    from massline.people.importing.prepare import _State

    state = _State.__new__(_State)
    state.domain_cache = {}
    assert state.email(raw) == normalize_email(raw)


@pytest.mark.django_db
def test_the_name_index_is_the_one_the_model_computes(personas):
    contact = contact_create(
        actor=personas.organizer_a,
        unit=personas.unit_a,
        given_name="Пётр",
        family_name="Иванов-Щукин",
    )
    [values] = prepare([row(given_name="Пётр", family_name="Иванов-Щукин")]).rows
    assert values.name_index == contact.name_index
    [values] = prepare([row(given_name="Иванов-Щукин", family_name="Пётр")]).rows
    assert values.name_index == contact.name_index


@pytest.mark.django_db
def test_encrypted_values_open_with_the_vault_as_the_field_would():
    [values] = prepare(
        [
            row(
                given_name="Ayşe",
                family_name="Öztürk",
                email="ayse@example.org",
                notes="Kağıthane, vardiya B",
            )
        ],
        mode=ENCRYPT,
    ).rows
    field = Contact._meta.get_field("given_name")
    assert values.given_name.startswith("ml1$")
    assert decrypt(field.purpose, values.given_name) == "Ayşe"
    assert decrypt(Contact._meta.get_field("notes").purpose, values.notes) == (
        "Kağıthane, vardiya B"
    )
    assert field.from_db_value(values.given_name, None, None) == "Ayşe"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("Россия", "RU"),
        ("Russland", "RU"),
        ("Italia", "IT"),
        ("Italien", "IT"),
        ("Germania", "DE"),
        ("Deutschland", "DE"),
        ("Германия", "DE"),
        ("germany", "DE"),
        ("it", "IT"),
        ("DEU", "DE"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Индия", "IN"),
    ],
)
def test_countries_are_read_from_codes_and_names_in_four_languages(cell, code):
    [values] = prepare([row(given_name="X", country=cell)]).rows
    assert values.country == code


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("ru, it", ["ru", "it"]),
        ("Русский; итальянский", ["ru", "it"]),
        ("Deutsch/Englisch", ["de", "en"]),
        ("italiano", ["it"]),
        ("français", ["fr"]),
        ("Turkish", ["tr"]),
    ],
)
def test_languages_are_read_from_codes_and_names(cell, codes):
    import json

    [values] = prepare([row(given_name="X", languages=cell)]).rows
    assert json.loads(values.languages) == codes


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("member", "member"),
        ("Член", "member"),
        ("Membro", "member"),
        ("Mitglied", "member"),
        ("Sympathizer", "sympathizer"),
        ("", "contact"),
    ],
)
def test_statuses_are_read_in_four_languages(cell, status):
    [values] = prepare([row(given_name="X", status=cell)]).rows
    assert values.status == status


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cell", "flag"),
    [
        ("yes", True),
        ("да", True),
        ("Sì", True),
        ("ja", True),
        ("x", True),
        ("✓", True),
        ("no", False),
        ("нет", False),
        ("nein", False),
        ("", False),
        ("-", False),
    ],
)
def test_consent_answers_are_read_in_four_languages(cell, flag):
    [values] = prepare([row(given_name="X", consent_email=cell)]).rows
    assert values.consent_email is flag


@pytest.mark.django_db
def test_constituencies_are_found_by_key_or_by_name_in_any_language():
    [values] = prepare([row(given_name="X", constituencies="workers; Женщины, Giovani")]).rows
    assert values.constituencies == ("workers", "women", "youth")


@pytest.mark.django_db
def test_the_tags_and_constituencies_of_the_options_go_to_every_row():
    prepared = prepare(
        [row(given_name="X", tags="picket, Picket"), row(given_name="Y")],
        tags=["import 2023"],
        constituencies=["workers"],
    )
    assert [r.tags for r in prepared.rows] == [("import 2023", "picket"), ("import 2023",)]
    assert [r.constituencies for r in prepared.rows] == [("workers",), ("workers",)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cell", "given_name", "family_name"),
    [
        ("Anna Maria Rossi", "Anna Maria", "Rossi"),
        ("Rossi, Anna", "Anna", "Rossi"),
        ("Иванов Иван Иванович", "Иван Иванович", "Иванов"),
        ("Ayşe", "Ayşe", ""),
    ],
)
def test_a_full_name_is_split(cell, given_name, family_name):
    [values] = prepare([row(full_name=cell)]).rows
    assert (values.given_name, values.family_name) == (given_name, family_name)


@pytest.mark.django_db
def test_a_row_with_errors_is_skipped_whole_and_each_error_names_its_column():
    prepared = prepare(
        [
            row(
                given_name="Ivan",
                email="not an email",
                phone="12",
                country="Narnia",
                assessment="9",
                consent_email="perhaps",
                status="boss",
                constituencies="aliens",
            ),
            row(given_name="Anna", email="anna@example.org"),
            row(),
            row(notes="only a note"),
        ],
        default_country="RU",
    )
    assert [r.row for r in prepared.rows] == [3]
    assert prepared.blank == 1
    by_code = {code: (number, column) for number, column, code, _params in prepared.errors}
    assert by_code == {
        "email": (2, 3),
        "phone": (2, 4),
        "country": (2, 5),
        "assessment": (2, 9),
        "consent": (2, 8),
        "status": (2, 7),
        "constituency": (2, 10),
        "empty_contact": (5, -1),
    }


@pytest.mark.django_db
def test_text_over_the_limit_of_a_field_is_an_error():
    prepared = prepare([row(given_name="И" * 201, email="a@example.org")])
    assert prepared.rows == []
    [(number, column, code, params)] = prepared.errors
    assert (number, column, code) == (2, 0, "too_long")
    assert row_message(code, params) == "Longer than 200 characters."


@pytest.mark.django_db
def test_a_row_with_more_cells_than_the_header_is_an_error():
    prepared = prepare([[*row(given_name="X"), "shifted", "cells"]])
    assert [code for _n, _c, code, _p in prepared.errors] == ["extra_cells"]


@settings(max_examples=3000, deadline=None)
@given(
    st.text(alphabet="0123456789 -().+/x", min_size=1, max_size=22),
    st.sampled_from(["", "RU", "IT", "DE", "US", "TR", "IN", "FR"]),
)
def test_the_phone_rule_is_the_one_of_contacts(raw, region):
    from massline.people.importing.prepare import _State
    from massline.vault.normalize import normalize_phone

    state = _State.__new__(_State)
    state.phone_cache = {}
    assert state.phone(raw, region) == normalize_phone(raw, region or None)


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        ("+7 (916) 123-45-67", ""),
        ("8 (916) 123-45-67", "RU"),
        ("0039 06 1234 5678", ""),
        ("0 039 06 1234 5678", "IT"),
        ("+39 06.1234.5678", "IT"),
        ("030/1234567", "DE"),
        ("+49 (0)30 1234567", ""),
        ("(212) 555-0123", "US"),
        ("+1 (212) 555-0123 ext. 7", ""),
        ("0532 123 45 67", "TR"),
        ("+91 98765 43210", ""),
        ("٠٥٣٢١٢٣٤٥٦٧", "TR"),
    ],
)
def test_phones_in_many_spellings_normalize_as_for_contacts(raw, region):
    from massline.people.importing.prepare import _State
    from massline.vault.normalize import normalize_phone

    state = _State.__new__(_State)
    state.phone_cache = {}
    assert state.phone(raw, region) == normalize_phone(raw, region or None)

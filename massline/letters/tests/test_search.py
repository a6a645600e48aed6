"""Full-text search in every language, with stemming, scoped to what the user may see."""

import pytest

from massline.letters import services
from massline.letters.models import Letter
from massline.letters.selectors import LetterFilters, highlight, letter_list
from massline.letters.tests.world import draft, make_org

RU = "Мы приветствуем революционную борьбу рабочих против империалистической войны."
IT = "Salutiamo i compagni della rivoluzione e la lotta dei lavoratori contro la guerra."
DE = "Wir grüßen die Genossen und den Kampf der Arbeiterklasse gegen den Krieg."


@pytest.fixture
def letters(personas):
    ru = draft(personas, subject="Приветствие", body=RU)
    it = draft(personas, subject="Saluto", body="Testo")
    services.version_save(
        actor=personas.organizer_a,
        letter=it,
        language="it",
        subject="Saluto",
        body=IT,
        is_original=True,
    )
    services.version_delete(actor=personas.organizer_a, version=it.versions.get(language="ru"))
    de = draft(personas, subject="Gruß", body="Text")
    services.version_save(
        actor=personas.organizer_a,
        letter=de,
        language="de",
        subject="Gruß",
        body=DE,
        is_original=True,
    )
    services.version_delete(actor=personas.organizer_a, version=de.versions.get(language="ru"))
    return {"ru": ru, "it": it, "de": de}


def _found(user, q: str, **filters) -> set[int]:
    return set(
        letter_list(user=user, filters=LetterFilters(q=q, **filters)).values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("революционной", "ru"),  # революционную
        ("войной", "ru"),  # войны
        ("рабочие", "ru"),  # рабочих
        ("compagno", "it"),  # compagni
        ("rivoluzioni", "it"),  # rivoluzione
        ("lavoratore", "it"),  # lavoratori
        ("Genosse", "de"),  # Genossen
        ("Kämpfe", "de"),  # Kampf
    ],
)
def test_a_word_finds_its_inflected_forms(personas, letters, query, language):
    assert _found(personas.secretary, query) == {letters[language].pk}


def test_every_word_of_the_query_must_match(personas, letters):
    assert _found(personas.secretary, "compagni guerra") == {letters["it"].pk}
    assert _found(personas.secretary, "compagni Krieg") == set()


def test_search_never_shows_letters_the_user_may_not_see(personas, letters):
    assert _found(personas.organizer_b, "compagni") == set()
    # Drafts are for organizers; a member of the unit sees final letters only.
    assert _found(personas.member_a, "compagni") == set()


def test_query_syntax_is_taken_literally(personas, letters):
    for query in ['"', "NEAR(a b)", "a OR", "*", "compagni AND", "'; DROP TABLE x; --", "\\"]:
        list(letter_list(user=personas.secretary, filters=LetterFilters(q=query)))


def test_a_register_number_finds_its_letter(personas, letters):
    number = letters["de"].register_number
    assert _found(personas.secretary, number) == {letters["de"].pk}


def test_filters_by_organization_country_kind_and_year(personas, letters):
    pmli = make_org(personas.secretary, "PMLI", "Italian Marxist-Leninist Party", "IT", "it")
    to_pmli = draft(personas, subject="A PMLI", body=IT, orgs=[pmli])
    year = to_pmli.register_year
    assert _found(personas.secretary, "", organization=pmli.pk) == {to_pmli.pk}
    assert _found(personas.secretary, "compagni", country="IT") == {to_pmli.pk}
    assert _found(personas.secretary, "", kind="protest") == set()
    assert len(_found(personas.secretary, "", kind="greeting", year=year)) == 4
    assert _found(personas.secretary, "", year=year - 1) == set()


def test_the_snippet_marks_the_matching_words(personas):
    parts = highlight("Cari compagni, salutiamo la lotta.", "compagno")
    assert ("compagni", True) in parts
    assert highlight("Nothing here", "compagno") == []


def test_the_index_follows_changes_of_the_text(personas, letters):
    letter = letters["ru"]
    services.version_save(
        actor=personas.organizer_a,
        letter=letter,
        language="ru",
        subject="Приветствие",
        body="Солидарность с забастовщиками.",
        is_original=True,
    )
    assert _found(personas.secretary, "революционная") == set()
    assert _found(personas.secretary, "солидарности") == {letter.pk}
    assert Letter.objects.filter(pk=letter.pk).exists()

"""Properties of the text normalization behind every search."""

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from massline.core.text import fold, query_key, search_key, transliterate

# Latin with accents, Cyrillic, Greek, compatibility forms (ligatures, fullwidth, squared units,
# letterlike symbols) and white space: the scripts the directory holds and the traps of Unicode.
alphabet = st.one_of(
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
    st.sampled_from(
        "aàáâäåæçèéêëìíîïñòóôöøùúûüýÿßẞİıĳﬁﬀ"
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯєіїґў"
        "ΣσςΆά ＭＡＯ㎒ℌⅫ\u00a0\t\n\u2003"
    ),
)
texts = st.text(alphabet=alphabet, max_size=40)


@given(texts)
@example("㎒")
@example("ℌ")
@example("Ⅻ")
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(texts)
def test_fold_leaves_no_upper_case_letters_and_no_accents(text):
    folded = fold(text)
    assert folded == folded.casefold()
    assert not any(unicodedata.combining(ch) for ch in folded)


@given(texts)
def test_fold_collapses_white_space(text):
    folded = fold(text)
    assert folded == folded.strip()
    assert "  " not in folded
    assert "\n" not in folded and "\t" not in folded


@given(st.lists(texts, max_size=5))
def test_search_key_contains_the_query_key_of_each_part(parts):
    key = search_key(*parts)
    for part in parts:
        assert query_key(part) in key


@given(st.lists(texts, min_size=1, max_size=5))
def test_search_key_contains_the_transliteration_of_each_part(parts):
    key = search_key(*parts)
    for part in parts:
        assert transliterate(query_key(part)) in key


@given(texts)
def test_the_query_key_of_any_stretch_of_a_folded_name_is_found(text):
    folded = fold(text)
    key = search_key(text)
    for start in range(len(folded)):
        stretch = folded[start : start + 5]
        if stretch.strip() == stretch:
            assert query_key(stretch) in key


@given(texts)
def test_search_is_blind_to_case_and_accents(text):
    assert query_key(text.upper()) in search_key(text.lower()) or not fold(text)


def test_search_examples_from_the_directory():
    assert query_key("citta") in search_key("Città di Firenze")
    assert query_key("МАОИСТСКАЯ") in search_key("Российская маоистская партия")
    assert query_key("maoistskaya") in search_key("Российская маоистская партия")
    assert query_key("Strasse") in search_key("Straße")
    assert query_key("Partiya") in search_key("ПАРТИЯ")
    assert query_key("citta") not in search_key("Ciudad")


def test_fold_and_transliterate_examples():
    assert fold("  Città   DI\tFirenze ") == "citta di firenze"
    assert fold("Ёлка Йошкар-Ола") == "елка иошкар-ола"
    assert transliterate(fold("Щукин Юрий")) == "shchukin yurii"
    assert search_key("", "PMLI", "pmli") == "pmli"

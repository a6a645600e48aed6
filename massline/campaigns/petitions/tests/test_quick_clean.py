"""The signing path's quick check never accepts what the form would refuse, and agrees with
the form on what it accepts."""

from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from massline.campaigns.petitions.forms import SignForm
from massline.campaigns.petitions.views import quick_clean

texts = st.one_of(
    st.sampled_from(["", " ", "Olga Petrova", "x" * 120, "x" * 121, "<b>", "a\x00b"]),
    st.text(max_size=130),
)
emails = st.one_of(
    st.sampled_from(
        ["olga@example.org", "a@b", "no-at", "", "x" * 250 + "@example.org", "Olga@EXAMPLE.org"]
    ),
    st.emails(),
    st.text(max_size=40),
)
posts = st.fixed_dictionaries(
    {
        "name": texts,
        "email": emails,
        "country": st.sampled_from(["RU", "IT", "XX", "ru", "", "RUS"]),
        "city": texts,
        "display": st.sampled_from(["hidden", "first", "full", "", "everything"]),
    },
    optional={
        "consent_contact": st.sampled_from(["on", "true", "off", ""]),
        "pow": st.sampled_from(["", "abc", "p" * 2001]),
    },
)


@settings(max_examples=300, deadline=None)
@given(posts)
def test_the_quick_check_agrees_with_the_form(post: dict[str, str]) -> None:
    query = QueryDict(mutable=True)
    for key, value in post.items():
        query[key] = value
    quick = quick_clean(query)
    if quick is None:
        return
    form = SignForm(query)
    assert form.is_valid(), (post, form.errors)
    assert quick == form.cleaned_data

"""The taxonomy of tendencies: seeded in four languages, edited by administrators, never
deleted."""

import pytest
from django.urls import reverse

from massline.accounts.services import api_token_create
from massline.conftest import Personas
from massline.reviews.models import LANGUAGES, Tendency

pytestmark = pytest.mark.django_db

STANDARD = {
    "sectarianism",
    "dogmatism",
    "isolation",
    "defeatism",
    "commandism",
    "tailism",
    "liberalism",
    "bureaucratism",
    "subjectivism",
    "empiricism",
    "individualism",
    "adventurism",
}


def test_the_taxonomy_is_seeded_in_every_language() -> None:
    codes = set(Tendency.objects.values_list("code", flat=True))
    assert codes >= STANDARD
    for tendency in Tendency.objects.all():
        for language in LANGUAGES:
            assert getattr(tendency, f"name_{language}"), (tendency.code, language)
            assert getattr(tendency, f"explanation_{language}"), (tendency.code, language)


def test_names_and_explanations_follow_the_language_of_the_request(personas: Personas) -> None:
    _token, secret = api_token_create(user=personas.member_a, name="t", scope="read")
    headers = {"Authorization": f"Bearer {secret}", "Accept-Language": "de"}
    body = personas.client("anonymous").get("/api/v1/reviews/tendencies", headers=headers)
    names = {row["code"]: row["name"] for row in body.json()}
    assert names["tailism"] == "Nachtrabpolitik"
    page = personas.client("member_a").get(
        reverse("reviews:tendency_list"), headers={"Accept-Language": "ru"}
    )
    assert "Хвостизм" in page.content.decode()


def test_administrators_edit_a_tendency_and_cannot_delete_it(personas: Personas) -> None:
    tendency = Tendency.objects.get(code="tailism")
    client = personas.client("admin")
    change = reverse("admin:reviews_tendency_change", args=[tendency.pk])
    assert client.get(change).status_code == 200
    delete = reverse("admin:reviews_tendency_delete", args=[tendency.pk])
    assert client.get(delete).status_code == 403
    client.post(
        reverse("admin:reviews_tendency_changelist"),
        {"action": "deactivate", "_selected_action": [tendency.pk]},
    )
    tendency.refresh_from_db()
    assert tendency.active is False
    listed = personas.client("member_a").get(reverse("reviews:tendency_list")).content.decode()
    assert "Tailism" not in listed

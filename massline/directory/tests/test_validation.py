"""Bad input gets a clear error and writes nothing: not a row, not an audit entry."""

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from massline.audit.models import AuditEntry
from massline.directory import services
from massline.directory.models import (
    CountryDossier,
    DossierSource,
    Indicator,
    Organization,
    Position,
    Question,
    Relation,
    Tag,
)
from massline.directory.tests.factories import (
    OrganizationFactory,
    PositionFactory,
    QuestionFactory,
    RelationFactory,
)

MODELS = (
    Organization,
    Tag,
    Relation,
    Question,
    Position,
    CountryDossier,
    DossierSource,
    Indicator,
    AuditEntry,
)
TODAY = date(2024, 5, 1)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@contextmanager
def writes_nothing():
    before = row_counts()
    yield
    assert row_counts() == before


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(date(2024, 5, 1), tick=False):
        yield


@pytest.fixture
def pmli(personas):
    return OrganizationFactory.create(
        actor=personas.admin,
        name="Partito marxista-leninista italiano",
        short_name="PMLI",
        tags=["Maoist"],
    )


@pytest.fixture
def mlpd(personas):
    return OrganizationFactory.create(
        actor=personas.admin,
        name="Marxistisch-Leninistische Partei",
        short_name="MLPD",
        country="DE",
    )


@pytest.fixture
def question(personas):
    return QuestionFactory.create(actor=personas.admin, title="The war since 24 February 2022")


def refused(call, field: str, message: str) -> None:
    """The service raises a ValidationError naming `field` with a message containing `message`."""
    with writes_nothing(), pytest.raises(ValidationError) as caught:
        call()
    errors = (
        caught.value.message_dict
        if hasattr(caught.value, "error_dict")
        else {"__all__": caught.value.messages}
    )
    assert field in errors, errors
    assert any(message in text for text in errors[field]), errors


# Organizations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"country": "XX"}, "country", "is not an ISO 3166 country code"),
        ({"country": "it"}, "country", "is not an ISO 3166 country code"),
        ({"founded": date(2024, 5, 2)}, "founded", "This date lies in the future."),
        ({"name": "N" * 201}, "name", "at most 200 characters"),
        ({"short_name": "S" * 41}, "short_name", "at most 40 characters"),
        ({"short_name": "   "}, "short_name", "cannot be blank"),
        ({"name_own": "N" * 201}, "name_own", "at most 200 characters"),
        ({"notes": "n" * 20001}, "notes", "at most 20000 characters"),
        ({"website": "javascript:alert(1)"}, "website", "Enter a valid URL."),
        (
            {"website": "JavaScript:alert(document.cookie)//https://x.org"},
            "website",
            "Enter a valid URL.",
        ),
        ({"website": "data:text/html,<script>alert(1)</script>"}, "website", "Enter a valid URL."),
        ({"website": "ftp://example.org/"}, "website", "Enter a valid URL."),
        ({"website": "https://example.org/" + "a" * 300}, "website", "at most 300 characters"),
        ({"kind": "sect"}, "kind", "is not a valid choice"),
        ({"own_language": "xx"}, "own_language", "is not an ISO 639-1 language code"),
    ],
)
def test_it_refuses_a_bad_organization(personas, fields, field, message):
    data = {
        "name": "Partito comunista dei lavoratori",
        "short_name": "PCL",
        "country": "IT",
        "kind": "party",
        **fields,
    }
    refused(lambda: services.organization_create(actor=personas.admin, **data), field, message)


def test_it_rejects_a_duplicate_short_name_whatever_its_case(personas, pmli):
    refused(
        lambda: OrganizationFactory.create(actor=personas.admin, short_name="pmli"),
        "short_name",
        "Another organization already uses this short name.",
    )
    refused(
        lambda: OrganizationFactory.create(actor=personas.admin, short_name=" Pmli "),
        "short_name",
        "Another organization already uses this short name.",
    )


def test_it_rejects_renaming_to_a_short_name_in_use(personas, pmli, mlpd):
    refused(
        lambda: services.organization_update(
            actor=personas.admin, organization=mlpd, short_name="PmLi"
        ),
        "short_name",
        "Another organization already uses this short name.",
    )
    mlpd.refresh_from_db()
    assert mlpd.short_name == "MLPD"


def test_it_rejects_an_oversized_tag_and_keeps_no_half_created_organization(personas):
    refused(
        lambda: OrganizationFactory.create(actor=personas.admin, tags=["ok", "t" * 61]),
        "tags",
        "at most 60 characters",
    )


def test_it_rejects_unknown_fields(personas):
    with writes_nothing(), pytest.raises(ValidationError, match="Unknown fields: search_key"):
        OrganizationFactory.create(actor=personas.admin, search_key="anything")


def test_a_failed_update_changes_nothing(personas, pmli):
    refused(
        lambda: services.organization_update(
            actor=personas.admin, organization=pmli, name="Nuovo nome", founded=date(2030, 1, 1)
        ),
        "founded",
        "This date lies in the future.",
    )
    pmli.refresh_from_db()
    assert pmli.name == "Partito marxista-leninista italiano"


def test_a_founding_date_of_today_is_accepted(personas):
    organization = OrganizationFactory.create(actor=personas.admin, founded=TODAY)
    assert organization.founded == TODAY


# Relations, questions, positions, dossiers ------------------------------------------------


def test_it_refuses_a_relation_of_an_organization_to_itself(personas, pmli):
    refused(
        lambda: RelationFactory.create(actor=personas.admin, source=pmli, target=pmli),
        "target",
        "An organization cannot relate to itself.",
    )


def test_it_refuses_a_relation_that_ends_before_it_starts(personas, pmli, mlpd):
    refused(
        lambda: RelationFactory.create(
            actor=personas.admin,
            source=pmli,
            target=mlpd,
            started=date(2020, 1, 1),
            ended=date(2019, 12, 31),
        ),
        "ended",
        "The end lies before the start.",
    )


def test_it_refuses_a_relation_starting_in_the_future(personas, pmli, mlpd):
    refused(
        lambda: RelationFactory.create(
            actor=personas.admin, source=pmli, target=mlpd, started=date(2025, 1, 1)
        ),
        "started",
        "This date lies in the future.",
    )


def test_it_refuses_a_relation_of_an_unknown_kind(personas, pmli, mlpd):
    refused(
        lambda: RelationFactory.create(
            actor=personas.admin, source=pmli, target=mlpd, kind="loves"
        ),
        "kind",
        "is not a valid choice",
    )


def test_it_refuses_a_duplicate_question(personas, question):
    refused(
        lambda: QuestionFactory.create(
            actor=personas.admin, title="The war since 24 February 2022"
        ),
        "title",
        "already exists",
    )


def test_it_refuses_an_oversized_question_description(personas):
    refused(
        lambda: QuestionFactory.create(actor=personas.admin, description="d" * 5001),
        "description",
        "at most 5000 characters",
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"stated_on": date(2024, 5, 2)}, "stated_on", "This date lies in the future."),
        ({"source_url": "javascript:alert(1)"}, "source_url", "Enter a valid URL."),
        ({"quote_language": "xx"}, "quote_language", "is not an ISO 639-1 language code"),
        ({"quote": "q" * 5001}, "quote", "at most 5000 characters"),
        ({"summary": "s" * 501}, "summary", "at most 500 characters"),
        ({"stance": "maybe"}, "stance", "is not a valid choice"),
    ],
)
def test_it_refuses_a_bad_position(personas, pmli, question, fields, field, message):
    refused(
        lambda: PositionFactory.create(
            actor=personas.admin, organization=pmli, question=question, **fields
        ),
        field,
        message,
    )


def test_it_refuses_a_second_position_on_the_same_day(personas, pmli, question):
    PositionFactory.create(actor=personas.admin, organization=pmli, question=question)
    refused(
        lambda: PositionFactory.create(actor=personas.admin, organization=pmli, question=question),
        "__all__",
        "already exists",
    )


def test_it_refuses_a_dossier_for_an_unknown_country(personas):
    refused(
        lambda: services.dossier_update(actor=personas.admin, country="XX", summary="?"),
        "country",
        "is not an ISO 3166 country code",
    )


def test_it_refuses_an_oversized_dossier(personas):
    refused(
        lambda: services.dossier_update(actor=personas.admin, country="IT", summary="s" * 50001),
        "summary",
        "at most 50000 characters",
    )


def test_it_refuses_a_dossier_source_with_a_script_link(personas):
    refused(
        lambda: services.dossier_source_add(
            actor=personas.admin, country="IT", title="Leaflet", url="javascript:alert(1)"
        ),
        "url",
        "Enter a valid URL.",
    )


def test_it_refuses_an_indicator_measured_in_the_future(personas):
    refused(
        lambda: services.indicator_add(
            actor=personas.admin,
            country="IT",
            name="Strikes",
            value=Decimal(3),
            measured_on=date(2024, 6, 1),
        ),
        "measured_on",
        "This date lies in the future.",
    )


# Pages -----------------------------------------------------------------------------------


def organization_post(**fields) -> dict[str, str]:
    return {
        "name": "Partito comunista dei lavoratori",
        "short_name": "PCL",
        "country": "IT",
        "kind": "party",
        "relation_status": "contact",
        **fields,
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"short_name": "pmli"}, "Another organization already uses this short name."),
        ({"country": "XX"}, "Select a valid choice."),
        ({"founded": "2024-05-02"}, "This date lies in the future."),
        ({"founded": "2024-13-45"}, "Enter a valid date."),
        ({"website": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"name": "N" * 201}, "at most 200 characters"),
        ({"notes": "n" * 20001}, "at most 20000 characters"),
        ({"tags": "ok, " + "t" * 61}, "at most 60 characters"),
        ({"confidential": "on"}, "A confidential organization needs an owning unit."),
        ({"unit": "987654"}, "Select a valid choice."),
        ({"kind": ""}, "This field is required."),
    ],
)
def test_the_organization_form_answers_bad_input_with_400_and_the_error(
    personas, pmli, fields, message
):
    with writes_nothing():
        response = personas.client("secretary").post(
            reverse("directory:organization_create"), organization_post(**fields)
        )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_edit_form_answers_a_taken_short_name_with_400(personas, pmli, mlpd):
    with writes_nothing():
        response = personas.client("secretary").post(
            reverse("directory:organization_edit", args=[mlpd.pk]),
            organization_post(short_name="PMLI"),
        )
    assert response.status_code == 400
    assert "Another organization already uses this short name." in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"target": "self"}, "Select a valid choice."),
        ({"started": "2020-01-01", "ended": "2019-12-31"}, "The end lies before the start."),
        ({"started": "2025-01-01"}, "This date lies in the future."),
        ({"target": "abc"}, "Select a valid choice."),
        ({"kind": "loves"}, "Select a valid choice."),
        ({"source_note": "s" * 501}, "at most 500 characters"),
    ],
)
def test_the_relation_form_answers_bad_input_with_400_and_the_error(
    personas, pmli, mlpd, fields, message
):
    data = {"kind": "fraternal", "target": mlpd.pk, **fields}
    if data["target"] == "self":
        data["target"] = pmli.pk
    with writes_nothing():
        response = personas.client("secretary").post(
            reverse("directory:relation_add", args=[pmli.pk]), data
        )
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"stated_on": "2024-05-02"}, "This date lies in the future."),
        ({"source_url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"quote_language": "xx"}, "is not an ISO 639-1 language code"),
        ({"question": "987654"}, "Select a valid choice."),
        ({"stated_on": ""}, "This field is required."),
    ],
)
def test_the_position_form_answers_bad_input_with_400_and_the_error(
    personas, pmli, question, fields, message
):
    data = {"question": question.pk, "stance": "opposes", "stated_on": "2023-09-16", **fields}
    with writes_nothing():
        response = personas.client("secretary").post(
            reverse("directory:position_add", args=[pmli.pk]), data
        )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_question_form_answers_a_duplicate_with_400(personas, question):
    with writes_nothing():
        response = personas.client("secretary").post(
            reverse("directory:question_create"), {"title": "The war since 24 February 2022"}
        )
    assert response.status_code == 400
    assert "already exists" in response.content.decode()


@pytest.mark.parametrize(
    ("url_name", "data", "message"),
    [
        ("directory:dossier_edit", {"summary": "s" * 50001}, "at most 50000 characters"),
        (
            "directory:dossier_source_add",
            {"title": "Leaflet", "url": "javascript:alert(1)"},
            "Enter a valid URL.",
        ),
        ("directory:dossier_source_add", {"title": ""}, "This field is required."),
        (
            "directory:indicator_add",
            {"name": "Strikes", "value": "3", "measured_on": "2024-06-01"},
            "This date lies in the future.",
        ),
        (
            "directory:indicator_add",
            {"name": "Strikes", "value": "many", "measured_on": "2024-01-01"},
            "Enter a number.",
        ),
    ],
)
def test_the_dossier_forms_answer_bad_input_with_400_and_the_error(
    personas, url_name, data, message
):
    with writes_nothing():
        response = personas.client("secretary").post(reverse(url_name, args=["IT"]), data)
    assert response.status_code == 400
    assert message in response.content.decode()


# Escaping --------------------------------------------------------------------------------

SCRIPT = "<script>alert('x')</script>"


def test_script_in_text_fields_is_escaped_on_every_page(personas, question):
    admin = personas.admin
    hostile = OrganizationFactory.create(
        actor=admin,
        name=f"Evil {SCRIPT}",
        short_name="EVIL<b>",
        name_own=SCRIPT,
        aliases=SCRIPT,
        notes=f"<img src=x onerror=alert(1)>{SCRIPT}",
        tags=[SCRIPT],
        country="IT",
    )
    other = OrganizationFactory.create(
        actor=admin, name=f"Other {SCRIPT}", short_name="OTHER", country="IT"
    )
    RelationFactory.create(actor=admin, source=hostile, target=other, source_note=SCRIPT)
    question = QuestionFactory.create(actor=admin, title=f"Q {SCRIPT}", description=SCRIPT)
    PositionFactory.create(
        actor=admin, organization=hostile, question=question, summary=SCRIPT, quote=SCRIPT
    )
    services.dossier_update(actor=admin, country="IT", summary=SCRIPT)
    services.dossier_source_add(actor=admin, country="IT", title=SCRIPT, note=SCRIPT)
    services.indicator_add(
        actor=admin,
        country="IT",
        name=SCRIPT,
        value=Decimal(1),
        measured_on=date(2024, 1, 1),
        unit_label="<i>",
        source=SCRIPT,
    )
    client = personas.client("secretary")
    urls = [
        reverse("directory:organization_list"),
        reverse("directory:organization_list") + f"?q={SCRIPT}",
        reverse("directory:organization_detail", args=[hostile.pk]),
        reverse("directory:organization_detail", args=[other.pk]),
        reverse("directory:organization_edit", args=[hostile.pk]),
        reverse("directory:question_list"),
        reverse("directory:question_detail", args=[question.pk]),
        reverse("directory:country_list"),
        reverse("directory:country_detail", args=["IT"]),
        reverse("home"),
    ]
    for url in urls:
        response = client.get(url)
        content = response.content.decode()
        assert response.status_code == 200, url
        assert "<script>alert" not in content, url
        assert "<img src=x" not in content, url
        assert "EVIL<b>" not in content, url
    detail = client.get(reverse("directory:organization_detail", args=[hostile.pk]))
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in detail.content.decode()


def test_a_website_typed_without_a_scheme_is_stored_as_https(personas):
    response = personas.client("secretary").post(
        reverse("directory:organization_create"), organization_post(website="pmli.it")
    )
    assert response.status_code == 302
    assert Organization.objects.get(short_name="PCL").website == "https://pmli.it"

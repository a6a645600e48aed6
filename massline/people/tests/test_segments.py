"""The segment filter language: every field and operator, AND/OR/NOT and parentheses, clear
errors, and input that tries to reach SQL."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from massline.people import selectors
from massline.people.models import Contact, Struggle
from massline.people.segments import MAX_LENGTH, SegmentQueryError, parse, to_q
from massline.people.services import activity, contacts


@dataclass
class Crowd:
    anna: Contact
    marco: Contact
    olga: Contact
    yusuf: Contact
    boris: Contact
    strike: Struggle


@pytest.fixture
def crowd(personas) -> Crowd:
    contacts.ensure_builtin_constituencies()
    a, b = personas.organizer_a, personas.organizer_b
    port = contacts.site_create(
        actor=a,
        unit=personas.unit_a,
        name="Port depot",
        kind="workplace",
        sector="logistics",
        city="Genova",
    )
    campus = contacts.site_create(
        actor=a, unit=personas.unit_a, name="University campus", kind="campus", sector="education"
    )
    anna = contacts.contact_create(
        actor=a,
        unit=personas.unit_a,
        given_name="Anna",
        family_name="Bellucci",
        emails=["anna@example.org"],
        phones=["+39 347 555 0101"],
        constituencies=["workers", "youth"],
        site=port,
        tags=["night shift"],
        city="Genova",
        country="IT",
        languages=["it", "en"],
        union="USB",
        source="picket",
        consent_email=True,
    )
    with time_machine.travel(timezone.now() - timedelta(days=60), tick=False):
        marco = contacts.contact_create(
            actor=a,
            unit=personas.unit_a,
            given_name="Marco",
            family_name="Ferri",
            constituencies=["workers"],
            status="member",
            city="Torino",
            country="IT",
            languages=["it"],
        )
    olga = contacts.contact_create(
        actor=a,
        unit=personas.unit_a,
        given_name="Olga",
        phones=["+7 916 555 0202"],
        constituencies=["women"],
        site=campus,
        status="candidate",
        tags=["students"],
        city="Москва",
        country="RU",
        languages=["ru"],
        consent_phone=True,
    )
    yusuf = contacts.contact_create(
        actor=a,
        unit=personas.unit_a,
        given_name="Yusuf",
        emails=["yusuf@example.org"],
        constituencies=["oppressed-nationalities", "youth"],
        site=port,
        status="supporter",
        city="Genova",
        country="IT",
        source="leaflet",
    )
    boris = contacts.contact_create(
        actor=b,
        unit=personas.unit_b,
        given_name="Boris",
        emails=["boris@example.net"],
        constituencies=["workers", "youth"],
        status="member",
        city="Genova",
        country="IT",
    )
    now = timezone.now()
    activity.interaction_log(
        actor=a,
        contact=anna,
        kind="conversation",
        assessment=2,
        occurred_at=now - timedelta(days=40),
    )
    activity.interaction_log(
        actor=a, contact=olga, kind="call", assessment=4, occurred_at=now - timedelta(days=5)
    )
    activity.interaction_log(
        actor=a, contact=yusuf, kind="visit", assessment=1, occurred_at=now - timedelta(days=100)
    )
    activity.interaction_log(actor=b, contact=boris, kind="visit", assessment=1)
    strike = contacts.struggle_save(
        actor=a, unit=personas.unit_a, title="Port strike", kind="strike", contacts=[anna]
    )
    return Crowd(anna=anna, marco=marco, olga=olga, yusuf=yusuf, boris=boris, strike=strike)


def found(personas, query: str, user: str = "organizer_a") -> set[str]:
    qs = selectors.contact_list(user=getattr(personas, user), query=query)
    return {contact.given_name for contact in qs}


EVERYONE_A = {"Anna", "Marco", "Olga", "Yusuf"}

CASES = [
    ("", EVERYONE_A),
    ("constituency:workers", {"Anna", "Marco"}),
    ("constituency:Workers", {"Anna", "Marco"}),
    ('constituency:"Oppressed nationalities"', {"Yusuf"}),
    ("constituency:oppressed-nationalities", {"Yusuf"}),
    ("constituency=women", {"Olga"}),
    ("constituency!=workers", {"Olga", "Yusuf"}),
    ("constituency:youth constituency:workers", {"Anna"}),
    ("constituency:youth AND constituency:workers", {"Anna"}),
    ('tag:"night shift"', {"Anna"}),
    ('tag:"NIGHT SHIFT"', {"Anna"}),
    ('tag!="night shift"', {"Marco", "Olga", "Yusuf"}),
    ("status:member", {"Marco"}),
    ("status:MEMBER", {"Marco"}),
    ("status!=member", {"Anna", "Olga", "Yusuf"}),
    ("assessment:2", {"Anna"}),
    ("assessment=2", {"Anna"}),
    ("assessment!=2", {"Marco", "Olga", "Yusuf"}),
    ("assessment<=2", {"Anna", "Yusuf"}),
    ("assessment<2", {"Yusuf"}),
    ("assessment>3", {"Olga"}),
    ("assessment>=4", {"Olga"}),
    ("assessment:none", {"Marco"}),
    ("last_contact>30d", {"Anna", "Yusuf", "Marco"}),
    ("last_contact>=30d", {"Anna", "Yusuf", "Marco"}),
    ("last_contact<30d", {"Olga"}),
    ("last_contact<=1w", {"Olga"}),
    ("last_contact>2m", {"Yusuf", "Marco"}),
    ("last_contact<1y", {"Anna", "Olga", "Yusuf"}),
    ("last_contact:never", {"Marco"}),
    ("last_contact!=never", {"Anna", "Olga", "Yusuf"}),
    ("created<30d", {"Anna", "Olga", "Yusuf"}),
    ("created>30d", {"Marco"}),
    ("country:IT", {"Anna", "Marco", "Yusuf"}),
    ("country:ru", {"Olga"}),
    ("country!=IT", {"Olga"}),
    ("city:genova", {"Anna", "Yusuf"}),
    ("city:Москва", {"Olga"}),
    ("language:ru", {"Olga"}),
    ("language:IT", {"Anna", "Marco"}),
    ('site:"Port depot"', {"Anna", "Yusuf"}),
    ("sector:logistics", {"Anna", "Yusuf"}),
    ("site_kind:campus", {"Olga"}),
    ("union:usb", {"Anna"}),
    ("source:leaflet", {"Yusuf"}),
    ('unit:"Unit A"', EVERYONE_A),
    ('struggle:"Port strike"', {"Anna"}),
    ('struggle!="Port strike"', {"Marco", "Olga", "Yusuf"}),
    ("consent_email:yes", {"Anna"}),
    ("consent_phone:true", {"Olga"}),
    ("consent_messaging:no", EVERYONE_A),
    ("has:email", {"Anna", "Yusuf"}),
    ("has:phone", {"Anna", "Olga"}),
    ("has!=email", {"Marco", "Olga"}),
    ("has:site", {"Anna", "Olga", "Yusuf"}),
    ("has:assessment", {"Anna", "Olga", "Yusuf"}),
    ("status:member OR status:candidate", {"Marco", "Olga"}),
    ("status:member or status:candidate", {"Marco", "Olga"}),
    ("NOT constituency:workers", {"Olga", "Yusuf"}),
    ("not constituency:workers", {"Olga", "Yusuf"}),
    ("NOT (city:genova OR city:torino)", {"Olga"}),
    ("(status:member OR status:candidate) AND constituency:women", {"Olga"}),
    ("constituency:youth (assessment:1 OR assessment:2)", {"Anna", "Yusuf"}),
    ('(status:member OR status:candidate) NOT tag:"students"', {"Marco"}),
    (
        "constituency:youth constituency:workers sector:logistics assessment<=2 last_contact>30d",
        {"Anna"},
    ),
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_each_field_and_operator_finds_the_right_contacts(personas, crowd, query, expected):
    assert found(personas, query) == expected


def test_a_struggle_can_be_named_by_its_number(personas, crowd):
    assert found(personas, f"struggle:{crowd.strike.pk}") == {"Anna"}


def test_an_organizer_of_unit_b_finds_only_unit_b_contacts_with_the_same_query(personas, crowd):
    assert found(personas, "constituency:workers", "organizer_b") == {"Boris"}
    assert found(personas, 'unit:"Unit A"', "organizer_b") == set()


def test_a_query_never_reaches_beyond_the_users_units(personas, crowd):
    assert found(personas, 'unit:"Unit B"') == set()
    assert found(personas, 'unit:"Unit A" OR unit:"Unit B"') == EVERYONE_A
    assert found(personas, "NOT constituency:nothing") == EVERYONE_A
    assert selectors.segment_count(user=personas.organizer_a, query="constituency:youth") == 2


def test_a_secretary_of_the_whole_party_sees_both_units(personas, crowd):
    assert found(personas, "constituency:workers", "secretary") == {"Anna", "Marco", "Boris"}


ERRORS = [
    ("foo:bar", "Unknown field “foo”"),
    ("workers", "“workers” is not a condition"),
    ("status:boss", "status takes one of: contact, sympathizer"),
    ("assessment:9", "assessment takes a number from 1 to 5"),
    ("assessment:high", "assessment takes a number from 1 to 5"),
    ("last_contact>soon", "last_contact takes an age such as 30d"),
    ("last_contact:30d", "last_contact takes < or >"),
    ("constituency>workers", "constituency takes : or != only"),
    ("country:XX", "XX is not an ISO 3166 country code"),
    ("language:russian", "language takes an ISO code"),
    ("consent_email:maybe", "consent_email takes yes or no"),
    ("has:car", "has takes one of: email, phone"),
    ("site_kind:factory", "site_kind takes one of"),
    ("(status:member", "A parenthesis is not closed"),
    ("status:member)", "Unexpected “)”"),
    ("status:member OR", "The query ends too early"),
    ("NOT", "The query ends too early"),
    ("()", "Unexpected “)”"),
    ("status:member && status:candidate", "Unexpected “&” at position 15"),
    ('city:"Genova', "A double quote is not closed after city"),
    ("status:", "status needs a value"),
    ('city:""', "city needs a value"),
    ("x" * (MAX_LENGTH + 1), "The query is too long"),
    (" ".join(["status:member"] * 41), "Too many conditions"),
]


@pytest.mark.parametrize(("query", "message"), ERRORS, ids=[e[1][:40] for e in ERRORS])
def test_a_bad_query_gets_a_clear_error(personas, crowd, query, message):
    with pytest.raises(SegmentQueryError) as caught:
        selectors.contact_list(user=personas.organizer_a, query=query)
    assert message in str(caught.value)


INJECTIONS = [
    'city:"x\' OR 1=1 --"',
    'city:"x\'); DROP TABLE people_contact; --"',
    "tag:\"') OR ('1'='1\"",
    'union:"%"',
    'union:"_"',
    "site:\"Port depot' OR '1'='1\"",
]


@pytest.mark.parametrize("query", INJECTIONS)
def test_sql_in_a_value_is_only_a_value(personas, crowd, query):
    assert found(personas, query) == set()
    assert Contact.objects.count() == 5


def test_sql_outside_quotes_is_refused_and_harms_nothing(personas, crowd):
    with pytest.raises(SegmentQueryError):
        to_q("city:x'; DROP TABLE people_contact; --")
    with pytest.raises(SegmentQueryError):
        to_q("status:member UNION SELECT * FROM accounts_user")
    assert Contact.objects.count() == 5


def test_an_empty_or_blank_query_means_every_visible_contact(personas, crowd):
    assert parse("") is None
    assert parse("   ") is None
    assert found(personas, "   ") == EVERYONE_A


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                *"abcstuy:=<>!()\" '%;-_0123456789 ",
                "status",
                "city",
                "OR",
                "NOT",
                "AND",
                "tag",
                "assessment",
                "last_contact",
                "30d",
                "member",
            ]
        ),
        max_size=25,
    ).map("".join)
)
def test_any_input_either_filters_or_fails_with_a_segment_error(personas, query):
    try:
        count = selectors.segment_count(user=personas.organizer_a, query=query)
    except SegmentQueryError as exc:
        assert str(exc)
    else:
        assert count == 0

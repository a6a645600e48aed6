"""Records of mass work for tests: a site, contacts, a struggle, a segment and a follow-up in
unit A, and one contact in unit B that organizer A must never see."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from massline.conftest import Personas
from massline.people.models import Contact, FollowUp, Segment, Site, Struggle
from massline.people.services import activity, contacts


@dataclass
class MassWork:
    site_a: Site
    site_b: Site
    anna: Contact
    marco: Contact
    boris: Contact
    struggle_a: Struggle
    segment_a: Segment
    segment_b: Segment
    follow_up_a: FollowUp


ANNA = {
    "given_name": "Anna",
    "family_name": "Bellucci",
    "emails": ["anna.bellucci@example.org"],
    "phones": ["+39 347 555 0101"],
    "address": "Via dei Portuali 14, Genova",
}
BORIS = {
    "given_name": "Boris",
    "family_name": "Kuznetsov",
    "emails": ["boris.kuznetsov@example.net"],
    "phones": ["+7 916 555 0202"],
    "address": "ulitsa Lenina 7, Samara",
}


def build_mass_work(personas: Personas) -> MassWork:
    contacts.ensure_builtin_constituencies()
    organizer_a, organizer_b = personas.organizer_a, personas.organizer_b
    site_a = contacts.site_create(
        actor=organizer_a,
        unit=personas.unit_a,
        name="Port depot",
        kind="workplace",
        sector="logistics",
        city="Genova",
        country="IT",
    )
    site_b = contacts.site_create(
        actor=organizer_b,
        unit=personas.unit_b,
        name="Samara plant",
        kind="workplace",
        sector="manufacturing",
        city="Samara",
        country="RU",
    )
    anna = contacts.contact_create(
        actor=organizer_a,
        unit=personas.unit_a,
        site=site_a,
        constituencies=["workers", "youth"],
        tags=["night shift"],
        city="Genova",
        country="IT",
        consent_email=True,
        **ANNA,
    )
    marco = contacts.contact_create(
        actor=organizer_a,
        unit=personas.unit_a,
        given_name="Marco",
        family_name="Ferri",
        constituencies=["workers"],
        status="member",
    )
    boris = contacts.contact_create(
        actor=organizer_b,
        unit=personas.unit_b,
        site=site_b,
        constituencies=["workers", "youth"],
        city="Samara",
        country="RU",
        **BORIS,
    )
    activity.interaction_log(
        actor=organizer_a,
        contact=anna,
        kind="conversation",
        outcome="positive",
        notes="Talked about the shift rota.",
        assessment=2,
        occurred_at=timezone.now() - timedelta(days=40),
    )
    struggle_a = contacts.struggle_save(
        actor=organizer_a,
        unit=personas.unit_a,
        title="Port strike",
        kind="strike",
        status="active",
        sites=[site_a],
        constituencies=["workers"],
        contacts=[anna],
    )
    segment_a = contacts.segment_create(
        actor=organizer_a, unit=personas.unit_a, name="Young workers", query="constituency:youth"
    )
    segment_b = contacts.segment_create(
        actor=organizer_b, unit=personas.unit_b, name="Young workers B", query="constituency:youth"
    )
    follow_up_a = activity.follow_up_create(
        actor=organizer_a,
        contact=anna,
        due_on=timezone.localdate() + timedelta(days=2),
        task="Bring the leaflet",
        assigned_to=organizer_a,
    )
    return MassWork(
        site_a=site_a,
        site_b=site_b,
        anna=anna,
        marco=marco,
        boris=boris,
        struggle_a=struggle_a,
        segment_a=segment_a,
        segment_b=segment_b,
        follow_up_a=follow_up_a,
    )

"""The mass work of the two demo branches: sites, struggles, contacts and their history.

Every person, site and struggle here is invented (the names are generated from lists of
common first and family names); their notes say so. Dates are relative to the day the demo is
loaded, so that "not contacted in 30 days" means something on any day.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from massline.accounts.models import Unit, User
from massline.demo.scenario.data import FICTIONAL
from massline.people.models import Contact, Segment, Site, Struggle
from massline.people.services.activity import NextStep, assessment_set, interaction_log
from massline.people.services.contacts import (
    contact_create,
    ensure_builtin_constituencies,
    segment_create,
    site_create,
    struggle_save,
)

DEMO_SOURCE = "demo scenario"

GIVEN = {
    "f": [
        "Анна",
        "Мария",
        "Елена",
        "Ольга",
        "Наталья",
        "Татьяна",
        "Айгуль",
        "Гульнара",
        "Светлана",
        "Дарья",
        "Зарина",
        "Ирина",
    ],
    "m": [
        "Иван",
        "Алексей",
        "Сергей",
        "Дмитрий",
        "Андрей",
        "Рустам",
        "Тимур",
        "Николай",
        "Павел",
        "Артём",
        "Ильдар",
        "Михаил",
    ],
}
FAMILY = {
    "f": [
        "Иванова",
        "Смирнова",
        "Кузнецова",
        "Попова",
        "Волкова",
        "Сафина",
        "Хабибуллина",
        "Морозова",
        "Лебедева",
        "Ахметова",
    ],
    "m": [
        "Иванов",
        "Смирнов",
        "Кузнецов",
        "Попов",
        "Волков",
        "Сафин",
        "Хабибуллин",
        "Морозов",
        "Лебедев",
        "Ахметов",
    ],
}


@dataclass(frozen=True)
class SiteSpec:
    key: str
    unit: str
    name: str
    kind: str
    sector: str
    size: int
    city: str


SITES = (
    SiteSpec("depot", "moscow", "Bus depot No. 4", "workplace", "logistics", 900, "Moscow"),
    SiteSpec(
        "warehouse", "moscow", "Parcel warehouse North", "workplace", "logistics", 1400, "Moscow"
    ),
    SiteSpec(
        "garment",
        "moscow",
        "Garment workshop on the embankment",
        "workplace",
        "textiles",
        120,
        "Moscow",
    ),
    SiteSpec("campus", "moscow", "Polytechnic campus", "campus", "education", 6000, "Moscow"),
    SiteSpec(
        "plant", "urals", "Pipe rolling plant", "workplace", "metallurgy", 3500, "Yekaterinburg"
    ),
    SiteSpec(
        "district",
        "urals",
        "Uralmash housing blocks",
        "neighbourhood",
        "housing",
        20000,
        "Yekaterinburg",
    ),
)

# (site key, constituencies) of each group of contacts, and how many
GROUPS = (
    ("depot", ["workers"], 14),
    ("depot", ["workers", "youth"], 6),
    ("warehouse", ["workers", "youth"], 8),
    ("warehouse", ["workers", "oppressed-nationalities"], 5),
    ("garment", ["workers", "women"], 9),
    ("campus", ["youth"], 8),
    ("plant", ["workers"], 12),
    ("plant", ["workers", "youth"], 4),
    ("district", ["women"], 6),
    ("district", ["oppressed-nationalities"], 4),
)

STRUGGLES = (
    (
        "moscow",
        "Depot drivers' strike over unpaid overtime",
        "strike",
        "active",
        ["depot"],
        ["workers"],
        40,
    ),
    (
        "moscow",
        "Garment workshop: wages paid three months late",
        "protest",
        "won",
        ["garment"],
        ["workers", "women"],
        160,
    ),
    (
        "urals",
        "Uralmash tenants against the demolition of block 7",
        "tenants",
        "active",
        ["district"],
        ["women"],
        75,
    ),
)

NOTES = [
    "Talked at the gate at shift change; interested in the strike fund.",
    "Worried about being seen with us; prefers to meet outside the workplace.",
    "Brought two colleagues to the meeting.",
    "Asked for the leaflet in Tatar.",
    "Says the foreman threatens anyone who talks about overtime pay.",
    "Reads the bulletin regularly; not ready to join anything yet.",
    "Took ten leaflets to hand out on the night shift.",
]


def _organizers(units: dict[str, Unit], key: str) -> User:
    membership = units[key].memberships.filter(role="organizer").select_related("user").first()
    if membership is None:
        raise RuntimeError(f"the demo has no organizer in {units[key]}")
    return membership.user


def load_mass_work(admin: User, units: dict[str, Unit], count: Callable[[str, bool], None]) -> None:
    """Create the mass-work part of the demo unless the branches have it already."""
    ensure_builtin_constituencies()
    existing = Contact.objects.filter(source=DEMO_SOURCE).count()
    if existing:
        for _existing in range(existing):
            count("contacts", False)
        return
    rng = random.Random(2023)  # noqa: S311 - invented demo people, not secrets
    now = timezone.now()
    sites: dict[str, Site] = {}
    for spec in SITES:
        site = Site.objects.filter(unit=units[spec.unit], name=spec.name).first()
        if site is None:
            site = site_create(
                actor=admin,
                unit=units[spec.unit],
                name=spec.name,
                kind=spec.kind,
                sector=spec.sector,
                size=spec.size,
                city=spec.city,
                country="RU",
                notes=f"{FICTIONAL}",
            )
            count("sites", True)
        sites[spec.key] = site

    contacts_by_site: dict[str, list[Contact]] = {}
    serial = 0
    for site_key, constituencies, number in GROUPS:
        site = sites[site_key]
        unit_key = next(s.unit for s in SITES if s.key == site_key)
        organizer = _organizers(units, unit_key)
        for _index in range(number):
            serial += 1
            sex = rng.choice("fm")
            given, family = rng.choice(GIVEN[sex]), rng.choice(FAMILY[sex])
            contact = contact_create(
                actor=organizer,
                unit=units[unit_key],
                given_name=given,
                family_name=family,
                emails=[f"demo.contact{serial}@example.org"] if rng.random() < 0.6 else [],
                phones=[f"+7900{serial:07d}"] if rng.random() < 0.7 else [],
                constituencies=constituencies,
                languages=["ru"] if rng.random() < 0.8 else ["ru", "tt"],
                country="RU",
                city=site.city,
                site=site,
                status=rng.choice(
                    ["contact", "contact", "sympathizer", "supporter", "candidate", "member"]
                ),
                consent_email=rng.random() < 0.5,
                consent_phone=rng.random() < 0.6,
                source=DEMO_SOURCE,
                notes=f"{FICTIONAL} An invented person.",
            )
            count("contacts", True)
            contacts_by_site.setdefault(site_key, []).append(contact)
            # a history: older assessments, then conversations, some recent, some long ago
            first_seen = now - timedelta(days=rng.randint(60, 420))
            assessment_set(
                actor=organizer,
                contact=contact,
                level=rng.choice([3, 4, 4, 5]),
                note=f"{FICTIONAL} First impression.",
                assessed_at=first_seen,
            )
            for visit in range(rng.randint(0, 4)):
                when = first_seen + timedelta(days=rng.randint(5, 50) * (visit + 1))
                if when >= now:
                    break
                interaction_log(
                    actor=organizer,
                    contact=contact,
                    kind=rng.choice(
                        ["conversation", "conversation", "visit", "call", "leaflet", "meeting"]
                    ),
                    occurred_at=when,
                    outcome=rng.choice(
                        ["positive", "positive", "neutral", "negative", "not_reached"]
                    ),
                    notes=f"{rng.choice(NOTES)} {FICTIONAL}",
                    assessment=rng.choice([None, None, 1, 2, 2, 3, 3, 4]),
                )
            if rng.random() < 0.3:
                interaction_log(
                    actor=organizer,
                    contact=contact,
                    kind="conversation",
                    outcome="positive",
                    occurred_at=now - timedelta(days=rng.randint(1, 20)),
                    notes=f"{rng.choice(NOTES)} {FICTIONAL}",
                    next_step=NextStep(
                        due_on=(now + timedelta(days=rng.randint(-1, 14))).date(),
                        task=f"Invite to the next meeting. {FICTIONAL}",
                        assigned_to=organizer,
                    ),
                )
                count("follow-ups", True)

    for unit_key, title, kind, status, site_keys, constituencies, days_ago in STRUGGLES:
        if Struggle.objects.filter(unit=units[unit_key], title=title).exists():
            continue
        involved = [c for key in site_keys for c in contacts_by_site.get(key, [])][:8]
        struggle_save(
            actor=admin,
            unit=units[unit_key],
            title=title,
            kind=kind,
            status=status,
            started=(now - timedelta(days=days_ago)).date(),
            ended=(now - timedelta(days=10)).date() if status == "won" else None,
            description=f"{FICTIONAL} An invented struggle for the demo.",
            our_support=f"{FICTIONAL} Leaflets at the gate, a solidarity collection, legal advice.",
            sites=[sites[key] for key in site_keys],
            constituencies=constituencies,
            contacts=involved,
        )
        count("struggles", True)

    if not Segment.objects.filter(unit=units["moscow"]).exists():
        segment_create(
            actor=_organizers(units, "moscow"),
            unit=units["moscow"],
            name="Young workers in logistics, assessed 1-2, not contacted in 30 days",
            query="constituency:youth constituency:workers sector:logistics assessment<=2 "
            "last_contact>30d",
        )
        count("segments", True)

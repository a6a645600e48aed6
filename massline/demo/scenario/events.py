"""Events in the demo: PMLI's Mao commemoration in Florence (September 2023, we were guests),
the first conference of the united front hosted by MLPD with our delegation of three, a few
public RSVPs, and the anniversaries the calendar proposes greetings for.

The commemoration's exact day, hours and venue, the conference's date and venue, the delegates
and the people who answered are invented and say so with `FICTIONAL`. Records are found by
natural keys (slugs, titles, addresses) so that a second run writes nothing.
"""

import datetime
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.utils import timezone

from massline.accounts.models import Unit, User
from massline.demo.scenario.data import FICTIONAL
from massline.directory.models import Organization
from massline.events import services
from massline.events.models import Anniversary, Delegation, Event, Rsvp
from massline.vault.fields import lookup_index

Count = Callable[[str, bool], None]

FLORENCE_SLUG = "mao-commemoration-florence-2023"
CONFERENCE_SLUG = "united-front-first-conference"

DELEGATES = (
    ("Анна Северова", "head", "anna.severova@example.org", "Visa granted; arrives by train."),
    ("Пётр Уральцев", "delegate", "", "Visa appointment pending."),
    ("Мария Лингвистова", "interpreter", "", "Interprets Russian–German."),
)
PUBLIC_RSVPS = (
    ("Jonas Beispiel", "jonas.beispiel@example.org", "Betriebsgruppe Nord"),
    ("Lea Muster", "lea.muster@example.org", ""),
    ("Paolo Esempio", "paolo.esempio@example.org", "Circolo operaio"),
    ("Ayşe Örnek", "ayse.ornek@example.org", "Solidaritätskomitee"),
)


def _local(zone: str, year: int, month: int, day: int, hour: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=ZoneInfo(zone)).astimezone(datetime.UTC)


def _florence(admin: User, unit: Unit, pmli: Organization | None, count: Count) -> Event:
    event = Event.objects.filter(slug=FLORENCE_SLUG).first()
    count("events", event is None)
    if event is not None:
        return event
    event = services.event_create(
        actor=admin,
        slug=FLORENCE_SLUG,
        kind=Event.Kind.COMMEMORATION,
        title="Commemorazione di Mao a Firenze",
        description=(
            "PMLI's commemoration of Mao Zedong in Florence, September 2023. We were invited as "
            "guests and sent a fraternal greeting. "
            f"{FICTIONAL} The day, the hours and the venue shown here are examples."
        ),
        language="it",
        unit=unit,
        host=pmli,
        our_role=Event.Role.GUEST,
        starts_at=_local("Europe/Rome", 2023, 9, 17, 10),
        ends_at=_local("Europe/Rome", 2023, 9, 17, 13),
        time_zone="Europe/Rome",
        venue=f"Example hall {FICTIONAL}",
        address="Firenze, Italia",
        visibility=Event.Visibility.MEMBERS,
        rsvp_open=False,
        remind_hours_before=0,
    )
    services.event_translation_save(
        actor=admin,
        event=event,
        language="ru",
        title="Чествование Мао во Флоренции",
        description="Мероприятие ПМЛИ памяти Мао Цзэдуна; мы приглашены как гости. "
        f"{FICTIONAL} День, часы и место — примеры.",
    )
    services.event_translation_save(
        actor=admin,
        event=event,
        language="en",
        title="Mao commemoration in Florence",
        description=event.description,
    )
    return event


def _conference(
    admin: User,
    unit: Unit,
    mlpd: Organization | None,
    front: Organization | None,
    count: Count,
) -> Event:
    event = Event.objects.filter(slug=CONFERENCE_SLUG).first()
    count("events", event is None)
    if event is not None:
        return event
    day = timezone.localdate() + datetime.timedelta(days=60)
    event = services.event_create(
        actor=admin,
        slug=CONFERENCE_SLUG,
        kind=Event.Kind.CONFERENCE,
        title="Erste Konferenz der Antiimperialistischen und Antifaschistischen Einheitsfront",
        description=(
            "The first conference of the Anti-imperialist and Antifascist United Front, hosted "
            "by MLPD. Delegations of the member organizations, open sessions for the public. "
            f"{FICTIONAL} The date and the venue are examples."
        ),
        language="de",
        unit=unit,
        host=mlpd,
        co_hosts=[front] if front else None,
        our_role=Event.Role.DELEGATION,
        starts_at=_local("Europe/Berlin", day.year, day.month, day.day, 10),
        ends_at=_local("Europe/Berlin", day.year, day.month, day.day, 18)
        + datetime.timedelta(days=1),
        time_zone="Europe/Berlin",
        venue=f"Example conference hall {FICTIONAL}",
        address="Deutschland",
        visibility=Event.Visibility.PUBLIC,
        capacity=300,
    )
    for language, title in (
        ("en", "First conference of the Anti-imperialist and Antifascist United Front"),
        ("ru", "Первая конференция Антиимпериалистического и антифашистского единого фронта"),
        ("it", "Prima conferenza del Fronte unito antimperialista e antifascista"),
    ):
        services.event_translation_save(
            actor=admin, event=event, language=language, title=title, description=""
        )
    return event


def _delegation(admin: User, event: Event, ours: Organization | None, count: Count) -> None:
    if ours is None:
        return
    delegation = Delegation.objects.filter(event=event, organization=ours).first()
    count("delegations", delegation is None)
    if delegation is None:
        delegation = services.delegation_create(
            actor=admin,
            event=event,
            organization=ours,
            notes=f"{FICTIONAL} Travel together from Moscow via Istanbul; hotel booked by MLPD.",
        )
    existing = {d.name for d in delegation.delegates.all()}
    for name, role, email, notes in DELEGATES:
        full = f"{name} {FICTIONAL}"
        count("delegates", full not in existing)
        if full not in existing:
            services.delegate_add(
                actor=admin,
                delegation=delegation,
                name=full,
                role=role,
                email=email,
                travel_notes=f"{FICTIONAL} {notes}",
                language="ru",
            )


def _rsvps(event: Event, count: Count) -> None:
    for name, email, organization in PUBLIC_RSVPS:
        index = lookup_index(Rsvp, "email_index", email)
        exists = Rsvp.objects.filter(event=event, email_index=index).exists()
        count("RSVPs", not exists)
        if not exists:
            services.rsvp_submit(
                event=event,
                name=f"{name} {FICTIONAL}",
                email=email,
                organization_name=organization,
                language="de",
            )


def _anniversary(
    admin: User, count: Count, *, title: str, organizations: list[Organization], **fields: object
) -> None:
    found = Anniversary.objects.filter(title=title).first()
    count("anniversaries", found is None)
    if found is None:
        services.anniversary_create(
            actor=admin,
            title=title,
            organizations=organizations,
            **fields,  # type: ignore[arg-type]
        )


def _anniversaries(admin: User, organizations: dict[str, Organization], count: Count) -> None:
    def some(*names: str) -> list[Organization]:
        return [organizations[n] for n in names if n in organizations]

    _anniversary(
        admin,
        count,
        title="Birth of Mao Zedong",
        organizations=some("PMLI", "RMP"),
        kind=Anniversary.Kind.BIRTH,
        month=12,
        day=26,
        year=1893,
        remind_days_before=14,
    )
    _anniversary(
        admin,
        count,
        title="Death of Mao Zedong",
        organizations=some("PMLI", "RMP"),
        kind=Anniversary.Kind.DEATH,
        month=9,
        day=9,
        year=1976,
        remind_days_before=14,
    )
    _anniversary(
        admin,
        count,
        title="International Women's Day",
        organizations=some("PMLI", "MLPD", "United Front"),
        kind=Anniversary.Kind.STRUGGLE,
        month=3,
        day=8,
        remind_days_before=7,
    )
    _anniversary(
        admin,
        count,
        title="May Day, International Workers' Day",
        organizations=some("PMLI", "MLPD", "United Front"),
        kind=Anniversary.Kind.STRUGGLE,
        month=5,
        day=1,
        remind_days_before=10,
    )
    for organization in organizations.values():
        if organization.founded is None:
            continue
        _anniversary(
            admin,
            count,
            title=f"Founding of {organization.short_name}",
            description=f"{FICTIONAL} The founding day is part of the invented record.",
            organizations=[organization],
            kind=Anniversary.Kind.FOUNDING,
            month=organization.founded.month,
            day=organization.founded.day,
            year=organization.founded.year,
            remind_days_before=7,
        )


def load_events(
    admin: User, units: dict[str, Unit], organizations: dict[str, Organization], count: Count
) -> None:
    unit = units.get("international") or units["root"]
    _florence(admin, unit, organizations.get("PMLI"), count)
    conference = _conference(
        admin, unit, organizations.get("MLPD"), organizations.get("United Front"), count
    )
    _delegation(admin, conference, organizations.get("RMP"), count)
    if conference.ends_at > timezone.now() and conference.rsvp_open:
        _rsvps(conference, count)
    _anniversaries(admin, organizations, count)

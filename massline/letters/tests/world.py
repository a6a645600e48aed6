"""Letters in every state, for the tests of this app and the access tables."""

from dataclasses import dataclass

from django.utils import timezone

from massline.conftest import Personas
from massline.directory.models import Organization
from massline.directory.services import organization_create
from massline.events.models import Anniversary
from massline.events.services import anniversary_create
from massline.letters import services
from massline.letters.models import Letter
from massline.letters.services import RecipientSpec

GREETING_RU = (
    "Дорогие товарищи!\n\nПриветствуем вашу конференцию и желаем успехов в борьбе "
    "против войны и за дело рабочих."
)
GREETING_IT = (
    "Cari compagni,\n\nsalutiamo la vostra conferenza e vi auguriamo successo nella lotta "
    "contro la guerra e per la causa dei lavoratori."
)


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class LettersWorld:
    pmli: Organization
    mlpd: Organization
    draft_a: Letter
    review_a: Letter
    approved_root: Letter
    inbound_a: Letter
    anniversary: Anniversary


def make_org(actor, short: str, name: str, country: str, language: str) -> Organization:
    existing = Organization.objects.filter(short_name__iexact=short).first()
    if existing is not None:
        return existing
    return organization_create(
        actor=actor,
        name=name,
        short_name=short,
        country=country,
        kind=Organization.Kind.PARTY,
        own_language=language,
    )


def draft(
    personas: Personas, *, unit=None, author=None, subject="Greetings", orgs=(), body=GREETING_RU
) -> Letter:
    return services.letter_create(
        actor=author or personas.organizer_a,
        unit=unit or personas.unit_a,
        kind=Letter.Kind.GREETING,
        subject=subject,
        recipients=[
            RecipientSpec(organization=o, email=f"{o.short_name.lower()}@example.org") for o in orgs
        ],
        language="ru",
        body=body,
        signatories="Central Committee",
        place="Moscow",
    )


def build_letters_world(personas: Personas) -> LettersWorld:
    pmli = make_org(personas.secretary, "PMLI", "Italian Marxist-Leninist Party", "IT", "it")
    mlpd = make_org(personas.secretary, "MLPD", "Marxist-Leninist Party of Germany", "DE", "de")
    draft_a = draft(personas, orgs=[pmli])
    review_a = draft(personas, subject="Solidarity", orgs=[mlpd])
    services.letter_submit(actor=personas.organizer_a, letter=review_a)
    approved_root = draft(personas, unit=personas.root, author=personas.secretary, orgs=[pmli])
    services.version_save(
        actor=personas.secretary,
        letter=approved_root,
        language="it",
        subject="Saluti",
        body=GREETING_IT,
        translator="Commissione esteri",
    )
    services.letter_submit(actor=personas.secretary, letter=approved_root)
    services.letter_approve(actor=personas.admin, letter=approved_root)
    inbound_a = services.inbound_register(
        actor=personas.organizer_a,
        unit=personas.unit_a,
        sender=pmli,
        kind=Letter.Kind.REPLY,
        subject="Thanks",
        received_on=approved_root.created_at.date(),
        language="it",
        body="Grazie compagni.",
        pdf=MINIMAL_PDF,
        pdf_name="grazie.pdf",
    )
    services.letter_publish(actor=personas.secretary, letter=approved_root, languages=["ru"])
    today = timezone.localdate()
    anniversary = anniversary_create(
        actor=personas.admin,
        title="Founding day of the PMLI",
        kind=Anniversary.Kind.FOUNDING,
        month=today.month,
        day=min(today.day, 28),
        year=1977,
        remind_days_before=30,
        organizations=[pmli],
    )
    for letter in (draft_a, review_a, approved_root, inbound_a):
        letter.refresh_from_db()
    return LettersWorld(
        pmli=pmli,
        mlpd=mlpd,
        draft_a=draft_a,
        review_a=review_a,
        approved_root=approved_root,
        inbound_a=inbound_a,
        anniversary=anniversary,
    )

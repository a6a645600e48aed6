"""The demo petition of the campaign for Boris Kagarlitsky, in four languages, with a few
hundred invented signers from many countries.

The petition's wording is written for the demo; every signer is a fictional example (names
combined from common first and family names, addresses at example.org/.net/.com), which the
petition text says with `FICTIONAL`. Most signatures are confirmed, spread over the weeks since
the campaign began, and entered in bulk through `signatures_add_confirmed`; a few await
confirmation (signed through `signature_sign` without a mail: nobody would receive it).
Running it twice adds nothing: the petition is found by its address and signers by the blind
index of their email.
"""

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from massline.accounts.models import Unit, User
from massline.campaigns.models import Campaign
from massline.campaigns.petitions import services
from massline.campaigns.petitions.models import Petition, Signature
from massline.demo.scenario.data import FICTIONAL

CAMPAIGN_SLUG = "free-boris-kagarlitsky"
SLUG = "free-boris-kagarlitsky"
CONFIRMED = 340
PENDING = 25

TEXTS = {
    "en": (
        "Release Boris Kagarlitsky now",
        "Boris Kagarlitsky, sociologist and writer, is in prison in Russia for a post on his "
        "blog. We, the undersigned, ask for his immediate release, for the charges to be "
        "dropped, and for his right to receive letters, visits and medical care to be "
        "respected while he is held.\n\n"
        f"{FICTIONAL} The signatures shown in this demonstration are invented.",
    ),
    "ru": (
        "Свободу Борису Кагарлицкому",
        "Социолог и писатель Борис Кагарлицкий находится в заключении в России за запись в "
        "своём блоге. Мы, нижеподписавшиеся, требуем его немедленного освобождения, снятия "
        "обвинений и соблюдения его права получать письма, свидания и медицинскую помощь, "
        "пока он находится под стражей.\n\n"
        "(вымышленный пример) Подписи в этой демонстрации придуманы.",
    ),
    "it": (
        "Libertà subito per Boris Kagarlitsky",
        "Boris Kagarlitsky, sociologo e scrittore, è in carcere in Russia per un post sul suo "
        "blog. Noi sottoscritti chiediamo la sua liberazione immediata, il ritiro delle accuse "
        "e il rispetto del suo diritto a ricevere lettere, visite e cure mediche finché è "
        "detenuto.\n\n"
        "(esempio fittizio) Le firme di questa dimostrazione sono inventate.",
    ),
    "de": (
        "Freiheit für Boris Kagarlitzki – sofort",
        "Der Soziologe und Schriftsteller Boris Kagarlitzki ist in Russland wegen eines "
        "Blogbeitrags in Haft. Wir, die Unterzeichnenden, fordern seine sofortige Freilassung, "
        "die Einstellung des Verfahrens und die Achtung seines Rechts auf Briefe, Besuche und "
        "medizinische Versorgung, solange er festgehalten wird.\n\n"
        "(fiktives Beispiel) Die Unterschriften in dieser Demonstration sind erfunden.",
    ),
}

# (country, first names, family names, cities): invented combinations of common names.
PEOPLE: list[tuple[str, list[str], list[str], list[str]]] = [
    (
        "RU",
        ["Anna", "Irina", "Dmitry", "Sergei", "Olga", "Pavel"],
        ["Smirnova", "Volkov", "Kuznetsova", "Orlov", "Popova"],
        ["Moskva", "Kazan", "Samara"],
    ),
    (
        "IT",
        ["Giulia", "Marco", "Francesca", "Luca", "Chiara"],
        ["Bianchi", "Esposito", "Colombo", "Ricci"],
        ["Firenze", "Bologna", "Napoli"],
    ),
    (
        "DE",
        ["Jonas", "Lena", "Paul", "Sophie", "Felix"],
        ["Schneider", "Wagner", "Becker", "Hoffmann"],
        ["Essen", "Leipzig", "Hamburg"],
    ),
    (
        "FR",
        ["Camille", "Hugo", "Léa", "Louis"],
        ["Martin", "Bernard", "Petit"],
        ["Lyon", "Lille", "Marseille"],
    ),
    (
        "GB",
        ["Oliver", "Amelia", "Harry", "Isla"],
        ["Taylor", "Evans", "Wilson"],
        ["Leeds", "Glasgow", "Bristol"],
    ),
    (
        "ES",
        ["Lucía", "Hugo", "Martina", "Pablo"],
        ["García", "López", "Martín"],
        ["Sevilla", "Zaragoza", "Bilbao"],
    ),
    (
        "TR",
        ["Elif", "Mehmet", "Zeynep", "Emre"],
        ["Yılmaz", "Kaya", "Demir"],
        ["İzmir", "Ankara", "Bursa"],
    ),
    (
        "IN",
        ["Priya", "Arjun", "Ananya", "Rohan"],
        ["Sharma", "Iyer", "Das"],
        ["Kolkata", "Chennai", "Pune"],
    ),
    (
        "BR",
        ["Ana", "João", "Beatriz", "Lucas"],
        ["Silva", "Santos", "Oliveira"],
        ["Recife", "Porto Alegre", "Salvador"],
    ),
    (
        "AR",
        ["Sofía", "Mateo", "Valentina"],
        ["González", "Rodríguez", "Fernández"],
        ["Rosario", "Córdoba"],
    ),
    ("PL", ["Zofia", "Jakub", "Maja"], ["Nowak", "Kowalski", "Wójcik"], ["Kraków", "Łódź"]),
    ("GR", ["Eleni", "Giorgos", "Maria"], ["Papadopoulou", "Nikolaidis"], ["Thessaloniki"]),
    ("US", ["Emma", "Liam", "Olivia"], ["Johnson", "Brown", "Miller"], ["Detroit", "Oakland"]),
    ("PH", ["Maria", "Jose", "Andrea"], ["Reyes", "Cruz", "Bautista"], ["Quezon City", "Cebu"]),
    ("ZA", ["Thandi", "Sipho", "Lerato"], ["Nkosi", "Dlamini", "Mokoena"], ["Durban"]),
    ("KZ", ["Aigerim", "Nursultan", "Dana"], ["Abenova", "Seitkali"], ["Almaty"]),
]
WEIGHTS = [30, 14, 12, 8, 7, 6, 5, 4, 4, 3, 3, 2, 3, 2, 2, 2]
DOMAINS = ["example.org", "example.net", "example.com"]


def _signers(count: int, rng: random.Random, start: datetime, days: int) -> list[Any]:
    signers = []
    for number in range(count):
        country, firsts, families, cities = rng.choices(PEOPLE, weights=WEIGHTS)[0]
        first, family = rng.choice(firsts), rng.choice(families)
        # earlier days get fewer signatures, the latest weeks more: a campaign that grows
        day = int(days * (rng.random() ** 0.6))
        signers.append(
            services.PaperSigner(
                name=f"{first} {family}",
                email=f"demo.signer.{number}@{rng.choice(DOMAINS)}",
                country=country,
                city=rng.choice(cities) if rng.random() < 0.7 else "",
                display=rng.choices(
                    [Signature.Display.HIDDEN, Signature.Display.FIRST, Signature.Display.FULL],
                    weights=[5, 3, 2],
                )[0],
                consent_contact=rng.random() < 0.4,
                signed_at=start + timedelta(days=day, minutes=rng.randint(0, 24 * 60 - 1)),
            )
        )
    return signers


def load_petitions(
    admin: User,
    units: dict[str, Unit],
    organizations: dict[str, Any],
    count: Callable[[str, bool], None],
) -> None:
    campaign = Campaign.objects.filter(slug=CAMPAIGN_SLUG).first()
    if campaign is None:
        return
    petition = Petition.objects.filter(slug=SLUG).first()
    count("petitions", petition is None)
    if petition is None:
        title, text = TEXTS["en"]
        petition = services.petition_create(
            actor=admin,
            campaign=campaign,
            slug=SLUG,
            target="The Prosecutor General of the Russian Federation",
            goal=1000,
            language="en",
            status=Petition.Status.OPEN,
            title=title,
            text=text,
        )
    for language, (title, text) in TEXTS.items():
        if not petition.texts.filter(language=language).exists():
            services.petition_text_save(
                actor=admin, petition=petition, language=language, title=title, text=text
            )
    rng = random.Random(2023)  # noqa: S311 - invented examples, reproducible
    start = datetime(2023, 9, 1, tzinfo=UTC)
    now = datetime.now(UTC)
    days = max(1, min(120, (now - start).days))
    start = now - timedelta(days=days)
    signers = _signers(CONFIRMED + PENDING, rng, start, days)
    added = services.signatures_add_confirmed(
        actor=admin, petition=petition, signers=signers[:CONFIRMED]
    )
    for _ in range(added):
        count("petition signatures", True)
    for _ in range(CONFIRMED - added):
        count("petition signatures", False)
    for signer in signers[CONFIRMED:]:
        before = Signature.objects.filter(petition=petition).count()
        services.signature_sign(
            petition=petition,
            name=signer.name,
            email=signer.email,
            country=signer.country,
            city=signer.city,
            display=signer.display,
            consent_contact=signer.consent_contact,
            mail=False,
        )
        count("petition signatures", Signature.objects.filter(petition=petition).count() > before)

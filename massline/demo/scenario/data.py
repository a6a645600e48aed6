"""The facts of the demo scenario, as data.

Only four organizations are real, and of them only what DESIGN.md states is recorded: the
Russian Maoist Party (RMP), PMLI, MLPD and the Anti-imperialist and Antifascist United Front.
Everything else is invented: the units and people, and the other organizations, positions,
dossier notes and figures, whose texts say so with `FICTIONAL`.
"""

from dataclasses import dataclass
from datetime import date

from massline.accounts.models import Role, Unit
from massline.directory.models import Organization, Position, Relation

FICTIONAL = "(fictional example)"
PASSWORD = "massline-demo-2023"  # noqa: S105 - printed on purpose; demo instances only
LETTER = "the RMP's fraternal letter to PMLI of 16 September 2023"

Kind = Organization.Kind
Status = Organization.RelationStatus
Stance = Position.Stance

# Units ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    key: str
    name: str
    kind: str
    parent: str = ""


UNITS = (
    UnitSpec("root", "Russian Maoist Party", Unit.Kind.ORGANIZATION),
    UnitSpec("moscow", "Moscow branch", Unit.Kind.BRANCH, "root"),
    UnitSpec("urals", "Urals branch", Unit.Kind.BRANCH, "root"),
    UnitSpec("international", "International commission", Unit.Kind.COMMISSION, "root"),
)


# People -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonaSpec:
    email: str
    display_name: str
    title: str
    sees: str
    unit: str = ""
    role: str = ""
    superuser: bool = False


PERSONAS = (
    PersonaSpec(
        "admin@example.org",
        "Demo Administrator",
        "Instance administrator",
        "everything: every unit, the confidential organization, the admin site and the audit log",
        superuser=True,
    ),
    PersonaSpec(
        "secretary@example.org",
        "Irina Primerova",
        "International secretary (whole party)",
        "the whole directory including the International commission's confidential "
        "organization; edits organizations, positions and dossiers; invites people into "
        "every unit",
        unit="root",
        role=Role.SECRETARY,
    ),
    PersonaSpec(
        "moscow.organizer@example.org",
        "Pavel Obraztsov",
        "Organizer, Moscow branch",
        "the Moscow branch's contacts, sites, struggles, segments and follow-ups (and nobody "
        "else's); the directory read only, without the confidential organization",
        unit="moscow",
        role=Role.ORGANIZER,
    ),
    PersonaSpec(
        "urals.organizer@example.org",
        "Olga Shablonova",
        "Organizer, Urals branch",
        "the Urals branch's contacts only, never Moscow's; the directory read only, without "
        "the confidential organization; the same rights as "
        "the Moscow organizer, in a separate compartment",
        unit="urals",
        role=Role.ORGANIZER,
    ),
    PersonaSpec(
        "member@example.org",
        "Timur Testov",
        "Member, Moscow branch",
        "the directory read only, without the confidential organization",
        unit="moscow",
        role=Role.MEMBER,
    ),
    PersonaSpec(
        "delegate@example.org",
        "Giulia Esempio",
        "Guest / delegate, International commission",
        "only the home page: guests and delegates do not read the directory, not even the "
        "commission's confidential organization",
        unit="international",
        role=Role.GUEST,
    ),
)

DEMO_EMAILS = frozenset(persona.email for persona in PERSONAS)


# Organizations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganizationSpec:
    short_name: str
    name: str
    name_own: str
    own_language: str
    country: str
    kind: str
    relation_status: str
    notes: str
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    founded: date | None = None
    confidential_unit: str = ""


REAL_ORGANIZATIONS = (
    OrganizationSpec(
        "RMP",
        "Russian Maoist Party",
        "Российская маоистская партия",
        "ru",
        "RU",
        Kind.PARTY,
        Status.OURS,
        "Our organization. It wrote a fraternal letter dated 16 September 2023 to PMLI on the "
        "occasion of a Mao commemoration that PMLI organised in Florence. The units, accounts "
        "and people of this demo instance are fictional.",
        aliases=("Rossiyskaya maoistskaya partiya",),
        tags=("Maoist",),
    ),
    OrganizationSpec(
        "PMLI",
        "Italian Marxist–Leninist Party",
        "Partito marxista-leninista italiano",
        "it",
        "IT",
        Kind.PARTY,
        Status.FRATERNAL,
        f"Organised a Mao commemoration in Florence, on whose occasion {LETTER} was written.",
        aliases=("Итальянская марксистско-ленинская партия",),
        tags=("Marxist-Leninist",),
    ),
    OrganizationSpec(
        "MLPD",
        "Marxist–Leninist Party of Germany",
        "Marxistisch-Leninistische Partei Deutschlands",
        "de",
        "DE",
        Kind.PARTY,
        Status.FRATERNAL,
        f"Hosted a conference mentioned in {LETTER}.",
        aliases=("Марксистско-ленинская партия Германии",),
        tags=("Marxist-Leninist",),
    ),
    OrganizationSpec(
        "United Front",
        "Anti-imperialist and Antifascist United Front",
        "",
        "",
        "",
        Kind.COALITION,
        Status.FRATERNAL,
        f"Its first conference is mentioned in {LETTER}. The RMP is a member; MLPD hosts it. "
        "It is international: it has no country of its own.",
        aliases=("Антиимпериалистический и антифашистский единый фронт",),
        tags=("anti-imperialist", "antifascist"),
    ),
)

FICTIONAL_ORGANIZATIONS = (
    OrganizationSpec(
        "CLR",
        "Red Lantern Workers' Committee",
        "Comité ouvrier « Lanterne rouge »",
        "fr",
        "FR",
        Kind.PARTY,
        Status.FRATERNAL,
        f"{FICTIONAL} A small committee of factory workers in the east of France. Lost a "
        "minority over the war in 2022.",
        aliases=("Comitato operaio Lanterna rossa", "Рабочий комитет «Красный фонарь»"),
        tags=("Maoist", "anti-imperialist"),
        founded=date(2009, 3, 18),
    ),
    OrganizationSpec(
        "Nouvelle Lanterne",
        "New Lantern",
        "La Nouvelle Lanterne",
        "fr",
        "FR",
        Kind.PARTY,
        Status.CONTACT,
        f"{FICTIONAL} Split from CLR in May 2022 over the war.",
        aliases=("Новый фонарь",),
        tags=("Marxist-Leninist",),
        founded=date(2022, 5, 14),
    ),
    OrganizationSpec(
        "Colectivo Girasol",
        "Sunflower Collective",
        "Colectivo Girasol",
        "es",
        "ES",
        Kind.OTHER,
        Status.NONE,
        f"{FICTIONAL} A study collective in Andalucía; merged into UOGR in January 2023.",
        aliases=("Коллектив «Подсолнух»",),
        tags=("left communist",),
        founded=date(2011, 4, 2),
    ),
    OrganizationSpec(
        "UOGR",
        "Red Sunflower Workers' Union",
        "Unión Obrera «Girasol Rojo»",
        "es",
        "ES",
        Kind.UNION,
        Status.FRIENDLY,
        f"{FICTIONAL} Founded by the merger of Colectivo Girasol with local union sections.",
        aliases=("Unión Obrera Girasol Rojo", "Рабочий союз «Красный подсолнух»"),
        tags=("anarcho-syndicalist", "anti-imperialist"),
        founded=date(2023, 1, 15),
    ),
    OrganizationSpec(
        "LKKS",
        "Red Lotus Peasants' Organization",
        "लाल कमल किसान संगठन",
        "hi",
        "IN",
        Kind.OTHER,
        Status.CONTACT,
        f"{FICTIONAL} Organizes landless peasants in two districts.",
        aliases=("Lal Kamal Kisan Sangathan", "Крестьянская организация «Красный лотос»"),
        tags=("Maoist", "peasant movement"),
        founded=date(1998, 11, 7),
    ),
    OrganizationSpec(
        "KÇEB",
        "Red Plane Tree Working People's Union",
        "Kızıl Çınar Emekçi Birliği",
        "tr",
        "TR",
        Kind.UNION,
        Status.FRIENDLY,
        f"{FICTIONAL} A union of dock and warehouse workers.",
        aliases=("Kizil Cinar Emekci Birligi", "Союз трудящихся «Красный платан»"),
        tags=("Marxist-Leninist", "anti-imperialist"),
        founded=date(2014, 5, 1),
    ),
    OrganizationSpec(
        "Dala Tany",
        "Steppe Dawn Workers' Union",
        "«Дала таңы» жұмысшылар одағы",
        "kk",
        "KZ",
        Kind.UNION,
        Status.OBSERVER,
        f"{FICTIONAL} Oil and rail workers; observes the United Front.",
        aliases=("Союз рабочих «Рассвет степи»", "Dala tańy jumysshylar odaǵy"),
        tags=("democratic socialist",),
        founded=date(2016, 12, 16),
    ),
    OrganizationSpec(
        "Severny Veter",
        "North Wind Workers' Circle",
        "Рабочий кружок «Северный ветер»",
        "ru",
        "RU",
        Kind.OTHER,
        Status.CONTACT,
        f"{FICTIONAL} A contact of the International commission. Confidential: only the "
        "commission and the people above it see this record.",
        aliases=("Severnyi veter",),
        tags=("Maoist",),
        founded=date(2020, 10, 3),
        confidential_unit="international",
    ),
)

ORGANIZATIONS = REAL_ORGANIZATIONS + FICTIONAL_ORGANIZATIONS
REAL_SHORT_NAMES = frozenset(spec.short_name for spec in REAL_ORGANIZATIONS)
CONFIDENTIAL_SHORT_NAME = "Severny Veter"


@dataclass(frozen=True)
class RelationSpec:
    source: str
    kind: str
    target: str
    started: date | None = None
    ended: date | None = None
    note: str = ""


RELATIONS = (
    RelationSpec("RMP", Relation.Kind.FRATERNAL, "PMLI", note=LETTER),
    RelationSpec("MLPD", Relation.Kind.HOSTS, "United Front", note=LETTER),
    RelationSpec("RMP", Relation.Kind.MEMBER_OF, "United Front", note=LETTER),
    RelationSpec(
        "Nouvelle Lanterne", Relation.Kind.SPLIT_FROM, "CLR", date(2022, 5, 14), note=FICTIONAL
    ),
    RelationSpec(
        "Nouvelle Lanterne", Relation.Kind.OPPOSES, "CLR", date(2022, 6, 1), note=FICTIONAL
    ),
    RelationSpec(
        "Colectivo Girasol", Relation.Kind.MERGED_INTO, "UOGR", date(2023, 1, 15), note=FICTIONAL
    ),
    RelationSpec(
        "UOGR", Relation.Kind.SUCCESSOR_OF, "Colectivo Girasol", date(2023, 1, 15), note=FICTIONAL
    ),
    RelationSpec("CLR", Relation.Kind.FRATERNAL, "LKKS", date(2015, 9, 1), note=FICTIONAL),
    RelationSpec("UOGR", Relation.Kind.FRATERNAL, "KÇEB", date(2023, 3, 8), note=FICTIONAL),
    RelationSpec("KÇEB", Relation.Kind.MEMBER_OF, "United Front", date(2023, 6, 1), note=FICTIONAL),
    RelationSpec(
        "Colectivo Girasol",
        Relation.Kind.FRATERNAL,
        "KÇEB",
        date(2019, 4, 1),
        date(2023, 1, 15),
        note=FICTIONAL,
    ),
    RelationSpec("Severny Veter", Relation.Kind.FRATERNAL, "RMP", date(2021, 2, 1), note=FICTIONAL),
)


# Positions --------------------------------------------------------------------------------

WAR_QUESTION = "Position on the war since 24 February 2022"
WAR_QUESTION_SINCE = date(2022, 2, 24)
WAR_QUESTION_DESCRIPTION = (
    "The movement split after 24 February 2022 over positions on the war. Every position "
    f"recorded in this demo is a {FICTIONAL}."
)


@dataclass(frozen=True)
class PositionSpec:
    organization: str
    stated_on: date
    stance: str
    summary: str
    quote: str
    quote_language: str


POSITIONS = (
    PositionSpec(
        "CLR",
        date(2022, 3, 1),
        Stance.UNCLEAR,
        "Waited before taking a position.",
        "Nous attendons d'en savoir plus avant de nous prononcer.",
        "fr",
    ),
    PositionSpec(
        "CLR",
        date(2022, 4, 20),
        Stance.OPPOSES,
        "Came out against the war on both sides.",
        "Contre la guerre, pour la fraternité des travailleurs des deux pays.",
        "fr",
    ),
    PositionSpec(
        "Nouvelle Lanterne",
        date(2022, 5, 14),
        Stance.SUPPORTS,
        "Took a side in the war; the reason it gave for splitting from CLR.",
        "Nous ne resterons pas neutres : nous prenons parti.",
        "fr",
    ),
    PositionSpec(
        "Colectivo Girasol",
        date(2022, 3, 10),
        Stance.NEUTRAL,
        "Declined to take a side between powers.",
        "No tomamos partido en una guerra entre potencias.",
        "es",
    ),
    PositionSpec(
        "UOGR",
        date(2023, 2, 24),
        Stance.OPPOSES,
        "Opposes the war and the arms build-up.",
        "Nos oponemos a la guerra y a la escalada armamentística.",
        "es",
    ),
    PositionSpec(
        "LKKS",
        date(2022, 3, 5),
        Stance.NEUTRAL,
        "Sided with neither party.",
        "हम इस युद्ध में किसी भी पक्ष का साथ नहीं देते।",
        "hi",
    ),
    PositionSpec(
        "LKKS",
        date(2023, 6, 1),
        Stance.MIXED,
        "Called for negotiations while criticising both sides unevenly.",
        "युद्ध का अंत शांति वार्ता से होना चाहिए।",
        "hi",
    ),
    PositionSpec(
        "KÇEB",
        date(2022, 2, 28),
        Stance.OPPOSES,
        "Opposed the war from the first days.",
        "Bu savaşa karşıyız: işçiler birbirini öldürmesin.",
        "tr",
    ),
    PositionSpec(
        "Dala Tany",
        date(2022, 3, 15),
        Stance.UNCLEAR,
        "Published no position in the first weeks.",
        "Біз әзірге мәлімдеме жасамаймыз.",
        "kk",
    ),
    PositionSpec(
        "Dala Tany",
        date(2022, 9, 30),
        Stance.NEUTRAL,
        "Declared neutrality.",
        "Біз бейтарап ұстанымдамыз.",
        "kk",
    ),
    PositionSpec(
        "Severny Veter",
        date(2022, 3, 2),
        Stance.OPPOSES,
        "Opposes the war; circulated only internally.",
        "Мы против войны.",
        "ru",
    ),
)


# Country dossiers -------------------------------------------------------------------------


@dataclass(frozen=True)
class DossierSpec:
    country: str
    summary: str
    sources: tuple[tuple[str, str, str], ...]
    indicators: tuple[tuple[str, str, tuple[tuple[date, str], ...]], ...]


DEMO_FIGURES = f"Demo figures {FICTIONAL}"
STRIKES = "Strikes recorded (demo figure)"
UNEMPLOYMENT = "Unemployment (demo figure)"
QUARTERS = (
    date(2022, 1, 1),
    date(2022, 4, 1),
    date(2022, 7, 1),
    date(2022, 10, 1),
    date(2023, 1, 1),
    date(2023, 4, 1),
)


def _series(*values: str) -> tuple[tuple[date, str], ...]:
    return tuple(zip(QUARTERS, values, strict=True))


def _dossier_note(country: str) -> str:
    return (
        f"Demo note {FICTIONAL}. This dossier on {country} only shows how a dossier looks: "
        "replace it with your own study of the concrete conditions (classes and their "
        "organizations, labour movement, repression, elections). The figures below are "
        "invented demo figures, not statistics."
    )


DOSSIERS = (
    DossierSpec(
        "RU",
        _dossier_note("Russia"),
        sources=(
            (
                f"Demo source: labour conflicts digest {FICTIONAL}",
                "https://example.org/demo/ru-labour",
                "Placeholder for a real source.",
            ),
            (
                f"Demo source: notes from branch reports {FICTIONAL}",
                "",
                "Internal notes would be cited like this.",
            ),
        ),
        indicators=(
            (STRIKES, "count", _series("14", "9", "11", "8", "12", "15")),
            (UNEMPLOYMENT, "%", _series("4.4", "4.1", "3.9", "3.8", "3.6", "3.4")),
        ),
    ),
    DossierSpec(
        "IT",
        _dossier_note("Italy"),
        sources=(
            (
                f"Demo source: union bulletin {FICTIONAL}",
                "https://example.org/demo/it-unions",
                "Placeholder for a real source.",
            ),
        ),
        indicators=(
            (STRIKES, "count", _series("31", "27", "35", "40", "29", "33")),
            (UNEMPLOYMENT, "%", _series("8.6", "8.3", "8.0", "7.9", "7.8", "7.6")),
        ),
    ),
    DossierSpec(
        "DE",
        _dossier_note("Germany"),
        sources=(
            (
                f"Demo source: works council survey {FICTIONAL}",
                "https://example.org/demo/de-betriebsraete",
                "Placeholder for a real source.",
            ),
            (f"Demo source: regional press review {FICTIONAL}", "", ""),
        ),
        indicators=(
            (STRIKES, "count", _series("22", "25", "19", "30", "41", "38")),
            (UNEMPLOYMENT, "%", _series("5.3", "5.0", "5.4", "5.5", "5.6", "5.7")),
        ),
    ),
)

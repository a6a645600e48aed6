"""The demo's united front: the Anti-imperialist and Antifascist United Front, its member
organizations, a platform of principles in two versions, and joint statements.

The front and the organizations RMP, MLPD and PMLI are real; every membership decision,
principle, reservation, statement and signature here is a fictional example and says so.
Fictional organizations of the demo directory (KÇEB, LKKS, Dala Tany) take part too.
Idempotent: the front is found by its slug, memberships by organization, versions by number,
statements by slug; only what is missing is created, through the services.
"""

from collections.abc import Callable
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from massline.accounts.models import Unit, User
from massline.demo.scenario.data import FICTIONAL
from massline.directory.models import Organization
from massline.fronts import services, statements
from massline.fronts.models import (
    Endorsement,
    Front,
    FrontMembership,
    PlatformVersion,
    Representative,
    Signature,
    Statement,
)

FRONT_SLUG = "anti-imperialist-antifascist-united-front"
NAMES = {
    "en": "Anti-imperialist and Antifascist United Front",
    "ru": "Антиимпериалистический и антифашистский единый фронт",
    "it": "Fronte unito antimperialista e antifascista",
    "de": "Antiimperialistische und antifaschistische Einheitsfront",
}
# (short name, standing, vote weight, reason of the decision)
MEMBERS = (
    ("RMP", "member", 1, f"{FICTIONAL} Founding member."),
    ("MLPD", "member", 1, f"{FICTIONAL} Founding member."),
    ("PMLI", "member", 1, f"{FICTIONAL} Admitted on its application."),
    ("KÇEB", "member", 1, f"{FICTIONAL} Admitted on its application."),
    ("LKKS", "member", 1, f"{FICTIONAL} Admitted on its application."),
    ("Dala Tany", "observer", 1, f"{FICTIONAL} Observer until its congress decides."),
)

PRINCIPLES_V1 = {
    "en": [
        f"{FICTIONAL} We oppose imperialist war and every division of the world among great "
        "powers.",
        "We fight fascism and the far right in every country, our own first.",
        "We support the right of nations to self-determination.",
        "Each member organization keeps its own programme, press and positions.",
    ],
    "ru": [
        f"{FICTIONAL} Мы против империалистической войны и любого передела мира великими "
        "державами.",
        "Мы боремся с фашизмом и крайне правыми в каждой стране, прежде всего в своей.",
        "Мы поддерживаем право наций на самоопределение.",
        "Каждая организация-участница сохраняет свою программу, печать и позиции.",
    ],
    "it": [
        f"{FICTIONAL} Ci opponiamo alla guerra imperialista e a ogni spartizione del mondo tra "
        "grandi potenze.",
        "Combattiamo il fascismo e l'estrema destra in ogni paese, a cominciare dal nostro.",
        "Sosteniamo il diritto delle nazioni all'autodeterminazione.",
        "Ogni organizzazione aderente mantiene il proprio programma, la propria stampa e le "
        "proprie posizioni.",
    ],
    "de": [
        f"{FICTIONAL} Wir sind gegen imperialistischen Krieg und jede Aufteilung der Welt unter "
        "Großmächten.",
        "Wir bekämpfen Faschismus und die extreme Rechte in jedem Land, zuerst im eigenen.",
        "Wir unterstützen das Selbstbestimmungsrecht der Nationen.",
        "Jede Mitgliedsorganisation behält ihr eigenes Programm, ihre Presse und ihre Positionen.",
    ],
}
EXTRA_V2 = {
    "en": (
        "We fight fascism, the far right and the persecution of the workers' movement in every "
        "country, our own first.",
        "We defend political prisoners of every tendency of the workers' movement.",
    ),
    "ru": (
        "Мы боремся с фашизмом, крайне правыми и преследованием рабочего движения в каждой "
        "стране, прежде всего в своей.",
        "Мы защищаем политзаключённых всех течений рабочего движения.",
    ),
    "it": (
        "Combattiamo il fascismo, l'estrema destra e la persecuzione del movimento operaio in "
        "ogni paese, a cominciare dal nostro.",
        "Difendiamo i prigionieri politici di ogni tendenza del movimento operaio.",
    ),
    "de": (
        "Wir bekämpfen Faschismus, die extreme Rechte und die Verfolgung der Arbeiterbewegung "
        "in jedem Land, zuerst im eigenen.",
        "Wir verteidigen politische Gefangene aller Strömungen der Arbeiterbewegung.",
    ),
}
# (short name, version, reservations)
ENDORSEMENTS: tuple[tuple[str, int, dict[int, str]], ...] = (
    ("MLPD", 1, {3: f"{FICTIONAL} We ask for a joint discussion of how this applies today."}),
    ("RMP", 2, {}),
    ("PMLI", 2, {5: f"{FICTIONAL} We defend prisoners of the workers' movement, not all."}),
    ("KÇEB", 2, {}),
)

STATEMENT_SLUG = "united-front-statement-against-war-and-fascism"
STATEMENT_TEXTS = {
    "en": (
        "Against war and fascism: for international solidarity",
        f"{FICTIONAL} This statement is a fictional example of the demo.\n\n"
        "The member organizations of the front call on workers everywhere to oppose the war "
        "and the rise of the far right, and to defend those persecuted for their opinions.",
    ),
    "ru": (
        "Против войны и фашизма — за международную солидарность",
        "(вымышленный пример) Это заявление — вымышленный пример демонстрации.\n\n"
        "Организации-участницы фронта призывают трудящихся всех стран выступать против войны "
        "и подъёма крайне правых и защищать преследуемых за убеждения.",
    ),
    "it": (
        "Contro la guerra e il fascismo, per la solidarietà internazionale",
        "(esempio fittizio) Questa dichiarazione è un esempio fittizio della demo.\n\n"
        "Le organizzazioni aderenti al fronte chiamano i lavoratori di ogni paese a opporsi "
        "alla guerra e all'ascesa dell'estrema destra, e a difendere i perseguitati per le "
        "loro opinioni.",
    ),
    "de": (
        "Gegen Krieg und Faschismus – für internationale Solidarität",
        "(fiktives Beispiel) Diese Erklärung ist ein fiktives Beispiel der Demo.\n\n"
        "Die Mitgliedsorganisationen der Front rufen die Arbeiter aller Länder auf, sich dem "
        "Krieg und dem Aufstieg der extremen Rechten entgegenzustellen und die wegen ihrer "
        "Meinung Verfolgten zu verteidigen.",
    ),
}
DECISIONS = {"RMP": "sign", "MLPD": "sign", "PMLI": "sign", "KÇEB": "decline", "LKKS": "abstain"}

OPEN_SLUG = "united-front-call-for-a-week-of-action"
OPEN_TEXTS = {
    "en": (
        "Call for a common week of action",
        f"{FICTIONAL} The front calls for a common week of action against war and fascism.",
    ),
    "ru": (
        "Призыв к общей неделе действий",
        "(вымышленный пример) Фронт призывает к общей неделе действий против войны и фашизма.",
    ),
}

Count = Callable[[str, bool], None]


def _organizations(short_names: list[str]) -> dict[str, Organization]:
    query = Q()
    for name in short_names:
        query |= Q(short_name__iexact=name)
    return {o.short_name: o for o in Organization.objects.filter(query)}


def _front(admin: User, units: dict[str, Unit], count: Count) -> Front:
    front = Front.objects.filter(slug=FRONT_SLUG).first()
    count("fronts", front is None)
    if front is None:
        front = services.front_create(
            actor=admin,
            unit=units.get("international") or units["root"],
            slug=FRONT_SLUG,
            name=NAMES["en"],
            short_name="United Front",
            admission=Front.Admission.APPLICATION,
            weighting=Front.Weighting.EQUAL,
            quorum_percent=50,
            majority=Front.Majority.SIMPLE,
            names=NAMES,
        )
    return front


def _memberships(admin: User, front: Front, count: Count) -> dict[str, FrontMembership]:
    organizations = _organizations([m[0] for m in MEMBERS])
    found: dict[str, FrontMembership] = {}
    decided = timezone.localdate() - timedelta(days=120)
    for short_name, status, weight, reason in MEMBERS:
        organization = organizations.get(short_name)
        if organization is None:
            continue
        membership = FrontMembership.objects.filter(front=front, organization=organization).first()
        count("front memberships", membership is None)
        if membership is None:
            membership = services.membership_add(
                actor=admin,
                front=front,
                organization=organization,
                status=status,
                weight=weight,
                decided_on=decided,
                reason=reason,
            )
        found[short_name] = membership
    return found


def _representative(admin: User, memberships: dict[str, FrontMembership], count: Count) -> None:
    """The demo's delegate persona represents PMLI: an account with no role in the front."""
    user = User.objects.filter(email__iexact="delegate@example.org").first()
    membership = memberships.get("PMLI")
    if user is None or membership is None:
        return
    exists = Representative.objects.filter(membership=membership, user=user).exists()
    count("front representatives", not exists)
    if not exists:
        services.representative_add(
            actor=admin,
            membership=membership,
            display_name=user.display_name or "Delegate",
            email=user.email,
            role=Representative.Role.DELEGATE,
            user=user,
        )


def _platform(admin: User, front: Front, count: Count) -> None:
    texts_v2 = {
        lang: [items[0], EXTRA_V2[lang][0], items[2], items[3], EXTRA_V2[lang][1]]
        for lang, items in PRINCIPLES_V1.items()
    }
    adopted = {1: date(2023, 6, 1), 2: timezone.localdate() - timedelta(days=60)}
    for number, texts in ((1, PRINCIPLES_V1), (2, texts_v2)):
        version = PlatformVersion.objects.filter(front=front, number=number).first()
        count("platform versions", version is None)
        if version is None:
            version = services.version_draft(actor=admin, front=front)
            services.version_update(
                actor=admin,
                version=version,
                texts=texts,
                note=f"{FICTIONAL} Demo version {number}.",
            )
            services.version_adopt(
                actor=admin, version=version, adopted_on=min(adopted[number], timezone.localdate())
            )


def _endorsements(
    admin: User, front: Front, memberships: dict[str, FrontMembership], count: Count
) -> None:
    for short_name, number, reservations in ENDORSEMENTS:
        membership = memberships.get(short_name)
        version = PlatformVersion.objects.filter(front=front, number=number).first()
        if membership is None or version is None:
            continue
        exists = Endorsement.objects.filter(version=version, membership=membership).exists()
        count("endorsements", not exists)
        if not exists:
            services.endorsement_record(
                actor=admin,
                version=version,
                membership=membership,
                endorsed_on=version.adopted_on or timezone.localdate(),
                reservations=reservations,
            )


def _published_statement(
    admin: User, front: Front, memberships: dict[str, FrontMembership], count: Count
) -> None:
    statement = Statement.objects.filter(slug=STATEMENT_SLUG).first()
    count("joint statements", statement is None)
    if statement is not None:
        return
    statement = statements.statement_create(
        actor=admin, front=front, slug=STATEMENT_SLUG, texts=STATEMENT_TEXTS
    )
    statements.statement_comment_add(
        actor=admin,
        statement=statement,
        text=f"{FICTIONAL} Please add a line on political prisoners.",
    )
    statement = statements.statement_open(
        actor=admin, statement=statement, deadline=timezone.now() + timedelta(days=1)
    )
    for short_name, decision in DECISIONS.items():
        membership = memberships.get(short_name)
        if membership is None:
            continue
        row = (
            Signature.objects.select_related("statement")
            .filter(statement=statement, membership=membership)
            .first()
        )
        if row is not None:
            statements.signature_decide(token=statements.signon_token(row), decision=decision)
    # The demo's sign-on window has run its course: its deadline is set to a past moment, as if
    # the members had answered in time, so that the statement can be published.
    Statement.objects.filter(pk=statement.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    statements.statement_publish(actor=admin, statement=statement)


def _open_statement(admin: User, front: Front, count: Count) -> None:
    statement = Statement.objects.filter(slug=OPEN_SLUG).first()
    count("joint statements", statement is None)
    if statement is not None:
        return
    statement = statements.statement_create(
        actor=admin, front=front, slug=OPEN_SLUG, texts=OPEN_TEXTS
    )
    statements.statement_open(
        actor=admin, statement=statement, deadline=timezone.now() + timedelta(days=30)
    )


def load_fronts(
    admin: User,
    units: dict[str, Unit],
    organizations: dict[str, Organization],
    count: Count,
) -> None:
    front = _front(admin, units, count)
    memberships = _memberships(admin, front, count)
    _representative(admin, memberships, count)
    _platform(admin, front, count)
    _endorsements(admin, front, memberships, count)
    _published_statement(admin, front, memberships, count)
    _open_statement(admin, front, count)

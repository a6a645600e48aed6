"""The correspondence register in the demo.

The greeting to PMLI on its Mao commemoration in Florence (September 2023): drafted in Russian
by the international secretary, translated into Italian and English, approved by the
administrator, recorded as sent by email (the delivery is recorded, nothing is mailed while the
demo loads) and published in all three languages. Its text is written for the demo. PMLI's
reply, and a few other entries of the register, are invented and say so with `FICTIONAL`.

Letters are found by their unit and subject, so a second run writes nothing.
"""

import datetime
from collections.abc import Callable

from massline.accounts.models import Unit, User
from massline.campaigns.models import Campaign
from massline.demo.scenario.data import FICTIONAL
from massline.directory.models import Organization
from massline.events.models import Event
from massline.letters import services
from massline.letters.models import Letter
from massline.letters.services import RecipientSpec

Count = Callable[[str, bool], None]

FLORENCE_SLUG = "mao-commemoration-florence-2023"
CONFERENCE_SLUG = "united-front-first-conference"
CAMPAIGN_SLUG = "free-boris-kagarlitsky"
GREETING_DATE = datetime.date(2023, 9, 16)

GREETING_SUBJECT = "Greeting to PMLI on the commemoration in Florence"
GREETING = {
    "ru": (
        "Приветствие участникам памятного собрания в Флоренции",
        "Дорогие товарищи!\n\n"
        "Из России, где о войне сегодня опасно даже говорить вслух, мы шлём вам горячий "
        "братский привет по случаю собрания, которым вы чтите память Председателя Мао. "
        "Пусть этот день во Флоренции станет днём учёбы, размышлений и новых решений.\n\n"
        "Мы ценим, что вы храните живое наследие, а не музейный образ: учение о линии масс, "
        "о необходимости идти к рабочим, к женщинам, к молодёжи, к угнетённым народам, "
        "учиться у них и вместе с ними бороться. В наше время эта мысль нужна как никогда.\n\n"
        "Империалистическая война приносит горе народам по обе стороны фронта, а расходы на "
        "неё ложатся на плечи трудящихся. Мы убеждены, что пролетарский интернационализм — "
        "это не слова в резолюциях, а ежедневная солидарность через границы, и что "
        "подлинный мир придёт только через борьбу самих народов против войны и её хозяев.\n\n"
        "Желаем вашему собранию успеха, а вашей партии — новых сил и новых товарищей. "
        "Наши голоса будут рядом с вашими.",
        "",
    ),
    "it": (
        "Saluto ai partecipanti alla commemorazione di Firenze",
        "Cari compagni,\n\n"
        "dalla Russia, dove oggi è pericoloso perfino parlare ad alta voce della guerra, vi "
        "inviamo un caloroso saluto fraterno in occasione dell'incontro con cui onorate la "
        "memoria del Presidente Mao. Che questa giornata a Firenze sia una giornata di studio, "
        "di riflessione e di nuove decisioni.\n\n"
        "Apprezziamo che custodiate un'eredità viva e non un'immagine da museo: la linea di "
        "massa, l'andare tra gli operai, le donne, i giovani e i popoli oppressi, imparare da "
        "loro e lottare insieme a loro. Oggi questo pensiero serve più che mai.\n\n"
        "La guerra imperialista porta dolore ai popoli da entrambe le parti del fronte, e il "
        "suo costo ricade sulle spalle dei lavoratori. Siamo convinti che l'internazionalismo "
        "proletario non sia una frase nelle risoluzioni, ma solidarietà quotidiana oltre i "
        "confini, e che la vera pace verrà solo dalla lotta dei popoli stessi contro la guerra "
        "e contro chi la comanda.\n\n"
        "Auguriamo successo al vostro incontro e al vostro partito nuove forze e nuovi "
        "compagni. Le nostre voci saranno accanto alle vostre.",
        "International commission (translation)",
    ),
    "en": (
        "Greetings to the participants of the commemoration in Florence",
        "Dear comrades,\n\n"
        "From Russia, where today it is dangerous even to speak aloud about the war, we send "
        "you warm fraternal greetings on the occasion of the meeting at which you honour the "
        "memory of Chairman Mao. May this day in Florence be a day of study, reflection and "
        "new resolve.\n\n"
        "We value that you keep a living legacy and not a museum image: the mass line, going "
        "to the workers, to women, to the youth and to the oppressed peoples, learning from "
        "them and fighting together with them. Today this idea is needed more than ever.\n\n"
        "The imperialist war brings grief to the peoples on both sides of the front, and its "
        "cost is laid on the shoulders of the working people. We are convinced that "
        "proletarian internationalism is not a phrase in resolutions but everyday solidarity "
        "across borders, and that real peace will come only from the struggle of the peoples "
        "themselves against the war and those who command it.\n\n"
        "We wish your meeting success, and your party new strength and new comrades. Our "
        "voices will be beside yours.",
        "International commission (translation)",
    ),
}

REPLY_SUBJECT = f"PMLI's reply to our greeting {FICTIONAL}"
REPLY = (
    "Cari compagni,\n\n"
    "abbiamo letto il vostro saluto davanti ai partecipanti della commemorazione ed è stato "
    "accolto con un lungo applauso. Vi ringraziamo per le vostre parole sulla linea di massa "
    "e sulla lotta contro la guerra, e vi auguriamo forza nel vostro lavoro in condizioni "
    "difficili.\n\n"
    f"{FICTIONAL} This reply is invented for the demo."
)

OTHER_LETTERS = (
    # (subject, kind, recipient short name, occasion, language, text, final state)
    (
        f"Solidarity with the united front's first conference {FICTIONAL}",
        Letter.Kind.SOLIDARITY,
        "MLPD",
        "conference",
        "de",
        "Liebe Genossinnen und Genossen,\n\nwir grüßen die erste Konferenz der Einheitsfront "
        "und wünschen ihr Erfolg im Kampf gegen Krieg und Faschismus.\n\n"
        f"{FICTIONAL} An example letter of the demo.",
        "review",
    ),
    (
        f"Protest against the imprisonment of Boris Kagarlitsky {FICTIONAL}",
        Letter.Kind.PROTEST,
        "MLPD",
        "campaign",
        "en",
        "Dear comrades,\n\nwe ask you to join the protest against the imprisonment of the "
        "writer Boris Kagarlitsky for a blog post, and to sign the international appeal for "
        f"his release.\n\n{FICTIONAL} An example letter of the demo.",
        "draft",
    ),
)


def _organizations(organizations: dict[str, Organization], *names: str) -> list[Organization]:
    return [organizations[name] for name in names if name in organizations]


def _greeting(admin: User, secretary: User, unit: Unit, pmli: Organization, count: Count) -> Letter:
    letter = Letter.objects.filter(unit=unit, subject=GREETING_SUBJECT).first()
    count("letters", letter is None)
    if letter is not None:
        return letter
    subject, body, _translator = GREETING["ru"]
    letter = services.letter_create(
        actor=secretary,
        unit=unit,
        kind=Letter.Kind.GREETING,
        subject=GREETING_SUBJECT,
        recipients=[RecipientSpec(pmli, "pmli@example.org", "it,ru")],
        signatories="Central Committee of the Russian Maoist Party",
        place="Moscow",
        letter_date=GREETING_DATE,
        event=Event.objects.filter(slug=FLORENCE_SLUG).first(),
        language="ru",
        body=body,
    )
    services.version_save(
        actor=secretary, letter=letter, language="ru", subject=subject, body=body, is_original=True
    )
    for language in ("it", "en"):
        subject, body, translator = GREETING[language]
        services.version_save(
            actor=secretary,
            letter=letter,
            language=language,
            subject=subject,
            body=body,
            translator=translator,
        )
    services.letter_submit(actor=secretary, letter=letter)
    services.comment_add(
        actor=admin, letter=letter, body="Good. The Italian reads well; approve as it is."
    )
    services.letter_approve(actor=admin, letter=letter)
    services.letter_mark_sent(actor=secretary, letter=letter, via="email", sent_on=GREETING_DATE)
    services.letter_publish(actor=secretary, letter=letter, languages=["ru", "it", "en"])
    letter.refresh_from_db()
    return letter


def _reply(secretary: User, unit: Unit, pmli: Organization, greeting: Letter, count: Count) -> None:
    exists = Letter.objects.filter(unit=unit, subject=REPLY_SUBJECT).exists()
    count("letters", not exists)
    if exists:
        return
    services.inbound_register(
        actor=secretary,
        unit=unit,
        sender=pmli,
        kind=Letter.Kind.REPLY,
        subject=REPLY_SUBJECT,
        received_on=datetime.date(2023, 9, 25),
        language="it",
        body=REPLY,
        in_reply_to=greeting,
        event=Event.objects.filter(slug=FLORENCE_SLUG).first(),
    )


def _others(
    admin: User,
    secretary: User,
    unit: Unit,
    organizations: dict[str, Organization],
    count: Count,
) -> None:
    for subject, kind, short_name, occasion, language, body, state in OTHER_LETTERS:
        exists = Letter.objects.filter(unit=unit, subject=subject).exists()
        count("letters", not exists)
        if exists:
            continue
        recipients = [
            RecipientSpec(org, f"{org.short_name.lower()}@example.org")
            for org in _organizations(organizations, short_name)
        ]
        letter = services.letter_create(
            actor=secretary,
            unit=unit,
            kind=kind,
            subject=subject,
            recipients=recipients,
            signatories="International commission",
            place="Moscow",
            event=Event.objects.filter(slug=CONFERENCE_SLUG).first()
            if occasion == "conference"
            else None,
            campaign=Campaign.objects.filter(slug=CAMPAIGN_SLUG).first()
            if occasion == "campaign"
            else None,
            language=language,
            body=body,
        )
        if state == "review":
            services.letter_submit(actor=secretary, letter=letter)
            services.comment_add(
                actor=admin, letter=letter, body=f"Add the date of the conference. {FICTIONAL}"
            )


def load_letters(
    admin: User, units: dict[str, Unit], organizations: dict[str, Organization], count: Count
) -> None:
    unit = units.get("international") or units["root"]
    secretary = User.objects.filter(email__iexact="secretary@example.org").first() or admin
    pmli = organizations.get("PMLI")
    if pmli is None:
        return
    greeting = _greeting(admin, secretary, unit, pmli, count)
    _reply(secretary, unit, pmli, greeting, count)
    _others(admin, secretary, unit, organizations, count)

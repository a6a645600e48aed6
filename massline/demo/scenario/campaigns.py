"""The demo campaign: the international campaign for the release of Boris Kagarlitsky.

Only these facts of the case are real: Boris Kagarlitsky, Russian sociologist and writer,
editor of the online magazine Rabkor, was detained in July 2023 and charged with
"justification of terrorism" (Article 205.2 of the Russian Criminal Code) over an online post
about the October 2022 explosion on the Crimean Bridge; in December 2023 a military court in
Syktyvkar fined him and released him; in February 2024 a military appeal court replaced the
fine with five years in a penal colony.

Everything else is invented and says so with `FICTIONAL`: the exact days of the hearings, the
place of detention, its address and mail rules, the transfer, every endorsing organization and
its representative, every picket, every letter and its sender. Records are found by natural
keys so that a second run writes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from massline.accounts.models import Unit, User
from massline.campaigns import services
from massline.campaigns.models import (
    Action,
    Campaign,
    CampaignText,
    Case,
    Endorsement,
    Hearing,
    LetterTemplate,
    NewsItem,
    SupporterLetter,
    Transfer,
    Visibility,
)
from massline.demo.scenario.data import FICTIONAL
from massline.directory.models import Organization

Count = Callable[[str, bool], None]

SLUG = "free-boris-kagarlitsky"

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Freedom for Boris Kagarlitsky",
        "summary": (
            "Boris Kagarlitsky, Russian sociologist and writer and editor of the online "
            "magazine Rabkor, was sentenced to five years in a penal colony for an online "
            "post. Organizations in many countries demand his release."
        ),
        "body": (
            "Boris Kagarlitsky was detained in July 2023 and charged with “justification of "
            "terrorism” (Article 205.2 of the Russian Criminal Code) over an online post about "
            "the October 2022 explosion on the Crimean Bridge.\n\n"
            "In December 2023 a military court in Syktyvkar fined him and released him. In "
            "February 2024 a military appeal court replaced the fine with five years in a "
            "penal colony.\n\n"
            "A writer is in prison for what he wrote. Sign the petition, ask your organization "
            "to endorse the campaign, write to him and hold an action in your city."
        ),
        "goals": (
            "Release Boris Kagarlitsky\n"
            "Drop the charge of “justification of terrorism” against him\n"
            "End the prosecution of people for their writing"
        ),
        "letter_guidance": (
            "Letters keep a prisoner connected to the world outside. Write by hand or print, "
            "in Russian if you can (letters in other languages wait for a translator and may "
            "never arrive). Keep it short and personal: news from your city, books, greetings. "
            "Do not write about the case, the war or politics: the censor stops such letters, "
            "and they can harm him. Do not enclose money or photos of people who could be put "
            "at risk. Log your letter with the coordinators so that we know which ones arrive."
        ),
    },
    "ru": {
        "title": "Свободу Борису Кагарлицкому",
        "summary": (
            "Борис Кагарлицкий, российский социолог и писатель, главный редактор "
            "интернет-журнала «Рабкор», приговорён к пяти годам колонии за публикацию в "
            "интернете. Организации из многих стран требуют его освобождения."
        ),
        "body": (
            "Бориса Кагарлицкого задержали в июле 2023 года и обвинили в «оправдании "
            "терроризма» (статья 205.2 Уголовного кодекса РФ) из-за публикации в интернете о "
            "взрыве на Крымском мосту в октябре 2022 года.\n\n"
            "В декабре 2023 года военный суд в Сыктывкаре назначил ему штраф и освободил его. "
            "В феврале 2024 года военный апелляционный суд заменил штраф пятью годами "
            "колонии.\n\n"
            "Писатель сидит в тюрьме за то, что он написал. Подпишите петицию, попросите вашу "
            "организацию поддержать кампанию, напишите ему и проведите акцию в своём городе."
        ),
        "goals": (
            "Освободить Бориса Кагарлицкого\n"
            "Снять с него обвинение в «оправдании терроризма»\n"
            "Прекратить преследование людей за их тексты"
        ),
        "letter_guidance": (
            "Письма связывают заключённого с миром. Пишите от руки или печатайте, лучше "
            "по-русски (письма на других языках ждут переводчика и могут не дойти). Пишите "
            "коротко и по-человечески: новости вашего города, книги, приветы. Не пишите о "
            "деле, войне и политике: цензура задерживает такие письма, и они могут ему "
            "навредить. Не вкладывайте деньги и фотографии людей, которым это может угрожать. "
            "Сообщите координаторам о своём письме, чтобы мы знали, какие письма доходят."
        ),
    },
    "it": {
        "title": "Libertà per Boris Kagarlitsky",
        "summary": (
            "Boris Kagarlitsky, sociologo e scrittore russo, direttore della rivista online "
            "Rabkor, è stato condannato a cinque anni di colonia penale per un post online. "
            "Organizzazioni di molti paesi chiedono la sua liberazione."
        ),
        "body": (
            "Boris Kagarlitsky è stato arrestato nel luglio 2023 e accusato di «giustificazione "
            "del terrorismo» (articolo 205.2 del codice penale russo) per un post online "
            "sull'esplosione dell'ottobre 2022 sul ponte di Crimea.\n\n"
            "Nel dicembre 2023 un tribunale militare di Syktyvkar lo ha multato e rilasciato. "
            "Nel febbraio 2024 un tribunale militare d'appello ha sostituito la multa con "
            "cinque anni di colonia penale.\n\n"
            "Uno scrittore è in carcere per ciò che ha scritto. Firma la petizione, chiedi alla "
            "tua organizzazione di aderire, scrivigli e organizza un'iniziativa nella tua città."
        ),
        "goals": (
            "Liberare Boris Kagarlitsky\n"
            "Ritirare l'accusa di «giustificazione del terrorismo»\n"
            "Porre fine ai processi contro le persone per ciò che scrivono"
        ),
        "letter_guidance": (
            "Le lettere tengono un prigioniero legato al mondo. Scrivi a mano o stampa, in "
            "russo se puoi (le lettere in altre lingue aspettano un traduttore e possono non "
            "arrivare). Scrivi breve e personale: notizie dalla tua città, libri, saluti. Non "
            "scrivere del processo, della guerra o di politica: la censura ferma queste lettere "
            "e possono nuocergli. Non allegare denaro né foto di persone che potrebbero essere "
            "messe in pericolo. Registra la tua lettera presso i coordinatori."
        ),
    },
    "de": {
        "title": "Freiheit für Boris Kagarlitzki",
        "summary": (
            "Boris Kagarlitzki, russischer Soziologe und Schriftsteller und Chefredakteur des "
            "Onlinemagazins Rabkor, wurde für einen Onlinebeitrag zu fünf Jahren Strafkolonie "
            "verurteilt. Organisationen in vielen Ländern fordern seine Freilassung."
        ),
        "body": (
            "Boris Kagarlitzki wurde im Juli 2023 festgenommen und der „Rechtfertigung von "
            "Terrorismus“ (Artikel 205.2 des russischen Strafgesetzbuchs) beschuldigt, wegen "
            "eines Onlinebeitrags über die Explosion auf der Krimbrücke im Oktober 2022.\n\n"
            "Im Dezember 2023 verurteilte ihn ein Militärgericht in Syktywkar zu einer "
            "Geldstrafe und ließ ihn frei. Im Februar 2024 ersetzte ein Militär-"
            "Berufungsgericht die Geldstrafe durch fünf Jahre Strafkolonie.\n\n"
            "Ein Schriftsteller sitzt für das, was er geschrieben hat, im Gefängnis. "
            "Unterschreib die Petition, bitte deine Organisation um Unterstützung, schreib ihm "
            "und organisiere eine Aktion in deiner Stadt."
        ),
        "goals": (
            "Freilassung von Boris Kagarlitzki\n"
            "Einstellung der Anklage wegen „Rechtfertigung von Terrorismus“\n"
            "Schluss mit der Verfolgung von Menschen für ihre Texte"
        ),
        "letter_guidance": (
            "Briefe halten die Verbindung eines Gefangenen zur Welt. Schreib von Hand oder "
            "drucke, möglichst auf Russisch (Briefe in anderen Sprachen warten auf eine "
            "Übersetzung und kommen vielleicht nie an). Schreib kurz und persönlich: Neues aus "
            "deiner Stadt, Bücher, Grüße. Schreib nicht über das Verfahren, den Krieg oder "
            "Politik: Die Zensur hält solche Briefe auf, und sie können ihm schaden. Leg kein "
            "Geld und keine Fotos von Menschen bei, die das gefährden könnte. Trag deinen Brief "
            "bei der Koordination ein."
        ),
    },
}

# The case's texts in the other languages (the original, English, is in CASE below).
CASE_TEXTS: dict[str, dict[str, str]] = {
    "ru": {
        "person_name": "Борис Кагарлицкий",
        "about": "Российский социолог и писатель, главный редактор интернет-журнала «Рабкор».",
        "charges": (
            "«Оправдание терроризма» (статья 205.2 Уголовного кодекса РФ) — из-за публикации в "
            "интернете о взрыве на Крымском мосту в октябре 2022 года."
        ),
        "sentence": (
            "Пять лет колонии (военный апелляционный суд, февраль 2024 года) вместо штрафа, "
            "назначенного в декабре 2023 года."
        ),
        "detention_place": f"Исправительная колония № 0, Примерная область {FICTIONAL}",
        "mail_rules": (
            f"{FICTIONAL} Быстрее всего проходят письма на русском; остальные ждут "
            "переводчика. Не больше четырёх рукописных страниц. Вложения — только открытки. "
            "Письма через тюремную электронную почту распечатывают и передают раз в неделю."
        ),
    },
    "it": {
        "about": "Sociologo e scrittore russo, direttore della rivista online Rabkor.",
        "charges": (
            "«Giustificazione del terrorismo» (articolo 205.2 del codice penale russo), per un "
            "post online sull'esplosione dell'ottobre 2022 sul ponte di Crimea."
        ),
        "sentence": (
            "Cinque anni di colonia penale (tribunale militare d'appello, febbraio 2024), al "
            "posto della multa inflitta nel dicembre 2023."
        ),
        "detention_place": f"Colonia penale n. 0, Regione d'esempio {FICTIONAL}",
        "mail_rules": (
            f"{FICTIONAL} Le lettere in russo passano più in fretta; le altre aspettano "
            "un traduttore. Al massimo quattro pagine scritte a mano. Niente allegati tranne "
            "cartoline. Le lettere del servizio email del carcere vengono stampate e "
            "consegnate una volta alla settimana."
        ),
    },
    "de": {
        "person_name": "Boris Kagarlitzki",
        "about": (
            "Russischer Soziologe und Schriftsteller, Chefredakteur des Onlinemagazins Rabkor."
        ),
        "charges": (
            "„Rechtfertigung von Terrorismus“ (Artikel 205.2 des russischen Strafgesetzbuchs), "
            "wegen eines Onlinebeitrags über die Explosion auf der Krimbrücke im Oktober 2022."
        ),
        "sentence": (
            "Fünf Jahre Strafkolonie (Militär-Berufungsgericht, Februar 2024) anstelle der im "
            "Dezember 2023 verhängten Geldstrafe."
        ),
        "detention_place": f"Strafkolonie Nr. 0, Beispielregion {FICTIONAL}",
        "mail_rules": (
            f"{FICTIONAL} Briefe auf Russisch kommen am schnellsten durch; andere "
            "warten auf eine Übersetzung. Höchstens vier handgeschriebene Seiten. Keine Beilagen "
            "außer Postkarten. Briefe über den E-Mail-Dienst des Gefängnisses werden ausgedruckt "
            "und einmal pro Woche übergeben."
        ),
    },
}

CASE = {
    "person_name": "Boris Kagarlitsky",
    "about": "Russian sociologist and writer, editor of the online magazine Rabkor.",
    "charges": (
        "“Justification of terrorism” (Article 205.2 of the Russian Criminal Code), over an "
        "online post about the October 2022 explosion on the Crimean Bridge."
    ),
    "sentence": (
        "Five years in a penal colony (military appeal court, February 2024), replacing the "
        "fine imposed in December 2023."
    ),
    "detention_place": f"Penal colony No. 0, Example Region {FICTIONAL}",
    "detention_place_visibility": Visibility.PUBLIC,
    "detention_address": (
        f"{FICTIONAL}\nPenal colony No. 0\n000000 Example Region\nRussian Federation\n"
        "To: Kagarlitsky Boris Yulievich"
    ),
    "detention_address_visibility": Visibility.MEMBERS,
    "mail_rules": (
        f"{FICTIONAL} Letters in Russian pass fastest; others wait for a translator. At most "
        "four handwritten pages. No enclosures except postcards. Letters through the prison "
        "e-mail service are printed and handed over once a week."
    ),
    "mail_rules_visibility": Visibility.PUBLIC,
}

HEARINGS = (
    (
        date(2023, 12, 1),
        "Military court, Syktyvkar",
        f"Trial on the charge of “justification of terrorism”. The day of the month is an "
        f"invented example {FICTIONAL}.",
        "Fined and released.",
        {
            "ru": {
                "court": "Военный суд, Сыктывкар",
                "description": f"Процесс по обвинению в «оправдании терроризма». Число месяца "
                f"— пример {FICTIONAL}.",
                "outcome": "Штраф и освобождение.",
            },
            "it": {
                "court": "Tribunale militare, Syktyvkar",
                "description": f"Processo per «giustificazione del terrorismo». Il giorno del "
                f"mese è un esempio {FICTIONAL}.",
                "outcome": "Multato e rilasciato.",
            },
            "de": {
                "court": "Militärgericht, Syktywkar",
                "description": f"Prozess wegen „Rechtfertigung von Terrorismus“. Der Tag im "
                f"Monat ist ein Beispiel {FICTIONAL}.",
                "outcome": "Geldstrafe und Freilassung.",
            },
        },
    ),
    (
        date(2024, 2, 1),
        "Military appeal court",
        f"Appeal against the verdict. The day of the month is an invented example {FICTIONAL}.",
        "The fine was replaced with five years in a penal colony.",
        {
            "ru": {
                "court": "Военный апелляционный суд",
                "description": f"Апелляция на приговор. Число месяца — пример {FICTIONAL}.",
                "outcome": "Штраф заменён пятью годами колонии.",
            },
            "it": {
                "court": "Tribunale militare d'appello",
                "description": f"Appello contro la sentenza. Il giorno del mese è un esempio "
                f"{FICTIONAL}.",
                "outcome": "La multa è stata sostituita con cinque anni di colonia penale.",
            },
            "de": {
                "court": "Militär-Berufungsgericht",
                "description": f"Berufung gegen das Urteil. Der Tag im Monat ist ein Beispiel "
                f"{FICTIONAL}.",
                "outcome": "Die Geldstrafe wurde durch fünf Jahre Strafkolonie ersetzt.",
            },
        },
    ),
)

NEWS: dict[str, tuple[tuple[date, str, str], ...]] = {
    "en": (
        (
            date(2023, 7, 15),
            "Boris Kagarlitsky detained",
            "He was detained and charged with "
            "“justification of terrorism” over an online post about the Crimean Bridge explosion.",
        ),
        (
            date(2023, 12, 15),
            "Fined and released in Syktyvkar",
            "A military court in Syktyvkar fined him and released him.",
        ),
        (
            date(2024, 2, 15),
            "Five years in a penal colony",
            "A military appeal court replaced the fine with five years in a penal colony. The "
            "campaign for his release begins.",
        ),
    ),
    "ru": (
        (
            date(2023, 7, 15),
            "Борис Кагарлицкий задержан",
            "Его задержали и обвинили в "
            "«оправдании терроризма» из-за публикации о взрыве на Крымском мосту.",
        ),
        (
            date(2023, 12, 15),
            "Штраф и освобождение в Сыктывкаре",
            "Военный суд в Сыктывкаре назначил ему штраф и освободил его.",
        ),
        (
            date(2024, 2, 15),
            "Пять лет колонии",
            "Военный апелляционный суд заменил штраф пятью годами колонии. Начинается кампания "
            "за его освобождение.",
        ),
    ),
    "it": (
        (
            date(2023, 7, 15),
            "Arrestato Boris Kagarlitsky",
            "È stato arrestato e accusato di "
            "«giustificazione del terrorismo» per un post sull'esplosione del ponte di Crimea.",
        ),
        (
            date(2023, 12, 15),
            "Multato e rilasciato a Syktyvkar",
            "Un tribunale militare di Syktyvkar lo ha multato e rilasciato.",
        ),
        (
            date(2024, 2, 15),
            "Cinque anni di colonia penale",
            "Un tribunale militare d'appello ha sostituito la multa con cinque anni di colonia "
            "penale. Comincia la campagna per la sua liberazione.",
        ),
    ),
    "de": (
        (
            date(2023, 7, 15),
            "Boris Kagarlitzki festgenommen",
            "Er wurde festgenommen und der "
            "„Rechtfertigung von Terrorismus“ beschuldigt, wegen eines Beitrags über die "
            "Explosion auf der Krimbrücke.",
        ),
        (
            date(2023, 12, 15),
            "Geldstrafe und Freilassung in Syktywkar",
            "Ein Militärgericht in Syktywkar verhängte eine Geldstrafe und ließ ihn frei.",
        ),
        (
            date(2024, 2, 15),
            "Fünf Jahre Strafkolonie",
            "Ein Militär-Berufungsgericht ersetzte die Geldstrafe durch fünf Jahre Strafkolonie. "
            "Die Kampagne für seine Freilassung beginnt.",
        ),
    ),
}
# The days of the month above are examples; only the months are facts.
NEWS_NOTE = {
    "en": f"(The day of the month is an invented example {FICTIONAL}.)",
    "ru": f"(Число месяца — пример {FICTIONAL}.)",
    "it": f"(Il giorno del mese è un esempio {FICTIONAL}.)",
    "de": f"(Der Tag im Monat ist ein Beispiel {FICTIONAL}.)",
}

TEMPLATES = {
    "ru": (
        "Короткое письмо поддержки",
        "Здравствуйте, Борис Юльевич!\n\nПишу вам из [город]. Мы помним о вас и ждём вас на "
        "свободе. Недавно я прочитал(а) [книга] и думал(а) о ваших статьях.\n\nЖелаю вам "
        "здоровья и сил.\n\n[имя]",
    ),
    "en": (
        "A short letter of support",
        "Dear Boris,\n\nI am writing to you from [city]. Many of us here think of you and "
        "wait for the day you are free. Lately I have been reading [book].\n\nI wish you "
        "health and strength.\n\n[name]",
    ),
    "it": (
        "Una breve lettera di solidarietà",
        "Caro Boris,\n\nti scrivo da [città]. Molti di noi ti pensano e aspettano il giorno "
        "in cui sarai libero. In questi giorni sto leggendo [libro].\n\nTi auguro salute e "
        "forza.\n\n[nome]",
    ),
    "de": (
        "Ein kurzer Solidaritätsbrief",
        "Lieber Boris,\n\nich schreibe dir aus [Stadt]. Viele von uns denken an dich und "
        "warten auf den Tag, an dem du frei bist. Gerade lese ich [Buch].\n\nIch wünsche dir "
        "Gesundheit und Kraft.\n\n[Name]",
    ),
}


@dataclass(frozen=True)
class EndorserSpec:
    name: str
    country: str
    representative: str
    email: str
    statement: str
    decision: str  # approve, reject or "" (left pending)


# Fictional organizations only; those already in the demo directory are matched to it.
ENDORSERS = (
    EndorserSpec(
        "Red Lantern Workers' Committee",
        "FR",
        "Claire Exemple",
        "claire.exemple@example.org",
        f"{FICTIONAL} No one should go to prison for a text.",
        "approve",
    ),
    EndorserSpec(
        "Sunflower Collective",
        "ES",
        "Lucía Ejemplo",
        "lucia.ejemplo@example.org",
        f"{FICTIONAL} ¡Libertad para Boris Kagarlitsky!",
        "approve",
    ),
    EndorserSpec(
        "Red Sunflower Workers' Union",
        "ES",
        "Jordi Exemple",
        "jordi.exemple@example.org",
        "",
        "approve",
    ),
    EndorserSpec(
        "Steppe Dawn Workers' Union",
        "KZ",
        "Aigerim Mysal",
        "aigerim@example.org",
        f"{FICTIONAL} Solidarity from the steppe.",
        "approve",
    ),
    EndorserSpec(
        f"Writers for Free Speech Circle {FICTIONAL}",
        "IT",
        "Marco Esempio",
        "marco.esempio@example.org",
        f"{FICTIONAL} Scrivere non è un reato.",
        "approve",
    ),
    EndorserSpec(
        f"Solidaritätskomitee Nord {FICTIONAL}",
        "DE",
        "Jonas Beispiel",
        "jonas.beispiel@example.org",
        "",
        "approve",
    ),
    EndorserSpec(
        f"Student Library Collective {FICTIONAL}",
        "BR",
        "Ana Exemplo",
        "ana.exemplo@example.org",
        "",
        "",
    ),
)

ACTIONS = (
    (
        Action.Kind.PICKET,
        date(2024, 2, 24),
        "Roma",
        "IT",
        "Piazza dell'Esempio",
        f"Writers for Free Speech Circle {FICTIONAL}",
        35,
    ),
    (
        Action.Kind.BANNER,
        date(2024, 3, 2),
        "Firenze",
        "IT",
        "Ponte d'esempio",
        f"Circolo operaio {FICTIONAL}",
        None,
    ),
    (
        Action.Kind.RALLY,
        date(2024, 3, 9),
        "Berlin",
        "DE",
        "Beispielplatz",
        f"Solidaritätskomitee Nord {FICTIONAL}",
        120,
    ),
    (Action.Kind.PICKET, date(2024, 3, 9), "Essen", "DE", "", "", 18),
    (Action.Kind.PICKET, date(2024, 3, 16), "Lyon", "FR", "Place de l'Exemple", "CLR", 22),
    (
        Action.Kind.MEETING,
        date(2024, 4, 6),
        "Madrid",
        "ES",
        "Centro social de ejemplo",
        "Colectivo Girasol",
        60,
    ),
    (Action.Kind.BANNER, date(2024, 4, 13), "Almaty", "KZ", "", "Dala Tany", None),
    (
        Action.Kind.PICKET,
        date(2024, 5, 1),
        "São Paulo",
        "BR",
        "Praça do Exemplo",
        f"Student Library Collective {FICTIONAL}",
        15,
    ),
)

LETTERS = (
    ("Friend from Bologna", "it", SupporterLetter.Status.DELIVERED, date(2024, 3, 1)),
    ("A reader of Rabkor", "ru", SupporterLetter.Status.ANSWERED, date(2024, 3, 4)),
    ("K. from Leipzig", "de", SupporterLetter.Status.RETURNED, date(2024, 3, 10)),
    ("Student in Lyon", "fr", SupporterLetter.Status.CENSORED, date(2024, 3, 20)),
    ("", "ru", SupporterLetter.Status.SENT, date(2024, 4, 2)),
)


def _campaign(
    admin: User, unit: Unit, organizations: dict[str, Organization], count: Count
) -> Campaign:
    campaign = Campaign.objects.filter(slug=SLUG).first()
    count("campaigns", campaign is None)
    if campaign is not None:
        return campaign
    helper = User.objects.filter(email__iexact="urals.organizer@example.org").first()
    partners = [organizations[key] for key in ("PMLI", "MLPD") if key in organizations]
    return services.campaign_create(
        actor=admin,
        unit=unit,
        slug=SLUG,
        kind=Campaign.Kind.RELEASE,
        status=Campaign.Status.ACTIVE,
        language="en",
        coordinators=[helper] if helper else [],
        partners=partners,
        **TEXTS["en"],
    )


def _texts(admin: User, campaign: Campaign, count: Count) -> None:
    for language in ("ru", "it", "de"):
        exists = CampaignText.objects.filter(campaign=campaign, language=language).exists()
        count("campaign texts", not exists)
        if not exists:
            services.campaign_text_set(
                actor=admin,
                campaign=campaign,
                language=language,
                **TEXTS[language],
                **CASE_TEXTS[language],
            )


def _case(admin: User, campaign: Campaign, count: Count) -> Case:
    case = Case.objects.filter(campaign=campaign).first()
    count("prisoner cases", case is None)
    if case is None:
        case = services.case_set(actor=admin, campaign=campaign, **CASE)
    for held_on, court, description, outcome, translations in HEARINGS:
        exists = Hearing.objects.filter(case=case, held_on=held_on, court=court).exists()
        count("hearings", not exists)
        if not exists:
            services.hearing_create(
                actor=admin,
                case=case,
                held_on=held_on,
                court=court,
                description=description,
                outcome=outcome,
                visibility=Visibility.PUBLIC,
                translations=translations,
            )
    place = f"Penal colony No. 0, Example Region {FICTIONAL}"
    exists = Transfer.objects.filter(case=case, place=place).exists()
    count("transfers", not exists)
    if not exists:
        services.transfer_create(
            actor=admin,
            case=case,
            moved_on=date(2024, 6, 1),
            place=place,
            note=f"Transferred from the pre-trial detention centre. {FICTIONAL}",
            visibility=Visibility.MEMBERS,
            translations={
                "ru": {
                    "place": f"Исправительная колония № 0, Примерная область {FICTIONAL}",
                    "note": f"Этапирован из СИЗО. {FICTIONAL}",
                },
                "it": {
                    "place": f"Colonia penale n. 0, Regione d'esempio {FICTIONAL}",
                    "note": f"Trasferito dal centro di custodia cautelare. {FICTIONAL}",
                },
                "de": {
                    "place": f"Strafkolonie Nr. 0, Beispielregion {FICTIONAL}",
                    "note": f"Aus der Untersuchungshaft verlegt. {FICTIONAL}",
                },
            },
        )
    return case


def _news(admin: User, campaign: Campaign, count: Count) -> None:
    for language, items in NEWS.items():
        for published_on, title, body in items:
            exists = NewsItem.objects.filter(
                campaign=campaign, language=language, title=title
            ).exists()
            count("campaign news", not exists)
            if not exists:
                services.news_create(
                    actor=admin,
                    campaign=campaign,
                    language=language,
                    title=title,
                    body=f"{body} {NEWS_NOTE[language]}",
                    published_on=published_on,
                )


def _templates(admin: User, campaign: Campaign, count: Count) -> None:
    for language, (title, body) in TEMPLATES.items():
        exists = LetterTemplate.objects.filter(
            campaign=campaign, language=language, title=title
        ).exists()
        count("template letters", not exists)
        if not exists:
            services.letter_template_create(
                actor=admin, campaign=campaign, language=language, title=title, body=body
            )


def _endorsements(admin: User, campaign: Campaign, count: Count) -> None:
    for spec in ENDORSERS:
        exists = Endorsement.objects.filter(campaign=campaign, organization_name=spec.name).exists()
        count("campaign endorsements", not exists)
        if exists:
            continue
        endorsement = services.endorsement_submit(
            campaign=campaign,
            organization_name=spec.name,
            country=spec.country,
            representative_name=f"{spec.representative} {FICTIONAL}",
            contact_email=spec.email,
            statement=spec.statement,
            language="en",
        )
        if spec.decision:
            services.endorsement_decide(
                actor=admin, endorsement=endorsement, approve=spec.decision == "approve"
            )


def _actions(admin: User, campaign: Campaign, count: Count) -> None:
    for kind, held_on, city, country, place, group, turnout in ACTIONS:
        exists = Action.objects.filter(campaign=campaign, city=city, held_on=held_on).exists()
        count("campaign actions", not exists)
        if exists:
            continue
        organization = (
            Organization.objects.filter(short_name__iexact=group).first() if group else None
        )
        fields: dict[str, Any] = {
            "organization": organization,
            "group_name": "" if organization else (group or f"Local supporters {FICTIONAL}"),
        }
        services.action_create(
            actor=admin,
            campaign=campaign,
            kind=kind,
            held_on=held_on,
            city=city,
            country=country,
            place=place,
            turnout=turnout,
            description=f"{FICTIONAL} Supporters held placards with his portrait and read "
            "from his writings.",
            **fields,
        )


def _letters(admin: User, campaign: Campaign, count: Count) -> None:
    member = User.objects.filter(email__iexact="member@example.org").first()
    for alias, language, status, sent_on in LETTERS:
        note = f"{FICTIONAL} Letter of {sent_on.isoformat()} in {language}."
        exists = SupporterLetter.objects.filter(campaign=campaign, note=note).exists()
        count("letters to the prisoner", not exists)
        if exists:
            continue
        sender = None if alias or member is None else member
        if sender is None:
            alias = f"{alias or 'A supporter'} {FICTIONAL}"
        services.letter_log(
            actor=admin,
            campaign=campaign,
            sender=sender,
            sender_alias=alias if sender is None else "",
            language=language,
            status=status,
            sent_on=sent_on,
            note=note,
        )


def load_campaigns(
    admin: User, units: dict[str, Unit], organizations: dict[str, Organization], count: Count
) -> Campaign:
    # The Moscow branch runs the campaign (its organizer and members review it in the reviews
    # demo); the Urals organizer helps as a named coordinator from outside the branch.
    unit = units.get("moscow") or units["root"]
    campaign = _campaign(admin, unit, organizations, count)
    _texts(admin, campaign, count)
    _case(admin, campaign, count)
    _news(admin, campaign, count)
    _templates(admin, campaign, count)
    _endorsements(admin, campaign, count)
    _actions(admin, campaign, count)
    _letters(admin, campaign, count)
    return campaign

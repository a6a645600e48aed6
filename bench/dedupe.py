"""Benchmark of the de-duplication scan on generated contacts with known duplicates.

    python bench/dedupe.py --rows 100000 [--database-url postgres://postgres@127.0.0.1/x]

Generates contacts in three cultures (Russian, written in Cyrillic or in one of three Latin
transliterations; Italian; German), makes about 10 % of the rows copies of other contacts with
realistic variations (case, accents, transliteration, swapped name order, a typo, the email
written in capitals, the phone written in another format, another email with the same phone,
a name-only copy in the same city or site), loads everything with raw inserts of values
encrypted beforehand (not measured), runs the real `dedupe_scan`, and prints the seconds,
the pairs found, precision and recall against the known duplicate pairs. The last line is one
JSON object.

Some rows are hard on purpose, as in real data: copies of people who moved to another city or
left the city blank with no shared email or phone (a scan bound to a place cannot find them),
households that share a landline (a pair that is not a duplicate), and namesakes, whose number
follows from the name distributions below.

Without --database-url the database is a fresh SQLite file in a temporary directory; with a
PostgreSQL URL a fresh database of that name is created and dropped afterwards.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate, combinations
from pathlib import Path
from typing import Any

from _databases import create_pg, drop_pg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Names ------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


RU_MALE = _words(
    "Александр Сергей Дмитрий Андрей Алексей Максим Евгений Иван Михаил Артём Николай Владимир "
    "Денис Павел Роман Олег Игорь Антон Кирилл Юрий Никита Виктор Илья Вадим Константин Григорий "
    "Фёдор Степан Тимур Ярослав Пётр Борис Глеб Лев Матвей Егор Василий Станислав Леонид "
    "Анатолий Аркадий Семён Тимофей Захар Всеволод Эдуард Геннадий Валерий Руслан Филипп"
)
RU_FEMALE = _words(
    "Анна Мария Елена Ольга Татьяна Наталья Екатерина Ирина Светлана Юлия Анастасия Дарья Ксения "
    "Марина Алина Виктория Полина Евгения Людмила Галина Вера Надежда Софья Алёна Кристина "
    "Валентина Лариса Жанна Зоя Варвара Любовь Таисия Яна Ульяна Милена Вероника Оксана Лидия "
    "Нина Раиса Эльвира Диана Василиса Арина Майя Злата Ева Лилия Регина"
)
RU_STEMS = _words(
    "Иван Смирн Кузнец Попов Соколов Лебед Козл Новик Мороз Петр Волк Солов Васил Зайц Павл "
    "Семён Голуб Виноград Богд Воробь Фёдор Михайл Беляк Тарас Белов Комар Орл Кисел Макар Андре "
    "Ковал Ильин Гусев Тит Кузьмин Кудрявц Баран Кулик Алексе Степан Яковл Сорокин Сергее Роман "
    "Захар Борис Корол Герасим Пономар Григорь Лазар Медвед Ершов Никит Соболев Рябов Поляк Цвет "
    "Данил Жук Фрол Журавл Никол Крылов Максим Сидор Осип Белоус Федот Дорофе Егор Матве Бобров "
    "Дмитри Калинин Анисим Петух Антон Тимофе Никифор Весел Филипп Марков Большак Суханов "
    "Миронов Ширяев Александр Коновал Шест Казак Ефим Денис Громов Фомин Давыд Мельник Щерб "
    "Чернов Шубин Хохл Щукин Жданов Чайк Юдин Яшин Шишкин"
)
RU_ONSETS = _words("Бар Вол Гор Дуб Жар Зор Кар Лом Мур Нос Пар Рыб Сав Тур Хар Чер Шил Щег Яр")
RU_MIDDLES = _words("ан ен ин ол ур ыш ёк ав уш ич ар")
RU_SUFFIXES = [
    ("ов", "ова"),
    ("ев", "ева"),
    ("ин", "ина"),
    ("ский", "ская"),
    ("енко", "енко"),
    ("цев", "цева"),
]

IT_MALE = _words(
    "Marco Luca Giuseppe Giovanni Francesco Antonio Alessandro Andrea Matteo Lorenzo Davide "
    "Simone Federico Riccardo Stefano Paolo Roberto Nicolò Niccolò Fabio Emanuele Gabriele "
    "Salvatore Vincenzo Pietro Tommaso Michele Daniele Alberto Massimo Enrico Cristiano Raffaele "
    "Filippo Sergio Mattia Edoardo Jacopo Samuele Gianluca"
)
IT_FEMALE = _words(
    "Giulia Francesca Sara Chiara Martina Valentina Alessia Elisa Federica Silvia Laura Anna "
    "Maria Elena Paola Roberta Ilaria Giorgia Beatrice Alice Camilla Marta Serena Veronica "
    "Claudia Monica Simona Lucia Noemi Aurora Greta Ludovica Rebecca Benedetta Caterina Irene "
    "Agnese Carlotta Debora Lisa"
)
IT_STEMS = _words(
    "Ross Bianch Romano Colomb Ricci Marin Gallo Conti Bruno Costa Giordano Mancin Rizzo Lombard "
    "Moretti Barbier Fontana Santor Mariani Rinaldi Caruso Ferrar Gall Martinell Leone Longo "
    "Gentil Martin Vitale Loren Serra Coppol DeSantis D'Angel Marchett Parisi Villa Conte "
    "Ferraro Fabbr Bianco Marino Grasso Valent Messina Sala DeLuca Pellegrin Palumbo Sanna "
    "Farina Rizzi Monti Cattane Morell Amato Silvestr Mazza Testa Grassi Pellegrini Carbone "
    "Giuliani Benedett Barone Rossett Caputo Montanar Guerra Palmier Bernard Martini Fiore "
    "DeRosa Ferrett Bellini Basile Riva Donati Piras Vitali Battaglia Sartor Neri Costantin "
    "Milani Pagano Ruggier Sorrentin D'Amic Orland Damico Negri Sal Colonna"
)
IT_ONSETS = _words("Bel Car Dal Fer Gar Lan Mar Nar Pal Ron San Tar Val Zan Cos Mor Pic Ser")
IT_MIDDLES = _words("an ar er in on ol ucc ett ell")
IT_ENDINGS = ["i", "o", "a", "ini", "etti", "elli", "ucci", "one", "à", "ò"]

DE_MALE = _words(
    "Thomas Michael Andreas Stefan Peter Jürgen Klaus Wolfgang Frank Uwe Markus Christian "
    "Matthias Sebastian Tobias Jan Lukas Jonas Felix Maximilian Florian Daniel Björn Sören Jörg "
    "Günter Dieter Holger Ralf Sven Tim Niklas Moritz Paul Leon Fabian Benedikt Kai Lars Dirk"
)
DE_FEMALE = _words(
    "Sabine Petra Monika Andrea Claudia Susanne Birgit Katrin Julia Anna Laura Lena Sarah Lisa "
    "Hannah Lea Marie Sophie Jana Nicole Stefanie Jessica Anja Heike Ute Käthe Jutta Gisela "
    "Ingrid Renate Ursula Brigitte Kerstin Tanja Silke Nadine Franziska Mareike Frauke Sönke"
)
DE_STEMS = _words(
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
    "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann "
    "Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann "
    "König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert "
    "Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke "
    "Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger "
    "Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn "
    "Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer"
)
DE_ONSETS = _words("Bach Berg Brunn Eich Feld Hein Hoch Kirch Lind Mühl Ober Rosen Stein Wald")
DE_ENDINGS = ["mann", "er", "feld", "berg", "hoff", "bauer", "meier", "ler", "stein"]

CITIES = {
    "ru": _words(
        "Moscow Saint-Petersburg Novosibirsk Yekaterinburg Kazan Nizhny-Novgorod Chelyabinsk "
        "Samara Omsk Rostov-on-Don Ufa Krasnoyarsk Voronezh Perm Volgograd Krasnodar Saratov "
        "Tyumen Tolyatti Izhevsk Barnaul Ulyanovsk Irkutsk Khabarovsk Yaroslavl Vladivostok "
        "Makhachkala Tomsk Orenburg Kemerovo Novokuznetsk Ryazan Astrakhan Penza Lipetsk Kirov "
        "Cheboksary Tula Kaliningrad Kursk Stavropol Ulan-Ude Tver Magnitogorsk Sochi Ivanovo "
        "Bryansk Belgorod Surgut Vladimir Arkhangelsk Chita Smolensk Kaluga Kurgan Murmansk "
        "Petrozavodsk Kostroma Yakutsk Syktyvkar"
    ),
    "it": _words(
        "Roma Milano Napoli Torino Palermo Genova Bologna Firenze Bari Catania Venezia Verona "
        "Messina Padova Trieste Taranto Brescia Parma Prato Modena Reggio-Calabria Reggio-Emilia "
        "Perugia Ravenna Livorno Cagliari Foggia Rimini Salerno Ferrara Sassari Latina Monza "
        "Siracusa Pescara Bergamo Forlì Trento Vicenza Terni Bolzano Novara Piacenza Ancona "
        "Andria Udine Arezzo Cesena Lecce Pesaro La-Spezia Cantù"
    ),
    "de": _words(
        "Berlin Hamburg München Köln Frankfurt Stuttgart Düsseldorf Leipzig Dortmund Essen "
        "Bremen Dresden Hannover Nürnberg Duisburg Bochum Wuppertal Bielefeld Bonn Münster "
        "Mannheim Karlsruhe Augsburg Wiesbaden Mönchengladbach Gelsenkirchen Aachen Braunschweig "
        "Kiel Chemnitz Halle Magdeburg Freiburg Krefeld Mainz Lübeck Erfurt Oberhausen Rostock "
        "Kassel Hagen Potsdam Saarbrücken Hamm Ludwigshafen Oldenburg Osnabrück Leverkusen "
        "Heidelberg Darmstadt Göttingen Würzburg"
    ),
}
COUNTRY = {"ru": "RU", "it": "IT", "de": "DE"}
CULTURE_SHARE = {"ru": 0.5, "it": 0.25, "de": 0.25}
DOMAINS = [
    "example.org",
    "example.net",
    "mail.example.com",
    "post.example.org",
    "yandex.example",
    "libero.example",
    "gmx.example",
    "web.example",
]
PHONE_PREFIX = {"ru": ("+7", "9", 10), "it": ("+39", "3", 10), "de": ("+49", "15", 11)}

# Transliteration schemes real people and clerks use for Russian names.
_ISO = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}
_ENGLISH = {**_ISO, "ё": "yo", "й": "y", "ю": "yu", "я": "ya", "ий": "iy", "ый": "y"}
_GERMAN = {
    **_ISO,
    "в": "w",
    "ё": "jo",
    "ж": "sch",
    "з": "s",
    "й": "j",
    "х": "ch",
    "ц": "z",
    "ч": "tsch",
    "ш": "sch",
    "щ": "schtsch",
    "ю": "ju",
    "я": "ja",
    "ий": "ij",
    "ы": "y",
    "е": "e",
}
SCHEMES = (_ISO, _ENGLISH, _GERMAN)


def transliterate(word: str, scheme: dict[str, str]) -> str:
    """One Cyrillic word in Latin letters, capitalized like the original."""
    out: list[str] = []
    lower = word.lower()
    i = 0
    while i < len(lower):
        if len(lower[i : i + 2]) == 2 and lower[i : i + 2] in scheme:
            out.append(scheme[lower[i : i + 2]])
            i += 2
        else:
            out.append(scheme.get(lower[i], lower[i]))
            i += 1
    latin = "".join(out)
    return latin[:1].upper() + latin[1:] if word[:1].isupper() else latin


def _zipf(n: int, s: float, offset: float) -> list[float]:
    """Cumulative Zipf-like weights, for `random.choices(..., cum_weights=...)`."""
    return list(accumulate(1 / (k + offset) ** s for k in range(1, n + 1)))


@dataclass
class Culture:
    code: str
    male: list[str]
    female: list[str]
    male_weights: list[float]
    female_weights: list[float]
    family_male: list[str]
    family_female: list[str]
    family_weights: list[float]
    cities: list[str]
    city_weights: list[float]


def _russian(rng: random.Random) -> Culture:
    stems = [stem.removesuffix("ов").removesuffix("ев").removesuffix("ин") for stem in RU_STEMS]
    stems = list(dict.fromkeys(stems + [a + b for a in RU_ONSETS for b in RU_MIDDLES]))
    male, female = [], []
    for stem in stems:
        for m, f in RU_SUFFIXES:
            male.append(stem + m)
            female.append(stem + f)
    order = list(range(len(male)))
    rng.shuffle(order)
    return Culture(
        "ru",
        RU_MALE,
        RU_FEMALE,
        _zipf(len(RU_MALE), 0.7, 3),
        _zipf(len(RU_FEMALE), 0.7, 3),
        [male[i] for i in order],
        [female[i] for i in order],
        _zipf(len(male), 0.9, 30),
        CITIES["ru"],
        _zipf(len(CITIES["ru"]), 1.0, 1),
    )


def _italian(rng: random.Random) -> Culture:
    stems = list(IT_STEMS) + [a + b for a in IT_ONSETS for b in IT_MIDDLES]
    names = list(
        dict.fromkeys(
            stem if stem[-1] in "aeiou" and rng.random() < 0.5 else stem.rstrip("aeiou") + ending
            for stem in stems
            for ending in rng.sample(IT_ENDINGS, 4)
        )
    )
    rng.shuffle(names)
    return Culture(
        "it",
        IT_MALE,
        IT_FEMALE,
        _zipf(len(IT_MALE), 0.7, 3),
        _zipf(len(IT_FEMALE), 0.7, 3),
        names,
        names,
        _zipf(len(names), 0.9, 30),
        CITIES["it"],
        _zipf(len(CITIES["it"]), 1.0, 1),
    )


def _german(rng: random.Random) -> Culture:
    names = list(DE_STEMS) + [a + e for a in DE_ONSETS for e in DE_ENDINGS]
    names += [a + b.lower() for a in DE_ONSETS for b in DE_ONSETS if a != b]
    rng.shuffle(names)
    return Culture(
        "de",
        DE_MALE,
        DE_FEMALE,
        _zipf(len(DE_MALE), 0.7, 3),
        _zipf(len(DE_FEMALE), 0.7, 3),
        names,
        names,
        _zipf(len(names), 0.9, 30),
        CITIES["de"],
        _zipf(len(CITIES["de"]), 1.0, 1),
    )


# People -----------------------------------------------------------------------------------


@dataclass
class Person:
    culture: str
    given: str
    family: str
    city: str
    site: int | None
    unit: int
    canonical: tuple[str, str]
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)


class Generator:
    """Originals, copies with variations, and the known duplicate pairs between them."""

    def __init__(self, rows: int, seed: int, units: list[int], name_only: float) -> None:
        self.rng = random.Random(seed)
        self.rows = rows
        self.name_only = name_only
        self.units = units
        self.cultures = {
            c.code: c for c in (_russian(self.rng), _italian(self.rng), _german(self.rng))
        }
        self._serial = 0
        self._phones: set[str] = set()
        self.sites: dict[tuple[str, str], list[int]] = {}
        self.site_rows: list[tuple[int, int, str, str, str]] = []
        self.people: list[Person] = []
        self.known: set[tuple[int, int]] = set()
        self.pair_kind: dict[tuple[int, ...], str] = {}
        self.kinds: dict[str, int] = {}

    # pieces ---
    def _culture(self) -> Culture:
        r = self.rng.random()
        for code, share in CULTURE_SHARE.items():
            if r < share:
                return self.cultures[code]
            r -= share
        return self.cultures["de"]

    def _site(self, culture: Culture, city: str, unit: int) -> int:
        sites = self.sites.setdefault((culture.code, city), [])
        at = culture.cities.index(city)
        weights = culture.city_weights
        share = (weights[at] - (weights[at - 1] if at else 0)) / weights[-1]
        wanted = max(1, int(share * self.rows / 150))
        if not sites or (len(sites) < wanted and self.rng.random() < 0.3):
            pk = len(self.site_rows) + 1
            self.site_rows.append((pk, unit, f"{city} workplace {pk}", city, COUNTRY[culture.code]))
            sites.append(pk)
            return pk
        return self.rng.choice(sites)

    def _email(self, given: str, family: str) -> str:
        self._serial += 1
        scheme = SCHEMES[self._serial % 3]
        local = transliterate(given, scheme)[:1] + transliterate(family, scheme)
        local = "".join(ch for ch in local.lower() if ch.isalnum() and ch.isascii())
        return f"{local or 'x'}.{self._serial}@{self.rng.choice(DOMAINS)}"

    def _phone(self, culture: Culture) -> str:
        country, lead, digits = PHONE_PREFIX[culture.code]
        while True:
            rest = "".join(self.rng.choice("0123456789") for _ in range(digits - len(lead)))
            number = f"{country}{lead}{rest}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def _write_name(self, culture: Culture, text: str, scheme: dict[str, str] | None) -> str:
        if culture.code != "ru" or scheme is None:
            return text
        return " ".join(transliterate(word, scheme) for word in text.split())

    def original(self) -> Person:
        rng = self.rng
        culture = self._culture()
        female = rng.random() < 0.5
        if female:
            given = rng.choices(culture.female, cum_weights=culture.female_weights)[0]
            family = rng.choices(culture.family_female, cum_weights=culture.family_weights)[0]
        else:
            given = rng.choices(culture.male, cum_weights=culture.male_weights)[0]
            family = rng.choices(culture.family_male, cum_weights=culture.family_weights)[0]
        city = rng.choices(culture.cities, cum_weights=culture.city_weights)[0]
        unit = self.units[(len(city) + culture.cities.index(city)) % len(self.units)]
        site = self._site(culture, city, unit) if rng.random() < 0.3 else None
        scheme = None
        if culture.code == "ru" and rng.random() < 0.4:
            scheme = rng.choice(SCHEMES)
        person = Person(
            culture.code,
            self._write_name(culture, given, scheme),
            self._write_name(culture, family, scheme),
            city,
            site,
            unit,
            (given, family),
        )
        if rng.random() < 0.85:
            person.emails.append(self._email(given, family))
        if rng.random() < 0.6:
            person.phones.append(self._phone(culture))
        return person

    # variations ---
    def _typo(self, word: str) -> str:
        """One slip of the keyboard: a letter swapped with the next, dropped, doubled or
        replaced; rarely on the first letter."""
        rng = self.rng
        if len(word) < 4:
            return word
        cyrillic = any("а" <= ch.lower() <= "я" for ch in word)
        letters = "абвгдеиклмнопрстуя" if cyrillic else "abcdeilmnorstuv"
        if rng.random() < 0.1:
            first = rng.choice(letters)
            return (first.upper() if word[0].isupper() else first) + word[1:]
        i = rng.randrange(1, len(word) - 1)
        op = rng.choice(("swap", "drop", "double", "replace"))
        if op == "swap":
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if op == "drop":
            return word[:i] + word[i + 1 :]
        if op == "double":
            return word[:i] + word[i] + word[i:]
        return word[:i] + rng.choice(letters) + word[i + 1 :]

    def _accent(self, text: str) -> str:
        """Accents left out, or German umlauts written out ("Müller", "Mueller")."""
        import unicodedata

        if any(ch in text for ch in "äöüÄÖÜß") and self.rng.random() < 0.5:
            for umlaut, spelled in (
                ("ä", "ae"),
                ("ö", "oe"),
                ("ü", "ue"),
                ("Ä", "Ae"),
                ("Ö", "Oe"),
                ("Ü", "Ue"),
                ("ß", "ss"),
            ):
                text = text.replace(umlaut, spelled)
            return text
        return unicodedata.normalize(
            "NFC",
            "".join(
                ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)
            ),
        )

    def _vary_name(self, source: Person, allow_typo: bool) -> tuple[str, str, list[str]]:
        rng = self.rng
        culture = self.cultures[source.culture]
        given, family = source.given, source.family
        canonical = source.canonical
        options = ["case", "swap", "accent"] + (["typo"] if allow_typo else [])
        if source.culture == "ru":
            options += ["script", "script"]
        done = []
        for _ in range(1 if rng.random() < 0.7 else 2):
            op = rng.choice(options)
            done.append(op)
            if op == "case":
                upper = rng.random() < 0.5
                given = given.upper() if upper else given.lower()
                family = family.upper() if upper else family.lower()
            elif op == "swap":
                given, family = family, given
            elif op == "accent":
                given, family = self._accent(given), self._accent(family)
            elif op == "typo":
                if rng.random() < 0.5:
                    given = self._typo(given)
                else:
                    family = self._typo(family)
                options.remove("typo")
            elif op == "script":
                scheme = rng.choice((None, *SCHEMES))
                given = self._write_name(culture, canonical[0], scheme)
                family = self._write_name(culture, canonical[1], scheme)
        return given, family, done

    def _format_phone(self, number: str) -> str:
        rng = self.rng
        if number.startswith("+7") and rng.random() < 0.5:
            rest = number[2:]
            return f"8 ({rest[:3]}) {rest[3:6]}-{rest[6:8]}-{rest[8:]}"
        if rng.random() < 0.5:
            return "00" + number[1:]
        return f"{number[:3]} {number[3:6]} {number[6:]}"

    def copy(self, source: Person) -> tuple[Person, str]:
        rng = self.rng
        culture = self.cultures[source.culture]
        r = rng.random()
        name_only = self.name_only
        if r < name_only:
            kind = "name only, same place"
        elif r < name_only + 0.03:
            kind = "name only, moved or city blank"
        else:
            r = rng.random()
            kind = (
                "same email"
                if r < 0.5
                else "same phone, other email"
                if r < 0.8
                else "same email and phone"
            )
        if "phone" in kind and not source.phones:
            source.phones.append(self._phone(culture))
        if "email" in kind and kind != "same phone, other email" and not source.emails:
            source.emails.append(self._email(*source.canonical))
        given, family, _ops = self._vary_name(source, allow_typo=True)
        city, site = source.city, source.site
        if kind.endswith("moved or city blank"):
            if rng.random() < 0.5:
                city = ""
            else:
                city = rng.choices(culture.cities, cum_weights=culture.city_weights)[0]
                city = city if city != source.city else ""
            site = None
        elif site is not None and rng.random() < 0.3:
            site = None
        if city and rng.random() < 0.1:
            city = city.upper() if rng.random() < 0.5 else self._accent(city)
        person = Person(source.culture, given, family, city, site, source.unit, source.canonical)
        if kind in ("same email", "same email and phone"):
            email = source.emails[0]
            person.emails.append(email.upper() if rng.random() < 0.3 else email)
        elif rng.random() < 0.6:
            person.emails.append(self._email(*source.canonical))
        if kind in ("same phone, other email", "same email and phone"):
            person.phones.append(self._format_phone(source.phones[0]))
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        return person, kind

    def generate(self) -> None:
        rng = self.rng
        copies = round(self.rows * 0.10)
        originals = self.rows - copies
        for _ in range(originals):
            self.people.append(self.original())
        # households: two people of one family and city share a landline; half of them
        # also share the family name as written
        for _ in range(int(originals * 0.002)):
            a_at, b_at = rng.sample(range(originals), 2)
            a, b = self.people[a_at], self.people[b_at]
            b.city, b.unit, b.site = a.city, a.unit, a.site
            if a.culture == b.culture and a.culture != "ru" and rng.random() < 0.5:
                b.family = a.family
            if not a.phones:
                a.phones.append(self._phone(self.cultures[a.culture]))
            b.phones = [a.phones[0]]
        # most people are copied once, one in ten twice
        sources = rng.sample(range(originals), copies)
        groups: list[list[int]] = []
        kind_of: dict[int, str] = {}
        made = 0
        for source_at in sources:
            if made >= copies:
                break
            members = [source_at]
            for _ in range(2 if rng.random() < 0.1 and made + 2 <= copies else 1):
                person, kind = self.copy(self.people[source_at])
                kind_of[len(self.people)] = kind
                members.append(len(self.people))
                self.people.append(person)
                made += 1
            groups.append(members)
        order = list(range(len(self.people)))
        rng.shuffle(order)
        new_id = {old: new + 1 for new, old in enumerate(order)}
        self.people = [self.people[old] for old in order]
        for members in groups:
            for first, second in combinations(members, 2):
                pair = tuple(sorted((new_id[first], new_id[second])))
                self.known.add(pair)  # type: ignore[arg-type]
                self.pair_kind[pair] = (
                    kind_of.get(second, "") if first == members[0] else "between two copies"
                )


# Loading ----------------------------------------------------------------------------------


def _rows(gen: Generator) -> Iterator[tuple[Any, ...]]:
    from django.utils import timezone

    from massline.people.services.contacts import clean_emails, clean_phones
    from massline.vault.crypto import blind_index, encrypt
    from massline.vault.normalize import normalize_name

    now = timezone.now()
    for pk, person in enumerate(gen.people, 1):
        emails = clean_emails(person.emails)
        phones = clean_phones(person.phones, COUNTRY[person.culture])
        yield (
            pk,
            encrypt("contact.given_name", person.given) if person.given else "",
            encrypt("contact.family_name", person.family) if person.family else "",
            "",
            "",
            encrypt("contact.emails", "\n".join(emails)) if emails else "",
            encrypt("contact.phones", "\n".join(phones)) if phones else "",
            "",
            "",
            blind_index("contact.name", normalize_name(person.given, person.family)),
            "[]",
            COUNTRY[person.culture],
            person.city,
            "",
            "contact",
            False,
            False,
            False,
            "bench",
            now,
            now,
            person.unit,
            person.site,
            [("email", blind_index("contact.email", e)) for e in emails]
            + [("phone", blind_index("contact.phone", p)) for p in phones],
        )


CONTACT_COLUMNS = (
    "id",
    "given_name",
    "family_name",
    "called_name",
    "pseudonym",
    "emails",
    "phones",
    "address",
    "notes",
    "name_index",
    "languages",
    "country",
    "city",
    "union",
    "status",
    "consent_email",
    "consent_phone",
    "consent_messaging",
    "source",
    "created_at",
    "updated_at",
    "unit_id",
    "site_id",
)


def load(gen: Generator) -> None:
    from django.db import connection, transaction

    from massline.people.models import Contact, ContactIdentifier, Site

    qn = connection.ops.quote_name
    contact_table = qn(Contact._meta.db_table)
    identifier_table = qn(ContactIdentifier._meta.db_table)
    site_table = qn(Site._meta.db_table)
    columns = ", ".join(qn(c) for c in CONTACT_COLUMNS)
    now_iso = "2024-01-01T00:00:00+00:00"
    postgres = connection.vendor == "postgresql"
    with transaction.atomic(), connection.cursor() as cursor:
        site_sql = (
            f"INSERT INTO {site_table} (id, unit_id, name, kind, sector, city, country, "  # noqa: S608
            f"notes, created_at) VALUES (%s, %s, %s, 'workplace', '', %s, %s, '', %s)"
        )
        cursor.executemany(site_sql, [(*row, now_iso) for row in gen.site_rows])
        batch: list[tuple[Any, ...]] = []
        identifiers: list[tuple[int, str, str]] = []

        def flush() -> None:
            if postgres:
                raw = cursor.cursor
                with raw.copy(f"COPY {contact_table} ({columns}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
                with raw.copy(
                    f"COPY {identifier_table} (contact_id, kind, value_index) FROM STDIN"
                ) as copy:
                    for row in identifiers:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(CONTACT_COLUMNS))
                cursor.executemany(
                    f"INSERT INTO {contact_table} ({columns}) VALUES ({marks})",  # noqa: S608
                    batch,
                )
                cursor.executemany(
                    f"INSERT INTO {identifier_table} (contact_id, kind, value_index) "  # noqa: S608
                    f"VALUES (%s, %s, %s)",
                    identifiers,
                )
            batch.clear()
            identifiers.clear()

        for row in _rows(gen):
            *values, ids = row
            batch.append(tuple(values))
            identifiers.extend((row[0], kind, value) for kind, value in ids)
            if len(batch) >= 20_000:
                flush()
        flush()
        if postgres:
            for table in (contact_table, identifier_table, site_table):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT MAX(id) FROM {table}))"
                )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# Running ----------------------------------------------------------------------------------


def _scan(gen: Generator, secretary: Any, rules: Any, profile: str, show: int) -> dict[str, Any]:
    from django.db import connection

    from massline.people.models import DuplicateCandidate
    from massline.people.services.dedupe import dedupe_scan

    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    connection.close()  # a fresh connection, as a task worker would have
    started, cpu_started, children = time.perf_counter(), time.process_time(), os.times()
    new = dedupe_scan(actor=secretary, rules=rules)
    seconds = time.perf_counter() - started
    after = os.times()
    cpu_seconds = (
        time.process_time()
        - cpu_started
        + after.children_user
        - children.children_user
        + after.children_system
        - children.children_system
    )
    load_average = os.getloadavg()[0]
    if profiler is not None:
        profiler.stop()
        out = Path(profile)
        out.write_text(
            profiler.output_html()
            if out.suffix == ".html"
            else profiler.output_text(unicode=True, color=False)
        )

    found = set(DuplicateCandidate.objects.values_list("first_id", "second_id"))
    hits = len(found & gen.known)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(gen.known) if gen.known else 1.0
    by_reason: dict[str, list[int]] = {}
    for first, second, reasons in DuplicateCandidate.objects.values_list(
        "first_id", "second_id", "reasons"
    ).iterator(chunk_size=10_000):
        key = " + ".join(
            sorted(r.split("%")[-1].strip(" +") or "name" if "%" in r else r for r in reasons)
        )
        tally = by_reason.setdefault(key, [0, 0])
        tally[0] += 1
        tally[1] += (first, second) in gen.known
    print(
        f"scan with namesake_limit={rules.namesake_limit}: {seconds:.1f} s ({cpu_seconds:.1f} s "
        f"of CPU in this process and its workers; load average {load_average:.1f} on "
        f"{os.cpu_count()} cores), {new} pairs stored, {hits} of {len(gen.known)} known "
        f"pairs found; precision {precision:.4f}, recall {recall:.4f}",
        flush=True,
    )
    print("  found, by the reasons stored:")
    for key, (count, right) in sorted(by_reason.items(), key=lambda kv: -kv[1][0]):
        print(f"    {key}: {count} pairs, {right} true")
    print("  recall, by how the copy was made:")
    by_kind: dict[str, list[int]] = {}
    for pair, kind in gen.pair_kind.items():
        tally = by_kind.setdefault(kind, [0, 0])
        tally[0] += 1
        tally[1] += pair in found
    for kind, (count, right) in sorted(by_kind.items(), key=lambda kv: -kv[1][0]):
        print(f"    {kind}: {right} of {count} ({right / count:.3f})")
    if show:
        _show(gen, found, show)
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "load": round(load_average, 1),
        "pairs": new,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "namesake_limit": rules.namesake_limit,
    }


def _show(gen: Generator, found: set[tuple[int, int]], n: int) -> None:
    from massline.people.models import DuplicateCandidate

    def line(pk: int) -> str:
        p = gen.people[pk - 1]
        return f"{p.given} {p.family} / {p.city} / site {p.site} / {p.emails} {p.phones}"

    wrong = sorted(found - gen.known)[:n]
    reasons = dict(
        ((c.first_id, c.second_id), c.reasons)
        for c in DuplicateCandidate.objects.filter(first_id__in=[a for a, _b in wrong])
    )
    print("wrong pairs:")
    for a, b in wrong:
        print(f"  {reasons.get((a, b))}\n    {line(a)}\n    {line(b)}")
    print("missed pairs:")
    for a, b in sorted(gen.known - found)[:n]:
        print(f"  {line(a)}\n    {line(b)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--profile",
        metavar="FILE",
        default="",
        help="write a pyinstrument profile of the scan (.html or .txt)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--name-only",
        type=float,
        default=0.2,
        metavar="SHARE",
        help="share of copies that share no email or phone with the original "
        "and stay in its city or site (default 0.2)",
    )
    parser.add_argument(
        "--namesake-limit",
        default="",
        metavar="LIMIT[,LIMIT...]",
        help="scan with these DedupeRules.namesake_limit values in turn "
        "(default: the rules' default)",
    )
    parser.add_argument(
        "--show", type=int, default=0, metavar="N", help="print N wrong pairs and N missed pairs"
    )
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="massline-bench-")
    os.environ["MASSLINE_VAR_DIR"] = tmp.name
    os.environ.setdefault("MASSLINE_DATA_KEY", "YmVuY2htYXJrLW9ubHktZGF0YS1rZXktbm90LXJlYWw")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "massline.settings")
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
        create_pg(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from massline.accounts.models import Role, Unit
    from massline.accounts.services import membership_set, unit_create, user_create
    from massline.people.models import DuplicateCandidate
    from massline.people.services.dedupe import DedupeRules

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        root = unit_create(actor=None, name="Whole party", kind=Unit.Kind.ORGANIZATION)
        units = [
            unit_create(actor=None, name=f"Region {n}", kind=Unit.Kind.BRANCH, parent=root).pk
            for n in range(1, 9)
        ]
        secretary = user_create(email="secretary@example.org", password="x" * 16)
        membership_set(actor=None, user=secretary, unit=root, role=Role.SECRETARY)
        gen = Generator(args.rows, args.seed, units, args.name_only)
        gen.generate()
        load(gen)
        setup = time.perf_counter() - started
        print(
            f"setup: {setup:.1f} s for {len(gen.people)} contacts on {connection.vendor}; "
            f"{len(gen.known)} known duplicate pairs; copies by kind: {gen.kinds}",
            flush=True,
        )

        limits = (
            [float(x) for x in args.namesake_limit.split(",")]
            if args.namesake_limit
            else [DedupeRules().namesake_limit]
        )
        results = []
        for number, limit in enumerate(limits):
            if number:
                DuplicateCandidate.objects.all().delete()
            results.append(
                _scan(
                    gen,
                    secretary,
                    DedupeRules(namesake_limit=limit),
                    args.profile if not number else "",
                    args.show,
                )
            )
        summary = {
            "rows": len(gen.people),
            **results[0],
            "known_pairs": len(gen.known),
            "database": connection.vendor,
            "setup_seconds": round(setup, 1),
        }
        if len(results) > 1:
            summary["sweep"] = results
        print(json.dumps(summary))
    finally:
        if args.database_url and not args.keep:
            drop_pg(args.database_url)
        tmp.cleanup()


if __name__ == "__main__":
    main()

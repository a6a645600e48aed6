"""Benchmark of the register's full-text search over many letters in four languages.

    python bench/_letter_search.py [--letters 100000] [--queries 200]
        [--database-url postgres://postgres@127.0.0.1:5432/massline_bench_letters]

`measure_letter_search(database_url, letters=...)` is what `bench/events.py` calls; it runs this
file as a separate process (so that it gets a Django of its own, on its own database) and
returns the figures of the last line.

What runs, in that process:
- a fresh database: with a PostgreSQL URL a new database beside the one named (created and
  dropped through `bench/_databases.py`), without one a fresh SQLite file in a temporary
  directory; migrated;
- three units, forty organizations in a dozen countries, and `--letters` letters spread over
  2015-2026, kinds and statuses, each with its original in Russian, Italian, German or English
  (a quarter each) and about a quarter with an English translation too. The texts are made from
  vocabularies of a few hundred inflected words per language (greetings, solidarity,
  condolences, protests...), so that stems meet in many forms. Letters, versions and
  recipients go in with `bulk_create`; the index is then built in one pass: on PostgreSQL one
  UPDATE filling every version's tsvector in its language's configuration (the GIN index is
  dropped before and built after), on SQLite batched inserts of each letter's stemmed texts into
  FTS5 - the same content the services write one letter at a time;
- `--queries` searches (one or two words in an inflected form other than the stored ones, in
  every language; a fifth also filtered by kind, country or year), each through the real
  selector `letter_list` as the root unit's secretary (who sees every letter) and evaluated as
  the register page does: the count and the first page of 30 letters with their recipients and
  versions.

Figures: `search_median_ms`, `search_p95_ms`, `search_max_ms` over those searches; how many
letters and versions; seconds to generate and to index; the average hits per query. The last
line of the output is one JSON object.
"""

import argparse
import base64
import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _words(text: str) -> list[str]:
    return text.split()


VOCABULARY = {
    "ru": _words(
        "товарищи товарищей товарищам дорогие дорогих братский братского братскому привет "
        "приветствие приветствуем приветствия революция революции революцию революцией "
        "революционный революционного революционной борьба борьбы борьбу борьбой рабочие "
        "рабочих рабочим класс класса классом партия партии партию партией народ народа "
        "народу народов война войны войну войной против мир мира миру солидарность "
        "солидарности империализм империализма империалистической фашизм фашизма "
        "антифашистский антифашистского фронт фронта фронтом единый единого конференция "
        "конференции конференцию съезд съезда годовщина годовщины годовщину память памяти "
        "председатель председателя Мао учение учения марксизм марксизма ленинизм ленинизма "
        "интернационализм интернационализма пролетарский пролетарского пролетариат "
        "пролетариата забастовка забастовки забастовку заключённый заключённого свобода "
        "свободы свободу освобождение освобождения политический политического репрессии "
        "репрессий крестьяне крестьян молодёжь молодёжи женщины женщин угнетённые "
        "угнетённых нации наций успехов успехи желаем желаем победы победу победа путь пути "
        "вперёд строительство строительства социализм социализма коммунизм коммунизма "
        "демократия демократии капитал капитала кризис кризиса соболезнования утрата "
        "утраты протест протеста требуем освободить приглашение приглашаем участие участия "
        "сердечный сердечного горячий горячего Флоренция Флоренции Италия Италии Германия "
        "Германии"
    ),
    "it": _words(
        "compagni compagno compagna compagne cari caro cara care fraterno fraterni fraterna "
        "saluto saluti salutiamo salutare rivoluzione rivoluzioni rivoluzionario "
        "rivoluzionaria rivoluzionari lotta lotte lottare lottiamo lavoratore lavoratori "
        "lavoratrice lavoratrici classe classi operaia operaio operai partito partiti popolo "
        "popoli guerra guerre contro pace solidarietà imperialismo imperialista imperialisti "
        "fascismo fascista antifascista antifascisti fronte fronti unito unita conferenza "
        "conferenze congresso congressi anniversario anniversari commemorazione "
        "commemorazioni memoria presidente Mao pensiero marxismo leninismo "
        "internazionalismo internazionalista proletario proletaria proletariato sciopero "
        "scioperi prigioniero prigionieri libertà liberazione politico politici politica "
        "repressione repressioni contadino contadini giovani donne oppressi oppresse nazione "
        "nazioni successo successi auguriamo vittoria vittorie cammino avanti costruzione "
        "socialismo comunismo democrazia capitale crisi condoglianze perdita protesta "
        "chiediamo liberare invito invitiamo partecipazione cordiale cordiali caloroso "
        "calorosi Firenze Italia Germania Russia"
    ),
    "de": _words(
        "Genossen Genossinnen Genosse Genossin liebe lieber lieben brüderlich brüderliche "
        "brüderlichen Gruß Grüße grüßen begrüßen Revolution Revolutionen revolutionär "
        "revolutionäre revolutionären Kampf Kämpfe Kampfes kämpfen Arbeiter Arbeiterin "
        "Arbeiterinnen Arbeiterklasse Klasse Klassen Partei Parteien Volk Völker Völkern Krieg "
        "Kriege Krieges gegen Frieden Solidarität Imperialismus imperialistisch "
        "imperialistischen Faschismus faschistisch antifaschistisch antifaschistischen Front "
        "Fronten Einheitsfront vereint vereinte Konferenz Konferenzen Kongress Kongresse "
        "Jahrestag Jahrestages Gedenken Erinnerung Vorsitzender Mao Lehre Marxismus "
        "Leninismus Internationalismus internationalistisch proletarisch proletarischen "
        "Proletariat Streik Streiks Gefangener Gefangenen Freiheit Befreiung politisch "
        "politische politischen Repression Repressionen Bauern Jugend Frauen Unterdrückte "
        "Unterdrückten Nation Nationen Erfolg Erfolge wünschen Sieg Siege Weg Wege vorwärts "
        "Aufbau Sozialismus Kommunismus Demokratie Kapital Krise Beileid Verlust Protest "
        "Proteste fordern befreien Einladung einladen Teilnahme herzlich herzliche "
        "herzlichen Florenz Italien Deutschland Russland"
    ),
    "en": _words(
        "comrades comrade dear fraternal greetings greeting greet revolution revolutions "
        "revolutionary struggle struggles struggling workers worker working class classes "
        "party parties people peoples war wars against peace solidarity imperialism "
        "imperialist imperialists fascism fascist antifascist front fronts united unity "
        "conference conferences congress congresses anniversary anniversaries commemoration "
        "memory chairman Mao thought Marxism Leninism internationalism internationalist "
        "proletarian proletariat strike strikes striking prisoner prisoners freedom "
        "liberation political politics repression peasants youth women oppressed nation "
        "nations success successes wish victory victories road forward building socialism "
        "communism democracy capital crisis condolences loss protest protests demand release "
        "invitation invite participation warm warmest heartfelt Florence Italy Germany Russia"
    ),
}
# Query words in forms that differ from most stored forms, so that stemming does the work.
QUERIES = {
    "ru": _words(
        "товарищу революциях борьбами рабочему партиям войнами солидарностью империализму "
        "фашизмом конференциям годовщиной памятью марксизмом интернационализмом забастовкам "
        "заключённым свободой репрессиями нациями победами социализмом кризисом протестами"
    ),
    "it": _words(
        "compagna rivoluzionarie lotta lavoratrice partito popolo guerre imperialiste fasciste "
        "conferenza anniversario commemorazione proletari sciopero prigioniera liberazioni "
        "repressione contadina nazione vittoria socialismo proteste inviti"
    ),
    "de": _words(
        "Genossinnen Revolutionen Kämpfe Arbeiterinnen Parteien Völkern Kriegen Imperialismus "
        "Faschismus Konferenzen Kongressen Jahrestage Streiks Gefangenen Befreiung Repressionen "
        "Nationen Erfolge Siege Sozialismus Proteste Einladungen"
    ),
    "en": _words(
        "comrades revolutions struggles workers parties peoples wars imperialists fronts "
        "conferences anniversaries strikes prisoners nations victories protests invitations "
        "greetings solidarity liberation"
    ),
}
COUNTRIES = ["IT", "DE", "RU", "FR", "ES", "TR", "IN", "PH", "BR", "GB", "US", "NP"]
PAGE = 30


PLACES = _words(
    "Florence Rome Milan Naples Turin Bologna Genoa Palermo Berlin Hamburg Munich Essen "
    "Gelsenkirchen Leipzig Dresden Moscow Petersburg Yekaterinburg Novosibirsk Samara Kazan "
    "Perm Paris Lyon "
    "Marseille Madrid Barcelona Istanbul Ankara Izmir Delhi Kolkata Manila Davao Kathmandu Lima "
    "Bogota Caracas Havana Dhaka Lagos Nairobi Johannesburg Cairo Tunis Athens Lisbon Porto"
)
PEOPLE = _words(
    "Gramsci Lenin Stalin Marx Engels Dimitrov Zetkin Luxemburg Liebknecht Thälmann Togliatti "
    "Lumumba Sankara Guevara Ho Enver Ibárruri Kollontai Krupskaya Frunze Chapaev Kirov"
)

_weights: dict[str, list[float]] = {}


def _zipf(language: str) -> list[float]:
    """Word frequencies fall with rank as in real texts: a few words are everywhere, most
    are in some letters only."""
    if language not in _weights:
        _weights[language] = [1 / (rank + 1) ** 1.15 for rank in range(len(VOCABULARY[language]))]
    return _weights[language]


def _text(rng: random.Random, language: str, words: int) -> str:
    vocabulary = VOCABULARY[language]
    paragraphs = []
    remaining = words
    while remaining > 0:
        size = min(remaining, rng.randint(25, 60))
        sentence_words = rng.choices(vocabulary, weights=_zipf(language), k=size)
        for _ in range(rng.randint(0, 2)):
            sentence_words.insert(rng.randrange(len(sentence_words)), rng.choice(PLACES + PEOPLE))
        sentence_words[0] = sentence_words[0].capitalize()
        paragraphs.append(" ".join(sentence_words) + ".")
        remaining -= size
    return "\n\n".join(paragraphs)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def run(letters: int, queries: int, database_url: str, seed: int = 20230916) -> dict[str, Any]:
    """Generate, index and search, in this process (Django is set up here)."""
    workdir = Path(tempfile.mkdtemp(prefix="massline-bench-letters-"))
    os.environ["MASSLINE_VAR_DIR"] = str(workdir)
    os.environ["TASK_BACKEND"] = "immediate"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("MASSLINE_DATA_KEY", base64.urlsafe_b64encode(os.urandom(32)).decode())
    os.environ["DJANGO_SETTINGS_MODULE"] = "massline.settings"
    os.environ.pop("MASSLINE_TESTING", None)
    postgres = database_url.startswith(("postgres://", "postgresql://"))
    if postgres:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    from bench._databases import create_pg, drop_pg

    if postgres:
        create_pg(database_url)
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        return _measure(letters, queries, seed)
    finally:
        if postgres:
            drop_pg(database_url)
        shutil.rmtree(workdir, ignore_errors=True)


def _measure(letters: int, queries: int, seed: int) -> dict[str, Any]:
    from django.db import connection, transaction

    from massline.accounts.models import Role, Unit
    from massline.accounts.services import membership_set, unit_create, user_create
    from massline.directory.models import Organization
    from massline.letters import search
    from massline.letters.models import (
        Letter,
        LetterRecipient,
        LetterVersion,
        RegisterCounter,
    )
    from massline.letters.selectors import LetterFilters, letter_list
    from massline.letters.stemming import stemmed_text

    rng = random.Random(seed)
    root = unit_create(actor=None, name="Bench party", kind=Unit.Kind.ORGANIZATION)
    units = [root] + [
        unit_create(actor=None, name=f"Bench branch {n}", kind=Unit.Kind.BRANCH, parent=root)
        for n in range(2)
    ]
    secretary = user_create(
        email="bench.secretary@example.org", password=secrets.token_urlsafe(), display_name="s"
    )
    membership_set(actor=None, user=secretary, unit=root, role=Role.SECRETARY)
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                name=f"Bench organization {n}",
                short_name=f"BO{n}",
                country=COUNTRIES[n % len(COUNTRIES)],
                kind=Organization.Kind.PARTY,
                search_key=f"bench organization {n}",
            )
            for n in range(40)
        ]
    )

    started = time.perf_counter()
    languages = ["ru", "it", "de", "en"]
    kinds = Letter.Kind.values
    statuses = ["sent", "sent", "acknowledged", "approved", "draft", "review", "received"]
    per_year: dict[int, int] = {}
    batch = 5000
    versions_total = 0
    for first in range(0, letters, batch):
        count = min(batch, letters - first)
        rows = []
        for _ in range(count):
            year = rng.randint(2015, 2026)
            per_year[year] = per_year.get(year, 0) + 1
            status = rng.choice(statuses)
            rows.append(
                Letter(
                    register_year=year,
                    register_seq=per_year[year],
                    direction="in" if status == "received" else "out",
                    kind=rng.choice(kinds),
                    status=status,
                    subject=_text(rng, rng.choice(languages), rng.randint(3, 8)).split("\n")[0],
                    unit=rng.choice(units),
                    approved_hash="0" * 64
                    if status in ("sent", "acknowledged", "approved")
                    else "",
                    sender=rng.choice(organizations) if status == "received" else None,
                )
            )
        with transaction.atomic():
            created = Letter.objects.bulk_create(rows)
            versions = []
            recipients = []
            for letter in created:
                original = rng.choice(languages)
                versions.append(
                    LetterVersion(
                        letter=letter,
                        language=original,
                        subject=_text(rng, original, rng.randint(3, 8)).split("\n")[0][:300],
                        body=_text(rng, original, rng.randint(80, 220)),
                        is_original=True,
                    )
                )
                if original != "en" and rng.random() < 0.35:
                    versions.append(
                        LetterVersion(
                            letter=letter,
                            language="en",
                            subject=_text(rng, "en", 5).split("\n")[0],
                            body=_text(rng, "en", rng.randint(80, 220)),
                            translator="Bench translation group",
                        )
                    )
                if letter.direction == "out":
                    for organization in rng.sample(organizations, rng.randint(1, 2)):
                        recipients.append(
                            LetterRecipient(
                                letter=letter,
                                organization=organization,
                                email=f"{organization.short_name.lower()}@example.org",
                            )
                        )
            LetterVersion.objects.bulk_create(versions)
            LetterRecipient.objects.bulk_create(recipients)
            versions_total += len(versions)
    RegisterCounter.objects.bulk_create(
        [RegisterCounter(year=year, last=last) for year, last in per_year.items()]
    )
    generated = time.perf_counter() - started

    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS letters_letterversion_search_gin")
            cases = " ".join(
                f"WHEN '{code}' THEN '{config}'::regconfig"
                for code, config in search.REGCONFIGS.items()
            )
            fill = (
                "UPDATE letters_letterversion SET search = to_tsvector("  # noqa: S608 - constants
                f"CASE language {cases} ELSE 'simple'::regconfig END, subject || ' ' || body)"
            )
            cursor.execute(fill)
            cursor.execute(
                "CREATE INDEX letters_letterversion_search_gin "
                "ON letters_letterversion USING gin (search)"
            )
            cursor.execute("ANALYZE")
        else:
            last = 0
            while True:
                chunk = list(
                    LetterVersion.objects.filter(letter_id__gt=last)
                    .order_by("letter_id", "pk")
                    .values_list("letter_id", "language", "subject", "body")[:5000]
                )
                if not chunk:
                    break
                last = chunk[-1][0]
                # The last letter of a chunk may have more versions in the next one.
                rest = LetterVersion.objects.filter(letter_id=last).values_list(
                    "letter_id", "language", "subject", "body"
                )
                texts: dict[int, list[str]] = {}
                for letter_id, language, subject, body in [
                    *[row for row in chunk if row[0] != last],
                    *rest,
                ]:
                    texts.setdefault(letter_id, []).append(
                        stemmed_text(f"{subject}\n{body}", language)
                    )
                with transaction.atomic():
                    cursor.executemany(
                        "INSERT INTO letters_fts (rowid, content) VALUES (%s, %s)",
                        [(pk, "\n".join(parts)) for pk, parts in texts.items()],
                    )
            cursor.execute("INSERT INTO letters_fts(letters_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    indexed = time.perf_counter() - started

    plans: list[tuple[str, dict[str, Any]]] = []
    for n in range(queries):
        language = languages[n % 4]
        words = rng.sample(QUERIES[language], 2 if n % 3 == 0 else 1)
        filters: dict[str, Any] = {}
        if n % 5 == 4:
            choice = n % 3
            if choice == 0:
                filters["kind"] = rng.choice(kinds)
            elif choice == 1:
                filters["country"] = rng.choice(COUNTRIES)
            else:
                filters["year"] = rng.randint(2015, 2026)
        plans.append((" ".join(words), filters))

    def one(query: str, filters: dict[str, Any]) -> int:
        found = letter_list(user=secretary, filters=LetterFilters(q=query, **filters))
        total = found.count()
        page = list(found[:PAGE])
        for letter in page:
            list(letter.recipients.all())
            list(letter.versions.all())
        return total

    for query, filters in plans[:5]:  # warm the caches the way a running server has them
        one(query, filters)
    timings = []
    hits = []
    for query, filters in plans:
        started = time.perf_counter()
        hits.append(one(query, filters))
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "database": connection.vendor,
        "letters": Letter.objects.count(),
        "versions": versions_total,
        "queries": len(timings),
        "search_median_ms": round(statistics.median(timings), 2),
        "search_p95_ms": round(_percentile(timings, 0.95), 2),
        "search_max_ms": round(max(timings), 2),
        "hits_mean": round(statistics.mean(hits), 1),
        "generate_s": round(generated, 1),
        "index_s": round(indexed, 1),
    }


def measure_letter_search(database_url: str, letters: int = 100_000) -> dict[str, Any]:
    """Run this benchmark in a process of its own and return its figures.

    `database_url`: a PostgreSQL URL names the scratch database to create (and drop) on that
    server; anything else (e.g. "") runs on a fresh SQLite file.
    """
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--letters",
        str(letters),
        "--database-url",
        database_url,
    ]
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MASSLINE_VAR_DIR"}}
    result = subprocess.run(
        command, env=env, cwd=str(ROOT), capture_output=True, text=True, check=False
    )
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"letter search benchmark failed:\n{result.stderr[-4000:]}")
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="a PostgreSQL URL naming the scratch database; empty: a SQLite file",
    )
    args = parser.parse_args()
    figures = run(args.letters, args.queries, args.database_url)
    print(
        f"{figures['letters']:,} letters ({figures['versions']:,} versions) on "
        f"{figures['database']}: generated in {figures['generate_s']} s, indexed in "
        f"{figures['index_s']} s; {figures['queries']} searches: median "
        f"{figures['search_median_ms']} ms, p95 {figures['search_p95_ms']} ms, max "
        f"{figures['search_max_ms']} ms, {figures['hits_mean']} hits on average"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

"""Benchmark of the contact import on a generated, messy CSV file.

    python bench/import_contacts.py --rows 100000 [--database-url postgres://postgres@127.0.0.1/x]

Generates a CSV file the way organizations have them: headers in several languages; names in
Cyrillic, Latin with accents, Turkish, Devanagari, Greek and Arabic; several languages per
person; phones written in many national and international formats; quoted notes with commas,
quotes and line breaks; about 10 % of the rows repeating an earlier person with variations
(email in capitals or in angle brackets, the phone written another way, the name in other
case); about 1 % of broken rows (a bad email, an impossible phone, an unknown country, an
assessment of 9) and some blank lines.

The file then goes through the real import code, as from the upload form: encrypted into the
import store and checked (`import_create_from_path`), mapped with the guessed mapping
(`import_map`), and imported by the task (`import_start`, with the immediate task backend, so
the task body `import_run` runs here). Measured: seconds and rows per second from the upload to
the end of the import, and the peak resident memory of this process and of the worker
processes (`resource.getrusage`).

The baseline, in the same run, stores the same rows with a plain Django `bulk_create` into a
table of plain text columns: no normalization, no encryption, no de-duplication.
`baseline_ratio` is the import's seconds divided by the baseline's.

Without --database-url the database is a fresh SQLite file in a temporary directory; with a
PostgreSQL URL a fresh database is created on that server and dropped afterwards. The last line
of the output is one JSON object.
"""

import argparse
import csv
import json
import os
import random
import resource
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent


def _words(text: str) -> list[str]:
    return text.split()


HEADER = [
    "Имя",
    "Фамилия",
    "E-mail",
    "Телефон",
    "Telefono 2",
    "Città",
    "Country",
    "Sprachen",
    "Tags",
    "Workplace",
    "Sector",
    "Status",
    "Newsletter",
    "Assessment",
    "Notes",
]

FIRST = {
    "RU": _words(
        "Иван Мария Алексей Ольга Дмитрий Наталья Сергей Екатерина Андрей Юлия Пётр Алёна "
        "Фёдор Ксения Николай Дарья"
    ),
    "IT": _words(
        "Giuseppe Maria Niccolò Chiara Lucía Andrea Francesca Matteo Giulia Lorenzo Sofia "
        "Gabriele Martina Tommaso"
    ),
    "DE": _words(
        "Jürgen Jörg Anna Lukas Sophie Maximilian Björn Käthe Günther Lena Felix Hannah Tobias Mia"
    ),
    "FR": _words("François Zoë Hélène Amélie Jérôme Noël Cécile Benoît Léa Théo"),
    "TR": _words("Çağrı Şükrü Gülşen Ömer İsmail Ayşe Özlem Barış Şebnem Doğan"),
    "IN": _words("राहुल प्रिया अमित सुनीता विजय अनीता Rahul Priya Anjali Arjun"),
    "GR": _words("Γιώργος Μαρία Νίκος Ελένη Δημήτρης Κατερίνα"),
    "EG": _words("محمد فاطمة أحمد مريم Mohamed Fatima Ahmed"),
}
LAST = {
    "RU": _words(
        "Иванов Петрова Смирнов Кузнецова Попов Соколова Лебедев Новикова Морозов "
        "Волкова Ёлкин Щукина Жуков"
    ),
    "IT": _words(
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco De Luca "
        "D'Angelo Lo Bianco"
    ),
    "DE": _words("Müller Schmidt Schneider Fischer Weiß Größer Becker Hoffmann Schäfer Koch Bauer"),
    "FR": _words("Lefèvre Dubois Moreau Laurent Girard Rousseau Bonnet Dupré"),
    "TR": _words("Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Özdemir Arslan"),
    "IN": _words("शर्मा वर्मा गुप्ता सिंह Sharma Patel Reddy Iyer Nair"),
    "GR": _words("Παπαδόπουλος Παπαδοπούλου Νικολάου Γεωργίου"),
    "EG": _words("حسن علي إبراهيم Hassan Ali Ibrahim"),
}
COUNTRY_NAMES = {
    "RU": ["Россия", "RU", "Russia", "Russland", "Russian Federation"],
    "IT": ["Italia", "IT", "Italy", "Italien"],
    "DE": ["Deutschland", "DE", "Germany", "Germania"],
    "FR": ["France", "FR", "Francia", "Frankreich"],
    "TR": ["Türkiye", "TR", "Turkey", "Турция"],
    "IN": ["India", "IN", "Индия", "Indien"],
    "GR": ["Greece", "GR", "Grecia", "Griechenland"],
    "EG": ["Egypt", "EG", "Egitto", "Ägypten"],
}
CITIES = {
    "RU": ["Москва", "Санкт-Петербург", "Нижний Новгород", "Екатеринбург"],
    "IT": ["Firenze", "Roma", "Milano", "Napoli", "Bologna"],
    "DE": ["Berlin", "München", "Köln", "Gelsenkirchen"],
    "FR": ["Paris", "Marseille", "Lyon"],
    "TR": ["İstanbul", "Ankara", "İzmir"],
    "IN": ["Mumbai", "मुंबई", "Kolkata", "Chennai"],
    "GR": ["Αθήνα", "Θεσσαλονίκη"],
    "EG": ["القاهرة", "Alexandria"],
}
LANGUAGES = {
    "RU": ["ru", "русский", "ru, en", "Russian"],
    "IT": ["it", "italiano", "it; en", "Italian"],
    "DE": ["de", "Deutsch", "de, tr", "German"],
    "FR": ["fr", "français", "fr, en"],
    "TR": ["tr", "Turkish", "tr, de", "турецкий"],
    "IN": ["hi", "hi, en", "Hindi", "bn"],
    "GR": ["el", "Greek", "el, en"],
    "EG": ["ar", "Arabic", "ar, en"],
}
COUNTRY_WEIGHTS = {"RU": 35, "IT": 20, "DE": 15, "FR": 5, "TR": 10, "IN": 8, "GR": 4, "EG": 3}
DOMAINS = [
    "example.org",
    "example.com",
    "mail.example.ru",
    "posta.example.it",
    "example.de",
    "почта.example",
]
WORKPLACES = [
    "Завод им. Лихачёва",
    "Fiat Mirafiori",
    "Amazon Logistik",
    "Port of Piraeus",
    "Tata Steel",
    "Hospital San Giovanni",
    "Университет",
    "Metro",
    "",
]
SECTORS = ["metal", "auto", "logistics", "health", "education", "transport", ""]
STATUSES = ["contact", "Sympathizer", "сторонник", "membro", "Kandidat", "", ""]
YES_NO = ["yes", "no", "да", "нет", "sì", "ja", "nein", "", "", "x"]
TAGS = ["strike 2023", "newsletter", "picket", "tenants", "union drive", "Kagarlitsky"]
NOTES = [
    "",
    "",
    "",
    "Met at the picket, wants leaflets",
    'Said "call after 6pm", Mon–Fri',
    "Говорит: «зарплату задерживают»\nперезвонить",
    "Interessata al sindacato, turno A;B",
    "Kommt zur Versammlung, bringt Kollegen mit",
]
TRANSLIT = str.maketrans(
    {
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
        "ы": "y",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "ь": "",
        "ъ": "",
    }
)


def _ascii_handle(text: str) -> str:
    base = text.lower().translate(TRANSLIT)
    kept = "".join(ch for ch in base if ch.isascii() and ch.isalnum())
    return kept or "user"


def _phone(rng: random.Random, country: str, serial: int) -> str:
    """A phone of the country, unique per serial, in one of its usual spellings."""
    n = 1_000_000 + serial % 9_000_000
    digits7 = f"{n:07d}"
    style = rng.randrange(4)
    if country == "RU":
        code = rng.choice(["916", "903", "985", "926"])
        d = digits7
        return [
            f"+7 {code} {d[:3]}-{d[3:5]}-{d[5:]}",
            f"8 ({code}) {d[:3]}-{d[3:5]}-{d[5:]}",
            f"+7{code}{d}",
            f"007 {code} {d}",
        ][style]
    if country == "IT":
        d = digits7
        return [f"+39 06 {d}", f"06 {d[:4]} {d[4:]}", f"0039 347 {d}", f"347/{d}"][style]
    if country == "DE":
        d = digits7
        return [f"+49 30 {d}", f"030 {d}", f"+49 (0)30 {d[:3]} {d[3:]}", f"0151 {d}"][style]
    if country == "FR":
        d = f"{n % 100_000_000:08d}"
        return [
            f"+33 6 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}",
            f"06{d}",
            f"0033 6{d}",
            f"06.{d[:2]}.{d[2:4]}.{d[4:6]}.{d[6:]}",
        ][style]
    if country == "TR":
        d = digits7
        return [f"+90 532 {d}", f"0532 {d[:3]} {d[3:5]} {d[5:]}", f"+90532{d}", f"0090 532 {d}"][
            style
        ]
    if country == "IN":
        d = f"{n:07d}"
        return [f"+91 98{d[:3]} {d[3:]}0", f"098{d}0", f"+9198{d}0", f"98{d[:3]}-{d[3:]}0"][style]
    if country == "GR":
        return [f"+30 69{digits7}1", f"69{digits7}1", f"0030 69{digits7}1", f"+30 69 {digits7}1"][
            style
        ]
    return [f"+20 10{digits7}1", f"010{digits7}1", f"0020 10 {digits7}1", f"+2010{digits7}1"][style]


def _person(rng: random.Random, serial: int) -> dict[str, str]:
    country = rng.choices(list(COUNTRY_WEIGHTS), weights=list(COUNTRY_WEIGHTS.values()))[0]
    first = rng.choice(FIRST[country])
    last = rng.choice(LAST[country])
    handle = f"{_ascii_handle(first)}.{_ascii_handle(last)}{serial}"
    email = f"{handle}@{rng.choice(DOMAINS)}" if rng.random() < 0.9 else ""
    phone = _phone(rng, country, serial) if rng.random() < 0.8 else ""
    phone2 = _phone(rng, country, serial + 7_777_777) if rng.random() < 0.1 else ""
    workplace = rng.choice(WORKPLACES)
    return {
        "Имя": first,
        "Фамилия": last,
        "E-mail": email,
        "Телефон": phone,
        "Telefono 2": phone2,
        "Città": rng.choice(CITIES[country]),
        "Country": rng.choice(COUNTRY_NAMES[country]),
        "Sprachen": rng.choice(LANGUAGES[country]),
        "Tags": ", ".join(rng.sample(TAGS, rng.randrange(3))),
        "Workplace": workplace,
        "Sector": rng.choice(SECTORS) if workplace else "",
        "Status": rng.choice(STATUSES),
        "Newsletter": rng.choice(YES_NO),
        "Assessment": rng.choice(["", "", "1", "2", "3", "4", "5"]),
        "Notes": rng.choice(NOTES),
    }


def _variant(rng: random.Random, row: dict[str, str]) -> dict[str, str]:
    """The same person written again: the same email or phone, spelled differently."""
    copy = dict(row)
    if copy["E-mail"]:
        copy["E-mail"] = rng.choice(
            [
                copy["E-mail"].upper(),
                f"<{copy['E-mail']}>",
                f" {copy['E-mail']} ",
                copy["E-mail"].title(),
            ]
        )
    elif copy["Телефон"]:
        copy["Телефон"] = copy["Телефон"].replace(" ", "").replace("-", " ")
    copy["Имя"] = rng.choice([copy["Имя"].upper(), copy["Имя"].lower(), copy["Имя"]])
    copy["Notes"] = rng.choice(["", "second sign-up sheet"])
    return copy


def _broken(rng: random.Random, row: dict[str, str]) -> dict[str, str]:
    copy = dict(row)
    kind = rng.randrange(4)
    if kind == 0:
        copy["E-mail"] = copy["E-mail"].replace("@", " at ") or "nobody at nowhere"
    elif kind == 1:
        copy["Телефон"] = "12"
    elif kind == 2:
        copy["Country"] = "Narnia"
    else:
        copy["Assessment"] = "9"
    return copy


def generate(path: Path, rows: int, seed: int = 1917) -> dict[str, int]:
    """Write the CSV file; returns how many rows of each kind it holds."""
    rng = random.Random(seed)
    kept: list[dict[str, str]] = []
    counts = {"people": 0, "repeats": 0, "broken": 0, "blank": 0}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, delimiter=";")
        writer.writeheader()
        for serial in range(rows):
            roll = rng.random()
            if roll < 0.10 and kept:
                row = _variant(rng, rng.choice(kept))
                counts["repeats"] += 1
            elif roll < 0.11:
                row = _broken(rng, _person(rng, serial))
                counts["broken"] += 1
            elif roll < 0.112:
                row = dict.fromkeys(HEADER, "")
                counts["blank"] += 1
            else:
                row = _person(rng, serial)
                counts["people"] += 1
                if len(kept) < 5_000:
                    kept.append(row)
                elif rng.random() < 0.01:
                    kept[rng.randrange(len(kept))] = row
            writer.writerow(row)
    return counts


def _peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory (MiB) of this process and of the largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _backend_cpu(connection: Any) -> float | None:
    """CPU seconds used so far by the PostgreSQL server process of this connection, when the
    server runs on this machine (None otherwise, and for SQLite, which runs in-process)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _create_database(url: str) -> str:
    import psycopg

    parts = urlparse(url)
    name = f"massline_bench_{os.getpid()}_{int(time.time())}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}"))


def _drop_database(admin_url: str, url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _baseline(path: Path, unit_id: int) -> tuple[float, float]:
    """(seconds, CPU seconds of this process) to store the same rows with a plain
    bulk_create: no normalization, no encryption, no de-duplication."""
    from django.db import connection, models, transaction
    from django.utils import timezone

    class PlainContact(models.Model):
        unit_id = models.BigIntegerField()
        given_name = models.TextField(blank=True)
        family_name = models.TextField(blank=True)
        emails = models.TextField(blank=True)
        phones = models.TextField(blank=True)
        notes = models.TextField(blank=True)
        languages = models.TextField(blank=True)
        country = models.CharField(max_length=40, blank=True)
        city = models.CharField(max_length=120, blank=True)
        site = models.CharField(max_length=200, blank=True)
        status = models.CharField(max_length=20, blank=True)
        consent_email = models.CharField(max_length=10, blank=True)
        assessment = models.CharField(max_length=5, blank=True)
        tags = models.TextField(blank=True)
        created_at = models.DateTimeField()

        class Meta:
            app_label = "people"
            db_table = "bench_plain_contact"

        def __str__(self) -> str:
            return str(self.pk)

    with connection.schema_editor() as editor:
        editor.create_model(PlainContact)
    start = time.perf_counter()
    cpu_start = time.process_time()
    now = timezone.now()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        batch: list[PlainContact] = []
        for cells in reader:
            cells += [""] * (len(HEADER) - len(cells))
            batch.append(
                PlainContact(
                    unit_id=unit_id,
                    given_name=cells[0],
                    family_name=cells[1],
                    emails=cells[2],
                    phones="\n".join(c for c in cells[3:5] if c),
                    city=cells[5],
                    country=cells[6],
                    languages=cells[7],
                    tags=cells[8],
                    site=cells[9],
                    status=cells[11],
                    consent_email=cells[12],
                    assessment=cells[13],
                    notes=cells[14],
                    created_at=now,
                )
            )
            if len(batch) >= 5000:
                with transaction.atomic():
                    PlainContact.objects.bulk_create(batch)
                batch = []
        if batch:
            with transaction.atomic():
                PlainContact.objects.bulk_create(batch)
    return time.perf_counter() - start, time.process_time() - cpu_start


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="massline-bench-import-"))
    admin_url = args.database_url
    database_url = _create_database(admin_url) if admin_url else ""
    os.environ["MASSLINE_VAR_DIR"] = str(workdir)
    os.environ["TASK_BACKEND"] = "immediate"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "massline.settings")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        if args.workers is not None:
            settings.MASSLINE_IMPORT_WORKERS = args.workers
        if args.chunk_rows:
            settings.MASSLINE_IMPORT_CHUNK_ROWS = args.chunk_rows
        call_command("migrate", verbosity=0)
        from massline.accounts.models import Role, Unit
        from massline.accounts.services import membership_set, unit_create, user_create
        from massline.people.importing import services
        from massline.people.importing.mapping import ImportOptions
        from massline.people.models import Contact, ContactIdentifier, ImportBatch

        unit = unit_create(actor=None, name="Bench branch", kind=Unit.Kind.BRANCH)
        actor = user_create(
            email="bench@example.org", password=secrets.token_urlsafe(), display_name="bench"
        )
        membership_set(actor=None, user=actor, unit=unit, role=Role.SECRETARY)

        csv_path = workdir / "contacts.csv"
        started = time.perf_counter()
        kinds = generate(csv_path, args.rows)
        generated = time.perf_counter() - started
        print(
            f"generated {args.rows:,} rows ({csv_path.stat().st_size / 1e6:.1f} MB) in "
            f"{generated:.1f} s: {kinds}",
            file=sys.stderr,
        )

        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler()
            profiler.start()
        cpu_profile = None
        if args.cpu_profile:
            import cProfile

            cpu_profile = cProfile.Profile(time.process_time)
            cpu_profile.enable()
        backend_cpu = _backend_cpu(connection)
        started = time.perf_counter()
        cpu_started = time.process_time()
        batch = services.import_create_from_path(actor=actor, unit=unit, path=csv_path)
        uploaded = time.perf_counter() - started
        batch = services.import_map(
            actor=actor,
            batch=batch,
            targets=batch.mapping["targets"],
            options=ImportOptions(tags=["bench"]),
        )
        services.import_start(actor=actor, batch=batch)
        seconds = time.perf_counter() - started
        cpu_main = time.process_time() - cpu_started
        if cpu_profile is not None:
            import pstats

            cpu_profile.disable()
            pstats.Stats(cpu_profile, stream=sys.stderr).sort_stats("tottime").print_stats(30)
        if profiler is not None:
            profiler.stop()
            out = workdir.parent / f"import-profile-{connection.vendor}-{args.rows}.html"
            out.write_text(profiler.output_html(), encoding="utf-8")
            print(profiler.output_text(unicode=True, color=False), file=sys.stderr)
            print(f"profile written to {out}", file=sys.stderr)
        database_cpu = _backend_cpu(connection) - backend_cpu if backend_cpu is not None else None
        batch = ImportBatch.objects.get(pk=batch.pk)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        own_rss, child_rss = _peak_rss_mb()
        contacts = Contact.objects.count()
        identifiers = ContactIdentifier.objects.count()
        if batch.status != ImportBatch.Status.DONE:
            raise SystemExit(f"the import ended as {batch.status}: {batch.message}")
        baseline, baseline_cpu = (
            (None, None) if args.skip_baseline else _baseline(csv_path, unit.pk)
        )
        return {
            "rows": args.rows,
            "seconds": round(seconds, 2),
            "rows_per_s": round(args.rows / seconds),
            "peak_rss_mb": round(max(own_rss, child_rss), 1),
            "peak_rss_main_mb": round(own_rss, 1),
            "peak_rss_worker_mb": round(child_rss, 1),
            "baseline_seconds": round(baseline, 2) if baseline else None,
            "baseline_ratio": round(seconds / baseline, 2) if baseline else None,
            "baseline_cpu_s": round(baseline_cpu, 1) if baseline_cpu else None,
            "database": connection.vendor,
            "upload_seconds": round(uploaded, 2),
            "cpu_main_s": round(cpu_main, 1),
            "cpu_workers_s": round(children.ru_utime + children.ru_stime, 1),
            "cpu_database_s": round(database_cpu, 1) if database_cpu is not None else None,
            "workers": args.workers if args.workers is not None else min(os.cpu_count() or 1, 4),
            "created": batch.created_count,
            "duplicates": batch.duplicate_count,
            "error_rows": batch.error_count,
            "contacts": contacts,
            "identifiers": identifiers,
            "generated": kinds,
        }
    finally:
        if database_url:
            from django.db import connections

            connections.close_all()
            _drop_database(admin_url, database_url)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL server URL; a fresh database is created there",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes (default: one per core, at most 4)",
    )
    parser.add_argument("--chunk-rows", type=int, default=0)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--profile", action="store_true", help="profile the importing process with pyinstrument"
    )
    parser.add_argument(
        "--cpu-profile",
        action="store_true",
        help="print the functions of the importing process by CPU time",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    result = run(args)
    print(f"database:        {result['database']}")
    print(
        f"rows:            {result['rows']:,} ({result['created']:,} created, "
        f"{result['duplicates']:,} duplicates, {result['error_rows']:,} rows with errors)"
    )
    print(
        f"import:          {result['seconds']:.1f} s, {result['rows_per_s']:,} rows/s "
        f"(upload and check {result['upload_seconds']:.1f} s)"
    )
    database_cpu = (
        f", database server {result['cpu_database_s']} s" if result["cpu_database_s"] else ""
    )
    print(
        f"cpu:             main {result['cpu_main_s']} s, workers {result['cpu_workers_s']} s"
        f"{database_cpu}"
    )
    print(
        f"peak memory:     {result['peak_rss_main_mb']:.0f} MiB main, "
        f"{result['peak_rss_worker_mb']:.0f} MiB largest worker"
    )
    if result["baseline_seconds"]:
        print(
            f"baseline:        {result['baseline_seconds']:.1f} s plain bulk_create "
            f"(import takes {result['baseline_ratio']}x as long)"
        )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

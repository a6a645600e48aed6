"""Benchmark of counting a segment: the live count beside the filter box, on many contacts.

    python bench/segments.py --rows 1000000 [--database-url postgres://postgres@127.0.0.1/x]

Loads N contacts spread like a real organization's (33 units in three levels, sites with
sectors, one to three constituencies, a few tags, an assessment for most, the last contact
spread over two years, some never reached), then counts a segment through the real code path
(`selectors.segment_count`, as a secretary of the root unit, who sees every unit) a number of
times and prints the median and 95th percentile. The last line is one JSON object.

Contacts are loaded with raw inserts (COPY on PostgreSQL, batched executemany on SQLite) of
values encrypted beforehand, from a pool of pre-encrypted identities; the load is not
measured. After the load PostgreSQL's statistics and visibility map are refreshed (VACUUM
ANALYZE, which its autovacuum does by itself after a bulk insert). SQLite gathers no
statistics by itself, so it is measured without them unless --sqlite-analyze is given.

Without --database-url the database is a fresh SQLite file in a temporary directory; with a
PostgreSQL URL a fresh database of that name is created and dropped afterwards (--keep keeps
it, and --reuse measures an existing one without loading).
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _databases import create_pg, drop_pg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_QUERY = "constituency:workers assessment<=2 last_contact>30d"


def _words(text: str) -> list[str]:
    return text.split()


GIVEN = _words(
    "Anna Marco Giulia Luca Elena Boris Olga Ivan Maria Sergei Katrin Jonas Lena "
    "Paolo Sara Dmitri Nadia Tomas Irina Felix Chiara Yuri Ahmed Fatima Leila Omar "
    "Sofia Mateo Ana Jan"
)
FAMILY = _words(
    "Bellucci Ferri Rossi Kuznetsov Ivanova Schmidt Weber Conti Greco Smirnov "
    "Popova Becker Fischer Romano Ricci Sokolova Petrov Wagner Marino Esposito "
    "Hoffmann Orlov Volkova Keller Bruno Galli Costa Lebedev Koch Richter"
)
CITIES = {
    "IT": ["Genova", "Torino", "Napoli", "Bologna"],
    "RU": ["Samara", "Kazan", "Perm"],
    "DE": ["Bochum", "Leipzig", "Hamburg"],
    "FR": ["Lyon", "Marseille"],
}
SECTORS = [
    "logistics",
    "manufacturing",
    "health",
    "education",
    "retail",
    "construction",
    "transport",
    "cleaning",
    "care",
    "food processing",
    "call centres",
    "hospitality",
    "public sector",
    "agriculture",
    "energy",
]
CUSTOM_CONSTITUENCIES = [
    "Tenants",
    "Students",
    "Migrants",
    "Pensioners",
    "Unemployed",
    "Farm workers",
]
TAGS = [
    "night shift",
    "union rep",
    "canteen",
    "strike committee",
    "leaflet team",
    "driver",
    "nurse",
    "teacher",
    "student",
    "tenant",
    "migrant",
    "pensioner",
    "volunteer",
    "donor",
    "speaker",
    "reader",
    "petition",
    "picket",
    "assembly",
    "youth group",
    "women's group",
    "delegate",
    "translator",
    "press",
    "legal aid",
    "first aid",
    "childcare",
    "cook",
    "photographer",
    "poster team",
]
STATUSES = [
    ("contact", 50),
    ("sympathizer", 25),
    ("supporter", 15),
    ("candidate", 6),
    ("member", 4),
]
# Share of contacts at each assessment level; None for those not assessed yet.
ASSESSMENTS = [(None, 25), (1, 4), (2, 11), (3, 22), (4, 23), (5, 15)]
# Share of contacts in each built-in constituency (a contact may be in several).
BUILTIN_SHARES = {"workers": 0.55, "women": 0.45, "youth": 0.22, "oppressed-nationalities": 0.08}

CONTACT_COLUMNS = (
    "id",
    "unit_id",
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
    "site_id",
    "union",
    "status",
    "consent_email",
    "consent_phone",
    "consent_messaging",
    "source",
    "assessment",
    "last_interaction_at",
    "created_at",
    "updated_at",
)


def _weighted(rng: random.Random, pairs: list[tuple[Any, int]], n: int) -> list[Any]:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=n)


# Setting up ---------------------------------------------------------------------------------


class World:
    """Units, sites, constituencies and tags, made through the services (few rows)."""

    def __init__(self, seed: int) -> None:
        from massline.accounts.models import Role, Unit
        from massline.accounts.services import membership_set, unit_create, user_create
        from massline.people.models import Constituency, Tag
        from massline.people.services.contacts import (
            constituency_create,
            ensure_builtin_constituencies,
            site_create,
        )

        self.rng = random.Random(seed)
        root = unit_create(actor=None, name="Whole party", kind=Unit.Kind.ORGANIZATION)
        self.secretary = user_create(email="secretary@example.org", password="x" * 16)
        membership_set(actor=None, user=self.secretary, unit=root, role=Role.SECRETARY)
        # Contacts are kept in regions and in their cells, never at the root.
        self.units: list[int] = []
        for r in range(1, 9):
            region = unit_create(actor=None, name=f"Region {r}", kind=Unit.Kind.BRANCH, parent=root)
            self.units.append(region.pk)
            for c in range(1, 4):
                self.units.append(
                    unit_create(
                        actor=None, name=f"Cell {r}.{c}", kind=Unit.Kind.CELL, parent=region
                    ).pk
                )
        ensure_builtin_constituencies()
        for name in CUSTOM_CONSTITUENCIES:
            constituency_create(actor=self.secretary, name=name)
        self.constituencies = dict(Constituency.objects.values_list("key", "id"))
        for name in TAGS:
            Tag.objects.get_or_create(name=name)
        self.tags = list(Tag.objects.order_by("id").values_list("id", flat=True))
        # Tags are used like words: a few often, most rarely.
        self.tag_weights = [1 / (rank + 1) for rank in range(len(self.tags))]
        self.sites_of: dict[int, list[tuple[int, str]]] = {}
        countries = list(CITIES)
        for unit in self.units:
            country = countries[unit % len(countries)]
            self.sites_of[unit] = []
            for s in range(self.rng.randint(8, 20)):
                city = self.rng.choice(CITIES[country])
                site = site_create(
                    actor=self.secretary,
                    unit=Unit.objects.get(pk=unit),
                    name=f"Site {unit}-{s}",
                    kind=self.rng.choice(["workplace"] * 6 + ["campus", "neighbourhood"]),
                    sector=self.rng.choice(SECTORS),
                    city=city,
                    country=country,
                )
                self.sites_of[unit].append((site.pk, country))


class Identities:
    """A pool of encrypted names, emails and phones, reused across rows: encrypting a million
    values would take longer than the benchmark itself, and the count never reads them."""

    def __init__(self, rng: random.Random, size: int = 4000) -> None:
        from massline.vault.crypto import blind_index, encrypt
        from massline.vault.normalize import normalize_name

        self.pool = []
        for n in range(size):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            email = f"{given}.{family}.{n}@example.org".lower()
            phone = f"+39347{n:07d}"
            self.pool.append(
                (
                    encrypt("contact.given_name", given),
                    encrypt("contact.family_name", family),
                    encrypt("contact.emails", email) if n % 4 else "",
                    encrypt("contact.phones", phone) if n % 3 else "",
                    encrypt("contact.address", f"Via Roma {n}") if n % 5 == 0 else "",
                    blind_index("contact.name", normalize_name(given, family)),
                )
            )


def generate(
    world: World, rows: int, rng: random.Random
) -> Iterator[tuple[tuple[Any, ...], list[int], list[int]]]:
    """Each contact's row, with its constituency ids and tag ids."""
    now = datetime.now(UTC)
    identities = Identities(rng)
    custom = [pk for key, pk in world.constituencies.items() if key not in BUILTIN_SHARES]
    statuses = _weighted(rng, STATUSES, rows)
    levels = _weighted(rng, ASSESSMENTS, rows)
    # Bigger units keep more contacts: regions three times a cell.
    unit_weights = [3 if n % 4 == 0 else 1 for n in range(len(world.units))]
    units = rng.choices(world.units, weights=unit_weights, k=rows)
    two_years = 2 * 365 * 86400
    for pk in range(1, rows + 1):
        unit = units[pk - 1]
        given, family, emails, phones, address, name_index = rng.choice(identities.pool)
        sites = world.sites_of[unit]
        site, country = rng.choice(sites)
        site_id = None if rng.random() < 0.3 else site
        city = rng.choice(CITIES[country])
        created = now - timedelta(seconds=rng.randrange(3 * 365 * 86400))
        last = None
        if rng.random() < 0.85:
            last = now - timedelta(seconds=rng.randrange(two_years))
        level = levels[pk - 1]
        chosen = [
            pk_
            for key, pk_ in world.constituencies.items()
            if key in BUILTIN_SHARES and rng.random() < BUILTIN_SHARES[key]
        ]
        if rng.random() < 0.15:
            chosen.append(rng.choice(custom))
        if not chosen:
            chosen.append(world.constituencies["workers"])
        tags = set(
            rng.choices(world.tags, weights=world.tag_weights, k=rng.choice([0, 0, 1, 1, 2, 3]))
        )
        row = (
            pk,
            unit,
            given,
            family,
            "",
            "",
            emails,
            phones,
            address,
            "",
            name_index,
            '["it"]' if country == "IT" else "[]",
            country,
            city,
            site_id,
            "",
            statuses[pk - 1],
            rng.random() < 0.4,
            rng.random() < 0.3,
            rng.random() < 0.2,
            "bench",
            level,
            last,
            created,
            created,
        )
        yield row, chosen, sorted(tags)


def load(world: World, rows: int, rng: random.Random) -> None:
    from django.db import connection, transaction

    from massline.people.models import Contact

    qn = connection.ops.quote_name
    contact_table = qn(Contact._meta.db_table)
    constituency_table = qn(Contact.constituencies.through._meta.db_table)
    tag_table = qn(Contact.tags.through._meta.db_table)
    columns = ", ".join(qn(c) for c in CONTACT_COLUMNS)
    postgres = connection.vendor == "postgresql"
    moments = {
        CONTACT_COLUMNS.index(c) for c in ("last_interaction_at", "created_at", "updated_at")
    }

    def adapt(row: tuple[Any, ...]) -> tuple[Any, ...]:
        # SQLite compares moments as text: store them exactly as Django writes them.
        return tuple(
            connection.ops.adapt_datetimefield_value(v) if i in moments else v
            for i, v in enumerate(row)
        )

    with transaction.atomic(), connection.cursor() as cursor:
        batch: list[tuple[Any, ...]] = []
        in_constituencies: list[tuple[int, int]] = []
        tagged: list[tuple[int, int]] = []

        def flush() -> None:
            if postgres:
                raw = cursor.cursor
                with raw.copy(f"COPY {contact_table} ({columns}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
                with raw.copy(
                    f"COPY {constituency_table} (contact_id, constituency_id) FROM STDIN"
                ) as copy:
                    for pair in in_constituencies:
                        copy.write_row(pair)
                with raw.copy(f"COPY {tag_table} (contact_id, tag_id) FROM STDIN") as copy:
                    for pair in tagged:
                        copy.write_row(pair)
            else:
                marks = ", ".join(["%s"] * len(CONTACT_COLUMNS))
                cursor.executemany(
                    f"INSERT INTO {contact_table} ({columns}) VALUES ({marks})",  # noqa: S608
                    [adapt(row) for row in batch],
                )
                cursor.executemany(
                    f"INSERT INTO {constituency_table} (contact_id, constituency_id) "  # noqa: S608
                    f"VALUES (%s, %s)",
                    in_constituencies,
                )
                cursor.executemany(
                    f"INSERT INTO {tag_table} (contact_id, tag_id) VALUES (%s, %s)",  # noqa: S608
                    tagged,
                )
            batch.clear()
            in_constituencies.clear()
            tagged.clear()

        for row, chosen, tags in generate(world, rows, rng):
            batch.append(row)
            in_constituencies.extend((row[0], c) for c in chosen)
            tagged.extend((row[0], t) for t in tags)
            if len(batch) >= 20_000:
                flush()
        flush()
        if postgres:
            for table in (contact_table, constituency_table, tag_table):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )


def refresh_statistics(sqlite_analyze: bool) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    elif sqlite_analyze:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# Measuring ----------------------------------------------------------------------------------


def explain(query: str, user: Any) -> str:
    """The SQL that `segment_count` sends, and the database's plan of it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from massline.people import selectors

    with CaptureQueriesContext(connection) as captured:
        selectors.segment_count(user=user, query=query)
    sql = captured.captured_queries[-1]["sql"]
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS)" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"{prefix} {sql}")
        lines = [" | ".join(str(v) for v in row) for row in cursor.fetchall()]
    return f"{sql}\n" + "\n".join(lines)


def measure(query: str, user: Any, repeat: int) -> tuple[int, list[float]]:
    from massline.accounts.models import User
    from massline.people import selectors

    timings: list[float] = []
    found = 0
    for n in range(repeat + 2):
        # A fresh user object each time, as in a request: the unit ranks are looked up too.
        actor = User.objects.get(pk=user.pk)
        started = time.perf_counter()
        found = selectors.segment_count(user=actor, query=query)
        elapsed = (time.perf_counter() - started) * 1000
        if n >= 2:  # two warm-up runs, as a live instance has warm caches
            timings.append(elapsed)
    return found, timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--query", default=DEFAULT_QUERY)
    parser.add_argument("--repeat", type=int, default=40, help="measured runs (default 40)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--explain", action="store_true", help="print the plan (EXPLAIN ANALYZE on PostgreSQL)"
    )
    parser.add_argument(
        "--sqlite-analyze", action="store_true", help="run ANALYZE after loading a SQLite database"
    )
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure an existing PostgreSQL database kept with --keep",
    )
    args = parser.parse_args()
    if args.reuse and not args.database_url:
        raise SystemExit("--reuse needs --database-url")

    tmp = tempfile.TemporaryDirectory(prefix="massline-bench-")
    os.environ["MASSLINE_VAR_DIR"] = tmp.name
    os.environ.setdefault("MASSLINE_DATA_KEY", "YmVuY2htYXJrLW9ubHktZGF0YS1rZXktbm90LXJlYWw")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "massline.settings")
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
        if not args.reuse:
            create_pg(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from massline.accounts.models import User
    from massline.people.models import Contact

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        if args.reuse:
            secretary = User.objects.get(email="secretary@example.org")
        else:
            rng = random.Random(args.seed)
            world = World(args.seed)
            secretary = world.secretary
            load(world, args.rows, rng)
            refresh_statistics(args.sqlite_analyze)
        rows = Contact.objects.count()
        print(
            f"setup: {time.perf_counter() - started:.1f} s for {rows} contacts on "
            f"{connection.vendor}",
            flush=True,
        )
        if args.explain:
            print(explain(args.query, secretary), flush=True)
        found, timings = measure(args.query, secretary, args.repeat)
        timings.sort()
        median = statistics.median(timings)
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        print(f"query: {args.query}")
        print(f"found: {found} of {rows} contacts")
        # Timings on a busy machine say little without how busy it was.
        busy = round(os.getloadavg()[0], 2)
        print(
            f"count: median {median:.1f} ms, p95 {p95:.1f} ms, min {timings[0]:.1f} ms, "
            f"max {timings[-1]:.1f} ms over {len(timings)} runs; load average {busy} "
            f"on {os.cpu_count()} cores"
        )
        print(
            json.dumps(
                {
                    "rows": rows,
                    "found": found,
                    "median_ms": round(median, 2),
                    "p95_ms": round(p95, 2),
                    "min_ms": round(timings[0], 2),
                    "runs": len(timings),
                    "database": connection.vendor,
                    "query": args.query,
                    "load_average": busy,
                    "cores": os.cpu_count(),
                }
            )
        )
    finally:
        if args.database_url and not args.keep:
            drop_pg(args.database_url)
        tmp.cleanup()


if __name__ == "__main__":
    main()

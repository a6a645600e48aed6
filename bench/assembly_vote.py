"""Thousands of delegates vote at once, through the delegate's own endpoint.

Creates a scratch PostgreSQL database, an assembly with N accredited delegates (per-delegate
votes, spread over 40 organizations) and N logged-in sessions (written straight into the
session table, as a login would), then starts the production server the way `massline run`
does (gunicorn, several workers, four threads each, DEBUG off) and fires every delegate's
vote at the same moment: one HTTP POST per delegate to `/assemblies/votes/<id>/cast/`, with
the session cookie and a CSRF token, exactly what the phone's vote button sends.

Measured: seconds from the first request sent to the last vote acknowledged. Then the live
result endpoint (`/api/v1/assemblies/votes/<id>/result`) must show the expected tally, and the
database must hold exactly one cast and one ballot per delegate.

    .venv/bin/python bench/assembly_vote.py --delegates 2000 \
        --database-url postgres://postgres@127.0.0.1:5432/massline_bench_vote

The last line is one JSON object with the figures.
"""

import argparse
import asyncio
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _databases import create_pg, drop_pg

ORGANIZATIONS = 40


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(n: int) -> dict:
    """The assembly, the delegates, their sessions and an open vote; returns what the client
    needs. Everything but the votes is set up here, outside the measurement."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from massline.accounts.models import Role, Unit, User
    from massline.accounts.services import membership_set, unit_create, user_create
    from massline.directory.models import Organization
    from massline.events.models import Event
    from massline.fronts.assemblies.models import Assembly, Delegate, Vote
    from massline.fronts.assemblies.services import voting
    from massline.fronts.models import Front, FrontMembership

    root = unit_create(actor=None, name="Bench organization", kind=Unit.Kind.ORGANIZATION)
    chair = user_create(email="chair@bench.example.org", password=secrets.token_urlsafe(16))
    membership_set(actor=None, user=chair, unit=root, role=Role.SECRETARY)
    front = Front.objects.create(slug="bench-front", name="Bench front", short_name="BF", unit=root)
    now = timezone.now()
    event = Event.objects.create(
        slug="bench-conference",
        kind=Event.Kind.CONFERENCE,
        title="Bench conference",
        unit=root,
        our_role=Event.Role.HOST,
        starts_at=now,
        ends_at=now + timedelta(hours=8),
    )
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"Bench organization {i}",
            short_name=f"BO{i}",
            country="DE",
            kind=Organization.Kind.PARTY,
        )
        for i in range(ORGANIZATIONS)
    )
    memberships = FrontMembership.objects.bulk_create(
        FrontMembership(front=front, organization=o, status="member", weight=1)
        for o in organizations
    )
    assembly = Assembly.objects.create(
        front=front, event=event, title="Bench assembly", status="open", created_by=chair
    )
    password = make_password(None)  # unusable: these accounts only have sessions
    users = User.objects.bulk_create(
        User(email=f"delegate{i}@bench.example.org", password=password, display_name=f"D{i}")
        for i in range(n)
    )
    Delegate.objects.bulk_create(
        Delegate(
            assembly=assembly,
            membership=memberships[i % ORGANIZATIONS],
            user=user,
            accredited_at=now,
        )
        for i, user in enumerate(users)
    )
    vote = voting.vote_create(
        actor=chair,
        assembly=assembly,
        title="Adopt the bench resolution?",
        weighting=Vote.Weighting.DELEGATE,
        results_while_open=True,
    )
    voting.vote_open(actor=chair, vote=vote)
    option_ids = {o.role: o.pk for o in vote.options.all()}

    expires = now + timedelta(hours=2)
    backend = settings.AUTHENTICATION_BACKENDS[0]
    sessions, keys = [], []
    for user in [*users, chair]:
        store = SessionStore()
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expires)
        )
        keys.append(key)
    Session.objects.bulk_create(sessions, batch_size=1000)
    roles = ["yes", "no", "abstain"]
    ballots = [option_ids[roles[i % 3]] for i in range(n)]
    return {
        "vote_id": vote.pk,
        "sessions": keys[:n],
        "chair_session": keys[n],
        "ballots": ballots,
        "expected": {role: sum(1 for i in range(n) if i % 3 == k) for k, role in enumerate(roles)},
    }


async def _post(port: int, path: str, session: str, choice: int) -> int:
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret
    body = f"csrfmiddlewaretoken={csrf}&choice={choice}".encode()
    request = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Cookie: sessionid={session}; csrftoken={csrf}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body
    for attempt in range(20):
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            break
        except OSError:
            await asyncio.sleep(0.05 * (attempt + 1))
    else:
        return 0
    writer.write(request)
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    try:
        return int(status_line.split()[1])
    except (IndexError, ValueError):
        return 0


async def fire(port: int, vote_id: int, sessions: list[str], ballots: list[int]) -> tuple:
    path = f"/assemblies/votes/{vote_id}/cast/"
    done_at: list[float] = []

    async def one(session: str, choice: int) -> int:
        status = await _post(port, path, session, choice)
        done_at.append(time.perf_counter())
        return status

    start = time.perf_counter()
    statuses = await asyncio.gather(*(one(s, c) for s, c in zip(sessions, ballots, strict=True)))
    return start, max(done_at), statuses


def _get_json(port: int, path: str, session: str) -> dict:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": f"sessionid={session}"})
    response = conn.getresponse()
    return json.loads(response.read())


def _server_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by the gunicorn master and its workers."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [master]
    children = Path(f"/proc/{master}/task/{master}/children")
    if children.exists():
        pids += [int(pid) for pid in children.read_text().split()]
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def warm_up(port: int, vote_id: int, session: str) -> None:
    """Let every worker import the application and render once, as a running server has."""
    import http.client
    from concurrent.futures import ThreadPoolExecutor

    def get(_: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request(
            "GET", f"/assemblies/votes/{vote_id}/", headers={"Cookie": f"sessionid={session}"}
        )
        conn.getresponse().read()

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(get, range(64)))


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server stopped while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delegates", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/massline_bench_vote"
        ),
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    if not 1 <= args.delegates <= 100_000:
        parser.error("--delegates must be between 1 and 100000")

    tmp = tempfile.TemporaryDirectory(prefix="massline-bench-vote-")
    env = {
        "MASSLINE_VAR_DIR": tmp.name,
        "MASSLINE_DATA_KEY": "YmVuY2htYXJrLW9ubHktZGF0YS1rZXktbm90LXJlYWw",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": args.database_url,
        "DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "massline.settings",
        "TASK_BACKEND": "immediate",
    }
    os.environ.update(env)
    create_pg(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    from massline.fronts.assemblies.models import Ballot, VoteCast

    print("Migrating the scratch database…", flush=True)
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    setup = prepare(args.delegates)
    print(f"Prepared {args.delegates} delegates and sessions in {time.perf_counter() - t0:.1f} s")
    from django.db import connections

    connections.close_all()

    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "massline.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            "4",
            "--backlog",
            "4096",
            "--graceful-timeout",
            "10",
        ],
        env={**os.environ, **env},
        cwd=str(Path(__file__).resolve().parent.parent),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, server)
        warm_up(port, setup["vote_id"], setup["chair_session"])
        load_before = os.getloadavg()[0]
        cpu_before = _server_cpu(server.pid)
        start, end, statuses = asyncio.run(
            fire(port, setup["vote_id"], setup["sessions"], setup["ballots"])
        )
        server_cpu = _server_cpu(server.pid) - cpu_before
        seconds = end - start
        acknowledged = sum(1 for s in statuses if s == 302)
        live = _get_json(
            port, f"/api/v1/assemblies/votes/{setup['vote_id']}/result", setup["chair_session"]
        )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()

    casts = VoteCast.objects.filter(vote_id=setup["vote_id"])
    distinct_voters = casts.values("voter").distinct().count()
    ballots = Ballot.objects.filter(vote_id=setup["vote_id"]).count()
    counted = casts.count()
    tally = live.get("tally") or {}
    by_role = {o["role"]: o["weight"] for o in tally.get("options", [])}
    result_correct = (
        by_role == setup["expected"]
        and live.get("voters") == args.delegates
        and tally.get("ballots") == args.delegates
    )
    once_each = counted == distinct_voters == ballots == args.delegates
    print(f"Votes fired:         {args.delegates} at once, {args.workers} workers × 4 threads")
    print(
        f"Acknowledged (302):  {acknowledged}; other statuses: "
        f"{sorted({s for s in statuses if s != 302})}"
    )
    print(f"First request → last acknowledgement: {seconds:.2f} s")
    print(
        f"Server CPU for the votes: {server_cpu:.1f} s ({1000 * server_cpu / args.delegates:.1f} ms"
        f" per vote); {os.cpu_count()} cores, load average {load_before:.1f} when fired"
    )
    print(f"Live result:         {by_role} (expected {setup['expected']})")
    print(f"Counted exactly once: {once_each} ({counted} casts, {ballots} ballots)")
    if not args.keep:
        drop_pg(args.database_url)
    tmp.cleanup()
    print(
        json.dumps(
            {
                "delegates": args.delegates,
                "workers": args.workers,
                "seconds": round(seconds, 3),
                "acknowledged": acknowledged,
                "counted": counted,
                "counted_once": once_each,
                "server_cpu_seconds": round(server_cpu, 2),
                "cores": os.cpu_count(),
                "load_average_at_start": round(load_before, 2),
                "result_correct": bool(result_correct and once_each),
            }
        )
    )
    return 0 if result_correct and once_each else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark of a rush of public RSVPs to one event, over real HTTP, and of letter search.

    python bench/events.py [--rsvps 50000] [--capacity 1000] [--clients 48] [--workers 4]
        [--database-url postgres://postgres@127.0.0.1:5432/massline_bench_events]
        [--letters 100000 | --no-letters]

What runs:
- a fresh PostgreSQL database (created beside the one the URL names, dropped afterwards),
  migrated, with one public event of the given capacity and a waitlist;
- the production server as `massline run --no-worker` starts it: gunicorn with `--workers`
  processes and WEB_THREADS threads each, DEBUG off. Confirmation mails stay queued in the
  database task table (one task per RSVP, written in the RSVP's commit hook), as they would
  wait for workers on other machines;
- `--clients` threads, each a visitor's browser on one keep-alive connection: it GETs the
  public event page (for the CSRF cookie and token; again every 50 answers), then POSTs the
  form, name and a distinct address per RSVP, without JavaScript, exactly as the page sends it.

What counts: an RSVP is acknowledged when the server answered its POST with the redirect to
the thanks page, which it sends only after the row is committed. Afterwards the database is
read through the models (the data key of the run decrypts nothing here: addresses are matched
by their blind index):
- `lost`: acknowledged RSVPs whose address has no row;
- `over_capacity`: confirmed seats beyond the capacity (0 is the only right answer);
- `waitlist_in_order`: the order of arrival (`position`) is 1..N without gaps, every seat went
  to an earlier arrival than every waitlist place, and whenever an RSVP was acknowledged
  before another one was sent, the first has the earlier position.

Letter search: `measure_letter_search` of `bench/_letter_search.py` (the letters benchmark)
runs against its own fresh database; its median is reported as `search_median_ms` (null, with
a note, when that module is not there).

The last line of the output is one JSON object.
"""

import argparse
import base64
import http.client
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLUG = "bench-event"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


@dataclass
class Outcome:
    acked: list[tuple[float, float, str]] = field(default_factory=list)  # sent, acked, email
    refused: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)


class Visitor:
    """One browser: a keep-alive connection, the CSRF cookie, the form's token."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookie = ""
        self.token = ""

    def _request(self, method: str, path: str, body: str = "", headers: dict | None = None):
        for attempt in range(3):
            try:
                self.conn.request(method, path, body=body or None, headers=headers or {})
                response = self.conn.getresponse()
                data = response.read()
                return response, data
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def fetch_form(self) -> None:
        headers = {"Cookie": f"csrftoken={self.cookie}"} if self.cookie else {}
        response, data = self._request("GET", f"/events/p/{SLUG}/", headers=headers)
        if response.status != 200:
            raise RuntimeError(f"form answered {response.status}")
        found = CSRF_COOKIE.search(response.getheader("Set-Cookie") or "")
        if found:
            self.cookie = found.group(1)
        token = CSRF_INPUT.search(data)
        if token is None:
            raise RuntimeError("no CSRF token in the form")
        self.token = token.group(1).decode()

    def post(self, name: str, email: str) -> int:
        body = urlencode(
            {
                "csrfmiddlewaretoken": self.token,
                "name": name,
                "email": email,
                "organization_name": "Bench collective",
            }
        )
        response, _data = self._request(
            "POST",
            f"/events/p/{SLUG}/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={self.cookie}",
                "Referer": f"http://127.0.0.1:{self.port}/events/p/{SLUG}/",
            },
        )
        if response.status == 302 and "/thanks/" in (response.getheader("Location") or ""):
            return 302
        return response.status


def run_clients(port: int, rsvps: int, clients: int) -> tuple[Outcome, float]:
    outcome = Outcome()
    lock = threading.Lock()
    counter = iter(range(rsvps))
    counter_lock = threading.Lock()

    def work() -> None:
        visitor = Visitor(port)
        visitor.fetch_form()
        done = 0
        while True:
            with counter_lock:
                n = next(counter, None)
            if n is None:
                return
            if done and done % 50 == 0:
                visitor.fetch_form()
            email = f"attendee{n}@bench.example.org"
            sent = time.monotonic()
            try:
                status = visitor.post(f"Attendee {n}", email)
            except (http.client.HTTPException, OSError):
                with lock:
                    outcome.errors += 1
                continue
            acked = time.monotonic()
            done += 1
            with lock:
                outcome.latencies.append(acked - sent)
                if status == 302:
                    outcome.acked.append((sent, acked, email))
                elif status in (400, 403):
                    outcome.refused += 1
                else:
                    outcome.errors += 1

    threads = [threading.Thread(target=work) for _ in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome, time.monotonic() - start


def prepare(capacity: int) -> int:
    """A public event in the future with `capacity` seats and a waitlist; its id."""
    import datetime

    from massline.accounts.models import Role, Unit
    from massline.accounts.services import membership_set, unit_create, user_create
    from massline.events import services
    from massline.events.models import Event

    unit = unit_create(actor=None, name="Bench", kind=Unit.Kind.ORGANIZATION)
    user = user_create(email="bench@example.org", password=secrets.token_urlsafe(16))
    membership_set(actor=None, user=user, unit=unit, role=Role.ORGANIZER)
    starts = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    event = services.event_create(
        actor=user,
        slug=SLUG,
        kind=Event.Kind.CONFERENCE,
        title="The benchmark conference",
        unit=unit,
        our_role=Event.Role.HOST,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        time_zone="Europe/Berlin",
        visibility=Event.Visibility.PUBLIC,
        capacity=capacity,
        waitlist=True,
    )
    return event.pk


def check(event_id: int, capacity: int, outcome: Outcome) -> dict[str, Any]:
    from massline.events.models import Rsvp
    from massline.vault.fields import lookup_index

    rows = list(
        Rsvp.objects.filter(event_id=event_id).values_list("email_index", "status", "position")
    )
    by_index = {index: (status, position) for index, status, position in rows}
    positions: dict[str, int] = {}
    lost = 0
    for _sent, _acked, email in outcome.acked:
        found = by_index.get(lookup_index(Rsvp, "email_index", email))
        if found is None:
            lost += 1
        else:
            positions[email] = found[1]
    confirmed = [p for _i, s, p in rows if s == Rsvp.Status.CONFIRMED]
    waiting = [p for _i, s, p in rows if s == Rsvp.Status.WAITLISTED]
    all_positions = sorted(p for _i, _s, p in rows)
    contiguous = all_positions == list(range(1, len(rows) + 1))
    seats_first = not confirmed or not waiting or max(confirmed) < min(waiting)
    # Acknowledged before the other was sent => earlier position.
    acks = sorted(
        (acked, positions[email]) for _s, acked, email in outcome.acked if email in positions
    )
    sends = sorted(
        (sent, positions[email]) for sent, _a, email in outcome.acked if email in positions
    )
    causal_violations = 0
    best = 0
    i = 0
    for sent, position in sends:
        while i < len(acks) and acks[i][0] < sent:
            best = max(best, acks[i][1])
            i += 1
        if best and position < best:
            causal_violations += 1
    return {
        "stored": len(rows),
        "lost": lost,
        "confirmed": len(confirmed),
        "waitlisted": len(waiting),
        "over_capacity": max(len(confirmed) - capacity, 0),
        "positions_contiguous": contiguous,
        "seats_before_waitlist": seats_first,
        "order_violations": causal_violations,
        "waitlist_in_order": contiguous and seats_first and causal_violations == 0,
    }


def letter_search(database_url: str, letters: int) -> tuple[float | None, dict[str, Any] | None]:
    try:
        from bench._letter_search import measure_letter_search  # type: ignore[import-not-found]
    except ImportError:
        print("note: bench/_letter_search.py is not there: search_median_ms is null")
        return None, None
    parts = urlparse(database_url)
    letters_url = urlunparse(parts._replace(path=parts.path.rstrip("/") + "_letters"))
    try:
        figures = measure_letter_search(letters_url, letters=letters)
    except Exception as exc:
        print(f"note: the letter search benchmark failed, search_median_ms is null: {exc}")
        return None, None
    median = figures.get("search_median_ms")
    return (float(median) if median is not None else None), figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rsvps", type=int, default=50_000)
    parser.add_argument("--capacity", type=int, default=1_000)
    parser.add_argument("--clients", type=int, default=48)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "4")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--no-letters", action="store_true", help="skip the letter search")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/massline_bench_events"
        ),
    )
    args = parser.parse_args()

    from bench._databases import create_pg, drop_pg

    var_dir = Path(tempfile.mkdtemp(prefix="massline-bench-events-"))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "MASSLINE_VAR_DIR": str(var_dir),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MASSLINE_DATA_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "TASK_BACKEND": "database",
        "WEB_WORKERS": str(args.workers),
        "WEB_THREADS": str(args.threads),
        "LOG_LEVEL": "ERROR",
    }
    env.pop("MASSLINE_TESTING", None)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "massline.settings"
    create_pg(args.database_url)
    server = None
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        event_id = prepare(args.capacity)
        connections.close_all()
        log = (var_dir / "server.log").open("wb")
        server = subprocess.Popen(
            [sys.executable, "-m", "massline.cli", "run", "--port", str(port), "--no-worker"],
            env=env,
            cwd=str(ROOT),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz")
        wait_for(f"{base}/events/p/{SLUG}/")
        print(
            f"server: gunicorn, {args.workers} workers × {args.threads} threads, PostgreSQL; "
            f"{args.clients} concurrent visitors; {args.rsvps} RSVPs for {args.capacity} seats"
        )
        outcome, seconds = run_clients(port, args.rsvps, args.clients)
        figures = check(event_id, args.capacity, outcome)
    finally:
        if server is not None:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
        try:
            drop_pg(args.database_url)
        except Exception as exc:
            print(f"note: could not drop the database: {exc}")

    latencies = sorted(outcome.latencies)
    p50 = statistics.median(latencies) * 1000 if latencies else None
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else None
    print(
        f"{len(outcome.acked)} acknowledged, {outcome.refused} refused, {outcome.errors} errors "
        f"in {seconds:.1f} s ({len(outcome.acked) / seconds:.0f} RSVPs/s); "
        f"latency p50 {p50:.0f} ms, p95 {p95:.0f} ms"
        if latencies
        else "no answers"
    )
    print(
        f"stored {figures['stored']}: {figures['confirmed']} confirmed, "
        f"{figures['waitlisted']} waitlisted; lost {figures['lost']}; "
        f"over capacity {figures['over_capacity']}; waitlist in order: "
        f"{figures['waitlist_in_order']} (contiguous {figures['positions_contiguous']}, "
        f"seats first {figures['seats_before_waitlist']}, "
        f"order violations {figures['order_violations']})"
    )
    search_median = None
    letters_figures = None
    if not args.no_letters:
        search_median, letters_figures = letter_search(args.database_url, args.letters)
        if search_median is not None:
            print(f"letter search over {args.letters} letters: median {search_median:.1f} ms")
    result = {
        "rsvps": args.rsvps,
        "capacity": args.capacity,
        "acknowledged": len(outcome.acked),
        "refused": outcome.refused,
        "errors": outcome.errors,
        "seconds": round(seconds, 2),
        "rsvps_per_second": round(len(outcome.acked) / seconds, 1) if seconds else None,
        "latency_p50_ms": round(p50, 1) if p50 is not None else None,
        "latency_p95_ms": round(p95, 1) if p95 is not None else None,
        **figures,
        "search_median_ms": search_median,
        "letters": letters_figures,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Load benchmark of petition signing: the real server, as deployed, under a signing rush.

    python bench/petition_load.py [--seconds 60] [--workers 4] [--connections 64]
        [--database-url postgres://postgres@127.0.0.1:5432/massline_bench_petitions]

What runs:
- a fresh PostgreSQL database (created beside the one the URL names, dropped afterwards),
  migrated, with one published campaign and one open petition;
- the production server exactly as `massline run --no-worker` starts it: gunicorn with
  `--workers` processes (WEB_WORKERS) and WEB_THREADS threads each, DEBUG off, collected static
  files, the access log on. The task worker is not started: confirmation mails stay queued in
  the database task table (a row per signature, written in the signing transaction's commit
  hook), as they would wait for workers on other machines;
- on loopback, `wrk` (installed with apt-get when missing) with a Lua script that POSTs valid,
  distinct signatures (no JavaScript: the form without proof of work), and at the same time a
  second `wrk` that GETs the public petition page. Afterwards, `wrk` alone on /healthz (a
  trivial endpoint that still reads the database) for a third of the time, for the ratio.

Settings the run changes, and why: `MASSLINE_PETITION_RATE_LIMIT_NO_POW=0` and
`MASSLINE_PETITION_RATE_LIMIT=0` (every request comes from 127.0.0.1, one network, which the
per-network limit would stop after a handful). No proof of work is solved: the load generator
uses the no-JavaScript path, the one a real signer without JavaScript takes.

What counts: a signature is acknowledged when the server answered its POST with the redirect
to the thanks page (303/302), which it sends only after the row is committed. The server's own
acknowledgements are counted in its access log (a request in flight when `wrk` stops is
answered by the server but never read by `wrk`); the database must then hold exactly that
many signatures. The figures of `wrk` itself are printed too. Latency percentiles are those of
the signing requests as `wrk` measured them. The last line is one JSON object.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIGN_LUA = r"""
local counter = 0
local tid = 0
local threads = {}
local acks = 0
local others = 0
local errors5 = 0

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local prefix = "run"

function init(args)
  tid = tonumber(wrk.thread:get("tid")) or 0
  prefix = args[1] or "run"
end

local countries = {"RU", "DE", "IT", "FR", "GB", "US", "BR", "IN", "TR", "ES", "PL", "AR"}

function request()
  counter = counter + 1
  local country = countries[(counter % #countries) + 1]
  local body = "name=Bench+Signer+" .. tid .. "-" .. counter ..
    "&email=" .. prefix .. "-" .. tid .. "-" .. counter .. "%40example.org" ..
    "&country=" .. country .. "&city=&display=hidden"
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  return wrk.format("POST", wrk.path, headers, body)
end

function response(status, headers, body)
  if status == 302 or status == 303 then
    acks = acks + 1
  elseif status >= 500 then
    errors5 = errors5 + 1
  else
    others = others + 1
  end
end

function done(summary, latency, requests)
  local a, o, e = 0, 0, 0
  for _, thread in ipairs(threads) do
    a = a + (thread:get("acks") or 0)
    o = o + (thread:get("others") or 0)
    e = e + (thread:get("errors5") or 0)
  end
  io.write(string.format("RESULT acks=%d others=%d errors5=%d requests=%d duration_us=%d " ..
    "p50=%d p90=%d p99=%d max=%d timeouts=%d\n",
    a, o, e, summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.errors.timeout))
end
"""

# wrk reads thread-local globals through thread:get; keep them global, not local.
SIGN_LUA = SIGN_LUA.replace("local acks = 0\nlocal others = 0\nlocal errors5 = 0\n", "")
SIGN_LUA = "acks = 0\nothers = 0\nerrors5 = 0\n" + SIGN_LUA

STATUS_LUA = r"""
threads = {}
ok = 0
errors5 = 0
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body)
  if status >= 500 then errors5 = errors5 + 1 else ok = ok + 1 end
end
function done(summary, latency, requests)
  local o, e = 0, 0
  for _, thread in ipairs(threads) do
    o = o + (thread:get("ok") or 0)
    e = e + (thread:get("errors5") or 0)
  end
  io.write(string.format("RESULT ok=%d errors5=%d requests=%d duration_us=%d p50=%d p99=%d " ..
    "non2xx_timeouts=%d\n", o, e, summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), summary.errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not available")
    return found


def parse_result(text: str) -> dict[str, int]:
    line = next((ln for ln in text.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result:\n{text}")
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "4")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
    parser.add_argument("--connections", type=int, default=32, help="signing connections")
    parser.add_argument("--page-connections", type=int, default=8)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/massline_bench_petitions"
        ),
    )
    args = parser.parse_args()
    wrk = ensure_wrk()

    from bench._databases import create_pg, drop_pg

    var_dir = Path(tempfile.mkdtemp(prefix="massline-bench-petitions-"))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "MASSLINE_VAR_DIR": str(var_dir),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MASSLINE_DATA_KEY": __import__("base64").urlsafe_b64encode(os.urandom(32)).decode(),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "TASK_BACKEND": "database",
        "MASSLINE_PETITION_RATE_LIMIT": "0",
        "MASSLINE_PETITION_RATE_LIMIT_NO_POW": "0",
        "WEB_WORKERS": str(args.workers),
        "WEB_THREADS": str(args.threads),
        "LOG_LEVEL": "ERROR",
        "MASSLINE_ACCESS_LOG": "-",
    }
    env.pop("MASSLINE_TESTING", None)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "massline.settings"
    create_pg(args.database_url)
    server = None
    log_path = var_dir / "access.log"
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        slug = prepare()
        from django.db import connections

        connections.close_all()

        log = log_path.open("wb")
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
        wait_for(f"{base}/petitions/{slug}/")
        scripts = Path(tempfile.mkdtemp(prefix="massline-bench-lua-"))
        (scripts / "sign.lua").write_text(SIGN_LUA)
        (scripts / "status.lua").write_text(STATUS_LUA)
        print(
            f"server: gunicorn, {args.workers} workers × {args.threads} threads, PostgreSQL; "
            f"load: wrk {args.connections} signing + {args.page_connections} page connections, "
            f"{args.seconds} s"
        )
        duration = f"{args.seconds}s"
        sign = subprocess.Popen(
            [
                wrk,
                "-t1",
                f"-c{args.connections}",
                f"-d{duration}",
                "--timeout",
                "10s",
                "-s",
                str(scripts / "sign.lua"),
                f"{base}/petitions/{slug}/sign/",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        page = subprocess.Popen(
            [
                wrk,
                "-t1",
                f"-c{args.page_connections}",
                f"-d{duration}",
                "--timeout",
                "10s",
                "-s",
                str(scripts / "status.lua"),
                f"{base}/petitions/{slug}/",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        sign_out, _ = sign.communicate()
        page_out, _ = page.communicate()
        time.sleep(2)  # let requests that were in flight when wrk stopped finish
        trivial_seconds = max(3, args.seconds // 3)
        trivial_out = subprocess.run(
            [
                wrk,
                "-t1",
                f"-c{args.page_connections}",
                f"-d{trivial_seconds}s",
                "-s",
                str(scripts / "status.lua"),
                f"{base}/healthz",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    signed = parse_result(sign_out)
    paged = parse_result(page_out)
    trivial = parse_result(trivial_out)

    from django.db import connection

    from massline.campaigns.petitions.models import Signature

    connection.close()
    stored = Signature.objects.filter(petition__slug=slug).count()
    distinct = (
        Signature.objects.filter(petition__slug=slug).values("email_index").distinct().count()
    )
    queued_mails = _queued_tasks()
    log_text = log_path.read_text(errors="replace")
    server_acks = len(re.findall(rf'"POST /petitions/{slug}/sign/ HTTP/1.1" 30[23] ', log_text))
    server_5xx = len(re.findall(r'" 5\d\d ', log_text))
    drop_pg(args.database_url)
    shutil.rmtree(var_dir, ignore_errors=True)

    seconds = signed["duration_us"] / 1e6
    signatures_per_s = signed["acks"] / seconds
    page_rps = paged["ok"] / (paged["duration_us"] / 1e6)
    trivial_rps = trivial["ok"] / (trivial["duration_us"] / 1e6)
    result: dict[str, Any] = {
        "seconds": round(seconds, 1),
        "workers": args.workers,
        "threads": args.threads,
        "connections": args.connections,
        "signatures_per_s": round(signatures_per_s, 1),
        "p50_ms": round(signed["p50"] / 1000, 1),
        "p90_ms": round(signed["p90"] / 1000, 1),
        "p99_ms": round(signed["p99"] / 1000, 1),
        "max_ms": round(signed["max"] / 1000, 1),
        "errors_5xx": signed["errors5"] + paged["errors5"] + trivial["errors5"] + server_5xx,
        "server_5xx": server_5xx,
        "other_answers": signed["others"],
        "timeouts": signed["timeouts"],
        "acknowledged": server_acks,
        "acknowledged_seen_by_client": signed["acks"],
        "stored": stored,
        "stored_distinct_emails": distinct,
        "lost_or_doubled": stored - server_acks,
        "mails_queued": queued_mails,
        "page_rps": round(page_rps, 1),
        "page_p99_ms": round(paged["p99"] / 1000, 1),
        "trivial_rps": round(trivial_rps, 1),
        "ratio_to_trivial": round(signatures_per_s / trivial_rps, 3) if trivial_rps else None,
        "targets_met": {
            "signatures_per_s>=2000": signatures_per_s >= 2000,
            "p99_ms<=250": signed["p99"] / 1000 <= 250,
            "zero_5xx": signed["errors5"] + paged["errors5"] + server_5xx == 0,
            "stored==acknowledged": stored == server_acks == distinct,
            "page_rps>=5000": page_rps >= 5000,
        },
    }
    print(
        f"signatures: {signatures_per_s:.0f}/s accepted (p50 {result['p50_ms']} ms, "
        f"p99 {result['p99_ms']} ms, max {result['max_ms']} ms)"
    )
    print(
        f"acknowledged by the server {server_acks} (seen by wrk {signed['acks']}), stored "
        f"{stored} ({distinct} distinct emails), {queued_mails} confirmation mails queued"
    )
    print(f"public page: {page_rps:.0f} req/s (p99 {result['page_p99_ms']} ms) at the same time")
    ratio = result["ratio_to_trivial"]
    print(f"trivial endpoint /healthz alone: {trivial_rps:.0f} req/s; ratio {ratio}")
    print(f"5xx: {result['errors_5xx']}; targets: {result['targets_met']}")
    print(json.dumps(result))


def prepare() -> str:
    """A published campaign with an open petition; its address."""
    from massline.accounts.models import Role, Unit
    from massline.accounts.services import membership_set, unit_create, user_create
    from massline.campaigns.models import Campaign
    from massline.campaigns.petitions import services

    unit = unit_create(actor=None, name="Bench", kind=Unit.Kind.ORGANIZATION)
    user = user_create(email="bench@example.org", password=secrets.token_urlsafe(16))
    membership_set(actor=None, user=user, unit=unit, role=Role.ORGANIZER)
    campaign = Campaign(
        slug="bench-campaign",
        kind=Campaign.Kind.RELEASE,
        title="Bench campaign",
        status=Campaign.Status.ACTIVE,
        unit=unit,
        created_by=user,
    )
    campaign.save()
    petition = services.petition_create(
        actor=user,
        campaign=campaign,
        slug="bench-petition",
        target="The authorities",
        goal=1_000_000,
        language="en",
        status="open",
        title="Release the prisoner",
        text="A petition used by the load benchmark.",
    )
    return petition.slug


def _queued_tasks() -> int:
    try:
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.count()
    except Exception:
        return -1


if __name__ == "__main__":
    main()

"""What a test run needs from the machine, and how to tell a skip from a failure.

Outside CI a missing Chromium skips the browser tests with a plain message. With `CI=true` a
missing browser or an unreachable `DATABASE_URL` is a failure: a green CI run must mean the
browser tests ran and the database the run asked for was the one tested.

`python -m massline.testing.environment` runs the same checks before the suite (`make test`).
"""

import os
import shutil
import sys
from typing import Any

CHROMIUM_MISSING = "browser tests skipped: chromium not found"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def chromium_path() -> str | None:
    return shutil.which("chromium")


def database_problem(url: str | None = None, *, timeout: int = 5) -> str | None:
    """Why the PostgreSQL server named by `DATABASE_URL` cannot be reached, or None.

    The test database is created through the server's `postgres` database, as Django does, so
    reaching that one (or the named database) is enough.
    """
    url = os.environ.get("DATABASE_URL") if url is None else url
    if not url:
        return None
    import dj_database_url

    try:
        config = dj_database_url.parse(url)
    except ValueError as exc:
        return f"DATABASE_URL is not a valid database URL: {exc}"
    if config.get("ENGINE") != "django.db.backends.postgresql":
        return None
    import psycopg

    params: dict[str, Any] = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "connect_timeout": timeout,
    }
    errors = []
    for dbname in ("postgres", config.get("NAME")):
        try:
            psycopg.connect(dbname=dbname, **params).close()
        except psycopg.Error as exc:
            errors.append(str(exc).strip())
        else:
            return None
    return "DATABASE_URL is unreachable: " + " / ".join(dict.fromkeys(errors))


def main() -> int:
    status = 0
    problem = database_problem()
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        status = 1
    if chromium_path() is None:
        if in_ci():
            print(
                "error: chromium not found, and CI=true needs the browser tests to run",
                file=sys.stderr,
            )
            status = 1
        else:
            print(CHROMIUM_MISSING)
    return status


if __name__ == "__main__":
    sys.exit(main())

"""A fresh PostgreSQL database for a benchmark run, created beside the one a URL names."""

from urllib.parse import urlparse, urlunparse


def admin_url(url: str) -> tuple[str, str]:
    """The URL of the server's `postgres` database, and the name of the one to create."""
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if not name:
        raise SystemExit("Give the PostgreSQL URL with a database name to create.")
    return urlunparse(parts._replace(path="/postgres")), name


def create_pg(url: str) -> None:
    import psycopg

    admin, name = admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_pg(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    admin, name = admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

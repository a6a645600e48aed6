"""The `massline` command: Django's management commands plus `massline run`.

`massline run [--port P] [--workers N]` serves the web application with gunicorn and runs a
task worker beside it, and stops both together.
"""

import argparse
import os
import signal
import subprocess
import sys
import time


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="massline run", description="Serve Massline and its task worker."
    )
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
    parser.add_argument("--no-worker", action="store_true", help="serve without a task worker")
    args = parser.parse_args(argv)
    if not 1 <= args.port <= 65535:
        parser.error(f"port {args.port} is out of range")

    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    from massline.vault.keys import VaultKeyError
    from massline.vault.services import vault_table_exists, vault_verify_key

    try:
        if vault_table_exists():
            vault_verify_key()
    except VaultKeyError as exc:
        print(f"massline: {exc}", file=sys.stderr)
        return 2
    call_command("collectstatic", interactive=False, verbosity=0)

    python = sys.executable
    children = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            [
                python,
                "-m",
                "gunicorn",
                "massline.wsgi:application",
                "--bind",
                f"{args.host}:{args.port}",
                "--workers",
                str(args.workers),
                "--threads",
                str(int(os.environ.get("WEB_THREADS", "4"))),
                "--graceful-timeout",
                "10",
                # No access log unless asked for: it would keep the address of every petition
                # signer, every RSVP and every sender to the anonymous criticism box.
                *(["--access-logfile", settings.ACCESS_LOG] if settings.ACCESS_LOG else []),
            ]
        )
    ]
    if not args.no_worker and settings.TASK_BACKEND == "database":
        children.append(
            subprocess.Popen(  # noqa: S603
                [python, "-m", "massline.cli", "db_worker", "--queue-name", "*", "--no-reload"]
            )
        )
    elif not args.no_worker and settings.TASK_BACKEND == "rq":
        children.append(
            subprocess.Popen(  # noqa: S603
                [python, "-m", "massline.cli", "rqworker", "default"]
            )
        )

    def stop(*_args: object) -> None:
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        stop()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
    return max((child.returncode or 0) for child in children)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "massline.settings")
    argv = sys.argv[1:]
    if argv and "-" in argv[0] and not argv[0].startswith("-"):
        # `massline import-contacts` is the management command `import_contacts`
        argv = [argv[0].replace("-", "_"), *argv[1:]]
    if argv and argv[0] == "run":
        sys.exit(_run(argv[1:]))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["massline", *argv])


if __name__ == "__main__":
    main()

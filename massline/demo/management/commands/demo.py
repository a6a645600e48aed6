"""`massline demo`: load the demo scenario and print the demo logins."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from massline.demo import scenario


class Command(BaseCommand):
    help = (
        "Load the demo scenario (the Russian Maoist Party's instance with a directory of real "
        "and fictional organizations) and print the demo logins. Safe to run again: it only "
        "adds what is missing. Meant for throwaway instances: it creates an administrator "
        "with a published password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--quiet", action="store_true", help="print nothing, not even the demo logins"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="load the demo even though the database has other accounts",
        )

    def handle(self, *args: Any, quiet: bool, force: bool, **options: Any) -> None:
        try:
            report = scenario.load(force=force)
        except scenario.DemoError as exc:
            raise CommandError(str(exc)) from exc
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(f"The demo could not be loaded: {exc}") from exc
        if not quiet:
            self.stdout.write(scenario.format_report(report))

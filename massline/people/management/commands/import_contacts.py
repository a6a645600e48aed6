"""`massline import_contacts FILE --unit U --mapping M.json [--dry-run] [--as EMAIL]`

Imports contacts from a CSV or XLSX file with a mapping saved as JSON (see docs/import.md),
through the same code as the upload page and its background task: the file is encrypted into
the import store, checked, mapped, then imported (or only checked, with --dry-run) in this
process. Prints progress and a summary; exits non-zero when the import cannot be done.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from massline.accounts.models import Unit, User
from massline.people.importing import services
from massline.people.importing.files import ENCODING_CHOICES
from massline.people.importing.mapping import ImportOptions, mapping_from_json, mapping_to_json
from massline.people.importing.run import (
    Tally,
    import_check_run,
    import_run,
    row_message,
    run_message,
)
from massline.people.models import ImportBatch


class Command(BaseCommand):
    help = "Import contacts from a CSV or XLSX file into a unit, with a JSON column mapping."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the CSV or XLSX file")
        parser.add_argument("--unit", required=True, help="the unit, by id or by name")
        parser.add_argument(
            "--mapping", type=Path, help="the column mapping as JSON (see docs/import.md)"
        )
        parser.add_argument(
            "--guess-mapping",
            action="store_true",
            help="print the mapping guessed from the header and stop",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="go through the whole file and report; write nothing",
        )
        parser.add_argument(
            "--as",
            dest="actor",
            metavar="EMAIL",
            help="the secretary who imports (default: the only administrator)",
        )
        parser.add_argument(
            "--encoding",
            default="detect",
            choices=ENCODING_CHOICES,
            help="encoding of a CSV file that is not UTF-8",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes preparing rows (default: one per core)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if not options["mapping"] and not options["guess_mapping"]:
            raise CommandError(
                "Give the mapping with --mapping M.json (--guess-mapping prints one to start from)."
            )
        actor = self._actor(options["actor"])
        unit = self._unit(options["unit"])
        try:
            batch = services.import_create_from_path(
                actor=actor, unit=unit, path=path, encoding=options["encoding"]
            )
        except PermissionDenied as exc:
            raise CommandError(
                f"{actor.email} may not import into {unit.name}: imports are "
                "for the unit's secretaries."
            ) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{path.name}: {batch.total_rows} rows, {len(batch.columns)} columns")
        if options["guess_mapping"]:
            self.stdout.write(
                mapping_to_json(list(batch.columns), batch.mapping["targets"], ImportOptions()),
                ending="",
            )
            services.import_delete(actor=actor, batch=batch)
            return
        try:
            targets, import_options = mapping_from_json(
                options["mapping"].read_text(encoding="utf-8"), list(batch.columns)
            )
            batch = services.import_map(
                actor=actor, batch=batch, targets=targets, options=import_options
            )
        except (OSError, ValidationError) as exc:
            services.import_delete(actor=actor, batch=batch)
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(f"mapping: {message}") from exc
        if options["dry_run"]:
            self._dry_run(batch, actor, options["workers"])
        else:
            self._import(batch, actor, options["workers"])

    def _actor(self, email: str | None) -> User:
        if email:
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is None:
                raise CommandError(f"No active user {email}.")
            return user
        admins = list(User.objects.filter(is_superuser=True, is_active=True)[:2])
        if len(admins) != 1:
            raise CommandError("Say who imports: --as EMAIL.")
        return admins[0]

    def _unit(self, value: str) -> Unit:
        if value.isdigit():
            unit = Unit.objects.filter(pk=int(value)).first()
            if unit is not None:
                return unit
        units = list(Unit.objects.filter(name__iexact=value)[:2])
        if len(units) != 1:
            raise CommandError(f"No single unit {value!r}: give its id or its exact name.")
        return units[0]

    def _progress(self, label: str) -> Any:
        last = [-1]

        def report(batch: ImportBatch, tally: Tally) -> None:
            percent = int(100 * tally.rows / batch.total_rows) if batch.total_rows else 100
            if percent // 5 != last[0] // 5 or tally.rows >= batch.total_rows:
                last[0] = percent
                self.stdout.write(
                    f"{label}: {tally.rows}/{batch.total_rows} rows ({percent}%)"
                    f", {tally.created} new, {tally.duplicates} duplicates, "
                    f"{tally.error_rows} with errors"
                )
                self.stdout.flush()

        return report

    def _errors(self, entries: list[dict[str, Any]], total: int) -> None:
        if not total:
            return
        self.stdout.write(f"{total} rows with errors (skipped); the first {len(entries)}:")
        for entry in entries:
            column = f" [{entry.get('column')}]" if entry.get("column") else ""
            self.stdout.write(
                f"  row {entry.get('row')}{column}: "
                f"{row_message(entry.get('code', ''), entry.get('params'))}"
            )

    def _dry_run(self, batch: ImportBatch, actor: User, workers: int | None) -> None:
        report = import_check_run(
            batch_id=batch.pk,
            actor_id=actor.pk,
            workers=workers,
            progress=self._progress("checked"),
        )
        services.import_delete(actor=actor, batch=ImportBatch.objects.get(pk=batch.pk))
        if report.get("state") != "done":
            raise CommandError(f"dry run failed: {run_message(report.get('code', ''))}")
        self.stdout.write(
            f"dry run: {report['rows']} rows; would create {report['created']}; duplicates "
            f"{report['in_file']} inside the file, {report['existing']} of existing contacts; "
            f"{report['new_sites']} new workplaces; nothing was written"
        )
        self._errors(report.get("errors", []), report["error_rows"])

    def _import(self, batch: ImportBatch, actor: User, workers: int | None) -> None:
        services.import_start(actor=actor, batch=batch, enqueue=False)
        result = import_run(
            batch_id=batch.pk,
            actor_id=actor.pk,
            workers=workers,
            progress=self._progress("imported"),
        )
        if result is None:
            raise CommandError("Another run took this import over.")
        run = result.report.get("run", {})
        self.stdout.write(
            f"import {result.pk} {result.status}: {result.created_count} contacts created; "
            f"duplicates {run.get('in_file', 0)} inside the file, {run.get('existing', 0)} of "
            f"existing contacts ({run.get('filled', 0)} filled in)"
            + (f"; {run['fuzzy']} possible duplicates to review" if run.get("fuzzy") else "")
        )
        self._errors(result.errors or [], result.error_count)
        if result.status != ImportBatch.Status.DONE:
            raise CommandError(
                f"{result.message or run_message(run.get('code', ''))} "
                f"Resume it from the import page (import {result.pk})."
            )

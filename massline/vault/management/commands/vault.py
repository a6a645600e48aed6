"""`massline vault generate-key | status | rotate-key`."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from massline.vault.keys import VaultKeyError, generate_key, keyring
from massline.vault.services import (
    encrypted_models,
    stored_key_ids,
    vault_rotate_key,
    vault_verify_key,
)


class Command(BaseCommand):
    help = "Manage the data key: generate one, show the key in use, re-encrypt with a new key."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("generate-key", help="print a new random data key")
        sub.add_parser("status", help="show the configured key and the keys found in the data")
        rotate = sub.add_parser(
            "rotate-key",
            help="re-encrypt everything with MASSLINE_DATA_KEY; the old key must be in "
            "MASSLINE_DATA_KEY_PREVIOUS. Safe to stop and run again.",
        )
        rotate.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "generate-key":
            self.stdout.write(generate_key())
            return
        try:
            ring = keyring()
        except VaultKeyError as exc:
            raise CommandError(str(exc)) from exc
        if action == "status":
            self.stdout.write(f"configured key: {ring.current.key_id}")
            for key in ring.previous:
                self.stdout.write(f"previous key:   {key.key_id}")
            for model, fields, _indexes in encrypted_models():
                for field in fields:
                    ids = sorted(stored_key_ids(model, field)) or ["(no values)"]
                    self.stdout.write(f"{model._meta.label}.{field.name}: {', '.join(ids)}")
            return
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")

        def progress(label: str, count: int) -> None:
            self.stdout.write(f"{label}: re-encrypted {count} rows")

        try:
            total = vault_rotate_key(batch_size=options["batch_size"], progress=progress)
            vault_verify_key()
        except VaultKeyError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {total} rows now use key {ring.current.key_id}. "
                "You may remove MASSLINE_DATA_KEY_PREVIOUS."
            )
        )

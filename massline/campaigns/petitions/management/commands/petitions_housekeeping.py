"""`massline petitions_housekeeping`: delete unconfirmed signatures past the confirmation
window and erase signers' data past the retention period. Run it hourly from cron or a systemd
timer; `petitions_housekeeping_task` does the same from the task queue."""

from typing import Any

from django.core.management.base import BaseCommand

from massline.campaigns.petitions import services


class Command(BaseCommand):
    help = "Expire unconfirmed petition signatures and erase signers' data after retention."

    def handle(self, *args: Any, **options: Any) -> None:
        expired = services.signatures_expire()
        erased = services.signatures_erase_expired()
        self.stdout.write(f"expired {expired} unconfirmed signatures; erased {erased} signers")

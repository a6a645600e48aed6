"""`massline send-review-reminders`: mail the owners of corrective actions that are due soon or
overdue, each reminder once. Meant for a daily timer (cron or systemd); see docs/reviews.md."""

from typing import Any

from django.core.management.base import BaseCommand

from massline.reviews.services import reminders_send


class Command(BaseCommand):
    help = "Mail reminders for corrective actions due soon or overdue (each one once)."

    def handle(self, *args: Any, **options: Any) -> None:
        before, after = reminders_send()
        self.stdout.write(f"Reminders sent: {before} due soon, {after} overdue.")

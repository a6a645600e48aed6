"""`massline send-event-reminders`: mail due event reminders; meant for a timer (every 15 min)."""

from typing import Any

from django.core.management.base import BaseCommand

from massline.events.tasks import send_due_reminders


class Command(BaseCommand):
    help = "Mail the reminders of events whose reminder time has come; each attendee once."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")

"""`massline letters_greetings_due`: mail secretaries the greetings due (run daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from massline.letters.reminders import remind_greetings_due


class Command(BaseCommand):
    help = "Mail secretaries the anniversaries that want a greeting. Run once a day."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = remind_greetings_due()
        self.stdout.write(f"{sent} reminder(s) sent")

"""The reminder to secretaries that greetings are due for an anniversary."""

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from massline.accounts.models import Membership, Role, User
from massline.letters.selectors import GreetingDue, greetings_due_for_reminder


def secretaries() -> list[User]:
    """Active secretaries of any unit and the administrators."""
    ids = set(
        Membership.objects.filter(role__in=[Role.SECRETARY, Role.ADMIN]).values_list(
            "user_id", flat=True
        )
    )
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=ids) | Q(is_superuser=True))
        .order_by("pk")
    )


def remind_greetings_due(*, today: date | None = None) -> int:
    """Mail each secretary the anniversaries whose window opens today (or is at its last day)
    and for which no greeting exists yet. Returns the number of mails sent.

    Meant to run once a day (the `letters_greetings_due` command from a timer, or the
    `greetings_due_task`): it reminds on the first day of a window and on the day itself.
    """
    today = today or timezone.localdate()
    due: list[GreetingDue] = [
        row
        for row in greetings_due_for_reminder(today=today)
        if not row.letters and row.days_left in {row.anniversary.remind_days_before, 0}
    ]
    if not due:
        return 0
    sent = 0
    url = settings.SITE_URL + reverse("letters:greetings_due")
    for user in secretaries():
        language = getattr(user, "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            body = render_to_string(
                "letters/mail/greetings_due.txt", {"due": due, "url": url, "user": user}
            )
            subject = str(translation.gettext("Greetings due"))
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent

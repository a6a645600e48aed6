"""Background tasks of the letters app (django-tasks)."""

from django_tasks import task

from massline.letters.services import letter_deliver


@task()
def deliver_letter_task(letter_id: int) -> None:
    """Mail a sent letter to its recipients and record each delivery."""
    letter_deliver(letter_id=letter_id)


@task()
def greetings_due_task() -> None:
    """Tell the secretaries which anniversaries want a greeting now."""
    from massline.letters.reminders import remind_greetings_due

    remind_greetings_due()

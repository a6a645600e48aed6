"""Background tasks of the reviews app (django-tasks)."""

from django_tasks import task

from massline.reviews.services import reminders_send


@task()
def send_review_reminders_task() -> None:
    """The same as `massline send-review-reminders`, for a queue-driven scheduler."""
    reminders_send()

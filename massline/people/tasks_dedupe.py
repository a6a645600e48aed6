"""The de-duplication scan as a background task (django-tasks)."""

from django_tasks import task

from massline.accounts.models import User
from massline.people.services.dedupe import dedupe_scan


@task()
def dedupe_scan_task(user_id: int, unit_ids: list[int] | None = None) -> int:
    """Scan for candidate duplicates as the given user; returns the number of new pairs.
    Arguments are plain ids so that any queue backend can carry them."""
    actor = User.objects.get(pk=user_id)
    return dedupe_scan(actor=actor, unit_ids=set(unit_ids) if unit_ids is not None else None)

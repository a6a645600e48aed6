"""Background tasks of the people app (django-tasks)."""

from django_tasks import task

from massline.people.importing.run import import_check_run, import_run


@task()
def import_contacts_task(batch_id: int, actor_id: int) -> None:
    """Run a queued import from its checkpoint to the end."""
    import_run(batch_id=batch_id, actor_id=actor_id)


@task()
def import_check_task(batch_id: int, actor_id: int) -> None:
    """Dry run of an import over the whole file."""
    import_check_run(batch_id=batch_id, actor_id=actor_id)

"""Background work of the petitions app (django-tasks).

- `signature_mail_task`: the mail after a signing, enqueued on commit.
- `petitions_housekeeping_task`: expiry of unconfirmed signatures and erasure after the
  retention period; `massline petitions_housekeeping` runs the same from cron or a timer.
"""

from django_tasks import task

from massline.campaigns.petitions import mails, services


@task()
def signature_mail_task(signature_id: int) -> None:
    mails.signature_mail_send(signature_id=signature_id)


@task()
def petitions_housekeeping_task() -> None:
    services.signatures_expire()
    services.signatures_erase_expired()

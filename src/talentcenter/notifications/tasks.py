"""Background tasks of the notifications app; they take ids and are idempotent."""

from __future__ import annotations

from django_tasks import task

from talentcenter.notifications import services


@task(queue_name="email")
def send_email(email_id: int) -> str:
    return str(services.email_deliver(email_id=email_id).status)

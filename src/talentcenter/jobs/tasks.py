"""Background tasks of the jobs app; they are idempotent and safe to run on several workers."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from talentcenter.jobs.services.searches import saved_search_alerts_send


@task(queue_name="default")
def send_saved_search_alerts() -> int:
    """E-mail the owners of alerting saved searches the openings published since their last
    alert; returns how many digests were queued. Running it twice sends nothing new."""
    return saved_search_alerts_send(now=timezone.now())

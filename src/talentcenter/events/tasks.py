"""Background tasks of the events app; idempotent and safe to run on several workers."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from talentcenter.events.services.timed import offers_expire_due, reminders_send


@task(queue_name="default")
def expire_event_offers() -> int:
    """Let offered places not confirmed by their deadline lapse and offer them to the next person
    waiting; returns how many lapsed. Running it twice lapses nothing more."""
    return offers_expire_due(now=timezone.now())


@task(queue_name="default")
def send_event_reminders() -> int:
    """Remind the people with a confirmed place of an event starting within 48 hours, once."""
    return reminders_send(now=timezone.now())


@task(queue_name="default")
def deliver_interview_schedules(event_id: int) -> int:
    """Send each side of the event's interview grid whose interviews changed since it was last
    sent its schedule with the calendar file; running it again sends nothing more."""
    from talentcenter.events.services.schedules import schedules_deliver

    return schedules_deliver(event_id=event_id)


@task(queue_name="default")
def solve_interview_grid(event_id: int, token: str) -> str:
    """Run a queued solve of an event's interview grid (too large for the request); a job already
    taken, finished or replaced is left alone. Returns the job's status."""
    from talentcenter.events.services.interviews import interview_grid_solve_job_run

    return interview_grid_solve_job_run(event_id=event_id, token=token)


@task(queue_name="default")
def issue_attendance_certificates(event_id: int, actor_id: int) -> int:
    """Issue the certificates of attendance of a large event that staff asked for; a certificate
    already issued is not issued again, so a retry issues only the rest. Returns how many."""
    from talentcenter.accounts.models import User
    from talentcenter.events.models import Event
    from talentcenter.events.services.certificates import attendance_certificates_issue

    run = attendance_certificates_issue(actor=User.objects.get(pk=actor_id), event=Event.objects.get(pk=event_id))
    return len(run.issued)

"""Timed work on petitions, run by ``talentcenter periodic``: unconfirmed petitions deleted, assignees
reminded of deadlines. Each skips rows another run holds, so several machines may run it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from talentcenter.audit import events as audit
from talentcenter.cases.clock import seoul_date
from talentcenter.inquiries import tokens
from talentcenter.inquiries.enums import OPEN_STATUSES, InquiryStatus
from talentcenter.inquiries.models import (
    Inquiry,
)
from talentcenter.notifications.services import notice_path, notify_users

UNVERIFIED_LIFETIME = timedelta(seconds=tokens.VERIFY_MAX_AGE)


def unverified_purge(*, now: datetime) -> int:
    """Delete petitions whose address was not confirmed while the link was valid: they were never
    received, and their personal data has no purpose any more. Returns how many."""
    purged = 0
    with transaction.atomic():
        stale = Inquiry.objects.select_for_update(skip_locked=True).filter(
            status=InquiryStatus.UNVERIFIED, created_at__lt=now - UNVERIFIED_LIFETIME
        )
        for inquiry in stale:
            for attachment in inquiry.attachments.all():
                attachment.file.delete(save=False)
            audit.record(actor=None, action="inquiries.unconfirmed_deleted", subject=inquiry)
            inquiry.delete()
            purged += 1
    return purged


def due_reminders_send(*, now: datetime) -> int:
    """Tell each assignee, once, of their open petitions due today or on the next working day."""
    from talentcenter.cases.clock import add_working_days

    today = seoul_date(now)
    limit = add_working_days(today, 1)
    sent = 0
    with transaction.atomic():
        due = (
            Inquiry.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("assignee")
            .filter(status__in=OPEN_STATUSES, due_date__lte=limit, due_reminder_sent_at=None)
            .exclude(assignee=None)
        )
        for inquiry in due:
            title, body = _due_texts(inquiry)
            notify_users(
                [inquiry.assignee],
                kind="inquiries.due_soon",
                title=title,
                body=body,
                link=notice_path("inquiries_backoffice:detail", inquiry_id=inquiry.pk),
            )
            inquiry.due_reminder_sent_at = now
            inquiry.save(update_fields=["due_reminder_sent_at"])
            sent += 1
    return sent


def _due_texts(inquiry: Inquiry) -> tuple[Callable[[], str], Callable[[], str]]:
    number, due = inquiry.receipt_number, inquiry.due_date.isoformat() if inquiry.due_date else ""
    return (
        lambda: _("Petition %(number)s is due soon") % {"number": number},
        lambda: _("Its deadline is %(due)s. Answer it, or extend it with a reason.") % {"due": due},
    )

"""Reads of the outbox: every e-mail the service rendered and queued (``OutboundEmail``)."""

from __future__ import annotations

from django.db.models import QuerySet

from talentcenter.notifications.models import OutboundEmail


def emails_newest_first() -> QuerySet[OutboundEmail]:
    """Every message in the outbox, the newest first (the development mail catcher lists them)."""
    return OutboundEmail.objects.order_by("-created_at", "-id")

"""Reads of the audit trail: the timeline staff see for one subject or for everything."""

from __future__ import annotations

from django.db import models

from talentcenter.audit.models import AuditEvent


def audit_timeline_for(*, subject: models.Model, limit: int = 200) -> list[AuditEvent]:
    """Newest first, the events about one object, with their actors loaded in the same query."""
    return list(
        AuditEvent.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk)).select_related(
            "actor"
        )[:limit]
    )


def audit_event_list(*, action: str = "") -> models.QuerySet[AuditEvent]:
    """Every event, newest first, optionally of one action; actors come in the same query."""
    events = AuditEvent.objects.select_related("actor")
    if action:
        events = events.filter(action=action)
    return events.order_by("-occurred_at", "-id")


def audit_action_names() -> list[str]:
    """The actions that occur in the trail, for a filter; ``action`` is indexed, so this stays cheap."""
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())


def audit_events_about(*, subject_type: str = "", subject_id: str = "") -> models.QuerySet[AuditEvent]:
    """Newest first, the events about one kind of subject, or one subject; all when unfiltered."""
    events = AuditEvent.objects.select_related("actor")
    if subject_type:
        events = events.filter(subject_type=subject_type)
    if subject_id:
        events = events.filter(subject_id=subject_id)
    return events.order_by("-occurred_at", "-id")

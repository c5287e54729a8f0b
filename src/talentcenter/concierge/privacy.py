"""The concierge's part in a person's rights: what the data download holds, and what account
deletion erases. Registered with ``privacy.registry`` from ``ConciergeConfig.ready``.

On deletion the settlement plan goes; requests keep their category, dates, status and rating (the
desk's statistics) but lose the subject, every message the person wrote, every attachment and the
rating's comment. Staff's answers stay, as they are the center's record of what it advised.
"""

from __future__ import annotations

from typing import Any

from talentcenter.accounts.models import User
from talentcenter.concierge.models import ConciergeRequest, RequestAttachment, RequestMessage, SettlementPlan
from talentcenter.privacy import registry

ERASED = "—"


def plan_section(user: User) -> dict[str, Any] | None:
    plan = SettlementPlan.objects.filter(person=user).first()
    if plan is None:
        return None
    return {
        "situation": plan.situation,
        "with_family": plan.with_family,
        "entry_date": plan.entry_date.isoformat() if plan.entry_date else None,
        "visa_start": plan.visa_start.isoformat() if plan.visa_start else None,
        "steps": [
            {
                "service": step.service.code,
                "status": step.status,
                "due_date": step.due_date.isoformat() if step.due_date else None,
                "available_from": step.available_from.isoformat() if step.available_from else None,
            }
            for step in plan.steps.select_related("service")
        ],
    }


def requests_section(user: User) -> list[dict[str, Any]]:
    """The person's requests with the messages they can see (internal notes are the center's)."""
    requests = ConciergeRequest.objects.filter(requester=user).order_by("pk").prefetch_related("messages")
    return [
        {
            "reference": request.reference,
            "category": request.category,
            "subject": request.subject,
            "status": request.status,
            "submitted_at": request.submitted_at.isoformat(),
            "rating": request.rating,
            "rating_comment": request.rating_comment,
            "messages": [
                {"from_center": message.from_staff, "written_at": message.created_at.isoformat(), "body": message.body}
                for message in request.messages.all()
                if not message.internal
            ],
        }
        for request in requests
    ]


def erase(user: User) -> None:
    SettlementPlan.objects.filter(person=user).delete()
    mine = RequestMessage.objects.filter(request__requester=user, author=user)
    for attachment in RequestAttachment.objects.filter(message__in=mine):
        attachment.file.delete(save=False)
        attachment.delete()
    mine.update(body=ERASED)
    ConciergeRequest.objects.filter(requester=user).update(subject=ERASED, rating_comment="")


def register() -> None:
    registry.register_export_section("settlement_plan", plan_section)
    registry.register_export_section("concierge_requests", requests_section)
    registry.register_eraser("concierge", erase)

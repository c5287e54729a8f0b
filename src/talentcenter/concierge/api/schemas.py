"""What the concierge's API reads and answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Schema

from talentcenter.concierge.enums import PlanStepStatus, ServiceCategory, Situation
from talentcenter.concierge.models import ConciergeRequest, PlanStep, RequestMessage, SettlementPlan
from talentcenter.concierge.services import MAX_BODY, MAX_COMMENT, MAX_SUBJECT
from talentcenter.foundation.api.schemas import DateText, InputSchema, PlainText, StrictBoolean, WholeNumber


class PageQuery(Schema):
    limit: int = Field(25, ge=1, le=100, description="How many items to return.")
    offset: int = Field(0, ge=0, le=100_000, description="How many items to skip.")


class StepOut(Schema):
    id: int
    service: str = Field(description="The service's code in the catalogue.")
    title: str
    category: str
    status: str
    due_date: date | None
    available_from: date | None


class PlanOut(Schema):
    situation: str
    with_family: bool
    entry_date: date | None
    visa_start: date | None
    steps: list[StepOut]


class PlanIn(InputSchema):
    situation: Situation
    with_family: StrictBoolean = False
    entry_date: DateText | None = None
    visa_start: DateText | None = None


class StepIn(InputSchema):
    status: PlanStepStatus


class MessageOut(Schema):
    id: int
    from_center: bool
    internal: bool
    author: str
    body: str
    written_at: datetime
    attachments: list[str] = Field(description="The names of the attached files.")


class RequestOut(Schema):
    id: int
    reference: str
    category: str
    subject: str
    status: str
    submitted_at: datetime
    due_date: date | None = Field(description="The date the desk answers by; empty while it waits for the person.")
    sla_working_days: int
    rating: int | None
    rating_comment: str


class RequestDetailOut(RequestOut):
    messages: list[MessageOut]


class StaffRequestOut(RequestOut):
    requester: str
    assignee: str | None
    clock: str | None = Field(description="running, due_soon, overdue or paused; empty for a closed request.")


class StaffQueueOut(Schema):
    count: int
    items: list[StaffRequestOut]


class RequestIn(InputSchema):
    category: ServiceCategory
    subject: Annotated[str, PlainText(MAX_SUBJECT, min_length=1)]
    body: Annotated[str, PlainText(MAX_BODY, min_length=1)]


class MessageIn(InputSchema):
    body: Annotated[str, PlainText(MAX_BODY, min_length=1)]


class StaffMessageIn(InputSchema):
    body: Annotated[str, PlainText(MAX_BODY, min_length=1)]
    internal: StrictBoolean = False
    wait_for_reply: StrictBoolean = False


class RatingIn(InputSchema):
    rating: Annotated[int, Field(ge=1, le=5), WholeNumber]
    comment: Annotated[str, PlainText(MAX_COMMENT)] = ""


def step_out(step: PlanStep) -> dict[str, Any]:
    return {
        "id": step.pk,
        "service": step.service.code,
        "title": step.service.title,
        "category": step.service.category,
        "status": step.status,
        "due_date": step.due_date,
        "available_from": step.available_from,
    }


def plan_out(plan: SettlementPlan, steps: list[PlanStep]) -> dict[str, Any]:
    return {
        "situation": plan.situation,
        "with_family": plan.with_family,
        "entry_date": plan.entry_date,
        "visa_start": plan.visa_start,
        "steps": [step_out(step) for step in steps],
    }


def request_out(request: ConciergeRequest) -> dict[str, Any]:
    return {
        "id": request.pk,
        "reference": request.reference,
        "category": request.category,
        "subject": request.subject,
        "status": request.status,
        "submitted_at": request.submitted_at,
        "due_date": request.due_date,
        "sla_working_days": request.sla_working_days,
        "rating": request.rating,
        "rating_comment": request.rating_comment,
    }


def message_out(message: RequestMessage, *, staff_view: bool) -> dict[str, Any]:
    mine = "concierge" if message.from_staff else "me"
    author = str(message.author) if staff_view else mine
    return {
        "id": message.pk,
        "from_center": message.from_staff,
        "internal": message.internal,
        "author": author,
        "body": message.body,
        "written_at": message.created_at,
        "attachments": [attachment.original_name for attachment in message.attachments.all()],
    }

"""Petitions over HTTP. Staff, at ``/api/v1/staff/inquiries`` (second factor required): the queue,
a petition, and each step (assign, extend, transfer, draft, approve, return). The petitioner, at
``/api/v1/inquiries/track/{token}``: their petition by its signed link, and the rating. The public
FAQ at ``/api/v1/inquiries/faq``.

404 for what the caller may not see (a forged link included); 403 when the second member of staff
is needed; 409 (code ``conflict``) for a step the petition's status does not allow; 422 for invalid
input. Filing is a web form only (its abuse guard is per client address and e-mail confirmation).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from talentcenter.accounts.api_auth import OPTIONAL
from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.cases.clock import seoul_date
from talentcenter.foundation.api.schemas import MAX_LIMIT, MAX_OFFSET, InputSchema, ObjectId, PlainText, WholeNumber
from talentcenter.inquiries import policies, selectors, services
from talentcenter.inquiries.enums import InquiryCategory, InquiryStatus
from talentcenter.inquiries.models import MAX_ANSWER, FaqEntry, Inquiry
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_list_access_of_people, record_personal_data_access

router = Router(tags=["inquiries"])
staff_router = Router(tags=["staff"])

TOKEN = Annotated[str, Field(min_length=10, max_length=400, pattern=r"^[A-Za-z0-9_\-:.]+$")]


class InquiryOut(Schema):
    receipt_number: str
    category: InquiryCategory
    status: InquiryStatus
    subject: str
    body: str
    received_at: datetime | None
    due_date: date | None
    period_working_days: int
    legal_basis: str
    extended: bool
    extension_reason: str
    transfer_agency: str
    answer: str = Field(description="Empty until the answer is approved and sent.")
    answered_at: datetime | None
    rating: int | None


class StaffInquiryOut(InquiryOut):
    id: int
    name: str
    email: str
    overdue: bool
    assignee_id: int | None
    drafted_by_id: int | None
    approved_by_id: int | None
    duplicate_of_id: int | None
    review_note: str
    draft: str


class StaffInquiryPageOut(Schema):
    items: list[StaffInquiryOut]
    count: int


class FaqOut(Schema):
    id: int
    category: InquiryCategory
    question: str
    answer: str


class QueueFilters(Schema):
    status: InquiryStatus | None = None
    category: InquiryCategory | None = None
    overdue: bool = False
    mine: bool = False
    limit: int = Field(25, ge=1, le=MAX_LIMIT, description="How many items to return.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


class AssignIn(InputSchema):
    assignee: Annotated[int, Field(ge=1, le=2**63 - 1), WholeNumber]


class ExtendIn(InputSchema):
    working_days: Annotated[int, Field(ge=1, le=30), WholeNumber]
    reason: Annotated[str, PlainText(2000, min_length=1)]


class TransferIn(InputSchema):
    agency: Annotated[str, PlainText(200, min_length=1)]
    reason: Annotated[str, PlainText(2000, min_length=1)]


class DraftIn(InputSchema):
    answer: Annotated[str, PlainText(MAX_ANSWER, min_length=1)]


class ReturnIn(InputSchema):
    note: Annotated[str, PlainText(2000, min_length=1)]


class RatingIn(InputSchema):
    rating: Annotated[int, Field(ge=1, le=5), WholeNumber]
    comment: Annotated[str, PlainText(2000)] = ""


def _public(inquiry: Inquiry) -> dict[str, Any]:
    answered = inquiry.answered_at is not None
    return {
        "receipt_number": inquiry.receipt_number or "",
        "category": inquiry.category,
        "status": inquiry.status,
        "subject": inquiry.subject,
        "body": inquiry.body,
        "received_at": inquiry.received_at,
        "due_date": inquiry.due_date,
        "period_working_days": inquiry.period_working_days,
        "legal_basis": inquiry.legal_basis,
        "extended": inquiry.extended_at is not None,
        "extension_reason": inquiry.extension_reason,
        "transfer_agency": inquiry.transfer_agency,
        "answer": inquiry.answer if answered else "",
        "answered_at": inquiry.answered_at,
        "rating": inquiry.rating,
    }


def _staff(inquiry: Inquiry) -> dict[str, Any]:
    return {
        **_public(inquiry),
        "id": inquiry.pk,
        "name": inquiry.name,
        "email": inquiry.email,
        "overdue": selectors.is_overdue(inquiry, seoul_date(timezone.now())),
        "assignee_id": inquiry.assignee_id,
        "drafted_by_id": inquiry.drafted_by_id,
        "approved_by_id": inquiry.approved_by_id,
        "duplicate_of_id": inquiry.duplicate_of_id,
        "review_note": inquiry.review_note,
        "draft": inquiry.answer,
    }


def _faq(entry: FaqEntry) -> dict[str, Any]:
    return {"id": entry.pk, "category": entry.category, "question": entry.question, "answer": entry.answer_text}


@router.get("/faq", response=list[FaqOut], auth=OPTIONAL, summary="The published FAQ")
def faq_list(request: HttpRequest, category: InquiryCategory | None = None) -> list[dict[str, Any]]:
    return [_faq(entry) for entry in selectors.faq_entries_published(category=category or "")]


@router.get("/track/{token}", response=InquiryOut, auth=OPTIONAL, summary="A petition, by its tracking link")
def track(request: HttpRequest, token: TOKEN) -> dict[str, Any]:
    return _public(policies.access_inquiry_by_token(token))


@router.post("/track/{token}/rating", response=InquiryOut, auth=OPTIONAL, summary="Rate the answer (once)")
def rate(request: HttpRequest, token: TOKEN, payload: RatingIn) -> dict[str, Any]:
    inquiry = policies.access_inquiry_by_token(token)
    return _public(services.inquiry_rate(inquiry=inquiry, rating=payload.rating, comment=payload.comment))


@staff_router.get("", response=StaffInquiryPageOut, summary="The petition queue, overdue first")
def staff_queue(request: HttpRequest, filters: Query[QueueFilters]) -> dict[str, Any]:
    queryset = selectors.inquiry_queue(
        today=seoul_date(timezone.now()),
        status=filters.status or "",
        category=filters.category or "",
        assignee=signed_in_user(request) if filters.mine else None,
        overdue_only=filters.overdue,
    )
    page = list(queryset[filters.offset : filters.offset + filters.limit])
    record_list_access_of_people(
        viewer=signed_in_user(request), people=selectors.petitioners_listed(page), what=AccessWhat.PETITION, via="api"
    )
    return {"items": [_staff(inquiry) for inquiry in page], "count": queryset.count()}


def _access(request: HttpRequest, inquiry_id: int) -> Inquiry:
    return policies.access_inquiry_for_staff(request.user, inquiry_id)


@staff_router.get("/{inquiry_id}", response=StaffInquiryOut, summary="Read a petition")
def staff_read(request: HttpRequest, inquiry_id: ObjectId) -> dict[str, Any]:
    inquiry = _access(request, inquiry_id)
    if inquiry.petitioner is not None:
        record_personal_data_access(
            viewer=signed_in_user(request), subject=inquiry.petitioner, what=AccessWhat.PETITION, obj=inquiry, via="api"
        )
    return _staff(inquiry)


@staff_router.post("/{inquiry_id}/assign", response=StaffInquiryOut, summary="Assign a petition")
def staff_assign(request: HttpRequest, inquiry_id: ObjectId, payload: AssignIn) -> dict[str, Any]:
    inquiry = _access(request, inquiry_id)
    assignee = User.objects.filter(pk=payload.assignee).first()
    if assignee is None:
        raise ValidationError({"assignee": _("Choose a member of the center staff.")})
    services.inquiry_assign(actor=signed_in_user(request), inquiry=inquiry.pk, assignee=assignee)
    return _staff(_access(request, inquiry_id))


@staff_router.post("/{inquiry_id}/extend", response=StaffInquiryOut, summary="Extend the deadline once")
def staff_extend(request: HttpRequest, inquiry_id: ObjectId, payload: ExtendIn) -> dict[str, Any]:
    inquiry = _access(request, inquiry_id)
    services.inquiry_extend(
        actor=signed_in_user(request), inquiry=inquiry.pk, reason=payload.reason, working_days=payload.working_days
    )
    return _staff(_access(request, inquiry_id))


@staff_router.post("/{inquiry_id}/transfer", response=StaffInquiryOut, summary="Transfer to another agency")
def staff_transfer(request: HttpRequest, inquiry_id: ObjectId, payload: TransferIn) -> dict[str, Any]:
    inquiry = _access(request, inquiry_id)
    services.inquiry_transfer(
        actor=signed_in_user(request), inquiry=inquiry.pk, agency=payload.agency, reason=payload.reason
    )
    return _staff(_access(request, inquiry_id))


@staff_router.post("/{inquiry_id}/draft", response=StaffInquiryOut, summary="Draft the answer for review")
def staff_draft(request: HttpRequest, inquiry_id: ObjectId, payload: DraftIn) -> dict[str, Any]:
    inquiry = _access(request, inquiry_id)
    services.answer_draft(actor=signed_in_user(request), inquiry=inquiry.pk, answer=payload.answer)
    return _staff(_access(request, inquiry_id))


@staff_router.post("/{inquiry_id}/approve", response=StaffInquiryOut, summary="Approve and send the answer")
def staff_approve(request: HttpRequest, inquiry_id: ObjectId) -> dict[str, Any]:
    """By a second member of staff, not the one who drafted it (403 otherwise)."""
    inquiry = _access(request, inquiry_id)
    services.answer_approve(actor=signed_in_user(request), inquiry=inquiry.pk)
    return _staff(_access(request, inquiry_id))


@staff_router.post("/{inquiry_id}/return", response=StaffInquiryOut, summary="Return the draft to its author")
def staff_return(request: HttpRequest, inquiry_id: ObjectId, payload: ReturnIn) -> dict[str, Any]:
    inquiry = _access(request, inquiry_id)
    services.answer_return(actor=signed_in_user(request), inquiry=inquiry.pk, note=payload.note)
    return _staff(_access(request, inquiry_id))

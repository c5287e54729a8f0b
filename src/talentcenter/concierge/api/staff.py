"""The concierge desk's queue at ``/api/v1/staff/concierge``: for concierge staff only (403 for
anybody else). Reading a person's request is written to the access log."""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field as NinjaField
from ninja import Query, Router, Schema, Status

from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.cases.clock import seoul_date
from talentcenter.concierge import policies, selectors, services
from talentcenter.concierge.api.schemas import (
    RequestDetailOut,
    StaffMessageIn,
    StaffQueueOut,
    message_out,
    request_out,
)
from talentcenter.concierge.enums import RequestStatus, ServiceCategory
from talentcenter.concierge.models import ConciergeRequest
from talentcenter.foundation.api.schemas import ObjectId
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_list_access_of_people, record_personal_data_access

router = Router(tags=["staff"])

QUEUE_STATUSES = "|".join(["active", "all", *RequestStatus.values])
QUEUE_CATEGORIES = "|".join(ServiceCategory.values)


class QueueQuery(Schema):
    status: str = NinjaField("active", pattern=f"^({QUEUE_STATUSES})$", description="active, all or one status.")
    category: str = NinjaField("", pattern=f"^({QUEUE_CATEGORIES})?$", description="One category, or all.")
    assignee: Literal["", "mine", "none"] = ""
    overdue: bool = False
    limit: int = NinjaField(50, ge=1, le=100)
    offset: int = NinjaField(0, ge=0, le=100_000)


def _desk(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not policies.can_serve_concierge(user):
        raise PermissionDenied
    return user


def _staff_row(item: ConciergeRequest, today: Any) -> dict[str, Any]:
    clock = selectors.clock_state(item, today)
    return {
        **request_out(item),
        "requester": str(item.requester),
        "assignee": str(item.assignee) if item.assignee else None,
        "clock": clock.value if clock else None,
    }


@router.get("/requests", response=StaffQueueOut, summary="The concierge queue, overdue first")
def staff_queue(request: HttpRequest, query: Query[QueueQuery]) -> dict[str, Any]:
    viewer = _desk(request)
    today = seoul_date(timezone.now())
    filters = selectors.QueueFilters(
        status=query.status, category=query.category, assignee=query.assignee, overdue_only=query.overdue
    )
    queryset = selectors.staff_queue(filters=filters, viewer=viewer, today=today)
    items = list(queryset[query.offset : query.offset + query.limit])
    record_list_access_of_people(
        viewer=viewer,
        people={item.requester_id: str(item.requester) for item in items},
        what=AccessWhat.CONCIERGE_REQUEST,
        via="api",
    )
    return {"count": queryset.count(), "items": [_staff_row(item, today) for item in items]}


def _detail(viewer: User, request_id: int) -> dict[str, Any]:
    found = policies.access_request_for_staff(user=viewer, request_id=request_id)
    record_personal_data_access(
        viewer=viewer, subject=found.requester, what=AccessWhat.CONCIERGE_REQUEST, obj=found, via="api"
    )
    messages = [message_out(message, staff_view=True) for message in selectors.messages_for_staff(found)]
    return {**request_out(found), "messages": messages}


@router.get("/requests/{request_id}", response=RequestDetailOut, summary="Read a concierge request")
def staff_request(request: HttpRequest, request_id: ObjectId) -> dict[str, Any]:
    """With every message and internal note."""
    return _detail(_desk(request), request_id)


@router.post("/requests/{request_id}/messages", response={201: RequestDetailOut}, summary="Answer or note")
def staff_request_message(
    request: HttpRequest, request_id: ObjectId, payload: StaffMessageIn
) -> Status[dict[str, Any]]:
    """``wait_for_reply`` asks the person and stops the clock; ``internal`` is a note the person never sees."""
    viewer = _desk(request)
    found = policies.access_request_for_staff(user=viewer, request_id=request_id)
    services.request_message(
        actor=viewer, request=found, body=payload.body, internal=payload.internal, wait_for_reply=payload.wait_for_reply
    )
    return Status(201, _detail(viewer, found.pk))


@router.post("/requests/{request_id}/resolve", response=RequestDetailOut, summary="Resolve a concierge request")
def staff_request_resolve(request: HttpRequest, request_id: ObjectId) -> dict[str, Any]:
    """The person is asked to rate the help."""
    viewer = _desk(request)
    found = policies.access_request_for_staff(user=viewer, request_id=request_id)
    services.request_transition(actor=viewer, request=found, name="resolve")
    return _detail(viewer, found.pk)

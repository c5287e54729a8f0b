"""A person's settlement plan and concierge requests, at ``/api/v1/me/concierge``.

404 for a request or step that is not the caller's; 409 (code ``conflict``) when the request has
moved on (rating one that is not resolved, writing on a closed one).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.concierge import policies, selectors, services
from talentcenter.concierge.api.schemas import (
    MessageIn,
    PageQuery,
    PlanIn,
    PlanOut,
    RatingIn,
    RequestDetailOut,
    RequestIn,
    RequestOut,
    StepIn,
    StepOut,
    message_out,
    plan_out,
    request_out,
    step_out,
)
from talentcenter.foundation.api.schemas import ObjectId

router = Router(tags=["concierge"])


@router.get("/plan", response=PlanOut, summary="My settlement plan")
def my_plan(request: HttpRequest) -> dict[str, Any]:
    """404 until the plan is started (by an issued K-Tech Pass or letter, or ``PUT``)."""
    plan = selectors.plan_of(signed_in_user(request))
    if plan is None:
        raise Http404
    return plan_out(plan, selectors.plan_steps(plan))


@router.put("/plan", response=PlanOut, summary="Start or change my settlement plan")
def my_plan_update(request: HttpRequest, payload: PlanIn) -> dict[str, Any]:
    """The situation and dates decide the steps and their dates."""
    plan = services.plan_update(
        actor=signed_in_user(request),
        situation=payload.situation,
        with_family=payload.with_family,
        entry_date=payload.entry_date,
        visa_start=payload.visa_start,
    )
    return plan_out(plan, selectors.plan_steps(plan))


@router.post("/plan/steps/{step_id}", response=StepOut, summary="Mark a step of my plan")
def my_step_mark(request: HttpRequest, step_id: ObjectId, payload: StepIn) -> dict[str, Any]:
    user = signed_in_user(request)
    step = policies.access_step_for_person(user=user, step_id=step_id)
    step = services.step_mark(actor=user, step=step, status=payload.status)
    return step_out(policies.access_step_for_person(user=user, step_id=step.pk))


@router.get("/requests", response=list[RequestOut], summary="My concierge requests")
def my_requests(request: HttpRequest, page: Query[PageQuery]) -> list[dict[str, Any]]:
    """The latest first."""
    requests = selectors.requests_of(signed_in_user(request))[page.offset : page.offset + page.limit]
    return [request_out(item) for item in requests]


@router.post("/requests", response={201: RequestDetailOut}, summary="Ask the concierge")
def my_request_create(request: HttpRequest, payload: RequestIn) -> Status[dict[str, Any]]:
    """The answer's ``due_date`` is the date the desk answers by (the category's service level)."""
    created = services.request_create(
        actor=signed_in_user(request), category=payload.category, subject=payload.subject, body=payload.body
    )
    return Status(201, _detail(request, created.pk))


def _detail(request: HttpRequest, request_id: int) -> dict[str, Any]:
    found = policies.access_request_for_person(user=signed_in_user(request), request_id=request_id)
    messages = [message_out(message, staff_view=False) for message in selectors.messages_for_person(found)]
    return {**request_out(found), "messages": messages}


@router.get("/requests/{request_id}", response=RequestDetailOut, summary="Read one of my requests")
def my_request(request: HttpRequest, request_id: ObjectId) -> dict[str, Any]:
    """With the messages (never the desk's internal notes)."""
    return _detail(request, request_id)


@router.post("/requests/{request_id}/messages", response={201: RequestDetailOut}, summary="Write on my request")
def my_request_message(request: HttpRequest, request_id: ObjectId, payload: MessageIn) -> Status[dict[str, Any]]:
    """A reply to the desk's question starts its clock again; a reply to a resolved request opens it again."""
    user = signed_in_user(request)
    found = policies.access_request_for_person(user=user, request_id=request_id)
    services.request_message(actor=user, request=found, body=payload.body)
    return Status(201, _detail(request, found.pk))


@router.post("/requests/{request_id}/rating", response=RequestDetailOut, summary="Rate the help on my request")
def my_request_rate(request: HttpRequest, request_id: ObjectId, payload: RatingIn) -> dict[str, Any]:
    """1 to 5 with a comment, once, when the request is resolved or closed; rating closes it."""
    user = signed_in_user(request)
    found = policies.access_request_for_person(user=user, request_id=request_id)
    services.request_rate(actor=user, request=found, rating=payload.rating, comment=payload.comment)
    return _detail(request, found.pk)


@router.post("/requests/{request_id}/withdraw", response=RequestDetailOut, summary="Withdraw my request")
def my_request_withdraw(request: HttpRequest, request_id: ObjectId) -> dict[str, Any]:
    user = signed_in_user(request)
    found = policies.access_request_for_person(user=user, request_id=request_id)
    services.request_transition(actor=user, request=found, name="withdraw")
    return _detail(request, found.pk)

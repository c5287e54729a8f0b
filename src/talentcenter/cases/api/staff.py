"""The back office over HTTP (``/staff/cases``, staff only): the queue, (bulk) assignment, the
case file with the caller's ``actions``, the staff's transitions, requests for information,
four-eyes validation of the records and the evaluators' assignment. 409 (code ``conflict``) when
the case has moved on (:class:`~talentcenter.foundation.workflow.TransitionNotAllowed`)."""

from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.params import functions as param_functions
from ninja.responses import Status

from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.cases import policies, queues, services
from talentcenter.cases.access_log import record_case_read, talent_users
from talentcenter.cases.api._common import fields_renamed, keep_operation_ids
from talentcenter.cases.api._output import evaluation_staff_out, record_out, staff_case_out
from talentcenter.cases.api.schemas import (
    AssignedOut,
    AssignIn,
    CaseListItemOut,
    EvaluationStaffOut,
    EvaluatorIn,
    InformationRequestIn,
    QueueFilters,
    RecordOut,
    RecordValidationIn,
    StaffCaseOut,
    StaffTransition,
    TransitionIn,
)
from talentcenter.cases.clock import ClockState
from talentcenter.cases.models import Case
from talentcenter.foundation.api.schemas import ObjectId, Pagination
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.paging import LoggedPage

router = Router()


def _answer(request: HttpRequest, case: Case) -> dict[str, Any]:
    case.refresh_from_db()
    return staff_case_out(request.user, case)


def _queue(user: User, filters: QueueFilters) -> QuerySet[Case]:
    """The back office's queue (``queues.queue``) with the API's filters."""
    if filters.overdue and filters.paused:
        return Case.objects.none()  # a waiting case is never overdue
    clock = ClockState.OVERDUE if filters.overdue else ClockState.PAUSED if filters.paused else ""
    return queues.queue(
        user=user,
        filters=queues.QueueFilters(
            case_type=filters.case_type.value if filters.case_type else "",
            status=filters.status.value if filters.status else "",
            clock=clock,
            reviewer=filters.reviewer or "",
        ),
    )


@router.get("", response=list[CaseListItemOut], summary="The case queue")
@paginate(Pagination)
def staff_case_list(request: HttpRequest, filters: Query[QueueFilters]) -> Any:
    """Open cases (with the center, not yet decided) unless a status is asked for; ordered by due
    date (the earliest first; cases without one last). Each listed talent's access log notes the read."""
    user = signed_in_user(request)
    return LoggedPage(
        _queue(user, filters), viewer=user, people=lambda page: talent_users(user, page), what=AccessWhat.CASE
    )


@router.post("/assign", response=AssignedOut, summary="Assign cases to a reviewer (in bulk)")
def staff_case_assign(request: HttpRequest, payload: AssignIn) -> dict[str, Any]:
    """All or nothing: one case that cannot be assigned (draft, decided) leaves every case as it was."""
    reviewer = User.objects.filter(pk=payload.reviewer_id).first()
    if reviewer is None:
        raise ValidationError({"reviewer_id": _("Only center staff can review applications.")})
    ids = sorted(set(payload.case_ids))
    cases = list(Case.objects.filter(pk__in=ids))
    unknown = sorted(set(ids) - {case.pk for case in cases})
    if unknown:
        raise ValidationError(
            {"case_ids": _("No such case: {ids}.").format(ids=", ".join(str(case_id) for case_id in unknown))}
        )
    assigned = fields_renamed(
        lambda: services.case_assign(actor=signed_in_user(request), cases=cases, reviewer=reviewer),
        {"reviewer": "reviewer_id"},
    )
    return {"assigned": assigned}


@router.get("/{case_id}", response=StaffCaseOut, summary="Read a case (back office)")
def staff_case_read(request: HttpRequest, case_id: ObjectId) -> dict[str, Any]:
    case = policies.access_case_for_staff(user=request.user, case_id=case_id)
    record_case_read(viewer=signed_in_user(request), case=case, via="api")
    return staff_case_out(request.user, case)


TransitionName = Annotated[
    StaffTransition, param_functions.Path(..., description="One of the staff's transitions; 422 for any other.")
]


@router.post("/{case_id}/transitions/{name}", response=StaffCaseOut, summary="Move a case on")
def staff_case_transition(
    request: HttpRequest, case_id: ObjectId, name: TransitionName, payload: TransitionIn | None = None
) -> dict[str, Any]:
    """409 (code ``conflict``) when the case is no longer in a status the transition starts from;
    ``reopen`` is for leads only; ``reject`` and ``reopen`` need a reason."""
    case = policies.access_case_for_staff(user=request.user, case_id=case_id)
    actor = signed_in_user(request)
    reason = payload.reason if payload is not None else ""
    calls: dict[StaffTransition, Callable[[], Case]] = {
        StaffTransition.START_REVIEW: lambda: services.case_start_review(actor=actor, case=case),
        StaffTransition.START_VALIDATION: lambda: services.case_start_validation(actor=actor, case=case),
        StaffTransition.START_EVALUATION: lambda: services.case_start_evaluation(actor=actor, case=case),
        StaffTransition.APPROVE: lambda: services.case_approve(actor=actor, case=case, reason=reason),
        StaffTransition.REJECT: lambda: services.case_reject(actor=actor, case=case, reason=reason),
        StaffTransition.REOPEN: lambda: services.case_reopen(actor=actor, case=case, reason=reason),
    }
    calls[name]()
    return _answer(request, case)


@router.post("/{case_id}/requests", response={201: StaffCaseOut}, summary="Request documents or corrections")
def staff_case_request(request: HttpRequest, case_id: ObjectId, payload: InformationRequestIn) -> Status[Any]:
    """Itemised, with a date to answer by; the processing clock stops until the applicant answers."""
    case = policies.access_case_for_staff(user=request.user, case_id=case_id)
    services.case_request_information(
        actor=signed_in_user(request),
        case=case,
        items=[services.RequestedItem(item.requirement, item.instruction) for item in payload.items],
        message=payload.message,
        respond_by=payload.respond_by,
    )
    return Status(201, _answer(request, case))


@router.post("/{case_id}/records/{record_id}", response=RecordOut, summary="Validate a record (four eyes)")
def staff_record_validate(
    request: HttpRequest, case_id: ObjectId, record_id: ObjectId, payload: RecordValidationIn
) -> dict[str, Any]:
    """Verified, or refused with a reason, by someone other than the case's reviewer (else 403)."""
    case = policies.access_case_for_staff(user=request.user, case_id=case_id)
    record = case.records.filter(pk=record_id).first()
    if record is None:
        raise Http404
    record = services.record_validate(
        actor=signed_in_user(request), record=record, verified=payload.verified, reason=payload.reason
    )
    return record_out(record)


@router.post("/{case_id}/evaluators", response={201: EvaluationStaffOut}, summary="Assign an evaluator")
def staff_evaluator_assign(request: HttpRequest, case_id: ObjectId, payload: EvaluatorIn) -> Status[Any]:
    case = policies.access_case_for_staff(user=request.user, case_id=case_id)
    evaluator = User.objects.filter(pk=payload.evaluator_id).first()
    if evaluator is None:
        raise ValidationError({"evaluator_id": _("Choose a registered external evaluator.")})
    assignment = fields_renamed(
        lambda: services.evaluator_assign(
            actor=signed_in_user(request),
            case=case,
            evaluator=evaluator,
            conflict_override_reason=payload.conflict_override_reason,
        ),
        {"evaluator": "evaluator_id"},
    )
    return Status(201, evaluation_staff_out(assignment))


keep_operation_ids(router)

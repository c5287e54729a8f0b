"""The external evaluators over HTTP (``/evaluations``): their own assignments, the conflict
declaration, then the file and the scores. Anyone else's assignment is 404."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.cases import policies, services
from talentcenter.cases.api._common import keep_operation_ids
from talentcenter.cases.api._output import evaluation_out
from talentcenter.cases.api.schemas import DeclarationIn, EvaluationOut, ScoresIn
from talentcenter.cases.models import EvaluatorAssignment
from talentcenter.foundation.api.errors import ApiError, ErrorCode
from talentcenter.foundation.api.schemas import ObjectId, Pagination

router = Router(tags=["evaluations"])


def _evaluator_assignment(request: HttpRequest, assignment_id: int) -> EvaluatorAssignment:
    return policies.access_assignment_for_evaluator(user=request.user, assignment_id=assignment_id)


@router.get("", response=list[EvaluationOut], summary="My evaluations (external evaluators)")
@paginate(Pagination)
def evaluation_list(request: HttpRequest) -> Any:
    if not policies.is_external_evaluator(request.user):
        raise ApiError(
            status=403, code=ErrorCode.PERMISSION_DENIED, message=_("Only external evaluators have evaluations.")
        )
    assignments = EvaluatorAssignment.objects.filter(evaluator=signed_in_user(request)).select_related("case")
    return [evaluation_out(assignment) for assignment in assignments.order_by("-assigned_at", "-id")]


@router.get("/{assignment_id}", response=EvaluationOut, summary="Read one of my evaluations")
def evaluation_read(request: HttpRequest, assignment_id: ObjectId) -> dict[str, Any]:
    """The case file is included once you have declared no conflict of interest."""
    return evaluation_out(_evaluator_assignment(request, assignment_id))


@router.post("/{assignment_id}/declaration", response=EvaluationOut, summary="Declare any conflict")
def evaluation_declare(request: HttpRequest, assignment_id: ObjectId, payload: DeclarationIn) -> dict[str, Any]:
    """Once, before seeing the file; a conflict recuses you. A second declaration is a 409."""
    assignment = _evaluator_assignment(request, assignment_id)
    assignment = services.evaluation_declare(
        actor=signed_in_user(request), assignment=assignment, conflict=payload.conflict, note=payload.note
    )
    return evaluation_out(assignment)


@router.post("/{assignment_id}/scores", response=EvaluationOut, summary="Submit my scores")
def evaluation_score(request: HttpRequest, assignment_id: ObjectId, payload: ScoresIn) -> dict[str, Any]:
    """The qualitative points on the rubric (up to ``maximum``), once, while the case is in evaluation."""
    assignment = _evaluator_assignment(request, assignment_id)
    assignment = services.evaluation_submit(
        actor=signed_in_user(request),
        assignment=assignment,
        technical_expertise=Decimal(str(payload.technical_expertise)),
        strategic_value=Decimal(str(payload.strategic_value)),
        recommends=payload.recommends,
        comment=payload.comment,
    )
    return evaluation_out(assignment)


keep_operation_ids(router)

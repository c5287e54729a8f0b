"""The external evaluators over HTTP (``/evaluations``): their own assignments, the conflict
declaration, then the file and the scores. Anyone else's assignment is 404. On a blind review
(``cases.blind``) the applicant is a pseudonym and the file holds only what scoring needs; every
answer that carries the applicant's data is recorded in the access log."""

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.cases import policies, services
from talentcenter.cases.api._common import keep_operation_ids
from talentcenter.cases.api._output import evaluation_out, shows_applicant
from talentcenter.cases.api.schemas import DeclarationIn, EvaluationOut, ScoresIn
from talentcenter.cases.models import EvaluatorAssignment
from talentcenter.foundation.api.errors import ApiError, ErrorCode
from talentcenter.foundation.api.schemas import ObjectId, Pagination
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_access, record_personal_data_list_access

router = Router(tags=["evaluations"])


def _evaluator_assignment(request: HttpRequest, assignment_id: int) -> EvaluatorAssignment:
    return policies.access_assignment_for_evaluator(user=request.user, assignment_id=assignment_id)


def _answer(request: HttpRequest, assignment: EvaluatorAssignment) -> dict[str, Any]:
    """The assignment as the evaluator sees it, logged when it carries the applicant's data."""
    answer = evaluation_out(assignment)
    if shows_applicant(answer):
        case = assignment.case
        record_personal_data_access(
            viewer=signed_in_user(request), subject=case.profile.user, what=AccessWhat.CASE, obj=case, via="api"
        )
    return answer


class _LoggedEvaluations:
    """The evaluator's assignments as the paginator slices them: the page it returns is logged,
    one entry per applicant whose data it shows (``privacy.services.record_personal_data_list_access``)."""

    def __init__(self, assignments: QuerySet[EvaluatorAssignment], *, viewer: User) -> None:
        self.assignments = assignments
        self.viewer = viewer

    def count(self) -> int:
        return self.assignments.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        page = list(self.assignments[index])
        answers = [evaluation_out(assignment) for assignment in page]
        record_personal_data_list_access(
            viewer=self.viewer,
            subjects=[
                assignment.case.profile.user
                for assignment, answer in zip(page, answers, strict=True)
                if shows_applicant(answer)
            ],
            what=AccessWhat.CASE,
            via="api",
        )
        return answers


@router.get("", response=list[EvaluationOut], summary="My evaluations (external evaluators)")
@paginate(Pagination)
def evaluation_list(request: HttpRequest) -> Any:
    if not policies.is_external_evaluator(request.user):
        raise ApiError(
            status=403, code=ErrorCode.PERMISSION_DENIED, message=_("Only external evaluators have evaluations.")
        )
    viewer = signed_in_user(request)
    assignments = EvaluatorAssignment.objects.filter(evaluator=viewer).select_related("case__talent__user")
    return _LoggedEvaluations(assignments.order_by("-assigned_at", "-id"), viewer=viewer)


@router.get("/{assignment_id}", response=EvaluationOut, summary="Read one of my evaluations")
def evaluation_read(request: HttpRequest, assignment_id: ObjectId) -> dict[str, Any]:
    """The case file is included once you have declared no conflict of interest. On a blind review
    the applicant is a pseudonym and the file holds only what scoring needs."""
    return _answer(request, _evaluator_assignment(request, assignment_id))


@router.post("/{assignment_id}/declaration", response=EvaluationOut, summary="Declare any conflict")
def evaluation_declare(request: HttpRequest, assignment_id: ObjectId, payload: DeclarationIn) -> dict[str, Any]:
    """Once, before seeing the file; a conflict recuses you. A second declaration is a 409."""
    assignment = _evaluator_assignment(request, assignment_id)
    assignment = services.evaluation_declare(
        actor=signed_in_user(request), assignment=assignment, conflict=payload.conflict, note=payload.note
    )
    return _answer(request, assignment)


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
    return _answer(request, assignment)


keep_operation_ids(router)

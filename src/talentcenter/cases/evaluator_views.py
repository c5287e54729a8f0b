"""The external evaluators' portal: their own assignments, the conflict declaration, the file, the scores.

An evaluator sees only the cases assigned to them (anything else is 404), and only the reference,
type and parties' names until they declare no conflict of interest; then the file as submitted
and the scoring form. Other evaluators' scores stay hidden until the quorum has scored.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.cases import backoffice_forms as case_forms
from talentcenter.cases import policies, queues, selectors, services
from talentcenter.cases.enums import CaseStatus, ConflictAnswer
from talentcenter.cases.models import CaseDocument, EvaluatorAssignment
from talentcenter.documents.files import private_file_response
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.views import role_required
from talentcenter.foundation.workflow import TransitionNotAllowed

evaluator_required = role_required(policies.is_external_evaluator)


@require_GET
@evaluator_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    assignments = (
        EvaluatorAssignment.objects.filter(evaluator_id=request.user.pk)
        .select_related("case__talent", "case__company")
        .order_by("-assigned_at", "-pk")
    )
    return render(request, "cases/evaluations/list.html", {"assignments": assignments})


def _assignment(request: HttpRequest, assignment_id: int) -> EvaluatorAssignment:
    return policies.access_assignment_for_evaluator(user=request.user, assignment_id=assignment_id)


def _render(request: HttpRequest, assignment: EvaluatorAssignment, status: int = 200, **forms: Form) -> HttpResponse:
    case = assignment.case
    sees_file = policies.can_see_case_file(assignment)
    can_score = sees_file and case.status == CaseStatus.IN_EVALUATION and assignment.submitted_at is None
    declaration_form = forms.get("declaration_form") or case_forms.DeclarationForm()
    score_form = forms.get("score_form") or case_forms.ScoreForm()
    summary = queues.evaluation_summary(case)
    context = {
        "assignment": assignment,
        "case": case,
        "sees_file": sees_file,
        "can_declare": assignment.conflict == ConflictAnswer.UNDECLARED,
        "can_score": can_score,
        "declaration_form": declaration_form,
        "score_form": score_form,
        "error_forms": [form for form in forms.values() if form.is_bound and form.errors],
        "checklist": selectors.case_checklist(case) if sees_file else [],
        "applicant": queues.applicant_sections(case.applicant) if sees_file else [],
        "records": list(case.records.order_by("kind", "position", "pk")) if sees_file else [],
        # Others' scores only once the quorum has scored (and never to a recused evaluator).
        "evaluation": summary if sees_file and summary.visible else None,
    }
    return render(request, "cases/evaluations/detail.html", context, status=status)


@require_GET
@evaluator_required
def assignment_detail(request: HttpRequest, assignment_id: int) -> HttpResponse:
    return _render(request, _assignment(request, assignment_id))


@require_POST
@evaluator_required
def assignment_declare(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = _assignment(request, assignment_id)
    form = case_forms.DeclarationForm(request.POST)
    if not form.is_valid():
        return _render(request, assignment, status=400, declaration_form=form)
    conflict = form.cleaned_data["conflict"]
    try:
        services.evaluation_declare(
            actor=signed_in_user(request), assignment=assignment, conflict=conflict, note=form.cleaned_data["note"]
        )
    except PermissionDenied:
        raise
    except ValidationError as error:
        if getattr(error, "code", None) == "conflict" and not hasattr(error, "error_dict"):
            messages.error(request, " ".join(error.messages))
            return redirect("evaluations:detail", assignment_id=assignment.pk)
        add_service_errors(form, error)
        return _render(request, assignment, status=400, declaration_form=form)
    if conflict:
        messages.success(request, _("Thank you. You are recused from this application."))
    else:
        messages.success(request, _("Thank you. The application file is now open to you."))
    return redirect("evaluations:detail", assignment_id=assignment.pk)


@require_POST
@evaluator_required
def assignment_score(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = _assignment(request, assignment_id)
    if not policies.can_see_case_file(assignment):
        raise PermissionDenied
    form = case_forms.ScoreForm(request.POST)
    if not form.is_valid():
        return _render(request, assignment, status=400, score_form=form)
    data = form.cleaned_data
    try:
        services.evaluation_submit(
            actor=signed_in_user(request),
            assignment=assignment,
            technical_expertise=data["technical_expertise"],
            strategic_value=data["strategic_value"],
            recommends=data["recommends"],
            comment=data["comment"],
        )
    except TransitionNotAllowed as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluations:detail", assignment_id=assignment.pk)
    except ValidationError as error:
        if getattr(error, "code", None) == "conflict" and not hasattr(error, "error_dict"):
            messages.error(request, " ".join(error.messages))
            return redirect("evaluations:detail", assignment_id=assignment.pk)
        add_service_errors(form, error)
        assignment.refresh_from_db()
        return _render(request, assignment, status=400, score_form=form)
    messages.success(request, _("Your scores are recorded. Thank you."))
    return redirect("evaluations:detail", assignment_id=assignment.pk)


@require_GET
@evaluator_required
def assignment_document(request: HttpRequest, assignment_id: int, document_id: int) -> FileResponse:
    assignment = _assignment(request, assignment_id)
    if not policies.can_see_case_file(assignment):
        raise PermissionDenied
    document = CaseDocument.objects.filter(pk=document_id, case_id=assignment.case_id).first()
    if document is None:
        raise Http404
    return private_file_response(document.file, filename=document.original_name, content_type=document.content_type)

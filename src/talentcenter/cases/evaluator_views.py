"""The external evaluators' portal: their own assignments, the conflict declaration, the file, the scores.

An evaluator sees only the cases assigned to them (anything else is 404), and only the reference,
type and parties' names until they declare no conflict of interest; then the file as submitted
and the scoring form. Other evaluators' scores stay hidden until the quorum has scored.

On a blind review (``cases.blind``) the applicant is a pseudonym, the file shows only what scoring
needs, identity documents are neither listed nor served (404) and the other documents are served
without their metadata under names that say nothing of whose they are. Every page or file that
shows the applicant's data is recorded in the access log.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.accounts.services import user_set_organisation
from talentcenter.cases import backoffice_forms as case_forms
from talentcenter.cases import blind, policies, queues, services
from talentcenter.cases.enums import CaseStatus, ConflictAnswer
from talentcenter.cases.models import EvaluatorAssignment
from talentcenter.documents.files import private_file_response, private_file_without_metadata
from talentcenter.documents.metadata import MetadataNotRemovable
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.views import role_required
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_access

evaluator_required = role_required(policies.is_external_evaluator)


def _render_list(request: HttpRequest, organisation_form: Form | None = None, status: int = 200) -> HttpResponse:
    evaluator = signed_in_user(request)
    assignments = (
        EvaluatorAssignment.objects.filter(evaluator_id=evaluator.pk)
        .select_related("case__talent", "case__company")
        .order_by("-assigned_at", "-pk")
    )
    rows = [(assignment, blind.is_blind_review(assignment.case)) for assignment in assignments]
    form = organisation_form or case_forms.OrganisationForm(initial={"organisation": evaluator.organisation})
    context = {
        "rows": rows,
        "organisation": evaluator.organisation,
        "organisation_form": form,
        "error_forms": [form] if form.is_bound and form.errors else [],
    }
    return render(request, "cases/evaluations/list.html", context, status=status)


@require_GET
@evaluator_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request)


@require_POST
@evaluator_required
def organisation_set(request: HttpRequest) -> HttpResponse:
    """The evaluator states where they work or study, which assignments are checked against."""
    form = case_forms.OrganisationForm(request.POST)
    if not form.is_valid():
        return _render_list(request, form, status=400)
    try:
        user_set_organisation(
            user=signed_in_user(request), organisation=form.cleaned_data["organisation"], actor=signed_in_user(request)
        )
    except ValidationError as error:
        add_service_errors(form, error, default_field="organisation")
        return _render_list(request, form, status=400)
    messages.success(request, _("Thank you. Your organisation is saved; the center checks new assignments against it."))
    return redirect("evaluations:list")


def _assignment(request: HttpRequest, assignment_id: int) -> EvaluatorAssignment:
    return policies.access_assignment_for_evaluator(user=request.user, assignment_id=assignment_id)


def _render(request: HttpRequest, assignment: EvaluatorAssignment, status: int = 200, **forms: Form) -> HttpResponse:
    case = assignment.case
    sees_file = policies.can_see_case_file(assignment)
    is_blind = blind.is_blind_review(case)
    can_score = sees_file and case.status == CaseStatus.IN_EVALUATION and assignment.submitted_at is None
    declaration_form = forms.get("declaration_form") or case_forms.DeclarationForm()
    score_form = forms.get("score_form") or case_forms.ScoreForm()
    summary = queues.evaluation_summary(case)
    if sees_file or not is_blind:
        # The name (a named review) or the file (either kind) is the applicant's personal data.
        record_personal_data_access(
            viewer=signed_in_user(request), subject=case.profile.user, what=AccessWhat.CASE, obj=case, via="web"
        )
    records = list(case.records.order_by("kind", "position", "pk")) if sees_file else []
    if is_blind:
        until = blind.as_of(case)
        shown_records = [
            {"record": record, "description": description, "reason": ""}
            for record in records
            if (description := blind.blind_record_summary(record, until)) is not None
        ]
        applicant = blind.blind_applicant(case) if sees_file else {}
    else:
        shown_records = [
            {"record": record, "description": record.description, "reason": record.reason} for record in records
        ]
        applicant = case.applicant if sees_file else {}
    context = {
        "assignment": assignment,
        "case": case,
        "blind": is_blind,
        "applicant_name": blind.pseudonym(assignment) if is_blind else case.profile.full_name,
        "sees_file": sees_file,
        "can_declare": assignment.conflict == ConflictAnswer.UNDECLARED,
        "can_score": can_score,
        "declaration_form": declaration_form,
        "score_form": score_form,
        "error_forms": [form for form in forms.values() if form.is_bound and form.errors],
        "checklist": blind.evaluator_checklist(case, blind=is_blind) if sees_file else [],
        "applicant": queues.applicant_sections(applicant) if sees_file else [],
        "records": shown_records,
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
def assignment_document(request: HttpRequest, assignment_id: int, document_id: int) -> HttpResponseBase:
    assignment = _assignment(request, assignment_id)
    if not policies.can_see_case_file(assignment):
        raise PermissionDenied
    case = assignment.case
    is_blind = blind.is_blind_review(case)
    # On a blind review an identity document is as good as missing.
    document = blind.evaluator_document(case, document_id, blind=is_blind)
    if document is None:
        raise Http404
    record_personal_data_access(
        viewer=signed_in_user(request),
        subject=case.profile.user,
        what=AccessWhat.CASE_DOCUMENT,
        obj=document,
        via="web",
    )
    if not is_blind:
        return private_file_response(document.file, filename=document.original_name, content_type=document.content_type)
    try:
        return private_file_without_metadata(
            document.file, filename=document.anonymous_name, content_type=document.content_type
        )
    except MetadataNotRemovable:
        # Better no file than one that names its author; staff can open the original.
        raise Http404 from None

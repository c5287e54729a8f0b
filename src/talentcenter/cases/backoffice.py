"""Back-office pages for cases: the queues, (bulk) assignment, the case file and every staff step.

Only case staff see these pages (others get 404; ``StaffSecondFactorMiddleware`` has already
required a second factor). The views are thin: each POST calls one service and redirects back to
the case. A transition somebody else made first (:class:`TransitionNotAllowed`) becomes a message
and a reload; other ``ValidationError`` messages go on the form that was sent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.accounts.services import user_set_organisation
from talentcenter.audit.selectors import audit_timeline_for
from talentcenter.cases import backoffice_forms as case_forms
from talentcenter.cases import blind, conflicts, policies, queues, selectors, services, workflow
from talentcenter.cases.access_log import record_case_read, record_queue_read
from talentcenter.cases.clock import PROCESSING_TARGETS, ClockState
from talentcenter.cases.enums import STATUS_ENUMS, CaseAction, CaseStatus, CaseType, ConflictAnswer
from talentcenter.cases.models import Case, CaseDocument, CaseRecord, EvaluatorAssignment
from talentcenter.documents.enums import DocumentStatus
from talentcenter.documents.files import private_file_response
from talentcenter.documents.models import IssuedDocument
from talentcenter.foundation.display import EMPTY
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.i18n import current_language, in_language
from talentcenter.foundation.rows import url_maker
from talentcenter.foundation.views import role_required
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.policy.engine.inputs import code_name
from talentcenter.privacy.enums import AccessWhat

QUEUE_PAGE_SIZE = 50

# The steps that are one-click buttons on the case page (the others have a form of their own).
BUTTON_SERVICES: dict[str, Callable[..., Case]] = {
    "start_review": services.case_start_review,
    "start_validation": services.case_start_validation,
    "start_evaluation": services.case_start_evaluation,
}


staff_required = role_required(policies.is_case_staff)


CLOCK_BADGES = {
    ClockState.OVERDUE: "bg-light-danger",
    ClockState.DUE_SOON: "bg-light-warning",
    ClockState.PAUSED: "bg-light-gray",
    ClockState.RUNNING: "bg-light-success",
}


def _days_text(left: int | None, state: ClockState | None) -> str:
    if left is None or state == ClockState.PAUSED:
        return ""
    if left >= 0:
        return ngettext("%(count)d working day left", "%(count)d working days left", left) % {"count": left}
    return ngettext("%(count)d working day late", "%(count)d working days late", -left) % {"count": -left}


def _queue_rows(cases: list[queues.QueueRow], today: date) -> SafeString:
    """The table rows of the queue, built once per page: the cells a template loop made with
    ``{% url %}``, ``get_..._display``, ``|date`` and the clock per row, as one f-string per row
    with every value escaped, at a fraction of the CPU (issue 14). Labels and the clock's cell are
    made once per page (per state and day count), in the page's language."""
    detail_url = url_maker("cases_backoffice:detail")
    select_label = escape(_("Select"))
    unassigned = f'<span class="krds-badge bg-light-gray">{escape(_("Unassigned"))}</span>'
    case_types = {value: escape(str(label)) for value, label in CaseType.choices}
    statuses = {
        (case_type, value): escape(str(label))
        for case_type, enum in STATUS_ENUMS.items()
        for value, label in enum.choices
    }
    clocks: dict[tuple[int | None, ClockState | None], str] = {}
    language = current_language()
    rows = []
    for case in cases:
        state = queues.clock_state_of(case, today)
        left = queues.working_days_left(case, today)
        clock = clocks.get((left, state))
        if clock is None:
            days = _days_text(left, state)
            badge = f'<span class="krds-badge {CLOCK_BADGES[state]}" data-clock="{state}">' if state else ""
            clock = clocks[left, state] = (f" {badge}{escape(str(state.label))}</span>" if state else "") + (
                f'<br><span class="site-hint">{escape(days)}</span>' if days else ""
            )
        due = f'<time datetime="{case.due_on:%Y-%m-%d}">{case.due_on:%Y-%m-%d}</time>' if case.due_on else EMPTY
        reference = escape(case.reference)
        hangul = f' <span lang="ko">({escape(case.name_hangul)})</span>' if case.name_hangul else ""
        company = in_language(case.company_name_ko or "", case.company_name_en or "", language=language)
        rows.append(
            f'<tr data-reference="{reference}"><td><div class="krds-form-check"><input type="checkbox" name="cases"'
            f' value="{case.pk}" id="case-{case.pk}"><label for="case-{case.pk}"><span class="sr-only">{select_label}'
            f' {reference}</span></label></div></td><th scope="row"><a href="{escape(detail_url(case.pk))}">{reference}'
            f"</a></th><td>{case_types.get(case.case_type) or escape(case.case_type)}</td>"
            f"<td>{escape(case.talent_name)}{hangul}</td><td>{escape(company)}</td>"
            f"<td>{statuses.get((case.case_type, case.status)) or escape(case.status)}</td>"
            f"<td>{escape(case.reviewer_email) if case.reviewer_email else unassigned}</td><td>{due}{clock}</td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 every value above is escaped


# --- Queue -------------------------------------------------------------------------------------------


@require_GET
@staff_required
def case_queue(request: HttpRequest) -> HttpResponse:
    form = case_forms.QueueFilterForm(request.GET or None)
    filters = form.filters()
    today = queues.seoul_today()
    cases = queues.queue_rows(user=signed_in_user(request), filters=filters, today=today)
    page = Paginator(cases, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    listed = [queues.QueueRow._make(values) for values in page]
    record_queue_read(
        viewer=signed_in_user(request),
        # How an account is named (User.__str__): its display name, else its e-mail.
        talents={
            row.talent_user_id: row.talent_display_name or row.talent_email or ""
            for row in listed
            if row.talent_user_id is not None
        },
    )
    query = request.GET.copy()
    query.pop("page", None)
    tab_links = []
    counts = queues.tab_counts(user=signed_in_user(request), today=today)
    queue_url = reverse("cases_backoffice:queue")
    for key, label, params in (
        ("due_soon", _("Due soon"), {"clock": ClockState.DUE_SOON.value}),
        ("overdue", _("Overdue"), {"clock": ClockState.OVERDUE.value}),
        ("paused", _("Paused (waiting for the applicant)"), {"clock": ClockState.PAUSED.value}),
        ("unassigned", _("Unassigned"), {"reviewer": "unassigned"}),
    ):
        current = all(request.GET.get(name) == value for name, value in params.items())
        url = queue_url + "?" + "&".join(f"{name}={value}" for name, value in params.items())
        tab_links.append({"key": key, "label": label, "count": counts[key], "url": url, "current": current})
    return render(
        request,
        "cases/backoffice/queue.html",
        {
            "form": form,
            "page": page,
            "rows": _queue_rows(listed, today),
            "tabs": tab_links,
            "query": query.urlencode(),
            "assign_form": case_forms.AssignForm(reviewers=form.reviewer_choices),
            "section": "cases",
        },
    )


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@require_POST
@staff_required
def case_assign(request: HttpRequest) -> HttpResponse:
    """Give the ticked cases to one reviewer, all or none."""
    back = _safe_next(request, reverse("cases_backoffice:queue"))
    form = case_forms.AssignForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    cases = list(Case.objects.filter(pk__in=form.cleaned_data["cases"]))
    if not cases:
        messages.error(request, _("Tick at least one case."))
        return redirect(back)
    reviewer = form.cleaned_data["reviewer"]
    try:
        services.case_assign(actor=signed_in_user(request), cases=cases, reviewer=reviewer)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(count)d cases given to %(reviewer)s.") % {"count": len(cases), "reviewer": reviewer.email}
            if len(cases) != 1
            else _("The case was given to %(reviewer)s.") % {"reviewer": reviewer.email},
        )
    return redirect(back)


# --- External evaluators --------------------------------------------------------------------------


@require_GET
@staff_required
def evaluator_list(request: HttpRequest) -> HttpResponse:
    """Every external evaluator with the organisation the automatic conflict check compares."""
    evaluators = list(queues.evaluators().only("email", "display_name", "organisation"))
    return render(
        request,
        "cases/backoffice/evaluators.html",
        {
            "evaluators": evaluators,
            "missing": sum(1 for each in evaluators if not each.organisation),
            "section": "cases",
        },
    )


def _evaluator_page(request: HttpRequest, evaluator: User, form: Form, back: str, status: int = 200) -> HttpResponse:
    context = {
        "evaluator": evaluator,
        "form": form,
        "back": back,
        "error_forms": [form] if form.is_bound and form.errors else [],
        "section": "cases",
    }
    return render(request, "cases/backoffice/evaluator_organisation.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def evaluator_organisation(request: HttpRequest, user_id: int) -> HttpResponse:
    """Staff correct an evaluator's organisation (from what the evaluator told the center), e.g.
    before assigning them; the change is audited with the staff member as its actor."""
    evaluator = policies.access_evaluator_for_staff(user=request.user, evaluator_id=user_id)
    default = reverse("cases_backoffice:evaluators")
    if request.method == "GET":
        back = request.GET.get("next", "")
        if not (back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})):
            back = default
        form = case_forms.OrganisationForm(initial={"organisation": evaluator.organisation}, for_staff=True)
        return _evaluator_page(request, evaluator, form, back)
    back = _safe_next(request, default)
    form = case_forms.OrganisationForm(request.POST, for_staff=True)
    if not form.is_valid():
        return _evaluator_page(request, evaluator, form, back, status=400)
    try:
        user_set_organisation(
            user=evaluator, organisation=form.cleaned_data["organisation"], actor=signed_in_user(request)
        )
    except ValidationError as error:
        add_service_errors(form, error, default_field="organisation")
        return _evaluator_page(request, evaluator, form, back, status=400)
    messages.success(
        request,
        _("The organisation of %(evaluator)s is saved: %(organisation)s.")
        % {"evaluator": evaluator.email, "organisation": evaluator.organisation},
    )
    return redirect(back)


# --- Case file ---------------------------------------------------------------------------------------


def _case(request: HttpRequest, case_id: int) -> Case:
    return policies.access_case_for_staff(user=request.user, case_id=case_id)


def _clock(case: Case) -> dict[str, Any] | None:
    clock = selectors.case_clock(case)
    if clock is None:
        return None
    from django.utils import timezone

    now = timezone.now()
    open_case = case.is_open
    return {
        "target": PROCESSING_TARGETS[case.case_type],
        "due_on": case.due_on,
        "state": clock.state(now) if open_case else None,
        "used": clock.elapsed_working_days(now) if open_case else None,
        "paused": clock.paused_working_days(now) if open_case else None,
        "left": clock.remaining(now) if open_case else None,
        "late": max(0, -clock.remaining(now)) if open_case else 0,
    }


def _assessment_context(case: Case) -> dict[str, Any] | None:
    assessment = case.decision_assessment
    if assessment is None:
        return None
    from talentcenter.policy.views import _answer_context

    context = _answer_context(assessment.result)
    context["assessment"] = assessment
    return context


def _eligibility_in_language(case: Case) -> dict[str, Any]:
    """The eligibility answer at submission is stored in both languages; the page shows its own."""
    answer = (case.eligibility or {}).get(current_language())
    return answer if isinstance(answer, dict) else {}


def _requirement_choices(case: Case) -> list[tuple[str, str]]:
    return [(requirement.code, str(requirement.label)) for requirement in selectors.case_requirements(case)]


def _revoked_by_reopening(case: Case) -> IssuedDocument | None:
    """The document reopening the case would revoke: its issued document while still valid (read
    only for a case that has one, so other cases' pages run no extra query)."""
    if case.issued_document_id is None:
        return None
    document = case.issued_document
    return document if document is not None and document.status == DocumentStatus.VALID else None


def _default_forms(case: Case) -> dict[str, Any]:
    return {
        "assign_form": case_forms.AssignForm(initial={"reviewer": case.reviewer_id}),
        "decision_form": case_forms.DecisionForm(),
        "reopen_form": case_forms.ReopenForm(prefix="reopen", revokes=_revoked_by_reopening(case)),
        "request_form": case_forms.RequestForm(prefix="request"),
        "item_formset": case_forms.RequestItemFormSet(
            prefix="items", form_kwargs={"requirement_choices": _requirement_choices(case)}
        ),
        "evaluator_form": case_forms.EvaluatorForm(
            prefix="evaluator", applicant_organisations=conflicts.applicant_organisations(case)
        ),
        "record_use_form": case_forms.RecordUseForm(prefix="use"),
        "record_forms": {},
    }


def _assignment_conflicts(
    case: Case, assignments: list[EvaluatorAssignment]
) -> list[tuple[EvaluatorAssignment, list[conflicts.OrganisationConflict], list[conflicts.OrganisationConflict]]]:
    """Each assignment with what the automatic check found when it was made, and what it finds now
    and did not then: an organisation the evaluator gave or staff corrected after the assignment."""
    organisations = conflicts.applicant_organisations(case) if assignments else []
    rows = []
    for assignment in assignments:
        recorded = conflicts.recorded_conflicts(assignment)
        known = {conflicts.organisation_key(found.applicant_organisation) for found in recorded}
        since = [
            found
            for found in conflicts.find_conflicts(assignment.evaluator.organisation, organisations)
            if conflicts.organisation_key(found.applicant_organisation) not in known
        ]
        rows.append((assignment, recorded, since))
    return rows


def _render_case(
    request: HttpRequest, case: Case, *, status: int = 200, record_form: tuple[int, Form] | None = None, **forms: Any
) -> HttpResponse:
    record_case_read(viewer=signed_in_user(request), case=case)
    context = _default_forms(case)
    context.update(forms)
    actions = selectors.actions_for(request.user, case)
    decision_form = context["decision_form"]
    decision_form.fields["decision"].choices = [
        (value, label) for value, label in case_forms.DECISION_CHOICES if value in actions
    ]
    records = list(case.records.select_related("validated_by").order_by("kind", "position", "pk"))
    record_rows = []
    for record in records:
        bound = record_form[1] if record_form and record_form[0] == record.pk else None
        record_rows.append({"record": record, "form": bound or case_forms.RecordValidationForm(prefix=f"r{record.pk}")})
    assignments = list(case.evaluations.select_related("evaluator").order_by("assigned_at", "pk"))
    error_forms = [
        form
        for form in (
            *forms.values(),
            *(record_form[1:] if record_form else ()),
        )
        if isinstance(form, Form) and form.is_bound and form.errors
    ]
    formset = context["item_formset"]
    context.update(
        {
            "case": case,
            "clock": _clock(case),
            "checklist": selectors.case_checklist(case),
            "applicant": queues.applicant_sections(case.applicant),
            "technology_field_name": code_name(case.technology_field, current_language()),
            "eligibility": _eligibility_in_language(case),
            "records": record_rows,
            "actions": actions,
            # The four-eyes rule, not the status, keeps this person from validating.
            "four_eyes": case.status == CaseStatus.IN_VALIDATION and CaseAction.VALIDATE_RECORDS not in actions,
            "requests": list(case.requests.prefetch_related("items").select_related("opened_by")),
            "assignments": assignments,
            "evaluation": queues.evaluation_summary(case),
            "assessment": _assessment_context(case),
            "buttons": [
                transition
                for name, transition in workflow.transitions_for(case.case_type).items()
                if name in BUTTON_SERVICES and name in actions
            ],
            "can_decide": bool({CaseAction.APPROVE, CaseAction.REJECT} & actions),
            "needs_evaluation": selectors.needs_external_evaluation(case),
            "blind_review": blind.is_blind_review(case),
            "assignment_conflicts": _assignment_conflicts(case, assignments),
            "conflict_answers": ConflictAnswer,
            "timeline": audit_timeline_for(subject=case),
            "error_forms": error_forms,
            "formset_errors": formset.non_form_errors() if formset.is_bound else [],
            "section": "cases",
        }
    )
    return render(request, "cases/backoffice/detail.html", context, status=status)


@require_GET
@staff_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    return _render_case(request, _case(request, case_id))


@require_GET
@staff_required
def case_document(request: HttpRequest, case_id: int, document_id: int) -> FileResponse:
    case = _case(request, case_id)
    document = CaseDocument.objects.filter(pk=document_id, case=case).first()
    if document is None:
        raise Http404
    record_case_read(viewer=signed_in_user(request), case=case, what=AccessWhat.CASE_DOCUMENT, obj=document)
    return private_file_response(document.file, filename=document.original_name, content_type=document.content_type)


def _back(case: Case) -> HttpResponse:
    return redirect("cases_backoffice:detail", case_id=case.pk)


def _conflict(request: HttpRequest, case: Case, error: ValidationError) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return _back(case)


def _run(
    request: HttpRequest,
    case: Case,
    call: Callable[[], Any],
    success: str,
    *,
    form: Form | None = None,
    form_name: str = "",
    default_field: str | None = None,
    record_id: int | None = None,
) -> HttpResponse:
    """Call one service; success → message and redirect; a conflict → message and reload; other
    validation errors → on the form (or as messages when there is none)."""
    try:
        call()
    except TransitionNotAllowed as error:
        return _conflict(request, case, error)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You cannot do this on this case."))
        return _back(case)
    except ValidationError as error:
        if form is None:
            for message in error.messages:
                messages.error(request, message)
            return _back(case)
        add_service_errors(form, error, default_field=default_field)
        case.refresh_from_db()
        if record_id is not None:
            return _render_case(request, case, status=400, record_form=(record_id, form))
        overrides: dict[str, Any] = {form_name: form}
        return _render_case(request, case, status=400, **overrides)
    messages.success(request, success)
    return _back(case)


@require_POST
@staff_required
def case_assign_one(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = case_forms.AssignForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, status=400, assign_form=form)
    reviewer = form.cleaned_data["reviewer"]
    return _run(
        request,
        case,
        lambda: services.case_assign(actor=signed_in_user(request), cases=[case], reviewer=reviewer),
        _("The case was given to %(reviewer)s.") % {"reviewer": reviewer.email},
        form=form,
        form_name="assign_form",
        default_field="reviewer",
    )


@require_POST
@staff_required
def case_transition(request: HttpRequest, case_id: int, name: str) -> HttpResponse:
    """The one-click steps: start the review, send to validation, send to evaluation."""
    case = _case(request, case_id)
    service = BUTTON_SERVICES.get(name)
    if service is None:
        raise Http404
    label = workflow.TRANSITIONS[case.case_type][name].label
    return _run(
        request, case, lambda: service(actor=signed_in_user(request), case=case), _("Done: %(step)s.") % {"step": label}
    )


@require_POST
@staff_required
def record_validate(request: HttpRequest, case_id: int, record_id: int) -> HttpResponse:
    case = _case(request, case_id)
    record = CaseRecord.objects.filter(pk=record_id, case=case).first()
    if record is None:
        raise Http404
    form = case_forms.RecordValidationForm(request.POST, prefix=f"r{record.pk}")
    if not form.is_valid():
        return _render_case(request, case, status=400, record_form=(record.pk, form))
    verified = form.cleaned_data["verdict"] == "verified"
    return _run(
        request,
        case,
        lambda: services.record_validate(
            actor=signed_in_user(request), record=record, verified=verified, reason=form.cleaned_data["reason"]
        ),
        _("The record was marked verified.") if verified else _("The record was marked refused."),
        form=form,
        default_field="reason",
        record_id=record.pk,
    )


@require_POST
@staff_required
def request_information(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = case_forms.RequestForm(request.POST, prefix="request")
    formset = case_forms.RequestItemFormSet(
        request.POST, prefix="items", form_kwargs={"requirement_choices": _requirement_choices(case)}
    )
    if not (form.is_valid() and formset.is_valid()):
        return _render_case(request, case, status=400, request_form=form, item_formset=formset)
    items = [
        services.RequestedItem(data.get("requirement", ""), data["instruction"])
        for data in formset.cleaned_data
        if data and data.get("instruction", "").strip()
    ]
    return _run(
        request,
        case,
        lambda: services.case_request_information(
            actor=signed_in_user(request),
            case=case,
            items=items,
            message=form.cleaned_data["message"],
            respond_by=form.cleaned_data["respond_by"],
        ),
        _("The request was sent; the processing clock is paused until the applicant answers."),
        form=form,
        form_name="request_form",
        default_field="respond_by",
    )


@require_POST
@staff_required
def evaluator_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = case_forms.EvaluatorForm(
        request.POST, prefix="evaluator", applicant_organisations=conflicts.applicant_organisations(case)
    )
    if not form.is_valid():
        return _render_case(request, case, status=400, evaluator_form=form)
    evaluator = form.cleaned_data["evaluator"]
    return _run(
        request,
        case,
        lambda: services.evaluator_assign(
            actor=signed_in_user(request),
            case=case,
            evaluator=evaluator,
            conflict_override_reason=form.cleaned_data["conflict_override_reason"],
        ),
        _("%(evaluator)s was asked to evaluate the application.") % {"evaluator": evaluator.email},
        form=form,
        form_name="evaluator_form",
        default_field="evaluator",
    )


@require_POST
@staff_required
def case_decide(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = case_forms.DecisionForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, status=400, decision_form=form)
    reason = form.cleaned_data["reason"]
    if form.cleaned_data["decision"] == "approve":
        return _run(
            request,
            case,
            lambda: services.case_approve(actor=signed_in_user(request), case=case, reason=reason),
            _("The application was approved; the document is being issued."),
            form=form,
            form_name="decision_form",
            default_field="reason",
        )
    return _run(
        request,
        case,
        lambda: services.case_reject(actor=signed_in_user(request), case=case, reason=reason),
        _("The application was rejected."),
        form=form,
        form_name="decision_form",
        default_field="reason",
    )


@require_POST
@staff_required
def case_reopen(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    if not policies.is_lead(request.user):
        raise PermissionDenied
    form = case_forms.ReopenForm(request.POST, prefix="reopen", revokes=_revoked_by_reopening(case))
    if not form.is_valid():
        return _render_case(request, case, status=400, reopen_form=form)
    return _run(
        request,
        case,
        lambda: services.case_reopen(actor=signed_in_user(request), case=case, reason=form.cleaned_data["reason"]),
        _("The case was reopened for another review."),
        form=form,
        form_name="reopen_form",
        default_field="reason",
    )


@require_POST
@staff_required
def case_issue(request: HttpRequest, case_id: int) -> HttpResponse:
    """Issue now, without waiting for the background task (which then finds the case issued)."""
    case = _case(request, case_id)
    if CaseAction.ISSUE not in selectors.actions_for(request.user, case):
        messages.error(request, _("Only an approved application without its document can be issued."))
        return _back(case)
    return _run(request, case, lambda: services.case_issue(case_id=case.pk), _("The document was issued."))


@require_POST
@staff_required
def case_record_use(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = case_forms.RecordUseForm(request.POST, prefix="use")
    if not form.is_valid():
        return _render_case(request, case, status=400, record_use_form=form)
    return _run(
        request,
        case,
        lambda: services.case_record_use(
            actor=signed_in_user(request),
            case=case,
            filed_on=form.cleaned_data["filed_on"],
            application_number=form.cleaned_data["application_number"],
        ),
        _("The E-7 application was recorded."),
        form=form,
        form_name="record_use_form",
        default_field="filed_on",
    )

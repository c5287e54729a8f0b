"""The applications portal of the parties (the talent and the hiring company's members).

Thin views over ``cases.services``: every change is a POST that calls one service and redirects;
a service's ``ValidationError`` is shown on the page, and :class:`TransitionNotAllowed` (the case
moved on meanwhile) becomes a message and a reload of the case. Cases the user is not a party of
are as good as missing (404), through :func:`policies.access_case_for_party`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.cases import policies, queues, selectors, services
from talentcenter.cases.access_log import record_case_list_read, record_case_read
from talentcenter.cases.clock import ClockState, seoul_date
from talentcenter.cases.enums import (
    CaseAction,
    CaseStatus,
    CaseType,
    KotraStatus,
    KTechPassStatus,
    KTechTrack,
    Party,
    RequestStatus,
)
from talentcenter.cases.forms import (
    UPLOAD_ACCEPT,
    AnswerForm,
    CompanyStartForm,
    KTechOfferForm,
    OfferForm,
    RecordUseForm,
    TalentStartForm,
    TrackForm,
    UploadForm,
    WithdrawForm,
)
from talentcenter.cases.models import Case, CaseDocument
from talentcenter.documents.files import private_file_response
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.i18n import current_language
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.models import Company
from talentcenter.policy.engine.inputs import code_name
from talentcenter.privacy.enums import AccessWhat
from talentcenter.talent.models import TalentProfile

ELIGIBILITY_LABELS = {
    "eligible": gettext_lazy("Eligible"),
    "needs_review": gettext_lazy("Needs review"),
    "not_eligible": gettext_lazy("Not eligible"),
    "not_in_force": gettext_lazy("Not in force"),
}

KOTRA_STEPS = [
    gettext_lazy("Eligibility confirmation"),
    gettext_lazy("Online application"),
    gettext_lazy("Document review"),
    gettext_lazy("Validation"),
    gettext_lazy("External evaluation"),
    gettext_lazy("Issuance"),
    gettext_lazy("Use with the E-7 application"),
]
# The step a KOTRA case is at, by status (index into KOTRA_STEPS; len() = all done).
KOTRA_STEP_OF_STATUS: dict[str, int] = {
    KotraStatus.SUBMITTED: 2,
    KotraStatus.IN_REVIEW: 2,
    KotraStatus.INFORMATION_REQUESTED: 2,
    KotraStatus.IN_VALIDATION: 3,
    KotraStatus.IN_EVALUATION: 4,
    KotraStatus.APPROVED: 5,
    KotraStatus.ISSUED: 6,
    KotraStatus.USED: 7,
}
KTECH_STEP_OF_STATUS: dict[str, str] = {
    KTechPassStatus.DRAFT: "prepare",
    KTechPassStatus.SUBMITTED: "review",
    KTechPassStatus.IN_REVIEW: "review",
    KTechPassStatus.INFORMATION_REQUESTED: "review",
    KTechPassStatus.IN_VALIDATION: "validation",
    KTechPassStatus.IN_EVALUATION: "evaluation",
    KTechPassStatus.APPROVED: "issuance",
    KTechPassStatus.ISSUED: "done",
}


def _to_case(case: Case) -> HttpResponse:
    return redirect("cases:detail", pk=case.pk)


# --- The list ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    case: Case
    other_party: str
    clock: ClockState | None


def _other_party(user: User, case: Case) -> str:
    """The company for the talent; the talent for the company — by name once they accepted, until
    then only the e-mail the company invited."""
    if policies.is_case_talent(user, case):
        return case.company.name
    if policies.talent_shared_with_company(case):
        return str(case.profile)
    return case.invited_email or "–"


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """My applications: as talent and for the companies I belong to."""
    user = signed_in_user(request)
    page = Paginator(selectors.cases_of_party(user), settings.TALENTCENTER_PAGE_SIZE).get_page(request.GET.get("page"))
    record_case_list_read(viewer=user, cases=page.object_list)
    today = seoul_date(timezone.now())
    rows = [
        CaseRow(
            case=case,
            other_party=_other_party(user, case),
            clock=queues.clock_state_of(case, today),
        )
        for case in page.object_list
    ]
    return render(request, "cases/portal/list.html", {"page": page, "rows": rows})


# --- Starting ------------------------------------------------------------------------------------


def _own_profile(user: User) -> TalentProfile | None:
    return TalentProfile.objects.filter(user=user).first()


def _companies_for_starting(user: User) -> QuerySet[Company]:
    return Company.objects.filter(memberships__user=user, status=CompanyStatus.VERIFIED).order_by("name_en", "pk")


@login_required
@require_GET
def case_start(request: HttpRequest) -> HttpResponse:
    """Which kind of start applies: as a talent, for a company, or neither yet."""
    user = signed_in_user(request)
    return render(
        request,
        "cases/portal/start.html",
        {"has_profile": _own_profile(user) is not None, "has_company": _companies_for_starting(user).exists()},
    )


def track_hints(profile: TalentProfile) -> dict[str, str]:
    """The engine's answer per K-Tech Pass track on the profile alone (no offer yet), as a hint;
    nothing when the profile cannot be read by the rules yet."""
    import pydantic

    from talentcenter.policy.engine import ApplicantIn
    from talentcenter.policy.selectors import applicant_data_from_profile
    from talentcenter.policy.services import assessment_run

    try:
        applicant = ApplicantIn.model_validate(applicant_data_from_profile(profile))
    except pydantic.ValidationError:
        return {}
    result = assessment_run(
        applicant, as_of=timezone.localdate(), programmes=["ktech-pass"], language=current_language()
    )
    return {
        item["track"]: str(ELIGIBILITY_LABELS.get(item["status"], item["status"]))
        for item in result["results"]
        if item["programme"] == "ktech-pass"
    }


@login_required
@require_http_methods(["GET", "POST"])
def case_start_as_talent(request: HttpRequest) -> HttpResponse:
    """A talent starts a K-Tech Pass application with a verified company."""
    user = signed_in_user(request)
    profile = _own_profile(user)
    if profile is None:
        messages.error(request, _("Create your talent profile first: the application is made from it."))
        return redirect("cases:start")
    search = request.GET.get("q", "")[:100]
    if request.method == "POST":
        form = TalentStartForm(request.POST)
        if form.is_valid():
            try:
                case = services.case_start(
                    actor=user,
                    case_type=CaseType.KTECH_PASS,
                    talent=profile,
                    company=form.cleaned_data["company"],
                    track=form.cleaned_data["track"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Application %(reference)s is started.") % {"reference": case.reference})
                return _to_case(case)
    else:
        form = TalentStartForm(search=search)
    hints = track_hints(profile)
    tracks = [(value, label, hints.get(value, "")) for value, label in KTechTrack.choices]
    return render(
        request,
        "cases/portal/start_talent.html",
        {"form": form, "search": search, "tracks": tracks, "error_forms": [form] if form.errors else []},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_start_for_company(request: HttpRequest) -> HttpResponse:
    """A member of a verified company starts a K-Tech Pass application or asks for a KOTRA
    recommendation for a talent named by their account e-mail."""
    user = signed_in_user(request)
    companies = _companies_for_starting(user)
    if not companies.exists():
        messages.error(request, _("Only members of a company verified by the center can start applications."))
        return redirect("cases:start")
    if request.method == "POST":
        form = CompanyStartForm(request.POST, companies=companies)
        if form.is_valid():
            data = form.cleaned_data
            values: dict[str, Any] = {
                "job_title": data["job_title"],
                "occupation_code": data["occupation_code"],
                "annual_salary_krw": data["annual_salary_krw"],
                "start_date": data["start_date"],
                "technology_field": data["technology_field"],
            }
            if data["case_type"] == CaseType.KTECH_PASS:
                values["track"] = data["track"] or KTechTrack.STANDARD
            try:
                case = services.case_invite(
                    actor=user,
                    case_type=data["case_type"],
                    company=data["company"],
                    email=data["talent_email"],
                    **values,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Application %(reference)s is started. We have invited the talent: you will see their "
                        "details once they accept."
                    )
                    % {"reference": case.reference},
                )
                return _to_case(case)
    else:
        initial = {"company": companies[0].pk} if len(companies) == 1 else {}
        form = CompanyStartForm(companies=companies, initial=initial)
    return render(
        request, "cases/portal/start_company.html", {"form": form, "error_forms": [form] if form.errors else []}
    )


# --- The case ------------------------------------------------------------------------------------


def _steps(case: Case) -> list[dict[str, Any]]:
    """The stepper: KOTRA's seven steps, or the K-Tech Pass stages of the case's track."""
    if case.case_type == CaseType.KOTRA_RECOMMENDATION:
        labels = list(KOTRA_STEPS)
        current = KOTRA_STEP_OF_STATUS.get(case.status, 1 if case.eligibility_checked_at else 0)
    else:
        stages = [
            ("prepare", gettext_lazy("Preparation")),
            ("review", gettext_lazy("Document review")),
            ("validation", gettext_lazy("Validation")),
        ]
        if case.track == KTechTrack.QUALITATIVE:
            stages.append(("evaluation", gettext_lazy("External evaluation")))
        stages += [("issuance", gettext_lazy("Decision and issuance"))]
        codes = [code for code, _label in stages]
        labels = [label for _code, label in stages]
        stage = KTECH_STEP_OF_STATUS.get(case.status)
        current = len(codes) if stage == "done" else codes.index(stage) if stage in codes else -1
    if case.status in (CaseStatus.REJECTED, CaseStatus.WITHDRAWN, CaseStatus.DECLINED):
        current = -1
    return [
        {"label": label, "state": "done" if index < current else "active" if index == current else ""}
        for index, label in enumerate(labels)
    ]


@dataclass(frozen=True)
class TimelineEntry:
    occurred_at: datetime
    label: str


def _upload_id(requirement: str) -> str:
    """Each checklist line has its own upload form: field ids unique on the page."""
    return f"id_%s_{requirement}"


@dataclass(frozen=True)
class ChecklistRow:
    line: selectors.ChecklistLine
    form: UploadForm
    provided_by: str
    can_upload: bool


def _detail_context(
    request: HttpRequest,
    case: Case,
    *,
    upload_requirement: str = "",
    upload_form: UploadForm | None = None,
    answer_form: AnswerForm | None = None,
    record_use_form: RecordUseForm | None = None,
    action_errors: list[str] | None = None,
) -> dict[str, Any]:
    user = signed_in_user(request)
    record_case_read(viewer=user, case=case)
    actions = selectors.actions_for(user, case)
    open_request = case.requests.filter(status=RequestStatus.OPEN).prefetch_related("items").first()
    is_talent = policies.is_case_talent(user, case)
    is_company = policies.is_case_company_member(user, case)
    # Before the talent accepts, the company sees nothing of them (the checklist names their schools).
    sees_talent = policies.sees_talent_data(user, case)
    rows = []
    for line in selectors.case_checklist(case) if sees_talent else []:
        if line.requirement.code == upload_requirement and upload_form is not None:
            form = upload_form
        else:
            form = UploadForm(auto_id=_upload_id(line.requirement.code))
        provided_by = str(Party(line.requirement.party).label) if line.requirement.party in Party.values else ""
        can_upload = CaseAction.UPLOAD in actions and policies.party_provides(
            line.requirement.party, is_talent=is_talent, is_company=is_company
        )
        rows.append(ChecklistRow(line=line, form=form, provided_by=provided_by, can_upload=can_upload))
    language = current_language()
    eligibility = case.eligibility or {}
    issued = case.issued_document
    return {
        "case": case,
        "actions": actions,
        "sees_talent": sees_talent,
        "is_company": is_company,
        "steps": _steps(case),
        "timeline": [
            TimelineEntry(event.occurred_at, str(event.action_label)) for event in selectors.case_timeline(case)
        ],
        "eligibility": eligibility if sees_talent else {},
        "eligibility_text": (eligibility.get(language) or {}) if sees_talent else {},
        "technology_field_name": code_name(case.technology_field, language) if case.technology_field else "",
        "eligibility_label": ELIGIBILITY_LABELS.get(eligibility.get("status", ""), ""),
        "checklist": rows,
        "upload_accept": UPLOAD_ACCEPT,
        "open_request": open_request,
        "answer_form": answer_form or AnswerForm(),
        "answered_requests": case.requests.exclude(status=RequestStatus.OPEN).prefetch_related("items"),
        "record_use_form": record_use_form or RecordUseForm(),
        "issued": issued,
        "action_errors": action_errors or [],
        "error_forms": [
            form for form in (upload_form, answer_form, record_use_form) if form is not None and form.errors
        ],
    }


def _render_detail(request: HttpRequest, case: Case, status: int = 200, **extra: Any) -> HttpResponse:
    return render(request, "cases/portal/detail.html", _detail_context(request, case, **extra), status=status)


def _case_for(request: HttpRequest, pk: int) -> Case:
    return policies.access_case_for_party(user=request.user, case_id=pk)


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _case_for(request, pk))


def _conflict(request: HttpRequest, case: Case, error: TransitionNotAllowed) -> HttpResponse:
    """The case moved on meanwhile: say so and show it as it is now."""
    messages.error(request, error.messages[0])
    return _to_case(case)


def _simple_action(request: HttpRequest, pk: int, action: Any, success: str) -> HttpResponse:
    """A button without fields: call the service, then back to the case (problems shown on it)."""
    case = _case_for(request, pk)
    try:
        action(actor=signed_in_user(request), case=case)
    except TransitionNotAllowed as error:
        return _conflict(request, case, error)
    except ValidationError as error:
        case.refresh_from_db()
        return _render_detail(request, case, action_errors=error.messages)
    messages.success(request, success)
    return _to_case(case)


@login_required
@require_POST
def case_check_eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    return _simple_action(
        request, pk, services.case_check_eligibility, _("The eligibility is checked against today's rules.")
    )


@login_required
@require_POST
def case_confirm_offer(request: HttpRequest, pk: int) -> HttpResponse:
    return _simple_action(request, pk, services.case_confirm_offer, _("The offer is confirmed."))


@login_required
@require_POST
def case_consent(request: HttpRequest, pk: int) -> HttpResponse:
    return _simple_action(request, pk, services.case_give_consent, _("You have agreed to the application."))


@login_required
@require_POST
def case_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _simple_action(
        request,
        pk,
        services.case_accept,
        _("You have accepted the invitation. The company can now see your profile for this application."),
    )


@login_required
@require_POST
def case_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _simple_action(request, pk, services.case_decline, _("You have declined the invitation."))


@login_required
@require_POST
def case_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _simple_action(
        request, pk, services.case_submit, _("The application is submitted. The center starts its review.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft: the company its offer (saving confirms it again) and the track of a K-Tech
    Pass application; the talent the track."""
    case = _case_for(request, pk)
    user = signed_in_user(request)
    if CaseAction.UPDATE not in selectors.actions_for(user, case):
        if case.status == CaseStatus.DRAFT:
            raise PermissionDenied
        messages.error(request, _("The offer can be changed only before the application is submitted."))
        return _to_case(case)
    offer = policies.is_case_company_member(user, case)
    data = request.POST if request.method == "POST" else None
    form = _draft_form(case, data, offer=offer)
    if form.is_bound and form.is_valid():
        try:
            services.case_update_draft(actor=user, case=case, **form.cleaned_data)
        except TransitionNotAllowed as error:
            return _conflict(request, case, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The offer is saved and confirmed.") if offer else _("The track is saved."))
            return _to_case(case)
    return render(
        request,
        "cases/portal/offer_edit.html",
        {"case": case, "form": form, "offer": offer, "error_forms": [form] if form.errors else []},
    )


def _draft_form(case: Case, data: Any, *, offer: bool) -> OfferForm | TrackForm:
    """The company's offer (with the track of a K-Tech Pass application), or the talent's track."""
    ktech = case.case_type == CaseType.KTECH_PASS
    initial: dict[str, Any] = {"track": case.track}
    if not offer:
        return TrackForm(data, initial=initial)
    initial |= {
        "job_title": case.job_title,
        "occupation_code": case.occupation_code,
        "annual_salary_krw": case.annual_salary_krw,
        "start_date": case.start_date,
        "technology_field": case.technology_field,
    }
    if ktech:
        return KTechOfferForm(data, initial=initial)
    return OfferForm(data, kotra=True, initial=initial)


@login_required
@require_POST
def case_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """One new version of one document of the checklist."""
    case = _case_for(request, pk)
    requirement = request.POST.get("requirement", "")[:80]
    codes = {item.code for item in selectors.case_requirements(case)}
    if requirement not in codes:
        messages.error(request, _("This document is not on the checklist of this application."))
        return _render_detail(request, case, status=400)
    form = UploadForm(request.POST, request.FILES, auto_id=_upload_id(requirement))
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.case_document_upload(
                actor=signed_in_user(request), case=case, requirement=requirement, name=upload.name, data=upload.read()
            )
        except TransitionNotAllowed as error:
            return _conflict(request, case, error)
        except PermissionDenied as error:
            # The other party provides this document: say so on the page, nothing is stored.
            return _render_detail(request, case, status=403, action_errors=[str(error)])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document is uploaded."))
            return redirect(f"{reverse('cases:detail', kwargs={'pk': case.pk})}#document-{requirement}")
    return _render_detail(request, case, upload_requirement=requirement, upload_form=form)


@login_required
@require_POST
def case_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer the center's open request, once the requested documents are uploaded again."""
    case = _case_for(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.case_answer_request(actor=signed_in_user(request), case=case, note=form.cleaned_data["note"])
        except TransitionNotAllowed as error:
            return _conflict(request, case, error)
        except ValidationError as error:
            return _render_detail(request, case, answer_form=form, action_errors=error.messages)
        messages.success(request, _("Your answer is sent to the center."))
        return _to_case(case)
    return _render_detail(request, case, answer_form=form)


@login_required
@require_POST
def case_record_use(request: HttpRequest, pk: int) -> HttpResponse:
    """KOTRA's last step: the company records the E-7 application the letter went with."""
    case = _case_for(request, pk)
    form = RecordUseForm(request.POST)
    if form.is_valid():
        try:
            services.case_record_use(
                actor=signed_in_user(request),
                case=case,
                filed_on=form.cleaned_data["filed_on"],
                application_number=form.cleaned_data["application_number"],
            )
        except TransitionNotAllowed as error:
            return _conflict(request, case, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The E-7 application is recorded."))
            return _to_case(case)
    return _render_detail(request, case, record_use_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def case_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw the application (before the decision), after confirming with a reason."""
    case = _case_for(request, pk)
    if CaseAction.WITHDRAW not in selectors.actions_for(request.user, case):
        messages.error(request, _("This application can no longer be withdrawn."))
        return _to_case(case)
    errors: list[str] = []
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.case_withdraw(actor=signed_in_user(request), case=case, reason=form.cleaned_data["reason"])
            except TransitionNotAllowed as error:
                return _conflict(request, case, error)
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("The application is withdrawn."))
                return _to_case(case)
    else:
        form = WithdrawForm()
    return render(
        request,
        "cases/portal/withdraw.html",
        {"case": case, "form": form, "errors": errors, "error_forms": [form] if form.errors else []},
    )


# --- Downloads -----------------------------------------------------------------------------------


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """One uploaded version, to the parties of its case."""
    case = _case_for(request, pk)
    if not policies.sees_talent_data(request.user, case):
        raise Http404
    document = get_object_or_404(CaseDocument, pk=document_pk, case=case)
    record_case_read(viewer=signed_in_user(request), case=case, what=AccessWhat.CASE_DOCUMENT, obj=document)
    return private_file_response(document.file, filename=document.original_name, content_type=document.content_type)


@login_required
@require_GET
def issued_download(request: HttpRequest, pk: int) -> FileResponse:
    """The issued certificate or letter, to the parties of its case."""
    case = _case_for(request, pk)
    issued = case.issued_document
    if issued is None or not issued.file:
        raise Http404
    record_case_read(viewer=signed_in_user(request), case=case, what=AccessWhat.ISSUED_DOCUMENT, obj=issued)
    return private_file_response(issued.file, filename=f"{issued.serial}.pdf", content_type="application/pdf")

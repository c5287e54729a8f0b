"""The parties' applications over HTTP (``/cases``): the talent and the hiring company's members
start, prepare, submit, answer, withdraw and download; the caller's ``actions`` say what they may
do now. A case the caller is not a party of is 404. The parties never get a link to a file of the
case other than the issued document."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.cases import policies, selectors, services
from talentcenter.cases.access_log import record_case_read, talent_users
from talentcenter.cases.api._common import fields_renamed, keep_operation_ids
from talentcenter.cases.api._output import case_out, checklist_out, party_actions
from talentcenter.cases.api.schemas import (
    UPLOAD_BODY,
    AnswerIn,
    CaseDraftIn,
    CaseListItemOut,
    CaseOut,
    CaseStartIn,
    ChecklistLineOut,
    RecordUseIn,
    WithdrawIn,
)
from talentcenter.cases.models import Case
from talentcenter.cases.uploads import DEFAULT_MAX_BYTES
from talentcenter.documents.files import private_file_bytes
from talentcenter.foundation.api.errors import ApiError, ErrorCode, ErrorOut
from talentcenter.foundation.api.schemas import InputSchema, ObjectId, Pagination
from talentcenter.organizations.models import Company
from talentcenter.organizations.selectors import memberships_of_user
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.paging import LoggedPage
from talentcenter.talent.models import TalentProfile

router = Router(tags=["cases"])


def _values(payload: InputSchema, *, exclude: set[str] | None = None) -> dict[str, Any]:
    values = payload.model_dump(exclude_unset=True, exclude=exclude or set())
    return {key: getattr(value, "value", value) for key, value in values.items()}


def _case(request: HttpRequest, case_id: int) -> Case:
    return policies.access_case_for_party(user=request.user, case_id=case_id)


def _answer(request: HttpRequest, case: Case) -> dict[str, Any]:
    case.refresh_from_db()
    return case_out(case, party_actions(request.user, case), sees_talent=policies.sees_talent_data(request.user, case))


@router.get("", response=list[CaseListItemOut], summary="List my applications")
@paginate(Pagination)
def case_list(request: HttpRequest) -> Any:
    """The caller's applications as the talent, and those of every company they belong to."""
    user = signed_in_user(request)
    return LoggedPage(
        selectors.cases_of_party(user),
        viewer=user,
        people=lambda page: talent_users(user, page),
        what=AccessWhat.CASE,
    )


def _hiring_company(user: User, company_id: int | None) -> Company:
    """The company a member invites for: theirs, or the one they name if they belong to several."""
    companies = [membership.company for membership in memberships_of_user(user=user).select_related("company")]
    if company_id is not None:
        companies = [company for company in companies if company.pk == company_id]
    if not companies:
        raise ApiError(
            status=403,
            code=ErrorCode.PERMISSION_DENIED,
            message=_("Only members of the hiring company can start an application for a talent."),
        )
    if len(companies) > 1:
        raise ValidationError({"company_id": _("You belong to several companies: choose the hiring company.")})
    return companies[0]


@router.post("", response={201: CaseOut}, summary="Start an application")
def case_start(request: HttpRequest, payload: CaseStartIn) -> Status[dict[str, Any]]:
    """A company member names the talent by e-mail: the case is an invitation (status ``invited``)
    the person accepts or declines, and the company sees nothing of them before they accept. The
    answer is the same whether or not anybody has a profile with that e-mail. A talent starts a
    K-Tech Pass application with a hiring company (``company_id``); the company confirms the offer."""
    user = signed_in_user(request)
    values = _values(payload, exclude={"case_type", "talent_email", "company_id"})
    if payload.talent_email is not None:
        company = _hiring_company(user, payload.company_id)
        email = payload.talent_email
        case = fields_renamed(
            lambda: services.case_invite(
                actor=user, case_type=payload.case_type.value, company=company, email=email, **values
            ),
            {"company": "company_id", "email": "talent_email"},
        )
        return Status(201, _answer(request, case))
    own_profile = TalentProfile.objects.filter(user=user).first()
    if own_profile is None:
        raise ValidationError({"talent_email": _("Name the talent the application is for.")})
    hiring = Company.objects.filter(pk=payload.company_id).first() if payload.company_id else None
    if hiring is None:
        raise ValidationError({"company_id": _("Choose the hiring company.")})
    case = fields_renamed(
        lambda: services.case_start(
            actor=user, case_type=payload.case_type.value, talent=own_profile, company=hiring, **values
        ),
        {"company": "company_id"},
    )
    return Status(201, _answer(request, case))


@router.get("/{case_id}", response=CaseOut, summary="Read one of my applications")
def case_read(request: HttpRequest, case_id: ObjectId) -> dict[str, Any]:
    case = _case(request, case_id)
    record_case_read(viewer=signed_in_user(request), case=case, via="api")
    return _answer(request, case)


@router.patch("/{case_id}", response=CaseOut, summary="Change a draft (offer: company members; track)")
def case_update(request: HttpRequest, case_id: ObjectId, payload: CaseDraftIn) -> dict[str, Any]:
    case = _case(request, case_id)
    services.case_update_draft(actor=signed_in_user(request), case=case, **_values(payload))
    return _answer(request, case)


@router.post("/{case_id}/consent", response=CaseOut, summary="Agree to the application (the talent)")
def case_consent(request: HttpRequest, case_id: ObjectId) -> dict[str, Any]:
    case = _case(request, case_id)
    services.case_give_consent(actor=signed_in_user(request), case=case)
    return _answer(request, case)


@router.post("/{case_id}/accept", response=CaseOut, summary="Accept the company's invitation (the talent)")
def case_accept(request: HttpRequest, case_id: ObjectId) -> dict[str, Any]:
    """Shares your profile with the company for this application (the time is recorded); the case
    becomes a draft."""
    case = _case(request, case_id)
    services.case_accept(actor=signed_in_user(request), case=case)
    return _answer(request, case)


@router.post("/{case_id}/decline", response=CaseOut, summary="Decline the company's invitation (the talent)")
def case_decline(request: HttpRequest, case_id: ObjectId) -> dict[str, Any]:
    """The case is closed; the company learns only that you declined."""
    case = _case(request, case_id)
    services.case_decline(actor=signed_in_user(request), case=case)
    return _answer(request, case)


@router.post("/{case_id}/confirm-offer", response=CaseOut, summary="Confirm the offer (the company)")
def case_confirm_offer(request: HttpRequest, case_id: ObjectId) -> dict[str, Any]:
    case = _case(request, case_id)
    services.case_confirm_offer(actor=signed_in_user(request), case=case)
    return _answer(request, case)


@router.post("/{case_id}/eligibility", response=CaseOut, summary="Check eligibility with the rules of today")
def case_eligibility(request: HttpRequest, case_id: ObjectId) -> dict[str, Any]:
    """The answer (status, points, what is missing) is kept on the case for both parties."""
    case = _case(request, case_id)
    services.case_check_eligibility(actor=signed_in_user(request), case=case)
    return _answer(request, case)


@router.post("/{case_id}/submit", response=CaseOut, summary="Submit the application")
def case_submit(request: HttpRequest, case_id: ObjectId) -> dict[str, Any]:
    """Both parties have confirmed, the rules do not rule it out and every document is uploaded;
    otherwise 422 lists what is missing."""
    case = _case(request, case_id)
    services.case_submit(actor=signed_in_user(request), case=case)
    return _answer(request, case)


@router.post("/{case_id}/answer", response=CaseOut, summary="Answer the open request")
def case_answer(request: HttpRequest, case_id: ObjectId, payload: AnswerIn) -> dict[str, Any]:
    """Upload what was asked first; the processing clock restarts."""
    case = _case(request, case_id)
    services.case_answer_request(actor=signed_in_user(request), case=case, note=payload.note)
    return _answer(request, case)


@router.post("/{case_id}/withdraw", response=CaseOut, summary="Withdraw the application")
def case_withdraw(request: HttpRequest, case_id: ObjectId, payload: WithdrawIn) -> dict[str, Any]:
    case = _case(request, case_id)
    services.case_withdraw(actor=signed_in_user(request), case=case, reason=payload.reason)
    return _answer(request, case)


@router.post("/{case_id}/record-use", response=CaseOut, summary="Record the E-7 application (KOTRA, the company)")
def case_record_use(request: HttpRequest, case_id: ObjectId, payload: RecordUseIn) -> dict[str, Any]:
    case = _case(request, case_id)
    services.case_record_use(
        actor=signed_in_user(request),
        case=case,
        filed_on=payload.filed_on,
        application_number=payload.application_number,
    )
    return _answer(request, case)


@router.post(
    "/{case_id}/documents",
    response={201: ChecklistLineOut, 400: ErrorOut},
    summary="Upload a document of the checklist",
    openapi_extra={"requestBody": UPLOAD_BODY},
)
def case_document_upload(request: HttpRequest, case_id: ObjectId) -> Status[dict[str, Any]]:
    """A new version; earlier versions stay. Refused with 422 and the reason (encrypted or active
    PDF, disguised file, too large, too many pages) when the content does not pass the checks."""
    case = _case(request, case_id)
    try:
        requirement = request.POST.get("requirement", "")
        upload = request.FILES.get("file")
    except MultiPartParserError:
        raise ApiError(
            status=400, code=ErrorCode.BAD_REQUEST, message=_("The request body is not valid multipart form data.")
        ) from None
    fields: dict[str, list[str]] = {}
    if not requirement:
        fields["requirement"] = [_("Choose the document of the checklist this file is for.")]
    if upload is None:
        fields["file"] = [_("Choose the file to upload.")]
    if fields:
        raise ApiError(
            status=422, code=ErrorCode.VALIDATION_ERROR, message=_("Please correct the errors below."), fields=fields
        )
    assert upload is not None
    data = upload.read(DEFAULT_MAX_BYTES + 1)  # the service refuses anything larger
    document = services.case_document_upload(
        actor=signed_in_user(request), case=case, requirement=requirement[:80], name=upload.name or "upload", data=data
    )
    line = next(
        item for item in checklist_out(case) if item["requirement"] == document.requirement
    )  # the service checked it is on the checklist
    return Status(201, line)


@router.get(
    "/{case_id}/document",
    response={200: None},
    summary="Download the issued certificate or letter",
    openapi_extra={"responses": {200: {"description": "The PDF", "content": {"application/pdf": {}}}}},
)
def case_document_download(request: HttpRequest, case_id: ObjectId) -> HttpResponse:
    case = _case(request, case_id)
    document = case.issued_document
    if document is None:
        raise Http404
    record_case_read(
        viewer=signed_in_user(request), case=case, what=AccessWhat.ISSUED_DOCUMENT, obj=document, via="api"
    )
    return private_file_bytes(document.file, filename=f"{document.serial}.pdf", content_type="application/pdf")


keep_operation_ids(router)

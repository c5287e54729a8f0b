"""Openings over HTTP: the public job board, the company's openings, applicants and ranked candidates.

``GET /openings`` and ``GET /openings/{id}`` are public (a draft, unpublished or closed opening
only for the company's members and center staff; 404 otherwise). Everything else is the company's:
a member of a verified company acts on its openings (404 for another company's, 403 while the
company is not verified). Thin clients of ``jobs.services`` and ``jobs.selectors``; errors follow
the contract (404 unseen, 403 not allowed, 409 ``conflict`` when the record moved on, 422 fields).
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.params import functions as param_functions
from ninja.renderers import JSONRenderer
from ninja.responses import Status
from pydantic import AfterValidator

from talentcenter.accounts.api_auth import OPTIONAL
from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.api.errors import ApiError, ErrorCode
from talentcenter.foundation.api.schemas import (
    MAX_ID,
    DateText,
    InputSchema,
    ObjectId,
    Pagination,
    PlainText,
    StrictBoolean,
    WholeNumber,
)
from talentcenter.jobs import policies, queries
from talentcenter.jobs.enums import ApplicationStage, CloseReason, OpeningStatus, Region, Sponsorship
from talentcenter.jobs.models import JobApplication, Opening
from talentcenter.jobs.selectors import board as board_selectors
from talentcenter.jobs.selectors import company as company_selectors
from talentcenter.jobs.services import openings as services
from talentcenter.jobs.services import pipeline
from talentcenter.matching.explain import CandidateMatch, Explanation
from talentcenter.matching.selectors import rank_candidates
from talentcenter.organizations.models import Company
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.paging import LoggedPage
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.talent.enums import EducationLevel, SpokenLanguage

router = Router(tags=["jobs"])

EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
SKILL_CODE_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,79}$"
OCCUPATION_PATTERN = r"^[0-9A-Za-z]{0,10}$"
MAX_PAGE = 10_000
SponsorshipFilter = Literal["any", "none", "ktech_pass", "e7_recommendation", "either"]
CompanyTransition = Literal[tuple(pipeline.COMPANY_TRANSITIONS)]  # type: ignore[valid-type]
_RENDERER = JSONRenderer()  # what the API answers with (``api.urls`` sets no other renderer)


# --- Output -----------------------------------------------------------------------------------
class OpeningCompanyOut(Schema):
    id: int
    name_en: str
    name_ko: str


class OpeningDetailSkillOut(Schema):
    code: str
    name_en: str
    name_ko: str
    weight: int
    required: bool


class OpeningDetailLanguageOut(Schema):
    language: SpokenLanguage
    minimum_level: int = Field(description="1 (beginner) to 6 (proficient).")
    required: bool


class BoardOpeningOut(Schema):
    id: int
    title: str = Field(description="In the language asked for, else the other one.")
    title_ko: str
    title_en: str
    company: OpeningCompanyOut
    industry: str
    occupation: str = Field(description="KSCO code, empty when not given.")
    region: str
    location_detail: str
    salary_min_krw: int | None
    salary_max_krw: int | None
    sponsorship: Sponsorship
    closing_date: date | None
    published_at: datetime | None


class BoardSearchPageOut(Schema):
    count: int = Field(description="How many openings match (at most 1,000; see ``capped``).")
    capped: bool = Field(description="More openings match than ``count``: narrow the search.")
    page: int
    pages: int
    items: list[BoardOpeningOut]


class OpeningDetailOut(BoardOpeningOut):
    status: OpeningStatus
    status_label: str
    description_ko: str
    description_en: str
    min_education_level: EducationLevel | None
    min_years: int
    start_date: date | None
    closed_at: datetime | None
    close_reason: str
    is_open: bool = Field(description="Published and not past its closing date.")
    skills: list[OpeningDetailSkillOut]
    languages: list[OpeningDetailLanguageOut]
    created_at: datetime
    updated_at: datetime


class ApplicantProfileOut(Schema):
    id: int
    name: str
    headline: str
    contact_email: str
    nationality: str


class PipelineApplicationOut(Schema):
    id: int
    opening_id: int
    stage: ApplicationStage
    stage_label: str
    cover_note: str
    rejection_reason: str
    submitted_at: datetime
    stage_changed_at: datetime
    profile: ApplicantProfileOut
    actions: list[str] = Field(description="The moves the company may make now.")

    @staticmethod
    def resolve_stage_label(application: Any) -> str:
        if isinstance(application, dict):
            return str(application["stage_label"])
        return str(application.get_stage_display())

    @staticmethod
    def resolve_profile(application: Any) -> dict[str, Any]:
        if isinstance(application, dict):
            return dict(application["profile"])
        return _profile_summary(application)

    @staticmethod
    def resolve_actions(application: Any) -> list[str]:
        if isinstance(application, dict):
            return list(application["actions"])
        return [transition.name for transition in pipeline.company_transitions(application.stage)]


class ApplicantNoteOut(Schema):
    id: int
    application_id: int
    body: str
    author_email: str
    created_at: datetime


class CandidateSkillMatchOut(Schema):
    required_code: str
    required_name: str
    matched_code: str
    matched_name: str
    how: str = Field(description="exact, narrower, broader, sibling or related")
    how_label: str
    credit: float
    required: bool


class CandidateMissingSkillOut(Schema):
    code: str
    name: str
    required: bool


class CandidateFitOut(Schema):
    status: str = Field(description="fits, partly, missing or unknown")
    detail: str


class CandidateVisaFitOut(Schema):
    status: str = Field(description="eligible, needs_review or not_eligible (the best track)")
    programme: str
    track: str
    label: str
    fast_track: bool
    hints: list[str]


class CandidateExplanationOut(Schema):
    skills_matched: list[CandidateSkillMatchOut]
    skills_missing: list[CandidateMissingSkillOut]
    education: CandidateFitOut
    experience: CandidateFitOut
    salary: CandidateFitOut
    languages: CandidateFitOut
    industry: bool
    visa: CandidateVisaFitOut | None


class RankedCandidateSummaryOut(Schema):
    education: str
    years: float
    skills: list[str]
    languages: list[str]


class RankedCandidateOut(Schema):
    """A discoverable profile: a professional summary, never a name or contact."""

    profile_id: int
    rank: int
    score: float
    components: dict[str, float]
    summary: RankedCandidateSummaryOut
    explanation: CandidateExplanationOut | None
    invited: bool
    applied: bool


class CandidateInvitationOut(Schema):
    opening_id: int
    profile_id: int
    invited: bool


# --- Input ------------------------------------------------------------------------------------
def _date_in_range(value: date | None) -> date | None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(_("Enter a date between 2000 and 2100."))
    return value


OptionalDate = Annotated[DateText | None, AfterValidator(_date_in_range)]
Salary = Annotated[int, Field(ge=services.SALARY_FLOOR, le=services.SALARY_CEILING), WholeNumber]
Weight = Annotated[int, Field(ge=1, le=5), WholeNumber]
LanguageLevel = Annotated[int, Field(ge=1, le=6), WholeNumber]
Years = Annotated[int, Field(ge=0, le=services.MAX_YEARS), WholeNumber]
Id = Annotated[int, Field(ge=1, le=MAX_ID), WholeNumber]
ProfileId = Annotated[int, param_functions.Path(..., ge=1, le=MAX_ID)]


class OpeningSkillIn(InputSchema):
    code: str = Field(pattern=SKILL_CODE_PATTERN, max_length=80, description="A skill code of the taxonomy.")
    weight: Weight = 3
    required: StrictBoolean = True


class OpeningLanguageIn(InputSchema):
    language: SpokenLanguage
    minimum_level: LanguageLevel = 3
    required: StrictBoolean = True


class OpeningFieldsIn(InputSchema):
    title_ko: Annotated[str, PlainText(160)] = ""
    title_en: Annotated[str, PlainText(160)] = ""
    description_ko: Annotated[str, PlainText(20_000)] = ""
    description_en: Annotated[str, PlainText(20_000)] = ""
    industry: AdvancedIndustry | None = None
    occupation: str = Field("", pattern=OCCUPATION_PATTERN, description="KSCO code from the E-7 list.")
    min_education_level: Annotated[EducationLevel, WholeNumber] | None = None
    min_years: Years = 0
    salary_min_krw: Salary | None = None
    salary_max_krw: Salary | None = None
    region: Region | None = None
    location_detail: Annotated[str, PlainText(120)] = ""
    start_date: OptionalDate = None
    closing_date: OptionalDate = None
    sponsorship: Sponsorship = Sponsorship.NONE
    skills: list[OpeningSkillIn] = Field(default_factory=list, max_length=services.MAX_SKILLS)
    languages: list[OpeningLanguageIn] = Field(default_factory=list, max_length=services.MAX_LANGUAGES)


class OpeningIn(OpeningFieldsIn):
    """A new draft. ``company_id`` is needed when you belong to several companies."""

    company_id: Id | None = None


class OpeningPatchIn(OpeningFieldsIn):
    """Send only what changes; ``skills`` and ``languages``, when sent, replace the lists."""


class OpeningCloseIn(InputSchema):
    reason: Literal["filled", "cancelled"]


class ApplicantMoveIn(InputSchema):
    transition: CompanyTransition  # type: ignore[valid-type]
    reason: Annotated[str, PlainText(2000)] = Field("", description="Required to reject; the talent does not see it.")


class ApplicantNoteIn(InputSchema):
    body: Annotated[str, PlainText(3000, min_length=1)]


class CandidateInviteIn(InputSchema):
    message: Annotated[str, PlainText(1000)] = ""


class BoardSearchFilters(Schema):
    q: Annotated[str, PlainText(200)] = Field("", description="Words: title, skill (synonyms too) or company.")
    industry: AdvancedIndustry | None = None
    region: Region | None = None
    salary_min: int | None = Field(None, ge=0, le=services.SALARY_CEILING, description="KRW a year")
    occupation: str = Field("", pattern=OCCUPATION_PATTERN)
    sponsorship: SponsorshipFilter | None = None
    page: int = Field(1, ge=1, le=MAX_PAGE)


class CandidateListFilters(Schema):
    limit: int = Field(50, ge=1, le=100)


# --- Helpers ----------------------------------------------------------------------------------
Result = TypeVar("Result")


def _enum_value(value: Any) -> Any:
    return getattr(value, "value", value)


def _summary(opening: Opening) -> dict[str, Any]:
    company = opening.company
    return {
        "id": opening.pk,
        "title": opening.title,
        "title_ko": opening.title_ko,
        "title_en": opening.title_en,
        "company": {"id": company.pk, "name_en": company.name_en, "name_ko": company.name_ko},
        "industry": opening.industry,
        "occupation": opening.occupation.code if opening.occupation else "",
        "region": opening.region,
        "location_detail": opening.location_detail,
        "salary_min_krw": opening.salary_min_krw,
        "salary_max_krw": opening.salary_max_krw,
        "sponsorship": opening.sponsorship,
        "closing_date": opening.closing_date,
        "published_at": opening.published_at,
    }


def _opening_out(opening_id: int) -> dict[str, Any]:
    opening = board_selectors.board_opening(opening_id)
    if opening is None:
        raise Http404
    return {
        **_summary(opening),
        "status": opening.status,
        "status_label": str(opening.get_status_display()),
        "description_ko": opening.description_ko,
        "description_en": opening.description_en,
        "min_education_level": opening.min_education_level,
        "min_years": opening.min_years,
        "start_date": opening.start_date,
        "closed_at": opening.closed_at,
        "close_reason": opening.close_reason,
        "is_open": queries.is_open(opening),
        "skills": [
            {
                "code": item.skill.code,
                "name_en": item.skill.name_en,
                "name_ko": item.skill.name_ko,
                "weight": item.weight,
                "required": item.required,
            }
            for item in opening.skills.all()
        ],
        "languages": [
            {"language": item.language, "minimum_level": item.minimum_level, "required": item.required}
            for item in opening.languages.all()
        ],
        "created_at": opening.created_at,
        "updated_at": opening.updated_at,
    }


def _service_values(payload: OpeningFieldsIn) -> dict[str, Any]:
    """The fields the caller sent, as the service takes them (skills and languages as triples)."""
    result: dict[str, Any] = {}
    for key in payload.model_fields_set - {"company_id"}:
        value = getattr(payload, key)
        if key == "skills":
            result[key] = [(item.code, item.weight, item.required) for item in value]
        elif key == "languages":
            result[key] = [(_enum_value(item.language), item.minimum_level, item.required) for item in value]
        elif key in ("industry", "region") and value is None:
            result[key] = ""
        else:
            result[key] = _enum_value(value)
    return result


def _company_for_new_opening(user: User, company_id: int | None) -> Company:
    companies = list(company_selectors.companies_of_user(user))
    if company_id is not None:
        companies = [company for company in companies if company.pk == company_id]
    if not companies:
        raise ApiError(
            status=403,
            code=ErrorCode.PERMISSION_DENIED,
            message=_("Only members of a verified company can publish openings."),
        )
    if len(companies) > 1:
        raise ValidationError({"company_id": _("You belong to several companies: choose the company.")})
    return companies[0]


def _profile_summary(application: JobApplication) -> dict[str, Any]:
    profile = application.profile
    return {
        "id": profile.pk,
        "name": profile.full_name,
        "headline": profile.headline,
        "contact_email": profile.contact_email or (profile.user.email if profile.user else ""),
        "nationality": str(profile.nationality or ""),
    }


def _application_out(application: JobApplication) -> dict[str, Any]:
    return {
        "id": application.pk,
        "opening_id": application.opening_id,
        "stage": application.stage,
        "stage_label": str(application.get_stage_display()),
        "cover_note": application.cover_note,
        "rejection_reason": application.rejection_reason,
        "submitted_at": application.submitted_at,
        "stage_changed_at": application.stage_changed_at,
        "profile": _profile_summary(application),
        "actions": [transition.name for transition in pipeline.company_transitions(application.stage)],
    }


def _explanation_out(explanation: Explanation | None) -> dict[str, Any] | None:
    if explanation is None:
        return None
    visa = explanation.visa
    return {
        "skills_matched": [
            {
                "required_code": item.required_code,
                "required_name": item.required_name,
                "matched_code": item.matched_code,
                "matched_name": item.matched_name,
                "how": item.how,
                "how_label": str(item.how_label),
                "credit": float(item.credit),
                "required": item.required,
            }
            for item in explanation.skills_matched
        ],
        "skills_missing": [
            {"code": item.code, "name": item.name, "required": item.required} for item in explanation.skills_missing
        ],
        "education": {"status": explanation.education.status, "detail": str(explanation.education.detail)},
        "experience": {"status": explanation.experience.status, "detail": str(explanation.experience.detail)},
        "salary": {"status": explanation.salary.status, "detail": str(explanation.salary.detail)},
        "languages": {"status": explanation.languages.status, "detail": str(explanation.languages.detail)},
        "industry": bool(explanation.industry),
        "visa": (
            {
                "status": visa.status,
                "programme": visa.best.programme if visa.best else "",
                "track": visa.best.track if visa.best else "",
                "label": str(visa.best.label) if visa.best else "",
                "fast_track": visa.fast_track,
                "hints": [str(hint) for hint in visa.hints],
            }
            if visa is not None
            else None
        ),
    }


def _candidate_out(
    rank: int, match: CandidateMatch, summary: dict[str, Any], *, invited: bool, applied: bool
) -> dict[str, Any]:
    return {
        "profile_id": match.profile_id,
        "rank": rank,
        "score": float(match.score),
        "components": {key: float(value) for key, value in match.components.items()},
        "summary": {
            "education": summary["education"],
            "years": float(summary["years"]),
            "skills": list(summary["skills"]),
            "languages": [f"{name} {level}/6" for name, level in summary["languages"]],
        },
        "explanation": _explanation_out(match.explanation),
        "invited": invited,
        "applied": applied,
    }


# --- Public -----------------------------------------------------------------------------------
@router.get("", response=BoardSearchPageOut, auth=OPTIONAL, summary="Search the job board")
def board(request: HttpRequest, filters: Query[BoardSearchFilters]) -> dict[str, Any]:
    """Published openings not past their closing date, newest first, 20 a page."""
    page = board_selectors.board_search(
        q=filters.q,
        industry=_enum_value(filters.industry) or "",
        region=_enum_value(filters.region) or "",
        salary_min=filters.salary_min,
        occupation=filters.occupation,
        sponsorship=filters.sponsorship or "",
        page=filters.page,
    )
    return {
        "count": page.paginator.count,
        "capped": bool(getattr(page.paginator, "capped", False)),
        "page": page.number,
        "pages": page.paginator.num_pages,
        "items": [_summary(opening) for opening in page.object_list],
    }


@router.get("/{opening_id}", response=OpeningDetailOut, auth=OPTIONAL, summary="Read an opening")
def opening_read(request: HttpRequest, opening_id: ObjectId) -> dict[str, Any]:
    """A published opening for everyone; others for the company's members and center staff."""
    opening = policies.access_opening_for_viewing(user=request.user, opening_id=opening_id)
    return _opening_out(opening.pk)


# --- The company's openings -------------------------------------------------------------------
@router.post("", response={201: OpeningDetailOut}, summary="Create an opening (a draft)")
def opening_create(request: HttpRequest, payload: OpeningIn) -> Status[dict[str, Any]]:
    user = signed_in_user(request)
    company = _company_for_new_opening(user, payload.company_id)
    values = _service_values(payload)
    values.setdefault("skills", [])
    values.setdefault("languages", [])
    values.setdefault("region", "")
    opening = services.opening_create(actor=user, company=company, **values)
    return Status(201, _opening_out(opening.pk))


@router.patch("/{opening_id}", response=OpeningDetailOut, summary="Change an opening")
def opening_update(request: HttpRequest, opening_id: ObjectId, payload: OpeningPatchIn) -> dict[str, Any]:
    opening = policies.access_opening_for_company(user=request.user, opening_id=opening_id)
    services.opening_update(actor=signed_in_user(request), opening=opening, **_service_values(payload))
    return _opening_out(opening.pk)


@router.post("/{opening_id}/publish", response=OpeningDetailOut, summary="Publish an opening on the job board")
def opening_publish(request: HttpRequest, opening_id: ObjectId) -> dict[str, Any]:
    opening = policies.access_opening_for_company(user=request.user, opening_id=opening_id)
    services.opening_publish(actor=signed_in_user(request), opening=opening)
    return _opening_out(opening.pk)


@router.post("/{opening_id}/unpublish", response=OpeningDetailOut, summary="Take an opening off the job board")
def opening_unpublish(request: HttpRequest, opening_id: ObjectId) -> dict[str, Any]:
    opening = policies.access_opening_for_company(user=request.user, opening_id=opening_id)
    services.opening_unpublish(actor=signed_in_user(request), opening=opening)
    return _opening_out(opening.pk)


@router.post("/{opening_id}/close", response=OpeningDetailOut, summary="Close an opening (filled or cancelled)")
def opening_close(request: HttpRequest, opening_id: ObjectId, payload: OpeningCloseIn) -> dict[str, Any]:
    opening = policies.access_opening_for_company(user=request.user, opening_id=opening_id)
    reason = CloseReason(payload.reason)
    services.opening_close(actor=signed_in_user(request), opening=opening, reason=reason)
    return _opening_out(opening.pk)


# --- Applicants -------------------------------------------------------------------------------
@router.get("/{opening_id}/applications", response=list[PipelineApplicationOut], summary="List an opening's applicants")
@paginate(Pagination)
def applications_list(request: HttpRequest, opening_id: ObjectId) -> Any:
    """Oldest first, with the profile summary the company may see since the talent applied. Each
    listed applicant's access log notes the read."""
    opening = policies.access_opening_for_company(user=request.user, opening_id=opening_id)
    return LoggedPage(
        JobApplication.objects.filter(opening=opening).select_related("profile__user").order_by("submitted_at", "id"),
        viewer=signed_in_user(request),
        people=lambda page: [application.profile.user for application in page],
        what=AccessWhat.JOB_APPLICATION,
    )


def _application_for(request: HttpRequest, application_id: int) -> JobApplication:
    return policies.access_application_for_company(user=request.user, application_id=application_id)


def _fresh_application(application_id: int) -> dict[str, Any]:
    application = JobApplication.objects.select_related("profile__user").get(pk=application_id)
    return _application_out(application)


@router.post("/applications/{application_id}/move", response=PipelineApplicationOut, summary="Move an applicant")
def application_move(request: HttpRequest, application_id: ObjectId, payload: ApplicantMoveIn) -> dict[str, Any]:
    """By a transition name (``screen``, ``invite_to_interview``, ``make_offer``, ``hire``,
    ``reject`` with a reason, ``reconsider``); 409 when the applicant has moved meanwhile."""
    application = _application_for(request, application_id)
    pipeline.application_move(
        actor=signed_in_user(request),
        application=application,
        transition=str(payload.transition),
        reason=payload.reason,
    )
    return _fresh_application(application.pk)


@router.post(
    "/applications/{application_id}/notes", response={201: ApplicantNoteOut}, summary="Write a note on an applicant"
)
def application_note(
    request: HttpRequest, application_id: ObjectId, payload: ApplicantNoteIn
) -> Status[dict[str, Any]]:
    application = _application_for(request, application_id)
    user = signed_in_user(request)
    note = pipeline.application_note_add(actor=user, application=application, body=payload.body)
    return Status(
        201,
        {
            "id": note.pk,
            "application_id": application.pk,
            "body": note.body,
            "author_email": user.email,
            "created_at": note.created_at,
        },
    )


# --- Ranked candidates ------------------------------------------------------------------------
def _rendered(request: HttpRequest, data: Any) -> HttpResponse:
    """``data`` written as ninja's JSON renderer writes a validated answer, without validating it
    again: for answers built field by field with the response schema's types and order (the
    OpenAPI document still declares the schema; a test checks the bytes against ninja's path)."""
    content = _RENDERER.render(request, data, response_status=200)
    return HttpResponse(content, content_type=f"{_RENDERER.media_type}; charset={_RENDERER.charset}")


@router.get("/{opening_id}/candidates", response=list[RankedCandidateOut], summary="Ranked candidates for an opening")
def candidates(request: HttpRequest, opening_id: ObjectId, filters: Query[CandidateListFilters]) -> HttpResponse:
    """The best discoverable profiles for the opening with why they match (skills, degree,
    experience, salary, languages, visa fit). A professional summary only: no name, no contact."""
    opening = policies.access_opening_for_company(user=request.user, opening_id=opening_id)
    matches = rank_candidates(queries.candidate_query_for_opening(opening), limit=filters.limit)
    ids = [match.profile_id for match in matches]
    summaries = company_selectors.candidate_summaries(ids)
    invited = pipeline.invited_profile_ids(opening_id=opening.pk)
    applied = set(
        JobApplication.objects.filter(opening=opening, profile_id__in=ids).values_list("profile_id", flat=True)
    )
    rows = [
        _candidate_out(
            rank,
            match,
            summaries[match.profile_id],
            invited=match.profile_id in invited,
            applied=match.profile_id in applied,
        )
        for rank, match in enumerate(matches, start=1)
        if match.profile_id in summaries
    ]
    return _rendered(request, rows)


@router.post(
    "/{opening_id}/candidates/{profile_id}/invite",
    response={201: CandidateInvitationOut},
    summary="Invite a ranked candidate to apply",
)
def candidate_invite(
    request: HttpRequest, opening_id: ObjectId, profile_id: ProfileId, payload: CandidateInviteIn
) -> Status[dict[str, Any]]:
    """Once per opening and profile (409 after that); only while the opening is open."""
    opening = policies.access_opening_for_company(user=request.user, opening_id=opening_id)
    pipeline.candidate_invite(
        actor=signed_in_user(request), opening=opening, profile_id=profile_id, message=payload.message
    )
    return Status(201, {"opening_id": opening.pk, "profile_id": profile_id, "invited": True})

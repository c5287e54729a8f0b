"""Talent requests over HTTP: ``router`` for companies (and the talent's invitations), ``staff_router``
for the center's curation.

Thin clients of ``jobs.services.requests`` and ``jobs.selectors.requests``: 404 for what the caller
may not see (another company's request, another talent's invitation), 403 for what it sees but may
not do (a member of an unverified company), 409 (code ``conflict``) when the record moved on, 422 for
invalid input. The company's answers hold profiles only once released, and then only the snapshot
taken when the talent agreed; a withdrawn release is "withdrawn" and nothing else; the rest are
counts. The talent lists their releases (who received what, when, whether it was opened) and
withdraws one (``/talent-requests/releases``).
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.api.schemas import (
    MAX_ID,
    InputSchema,
    ObjectId,
    Pagination,
    PlainText,
    StrictBoolean,
    WholeNumber,
)
from talentcenter.jobs import policies, queries
from talentcenter.jobs.enums import ReleasedPart, ShortlistStatus, TalentRequestStatus
from talentcenter.jobs.models import Opening, ShortlistEntry, TalentRequest
from talentcenter.jobs.selectors import releases as release_selectors
from talentcenter.jobs.selectors import requests as selectors
from talentcenter.jobs.services import releases as release_services
from talentcenter.jobs.services import requests as services
from talentcenter.matching.explain import CandidateMatch
from talentcenter.organizations.models import Company
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_list_access
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.talent.enums import EducationLevel, SpokenLanguage

router = Router(tags=["jobs"])

staff_router = Router(tags=["staff"])

SkillCode = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")]
LanguageCode = Literal[tuple(SpokenLanguage.values)]  # type: ignore[valid-type]
IndustryCode = Literal[("", *AdvancedIndustry.values)]  # type: ignore[valid-type]
DegreeLevel = Literal[tuple(EducationLevel.values)]  # type: ignore[valid-type]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Salary = Annotated[int, Field(ge=services.SALARY_MIN, le=services.SALARY_MAX)]


# --- Input ------------------------------------------------------------------------------------
class RequestSkillIn(InputSchema):
    code: SkillCode
    weight: Annotated[int, Field(ge=1, le=5), WholeNumber] = 3
    required: StrictBoolean = True


class RequestLanguageIn(InputSchema):
    language: LanguageCode  # type: ignore[valid-type]
    level: Annotated[int, Field(ge=1, le=6), WholeNumber] = 3
    required: StrictBoolean = True


class CriteriaIn(InputSchema):
    skills: list[RequestSkillIn] = Field(default_factory=list, max_length=services.MAX_SKILLS)
    min_education_level: Annotated[DegreeLevel, WholeNumber] | None = None  # type: ignore[valid-type]
    min_years: Annotated[int, Field(ge=0, le=services.MAX_YEARS), WholeNumber] | None = None
    languages: list[RequestLanguageIn] = Field(default_factory=list, max_length=services.MAX_LANGUAGES)
    industry: IndustryCode = ""
    salary_min_krw: Annotated[Salary, WholeNumber] | None = None
    salary_max_krw: Annotated[Salary, WholeNumber] | None = None
    nationalities: list[CountryCode] = Field(default_factory=list, max_length=services.MAX_NATIONALITIES)


class TalentRequestIn(InputSchema):
    company_id: Annotated[int, Field(ge=1, le=MAX_ID), WholeNumber]
    title: Annotated[str, PlainText(160, min_length=1)]
    description: Annotated[str, PlainText(5000)] = ""
    criteria: CriteriaIn = Field(default_factory=CriteriaIn)
    headcount: Annotated[int, Field(ge=1, le=50), WholeNumber] = 1
    opening_id: Annotated[int, Field(ge=1, le=MAX_ID), WholeNumber] | None = None


class ShortlistAddIn(InputSchema):
    profile_id: Annotated[int, Field(ge=1, le=MAX_ID), WholeNumber]
    note: Annotated[str, PlainText(2000)] = ""


class StaffQueueFilter(Schema):
    status: TalentRequestStatus = TalentRequestStatus.SUBMITTED


# --- Output -----------------------------------------------------------------------------------
class RequestCompanyOut(Schema):
    id: int
    name: str


class CountsOut(Schema):
    proposed: int = Field(description="Proposed by the center, the talent not asked yet.")
    invited: int = Field(description="Waiting for the talent's agreement.")
    released: int = Field(description="Agreed: the profile is shared with the company.")
    withdrawn: int = Field(description="Shared, then withdrawn by the talent: nothing is shown any more.")


class CriteriaOut(Schema):
    skills: list[dict[str, Any]]
    min_education_level: int | None
    min_years: int | None
    languages: list[dict[str, Any]]
    industry: str
    salary_min_krw: int | None
    salary_max_krw: int | None
    nationalities: list[str]
    summary: list[str] = Field(description="The criteria in words, in the language asked for.")


class TalentRequestListItemOut(Schema):
    id: int
    reference: str
    title: str
    status: TalentRequestStatus
    status_label: str
    headcount: int
    company: RequestCompanyOut
    counts: CountsOut
    created_at: datetime


class ReleasedEducationOut(Schema):
    level: int
    level_label: str
    field: str
    institution: str
    completed_on: date | None


class ReleasedExperienceOut(Schema):
    organization: str
    role: str
    field: str
    started_on: date
    ended_on: date | None


class ReleasedSkillOut(Schema):
    code: str
    name: str
    proficiency: int
    proficiency_label: str


class ProfileLanguageOut(Schema):
    language: str
    language_label: str
    test: str
    test_label: str
    level: str


class ReleasedProfileOut(Schema):
    release_id: int
    snapshot_version: int = Field(description="The format of the copy taken when the talent agreed.")
    snapshot_taken_at: datetime | None = Field(description="When the copy was taken; later edits are not shown.")
    name: str
    name_hangul: str
    email: str
    phone: str
    nationality: str
    headline: str
    released_at: datetime
    education: list[ReleasedEducationOut]
    experience: list[ReleasedExperienceOut]
    skills: list[ReleasedSkillOut]
    languages: list[ProfileLanguageOut]


class WithdrawnReleaseOut(Schema):
    release_id: int
    status: ShortlistStatus
    status_label: str
    released_at: datetime
    withdrawn_at: datetime | None


class TalentRequestOut(TalentRequestListItemOut):
    description: str
    criteria: CriteriaOut
    released_profiles: list[ReleasedProfileOut]
    withdrawn_releases: list[WithdrawnReleaseOut] = Field(
        description="Profiles the talent shared, then withdrew: no personal data is kept or shown."
    )
    waiting_for_agreement: int = Field(description="Candidates asked who have not answered yet (no details).")
    closed_at: datetime | None


class CountIn(CriteriaIn):
    pass


class CountOut(Schema):
    count: int = Field(description="Discoverable profiles that pass the criteria's hard filters.")


class FitOut(Schema):
    status: str
    detail: str


class MatchedSkillOut(Schema):
    asked_for: str
    matched: str
    how: str
    required: bool


class VisaOut(Schema):
    status: str = Field(description="eligible, needs_review or not_eligible: the best track with this offer.")
    best_track: str = Field(description="The best track the hire would qualify for, in words.")
    fast_track: bool
    hints: list[str] = Field(description="What would get the hire over the line.")


class ExplanationOut(Schema):
    score: float
    skills_matched: list[MatchedSkillOut]
    skills_missing: list[str]
    education: FitOut
    experience: FitOut
    salary: FitOut
    languages: FitOut
    visa: VisaOut | None = Field(None, description="Visa fit with the request's offer (staff answers).")


class ShortlistInvitationOut(Schema):
    id: int
    status: ShortlistStatus
    status_label: str
    company: RequestCompanyOut
    request_reference: str
    title: str
    description: str
    criteria: list[str]
    note: str = Field(description="Why the center thinks the request fits the talent.")
    explanation: ExplanationOut | None
    invited_at: datetime | None
    answered_at: datetime | None
    shared_if_agreed: list[str] = Field(description="What the company will see if the talent agrees.")


class StaffCandidateOut(Schema):
    profile_id: int
    name: str
    headline: str
    nationality: str
    explanation: ExplanationOut


class ShortlistEntryOut(Schema):
    id: int
    profile_id: int
    name: str
    status: ShortlistStatus
    status_label: str
    score: Decimal | None
    note: str
    created_at: datetime
    invited_at: datetime | None
    answered_at: datetime | None


class ReleaseOut(Schema):
    profile_id: int
    name: str
    agreed_by: str
    released_at: datetime
    first_viewed_at: datetime | None
    withdrawn_at: datetime | None


class ReleasedPartOut(Schema):
    code: ReleasedPart
    label: str


class MyReleaseOut(Schema):
    id: int
    status: ShortlistStatus
    status_label: str
    company: RequestCompanyOut
    request_reference: str
    request_title: str
    parts: list[ReleasedPartOut] = Field(description="What the company received.")
    released_at: datetime
    first_viewed_at: datetime | None = Field(description="When the company first opened it; null if never.")
    last_viewed_at: datetime | None
    withdrawn_at: datetime | None
    can_withdraw: bool


class StaffTalentRequestListItemOut(TalentRequestListItemOut):
    curator: str | None


class StaffTalentRequestOut(StaffTalentRequestListItemOut):
    description: str
    criteria: CriteriaOut
    candidates: list[StaffCandidateOut]
    shortlist: list[ShortlistEntryOut]
    releases: list[ReleaseOut]
    closed_at: datetime | None


# --- Building answers -------------------------------------------------------------------------
def _counts(talent_request: TalentRequest) -> dict[str, int]:
    if hasattr(talent_request, "proposed_count"):
        annotated: Any = talent_request
        return {
            "proposed": annotated.proposed_count,
            "invited": annotated.invited_count,
            "released": annotated.released_count,
            "withdrawn": annotated.withdrawn_count,
        }
    counted = selectors.with_counts(TalentRequest.objects.filter(pk=talent_request.pk)).get()
    return _counts(counted)


def _list_item(talent_request: TalentRequest) -> dict[str, Any]:
    return {
        "id": talent_request.pk,
        "reference": talent_request.reference,
        "title": talent_request.title,
        "status": talent_request.status,
        "status_label": str(talent_request.get_status_display()),
        "headcount": talent_request.headcount,
        "company": {"id": talent_request.company_id, "name": talent_request.company.name},
        "counts": _counts(talent_request),
        "created_at": talent_request.created_at,
    }


def _criteria_out(talent_request: TalentRequest, summary: list[str]) -> dict[str, Any]:
    criteria = {**services.empty_criteria(), **talent_request.criteria}
    return {**criteria, "summary": summary}


def _released_out(candidate: release_selectors.SharedCandidate) -> dict[str, Any]:
    profile = candidate.profile
    assert profile is not None  # only called for releases that stand
    return {
        "release_id": candidate.release.pk,
        "snapshot_version": profile.version,
        "snapshot_taken_at": profile.taken_at,
        "name": profile.name,
        "name_hangul": profile.name_hangul,
        "email": profile.email,
        "phone": profile.phone,
        "nationality": profile.nationality,
        "headline": profile.headline,
        "released_at": candidate.release.released_at,
        "education": [
            {
                "level": item.level,
                "level_label": item.level_label,
                "field": item.field,
                "institution": item.institution,
                "completed_on": item.completed_on,
            }
            for item in profile.education
        ],
        "experience": [
            {
                "organization": item.organization,
                "role": item.role,
                "field": item.field,
                "started_on": item.started_on,
                "ended_on": item.ended_on,
            }
            for item in profile.experience
        ],
        "skills": [
            {
                "code": item.code,
                "name": item.name,
                "proficiency": item.proficiency,
                "proficiency_label": item.proficiency_label,
            }
            for item in profile.skills
        ],
        "languages": [
            {
                "language": item.language,
                "language_label": item.language_label,
                "test": item.test,
                "test_label": item.test_label,
                "level": item.level,
            }
            for item in profile.languages
        ],
    }


def _withdrawn_out(candidate: release_selectors.SharedCandidate) -> dict[str, Any]:
    return {
        "release_id": candidate.release.pk,
        "status": ShortlistStatus.WITHDRAWN,
        "status_label": str(ShortlistStatus.WITHDRAWN.label),
        "released_at": candidate.release.released_at,
        "withdrawn_at": candidate.release.withdrawn_at,
    }


def _company_answer(talent_request: TalentRequest, *, reader: User | None = None) -> dict[str, Any]:
    """The request as the company sees it; with ``reader``, the read of the released profiles is
    logged for each talent (one list call)."""
    view = selectors.talent_request_for_company(talent_request)
    if reader is not None:
        record_personal_data_list_access(
            viewer=reader,
            subjects=release_selectors.released_people(view.shared),
            what=AccessWhat.TALENT_PROFILE,
            via="api",
        )
    return {
        **_list_item(talent_request),
        "description": talent_request.description,
        "criteria": _criteria_out(talent_request, view.criteria),
        "released_profiles": [_released_out(candidate) for candidate in view.shared if not candidate.withdrawn],
        "withdrawn_releases": [_withdrawn_out(candidate) for candidate in view.shared if candidate.withdrawn],
        "waiting_for_agreement": view.waiting,
        "closed_at": talent_request.closed_at,
    }


def _explanation_out(match: CandidateMatch | None) -> dict[str, Any] | None:
    if match is None or match.explanation is None:
        return None
    explanation = match.explanation

    def fit(value: Any) -> dict[str, str]:
        return {"status": value.status, "detail": str(value.detail)}

    return {
        "score": match.score,
        "skills_matched": [
            {
                "asked_for": skill.required_name,
                "matched": skill.matched_name,
                "how": skill.how,
                "required": skill.required,
            }
            for skill in explanation.skills_matched
        ],
        "skills_missing": [skill.name for skill in explanation.skills_missing],
        "education": fit(explanation.education),
        "experience": fit(explanation.experience),
        "salary": fit(explanation.salary),
        "languages": fit(explanation.languages),
        "visa": None
        if explanation.visa is None
        else {
            "status": explanation.visa.status,
            "best_track": explanation.visa.best.label if explanation.visa.best else "",
            "fast_track": explanation.visa.fast_track,
            "hints": list(explanation.visa.hints),
        },
    }


def shared_if_agreed() -> list[str]:
    return [str(label) for label in ReleasedPart.labels]


def _invitation_out(invitation: selectors.Invitation) -> dict[str, Any]:
    entry = invitation.entry
    talent_request = entry.talent_request
    return {
        "id": entry.pk,
        "status": entry.status,
        "status_label": str(entry.get_status_display()),
        "company": {"id": talent_request.company_id, "name": talent_request.company.name},
        "request_reference": talent_request.reference,
        "title": talent_request.title,
        "description": talent_request.description,
        "criteria": invitation.criteria,
        "note": entry.note_for_talent,
        "explanation": _explanation_out(invitation.match),
        "invited_at": entry.invited_at,
        "answered_at": entry.answered_at,
        "shared_if_agreed": shared_if_agreed(),
    }


def _entry_out(entry: ShortlistEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "profile_id": entry.profile_id,
        "name": entry.profile.full_name,
        "status": entry.status,
        "status_label": str(entry.get_status_display()),
        "score": entry.score,
        "note": entry.note_for_talent,
        "created_at": entry.created_at,
        "invited_at": entry.invited_at,
        "answered_at": entry.answered_at,
    }


def _staff_list_item(talent_request: TalentRequest) -> dict[str, Any]:
    return {
        **_list_item(talent_request),
        "curator": talent_request.curator.email if talent_request.curator is not None else None,
    }


def _staff_answer(talent_request: TalentRequest, *, reader: User | None = None) -> dict[str, Any]:
    """The curation view; with ``reader``, the read is logged for everyone it names (one list call)."""
    talent_request = TalentRequest.objects.select_related("company", "curator").get(pk=talent_request.pk)
    view = selectors.staff_talent_request(talent_request)
    if reader is not None:
        record_personal_data_list_access(
            viewer=reader, subjects=selectors.people_on_curation(view), what=AccessWhat.SHORTLIST, via="api"
        )
    return {
        **_staff_list_item(talent_request),
        "description": talent_request.description,
        "criteria": _criteria_out(talent_request, view.criteria),
        "candidates": [
            {
                "profile_id": candidate.profile.pk,
                "name": candidate.profile.full_name,
                "headline": candidate.profile.headline,
                "nationality": str(candidate.profile.nationality),
                "explanation": _explanation_out(candidate.match),
            }
            for candidate in view.candidates
            if candidate.match.explanation is not None
        ],
        "shortlist": [_entry_out(entry) for entry in view.shortlist],
        "releases": [
            {
                "profile_id": release.profile_id,
                "name": release.profile.full_name,
                "agreed_by": release.agreed_by.email,
                "released_at": release.released_at,
                "first_viewed_at": release.first_viewed_at,
                "withdrawn_at": release.withdrawn_at,
            }
            for release in view.releases
        ],
        "closed_at": talent_request.closed_at,
    }


def _company_request(request: HttpRequest, request_id: int) -> TalentRequest:
    return policies.access_talent_request_for_company(user=request.user, request_id=request_id)


def _staff_request(request: HttpRequest, request_id: int) -> TalentRequest:
    return policies.access_talent_request_for_staff(user=request.user, request_id=request_id)


def _own_invitation(request: HttpRequest, entry_id: int) -> ShortlistEntry:
    return policies.access_invitation_for_talent(user=request.user, entry_id=entry_id)


def _staff_entry(request: HttpRequest, entry_id: int) -> ShortlistEntry:
    if not policies.is_center_staff(request.user):
        raise Http404
    entry = ShortlistEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return entry


def _my_release_out(item: release_selectors.TalentRelease) -> dict[str, Any]:
    release = item.release
    talent_request = item.talent_request
    status = ShortlistStatus.WITHDRAWN if item.withdrawn else ShortlistStatus.RELEASED
    return {
        "id": release.pk,
        "status": status,
        "status_label": str(status.label),
        "company": {"id": release.company_id, "name": release.company.name},
        "request_reference": talent_request.reference,
        "request_title": talent_request.title,
        "parts": [{"code": code, "label": label} for code, label in zip(release.parts or [], item.parts, strict=True)],
        "released_at": release.released_at,
        "first_viewed_at": release.first_viewed_at,
        "last_viewed_at": release.last_viewed_at,
        "withdrawn_at": release.withdrawn_at,
        "can_withdraw": not item.withdrawn,
    }


def _invitation_answer(request: HttpRequest, entry: ShortlistEntry) -> dict[str, Any]:
    for invitation in selectors.talent_invitations(user=request.user):
        if invitation.entry.pk == entry.pk:
            return _invitation_out(invitation)
    raise Http404  # pragma: no cover - the entry was just answered by its owner


# --- Companies --------------------------------------------------------------------------------
@router.get("", response=list[TalentRequestListItemOut], summary="List my companies' talent requests")
@paginate(Pagination)
def talent_request_list(request: HttpRequest) -> Any:
    return [_list_item(item) for item in selectors.company_talent_requests(user=signed_in_user(request))]


@router.post("", response={201: TalentRequestOut}, summary="Ask the center for talent")
def talent_request_create(request: HttpRequest, payload: TalentRequestIn) -> Any:
    company = Company.objects.filter(pk=payload.company_id).first()
    if company is None or not policies.is_member(request.user, company.pk):
        raise Http404
    opening = None
    if payload.opening_id is not None:
        opening = Opening.objects.filter(pk=payload.opening_id, company=company).first()
        if opening is None:
            raise ValidationError({"opening_id": _("Choose one of your company's openings.")})
    talent_request = services.talent_request_create(
        actor=signed_in_user(request),
        company=company,
        title=payload.title,
        description=payload.description,
        criteria=payload.criteria.model_dump(),
        headcount=payload.headcount,
        opening=opening,
    )
    return Status(201, _company_answer(TalentRequest.objects.select_related("company").get(pk=talent_request.pk)))


@router.post("/count", response=CountOut, summary="How many discoverable profiles match these criteria")
def talent_request_count(request: HttpRequest, payload: CountIn) -> Any:
    """For companies (members of any company) and staff: the live count while writing a request."""
    if not (policies.is_center_staff(request.user) or _is_any_member(signed_in_user(request))):
        raise Http404
    from talentcenter.matching.selectors import count_candidates

    clean = services.criteria_clean(payload.model_dump())
    return {"count": count_candidates(queries.criteria_query(clean))}


def _is_any_member(user: User) -> bool:
    from talentcenter.organizations.models import CompanyMembership

    return CompanyMembership.objects.filter(user=user).exists()


@router.get("/invitations", response=list[ShortlistInvitationOut], summary="My invitations (the talent)")
def invitation_list(request: HttpRequest) -> Any:
    return [_invitation_out(invitation) for invitation in selectors.talent_invitations(user=request.user)]


@router.post("/invitations/{entry_id}/agree", response=ShortlistInvitationOut, summary="Agree to share my profile")
def invitation_agree(request: HttpRequest, entry_id: ObjectId) -> Any:
    entry = _own_invitation(request, entry_id)
    services.shortlist_agree(actor=signed_in_user(request), entry=entry)
    return _invitation_answer(request, entry)


@router.post("/invitations/{entry_id}/decline", response=ShortlistInvitationOut, summary="Decline to share my profile")
def invitation_decline(request: HttpRequest, entry_id: ObjectId) -> Any:
    entry = _own_invitation(request, entry_id)
    services.shortlist_decline(actor=signed_in_user(request), entry=entry)
    return _invitation_answer(request, entry)


@router.get("/releases", response=list[MyReleaseOut], summary="My data releases: who received my data (the talent)")
def release_list(request: HttpRequest) -> Any:
    return [_my_release_out(item) for item in release_selectors.talent_releases(user=request.user)]


@router.post(
    "/releases/{release_id}/withdraw",
    response=MyReleaseOut,
    summary="Withdraw my consent: the company no longer sees my data (the talent)",
)
def release_withdraw(request: HttpRequest, release_id: ObjectId) -> Any:
    release = policies.access_release_for_talent(user=request.user, release_id=release_id)
    release_services.release_withdraw(actor=signed_in_user(request), release=release)
    for item in release_selectors.talent_releases(user=request.user):
        if item.release.pk == release.pk:
            return _my_release_out(item)
    raise Http404  # pragma: no cover - the release was just withdrawn by its owner


@router.get("/{request_id}", response=TalentRequestOut, summary="Read a talent request (released profiles only)")
def talent_request_detail(request: HttpRequest, request_id: ObjectId) -> Any:
    talent_request = _company_request(request, request_id)
    reader = signed_in_user(request)
    release_services.release_views_record(actor=reader, talent_request=talent_request)
    return _company_answer(talent_request, reader=reader)


@router.post("/{request_id}/cancel", response=TalentRequestOut, summary="Cancel a talent request")
def talent_request_cancel(request: HttpRequest, request_id: ObjectId) -> Any:
    talent_request = _company_request(request, request_id)
    services.talent_request_cancel(actor=signed_in_user(request), talent_request=talent_request)
    return _company_answer(_company_request(request, request_id))


# --- Staff ------------------------------------------------------------------------------------
@staff_router.get("", response=list[StaffTalentRequestListItemOut], summary="The talent request queue")
@paginate(Pagination)
def staff_talent_request_queue(request: HttpRequest, filters: Query[StaffQueueFilter]) -> Any:
    return [_staff_list_item(item) for item in selectors.staff_queue(status=filters.status)]


@staff_router.post(
    "/shortlist/{entry_id}/invite", response=ShortlistEntryOut, summary="Ask the talent to agree (notice and e-mail)"
)
def staff_shortlist_invite(request: HttpRequest, entry_id: ObjectId) -> Any:
    entry = services.shortlist_invite(actor=signed_in_user(request), entry=_staff_entry(request, entry_id))
    return _entry_out(ShortlistEntry.objects.select_related("profile").get(pk=entry.pk))


@staff_router.post("/shortlist/{entry_id}/remove", response=ShortlistEntryOut, summary="Remove from the shortlist")
def staff_shortlist_remove(request: HttpRequest, entry_id: ObjectId) -> Any:
    entry = services.shortlist_remove(actor=signed_in_user(request), entry=_staff_entry(request, entry_id))
    return _entry_out(ShortlistEntry.objects.select_related("profile").get(pk=entry.pk))


@staff_router.get("/{request_id}", response=StaffTalentRequestOut, summary="Read a request with ranked candidates")
def staff_talent_request_detail(request: HttpRequest, request_id: ObjectId) -> Any:
    return _staff_answer(_staff_request(request, request_id), reader=signed_in_user(request))


@staff_router.post("/{request_id}/start-curating", response=StaffTalentRequestOut, summary="Start curating")
def staff_start_curating(request: HttpRequest, request_id: ObjectId) -> Any:
    talent_request = services.talent_request_start_curating(
        actor=signed_in_user(request), talent_request=_staff_request(request, request_id)
    )
    return _staff_answer(talent_request)


@staff_router.post("/{request_id}/send-shortlist", response=StaffTalentRequestOut, summary="Send the shortlist")
def staff_send_shortlist(request: HttpRequest, request_id: ObjectId) -> Any:
    talent_request = services.talent_request_send_shortlist(
        actor=signed_in_user(request), talent_request=_staff_request(request, request_id)
    )
    return _staff_answer(talent_request)


@staff_router.post("/{request_id}/close", response=StaffTalentRequestOut, summary="Close the request")
def staff_close(request: HttpRequest, request_id: ObjectId) -> Any:
    talent_request = services.talent_request_close(
        actor=signed_in_user(request), talent_request=_staff_request(request, request_id)
    )
    return _staff_answer(talent_request)


@staff_router.post(
    "/{request_id}/shortlist", response={201: ShortlistEntryOut}, summary="Add a profile to the shortlist"
)
def staff_shortlist_add(request: HttpRequest, request_id: ObjectId, payload: ShortlistAddIn) -> Any:
    entry = services.shortlist_add(
        actor=signed_in_user(request),
        talent_request=_staff_request(request, request_id),
        profile_id=payload.profile_id,
        note_for_talent=payload.note,
    )
    return Status(201, _entry_out(ShortlistEntry.objects.select_related("profile").get(pk=entry.pk)))

"""The talent's jobs over HTTP, at ``/api/v1/me/jobs``: my applications (apply in one step,
withdraw), my saved searches (the job board's filters, with e-mail alerts) and recommended
openings with the matcher's reasons.

Thin clients of ``jobs.services.applications``, ``jobs.services.searches`` and
``jobs.selectors.talent``: 404 for an opening, application or search the caller may not see,
403 when a talent profile is needed and the caller has none, 409 (code ``conflict``) when the
application has moved on or was already made, 422 for invalid input (bodies are strict: unknown
fields, and unknown search criteria, are refused).
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.api.schemas import (
    MAX_ID,
    MAX_LIMIT,
    MAX_OFFSET,
    InputSchema,
    ObjectId,
    PlainText,
    StrictBoolean,
    WholeNumber,
)
from talentcenter.jobs import policies
from talentcenter.jobs.enums import ApplicationStage, Region
from talentcenter.jobs.models import JobApplication, SavedSearch
from talentcenter.jobs.selectors import talent as selectors
from talentcenter.jobs.services import applications as application_services
from talentcenter.jobs.services import searches as search_services
from talentcenter.matching.explain import Explanation, Fit, TrackFit, VisaFit
from talentcenter.reference.enums import AdvancedIndustry

router = Router(tags=["jobs"])

SponsorshipFilter = Literal["any", "ktech_pass", "e7_recommendation", "either"]
MAX_RECOMMENDATIONS = 50
SearchWords = Annotated[str, PlainText(search_services.QUERY_MAX_LENGTH)]
SalaryMin = Annotated[int, Field(ge=search_services.SALARY_MIN, le=search_services.SALARY_MAX), WholeNumber]
Id = Annotated[int, Field(ge=1, le=MAX_ID), WholeNumber]


# --- Schemas ----------------------------------------------------------------------------------
class MyApplicationEventOut(Schema):
    occurred_at: datetime
    label: str


class MyApplicationOut(Schema):
    """One of my applications, with what has happened to it."""

    id: int
    opening_id: int
    opening_title: str
    company_id: int
    company_name: str
    stage: ApplicationStage
    stage_label: str
    cover_note: str
    submitted_at: datetime
    stage_changed_at: datetime
    can_withdraw: bool
    timeline: list[MyApplicationEventOut]


class MyApplicationPageOut(Schema):
    items: list[MyApplicationOut]
    count: int


class MyApplicationIn(InputSchema):
    opening_id: Id
    cover_note: Annotated[str, PlainText(application_services.COVER_NOTE_MAX_LENGTH)] = ""


class MyApplicationsQuery(Schema):
    limit: int = Field(25, ge=1, le=MAX_LIMIT, description="How many items to return.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


class SavedSearchCriteriaIn(InputSchema):
    """The job board's filters. Leave out what you do not filter by; other keys are refused."""

    q: SearchWords | None = Field(None, description="Words to search for.")
    industry: AdvancedIndustry | None = None
    region: Region | None = None
    salary_min: SalaryMin | None = Field(None, description="The lowest annual salary, in KRW.")
    occupation: Annotated[str, PlainText(10)] | None = Field(None, description="A KSCO occupation code, e.g. 2211.")
    sponsorship: SponsorshipFilter | None = None


class SavedSearchCriteriaOut(Schema):
    q: str | None = None
    industry: str | None = None
    region: str | None = None
    salary_min: int | None = None
    occupation: str | None = None
    sponsorship: str | None = None


class MySavedSearchIn(InputSchema):
    name: Annotated[str, PlainText(search_services.NAME_MAX_LENGTH, min_length=1)]
    criteria: SavedSearchCriteriaIn = Field(default_factory=lambda: SavedSearchCriteriaIn.model_validate({}))
    alert: StrictBoolean = True


class MySavedSearchPatchIn(InputSchema):
    """Send only what changes."""

    name: Annotated[str, PlainText(search_services.NAME_MAX_LENGTH, min_length=1)] | None = None
    criteria: SavedSearchCriteriaIn | None = None
    alert: StrictBoolean | None = None


class MySavedSearchOut(Schema):
    id: int
    name: str
    criteria: SavedSearchCriteriaOut
    alert: bool
    last_alerted_at: datetime | None
    created_at: datetime


class RecommendationFitOut(Schema):
    status: Literal["fits", "partly", "missing", "unknown"]
    detail: str


class RecommendationSkillMatchOut(Schema):
    required_code: str
    required_name: str
    matched_code: str
    matched_name: str
    how: str
    how_label: str
    credit: float
    required: bool


class RecommendationMissingSkillOut(Schema):
    code: str
    name: str
    required: bool


class RecommendationTrackFitOut(Schema):
    programme: str
    track: str
    label: str
    status: str
    fast_track: bool


class RecommendationVisaFitOut(Schema):
    best: RecommendationTrackFitOut | None
    tracks: list[RecommendationTrackFitOut]
    hints: list[str]
    fast_track: bool
    score: float


class RecommendationExplanationOut(Schema):
    skills_matched: list[RecommendationSkillMatchOut]
    skills_missing: list[RecommendationMissingSkillOut]
    education: RecommendationFitOut
    experience: RecommendationFitOut
    salary: RecommendationFitOut
    languages: RecommendationFitOut
    industry: bool
    visa: RecommendationVisaFitOut | None


class RecommendedOpeningOut(Schema):
    opening_id: int
    title: str
    company_name: str
    region: str
    closing_date: date | None
    score: float = Field(description="0 to 100.")
    components: dict[str, float]
    explanation: RecommendationExplanationOut | None


class RecommendationsQuery(Schema):
    limit: int = Field(20, ge=1, le=MAX_RECOMMENDATIONS, description="How many openings to return.")


# --- Answers ----------------------------------------------------------------------------------
def _application(row: selectors.ApplicationRow) -> dict[str, Any]:
    application = row.application
    return {
        "id": application.pk,
        "opening_id": application.opening_id,
        "opening_title": application.opening.title,
        "company_id": application.opening.company_id,
        "company_name": application.opening.company.name,
        "stage": application.stage,
        "stage_label": str(application.get_stage_display()),
        "cover_note": application.cover_note,
        "submitted_at": application.submitted_at,
        "stage_changed_at": application.stage_changed_at,
        "can_withdraw": row.can_withdraw,
        "timeline": [{"occurred_at": entry.occurred_at, "label": entry.label} for entry in row.timeline],
    }


def _one_application(application_id: int) -> dict[str, Any]:
    application = JobApplication.objects.select_related("opening__company").get(pk=application_id)
    [row] = selectors.application_rows([application])
    return _application(row)


def _search(search: SavedSearch) -> dict[str, Any]:
    return {
        "id": search.pk,
        "name": search.name,
        "criteria": dict(search.criteria or {}),
        "alert": search.alert,
        "last_alerted_at": search.last_alerted_at,
        "created_at": search.created_at,
    }


def _own_search(request: HttpRequest, search_id: int) -> SavedSearch:
    search = SavedSearch.objects.filter(pk=search_id, user_id=signed_in_user(request).pk).first()
    if search is None:
        raise Http404
    return search


def _criteria(criteria: SavedSearchCriteriaIn) -> dict[str, Any]:
    return criteria.model_dump(mode="json", exclude_none=True)


def _fit(fit: Fit) -> dict[str, Any]:
    return {"status": fit.status, "detail": str(fit.detail)}


def _track(track: TrackFit) -> dict[str, Any]:
    return {
        "programme": track.programme,
        "track": track.track,
        "label": str(track.label),
        "status": track.status,
        "fast_track": track.fast_track,
    }


def _visa(visa: VisaFit | None) -> dict[str, Any] | None:
    if visa is None:
        return None
    return {
        "best": _track(visa.best) if visa.best else None,
        "tracks": [_track(track) for track in visa.tracks],
        "hints": [str(hint) for hint in visa.hints],
        "fast_track": visa.fast_track,
        "score": float(visa.score),
    }


def _explanation(explanation: Explanation | None) -> dict[str, Any] | None:
    if explanation is None:
        return None
    return {
        "skills_matched": [
            {
                "required_code": skill.required_code,
                "required_name": str(skill.required_name),
                "matched_code": skill.matched_code,
                "matched_name": str(skill.matched_name),
                "how": skill.how,
                "how_label": str(skill.how_label),
                "credit": float(skill.credit),
                "required": skill.required,
            }
            for skill in explanation.skills_matched
        ],
        "skills_missing": [
            {"code": skill.code, "name": str(skill.name), "required": skill.required}
            for skill in explanation.skills_missing
        ],
        "education": _fit(explanation.education),
        "experience": _fit(explanation.experience),
        "salary": _fit(explanation.salary),
        "languages": _fit(explanation.languages),
        "industry": bool(explanation.industry),
        "visa": _visa(explanation.visa),
    }


# --- Applications -----------------------------------------------------------------------------
@router.get("/applications", response=MyApplicationPageOut, summary="List my job applications")
def application_list(request: HttpRequest, page: Query[MyApplicationsQuery]) -> dict[str, Any]:
    """Newest first, each with its stage and timeline. Someone without a talent profile has none."""
    profile = selectors.profile_of_user(signed_in_user(request))
    applications = selectors.applications_of_profile(profile.pk if profile else None)
    count = applications.count()
    rows = selectors.application_rows(list(applications[page.offset : page.offset + page.limit]))
    return {"items": [_application(row) for row in rows], "count": count}


@router.post("/applications", response={201: MyApplicationOut}, summary="Apply to an opening with my profile")
def application_create(request: HttpRequest, payload: MyApplicationIn) -> Status[dict[str, Any]]:
    """One step: the profile goes to the opening's company (recorded in the audit trail). 403
    without a talent profile, 422 when the profile is incomplete or the note too long, 409 when
    already applied or the opening no longer takes applications."""
    user = signed_in_user(request)
    opening = policies.access_opening_for_viewing(user=user, opening_id=payload.opening_id)
    application = application_services.application_submit(actor=user, opening=opening, cover_note=payload.cover_note)
    return Status(201, _one_application(application.pk))


@router.post(
    "/applications/{application_id}/withdraw", response=MyApplicationOut, summary="Withdraw one of my applications"
)
def application_withdraw(request: HttpRequest, application_id: ObjectId) -> dict[str, Any]:
    application = policies.access_application_for_talent(user=request.user, application_id=application_id)
    application_services.application_withdraw(actor=signed_in_user(request), application=application)
    return _one_application(application.pk)


# --- Saved searches ---------------------------------------------------------------------------
@router.get("/searches", response=list[MySavedSearchOut], summary="List my saved searches")
def search_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_search(search) for search in selectors.saved_searches_of(signed_in_user(request))]


@router.post("/searches", response={201: MySavedSearchOut}, summary="Save a job board search")
def search_create(request: HttpRequest, payload: MySavedSearchIn) -> Status[dict[str, Any]]:
    """At most 20 per person, names unique per person; ``alert`` e-mails new matching openings."""
    search = search_services.saved_search_create(
        actor=signed_in_user(request), name=payload.name, criteria=_criteria(payload.criteria), alert=payload.alert
    )
    return Status(201, _search(search))


@router.patch("/searches/{search_id}", response=MySavedSearchOut, summary="Rename, re-filter or turn alerts on or off")
def search_update(request: HttpRequest, search_id: ObjectId, payload: MySavedSearchPatchIn) -> dict[str, Any]:
    search = _own_search(request, search_id)
    changes: dict[str, Any] = {}
    if payload.name is not None:
        changes["name"] = payload.name
    if payload.criteria is not None:
        changes["criteria"] = _criteria(payload.criteria)
    if payload.alert is not None:
        changes["alert"] = payload.alert
    search = search_services.saved_search_update(actor=signed_in_user(request), search=search, **changes)
    return _search(search)


@router.delete("/searches/{search_id}", response={204: None}, summary="Delete a saved search")
def search_delete(request: HttpRequest, search_id: ObjectId) -> Status[None]:
    search = _own_search(request, search_id)
    search_services.saved_search_delete(actor=signed_in_user(request), search=search)
    return Status(204, None)


# --- Recommendations --------------------------------------------------------------------------
@router.get(
    "/recommendations", response=list[RecommendedOpeningOut], summary="Openings recommended for me, with the reasons"
)
def recommendation_list(request: HttpRequest, query: Query[RecommendationsQuery]) -> list[dict[str, Any]]:
    """The open openings that fit my profile best (those I applied to left out), each with its
    score and explanation: matched and missing skills, degree, experience, salary and language
    fit, and the visa programme the hire would qualify for, with hints. Needs a talent profile."""
    profile = selectors.profile_of_user(signed_in_user(request))
    if profile is None:
        raise PermissionDenied(_("Recommendations need a talent profile. Create yours first."))
    return [
        {
            "opening_id": item.opening.pk,
            "title": item.opening.title,
            "company_name": item.opening.company.name,
            "region": item.opening.region,
            "closing_date": item.opening.closing_date,
            "score": float(item.match.score),
            "components": {key: float(value) for key, value in item.match.components.items()},
            "explanation": _explanation(item.match.explanation),
        }
        for item in selectors.recommended_openings(profile_id=profile.pk, limit=query.limit)
    ]

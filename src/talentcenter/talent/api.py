"""The caller's own talent profile, and the staff's view of every profile.

Endpoints translate between JSON and the services; every rule lives in ``services`` and
``policies``. Another person's entry is answered with 404, exactly like a missing one.
"""

from datetime import date, datetime
from typing import Annotated, Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from talentcenter.accounts.enums import ConsentKind
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.accounts.selectors import consent_current
from talentcenter.foundation.api.errors import ApiError, ErrorCode
from talentcenter.foundation.api.schemas import (
    DateText,
    InputSchema,
    ObjectId,
    Pagination,
    PlainText,
    StrictBoolean,
    WholeNumber,
)
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.paging import LoggedPage
from talentcenter.privacy.services import record_personal_data_access
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.talent import policies, selectors, services
from talentcenter.talent.enums import (
    EducationLevel,
    LanguageTest,
    OrganizationKind,
    Proficiency,
    SpokenLanguage,
    Visibility,
)
from talentcenter.talent.models import (
    SALARY_MAX_KRW,
    SALARY_MIN_KRW,
    Education,
    Experience,
    LanguageEntry,
    SkillEntry,
    TalentProfile,
)
from talentcenter.talent.policies import access_own_profile_entry

router = Router(tags=["profile"])
staff_router = Router()

COUNTRY_PATTERN = r"^[A-Z]{2}$"
CountryCode = Field(pattern=COUNTRY_PATTERN, description="ISO 3166-1 alpha-2 code, e.g. DE")


# --- Output -----------------------------------------------------------------------------------
class EducationOut(Schema):
    id: int
    level: EducationLevel
    field: str
    institution: str
    country: str
    completed_on: date | None

    @staticmethod
    def resolve_country(obj: Education) -> str:
        return str(obj.country)


class ExperienceOut(Schema):
    id: int
    organization: str
    organization_kind: OrganizationKind
    role: str
    field: str
    started_on: date
    ended_on: date | None
    is_postdoctoral: bool


class SkillOut(Schema):
    id: int
    skill: str = Field(description="Code in the skills taxonomy")
    name: str
    proficiency: Proficiency

    @staticmethod
    def resolve_skill(obj: SkillEntry) -> str:
        return obj.skill.code

    @staticmethod
    def resolve_name(obj: SkillEntry) -> str:
        return obj.skill.name


class LanguageOut(Schema):
    id: int
    language: SpokenLanguage
    test: LanguageTest
    level: str


class ProfileOut(Schema):
    id: int
    email: str
    family_name: str
    given_name: str
    name_hangul: str
    birth_date: date | None
    nationality: str
    country_of_residence: str
    phone: str
    contact_email: str
    headline: str
    visibility: Visibility
    desired_industries: list[str]
    desired_salary_krw: int | None = Field(description="Lowest annual salary accepted, in KRW")
    consent_profile_sharing: bool
    consent_marketing: bool
    highest_education_level: EducationLevel | None
    completed_at: datetime | None
    updated_at: datetime
    missing: list[str] = Field(description="What still keeps the profile from being complete")
    educations: list[EducationOut]
    experiences: list[ExperienceOut]
    skills: list[SkillOut]
    languages: list[LanguageOut]


class TalentListItemOut(Schema):
    id: int
    email: str
    full_name: str
    name_hangul: str
    nationality: str
    highest_education_level: EducationLevel | None
    visibility: Visibility
    completed_at: datetime | None
    updated_at: datetime

    @staticmethod
    def resolve_email(obj: TalentProfile) -> str:
        return obj.user.email

    @staticmethod
    def resolve_nationality(obj: TalentProfile) -> str:
        return str(obj.nationality)


def _profile_out(profile: TalentProfile) -> dict[str, Any]:
    user = profile.user
    return {
        "id": profile.pk,
        "email": user.email,
        **{field: getattr(profile, field) for field in services.PERSONAL_FIELDS},
        "nationality": str(profile.nationality),
        "country_of_residence": str(profile.country_of_residence),
        "visibility": profile.visibility,
        "desired_industries": sorted(industry.code for industry in profile.desired_industries.all()),
        "desired_salary_krw": profile.desired_salary_krw,
        "consent_profile_sharing": consent_current(user=user, kind=ConsentKind.PROFILE_SHARING),
        "consent_marketing": consent_current(user=user, kind=ConsentKind.MARKETING),
        "highest_education_level": profile.highest_education_level,
        "completed_at": profile.completed_at,
        "updated_at": profile.updated_at,
        "missing": services.profile_missing_parts(profile),
        "educations": list(profile.educations.all()),
        "experiences": list(profile.experiences.all()),
        "skills": list(profile.skills.all()),
        "languages": list(profile.languages.all()),
    }


# --- Input ------------------------------------------------------------------------------------
class ProfilePatchIn(InputSchema):
    """Send only what changes. Personal details and preferences may be sent together."""

    family_name: Annotated[str, PlainText(80)] = ""
    given_name: Annotated[str, PlainText(80)] = ""
    name_hangul: Annotated[str, PlainText(40)] = ""
    birth_date: DateText | None = None
    nationality: str = Field("", pattern=r"^([A-Z]{2})?$", description="ISO 3166-1 alpha-2")
    country_of_residence: str = Field("", pattern=r"^([A-Z]{2})?$", description="ISO 3166-1 alpha-2")
    phone: Annotated[str, PlainText(20)] = ""
    contact_email: Annotated[str, PlainText(254)] = ""
    headline: Annotated[str, PlainText(160)] = ""
    visibility: Visibility = Visibility.PRIVATE
    desired_industries: list[AdvancedIndustry] = Field(default_factory=list, max_length=8)
    desired_salary_krw: int | None = Field(
        None, ge=SALARY_MIN_KRW, le=SALARY_MAX_KRW, strict=True, description="Lowest annual salary accepted, in KRW"
    )
    consent_profile_sharing: StrictBoolean = False
    consent_marketing: StrictBoolean = False


PREFERENCE_FIELDS = (
    "visibility",
    "desired_industries",
    "desired_salary_krw",
    "consent_profile_sharing",
    "consent_marketing",
)


class EducationIn(InputSchema):
    level: Annotated[EducationLevel, WholeNumber]
    field: Annotated[str, PlainText(120, min_length=1)]
    institution: Annotated[str, PlainText(200, min_length=1)]
    country: str = CountryCode
    completed_on: DateText | None = None


class EducationPatchIn(InputSchema):
    level: Annotated[EducationLevel, WholeNumber] = EducationLevel.BACHELOR
    field: Annotated[str, PlainText(120, min_length=1)] = ""
    institution: Annotated[str, PlainText(200, min_length=1)] = ""
    country: str = Field("", pattern=COUNTRY_PATTERN)
    completed_on: DateText | None = None


class ExperienceIn(InputSchema):
    organization: Annotated[str, PlainText(200, min_length=1)]
    organization_kind: OrganizationKind
    role: Annotated[str, PlainText(120, min_length=1)]
    field: Annotated[str, PlainText(120, min_length=1)]
    started_on: DateText
    ended_on: DateText | None = None
    is_postdoctoral: StrictBoolean = False


class ExperiencePatchIn(InputSchema):
    organization: Annotated[str, PlainText(200, min_length=1)] = ""
    organization_kind: OrganizationKind = OrganizationKind.COMPANY
    role: Annotated[str, PlainText(120, min_length=1)] = ""
    field: Annotated[str, PlainText(120, min_length=1)] = ""
    started_on: DateText = date(2000, 1, 1)
    ended_on: DateText | None = None
    is_postdoctoral: StrictBoolean = False


class SkillIn(InputSchema):
    skill: Annotated[str, PlainText(80, min_length=1)] = Field(description="Code in the skills taxonomy")
    proficiency: Annotated[Proficiency, WholeNumber]


class SkillPatchIn(InputSchema):
    proficiency: Annotated[Proficiency, WholeNumber]


class LanguageIn(InputSchema):
    language: SpokenLanguage
    test: LanguageTest = LanguageTest.NONE
    level: Annotated[str, PlainText(10)] = ""


class LanguagePatchIn(InputSchema):
    test: LanguageTest
    level: Annotated[str, PlainText(10)] = ""


class TalentFilters(Schema):
    search: Annotated[str, PlainText(100)] = Field("", description="Part of a name or e-mail address")
    nationality: str = Field("", pattern=r"^([A-Za-z]{2})?$")
    industry: AdvancedIndustry | None = None
    education_level: EducationLevel | None = Field(None, description="At least this degree")
    visibility: Visibility | None = None


# --- Helpers ----------------------------------------------------------------------------------
def _own_profile(request: HttpRequest) -> TalentProfile:
    """The caller's profile; it is started by the first change, never by a read."""
    return services.talent_profile_get_or_create(user=signed_in_user(request))


def _changed(payload: InputSchema) -> dict[str, Any]:
    values = payload.model_dump(exclude_unset=True)
    return {key: value.value if hasattr(value, "value") else value for key, value in values.items()}


# --- The profile ------------------------------------------------------------------------------
@router.get("", response=ProfileOut, summary="Read my talent profile")
def profile_read(request: HttpRequest) -> dict[str, Any]:
    profile = selectors.talent_profile_of_user(user_id=signed_in_user(request).pk)
    if profile is None:
        raise ApiError(
            status=404,
            code=ErrorCode.NOT_FOUND,
            message=_("You have no talent profile yet. Save any part of it to start one."),
        )
    return _profile_out(profile)


@router.patch("", response=ProfileOut, summary="Change my personal details and preferences")
def profile_update(request: HttpRequest, payload: ProfilePatchIn) -> dict[str, Any]:
    """Either every change is saved or, on any error, none is."""
    values = payload.model_dump(exclude_unset=True)
    personal = {key: value for key, value in values.items() if key in services.PERSONAL_FIELDS}
    preferences = {key: value for key, value in values.items() if key in PREFERENCE_FIELDS}
    user = signed_in_user(request)
    with transaction.atomic():
        profile = _own_profile(request)
        if personal:
            profile = services.talent_profile_update_personal(profile=profile, actor=user, **personal)
        if preferences:
            current = _profile_out(selectors.talent_profile_detail(profile_id=profile.pk))
            industries = preferences.get("desired_industries", current["desired_industries"])
            services.talent_preferences_update(
                profile=profile,
                actor=user,
                desired_industry_codes=[str(getattr(code, "value", code)) for code in industries],
                visibility=str(getattr(preferences.get("visibility"), "value", current["visibility"])),
                consent_profile_sharing=preferences.get("consent_profile_sharing", current["consent_profile_sharing"]),
                consent_marketing=preferences.get("consent_marketing", current["consent_marketing"]),
                desired_salary_krw=preferences.get("desired_salary_krw", current["desired_salary_krw"]),
            )
    return _profile_out(selectors.talent_profile_detail(profile_id=profile.pk))


@router.post("/complete", response=ProfileOut, summary="Mark my profile as complete")
def profile_complete(request: HttpRequest) -> dict[str, Any]:
    profile = services.talent_profile_complete(profile=_own_profile(request), actor=signed_in_user(request))
    return _profile_out(selectors.talent_profile_detail(profile_id=profile.pk))


# --- Education --------------------------------------------------------------------------------
def _education(request: HttpRequest, education_id: int) -> Education:
    return access_own_profile_entry(user=signed_in_user(request), model=Education, entry_id=education_id)


@router.get("/educations", response=list[EducationOut], summary="List my education")
def education_list(request: HttpRequest) -> QuerySet[Education]:
    return Education.objects.none() if (p := _profile_or_none(request)) is None else p.educations.all()


@router.post("/educations", response={201: EducationOut}, summary="Add a degree or school")
def education_create(request: HttpRequest, payload: EducationIn) -> Status[Education]:
    with transaction.atomic():
        education = services.education_add(
            profile=_own_profile(request), actor=signed_in_user(request), **_changed(payload)
        )
    return Status(201, education)


@router.patch("/educations/{education_id}", response=EducationOut, summary="Change a degree or school")
def education_update(request: HttpRequest, education_id: ObjectId, payload: EducationPatchIn) -> Education:
    education = _education(request, education_id)
    return services.education_update(education=education, actor=signed_in_user(request), **_changed(payload))


@router.delete("/educations/{education_id}", response={204: None}, summary="Remove a degree or school")
def education_delete(request: HttpRequest, education_id: ObjectId) -> Status[None]:
    services.education_remove(education=_education(request, education_id), actor=signed_in_user(request))
    return Status(204, None)


# --- Experience -------------------------------------------------------------------------------
def _experience(request: HttpRequest, experience_id: int) -> Experience:
    return access_own_profile_entry(user=signed_in_user(request), model=Experience, entry_id=experience_id)


def _profile_or_none(request: HttpRequest) -> TalentProfile | None:
    return TalentProfile.objects.filter(user_id=signed_in_user(request).pk).first()


@router.get("/experiences", response=list[ExperienceOut], summary="List my positions")
def experience_list(request: HttpRequest) -> QuerySet[Experience]:
    return Experience.objects.none() if (p := _profile_or_none(request)) is None else p.experiences.all()


@router.post("/experiences", response={201: ExperienceOut}, summary="Add a position")
def experience_create(request: HttpRequest, payload: ExperienceIn) -> Status[Experience]:
    with transaction.atomic():
        experience = services.experience_add(
            profile=_own_profile(request), actor=signed_in_user(request), **_changed(payload)
        )
    return Status(201, experience)


@router.patch("/experiences/{experience_id}", response=ExperienceOut, summary="Change a position")
def experience_update(request: HttpRequest, experience_id: ObjectId, payload: ExperiencePatchIn) -> Experience:
    experience = _experience(request, experience_id)
    return services.experience_update(experience=experience, actor=signed_in_user(request), **_changed(payload))


@router.delete("/experiences/{experience_id}", response={204: None}, summary="Remove a position")
def experience_delete(request: HttpRequest, experience_id: ObjectId) -> Status[None]:
    services.experience_remove(experience=_experience(request, experience_id), actor=signed_in_user(request))
    return Status(204, None)


# --- Skills -----------------------------------------------------------------------------------
def _skill_entry(request: HttpRequest, entry_id: int) -> SkillEntry:
    return access_own_profile_entry(user=signed_in_user(request), model=SkillEntry, entry_id=entry_id)


@router.get("/skills", response=list[SkillOut], summary="List my skills")
def skill_list(request: HttpRequest) -> QuerySet[SkillEntry]:
    profile = _profile_or_none(request)
    return SkillEntry.objects.none() if profile is None else profile.skills.select_related("skill")


@router.post("/skills", response={201: SkillOut}, summary="Add a skill, or change its proficiency")
def skill_create(request: HttpRequest, payload: SkillIn) -> Status[SkillEntry]:
    with transaction.atomic():
        entry = services.skill_set(
            profile=_own_profile(request),
            actor=signed_in_user(request),
            skill_code=payload.skill,
            proficiency=int(payload.proficiency),
        )
    return Status(201, entry)


@router.patch("/skills/{entry_id}", response=SkillOut, summary="Change the proficiency of a skill")
def skill_update(request: HttpRequest, entry_id: ObjectId, payload: SkillPatchIn) -> SkillEntry:
    entry = _skill_entry(request, entry_id)
    return services.skill_set(
        profile=entry.profile,
        actor=signed_in_user(request),
        skill_code=entry.skill.code,
        proficiency=int(payload.proficiency),
    )


@router.delete("/skills/{entry_id}", response={204: None}, summary="Remove a skill")
def skill_delete(request: HttpRequest, entry_id: ObjectId) -> Status[None]:
    services.skill_remove(entry=_skill_entry(request, entry_id), actor=signed_in_user(request))
    return Status(204, None)


# --- Languages --------------------------------------------------------------------------------
def _language_entry(request: HttpRequest, entry_id: int) -> LanguageEntry:
    return access_own_profile_entry(user=signed_in_user(request), model=LanguageEntry, entry_id=entry_id)


@router.get("/languages", response=list[LanguageOut], summary="List my languages")
def language_list(request: HttpRequest) -> QuerySet[LanguageEntry]:
    return LanguageEntry.objects.none() if (p := _profile_or_none(request)) is None else p.languages.all()


@router.post("/languages", response={201: LanguageOut}, summary="Add a language, or change its level")
def language_create(request: HttpRequest, payload: LanguageIn) -> Status[LanguageEntry]:
    with transaction.atomic():
        entry = services.language_set(
            profile=_own_profile(request),
            actor=signed_in_user(request),
            language=payload.language.value,
            test=payload.test.value,
            level=payload.level,
        )
    return Status(201, entry)


@router.patch("/languages/{entry_id}", response=LanguageOut, summary="Change the test or level of a language")
def language_update(request: HttpRequest, entry_id: ObjectId, payload: LanguagePatchIn) -> LanguageEntry:
    entry = _language_entry(request, entry_id)
    return services.language_set(
        profile=entry.profile,
        actor=signed_in_user(request),
        language=entry.language,
        test=payload.test.value,
        level=payload.level,
    )


@router.delete("/languages/{entry_id}", response={204: None}, summary="Remove a language")
def language_delete(request: HttpRequest, entry_id: ObjectId) -> Status[None]:
    services.language_remove(entry=_language_entry(request, entry_id), actor=signed_in_user(request))
    return Status(204, None)


# --- Staff ------------------------------------------------------------------------------------
@staff_router.get("", response=list[TalentListItemOut], summary="List talent profiles")
@paginate(Pagination)
def staff_talent_list(request: HttpRequest, filters: Query[TalentFilters]) -> Any:
    profiles = selectors.talent_list_for_staff(
        search=filters.search,
        nationality=filters.nationality,
        industry=filters.industry.value if filters.industry else "",
        education_level=int(filters.education_level) if filters.education_level is not None else None,
        visibility=filters.visibility.value if filters.visibility else "",
    )
    return LoggedPage(
        profiles.select_related("user"),
        viewer=signed_in_user(request),
        people=lambda page: [profile.user for profile in page],
        what=AccessWhat.TALENT_LIST,
    )


@staff_router.get("/{profile_id}", response=ProfileOut, summary="Read a talent profile")
def staff_talent_read(request: HttpRequest, profile_id: ObjectId) -> dict[str, Any]:
    profile = policies.access_profile_for_viewing(user=request.user, profile_id=profile_id)
    detail = selectors.talent_profile_detail(profile_id=profile.pk)
    record_personal_data_access(
        viewer=signed_in_user(request), subject=detail.user, what=AccessWhat.TALENT_PROFILE, obj=detail, via="api"
    )
    return _profile_out(detail)

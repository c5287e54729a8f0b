"""The company's side: its openings with applicant counts per stage, an opening's pipeline, and an
application's notes and history. Fixed numbers of queries (stated on each function)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from talentcenter.accounts.policies import Visitor, is_signed_in
from talentcenter.audit.models import AuditEvent
from talentcenter.foundation.i18n import current_language
from talentcenter.jobs.enums import ApplicationStage
from talentcenter.jobs.models import ApplicationNote, JobApplication, Opening
from talentcenter.matching.models import ProfileVector
from talentcenter.matching.taxonomy import current_taxonomy
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.models import Company
from talentcenter.talent.enums import EducationLevel, SpokenLanguage

PIPELINE_STAGES = [
    ApplicationStage.NEW,
    ApplicationStage.SCREENING,
    ApplicationStage.INTERVIEW,
    ApplicationStage.OFFER,
    ApplicationStage.HIRED,
    ApplicationStage.REJECTED,
    ApplicationStage.WITHDRAWN,
]


def stage_count_name(stage: str) -> str:
    return f"count_{stage}"


def companies_of_user(user: Visitor) -> QuerySet[Company]:
    """The companies a person belongs to (any status), by name."""
    if not is_signed_in(user):
        return Company.objects.none()
    return Company.objects.filter(memberships__user=user).order_by("name_en", "pk")


def verified_companies_of_user(user: Visitor) -> QuerySet[Company]:
    return companies_of_user(user).filter(status=CompanyStatus.VERIFIED)


def company_openings(company_id: int, *, status: str = "") -> QuerySet[Opening]:
    """The company's openings, newest first, each with ``count_<stage>`` and ``applicant_count``
    (conditional aggregation: one query for the whole page)."""
    counts = {
        stage_count_name(stage): Count("applications", filter=Q(applications__stage=stage)) for stage in PIPELINE_STAGES
    }
    openings = Opening.objects.filter(company_id=company_id)
    if status:
        openings = openings.filter(status=status)
    return (
        openings.select_related("occupation")
        .annotate(applicant_count=Count("applications"), **counts)
        .order_by("-created_at", "-id")
    )


@dataclass
class StageColumn:
    stage: str
    label: str
    applications: list[JobApplication] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.applications)


def opening_pipeline(opening: Opening) -> list[StageColumn]:
    """The opening's applicants by stage, each with the profile summary the company may see since
    the talent applied (profile, account, educations, experiences: four queries)."""
    columns: dict[str, StageColumn] = {
        str(stage): StageColumn(stage=str(stage), label=str(ApplicationStage(stage).label)) for stage in PIPELINE_STAGES
    }
    applications = (
        JobApplication.objects.filter(opening=opening)
        .select_related("profile__user")
        .prefetch_related("profile__educations", "profile__experiences")
        .order_by("submitted_at", "id")
    )
    for application in applications:
        columns[application.stage].applications.append(application)
    return list(columns.values())


def application_for_page(application_id: int) -> JobApplication | None:
    return (
        JobApplication.objects.select_related("opening__company", "profile__user")
        .prefetch_related("profile__educations", "profile__experiences", "profile__skills__skill", "profile__languages")
        .filter(pk=application_id)
        .first()
    )


def application_notes(application: JobApplication) -> list[ApplicationNote]:
    """Newest first, with their authors (one query)."""
    return list(application.notes.select_related("author").order_by("-created_at", "-id"))


def application_history(application: JobApplication, *, limit: int = 200) -> list[AuditEvent]:
    """The audit events of the application, newest first (one query)."""
    return list(
        AuditEvent.objects.filter(
            subject_type=JobApplication._meta.label_lower, subject_id=str(application.pk)
        ).order_by("-occurred_at", "-id")[:limit]
    )


def opening_history(opening: Opening, *, limit: int = 200) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(subject_type=Opening._meta.label_lower, subject_id=str(opening.pk)).order_by(
            "-occurred_at", "-id"
        )[:limit]
    )


SPOKEN_LANGUAGES = frozenset(SpokenLanguage.values)


def _education_label(level: int | None) -> str:
    if level is None:
        return ""
    try:
        return str(EducationLevel(level).label)
    except ValueError:
        return ""


def _language_label(code: str) -> str:
    return str(SpokenLanguage(code).label) if code in SPOKEN_LANGUAGES else code


def candidate_summaries(profile_ids: list[int]) -> dict[int, dict[str, Any]]:
    """A professional summary per discoverable profile, from the matching index (one query): skills,
    degree, experience and languages. No name, no contact, nothing that identifies the person.

    Reads only the columns shown (not the row's engine data), and translates each skill, degree and
    language once per call, not once per profile."""
    taxonomy = current_taxonomy()
    language = current_language()
    skill_names: dict[str, str] = {}
    education_labels: dict[int | None, str] = {}
    language_labels: dict[str, str] = {}
    summaries: dict[int, dict[str, Any]] = {}
    rows = ProfileVector.objects.filter(profile_id__in=profile_ids, discoverable=True).values_list(
        "profile_id", "skills", "education_level", "years_experience", "languages"
    )
    for profile_id, skills, education_level, years, languages in rows:
        best = sorted((skills or {}).items(), key=lambda item: (-int(item[1]), item[0]))[:8]
        for code, _level in best:
            if code not in skill_names:
                skill_names[code] = taxonomy.name(code, language)
        if education_level not in education_labels:
            education_labels[education_level] = _education_label(education_level)
        spoken = sorted((languages or {}).items())
        for code, _level in spoken:
            if code not in language_labels:
                language_labels[code] = _language_label(code)
        summaries[profile_id] = {
            "skills": [skill_names[code] for code, _level in best],
            "education": education_labels[education_level],
            "years": years,
            "languages": [(language_labels[code], level) for code, level in spoken],
        }
    return summaries

"""Reads of the cases app: the application in the engine's format, its checklist, evaluations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from talentcenter.audit.models import AuditEvent
from talentcenter.cases import checklist
from talentcenter.cases.clock import PROCESSING_TARGETS, ProcessingClock
from talentcenter.cases.enums import (
    CaseType,
    ConflictAnswer,
    KTechTrack,
    Party,
    RequestStatus,
)
from talentcenter.cases.models import (
    Case,
    CaseDocument,
    EvaluatorAssignment,
    InformationRequest,
    RequestItem,
)
from talentcenter.organizations.models import Company, CompanyMembership
from talentcenter.policy.selectors import applicant_data_from_profile

PROGRAMME_OF_CASE_TYPE: dict[str, str] = {
    CaseType.KTECH_PASS: "ktech-pass",
    CaseType.KOTRA_RECOMMENDATION: "kotra-recommendation",
}


def case_applicant_data(case: Case) -> dict[str, Any]:
    """The application in the engine's interchange format: the talent's profile and the offer."""
    data = applicant_data_from_profile(case.talent)
    company: Company = case.company
    data["offer"] = {
        "company": company.name_en,
        "company_size": {"sme": "sme", "mid_sized": "midsize", "large": "large"}.get(company.size_class),
        "industry": company.industry,
        "technology_field": case.technology_field or None,
        "annual_salary_krw": case.annual_salary_krw,
        "occupation": case.occupation_code or None,
    }
    if case.government_programme:
        data["government_programme"] = case.government_programme
    return data


def track_of(case: Case) -> str:
    return case.track or KTechTrack.STANDARD


def track_result(result: dict[str, Any], case: Case) -> dict[str, Any]:
    programme = PROGRAMME_OF_CASE_TYPE[case.case_type]
    for item in result["results"]:
        if item["programme"] == programme and item["track"] == track_of(case):
            return item
    raise AssertionError(f"the engine has no track {programme}/{track_of(case)}")  # pragma: no cover


@dataclass(frozen=True)
class ChecklistLine:
    requirement: checklist.Requirement
    versions: Sequence[CaseDocument]

    @property
    def latest(self) -> CaseDocument | None:
        return self.versions[0] if self.versions else None


def case_requirements(case: Case) -> list[checklist.Requirement]:
    """The checklist: from the frozen application once submitted, from the profile before."""
    applicant = case.applicant if case.submitted_at else case_applicant_data(case)
    requirements = checklist.requirements_for(
        case_type=case.case_type,
        track=track_of(case),
        applicant=applicant,
        government_programme=case.government_programme,
    )
    known = {requirement.code for requirement in requirements}
    for item in RequestItem.objects.filter(request__case=case).exclude(requirement="").order_by("pk"):
        if item.requirement not in known:
            known.add(item.requirement)
            requirements.append(
                checklist.Requirement(item.requirement, item.instruction, _("Asked for by the center."), Party.TALENT)
            )
    return requirements


def case_checklist(case: Case) -> list[ChecklistLine]:
    versions: dict[str, list[CaseDocument]] = {}
    for document in case.documents.order_by("requirement", "-version"):
        versions.setdefault(document.requirement, []).append(document)
    return [ChecklistLine(requirement, versions.get(requirement.code, [])) for requirement in case_requirements(case)]


def quorum() -> int:
    return max(1, int(settings.TALENTCENTER_EVALUATION_QUORUM))


def submitted_evaluations(case: Case) -> list[EvaluatorAssignment]:
    return list(
        case.evaluations.filter(submitted_at__isnull=False, conflict=ConflictAnswer.NONE).order_by("submitted_at", "pk")
    )


def case_clock(case: Case) -> ProcessingClock | None:
    """The processing clock of a submitted case: started at submission (or reopening), paused while
    each request for information was open."""
    if case.clock_started_at is None:
        return None
    pauses = [
        (request.opened_at, request.answered_at or request.closed_at)
        for request in case.requests.filter(opened_at__gte=case.clock_started_at).order_by("opened_at", "pk")
    ]
    return ProcessingClock(PROCESSING_TARGETS[case.case_type], case.clock_started_at, pauses)


def cases_of_party(user: Any) -> QuerySet[Case]:
    """The user's cases as talent or as a member of the hiring company, most recently changed
    first, with what a list shows loaded in the same query (talent, company, an open request)."""
    companies = CompanyMembership.objects.filter(user=user).values("company_id")
    open_request = InformationRequest.objects.filter(case=OuterRef("pk"), status=RequestStatus.OPEN)
    return (
        Case.objects.filter(Q(talent__user=user) | Q(company_id__in=companies))
        .select_related("talent__user", "company")
        .annotate(has_open_request=Exists(open_request))
        .order_by("-updated_at", "-pk")
    )


def case_timeline(case: Case) -> list[AuditEvent]:
    """The case's events, oldest first (the parties' view: who acted at the center is not shown)."""
    return list(
        AuditEvent.objects.filter(subject_type=case._meta.label_lower, subject_id=str(case.pk)).order_by(
            "occurred_at", "id"
        )
    )

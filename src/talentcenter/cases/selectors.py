"""Reads of the cases app: the application in the engine's format, its checklist, evaluations,
and what a user may do to a case now (:func:`actions_for`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.accounts.policies import Visitor
from talentcenter.audit.models import AuditEvent
from talentcenter.cases import checklist, policies, workflow
from talentcenter.cases.clock import PROCESSING_TARGETS, ProcessingClock
from talentcenter.cases.enums import (
    EVALUATOR_ASSIGNMENT_STATUSES,
    OPEN_STATUSES,
    UPLOAD_STATUSES,
    CaseAction,
    CaseStatus,
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
    data = applicant_data_from_profile(case.profile)
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


def needs_external_evaluation(case: Case) -> bool:
    """KOTRA's recommendation always goes to external evaluators; a K-Tech Pass application only on
    the qualitative (points) track, where their scores are the points."""
    return case.case_type == CaseType.KOTRA_RECOMMENDATION or track_of(case) == KTechTrack.QUALITATIVE


def track_result(result: dict[str, Any], case: Case) -> dict[str, Any]:
    programme = PROGRAMME_OF_CASE_TYPE[case.case_type]
    results: list[dict[str, Any]] = result["results"]
    for item in results:
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


def _invited(user: User) -> Q:
    """Invitations to ``user`` that nobody has accepted yet (by a verified e-mail address)."""
    invited = Q(pk__in=[])
    for email in policies.verified_emails(user):
        invited |= Q(talent__isnull=True, invited_email__iexact=email)
    return invited


def _of_party(user: User) -> Q:
    """Cases where ``user`` is the talent, a member of the hiring company, or invited."""
    companies = CompanyMembership.objects.filter(user=user).values("company_id")
    return Q(talent__user=user) | Q(company_id__in=companies) | _invited(user)


def cases_of_party(user: User) -> QuerySet[Case]:
    """The user's cases as talent or as a member of the hiring company, most recently changed
    first, with what a list shows loaded in the same query (talent, company, an open request)."""
    open_request = InformationRequest.objects.filter(case=OuterRef("pk"), status=RequestStatus.OPEN)
    return (
        Case.objects.filter(_of_party(user))
        .select_related("talent__user", "company")
        .annotate(has_open_request=Exists(open_request))
        .order_by("-updated_at", "-pk")
    )


@dataclass(frozen=True)
class PartyCaseCounts:
    in_progress: int
    waiting_for_answer: int
    invitations: int


# Applications still on their way: drafted, at the center, or approved and waiting to be issued.
IN_PROGRESS_STATUSES = frozenset({CaseStatus.DRAFT, *OPEN_STATUSES, CaseStatus.APPROVED})


def party_case_counts(user: User) -> PartyCaseCounts:
    """The summary on "My page": the user's applications in progress, those waiting for an answer to
    the center's request, and invitations to the user not yet answered (one query)."""
    counts = Case.objects.filter(_of_party(user)).aggregate(
        in_progress=Count("pk", filter=Q(status__in=IN_PROGRESS_STATUSES)),
        waiting=Count("pk", filter=Q(status=CaseStatus.INFORMATION_REQUESTED)),
        invitations=Count("pk", filter=Q(status=CaseStatus.INVITED) & _invited(user)),
    )
    return PartyCaseCounts(
        in_progress=counts["in_progress"], waiting_for_answer=counts["waiting"], invitations=counts["invitations"]
    )


def evaluations_to_score(user: User) -> int:
    """The evaluator's assignments on applications in external evaluation not scored yet."""
    return EvaluatorAssignment.objects.filter(
        evaluator_id=user.pk, submitted_at__isnull=True, case__status=CaseStatus.IN_EVALUATION
    ).count()


def case_timeline(case: Case) -> list[AuditEvent]:
    """The case's events, oldest first (the parties' view: who acted at the center is not shown)."""
    return list(
        AuditEvent.objects.filter(subject_type=case._meta.label_lower, subject_id=str(case.pk)).order_by(
            "occurred_at", "id"
        )
    )


# The steps of the document review: whoever took one of them reviewed the documents.
REVIEW_ACTIONS = ("case.start_review", "case.request_information", "case.start_validation")


def case_reviewers(case: Case) -> set[int]:
    """The assigned reviewer and everyone who acted as reviewer on the case (the person assigned
    is not always the one who did the review), none of whom may validate it: four eyes."""
    acted = AuditEvent.objects.filter(
        subject_type=case._meta.label_lower, subject_id=str(case.pk), action__in=REVIEW_ACTIONS
    ).values_list("actor_id", flat=True)
    return {actor_id for actor_id in [case.reviewer_id, *acted] if actor_id is not None}


# Staff's steps that any member of staff may take when the map allows them (reopening is the lead's).
STAFF_TRANSITIONS = (
    CaseAction.START_REVIEW,
    CaseAction.REQUEST_INFORMATION,
    CaseAction.START_VALIDATION,
    CaseAction.START_EVALUATION,
    CaseAction.APPROVE,
    CaseAction.REJECT,
    CaseAction.ISSUE,
    CaseAction.RECORD_USE,
)


def actions_for(user: Visitor, case: Case) -> frozenset[CaseAction]:
    """What ``user`` may do to ``case`` now: the one answer behind the API's ``actions``, the
    portal's buttons and the back office's forms, so the three never offer different things.

    It follows the transition map (``workflow.allowed``), the user's relation to the case (its
    talent, a member of the hiring company, staff, the lead, the reviewers kept from validating
    by the four-eyes rule) and the case's state (consent given, offer confirmed, a document
    issued). It does not run the business guards (documents missing, quorum not reached…): the
    services check everything again, on the locked row, when the action is taken.
    """
    allowed = {transition.name for transition in workflow.allowed(case.case_type, case.status)}
    is_talent = policies.is_case_talent(user, case)
    is_company = policies.is_case_company_member(user, case)
    actions: set[CaseAction] = set()
    if is_talent or is_company:
        actions |= _party_actions(case, allowed, is_talent=is_talent, is_company=is_company)
    if policies.is_case_staff(user):
        actions |= _staff_actions(user, case, allowed)
    return frozenset(actions)


def _party_actions(case: Case, allowed: set[str], *, is_talent: bool, is_company: bool) -> set[CaseAction]:
    actions: set[CaseAction] = set()
    if case.status == CaseStatus.INVITED:
        # The person invited accepts or declines; the company may withdraw its invitation.
        if is_talent:
            actions |= {CaseAction.ACCEPT, CaseAction.DECLINE}
        if is_company:
            actions.add(CaseAction.WITHDRAW)
        return actions
    if case.status == CaseStatus.DRAFT:
        actions.add(CaseAction.CHECK_ELIGIBILITY)
        if is_talent and case.talent_consented_at is None:
            actions.add(CaseAction.CONSENT)
        if is_company and case.company_confirmed_at is None:
            actions.add(CaseAction.CONFIRM_OFFER)
        # The company changes the offer (and a K-Tech Pass track); the talent only the track.
        if is_company or case.case_type == CaseType.KTECH_PASS:
            actions.add(CaseAction.UPDATE)
    if case.status in UPLOAD_STATUSES and any(
        policies.party_provides(requirement.party, is_talent=is_talent, is_company=is_company)
        for requirement in case_requirements(case)
    ):
        # Only for a party that provides one of the documents of the checklist.
        actions.add(CaseAction.UPLOAD)
    if "submit" in allowed:
        actions.add(CaseAction.SUBMIT)
    if "answer_request" in allowed:
        actions.add(CaseAction.ANSWER)
    if "withdraw" in allowed:
        actions.add(CaseAction.WITHDRAW)
    if "record_use" in allowed and is_company:
        actions.add(CaseAction.RECORD_USE)
    if case.issued_document_id is not None:
        actions.add(CaseAction.DOWNLOAD_DOCUMENT)
    return actions


def _staff_actions(user: User, case: Case, allowed: set[str]) -> set[CaseAction]:
    actions = {action for action in STAFF_TRANSITIONS if action in allowed}
    if case.status == CaseStatus.IN_VALIDATION and needs_external_evaluation(case):
        # The map lets a standard-track application be approved after validation; one that needs
        # the evaluators' scores goes to them first (``case_approve`` refuses it otherwise).
        actions.discard(CaseAction.APPROVE)
    if "reopen" in allowed and policies.is_lead(user):
        actions.add(CaseAction.REOPEN)
    if case.status in OPEN_STATUSES:
        actions.add(CaseAction.ASSIGN)
    if case.status in EVALUATOR_ASSIGNMENT_STATUSES:
        actions.add(CaseAction.ASSIGN_EVALUATOR)
    if case.status == CaseStatus.IN_VALIDATION and user.pk not in case_reviewers(case):
        actions.add(CaseAction.VALIDATE_RECORDS)
    return actions

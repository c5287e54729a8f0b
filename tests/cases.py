"""Cases for tests, made by the real services: the people of a case and a walk to any status.

``CasePeople.create()`` makes a talent whose profile meets the K-Tech Pass standard track (MIT
doctorate, ten years at Samsung Electronics), a verified SME semiconductor company with a member,
two reviewers (four eyes), a lead and three external evaluators. ``walk(case, people, "issued")``
drives a draft through every step with the same services the web and the API call;
``put_in_status(case, people, "issued")`` writes the rows of a status directly, for tests that need
many cases in many statuses and test what is shown, not how the case got there.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from reportlab.pdfgen import canvas

from talentcenter.accounts.enums import Role
from talentcenter.cases import selectors, services
from talentcenter.cases.enums import (
    DECIDED_STATUSES,
    CaseStatus,
    CaseType,
    Decision,
    RecordKind,
    RequestStatus,
)
from talentcenter.cases.models import Case, CaseRecord, EvaluatorAssignment, InformationRequest, RequestItem
from talentcenter.cases.services.decision import DOCUMENT_KIND_OF_CASE_TYPE
from talentcenter.documents.services import document_issue
from talentcenter.talent.enums import EducationLevel, LanguageTest, OrganizationKind, SpokenLanguage
from talentcenter.talent.models import LanguageEntry
from tests.factories import (
    EducationFactory,
    ExperienceFactory,
    MembershipFactory,
    TalentProfileFactory,
    UserFactory,
)


def pdf_bytes(text: str = "Certificate", pages: int = 1) -> bytes:
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    for number in range(pages):
        document.drawString(72, 720, f"{text}, page {number + 1}")
        document.showPage()
    document.save()
    return buffer.getvalue()


def eligible_profile(**profile_fields: Any) -> Any:
    """A talent profile the K-Tech Pass standard track accepts with a KRW 160m semiconductor offer."""
    profile = TalentProfileFactory(nationality="IN", birth_date=datetime.date(1987, 3, 14), **profile_fields)
    EducationFactory(
        profile=profile,
        level=EducationLevel.DOCTORATE,
        field="Electrical engineering",
        institution="Massachusetts Institute of Technology",
        country="US",
        completed_on=datetime.date(2014, 5, 31),
    )
    ExperienceFactory(
        profile=profile,
        organization="Samsung Electronics",
        organization_kind=OrganizationKind.COMPANY,
        field="Semiconductor",
        started_on=datetime.date(2014, 7, 1),
        ended_on=None,
    )
    LanguageEntry.objects.create(profile=profile, language=SpokenLanguage.KOREAN, test=LanguageTest.TOPIK, level="3")
    return profile


@dataclass
class CasePeople:
    talent: Any
    company_member: Any
    company: Any
    reviewer: Any
    validator: Any
    lead: Any
    evaluators: list[Any] = field(default_factory=list)

    @classmethod
    def create(cls, evaluators: int = 3) -> CasePeople:
        profile = eligible_profile()
        membership = MembershipFactory()
        return cls(
            talent=profile.user,
            company_member=membership.user,
            company=membership.company,
            reviewer=UserFactory(roles=[Role.STAFF_REVIEWER]),
            validator=UserFactory(roles=[Role.STAFF_REVIEWER]),
            lead=UserFactory(roles=[Role.ADMINISTRATOR]),
            evaluators=[UserFactory(roles=[Role.EXTERNAL_EVALUATOR]) for _ in range(evaluators)],
        )


OFFER = {
    "job_title": "Principal process engineer",
    "occupation_code": "2211",
    "annual_salary_krw": 160_000_000,
    "start_date": datetime.date(2027, 3, 2),
    "technology_field": "digital_electronics",
}


def invite(people: CasePeople, case_type: str = CaseType.KTECH_PASS, track: str = "", **values: Any) -> Case:
    """The company's invitation of the talent (by their e-mail), with the offer filled in (and so confirmed)."""
    offer = {**OFFER, **values}
    if case_type == CaseType.KTECH_PASS:
        offer["track"] = track or "standard"
    return services.case_invite(
        actor=people.company_member, case_type=case_type, company=people.company, email=people.talent.email, **offer
    )


def start(people: CasePeople, case_type: str = CaseType.KTECH_PASS, track: str = "", **values: Any) -> Case:
    """A draft started by the company and accepted by the talent, with the offer filled in (and so confirmed)."""
    return services.case_accept(actor=people.talent, case=invite(people, case_type, track, **values))


def upload_everything(case: Case, people: CasePeople) -> None:
    for requirement in selectors.case_requirements(case):
        uploader = people.company_member if requirement.party == "company" else people.talent
        services.case_document_upload(
            actor=uploader, case=case, requirement=requirement.code, name=f"{requirement.code}.pdf", data=pdf_bytes()
        )


ORDER = [
    "draft",
    "submitted",
    "in_review",
    "information_requested",
    "in_review_again",
    "in_validation",
    "in_evaluation",
    "approved",
    "issued",
    "used",
]


def walk(case: Case, people: CasePeople, to: str, *, with_request: bool = False) -> Case:
    """Drive ``case`` to status ``to`` (``information_requested`` opens a request and stops)."""
    case.refresh_from_db()
    if case.status == "draft":
        services.case_give_consent(actor=people.talent, case=case)
        upload_everything(case, people)
        if to == "draft":
            return case
        case = services.case_submit(actor=people.talent, case=case)
    if to == "submitted":
        return case
    if case.status == "submitted":
        case = services.case_start_review(actor=people.reviewer, case=case)
    if to == "in_review":
        return case
    if to == "information_requested" or with_request:
        services.case_request_information(
            actor=people.reviewer,
            case=case,
            items=[services.RequestedItem("passport", "Upload a clearer scan of the passport photo page.")],
        )
        case.refresh_from_db()
        if to == "information_requested":
            return case
        services.case_document_upload(
            actor=people.talent, case=case, requirement="passport", name="passport.pdf", data=pdf_bytes("Passport")
        )
        case = services.case_answer_request(actor=people.talent, case=case, note="A clearer scan.")
    case = services.case_start_validation(actor=people.reviewer, case=case)
    if to == "in_validation":
        return case
    for record in case.records.all():
        services.record_validate(actor=people.validator, record=record, verified=True)
    if selectors.needs_external_evaluation(case) or to == "in_evaluation":
        for evaluator in people.evaluators:
            services.evaluator_assign(actor=people.reviewer, case=case, evaluator=evaluator)
        case = services.case_start_evaluation(actor=people.reviewer, case=case)
        for assignment in case.evaluations.all():
            services.evaluation_declare(actor=assignment.evaluator, assignment=assignment, conflict=False)
            if to != "in_evaluation":
                services.evaluation_submit(
                    actor=assignment.evaluator,
                    assignment=assignment,
                    technical_expertise=Decimal("16"),
                    strategic_value=Decimal("11"),
                    recommends=True,
                )
        if to == "in_evaluation":
            return case
    case = services.case_approve(actor=people.reviewer, case=case, reason="Meets every criterion.")
    if to == "approved":
        return case
    case = services.case_issue(case_id=case.pk)
    if to == "issued":
        return case
    assert case.issued_document is not None
    return services.case_record_use(
        actor=people.company_member, case=case, filed_on=case.issued_document.issued_on, application_number="E7-1"
    )


def open_request(case: Case) -> Any:
    return case.requests.get(status=RequestStatus.OPEN)


def put_in_status(case: Case, people: CasePeople, status: str) -> Case:
    """Write what ``status`` implies straight into the rows of a draft ``case``, without the
    services: submitted (consent given, the application frozen, one record), assigned to the
    reviewer with an evaluator, an open request while waiting for the applicant, the decision
    once decided, the issued document once issued and the E-7 application once used."""
    if status == CaseStatus.DRAFT:
        return case
    now = timezone.now()
    values: dict[str, Any] = {
        "status": status,
        "talent_consented_at": case.talent_consented_at or now,
        "applicant": selectors.case_applicant_data(case),
        "submitted_at": now,
        "clock_started_at": now,
        "reviewer": people.reviewer,
    }
    if status == CaseStatus.INFORMATION_REQUESTED:
        values["paused_since"] = now
        request = InformationRequest.objects.create(
            case=case, respond_by=now.date() + datetime.timedelta(days=14), opened_by=people.reviewer, opened_at=now
        )
        RequestItem.objects.create(request=request, requirement="passport", instruction="A clearer scan, please.")
    if status in DECIDED_STATUSES:
        approved = status != CaseStatus.REJECTED
        values |= {
            "decision": Decision.APPROVE if approved else Decision.REJECT,
            "decision_reason": "Meets every criterion." if approved else "Not a fit.",
            "decided_at": now,
            "decided_by": people.reviewer,
        }
    if status in (CaseStatus.ISSUED, CaseStatus.USED):
        values["issued_document"] = document_issue(
            actor=people.reviewer,
            kind=DOCUMENT_KIND_OF_CASE_TYPE[case.case_type],
            holder_name_latin=case.talent.full_name,
            holder_birth_date=case.talent.birth_date,
            nationality=str(case.talent.nationality),
            valid_until=now.date() + datetime.timedelta(days=182),
            subject_type=case._meta.label_lower,
            subject_id=str(case.pk),
        )
    if status == CaseStatus.USED:
        values |= {"e7_application_on": now.date(), "e7_application_number": "E7-1"}
    Case.objects.filter(pk=case.pk).update(**values)
    CaseRecord.objects.create(case=case, kind=RecordKind.IDENTITY, data=values["applicant"].get("person") or {})
    if people.evaluators:
        EvaluatorAssignment.objects.create(case=case, evaluator=people.evaluators[0], assigned_by=people.reviewer)
    case.refresh_from_db()
    return case

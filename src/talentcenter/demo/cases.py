"""Demo applications: about thirty K-Tech Pass and KOTRA cases in every status, made by the real services.

Signing in as any demo account shows work in progress: the demo talent has an issued certificate
and a KOTRA request to answer, the demo company (Saebit Semiconductor) sees every application, the
two reviewers have review and validation work, the evaluators have files to declare and score,
and the lead has decided cases to reopen. Every case goes through ``talentcenter.cases.services``
exactly as the web and the API drive it (uploads are small real PDFs made with reportlab, the
certificates and letters are rendered and issued by ``case_issue``), so the audit timelines,
notifications and stored assessments are real.

One write bypasses the services on purpose: a few open cases have their clock start moved back
some days (``submitted_at``, ``clock_started_at`` and the recomputed ``due_on``) so that the queues
show overdue and due-soon cases on the day the demo is loaded.

Idempotent: nothing is made when the demo company already has cases. Deterministic: the same
plan runs every time (only the dates follow the day of the run). Everything happens in one
transaction, so a failure leaves no half-made case set behind.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from reportlab.pdfgen import canvas

from talentcenter.accounts.models import User
from talentcenter.cases import selectors, services
from talentcenter.cases.clock import PROCESSING_TARGETS, ProcessingClock
from talentcenter.cases.enums import CaseType, KTechTrack, Party
from talentcenter.cases.models import Case
from talentcenter.demo.accounts import (
    ADMIN_EMAIL,
    COMPANY_EMAIL,
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    EVALUATOR_EMAILS,
    RECRUITER_EMAIL,
    SECOND_REVIEWER_EMAIL,
    STAFF_EMAIL,
    TALENT_EMAIL,
    VERIFIED_COMPANY_BRN,
)
from talentcenter.organizations.models import Company
from talentcenter.privacy.services import consents_required_ensure
from talentcenter.talent.enums import EducationLevel, LanguageTest, OrganizationKind
from talentcenter.talent.models import TalentProfile
from talentcenter.talent.services import (
    education_add,
    experience_add,
    language_set,
    skill_set,
    talent_profile_complete,
    talent_profile_get_or_create,
    talent_profile_update_personal,
)

KTP = CaseType.KTECH_PASS
KOTRA = CaseType.KOTRA_RECOMMENDATION


@dataclass(frozen=True)
class Applicant:
    """A demo talent whose profile meets the K-Tech Pass standard track and KOTRA's routes with
    Saebit's offer: a doctorate from a top-100 university and ten years at a global top-500 company."""

    email: str
    given_name: str
    family_name: str
    name_hangul: str
    nationality: str
    birth_date: date
    university: str
    university_country: str
    employer: str


_APPLICANT_PEOPLE = (
    ("Lucía", "Fernández", "루시아 페르난데스", "ES", date(1986, 5, 2)),
    ("Mai", "Nguyen", "응우옌 마이", "VN", date(1989, 9, 17)),
    ("Tomasz", "Kowalski", "토마시 코발스키", "PL", date(1985, 1, 23)),
    ("Aisha", "Rahman", "아이샤 라만", "BD", date(1988, 11, 8)),
    ("Daniel", "Okafor", "대니얼 오카포", "NG", date(1987, 7, 30)),
    ("Priya", "Nair", "프리야 나이르", "IN", date(1990, 2, 11)),
    ("Kenji", "Watanabe", "와타나베 겐지", "JP", date(1984, 4, 5)),
    ("Elena", "Petrova", "엘레나 페트로바", "BG", date(1988, 6, 19)),
    ("Mateus", "Silva", "마테우스 실바", "BR", date(1986, 12, 1)),
)
_UNIVERSITIES = ("Massachusetts Institute of Technology", "Stanford University")

APPLICANTS: tuple[Applicant, ...] = tuple(
    Applicant(
        email=f"applicant{number:02d}@{DEMO_DOMAIN}",
        given_name=given,
        family_name=family,
        name_hangul=hangul,
        nationality=nationality,
        birth_date=birth_date,
        university=_UNIVERSITIES[number % 2],
        university_country="US",
        employer="Samsung Electronics",
    )
    for number, (given, family, hangul, nationality, birth_date) in enumerate(_APPLICANT_PEOPLE, start=1)
)

OFFERS: tuple[dict[str, Any], ...] = (
    {"job_title": "Principal process engineer", "occupation_code": "2211", "annual_salary_krw": 160_000_000},
    {"job_title": "Senior packaging engineer", "occupation_code": "2211", "annual_salary_krw": 165_000_000},
    {"job_title": "Yield enhancement lead", "occupation_code": "2211", "annual_salary_krw": 172_000_000},
)


@dataclass(frozen=True)
class CasePlan:
    """One demo case: whose (0 = the demo talent, 1.. = ``APPLICANTS``), which type, how far.

    ``to`` is a status, or ``in_evaluation`` with ``scores`` evaluators having scored; ``request``
    opens (and, unless the case stops there, answers) a request for documents; ``reviewer`` is 1
    for staff@ and 2 for reviewer2@ (the other validates), 0 to leave a submitted case unassigned;
    ``late`` moves the clock start back that many calendar days."""

    talent: int
    case_type: str
    to: str
    started_by: str = Party.COMPANY
    track: str = KTechTrack.STANDARD
    request: bool = False
    reviewer: int = 1
    scores: int = 3
    late: int = 0
    reject_from: str = ""
    withdraw_from: str = ""


# Finished cases first: a talent may have only one open case of a type with the company at a time.
PLANS: tuple[CasePlan, ...] = (
    CasePlan(0, KTP, "issued", started_by=Party.TALENT, request=True),
    CasePlan(1, KTP, "issued"),
    CasePlan(6, KTP, "issued", track=KTechTrack.QUALITATIVE),
    CasePlan(2, KTP, "approved", reviewer=2),
    CasePlan(3, KTP, "rejected", reject_from="in_validation"),
    CasePlan(4, KTP, "rejected", reject_from="information_requested", reviewer=2),
    CasePlan(5, KTP, "withdrawn", started_by=Party.TALENT, withdraw_from="in_review"),
    CasePlan(7, KOTRA, "approved"),
    CasePlan(8, KOTRA, "issued", request=True, reviewer=2),
    CasePlan(9, KOTRA, "used"),
    CasePlan(1, KOTRA, "used", reviewer=2),
    CasePlan(8, KOTRA, "rejected", reject_from="in_evaluation"),
    CasePlan(9, KOTRA, "withdrawn", withdraw_from="information_requested"),
    CasePlan(3, KTP, "declined"),
    CasePlan(4, KOTRA, "declined"),
    # Open cases (and invitations waiting for the talent).
    CasePlan(0, KTP, "invited"),
    CasePlan(7, KOTRA, "invited"),
    CasePlan(1, KTP, "draft", started_by=Party.TALENT),
    CasePlan(2, KTP, "draft"),
    CasePlan(3, KTP, "submitted", reviewer=0),
    CasePlan(4, KTP, "submitted", reviewer=0, late=28),
    CasePlan(5, KTP, "in_review"),
    CasePlan(6, KTP, "in_review", reviewer=2, late=12),
    CasePlan(7, KTP, "information_requested", started_by=Party.TALENT),
    CasePlan(8, KTP, "in_validation", request=True),
    CasePlan(9, KTP, "in_evaluation", track=KTechTrack.QUALITATIVE, scores=2),
    CasePlan(0, KOTRA, "information_requested"),
    CasePlan(1, KOTRA, "draft"),
    CasePlan(2, KOTRA, "submitted", reviewer=0),
    CasePlan(3, KOTRA, "in_review", reviewer=2),
    CasePlan(4, KOTRA, "in_validation", late=24),
    CasePlan(5, KOTRA, "in_evaluation", scores=1),
    CasePlan(6, KOTRA, "in_evaluation", scores=3, reviewer=2),
)


@functools.lru_cache(maxsize=64)
def pdf_bytes(title: str, pages: int = 1) -> bytes:
    """A small, real PDF (the upload checks read the content, so it must be one)."""
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    for number in range(pages):
        document.drawString(72, 720, f"{title} (demo document), page {number + 1}")
        document.showPage()
    document.save()
    return buffer.getvalue()


@dataclass
class _People:
    talents: list[User]
    owner: User
    recruiter: User
    company: Company
    reviewers: tuple[User, User]
    lead: User
    evaluators: list[User]


def _applicant_ensure(applicant: Applicant, password_hash: str) -> User:
    user = User.objects.filter(email=applicant.email).first()
    if user is not None:
        return user
    # One Argon2 hash shared by the applicants, as the generator does: hashing each costs ~0.5 s.
    user = User.objects.create_user(
        applicant.email, None, display_name=f"{applicant.given_name} {applicant.family_name}"
    )
    user.password = password_hash
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=applicant.email, verified=True, primary=True)
    consents_required_ensure(user=user)
    profile = talent_profile_get_or_create(user=user)
    profile = talent_profile_update_personal(
        profile=profile,
        actor=user,
        given_name=applicant.given_name,
        family_name=applicant.family_name,
        name_hangul=applicant.name_hangul,
        birth_date=applicant.birth_date,
        nationality=applicant.nationality,
        country_of_residence=applicant.nationality,
        contact_email=applicant.email,
        headline="Semiconductor process engineer · PhD",
    )
    education_add(
        profile=profile,
        actor=user,
        level=EducationLevel.DOCTORATE,
        field="Electrical engineering",
        institution=applicant.university,
        country=applicant.university_country,
        completed_on=date(2014, 5, 31),
    )
    experience_add(
        profile=profile,
        actor=user,
        organization=applicant.employer,
        organization_kind=OrganizationKind.COMPANY,
        role="Senior process engineer",
        field="Semiconductor",
        started_on=date(2014, 7, 1),
        ended_on=None,
        is_postdoctoral=False,
    )
    language_set(profile=profile, actor=user, language="ko", test=LanguageTest.TOPIK, level="3")
    language_set(profile=profile, actor=user, language="en", test=LanguageTest.TOEFL_IBT, level="105")
    skill_set(profile=profile, actor=user, skill_code="semi.process_integration", proficiency=4)
    talent_profile_complete(profile=profile, actor=user)
    return user


def _people() -> _People:
    users = {user.email: user for user in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
    password_hash = make_password(DEMO_PASSWORD)
    talents = [users[TALENT_EMAIL], *(_applicant_ensure(applicant, password_hash) for applicant in APPLICANTS)]
    return _People(
        talents=talents,
        owner=users[COMPANY_EMAIL],
        recruiter=users[RECRUITER_EMAIL],
        company=Company.objects.get(business_registration_number=VERIFIED_COMPANY_BRN),
        reviewers=(users[STAFF_EMAIL], users[SECOND_REVIEWER_EMAIL]),
        lead=users[ADMIN_EMAIL],
        evaluators=[users[email] for email in EVALUATOR_EMAILS],
    )


def _start(people: _People, plan: CasePlan, number: int) -> Case:
    talent = people.talents[plan.talent]
    offer = {
        **OFFERS[number % len(OFFERS)],
        "start_date": date(2027, 3 + number % 6, 2),
        "technology_field": "digital_electronics",
    }
    if plan.case_type == KTP:
        offer["track"] = plan.track
    if plan.started_by == Party.TALENT:
        profile = TalentProfile.objects.get(user=talent)
        return services.case_start(
            actor=talent, case_type=plan.case_type, talent=profile, company=people.company, **offer
        )
    # The company invites the talent by e-mail; the talent accepts (or declines, or not yet).
    invitation = services.case_invite(
        actor=(people.owner, people.recruiter)[number % 2],
        case_type=plan.case_type,
        company=people.company,
        email=talent.email,
        **offer,
    )
    if plan.to == "invited":
        return invitation
    if plan.to == "declined":
        return services.case_decline(actor=talent, case=invitation)
    return services.case_accept(actor=talent, case=invitation)


def _upload_everything(case: Case, people: _People, talent: User) -> None:
    for requirement in selectors.case_requirements(case):
        uploader = people.owner if requirement.party == Party.COMPANY else talent
        services.case_document_upload(
            actor=uploader,
            case=case,
            requirement=requirement.code,
            name=f"{requirement.code}.pdf",
            data=pdf_bytes(requirement.code),  # the code, not the label: the PDF font has no Hangul
        )


def _request(case: Case, reviewer: User) -> None:
    services.case_request_information(
        actor=reviewer,
        case=case,
        items=[services.RequestedItem("passport", "Upload a clearer scan of the passport photo page.")],
        message="The passport scan is too dark to read the machine-readable zone.",
    )


def _evaluate(case: Case, people: _People, plan: CasePlan, reviewer: User) -> Case:
    for evaluator in people.evaluators:
        services.evaluator_assign(actor=reviewer, case=case, evaluator=evaluator)
    case = services.case_start_evaluation(actor=reviewer, case=case)
    for position, assignment in enumerate(case.evaluations.order_by("pk")):
        if position > plan.scores:
            break  # the last one has not even declared yet
        services.evaluation_declare(actor=assignment.evaluator, assignment=assignment, conflict=False)
        if position >= plan.scores:
            continue
        low = plan.to == "rejected"
        services.evaluation_submit(
            actor=assignment.evaluator,
            assignment=assignment,
            technical_expertise=Decimal(8 + position) if low else Decimal(15 + position),
            strategic_value=Decimal(5) if low else Decimal("10.5") + position,
            recommends=not low,
            comment="Weak link to the company's process roadmap."
            if low
            else "Directly relevant experience in high-volume process integration.",
        )
    return case


def _walk(people: _People, plan: CasePlan, number: int) -> Case:
    talent = people.talents[plan.talent]
    reviewer, validator = people.reviewers if plan.reviewer != 2 else people.reviewers[::-1]
    case = _start(people, plan, number)
    if plan.to in ("draft", "invited", "declined"):
        return case  # the other party has still to confirm the offer or agree, and the documents to come
    if plan.started_by == Party.TALENT:
        case = services.case_confirm_offer(actor=people.owner, case=case)
    else:
        case = services.case_give_consent(actor=talent, case=case)
    _upload_everything(case, people, talent)
    case = services.case_submit(actor=talent, case=case)
    if plan.to == "submitted":
        return case
    if plan.reviewer:
        services.case_assign(actor=people.reviewers[0], cases=[case], reviewer=reviewer)
    case = services.case_start_review(actor=reviewer, case=case)
    if plan.withdraw_from == "in_review":
        return services.case_withdraw(actor=talent, case=case, reason="I accepted another offer.")
    if plan.to == "in_review":
        return case
    if plan.request or "information_requested" in (plan.to, plan.reject_from, plan.withdraw_from):
        _request(case, reviewer)
        case.refresh_from_db()
        if plan.to == "information_requested":
            return case
        if plan.withdraw_from == "information_requested":
            return services.case_withdraw(actor=people.owner, case=case, reason="The position was filled internally.")
        if plan.reject_from == "information_requested":
            return services.case_reject(
                actor=reviewer, case=case, reason="The employment certificates contradict the stated dates."
            )
        services.case_document_upload(
            actor=talent, case=case, requirement="passport", name="passport.pdf", data=pdf_bytes("Passport, rescanned")
        )
        case = services.case_answer_request(actor=talent, case=case, note="A clearer scan, in colour.")
    case = services.case_start_validation(actor=reviewer, case=case)
    records = list(case.records.order_by("position", "pk"))
    if plan.to == "in_validation":
        services.record_validate(actor=validator, record=records[0], verified=True)
        return case
    for record in records:
        services.record_validate(actor=validator, record=record, verified=True)
    if plan.reject_from == "in_validation":
        return services.case_reject(
            actor=reviewer, case=case, reason="The offer does not match the company's hiring plan on file."
        )
    if plan.case_type == KOTRA or plan.track == KTechTrack.QUALITATIVE:
        case = _evaluate(case, people, plan, reviewer)
        if plan.to == "in_evaluation":
            return case
        if plan.reject_from == "in_evaluation":
            return services.case_reject(
                actor=reviewer, case=case, reason="The evaluators do not recommend the applicant for this position."
            )
    case = services.case_approve(actor=reviewer, case=case, reason="Meets every criterion; documents verified.")
    if plan.to == "approved":
        return case  # the worker issues it once the demo is committed
    case = services.case_issue(case_id=case.pk)
    if plan.to == "issued":
        return case
    assert case.issued_document is not None
    return services.case_record_use(
        actor=people.owner,
        case=case,
        filed_on=case.issued_document.issued_on,
        application_number=f"E7-DEMO-{number:04d}",
    )


def _move_clock_back(case: Case, days: int) -> None:
    """Let an open case look as if it had been submitted ``days`` ago (see the module docstring)."""
    assert case.submitted_at is not None
    started = case.submitted_at - timedelta(days=days)
    due_on = ProcessingClock(PROCESSING_TARGETS[case.case_type], started).due_date()
    Case.objects.filter(pk=case.pk).update(submitted_at=started, clock_started_at=started, due_on=due_on)


def demo_cases_ensure() -> int:
    """Create the demo cases unless the demo company has cases already; returns how many were made."""
    company = Company.objects.filter(business_registration_number=VERIFIED_COMPANY_BRN).first()
    if company is None or Case.objects.filter(company=company).exists():
        return 0
    with transaction.atomic():
        people = _people()
        for number, plan in enumerate(PLANS):
            case = _walk(people, plan, number)
            if plan.late:
                _move_clock_back(case, plan.late)
    return len(PLANS)

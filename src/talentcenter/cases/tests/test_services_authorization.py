"""Who may take each step of a case: for every transition, every kind of actor is either allowed
or refused with PermissionDenied; a refusal changes nothing and writes no audit event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from talentcenter.audit.models import AuditEvent
from talentcenter.cases import services
from talentcenter.cases.enums import CaseType
from talentcenter.cases.models import Case, CaseDocument, CaseRecord, EvaluatorAssignment
from tests.cases import CasePeople, invite, pdf_bytes, start, upload_everything, walk
from tests.factories import MembershipFactory, TalentProfileFactory

pytestmark = pytest.mark.django_db

ACTORS = (
    "talent",
    "company_member",
    "other_company_member",
    "unrelated_talent",
    "reviewer",
    "other_staff",
    "lead",
    "evaluator",
    "anonymous",
)
STAFF = ("reviewer", "other_staff", "lead")
PARTIES = ("talent", "company_member")


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def actor_of(people: CasePeople, who: str) -> Any:
    return {
        "talent": people.talent,
        "company_member": people.company_member,
        "other_company_member": MembershipFactory().user,
        "unrelated_talent": TalentProfileFactory().user,
        "reviewer": people.reviewer,
        "other_staff": people.validator,
        "lead": people.lead,
        "evaluator": people.evaluators[0],
        "anonymous": AnonymousUser(),
    }[who]


# --- set-ups: a case in the status each transition starts from, and the call to make -------------


def draft(people: CasePeople) -> Case:
    return start(people)


def invitation(people: CasePeople) -> Case:
    return invite(people)


def draft_not_agreed(people: CasePeople) -> Case:
    """A draft from before invitations: the company started it, the talent has not agreed."""
    case = start(people)
    Case.objects.filter(pk=case.pk).update(talent_consented_at=None, talent_accepted_at=None)
    case.refresh_from_db()
    return case


def draft_ready(people: CasePeople) -> Case:
    case = start(people)
    services.case_give_consent(actor=people.talent, case=case)
    upload_everything(case, people)
    return case


def draft_by_talent(people: CasePeople) -> Case:
    return services.case_start(
        actor=people.talent,
        case_type=CaseType.KTECH_PASS,
        talent=people.talent.talent_profile,
        company=people.company,
        job_title="Engineer",
        annual_salary_krw=160_000_000,
    )


def answered_upload(people: CasePeople) -> Case:
    case = walk(start(people), people, "information_requested")
    services.case_document_upload(
        actor=people.talent, case=case, requirement="passport", name="p.pdf", data=pdf_bytes("Clear")
    )
    return case


def validated(people: CasePeople) -> Case:
    case = walk(start(people), people, "in_validation")
    for record in case.records.all():
        services.record_validate(actor=people.validator, record=record, verified=True)
    return case


def ready_for_evaluation(people: CasePeople) -> Case:
    case = validated(people)
    for evaluator in people.evaluators:
        services.evaluator_assign(actor=people.reviewer, case=case, evaluator=evaluator)
    return case


def evaluating(people: CasePeople) -> Case:
    return services.case_start_evaluation(actor=people.reviewer, case=ready_for_evaluation(people))


def declared(people: CasePeople) -> Case:
    case = evaluating(people)
    assignment = case.evaluations.get(evaluator=people.evaluators[0])
    services.evaluation_declare(actor=people.evaluators[0], assignment=assignment, conflict=False)
    return case


def at(status: str, case_type: str = CaseType.KTECH_PASS) -> Callable[[CasePeople], Case]:
    return lambda people: walk(start(people, case_type), people, status)


def first_record(case: Case) -> CaseRecord:
    return case.records.order_by("pk").first()


def own_assignment(case: Case, people: CasePeople) -> EvaluatorAssignment:
    return case.evaluations.get(evaluator=people.evaluators[0])


@dataclass(frozen=True)
class Step:
    setup: Callable[[CasePeople], Case]
    call: Callable[[Any, Case, CasePeople], Any]
    allowed: tuple[str, ...]


STEPS: dict[str, Step] = {
    "update_offer": Step(
        draft,
        lambda actor, case, people: services.case_update_draft(actor=actor, case=case, job_title="CTO"),
        ("company_member",),
    ),
    "confirm_offer": Step(
        draft_by_talent,
        lambda actor, case, people: services.case_confirm_offer(actor=actor, case=case),
        ("company_member",),
    ),
    "give_consent": Step(
        draft_not_agreed, lambda actor, case, people: services.case_give_consent(actor=actor, case=case), ("talent",)
    ),
    "accept": Step(invitation, lambda actor, case, people: services.case_accept(actor=actor, case=case), ("talent",)),
    "decline": Step(invitation, lambda actor, case, people: services.case_decline(actor=actor, case=case), ("talent",)),
    "withdraw_invitation": Step(
        invitation, lambda actor, case, people: services.case_withdraw(actor=actor, case=case), ("company_member",)
    ),
    "check_eligibility": Step(
        draft, lambda actor, case, people: services.case_check_eligibility(actor=actor, case=case), PARTIES
    ),
    # Each party uploads only the documents it provides (test_document_owners.py: every requirement).
    "upload": Step(
        draft,
        lambda actor, case, people: services.case_document_upload(
            actor=actor, case=case, requirement="passport", name="p.pdf", data=pdf_bytes()
        ),
        ("talent",),
    ),
    "upload_company_document": Step(
        draft,
        lambda actor, case, people: services.case_document_upload(
            actor=actor, case=case, requirement="employment-contract", name="c.pdf", data=pdf_bytes()
        ),
        ("company_member",),
    ),
    "submit": Step(draft_ready, lambda actor, case, people: services.case_submit(actor=actor, case=case), PARTIES),
    "withdraw": Step(
        at("submitted"), lambda actor, case, people: services.case_withdraw(actor=actor, case=case), PARTIES
    ),
    "assign": Step(
        at("submitted"),
        lambda actor, case, people: services.case_assign(actor=actor, cases=[case], reviewer=people.reviewer),
        STAFF,
    ),
    "start_review": Step(
        at("submitted"), lambda actor, case, people: services.case_start_review(actor=actor, case=case), STAFF
    ),
    "request_information": Step(
        at("in_review"),
        lambda actor, case, people: services.case_request_information(
            actor=actor, case=case, items=[services.RequestedItem("passport", "Clearer scan.")]
        ),
        STAFF,
    ),
    "answer_request": Step(
        answered_upload, lambda actor, case, people: services.case_answer_request(actor=actor, case=case), PARTIES
    ),
    "start_validation": Step(
        at("in_review"), lambda actor, case, people: services.case_start_validation(actor=actor, case=case), STAFF
    ),
    "validate_record": Step(
        at("in_validation"),
        lambda actor, case, people: services.record_validate(actor=actor, record=first_record(case), verified=True),
        ("other_staff", "lead"),
    ),
    "assign_evaluator": Step(
        validated,
        lambda actor, case, people: services.evaluator_assign(actor=actor, case=case, evaluator=people.evaluators[0]),
        STAFF,
    ),
    "start_evaluation": Step(
        ready_for_evaluation,
        lambda actor, case, people: services.case_start_evaluation(actor=actor, case=case),
        STAFF,
    ),
    "declare_conflict": Step(
        evaluating,
        lambda actor, case, people: services.evaluation_declare(
            actor=actor, assignment=own_assignment(case, people), conflict=False
        ),
        ("evaluator",),
    ),
    "score": Step(
        declared,
        lambda actor, case, people: services.evaluation_submit(
            actor=actor,
            assignment=own_assignment(case, people),
            technical_expertise=Decimal(10),
            strategic_value=Decimal(10),
            recommends=True,
        ),
        ("evaluator",),
    ),
    "approve": Step(
        validated, lambda actor, case, people: services.case_approve(actor=actor, case=case, reason="Yes."), STAFF
    ),
    "reject": Step(
        at("in_review"), lambda actor, case, people: services.case_reject(actor=actor, case=case, reason="No."), STAFF
    ),
    "reopen": Step(
        at("issued"),
        lambda actor, case, people: services.case_reopen(actor=actor, case=case, reason="Again."),
        ("lead",),
    ),
    "record_use": Step(
        at("issued", CaseType.KOTRA_RECOMMENDATION),
        lambda actor, case, people: services.case_record_use(
            actor=actor, case=case, filed_on=case.issued_document.issued_on
        ),
        ("company_member", *STAFF),
    ),
}


def state_of(case: Case) -> dict[str, Any]:
    """Everything a step may change: the case row, its parts and the audit trail."""
    fresh = Case.objects.get(pk=case.pk)
    return {
        "case": {field.attname: getattr(fresh, field.attname) for field in Case._meta.concrete_fields},
        "records": list(fresh.records.order_by("pk").values("status", "validated_by")),
        "requests": list(fresh.requests.order_by("pk").values("status")),
        "documents": CaseDocument.objects.filter(case=fresh).count(),
        "evaluations": list(
            fresh.evaluations.order_by("pk").values("evaluator", "conflict", "submitted_at", "technical_expertise")
        ),
        "audit_events": AuditEvent.objects.count(),
    }


@pytest.mark.parametrize(
    ("step", "allowed_actor"), [(name, who) for name, step in STEPS.items() for who in step.allowed]
)
def test_each_step_is_refused_to_everyone_but_those_allowed(step, allowed_actor):
    people = CasePeople.create()
    case = STEPS[step].setup(people)
    before = state_of(case)

    for who in ACTORS:
        if who in STEPS[step].allowed:
            continue
        with pytest.raises(PermissionDenied):
            STEPS[step].call(actor_of(people, who), case, people)
        assert state_of(case) == before, who

    STEPS[step].call(actor_of(people, allowed_actor), case, people)

    after = state_of(case)
    assert after != before
    assert after["audit_events"] > before["audit_events"]

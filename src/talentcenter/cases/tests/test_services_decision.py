"""Decision with the engine as of the submission date, issuance, reopening and the E-7 step."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from talentcenter.audit.models import AuditEvent
from talentcenter.cases import services
from talentcenter.cases.enums import CaseType, Decision, RecordKind
from talentcenter.cases.models import Case
from talentcenter.documents.enums import DocumentStatus
from talentcenter.documents.models import IssuedDocument
from talentcenter.documents.selectors import verification_for
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.policy.engine import ENGINE_VERSION
from talentcenter.reference.models import Occupation
from tests.cases import CasePeople, start, walk

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def actions(case: Case) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_type="cases.case", subject_id=str(case.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def validated(people: CasePeople, case_type: str = CaseType.KTECH_PASS, refuse: str = "") -> Case:
    case = walk(start(people, case_type), people, "in_validation")
    for record in case.records.all():
        if record.kind == refuse:
            services.record_validate(actor=people.validator, record=record, verified=False, reason="Not proven.")
        else:
            services.record_validate(actor=people.validator, record=record, verified=True)
    return case


# --- approve and reject --------------------------------------------------------------------------


def test_approval_keeps_the_engines_answer_as_of_the_submission_date():
    people = CasePeople.create()
    with time_machine.travel(datetime.datetime(2026, 11, 2, 10, tzinfo=SEOUL), tick=False):
        case = walk(start(people), people, "in_validation")
        for record in case.records.all():
            services.record_validate(actor=people.validator, record=record, verified=True)
    with time_machine.travel(datetime.datetime(2026, 11, 10, 10, tzinfo=SEOUL), tick=False):
        case = services.case_approve(actor=people.validator, case=case, reason="Meets every criterion.")

    assert case.status == "approved"
    assert case.decision == Decision.APPROVE
    assert case.decided_by == people.validator
    assessment = case.decision_assessment
    assert assessment.as_of == datetime.date(2026, 11, 2)
    assert assessment.engine_version == ENGINE_VERSION
    assert assessment.parameter_snapshot
    assert assessment.summary["ktech-pass/standard"] == "eligible"
    assert assessment.subject == case.talent
    approval = AuditEvent.objects.get(subject_type="cases.case", subject_id=str(case.pk), action="case.approve")
    assert approval.changes == {"status": ["in_validation", "approved"], "assessment": assessment.pk}
    assert approval.reason == "Meets every criterion."


def test_a_degree_completed_after_the_submission_date_is_not_counted_and_the_decision_still_runs():
    # The decision replays the engine as of the submission date; a degree completed after it
    # cannot count then, but it must not make the decision fail either.
    people = CasePeople.create()
    with time_machine.travel(datetime.datetime(2026, 11, 2, 10, tzinfo=SEOUL), tick=False):
        case = validated(people)
    applicant = dict(case.applicant)
    applicant["education"] = [{**item, "completed": "2026-11-03"} for item in applicant["education"]]
    Case.objects.filter(pk=case.pk).update(applicant=applicant)
    case.refresh_from_db()

    with time_machine.travel(datetime.datetime(2026, 11, 10, 10, tzinfo=SEOUL), tick=False):
        case = services.case_reject(actor=people.validator, case=case, reason="No degree by the submission date.")

    assert case.status == "rejected"
    assert case.decision_assessment.as_of == datetime.date(2026, 11, 2)
    result = case.decision_assessment.result["results"][0]
    degree = next(item for item in result["criteria"] if item["id"] == "degree")
    assert degree["status"] == "not_met"


def test_approval_waits_for_every_record():
    people = CasePeople.create()
    case = walk(start(people), people, "in_validation")

    with pytest.raises(ValidationError) as raised:
        services.case_approve(actor=people.validator, case=case)

    assert raised.value.messages == ["Validate every record first."]


def test_approval_is_refused_when_the_validated_records_are_not_eligible():
    people = CasePeople.create()
    case = validated(people, refuse=RecordKind.OFFER)

    with pytest.raises(ValidationError) as raised:
        services.case_approve(actor=people.validator, case=case, reason="Looks fine.")

    assert raised.value.code == "not_eligible"
    case.refresh_from_db()
    assert case.status == "in_validation"
    assert case.decision == ""
    assert case.decision_assessment is None
    assert "case.approve" not in actions(case)


def test_a_kotra_case_cannot_be_approved_without_the_external_evaluation():
    people = CasePeople.create()
    case = validated(people, CaseType.KOTRA_RECOMMENDATION)

    with pytest.raises(TransitionNotAllowed):
        services.case_approve(actor=people.validator, case=case)


def test_rejection_needs_reasons_and_keeps_the_engines_answer():
    people = CasePeople.create()
    case = validated(people, refuse=RecordKind.OFFER)

    with pytest.raises(ValidationError) as raised:
        services.case_reject(actor=people.validator, case=case, reason="  ")
    assert raised.value.message_dict == {"reason": ["Give the reasons for the rejection."]}

    case = services.case_reject(actor=people.validator, case=case, reason="The contract is not signed.")
    assert case.status == "rejected"
    assert case.decision == Decision.REJECT
    assert case.decision_reason == "The contract is not signed."
    assert case.decision_assessment.summary["ktech-pass/standard"] == "not_eligible"


def test_evaluators_and_parties_cannot_decide():
    people = CasePeople.create()
    case = validated(people)

    for actor in (people.talent, people.company_member, people.evaluators[0]):
        with pytest.raises(PermissionDenied):
            services.case_approve(actor=actor, case=case, reason="Me!")
        with pytest.raises(PermissionDenied):
            services.case_reject(actor=actor, case=case, reason="Me!")

    case.refresh_from_db()
    assert case.status == "in_validation"


# --- issue ---------------------------------------------------------------------------------------


def test_issuing_twice_gives_one_document():
    people = CasePeople.create()
    case = walk(start(people), people, "approved")

    first = services.case_issue(case_id=case.pk)
    second = services.case_issue(case_id=case.pk)

    assert first.status == second.status == "issued"
    assert IssuedDocument.objects.filter(subject_type="cases.case", subject_id=str(case.pk)).count() == 1
    assert first.issued_document == second.issued_document
    assert actions(case).count("case.issue") == 1


def test_the_document_names_the_occupation_beside_its_code_in_both_languages():
    people = CasePeople.create()
    Occupation.objects.update_or_create(
        code="2211",
        defaults={"title_en": "Computer hardware engineer", "title_ko": "컴퓨터 하드웨어 기술자", "group": "2"},
    )
    listed = services.case_issue(case_id=walk(start(people), people, "approved").pk)
    Occupation.objects.filter(code="2211").delete()
    unlisted = services.case_issue(case_id=walk(start(people), people, "approved").pk)

    assert (
        listed.issued_document.details["occupation_code"] == "2211 컴퓨터 하드웨어 기술자 / Computer hardware engineer"
    )
    assert unlisted.issued_document.details["occupation_code"] == "2211"


def test_a_reopened_case_is_not_issued_by_a_late_task():
    people = CasePeople.create()
    case = walk(start(people), people, "approved")
    services.case_reopen(actor=people.lead, case=case, reason="The contract was withdrawn.")

    case = services.case_issue(case_id=case.pk)

    assert case.status == "in_review"
    assert not IssuedDocument.objects.filter(subject_type="cases.case", subject_id=str(case.pk)).exists()


# --- reopen --------------------------------------------------------------------------------------


def test_a_lead_reopens_an_issued_case_which_revokes_its_document_and_a_new_decision_follows():
    people = CasePeople.create()
    case = walk(start(people), people, "issued")
    old = case.issued_document
    old_assessment = case.decision_assessment

    case = services.case_reopen(actor=people.lead, case=case, reason="The employer went bankrupt.")

    assert case.status == "in_review"
    assert (case.decision, case.decided_at, case.decision_assessment, case.issued_document) == ("", None, None, None)
    old.refresh_from_db()
    assert old.status == DocumentStatus.REVOKED
    assert old.revocation_reason == "The employer went bankrupt."
    verification = verification_for(serial=old.serial)
    assert verification.state == "revoked"
    assert verification.revocation_category == "case_reopened"  # the note stays internal
    reopening = AuditEvent.objects.get(subject_type="cases.case", subject_id=str(case.pk), action="case.reopen")
    assert reopening.changes["revoked"] == old.serial
    assert reopening.changes["previous"]["assessment"] == old_assessment.pk

    case = services.case_start_validation(actor=people.reviewer, case=case)
    case = services.case_approve(actor=people.validator, case=case, reason="Confirmed again.")
    case = services.case_issue(case_id=case.pk)

    assert case.status == "issued"
    assert case.issued_document != old
    assert case.issued_document.serial != old.serial
    assert verification_for(serial=case.issued_document.serial).state == "valid"


@pytest.mark.parametrize("who", ["reviewer", "validator", "talent", "company_member"])
def test_only_a_lead_reopens(who):
    people = CasePeople.create()
    case = walk(start(people), people, "approved")

    with pytest.raises(PermissionDenied):
        services.case_reopen(actor=getattr(people, who), case=case, reason="Because.")

    case.refresh_from_db()
    assert case.status == "approved"


def test_reopening_needs_a_reason():
    people = CasePeople.create()
    case = walk(start(people), people, "approved")

    with pytest.raises(ValidationError) as raised:
        services.case_reopen(actor=people.lead, case=case, reason="")

    assert raised.value.message_dict == {"reason": ["Give the reason for reopening."]}


def test_a_case_under_review_is_not_reopened():
    people = CasePeople.create()
    case = walk(start(people), people, "in_review")

    with pytest.raises(TransitionNotAllowed):
        services.case_reopen(actor=people.lead, case=case, reason="Why not.")


# --- the E-7 step (KOTRA) ------------------------------------------------------------------------


def issued_letter(people: CasePeople) -> Case:
    with time_machine.travel(datetime.datetime(2026, 11, 2, 10, tzinfo=SEOUL), tick=False):
        return walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "issued")


@pytest.mark.parametrize(
    "filed_on", [datetime.date(2026, 11, 1), datetime.date(2026, 11, 11)], ids=["before issue", "tomorrow"]
)
def test_the_filing_date_lies_between_the_letters_issue_and_today(filed_on):
    people = CasePeople.create()
    case = issued_letter(people)

    with (
        time_machine.travel(datetime.datetime(2026, 11, 10, 10, tzinfo=SEOUL), tick=False),
        pytest.raises(ValidationError) as raised,
    ):
        services.case_record_use(actor=people.company_member, case=case, filed_on=filed_on)

    assert raised.value.message_dict == {
        "filed_on": ["The filing date must be between the letter's issue date and today."]
    }
    case.refresh_from_db()
    assert case.status == "issued"


@pytest.mark.parametrize("filed_on", [datetime.date(2026, 11, 2), datetime.date(2026, 11, 10)])
def test_the_company_records_the_e7_application(filed_on):
    people = CasePeople.create()
    case = issued_letter(people)

    with time_machine.travel(datetime.datetime(2026, 11, 10, 10, tzinfo=SEOUL), tick=False):
        case = services.case_record_use(
            actor=people.company_member, case=case, filed_on=filed_on, application_number=" E7-2026-1 "
        )

    assert case.status == "used"
    assert (case.e7_application_on, case.e7_application_number) == (filed_on, "E7-2026-1")


def test_the_talent_does_not_record_the_e7_application():
    people = CasePeople.create()
    case = issued_letter(people)

    with pytest.raises(PermissionDenied):
        services.case_record_use(actor=people.talent, case=case, filed_on=case.issued_document.issued_on)


def test_a_ktech_pass_has_no_e7_step():
    people = CasePeople.create()
    case = walk(start(people), people, "issued")

    with pytest.raises(TransitionNotAllowed):
        services.case_record_use(actor=people.company_member, case=case, filed_on=case.issued_document.issued_on)

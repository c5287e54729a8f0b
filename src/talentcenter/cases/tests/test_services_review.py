"""Document review: assignment, requests that pause the clock, answers, and four-eyes validation."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from talentcenter.audit.models import AuditEvent
from talentcenter.cases import selectors, services
from talentcenter.cases.enums import RecordKind, RecordStatus, RequestStatus
from talentcenter.cases.models import Case
from talentcenter.foundation.workflow import TransitionNotAllowed
from tests.cases import CasePeople, open_request, pdf_bytes, start, walk

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SEOUL)


def actions(case: Case) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_type="cases.case", subject_id=str(case.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def ask_for_passport(people: CasePeople, case: Case, **extra):
    return services.case_request_information(
        actor=people.reviewer,
        case=case,
        items=[services.RequestedItem("passport", "A clearer scan of the photo page.")],
        **extra,
    )


# --- assignment and start ------------------------------------------------------------------------


def test_staff_assign_several_cases_at_once_and_each_change_is_audited():
    people = CasePeople.create()
    first = walk(start(people), people, "submitted")
    second_people = CasePeople.create()
    second = walk(start(second_people), second_people, "submitted")

    assigned = services.case_assign(actor=people.lead, cases=[first, second, first], reviewer=people.validator)

    assert [case.pk for case in assigned] == sorted([first.pk, second.pk])
    for case in (first, second):
        case.refresh_from_db()
        assert case.reviewer == people.validator
        assert actions(case)[-1] == "case.assigned"


def test_assigning_the_same_reviewer_again_changes_nothing():
    people = CasePeople.create()
    case = walk(start(people), people, "submitted")
    services.case_assign(actor=people.lead, cases=[case], reviewer=people.reviewer)

    services.case_assign(actor=people.lead, cases=[case], reviewer=people.reviewer)

    assert actions(case).count("case.assigned") == 1


def test_only_staff_can_review():
    people = CasePeople.create()
    case = walk(start(people), people, "submitted")

    with pytest.raises(ValidationError) as raised:
        services.case_assign(actor=people.lead, cases=[case], reviewer=people.evaluators[0])

    assert raised.value.message_dict == {"reviewer": ["Only center staff can review applications."]}


def test_a_draft_cannot_be_assigned_and_nothing_in_the_batch_is():
    people = CasePeople.create()
    submitted = walk(start(people), people, "submitted")
    other = CasePeople.create()
    draft = start(other)

    with pytest.raises(TransitionNotAllowed):
        services.case_assign(actor=people.lead, cases=[submitted, draft], reviewer=people.reviewer)

    submitted.refresh_from_db()
    assert submitted.reviewer is None


def test_starting_the_review_makes_the_unassigned_starter_the_reviewer():
    people = CasePeople.create()
    case = walk(start(people), people, "submitted")

    case = services.case_start_review(actor=people.validator, case=case)

    assert case.status == "in_review"
    assert case.reviewer == people.validator


def test_starting_the_review_keeps_the_assigned_reviewer():
    people = CasePeople.create()
    case = walk(start(people), people, "submitted")
    services.case_assign(actor=people.lead, cases=[case], reviewer=people.reviewer)

    case = services.case_start_review(actor=people.lead, case=case)

    assert case.reviewer == people.reviewer


# --- requests and the clock ----------------------------------------------------------------------


MONDAY = datetime.date(2026, 11, 2)  # no Korean public holiday in the fortnight after


def test_a_request_pauses_the_clock_and_the_answer_moves_the_due_date_by_the_paused_working_days():
    people = CasePeople.create()
    with time_machine.travel(at(MONDAY), tick=False):
        case = walk(start(people), people, "in_review")
    assert case.due_on == datetime.date(2026, 11, 13)  # 10 working days, the first included

    with time_machine.travel(at(MONDAY + datetime.timedelta(days=1)), tick=False):  # Tuesday
        request = ask_for_passport(people, case)
    case.refresh_from_db()
    assert case.status == "information_requested"
    assert case.paused_since == at(MONDAY + datetime.timedelta(days=1))
    assert request.respond_by == datetime.date(2026, 11, 17)  # 10 working days after Tuesday
    assert case.due_on == datetime.date(2026, 11, 13)

    with time_machine.travel(at(MONDAY + datetime.timedelta(days=4)), tick=False):  # Friday
        services.case_document_upload(
            actor=people.talent, case=case, requirement="passport", name="p.pdf", data=pdf_bytes("Clear")
        )
        case = services.case_answer_request(actor=people.talent, case=case, note="Here it is.")

    assert case.status == "in_review"
    assert case.paused_since is None
    # Wednesday, Thursday and Friday were paused: three working days later.
    assert case.due_on == datetime.date(2026, 11, 18)
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert request.answer_note == "Here it is."
    assert request.answered_at == at(MONDAY + datetime.timedelta(days=4))


def test_the_answer_is_refused_until_each_requested_document_has_a_new_version():
    people = CasePeople.create()
    case = walk(start(people), people, "in_review")
    services.case_request_information(
        actor=people.reviewer,
        case=case,
        items=[
            services.RequestedItem("passport", "A clearer scan of the photo page."),
            services.RequestedItem("diploma-1", "The diploma with its apostille."),
            services.RequestedItem("", "Correct the start date of your position."),
        ],
    )
    services.case_document_upload(
        actor=people.talent, case=case, requirement="passport", name="p.pdf", data=pdf_bytes("Clear")
    )

    with pytest.raises(ValidationError) as raised:
        services.case_answer_request(actor=people.talent, case=case)

    assert raised.value.messages == [
        "Upload a new version of: Degree certificate: Doctorate, Massachusetts Institute of Technology."
    ]
    case.refresh_from_db()
    assert case.status == "information_requested"
    assert open_request(case).status == RequestStatus.OPEN

    services.case_document_upload(
        actor=people.talent, case=case, requirement="diploma-1", name="d.pdf", data=pdf_bytes("Apostille")
    )
    case = services.case_answer_request(actor=people.company_member, case=case)
    assert case.status == "in_review"


def test_a_new_document_asked_for_joins_the_checklist():
    people = CasePeople.create()
    case = walk(start(people), people, "in_review")

    request = services.case_request_information(
        actor=people.reviewer, case=case, items=[services.RequestedItem("new", "Your TOPIK certificate.")]
    )

    code = f"additional-{request.pk}-1"
    assert selectors.case_requirements(case)[-1].code == code
    assert selectors.case_requirements(case)[-1].label == "Your TOPIK certificate."
    services.case_document_upload(actor=people.talent, case=case, requirement=code, name="t.pdf", data=pdf_bytes())
    assert services.case_answer_request(actor=people.talent, case=case).status == "in_review"


@pytest.mark.parametrize(
    ("items", "respond_by", "errors"),
    [
        ([], None, {"items": ["List at least one document or correction."]}),
        (
            [services.RequestedItem("hiring-statement", "The KOTRA form.")],
            None,
            {"items": ["Item 1 names a document that is not on the checklist."]},
        ),
        ([services.RequestedItem("passport", "  ")], None, {"items": ["Say what is needed for each item."]}),
        (
            [services.RequestedItem("passport", "Scan")],
            "today",
            {"respond_by": ["The answer date must be after today and within 90 days."]},
        ),
        (
            [services.RequestedItem("passport", "Scan")],
            "in 91 days",
            {"respond_by": ["The answer date must be after today and within 90 days."]},
        ),
    ],
)
def test_a_request_must_be_itemised_and_answerable_in_time(items, respond_by, errors):
    people = CasePeople.create()
    case = walk(start(people), people, "in_review")
    today = datetime.date.today()
    dates = {None: None, "today": today, "in 91 days": today + datetime.timedelta(days=91)}
    with time_machine.travel(at(today), tick=False), pytest.raises(ValidationError) as raised:
        services.case_request_information(actor=people.reviewer, case=case, items=items, respond_by=dates[respond_by])

    assert raised.value.message_dict == errors
    case.refresh_from_db()
    assert case.status == "in_review"
    assert case.requests.count() == 0


def test_only_one_request_is_open_at_a_time():
    people = CasePeople.create()
    case = walk(start(people), people, "information_requested")

    with pytest.raises(TransitionNotAllowed):
        ask_for_passport(people, case)

    assert case.requests.count() == 1


def test_staff_may_reject_while_a_request_is_open_and_the_request_is_closed():
    people = CasePeople.create()
    case = walk(start(people), people, "information_requested")
    request = open_request(case)

    case = services.case_reject(actor=people.reviewer, case=case, reason="The passport is forged.")

    assert case.status == "rejected"
    assert case.paused_since is None
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
    assert request.closed_at is not None


def test_the_answer_is_the_parties_to_give():
    people = CasePeople.create()
    case = walk(start(people), people, "information_requested")
    services.case_document_upload(
        actor=people.talent, case=case, requirement="passport", name="p.pdf", data=pdf_bytes("Clear")
    )

    with pytest.raises(PermissionDenied):
        services.case_answer_request(actor=people.reviewer, case=case)

    case.refresh_from_db()
    assert case.status == "information_requested"


# --- validation ----------------------------------------------------------------------------------


def test_the_reviewer_cannot_validate_but_a_second_member_of_staff_can():
    people = CasePeople.create()
    case = walk(start(people), people, "in_validation")
    record = case.records.get(kind=RecordKind.EDUCATION)
    before = actions(case)

    with pytest.raises(PermissionDenied):
        services.record_validate(actor=people.reviewer, record=record, verified=True)
    record.refresh_from_db()
    assert record.status == RecordStatus.PENDING
    assert actions(case) == before

    record = services.record_validate(actor=people.validator, record=record, verified=True)
    assert record.status == RecordStatus.VERIFIED
    assert record.validated_by == people.validator
    assert actions(case) == [*before, "case.record_validated"]


def test_the_member_of_staff_who_did_the_review_cannot_validate_although_someone_else_was_assigned():
    people = CasePeople.create()
    case = walk(start(people), people, "submitted")
    services.case_assign(actor=people.lead, cases=[case], reviewer=people.lead)
    services.case_start_review(actor=people.reviewer, case=case)
    case = services.case_start_validation(actor=people.reviewer, case=case)

    with pytest.raises(PermissionDenied):
        services.record_validate(actor=people.reviewer, record=case.records.first(), verified=True)


def test_a_refused_record_needs_a_reason():
    people = CasePeople.create()
    case = walk(start(people), people, "in_validation")
    record = case.records.get(kind=RecordKind.EXPERIENCE)

    with pytest.raises(ValidationError) as raised:
        services.record_validate(actor=people.validator, record=record, verified=False, reason=" ")

    assert raised.value.message_dict == {"reason": ["Say why the record is refused."]}
    record.refresh_from_db()
    assert record.status == RecordStatus.PENDING


def test_a_refused_record_leaves_the_decision_without_that_claim():
    people = CasePeople.create()
    case = walk(start(people), people, "in_validation")
    services.record_validate(
        actor=people.validator,
        record=case.records.get(kind=RecordKind.EDUCATION),
        verified=False,
        reason="The diploma is not from MIT.",
    )
    services.record_validate(actor=people.validator, record=case.records.get(kind=RecordKind.EXPERIENCE), verified=True)

    applicant = services.decision_applicant(case)

    assert applicant.education == []
    assert [item.organization for item in applicant.experience] == ["Samsung Electronics"]
    assert case.applicant["education"][0]["institution"] == "Massachusetts Institute of Technology"


def test_a_refused_offer_counts_its_salary_as_none_in_the_decision():
    people = CasePeople.create()
    case = walk(start(people), people, "in_validation")
    services.record_validate(
        actor=people.validator, record=case.records.get(kind=RecordKind.OFFER), verified=False, reason="Unsigned."
    )

    # refused, not unknown: none (0) fails the salary tests, where a missing salary would need review
    assert services.decision_applicant(case).offer.annual_salary_krw == 0


def test_records_are_validated_only_during_validation():
    people = CasePeople.create()
    case = walk(start(people), people, "in_review")

    with pytest.raises(TransitionNotAllowed):
        services.record_validate(actor=people.validator, record=case.records.first(), verified=True)

"""The case back office: queues, assignment, the case file and every staff step, for staff only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from talentcenter.audit.models import AuditEvent
from talentcenter.cases import services
from talentcenter.cases.enums import CaseType
from talentcenter.cases.models import Case, InformationRequest
from tests.cases import CasePeople, start, walk

pytestmark = pytest.mark.django_db


def audit_count(case: Case) -> int:
    return AuditEvent.objects.filter(subject_type="cases.case", subject_id=str(case.pk)).count()


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def page(client: Client, case: Case) -> str:
    response = client.get(reverse("cases_backoffice:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def people() -> CasePeople:
    return CasePeople.create()


def score(case: Case, points: list[tuple[str, str, bool]]) -> None:
    for assignment, (technical, strategic, recommends) in zip(case.evaluations.order_by("pk"), points, strict=False):
        services.evaluation_submit(
            actor=assignment.evaluator,
            assignment=assignment,
            technical_expertise=Decimal(technical),
            strategic_value=Decimal(strategic),
            recommends=recommends,
        )


# --- Who may use the back office ---------------------------------------------------------------------


@pytest.fixture
def validating(people: CasePeople) -> Case:
    """A KOTRA case in validation with one evaluator assigned (so "assigned evaluator" is a real actor)."""
    case = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "in_validation")
    services.evaluator_assign(actor=people.reviewer, case=case, evaluator=people.evaluators[0])
    return case


def back_office_urls(case: Case, people: CasePeople) -> list[tuple[str, str, dict[str, Any]]]:
    record = case.records.first()
    document = case.documents.first()
    assert record is not None and document is not None
    return [
        ("get", reverse("cases_backoffice:queue"), {}),
        ("get", reverse("cases_backoffice:detail", args=[case.pk]), {}),
        ("get", reverse("cases_backoffice:document", args=[case.pk, document.pk]), {}),
        ("post", reverse("cases_backoffice:assign"), {"cases": [case.pk], "reviewer": people.validator.pk}),
        ("post", reverse("cases_backoffice:assign_one", args=[case.pk]), {"reviewer": people.validator.pk}),
        ("post", reverse("cases_backoffice:transition", args=[case.pk, "start_evaluation"]), {}),
        (
            "post",
            reverse("cases_backoffice:record_validate", args=[case.pk, record.pk]),
            {f"r{record.pk}-verdict": "verified"},
        ),
        (
            "post",
            reverse("cases_backoffice:request", args=[case.pk]),
            {
                "items-TOTAL_FORMS": "1",
                "items-INITIAL_FORMS": "0",
                "items-0-requirement": "new",
                "items-0-instruction": "A bank statement.",
                "request-respond_by": "2099-01-01",
            },
        ),
        (
            "post",
            reverse("cases_backoffice:evaluator_assign", args=[case.pk]),
            {"evaluator-evaluator": people.evaluators[1].pk},
        ),
        ("post", reverse("cases_backoffice:decide", args=[case.pk]), {"decision": "reject", "reason": "No."}),
        ("post", reverse("cases_backoffice:reopen", args=[case.pk]), {"reopen-reason": "Again."}),
        ("post", reverse("cases_backoffice:issue", args=[case.pk]), {}),
        ("post", reverse("cases_backoffice:record_use", args=[case.pk]), {"use-filed_on": "2026-01-01"}),
    ]


def snapshot(case: Case) -> tuple[Any, ...]:
    case.refresh_from_db()
    return (
        case.status,
        case.reviewer_id,
        audit_count(case),
        tuple(case.records.values_list("status", flat=True).order_by("pk")),
        case.evaluations.count(),
        InformationRequest.objects.filter(case=case).count(),
    )


@pytest.mark.parametrize(
    "who", ["anonymous", "talent", "company_member", "evaluator_assigned", "evaluator_not_assigned"]
)
def test_only_case_staff_reach_the_back_office(people: CasePeople, validating: Case, who: str) -> None:
    if who == "anonymous":
        client = Client()
    else:
        user = {
            "talent": people.talent,
            "company_member": people.company_member,
            "evaluator_assigned": people.evaluators[0],
            "evaluator_not_assigned": people.evaluators[2],
        }[who]
        client = staff_client_with_second_factor(user)
    before = snapshot(validating)

    for method, url, data in back_office_urls(validating, people):
        response = getattr(client, method)(url, data)
        if who == "anonymous":
            assert (response.status_code, response["Location"].split("?")[0]) == (302, "/en/accounts/login/"), url
        else:
            assert response.status_code == 404, url

    assert snapshot(validating) == before


def test_staff_reach_every_page(people: CasePeople, validating: Case) -> None:
    client = staff_client_with_second_factor(people.validator)

    for method, url, _data in back_office_urls(validating, people):
        if method == "get":
            assert client.get(url).status_code == 200, url
        else:
            assert client.get(url).status_code == 405, url


def test_staff_without_a_second_factor_are_sent_to_sign_in_again(people: CasePeople) -> None:
    client = Client()
    client.force_login(people.reviewer)

    response = client.get(reverse("cases_backoffice:queue"))

    assert response.status_code == 302
    assert "/cases/" not in response["Location"]


def test_only_a_lead_reopens_a_decided_case(people: CasePeople) -> None:
    case = walk(start(people), people, "issued")
    url = reverse("cases_backoffice:reopen", args=[case.pk])
    before = snapshot(case)

    denied = staff_client_with_second_factor(people.reviewer).post(url, {"reopen-reason": "A second look."})
    assert denied.status_code == 403
    assert snapshot(case) == before
    assert 'id="id_reopen-reason"' not in page(staff_client_with_second_factor(people.reviewer), case)

    lead = staff_client_with_second_factor(people.lead)
    assert 'id="id_reopen-reason"' in page(lead, case)
    missing_reason = lead.post(url, {"reopen-reason": " "})
    assert missing_reason.status_code == 400
    assert snapshot(case) == before


def test_a_lead_reopens_an_issued_case_with_a_reason(people: CasePeople) -> None:
    case = walk(start(people), people, "issued")
    lead = staff_client_with_second_factor(people.lead)
    url = reverse("cases_backoffice:reopen", args=[case.pk])

    document = case.issued_document
    assert document is not None
    page_before = lead.get(reverse("cases_backoffice:detail", args=[case.pk])).content.decode()
    assert f"{document.get_kind_display()} {document.serial}, held by" in page_before
    unconfirmed = lead.post(url, {"reopen-reason": "The employer withdrew the offer letter."})
    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm that this is the document to revoke." in unconfirmed.content.decode()
    document.refresh_from_db()
    case.refresh_from_db()
    assert (case.status, document.status) == ("issued", "valid")

    response = lead.post(url, {"reopen-reason": "The employer withdrew the offer letter.", "reopen-confirm": "on"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "in_review"
    assert case.issued_document is None
    assert AuditEvent.objects.filter(
        subject_id=str(case.pk), action="case.reopen", reason="The employer withdrew the offer letter."
    ).exists()


def test_reopening_a_case_without_a_valid_document_asks_for_no_revocation_box(people: CasePeople) -> None:
    case = walk(start(people), people, "approved")
    lead = staff_client_with_second_factor(people.lead)

    assert 'name="reopen-confirm"' not in page(lead, case)
    response = lead.post(reverse("cases_backoffice:reopen", args=[case.pk]), {"reopen-reason": "A second look."})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "in_review"


# --- Queue ---------------------------------------------------------------------------------------------


def test_the_queue_lists_open_cases_with_their_clock_and_tabs(people: CasePeople) -> None:
    reviewing = walk(start(people), people, "in_review")
    kotra = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "submitted")
    client = staff_client_with_second_factor(people.reviewer)

    response = client.get(reverse("cases_backoffice:queue"))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.index(reviewing.reference) < content.index(kotra.reference)
    assert people.company.name_en in content
    assert "Document review" in content and "Submitted" in content
    assert "10 working days left" in content or "9 working days left" in content
    assert '<span class="krds-badge bg-light-gray" data-count="1">1</span>' in content  # one unassigned
    unassigned = client.get(reverse("cases_backoffice:queue"), {"reviewer": "unassigned"}).content.decode()
    assert kotra.reference in unassigned and reviewing.reference not in unassigned
    mine = client.get(reverse("cases_backoffice:queue"), {"reviewer": "me", "q": reviewing.reference}).content.decode()
    assert reviewing.reference in mine and kotra.reference not in mine


def test_the_queue_costs_the_same_few_queries_for_one_case_or_many(people: CasePeople) -> None:
    walk(start(people), people, "in_review")
    client = staff_client_with_second_factor(people.reviewer)
    url = reverse("cases_backoffice:queue")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        more = CasePeople.create(evaluators=0)
        walk(start(more, CaseType.KOTRA_RECOMMENDATION), more, "in_review")

    with CaptureQueriesContext(connection) as four:
        response = client.get(url)

    assert response.content.decode().count('name="cases"') == 4
    # The access log is one statement whether it writes the three talents new to it or nothing.
    # session, user, roles, reviewers, page count, the page (talents, companies and reviewers
    # joined), the access log, the four tab counts (one statement), unread notifications
    assert len(four) == len(one) == 9


def test_bulk_assignment_gives_every_ticked_case_to_the_reviewer(people: CasePeople) -> None:
    first = walk(start(people), people, "submitted")
    second = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "submitted")
    client = staff_client_with_second_factor(people.lead)
    back = reverse("cases_backoffice:queue") + "?reviewer=unassigned"

    response = client.post(
        reverse("cases_backoffice:assign"),
        {"cases": [first.pk, second.pk], "reviewer": people.validator.pk, "next": back},
    )

    assert (response.status_code, response["Location"]) == (302, back)
    assert messages_of(response) == [f"2 cases given to {people.validator.email}."]
    assert set(Case.objects.filter(pk__in=[first.pk, second.pk]).values_list("reviewer", flat=True)) == {
        people.validator.pk
    }
    for case in (first, second):
        event = AuditEvent.objects.get(subject_id=str(case.pk), action="case.assigned")
        assert (event.actor, event.changes) == (people.lead, {"reviewer": ["", people.validator.email]})


def test_bulk_assignment_is_all_or_nothing(people: CasePeople) -> None:
    open_case = walk(start(people), people, "submitted")
    decided = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "approved")
    client = staff_client_with_second_factor(people.lead)
    before = (snapshot(open_case), snapshot(decided))

    response = client.post(
        reverse("cases_backoffice:assign"), {"cases": [open_case.pk, decided.pk], "reviewer": people.validator.pk}
    )

    assert response.status_code == 302
    assert len(messages_of(response)) == 1 and "Approved" in messages_of(response)[0]
    assert (snapshot(open_case), snapshot(decided)) == before


def test_bulk_assignment_refuses_a_non_reviewer_and_an_external_next(people: CasePeople) -> None:
    case = walk(start(people), people, "submitted")
    client = staff_client_with_second_factor(people.lead)

    response = client.post(
        reverse("cases_backoffice:assign"),
        {"cases": [case.pk], "reviewer": people.talent.pk, "next": "https://evil.example.org/"},
    )

    assert (response.status_code, response["Location"]) == (302, reverse("cases_backoffice:queue"))
    assert snapshot(case)[1] is None


# --- Case detail and its steps --------------------------------------------------------------------


def test_a_step_button_moves_the_case_and_a_second_click_gets_a_conflict_message(people: CasePeople) -> None:
    case = walk(start(people), people, "submitted")
    client = staff_client_with_second_factor(people.validator)
    url = reverse("cases_backoffice:transition", args=[case.pk, "start_review"])
    assert f'action="{url}"' in page(client, case)

    first = client.post(url)
    after_first = snapshot(case)
    second = client.post(url)

    assert first.status_code == second.status_code == 302
    assert after_first[:2] == ("in_review", people.validator.pk)
    assert messages_of(second)[-1:] == [
        "This is now “Document review”, so it cannot be done any more. Reload the page to see its current state."
    ]
    assert snapshot(case) == after_first
    assert client.post(reverse("cases_backoffice:transition", args=[case.pk, "approve"])).status_code == 404


def test_the_reviewer_sees_the_four_eyes_note_and_a_second_member_of_staff_validates(people: CasePeople) -> None:
    case = walk(start(people), people, "in_validation")
    record = case.records.order_by("pk").first()
    assert record is not None
    url = reverse("cases_backoffice:record_validate", args=[case.pk, record.pk])
    reviewer = staff_client_with_second_factor(people.reviewer)
    validator = staff_client_with_second_factor(people.validator)

    reviewer_page = page(reviewer, case)
    assert 'id="four-eyes-note"' in reviewer_page and f'action="{url}"' not in reviewer_page
    validator_page = page(validator, case)
    assert 'id="four-eyes-note"' not in validator_page and f'action="{url}"' in validator_page

    before = snapshot(case)
    refused_by_reviewer = reviewer.post(url, {f"r{record.pk}-verdict": "verified"})
    assert refused_by_reviewer.status_code == 302
    assert messages_of(refused_by_reviewer) == [
        "The reviewer of this application cannot validate it; a second member of staff must."
    ]
    assert snapshot(case) == before

    no_reason = validator.post(url, {f"r{record.pk}-verdict": "refused", f"r{record.pk}-reason": ""})
    assert no_reason.status_code == 400
    assert "Say why the record is refused." in no_reason.content.decode()
    assert snapshot(case) == before

    refused = validator.post(url, {f"r{record.pk}-verdict": "refused", f"r{record.pk}-reason": "The seal is missing."})

    assert refused.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.reason, record.validated_by) == ("refused", "The seal is missing.", people.validator)


def test_staff_ask_for_documents_item_by_item(people: CasePeople) -> None:
    case = walk(start(people), people, "in_review")
    client = staff_client_with_second_factor(people.reviewer)
    content = page(client, case)
    assert '<option value="passport">' in content and '<option value="new">' in content
    url = reverse("cases_backoffice:request", args=[case.pk])
    form = {"items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0", "request-respond_by": "", "request-message": ""}

    empty = client.post(url, form)
    assert empty.status_code == 400
    assert "List at least one document or correction." in empty.content.decode()
    assert snapshot(case)[0] == "in_review"

    response = client.post(
        url,
        {
            **form,
            "items-0-requirement": "passport",
            "items-0-instruction": "A clearer scan of the photo page.",
            "items-1-requirement": "new",
            "items-1-instruction": "Your latest payslip.",
            "items-2-requirement": "",
            "items-2-instruction": "",
            "request-message": "Two things, please.",
            "request-respond_by": "2099-01-01",
        },
    )
    assert response.status_code == 400  # more than 90 days ahead: the service's message on the date
    assert "The answer date must be after today and within 90 days." in response.content.decode()

    response = client.post(
        url,
        {
            **form,
            "items-0-requirement": "passport",
            "items-0-instruction": "A clearer scan of the photo page.",
            "items-1-requirement": "new",
            "items-1-instruction": "Your latest payslip.",
            "request-message": "Two things, please.",
        },
    )

    assert response.status_code == 302
    case.refresh_from_db()
    request = case.requests.get()
    assert (case.status, request.message) == ("information_requested", "Two things, please.")
    assert list(request.items.values_list("requirement", "instruction")) == [
        ("passport", "A clearer scan of the photo page."),
        (f"additional-{request.pk}-2", "Your latest payslip."),
    ]
    assert "A clearer scan of the photo page." in page(client, case)


def test_scores_are_hidden_before_the_quorum_and_shown_with_the_disagreement_flag_after(people: CasePeople) -> None:
    case = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "in_evaluation")
    client = staff_client_with_second_factor(people.reviewer)
    score(case, [("20", "15", True), ("10", "8", False)])

    before = page(client, case)
    assert 'id="scores-hidden"' in before and 'id="scores"' not in before
    assert "2 so far" in before
    assert "20.0" not in before

    score_third = case.evaluations.order_by("pk")[2]
    services.evaluation_submit(
        actor=score_third.evaluator,
        assignment=score_third,
        technical_expertise=Decimal("15"),
        strategic_value=Decimal("10"),
        recommends=True,
    )
    after = page(client, case)

    assert 'id="scores"' in after and 'id="scores-hidden"' not in after
    assert '<td id="mean-total">26.00</td>' in after
    assert 'id="disagreement"' in after
    assert "Their recommendations are split." in after
    assert "Totals are 17.0 points apart." in after


def test_no_disagreement_flag_when_evaluators_agree(people: CasePeople) -> None:
    case = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "approved")

    content = page(staff_client_with_second_factor(people.reviewer), case)

    assert 'id="scores"' in content and 'id="disagreement"' not in content


def test_staff_assign_an_evaluator_and_see_the_declaration(people: CasePeople) -> None:
    case = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "in_validation")
    client = staff_client_with_second_factor(people.reviewer)
    evaluator = people.evaluators[0]

    response = client.post(
        reverse("cases_backoffice:evaluator_assign", args=[case.pk]), {"evaluator-evaluator": evaluator.pk}
    )
    assert response.status_code == 302
    assignment = case.evaluations.get()
    services.evaluation_declare(actor=evaluator, assignment=assignment, conflict=True, note="My former student.")

    content = page(client, case)
    assert evaluator.email in content
    assert "Conflict of interest (recused): My former student." in content
    not_an_evaluator = client.post(
        reverse("cases_backoffice:evaluator_assign", args=[case.pk]), {"evaluator-evaluator": people.validator.pk}
    )
    assert not_an_evaluator.status_code == 400
    assert case.evaluations.count() == 1


def test_approval_shows_the_engine_answer_and_issue_now_issues(people: CasePeople) -> None:
    case = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "in_evaluation")
    score(case, [("16", "11", True)] * 3)
    client = staff_client_with_second_factor(people.reviewer)

    response = client.post(
        reverse("cases_backoffice:decide", args=[case.pk]), {"decision": "approve", "reason": "Good."}
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.decision_reason, case.issued_document) == ("approved", "Good.", None)
    content = page(client, case)
    assert 'id="assessment"' in content and "KOTRA employment recommendation (E-7)" in content
    assert 'id="issue-now"' in content

    issued = client.post(reverse("cases_backoffice:issue", args=[case.pk]))

    assert issued.status_code == 302
    case.refresh_from_db()
    assert case.status == "issued" and case.issued_document is not None
    assert case.issued_document.serial in page(client, case)
    again = client.post(reverse("cases_backoffice:issue", args=[case.pk]))
    assert messages_of(again) == ["Only an approved application without its document can be issued."]


def test_a_rejection_needs_reasons(people: CasePeople) -> None:
    case = walk(start(people), people, "in_review")
    client = staff_client_with_second_factor(people.reviewer)
    url = reverse("cases_backoffice:decide", args=[case.pk])
    before = snapshot(case)

    without = client.post(url, {"decision": "reject", "reason": ""})
    assert without.status_code == 400
    assert "Give the reasons for the rejection." in without.content.decode()
    assert snapshot(case) == before

    response = client.post(url, {"decision": "reject", "reason": "The offer is below the salary threshold."})

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.decision_reason) == ("rejected", "The offer is below the salary threshold.")
    content = page(client, case)
    assert "case.reject" in content or "Reject" in content
    assert "The offer is below the salary threshold." in content


def test_the_case_page_shows_the_file_the_documents_and_the_timeline(people: CasePeople) -> None:
    case = walk(start(people), people, "in_validation", with_request=True)
    client = staff_client_with_second_factor(people.reviewer)

    with CaptureQueriesContext(connection) as queries:
        content = page(client, case)

    passport = case.documents.filter(requirement="passport").order_by("version")
    assert passport.count() == 2
    for document in passport:
        assert reverse("cases_backoffice:document", args=[case.pk, document.pk]) in content
    assert "Massachusetts Institute of Technology" in content
    assert "Upload a clearer scan of the passport photo page." in content
    assert 'data-status="in_validation"' in content
    assert "A clearer scan." in content  # the applicant's answer
    assert len(queries) <= 40
    download = client.get(reverse("cases_backoffice:document", args=[case.pk, passport[0].pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    other = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "submitted")
    assert client.get(reverse("cases_backoffice:document", args=[other.pk, passport[0].pk])).status_code == 404


def test_the_back_office_speaks_korean(people: CasePeople) -> None:
    case = walk(start(people), people, "in_review")
    client = staff_client_with_second_factor(people.reviewer)

    with translation.override("ko"):
        queue_url = reverse("cases_backoffice:queue")
        detail_url = reverse("cases_backoffice:detail", args=[case.pk])
    queue = client.get(queue_url)
    detail = client.get(detail_url)

    assert queue_url.startswith("/ko/") and detail_url.startswith("/ko/")
    assert queue.status_code == detail.status_code == 200
    for response in (queue, detail):
        content = response.content.decode()
        assert '<html lang="ko"' in content
        assert people.company.name_ko in content
        assert case.reference in content


def test_junk_input_never_breaks_a_page(people: CasePeople) -> None:
    case = walk(start(people), people, "in_validation")
    record = case.records.first()
    assert record is not None
    client = staff_client_with_second_factor(people.validator)
    before = snapshot(case)

    queue = client.get(
        reverse("cases_backoffice:queue"),
        {"status": "bogus", "clock": "late", "reviewer": "x'", "page": "-3", "case_type": "<b>", "q": "%" * 200},
    )
    assert queue.status_code == 200
    posts = [
        (reverse("cases_backoffice:assign"), {"cases": ["abc", ""], "reviewer": "nobody"}),
        (reverse("cases_backoffice:assign_one", args=[case.pk]), {"reviewer": "999999"}),
        (reverse("cases_backoffice:record_validate", args=[case.pk, record.pk]), {f"r{record.pk}-verdict": "maybe"}),
        (reverse("cases_backoffice:request", args=[case.pk]), {"request-respond_by": "tomorrow"}),
        (reverse("cases_backoffice:evaluator_assign", args=[case.pk]), {"evaluator-evaluator": "[]"}),
        (reverse("cases_backoffice:decide", args=[case.pk]), {"decision": "perhaps"}),
        (reverse("cases_backoffice:record_use", args=[case.pk]), {"use-filed_on": "31/31/2026"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (302, 400), url

    assert snapshot(case) == before

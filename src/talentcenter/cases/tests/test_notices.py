"""Who is told what at each step that needs the other party: in the app, and by e-mail in their language."""

from __future__ import annotations

from typing import Any

import pytest

from talentcenter.cases import services
from talentcenter.cases.enums import CaseType
from talentcenter.cases.models import Case
from talentcenter.notifications.enums import EmailStatus
from talentcenter.notifications.models import Notification, OutboundEmail
from tests.cases import CasePeople, invite, open_request, pdf_bytes, start, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def people_in_korean() -> CasePeople:
    """The talent and the reviewer read the site in Korean, everybody else in English."""
    people = CasePeople.create()
    for person in (people.talent, people.reviewer):
        person.preferred_language = "ko"
        person.save(update_fields=["preferred_language"])
    return people


def told(kind: str, case: Case | None = None) -> set[Any]:
    notices = Notification.objects.filter(kind=kind)
    if case is not None:
        notices = notices.filter(link__contains=f"/{case.pk}/")
    return {notice.recipient for notice in notices}


def emails_to(person: Any) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(to=person.email).order_by("pk"))


def test_a_case_the_talent_starts_is_announced_to_the_company_members():
    people = people_in_korean()

    case = services.case_start(
        actor=people.talent, case_type=CaseType.KTECH_PASS, talent=people.talent.talent_profile, company=people.company
    )

    assert told("case.started") == {people.company_member}
    [notice] = Notification.objects.filter(kind="case.started")
    assert (
        notice.title_en
        == f"{people.talent.talent_profile.full_name} asks you to confirm a job offer ({case.reference})"
    )
    assert notice.title_ko
    assert notice.link == f"/applications/{case.pk}/"
    [email] = emails_to(people.company_member)
    assert email.language == "en"
    assert email.subject == notice.title_en
    assert f"/en/applications/{case.pk}/" in email.body_text
    assert emails_to(people.talent) == []


def test_a_case_the_company_starts_is_announced_to_the_talent_in_their_language():
    people = people_in_korean()

    case = invite(people, CaseType.KOTRA_RECOMMENDATION)

    assert told("case.invited") == {people.talent}
    [notice] = Notification.objects.filter(kind="case.invited")
    [email] = emails_to(people.talent)
    assert email.language == "ko"
    assert email.subject == notice.title_ko
    assert f"/ko/applications/{case.pk}/" in email.body_text
    assert emails_to(people.company_member) == []


def test_a_request_is_sent_to_both_parties_and_the_answer_to_the_reviewer():
    people = people_in_korean()
    case = walk(start(people), people, "information_requested")

    assert told("case.information_requested", case) == {people.talent, people.company_member}
    request_notice = Notification.objects.get(kind="case.information_requested", recipient=people.company_member)
    assert "- Upload a clearer scan of the passport photo page." in request_notice.body_en
    assert open_request(case).respond_by.isoformat() in request_notice.body_en
    assert emails_to(people.talent)[-1].language == "ko"

    services.case_document_upload(
        actor=people.talent, case=case, requirement="passport", name="p.pdf", data=pdf_bytes("Clear")
    )
    services.case_answer_request(actor=people.talent, case=case, note="The new scan.")

    assert told("case.request_answered", case) == {people.reviewer}
    answered = Notification.objects.get(kind="case.request_answered")
    assert answered.link == f"/backoffice/cases/{case.pk}/"
    assert answered.body_en == "The new scan."
    email = emails_to(people.reviewer)[-1]
    assert email.language == "ko"
    assert f"/ko/backoffice/cases/{case.pk}/" in email.body_text


def test_an_assigned_evaluator_is_told_with_a_link_to_the_assignment():
    people = people_in_korean()
    case = walk(start(people), people, "in_validation")

    assignment = services.evaluator_assign(actor=people.reviewer, case=case, evaluator=people.evaluators[0])

    assert told("case.evaluator_assigned") == {people.evaluators[0]}
    notice = Notification.objects.get(kind="case.evaluator_assigned")
    assert notice.link == f"/evaluations/{assignment.pk}/"
    assert notice.title_en == f"New application to evaluate: {case.reference}"
    assert f"/en/evaluations/{assignment.pk}/" in emails_to(people.evaluators[0])[-1].body_text


def test_the_decision_and_the_issued_document_are_sent_to_both_parties():
    people = people_in_korean()
    case = walk(start(people), people, "issued")

    assert told("case.approve", case) == {people.talent, people.company_member}
    assert told("case.issued", case) == {people.talent, people.company_member}
    issued = Notification.objects.get(kind="case.issued", recipient=people.talent)
    assert case.issued_document.serial in issued.body_en
    assert case.issued_document.serial in issued.body_ko
    assert emails_to(people.talent)[-1].language == "ko"
    assert emails_to(people.company_member)[-1].language == "en"


def test_a_rejection_gives_the_parties_the_reasons():
    people = CasePeople.create()
    case = walk(start(people), people, "in_review")

    services.case_reject(actor=people.reviewer, case=case, reason="The offer is below the threshold.")

    assert told("case.reject", case) == {people.talent, people.company_member}
    notice = Notification.objects.get(kind="case.reject", recipient=people.talent)
    assert notice.title_en == f"Application {case.reference} rejected"
    assert notice.body_en == "The application has been rejected for these reasons:\nThe offer is below the threshold."


def test_a_withdrawal_is_told_to_everyone_but_the_one_who_withdrew():
    people = CasePeople.create()
    case = walk(start(people), people, "in_review")

    services.case_withdraw(actor=people.talent, case=case, reason="Another job.")

    assert told("case.withdrawn", case) == {people.company_member, people.reviewer}


def test_every_case_notice_has_its_own_korean_title():
    people = CasePeople.create()
    walk(start(people), people, "issued", with_request=True)

    notices = list(Notification.objects.all())
    assert notices
    for notice in notices:
        assert notice.title_ko
        assert notice.title_ko != notice.title_en, notice.kind


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}


def test_a_case_email_is_delivered_over_smtp_after_the_commit(
    smtp_settings: Any, immediate_tasks: None, django_capture_on_commit_callbacks: Any
):
    people = people_in_korean()

    with django_capture_on_commit_callbacks(execute=True):
        case = invite(people, CaseType.KOTRA_RECOMMENDATION)
        assert smtp_settings.messages == []

    [email] = emails_to(people.talent)
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    [message] = smtp_settings.messages
    assert message["To"] == people.talent.email
    body = message.get_payload()[0].get_payload(decode=True).decode() if message.is_multipart() else ""
    assert f"/ko/applications/{case.pk}/" in body

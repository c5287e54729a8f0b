"""Journey: a KOTRA employment recommendation from the company's first click to a letter whose QR
code an immigration officer scans.

Each person works in their own browser window (their own session), as they would on their own
computer: the hiring company's member (in English), the talent (in Korean), two reviewers (four
eyes) and three external evaluators, all staff signing in with their authenticator app. Background
tasks run at once, so the letter is issued as soon as the application is approved.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import PageAudit, check_page
from tests.e2e.flows import (
    fill,
    form_with,
    link_in,
    message_subject,
    sign_in,
    sign_in_with_second_factor,
    submit,
    translated,
    upload_for,
)
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
        reason="the QR scan needs zbarimg (zbar-tools) and pdftoppm (poppler-utils)",
    ),
]

COMPANY_EMAIL = "hr@hanbit-semi.example"
TALENT_EMAIL = "priya.raman@example.org"
REVIEWER_EMAIL = "reviewer@talentcenter.example"
VALIDATOR_EMAIL = "validator@talentcenter.example"
EVALUATOR_EMAILS = [f"evaluator{number}@university.example" for number in (1, 2, 3)]
# (technical expertise, strategic value): totals 27, 30 and 24, a mean of 27.
SCORES = [("16", "11"), ("18", "12"), ("15", "9")]


@dataclass
class Given:
    talent: Any
    company: Any
    reviewer: Any
    validator: Any
    evaluators: list[Any]
    secrets: dict[str, str]


@pytest.fixture
def given(e2e_server: Any, settings: Any, tmp_path: Path) -> Given:
    """A verified company with a member, a talent whose profile KOTRA accepts, two reviewers and
    three external evaluators, each of the staff with an authenticator app."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from talentcenter.accounts.enums import Role
    from tests.cases import eligible_profile
    from tests.factories import MembershipFactory, UserFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = e2e_server.url
    membership = MembershipFactory(
        user=UserFactory(email=COMPANY_EMAIL, roles=[Role.COMPANY_MEMBER]), company__name_en="Hanbit Semiconductor"
    )
    profile = eligible_profile(
        user=UserFactory(email=TALENT_EMAIL, roles=[Role.TALENT], preferred_language="ko"),
        given_name="Priya",
        family_name="Raman",
        name_hangul="프리야",
    )
    secrets = {}

    def with_authenticator(email: str, role: Any) -> Any:
        user = UserFactory(email=email, roles=[role])
        secrets[email] = generate_totp_secret()
        TOTP.activate(user, secrets[email])
        return user

    return Given(
        talent=profile,
        company=membership.company,
        reviewer=with_authenticator(REVIEWER_EMAIL, Role.STAFF_REVIEWER),
        validator=with_authenticator(VALIDATOR_EMAIL, Role.STAFF_REVIEWER),
        evaluators=[with_authenticator(email, Role.EXTERNAL_EVALUATOR) for email in EVALUATOR_EMAILS],
        secrets=secrets,
    )


@pytest.fixture
def window(browser: Any, e2e_server: Any, request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    """Another person's browser window (its own cookies), checked like the ``page`` fixture's."""
    opened: list[tuple[Any, PageAudit]] = []

    def open_window(person: str, *, locale: str = "en-US") -> Any:
        context = browser.new_context(
            base_url=e2e_server.url, viewport={"width": 1280, "height": 900}, locale=locale, timezone_id="Asia/Seoul"
        )
        context.set_default_timeout(10_000)
        new_page = context.new_page()
        # Screenshot folders are named after the test, cut at 80 characters: each window has its own.
        audit = PageAudit(new_page, test_name=f"kotra-recommendation-{person}")
        new_page.audit = audit
        opened.append((context, audit))
        return new_page

    yield open_window
    failed = getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
    for context, audit in opened:
        if failed:
            audit.keep_failure_screenshot()
        context.close()
    if not failed:
        for _context, audit in opened:
            audit.warn_about_reflow()
            audit.assert_every_page_checked()


def press(page: Any, button: Any, step: str) -> None:
    """Press a button that posts its form, and check the page it leads to."""
    with page.expect_navigation():
        button.click()
    check_page(page, step)


def ko(message: str) -> str:
    return translated("ko", message)


def test_kotra_recommendation_from_the_first_click_to_a_verified_letter(
    page: Any, window: Callable[..., Any], given: Given, mailbox: Any, e2e_server: Any, tmp_path: Path
) -> None:
    from django.utils import timezone

    from talentcenter.cases.models import Case
    from talentcenter.documents.selectors import mask_name
    from tests.cases import pdf_bytes

    files = {}
    for name in ("contract", "statement", "passport", "passport-clearer", "diploma", "certificate"):
        files[name] = tmp_path / f"{name}.pdf"
        files[name].write_bytes(pdf_bytes(name.capitalize()))

    # 1. The company's member starts a KOTRA recommendation for the talent, from the site header.
    company = page
    sign_in(company, language="en", email=COMPANY_EMAIL, password=PASSWORD)
    company.locator("nav.krds-main-menu").get_by_role("link", name="My applications").click()
    company.wait_for_url("**/en/applications/")
    check_page(company, "my applications (empty)")
    expect(company.locator("main")).to_contain_text("You have no applications yet.")
    company.locator("main a", has_text="Start an application").click()
    check_page(company, "start an application")
    company.locator("main a", has_text="Start for a talent").click()
    company.wait_for_url("**/en/applications/start/company/")
    check_page(company, "start for a talent")
    form = form_with(company, "talent_email")
    # Their only verified company is chosen already.
    expect(form.locator("select[name='company']")).to_have_value(str(given.company.pk))
    fill(
        form,
        {
            "case_type": "kotra_recommendation",
            "talent_email": TALENT_EMAIL.upper(),
            "job_title": "Principal process engineer",
            "occupation_code": "2211",
            "annual_salary_krw": "160000000",
            "start_date": "2027-03-02",
            "technology_field": "",
        },
    )
    submit(form)
    check_page(company, "technology field missing")
    expect(company.locator("#error-summary")).to_contain_text("Choose the KOTRA technology field of the position.")
    form = form_with(company, "talent_email")
    fill(form, {"technology_field": "digital_electronics"})
    submit(form)
    check_page(company, "application started")
    case = Case.objects.get()
    assert (case.case_type, case.status, case.talent_id) == ("kotra_recommendation", "invited", None)
    main = company.locator("main")
    expect(company.locator("main h1")).to_have_text(f"KOTRA employment recommendation {case.reference}")
    expect(main).to_contain_text(
        f"Application {case.reference} is started. We have invited the talent: you will see their details once "
        "they accept."
    )
    expect(company.locator(".case-status .krds-badge")).to_have_text("Invitation sent")
    expect(main).to_contain_text("Offer confirmed")
    # Before the talent accepts, the company sees nothing of them: no name, no checklist.
    expect(main).not_to_contain_text("Priya Raman")
    expect(company.locator("#case-documents")).to_have_count(0)

    # 2. The talent, in Korean, opens the invitation from the notification and accepts it; the
    # company then uploads its two documents; the talent checks the eligibility, uploads theirs
    # and submits.
    talent = window("talent", locale="ko-KR")
    sign_in(talent, language="ko", email=TALENT_EMAIL, password=PASSWORD)
    talent.goto("/ko/notifications/")
    check_page(talent, "notifications in Korean")
    notice = talent.locator(f"main .site-notifications a[href='/ko/applications/{case.pk}/']").first
    notice.click()
    talent.wait_for_url(f"**/ko/applications/{case.pk}/")
    check_page(talent, "the invitation in Korean")
    press(talent, talent.locator(f"form[action='/ko/applications/{case.pk}/accept/'] button"), "accepted")
    case.refresh_from_db()
    assert (case.status, case.talent_id) == ("draft", given.talent.pk)
    company.reload()
    check_page(company, "the application once accepted")
    expect(company.locator("main")).to_contain_text("Priya Raman")
    upload_for(company, "employment-contract", files["contract"])
    upload_for(company, "hiring-statement", files["statement"])
    expect(company.locator("#document-hiring-statement")).to_contain_text("statement.pdf")
    expect(company.locator("#document-passport")).to_contain_text("Not uploaded yet")
    expect(company.locator("#document-passport form[data-action='upload']")).to_have_count(0)
    talent.reload()
    check_page(talent, "the accepted application in Korean")
    press(talent, talent.locator(f"form[action='/ko/applications/{case.pk}/eligibility/'] button"), "eligibility")
    expect(talent.locator("#case-eligibility + p strong").first).to_have_text(ko("Eligible"))
    for requirement, name in (
        ("passport", "passport"),
        ("diploma-1", "diploma"),
        ("employment-certificate-1", "certificate"),
    ):
        upload_for(talent, requirement, files[name])
    press(talent, talent.locator(f"form[action='/ko/applications/{case.pk}/submit/'] button"), "submitted")
    expect(talent.locator(".case-status .krds-badge")).to_have_text(ko("Submitted"))
    case.refresh_from_db()
    assert case.status == "submitted"
    assert case.due_on is not None
    assert case.records.count() == 5

    # 3. A reviewer takes the case from the queue, starts the review and asks for a clearer passport scan.
    reviewer = window("reviewer")
    sign_in_with_second_factor(
        reviewer, language="en", email=REVIEWER_EMAIL, password=PASSWORD, secret=given.secrets[REVIEWER_EMAIL]
    )
    reviewer.goto("/en/backoffice/cases/")
    check_page(reviewer, "case queue")
    row = reviewer.locator(f"main tr[data-reference='{case.reference}']")
    expect(row).to_contain_text("Priya Raman")
    expect(row).to_contain_text("Submitted")
    expect(row).to_contain_text("Unassigned")
    row.get_by_role("link", name=case.reference).click()
    reviewer.wait_for_url(f"**/en/backoffice/cases/{case.pk}/")
    check_page(reviewer, "submitted case")
    expect(reviewer.locator("#case-status")).to_have_text("Submitted")
    press(reviewer, reviewer.get_by_role("button", name="Start document review"), "review started")
    expect(reviewer.locator("#case-status")).to_have_text("Document review")
    expect(reviewer.locator("#case-header")).to_contain_text(REVIEWER_EMAIL)
    respond_by = timezone.localdate() + datetime.timedelta(days=14)
    form = form_with(reviewer, "items-0-instruction")
    fill(
        form,
        {
            "items-0-requirement": "passport",
            "items-0-instruction": "The passport photo page is blurred: upload a clearer scan.",
            "request-message": "Thank you for your application.",
            "request-respond_by": respond_by.isoformat(),
        },
    )
    submit(form)
    check_page(reviewer, "request sent")
    expect(reviewer.locator("main")).to_contain_text(
        "The request was sent; the processing clock is paused until the applicant answers."
    )
    expect(reviewer.locator("#case-status")).to_have_text("Waiting for the applicant")
    expect(reviewer.locator("#case-clock [data-clock]")).to_have_attribute("data-clock", "paused")
    expect(reviewer.locator("#requests-title + .site-panel")).to_contain_text(f"answer by {respond_by.isoformat()}")
    case.refresh_from_db()
    assert case.status == "information_requested"
    assert case.paused_since is not None
    # The talent is told by e-mail too, in Korean.
    to_talent = [message_subject(message) for message in mailbox.messages if message["To"] == TALENT_EMAIL]
    assert ko("Documents or corrections needed for {reference}").format(reference=case.reference) in to_talent

    # 4. The talent sees the open request (the clock is paused), uploads a new passport version and answers.
    talent.goto("/ko/applications/")
    check_page(talent, "my applications with a request")
    row = talent.locator("main tbody tr", has_text=case.reference)
    expect(row).to_contain_text(ko("Request to answer"))
    expect(row).to_contain_text(ko("Paused, waiting for the applicant"))
    row.get_by_role("link", name=case.reference).click()
    check_page(talent, "the open request")
    expect(talent.locator("#request")).to_contain_text("The passport photo page is blurred: upload a clearer scan.")
    expect(talent.locator(".case-status .krds-badge")).to_have_text(ko("Waiting for the applicant"))
    upload_for(talent, "passport", files["passport-clearer"])
    expect(talent.locator("#document-passport")).to_contain_text("passport-clearer.pdf")
    expect(talent.locator("#document-passport details")).to_contain_text("passport.pdf")
    form = form_with(talent, "note")
    fill(form, {"note": "여권 사진면을 다시 스캔했습니다."})
    submit(form)
    check_page(talent, "answer sent")
    expect(talent.locator(".case-status .krds-badge")).to_have_text(ko("Document review"))
    expect(talent.locator("#request")).to_have_count(0)
    case.refresh_from_db()
    assert (case.status, case.paused_since) == ("in_review", None)
    assert case.documents.filter(requirement="passport").count() == 2

    # 5. The reviewer sees the answer (the clock runs again) and sends the case to validation; they
    # may not validate it themselves.
    reviewer.reload()
    check_page(reviewer, "answered")
    expect(reviewer.locator("#case-status")).to_have_text("Document review")
    expect(reviewer.locator("#case-clock [data-clock]")).not_to_have_attribute("data-clock", "paused")
    expect(reviewer.locator("main")).to_contain_text("Answer: 여권 사진면을 다시 스캔했습니다.")
    press(reviewer, reviewer.get_by_role("button", name="Send to validation"), "in validation")
    expect(reviewer.locator("#case-status")).to_have_text("Validation")
    expect(reviewer.locator("#four-eyes-note")).to_be_visible()
    expect(reviewer.locator("main form[action*='/records/']")).to_have_count(0)

    # 6. A second reviewer verifies every record.
    validator = window("validator")
    sign_in_with_second_factor(
        validator, language="en", email=VALIDATOR_EMAIL, password=PASSWORD, secret=given.secrets[VALIDATOR_EMAIL]
    )
    validator.goto(f"/en/backoffice/cases/?status=in_validation&q={case.reference}")
    check_page(validator, "validation queue")
    validator.locator("main tbody").get_by_role("link", name=case.reference).click()
    check_page(validator, "case to validate")
    records = validator.locator("main form[action*='/records/']")
    expect(records).to_have_count(5)
    for number in range(5):
        form = validator.locator("main form[action*='/records/']").nth(number)
        fill(form, {form.locator("input[type='radio']").first.get_attribute("name"): "verified"})
        submit(form)
        check_page(validator, f"record {number + 1} verified")
    expect(validator.locator("main [data-record-status='verified']")).to_have_count(5)
    assert set(case.records.values_list("status", "validated_by")) == {("verified", given.validator.pk)}

    # The reviewer assigns three evaluators and sends the case to external evaluation.
    reviewer.reload()
    check_page(reviewer, "validated")
    for evaluator in given.evaluators:
        form = form_with(reviewer, "evaluator-evaluator")
        fill(form, {"evaluator-evaluator": str(evaluator.pk)})
        submit(form)
        check_page(reviewer, f"{evaluator.email} assigned")
        expect(reviewer.locator("main")).to_contain_text(f"{evaluator.email} was asked to evaluate the application.")
    press(reviewer, reviewer.get_by_role("button", name="Send to external evaluation"), "in evaluation")
    expect(reviewer.locator("#case-status")).to_have_text("External evaluation")
    expect(reviewer.locator("#scores-hidden")).to_have_text(
        "Scores are shown once 3 evaluators have scored (0 so far)."
    )

    # 7. Each evaluator declares no conflict of interest, then scores; nobody sees the others'
    # scores before the third has scored.
    for number, (evaluator, (technical, strategic)) in enumerate(zip(given.evaluators, SCORES, strict=True), 1):
        person = window(f"evaluator-{number}")
        sign_in_with_second_factor(
            person, language="en", email=evaluator.email, password=PASSWORD, secret=given.secrets[evaluator.email]
        )
        if number == 1:  # from the in-app notification
            person.goto("/en/notifications/")
            check_page(person, "notifications")
            notice = f"New application to evaluate: {case.reference}"
            person.locator("main .site-notifications a", has_text=notice).click()
        else:  # from the link in the e-mail
            [message] = [message for message in mailbox.messages if message["To"] == evaluator.email]
            person.goto(link_in(message, "/en/evaluations/"))
        person.wait_for_url("**/en/evaluations/*/")
        check_page(person, "assignment")
        expect(person.locator("#declaration")).to_have_attribute("data-conflict", "undeclared")
        expect(person.locator("#case-file")).to_have_count(0)
        form = form_with(person, "conflict")
        fill(form, {"conflict": "no"})
        submit(form)
        check_page(person, "no conflict declared")
        expect(person.locator("#declaration")).to_have_attribute("data-conflict", "none")
        expect(person.locator("#case-file")).to_be_visible()
        expect(person.locator("#scores")).to_have_count(0)
        form = form_with(person, "technical_expertise")
        fill(
            form,
            {
                "technical_expertise": technical,
                "strategic_value": strategic,
                "recommends": "yes",
                "comment": f"Evaluator {number}: a strong process engineer.",
            },
        )
        submit(form)
        check_page(person, "scored")
        expect(person.locator("main")).to_contain_text("Your scores are recorded. Thank you.")
        expect(person.locator("#my-scores")).to_contain_text(technical)
        if number < 3:
            expect(person.locator("#scores")).to_have_count(0)
            reviewer.reload()
            check_page(reviewer, f"{number} scored")
            expect(reviewer.locator("#scores")).to_have_count(0)
            expect(reviewer.locator("#scores-hidden")).to_have_text(
                f"Scores are shown once 3 evaluators have scored ({number} so far)."
            )
        else:
            expect(person.locator("#scores tbody tr")).to_have_count(3)

    # 8. The reviewer sees the scores (the quorum is reached) and approves; the letter is issued at once.
    reviewer.reload()
    check_page(reviewer, "quorum reached")
    expect(reviewer.locator("#scores-hidden")).to_have_count(0)
    expect(reviewer.locator("#scores tbody tr")).to_have_count(3)
    for evaluator, total in zip(given.evaluators, ("27.0", "30.0", "24.0"), strict=True):
        expect(reviewer.locator("#scores tbody tr", has_text=evaluator.email).locator("td").nth(2)).to_have_text(total)
    expect(reviewer.locator("#mean-total")).to_have_text("27.00")
    form = form_with(reviewer, "decision")
    fill(form, {"decision": "approve", "reason": "Meets KOTRA's criteria; the three evaluators recommend it."})
    submit(form)
    check_page(reviewer, "approved")
    case.refresh_from_db()
    if case.status == "approved":  # the issuing task has not run (it runs at once in these tests)
        press(reviewer, reviewer.locator("#issue-now"), "issued now")
        case.refresh_from_db()
    assert case.status == "issued"
    assert case.issued_document is not None
    serial = case.issued_document.serial
    expect(reviewer.locator("#case-status")).to_have_text("Letter issued")
    expect(reviewer.locator("#decision")).to_contain_text(serial)

    # 9. The company downloads the letter, and the QR code on it leads to the verification page.
    company.locator("nav.krds-main-menu").get_by_role("link", name="My applications").click()
    company.wait_for_url("**/en/applications/")
    check_page(company, "my applications (issued)")
    row = company.locator("main tbody tr", has_text=case.reference)
    expect(row).to_contain_text("Letter issued")
    row.get_by_role("link", name=case.reference).click()
    check_page(company, "issued letter")
    expect(company.locator(".case-status .krds-badge")).to_have_text("Letter issued")
    expect(company.locator("main")).to_contain_text(serial)
    with company.expect_download() as download_info:
        company.locator("main a", has_text="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"{serial}.pdf"
    letter = tmp_path / "letter.pdf"
    download.save_as(letter)
    assert letter.read_bytes() == Path(case.issued_document.file.path).read_bytes()
    text = subprocess.run(["pdftotext", str(letter), "-"], capture_output=True, text=True, check=True).stdout
    assert serial in text
    image = tmp_path / "letter-page-1"
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", str(letter), str(image)], check=True
    )
    scanned = subprocess.run(
        ["zbarimg", "--raw", "-q", f"{image}.png"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert scanned.startswith(f"{e2e_server.url}/") and scanned.endswith(f"/verify/{serial}/"), scanned

    company.goto(scanned)
    check_page(company, "verification of the scanned letter")
    expect(company.locator("#verification-state")).to_have_attribute("data-state", "valid")
    expect(company.locator("main")).to_contain_text(serial)
    expect(company.locator("main")).to_contain_text(mask_name("Priya Raman"))
    expect(company.locator("main")).not_to_contain_text("Priya Raman")

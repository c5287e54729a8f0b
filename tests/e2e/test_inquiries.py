"""Journey: an anonymous person files a petition in Korean, confirms the e-mail address by the link
received over SMTP, and gets a receipt number and deadline; staff member A drafts the answer, staff
member B (four eyes) approves it; the petitioner opens the tracking link from the e-mail, reads the
answer and rates it. axe-core checks every page (``check_page``)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import check_page
from tests.e2e.flows import (
    fill,
    form_with,
    link_in,
    message_subject,
    sign_in_with_second_factor,
    sign_out,
    submit,
    wait_for_messages,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e

PETITIONER = "minji.kim@example.org"


def staff_with_authenticator(email: str) -> str:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from talentcenter.accounts.enums import Role

    secret = generate_totp_secret()
    TOTP.activate(UserFactory(email=email, roles=[Role.STAFF_REVIEWER]), secret)
    return secret


def test_an_anonymous_petition_is_answered_with_four_eyes_and_rated(
    page: Any, mailbox: Any, e2e_server: Any, settings: Any
) -> None:
    from talentcenter.inquiries.enums import InquiryStatus
    from talentcenter.inquiries.models import Inquiry

    settings.SITE_URL = e2e_server.url
    author = staff_with_authenticator("author@talentcenter.example")
    reviewer = staff_with_authenticator("reviewer@talentcenter.example")

    # 1. The public form, in Korean, without an account
    page.goto("/ko/inquiries/")
    check_page(page, "petition form (ko)")
    form = form_with(page, "subject")
    fill(
        form,
        {
            "category": "inquiry",
            "subject": "D-10 구직 비자 문의",
            "body": "세계 100위 대학 석사 졸업 후 D-10 비자를 받을 수 있습니까?",
            "name": "김민지",
            "email": PETITIONER,
            "consent": True,
        },
    )
    submit(form)
    check_page(page, "check your e-mail (ko)")
    expect(page.locator("main")).to_contain_text(PETITIONER)

    # 2. The confirmation link, in the petitioner's language
    [confirmation] = wait_for_messages(mailbox, 1)
    assert "이메일 주소를 확인해 주세요" in message_subject(confirmation)
    page.goto(link_in(confirmation, "/ko/inquiries/confirm/"))
    check_page(page, "confirm the address")
    submit(page.locator("main form").first)
    check_page(page, "petition received")
    inquiry = Inquiry.objects.get()
    expect(page.locator("main h1")).to_contain_text(inquiry.receipt_number)
    expect(page.locator("#inquiry-deadline")).to_contain_text(inquiry.due_date.isoformat())
    receipt = wait_for_messages(mailbox, 2)[1]
    assert inquiry.receipt_number in message_subject(receipt)
    tracking = link_in(receipt, "/ko/inquiries/track/")

    # 3. Staff member A drafts the answer
    sign_in_with_second_factor(
        page, language="en", email="author@talentcenter.example", password=PASSWORD, secret=author
    )
    page.goto("/en/backoffice/inquiries/")
    check_page(page, "petition queue")
    page.locator(f"main [data-inquiry='{inquiry.pk}'] a").click()
    check_page(page, "petition in the back office")
    answer_form = form_with(page, "answer")
    fill(answer_form, {"answer": "네. 석사 이상 졸업자는 최대 2년간 D-10 비자를 받을 수 있습니다."})
    submit(answer_form)
    check_page(page, "answer sent for review")
    expect(page.locator("main")).to_contain_text("a second member of staff must review it")
    sign_out(page)

    # 4. Staff member B approves it
    sign_in_with_second_factor(
        page, language="en", email="reviewer@talentcenter.example", password=PASSWORD, secret=reviewer
    )
    page.goto(f"/en/backoffice/inquiries/{inquiry.pk}/")
    check_page(page, "petition to review")
    submit(page.locator("main form[action$='/approve/']"))
    check_page(page, "answer approved")
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
    answered = wait_for_messages(mailbox, 3)[2]
    assert "답변 완료" in message_subject(answered)
    sign_out(page)

    # 5. The petitioner reads the answer and rates it
    page.goto(tracking)
    check_page(page, "answer to the petitioner")
    expect(page.locator("#inquiry-answer")).to_contain_text("D-10")
    rating = form_with(page, "comment")
    fill(rating, {"rating": "5", "comment": "빠르고 명확했습니다."})
    submit(rating)
    check_page(page, "rated")
    expect(page.locator("#inquiry-rated")).to_be_visible()
    inquiry.refresh_from_db()
    assert inquiry.rating == 5

"""Journey: a member of staff edits a programme guide in the back office, sees the revision in the
history, publishes it, and a visitor finds it with the site search (in Korean and English) and
opens it with its cited rules and the self-check link; then the guides list and a notice.
axe-core checks every page at desktop and phone width (``check_page``)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import check_page
from tests.e2e.flows import fill, form_with, sign_in_with_second_factor, submit
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e

EDITOR = "guide.editor@talentcenter.example"


@pytest.fixture
def editor_secret(e2e_server: Any) -> str:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from talentcenter.accounts.enums import Role
    from talentcenter.guides import services
    from talentcenter.guides.seed import load_shipped_guides

    load_shipped_guides()
    editor = UserFactory(email=EDITOR, roles=[Role.STAFF_REVIEWER])
    notice = services.notice_create(
        actor=editor,
        slug="fair-registration",
        text=services.NoticeText(
            kind="news",
            title_ko="박람회 등록 시작",
            title_en="Fair registration opens",
            body_ko="등록을 **시작**했습니다.",
            body_en="Registration is **open**.",
        ),
    )
    services.notice_publish(actor=editor, notice=notice)
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    return secret


def test_staff_edit_and_publish_a_guide_and_a_visitor_finds_it_by_search(page: Any, editor_secret: str) -> None:
    from talentcenter.guides.models import Guide

    guide = Guide.objects.get(slug="k-star")
    sign_in_with_second_factor(page, language="en", email=EDITOR, password=PASSWORD, secret=editor_secret)

    # 1. The back office's guides, then the K-STAR guide's editing form.
    page.goto("/en/backoffice/guides/")
    check_page(page, "guides back office")
    page.locator("main [data-guide=k-star] a").click()
    check_page(page, "guide preview")
    page.locator("main a", has_text="Edit").first.click()
    check_page(page, "guide edit")
    form = form_with(page, "title_en")
    fill(
        form,
        {
            "title_en": "K-STAR track for STEM graduates (Quasarwing edition)",
            "title_ko": "K-STAR 이공계 인재 트랙(퀘이사윙 개정)",
            "note": "Renamed for the demo",
        },
    )
    submit(form)
    check_page(page, "guide saved")
    expect(page.locator("main")).to_contain_text("Revision 2")

    # 2. The history compares the two revisions; then publish.
    page.goto(f"/en/backoffice/guides/{guide.pk}/history/")
    check_page(page, "guide history")
    expect(page.locator("main ins", has_text="Quasarwing")).to_have_count(1)
    expect(page.locator("main del", has_text="K-STAR track for STEM graduates")).to_have_count(1)
    page.goto(f"/en/backoffice/guides/{guide.pk}/")
    check_page(page, "guide before publishing")
    page.locator("main button", has_text="Publish this revision").click()
    check_page(page, "guide published")
    expect(page.locator("main")).to_contain_text("The guide is published.")

    # 3. A visitor (signed out) finds it with the search, in Korean, and opens it.
    page.context.clear_cookies()
    page.goto("/ko/search/?q=퀘이사윙")
    check_page(page, "search (ko)")
    hit = page.locator("main [data-kind=guide] a", has_text="퀘이사윙")
    expect(hit).to_have_count(1)
    expect(page.locator("main mark").first).to_have_text("퀘이사윙")
    hit.click()
    page.wait_for_url("**/ko/guides/k-star/")
    check_page(page, "guide page (ko)")
    expect(page.locator("main h1")).to_contain_text("퀘이사윙")
    expect(page.locator("main [data-parameter='k_star.degree_minimum_level']")).to_contain_text("석사")
    expect(page.locator("main a[href='/ko/pathfinder/?programme=k-star']")).to_have_count(1)

    # 4. The guides and the notices, with their feeds; in English, an empty search says so.
    page.goto("/ko/guides/")
    check_page(page, "guides (ko)")
    expect(page.locator("main [data-guide]")).to_have_count(8)
    page.goto("/en/notices/")
    check_page(page, "notices")
    page.locator("main [data-notice=fair-registration] a").click()
    check_page(page, "notice page")
    expect(page.locator("main strong")).to_have_text("open")
    page.goto("/en/search/?q=zzqqxx")
    check_page(page, "search, nothing found")
    expect(page.locator("main")).to_contain_text("Nothing matches")

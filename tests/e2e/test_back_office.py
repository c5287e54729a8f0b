"""Journeys 3 and 4: staff sign in with a second factor and verify a company; the owner invites a colleague."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import check_page
from tests.e2e.flows import (
    fill,
    form_with,
    link_in,
    sign_in,
    sign_out,
    submit,
    totp_code,
    totp_secret_in_session,
    wait_for_messages,
)
from tests.factories import PASSWORD, CompanyFactory, MembershipFactory, TalentProfileFactory, UserFactory

pytestmark = pytest.mark.e2e

REVIEWER = "reviewer@talentcenter.example"


def make_reviewer(*, with_authenticator: bool) -> str | None:
    """A staff reviewer; with an authenticator app, whose secret is returned."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from talentcenter.accounts.enums import Role

    reviewer = UserFactory(email=REVIEWER, roles=[Role.STAFF_REVIEWER])
    if not with_authenticator:
        return None
    secret = generate_totp_secret()
    TOTP.activate(reviewer, secret)
    return secret


def test_reviewer_with_totp_verifies_a_company_whose_owner_then_invites_a_colleague(page: Any, mailbox: Any) -> None:
    from talentcenter.audit.models import AuditEvent
    from talentcenter.notifications.models import OutboundEmail
    from talentcenter.organizations.enums import CompanyStatus
    from talentcenter.organizations.models import Company, CompanyMembership

    secret = make_reviewer(with_authenticator=True)
    assert secret is not None
    owner = MembershipFactory(
        company=CompanyFactory(status=CompanyStatus.PENDING, name_en="Hanbit Cells", name_ko="한빛셀"),
        user__email="owner@hanbit.example",
        user__preferred_language="ko",
    ).user
    TalentProfileFactory(given_name="Priya", family_name="Raman", nationality="IN", name_hangul="프리야")

    # The reviewer signs in with password; a wrong code from the app is refused, the right one works.
    page.goto("/en/accounts/login/")
    check_page(page, "sign in")
    form = form_with(page, "password")
    fill(form, {"login": REVIEWER, "password": PASSWORD})
    submit(form)
    check_page(page, "second factor")
    assert page.url.endswith("/en/accounts/2fa/authenticate/")
    form = form_with(page, "code")
    fill(form, {"code": f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"})
    submit(form)
    check_page(page, "wrong second factor")
    expect(form_with(page, "code")).to_contain_text("Incorrect code.")
    form = form_with(page, "code")
    fill(form, {"code": totp_code(secret)})
    submit(form)
    check_page(page, "signed in with second factor")
    assert page.url.endswith("/en/dashboard/")

    # The back office is in the main menu and lists the pending company.
    page.locator("#krds-header").get_by_role("link", name="Back office", exact=True).click()
    page.wait_for_url("**/en/backoffice/")
    check_page(page, "back office")
    expect(page.locator("main h1")).to_have_text("Back office")
    expect(page.locator("main")).to_contain_text("1 company is waiting for verification.")
    page.locator("main a", has_text="Review verifications").click()
    page.wait_for_url("**/en/backoffice/verifications/")
    check_page(page, "pending verifications")
    row = page.locator("main table tbody tr", has_text="Hanbit Cells")
    expect(row).to_contain_text("Awaiting verification")
    row.locator("a", has_text="Hanbit Cells").click()
    company = Company.objects.get()
    page.wait_for_url(f"**/en/backoffice/companies/{company.pk}/")
    check_page(page, "company to verify")
    expect(page.locator("main h1")).to_contain_text("Hanbit Cells")
    expect(page.locator("main")).to_contain_text(company.formatted_business_registration_number)

    # They verify it with a note.
    form = form_with(page, "note")
    fill(form, {"note": "Checked against the National Tax Service registry."})
    submit(form)
    check_page(page, "company verified")
    expect(page.locator("main")).to_contain_text("The company is verified. Its members have been told by e-mail.")
    expect(page.locator("main")).to_contain_text("Verified")

    # The timeline shows who verified it, and why.
    timeline = page.locator("main").get_by_role("list").filter(has_text="Company verified")
    expect(timeline).to_contain_text(REVIEWER)
    expect(timeline).to_contain_text("Checked against the National Tax Service registry.")

    # The talent list (its rows are built in the view since issue 14) passes the same checks.
    page.locator("nav.site-subnav").get_by_role("link", name="Talents", exact=True).click()
    page.wait_for_url("**/en/backoffice/talents/")
    check_page(page, "talent list")
    expect(page.locator("main table tbody tr", has_text="Priya Raman")).to_contain_text("India")

    company.refresh_from_db()
    assert (company.status, company.verified_by.email) == (CompanyStatus.VERIFIED, REVIEWER)
    assert company.status_reason == "Checked against the National Tax Service registry."
    verified = AuditEvent.objects.get(action="company.verified")
    assert (verified.actor_label, verified.subject_id, verified.changes) == (
        REVIEWER,
        str(company.pk),
        {"status": ["pending", "verified"]},
    )
    # and the owner was told by e-mail, in their language (Korean).
    [told] = wait_for_messages(mailbox, 1)
    assert told["To"] == "owner@hanbit.example"
    assert OutboundEmail.objects.get(to="owner@hanbit.example").language == "ko"
    sign_out(page)

    # The owner, now able to act, invites a colleague as recruiter from the company page.
    colleague = UserFactory(email="junho.choi@hanbit.example")
    sign_in(page, language="en", email=owner.email, password=PASSWORD)
    page.locator("#krds-header").get_by_role("link", name="My companies", exact=True).click()
    page.wait_for_url("**/en/companies/")
    check_page(page, "owner's companies")
    row = page.locator("main table tbody tr", has_text="Hanbit Cells")
    expect(row).to_contain_text("Verified")
    row.get_by_role("link", name="Hanbit Cells").click()
    page.wait_for_url(f"**/en/companies/{company.pk}/")
    check_page(page, "owner's company page")
    form = form_with(page, "role")
    fill(form, {"email": "junho.choi@hanbit.example", "role": "recruiter"})
    submit(form)
    check_page(page, "invitation sent")
    expect(page.locator("main")).to_contain_text("The invitation is on its way to junho.choi@hanbit.example.")
    invitations = page.locator("main section", has_text="Invitations").locator("table tbody tr")
    expect(invitations).to_have_count(1)
    expect(invitations).to_contain_text("junho.choi@hanbit.example")
    expect(invitations).to_contain_text("Recruiter")
    [_, invitation_email] = wait_for_messages(mailbox, 2)
    assert invitation_email["To"] == "junho.choi@hanbit.example"
    sign_out(page)

    # The colleague follows the link, signs in, and joins.
    page.goto(link_in(invitation_email, "/en/companies/invitations/"))
    check_page(page, "invitation needs sign-in")
    assert "/en/accounts/login/?next=/en/companies/invitations/" in page.url
    form = form_with(page, "password")
    fill(form, {"login": colleague.email, "password": PASSWORD})
    submit(form)
    check_page(page, "invitation")
    expect(page.locator("main h1")).to_have_text("Invitation to join a company")
    submit(page.locator("main form").first)
    check_page(page, "joined")
    assert page.url.endswith(f"/en/companies/{company.pk}/")
    expect(page.locator("main")).to_contain_text("Welcome to Hanbit Cells. You are now a member as Recruiter.")
    assert sorted(CompanyMembership.objects.filter(company=company).values_list("user__email", "role")) == [
        ("junho.choi@hanbit.example", "recruiter"),
        ("owner@hanbit.example", "owner"),
    ]
    assert AuditEvent.objects.filter(action="company.member_joined", actor_label="junho.choi@hanbit.example").exists()


def test_staff_without_an_authenticator_must_set_one_up_before_the_back_office(page: Any, mailbox: Any) -> None:
    from allauth.mfa.models import Authenticator

    from talentcenter.accounts.models import User

    make_reviewer(with_authenticator=False)

    # Signing in with the password alone leads straight to setting up an authenticator app,
    # which allauth guards by asking for the password once more.
    sign_in(page, language="en", email=REVIEWER, password=PASSWORD)
    expect(page.locator("main")).to_contain_text(
        "Staff accounts need a second factor. Set up an authenticator app to continue."
    )
    assert page.url.endswith("/en/accounts/reauthenticate/?next=%2Fen%2Faccounts%2F2fa%2Ftotp%2Factivate%2F")
    form = form_with(page, "password")
    fill(form, {"password": PASSWORD})
    submit(form)
    check_page(page, "set up an authenticator")
    assert page.url.endswith("/en/accounts/2fa/totp/activate/")
    expect(page.locator("main h1")).to_have_text("Activate Authenticator App")

    # The back office stays closed meanwhile.
    page.goto("/en/backoffice/")
    check_page(page, "back office refused")
    assert page.url.endswith("/en/accounts/2fa/totp/activate/")

    # A wrong code is refused; the right one activates the app.
    secret = totp_secret_in_session(page)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    form = form_with(page, "code")
    fill(form, {"code": wrong})
    submit(form)
    check_page(page, "wrong code")
    expect(form_with(page, "code")).to_contain_text("Incorrect code.")
    form = form_with(page, "code")
    fill(form, {"code": totp_code(secret)})
    submit(form)
    check_page(page, "authenticator activated")
    reviewer = User.objects.get(email=REVIEWER)
    assert list(Authenticator.objects.filter(user=reviewer).values_list("type", flat=True).order_by("type")) == [
        "recovery_codes",
        "totp",
    ]

    # Now the back office opens.
    page.goto("/en/backoffice/")
    check_page(page, "back office open")
    assert page.url.endswith("/en/backoffice/")
    expect(page.locator("main h1")).to_have_text("Back office")
    sign_out(page)

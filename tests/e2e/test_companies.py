"""Journey 2: a company person registers a company on the Korean site, correcting a wrong number."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import check_page
from tests.e2e.flows import field_error, fill, form_with, sign_in, submit, translated
from tests.factories import PASSWORD, UserFactory, valid_brn

pytestmark = pytest.mark.e2e

COMPANY = {
    "name_en": "Hanbit Robotics",
    "name_ko": "한빛로보틱스",
    "industry": "robotics",
    "size_class": "mid_sized",
    "postal_code": "06164",
    "address": "513 Yeongdong-daero, Gangnam-gu, Seoul",
    "address_detail": "12F",
    "website": "https://robotics.hanbit.example",
}


def with_wrong_check_digit(number: str) -> str:
    return number[:9] + str((int(number[9]) + 1) % 10)


def test_company_person_registers_a_company_after_a_translated_check_digit_error(page: Any, mailbox: Any) -> None:
    from talentcenter.audit.models import AuditEvent
    from talentcenter.organizations.models import Company, CompanyMembership

    number = valid_brn(4242)
    wrong = with_wrong_check_digit(number)
    UserFactory(email="seoyeon.lee@hanbit.example", preferred_language="ko")

    sign_in(page, language="ko", email="seoyeon.lee@hanbit.example", password=PASSWORD)
    page.locator("#krds-header").get_by_role("link", name=translated("ko", "My companies"), exact=True).click()
    page.wait_for_url("**/ko/companies/")
    check_page(page, "my companies")
    expect(page.locator("main")).to_contain_text(
        translated("ko", "You do not belong to any company yet. Register yours, or ask its owner to invite you.")
    )
    page.locator("main").get_by_role("link", name=translated("ko", "Register a company")).click()
    page.wait_for_url("**/ko/companies/register/")
    check_page(page, "register a company")

    # A number whose check digit does not match is refused, in Korean, and nothing is lost.
    form = form_with(page, "business_registration_number")
    fill(form, {"business_registration_number": f"{wrong[:3]}-{wrong[3:5]}-{wrong[5:]}", **COMPANY})
    submit(form)
    check_page(page, "wrong check digit")
    check_digit_error = "유효하지 않은 사업자등록번호입니다. 검증번호(마지막 자리)가 맞지 않습니다."
    assert field_error(page, "id_business_registration_number") == check_digit_error
    expect(page.locator("#error-summary")).to_contain_text(check_digit_error)
    form = form_with(page, "business_registration_number")
    expect(form.locator("[name='business_registration_number']")).to_have_value(f"{wrong[:3]}-{wrong[3:5]}-{wrong[5:]}")
    for name, value in COMPANY.items():
        expect(form.locator(f"[name='{name}']")).to_have_value(value)
    assert Company.objects.count() == 0
    assert not AuditEvent.objects.filter(action="company.registered").exists()

    # With the right number the company is registered and awaits verification.
    fill(form, {"business_registration_number": number})
    submit(form)
    check_page(page, "company registered")
    company = Company.objects.get()
    assert page.url.endswith(f"/ko/companies/{company.pk}/")
    expect(page.locator("main h1")).to_have_text("한빛로보틱스")
    expect(page.locator("main .company-status")).to_have_text("인증 대기")
    expect(page.locator("main")).to_contain_text(
        "한빛로보틱스의 등록이 완료되었습니다. 센터의 인증을 기다리고 있습니다."
    )
    expect(page.locator("main")).to_contain_text(f"{number[:3]}-{number[3:5]}-{number[5:]}")

    assert (company.business_registration_number, company.status) == (number, "pending")
    assert {field: getattr(company, field) for field in COMPANY} == COMPANY
    assert list(CompanyMembership.objects.values_list("user__email", "role")) == [
        ("seoyeon.lee@hanbit.example", "owner")
    ]
    assert list(AuditEvent.objects.filter(action="company.registered").values_list("actor_label", "subject_id")) == [
        ("seoyeon.lee@hanbit.example", str(company.pk))
    ]

    # My companies lists it, awaiting verification.
    page.locator("#krds-header").get_by_role("link", name=translated("ko", "My companies"), exact=True).click()
    page.wait_for_url("**/ko/companies/")
    check_page(page, "my companies with the new one")
    row = page.locator("main table tbody tr", has_text="한빛로보틱스")
    expect(row).to_contain_text("인증 대기")
    expect(row).to_contain_text(translated("ko", "Owner"))

"""Journey 1: an overseas professional signs up on the English site and builds a talent profile."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import check_page
from tests.e2e.flows import (
    confirm_email,
    field_error,
    fill,
    form_with,
    message_subject,
    sign_in,
    sign_out,
    sign_up,
    submit,
)

pytestmark = pytest.mark.e2e

EMAIL = "chidinma.okafor@example.org"
PASSWORD = "Han-river-sunrise-2031"
POSITION = {
    "experience-organization": "LG Energy Solution",
    "experience-organization_kind": "company",
    "experience-role": "Senior cathode researcher",
    "experience-field": "Battery materials",
    "experience-started_on": "2020-03-01",
}


def test_talent_signs_up_builds_profile_over_two_sessions_and_completes_it(page: Any, mailbox: Any) -> None:
    from talentcenter.accounts.enums import ConsentKind
    from talentcenter.accounts.models import User
    from talentcenter.accounts.selectors import consent_current
    from talentcenter.notifications.models import OutboundEmail
    from talentcenter.talent.models import TalentProfile

    # Sign up on /en/, verify the address from the English e-mail, land signed in.
    message = sign_up(page, language="en", email=EMAIL, password=PASSWORD, mailbox=mailbox)
    assert message_subject(message) == "[Global Talent Center] Please Confirm Your Email Address"
    confirm_email(page, message, language="en")
    assert page.url.endswith("/en/dashboard/")
    user = User.objects.get(email=EMAIL)
    assert user.preferred_language == "en"
    assert list(OutboundEmail.objects.values_list("to", "language", "status")) == [(EMAIL, "en", "sent")]

    # The profile starts at the personal step.
    page.goto("/en/talent/profile/")
    check_page(page, "profile starts")
    assert page.url.endswith("/en/talent/profile/personal/")
    expect(page.locator("main h1")).to_have_text("Personal details")
    expect(page.locator("main")).to_contain_text("My talent profile · step 1 of 6")

    form = form_with(page, "family_name")
    fill(
        form,
        {
            "family_name": "Okafor",
            "given_name": "Chidinma",
            "name_hangul": "오카포르 치딘마",
            "birth_date": "1990-03-14",
            "nationality": "NG",
            "country_of_residence": "KR",
            "phone": "+82 10 2345 6789",
            "contact_email": "chidinma@example.net",
            "headline": "Battery materials scientist, 8 years in R&D",
        },
    )
    submit(form, action="next")
    check_page(page, "education step")
    assert page.url.endswith("/en/talent/profile/education/")
    expect(page.locator("main h1")).to_have_text("Education")

    form = form_with(page, "education-level")
    fill(
        form,
        {
            "education-level": "50",
            "education-field": "Materials science",
            "education-institution": "University of Cambridge",
            "education-country": "GB",
            "education-completed_on": "2018-06-30",
        },
    )
    submit(form, action="next")
    check_page(page, "experience step")
    assert page.url.endswith("/en/talent/profile/experience/")

    # A deliberate mistake: the end before the start. The error is shown, nothing is saved, and
    # everything typed is still in the form.
    form = form_with(page, "experience-organization")
    fill(form, {**POSITION, "experience-ended_on": "2019-01-31", "experience-is_postdoctoral": True})
    submit(form, action="add_experience")
    check_page(page, "experience with end before start")
    assert page.url.endswith("/en/talent/profile/experience/")
    expect(page.locator("#error-summary")).to_contain_text("End: The end cannot be before the start.")
    assert field_error(page, "id_experience-ended_on") == "The end cannot be before the start."
    form = form_with(page, "experience-organization")
    for name, value in {**POSITION, "experience-ended_on": "2019-01-31"}.items():
        expect(form.locator(f"[name='{name}']")).to_have_value(value)
    expect(form.locator("[name='experience-is_postdoctoral']")).to_be_checked()
    profile = TalentProfile.objects.get(user=user)
    assert profile.experiences.count() == 0

    # Corrected, it is added to the list on the same step.
    fill(form, {"experience-ended_on": "2023-02-28"})
    submit(form, action="add_experience")
    check_page(page, "experience added")
    expect(page.locator("main")).to_contain_text("Senior cathode researcher")
    expect(page.locator("main")).to_contain_text("LG Energy Solution")

    # Save and continue later, sign out, come back: the profile resumes at the next step.
    submit(form_with(page, "experience-organization"), action="later")
    check_page(page, "saved for later")
    assert page.url.endswith("/en/dashboard/")
    expect(page.locator("main")).to_contain_text("Your profile is saved. Come back whenever you like to continue.")
    sign_out(page)
    sign_in(page, language="en", email=EMAIL, password=PASSWORD)
    page.goto("/en/talent/profile/")
    check_page(page, "profile overview, resumed")
    expect(page.locator("main")).to_contain_text("Okafor")
    expect(page.locator("main")).to_contain_text("University of Cambridge")
    expect(page.locator("main")).to_contain_text("LG Energy Solution")
    expect(page.locator("main")).to_contain_text("At least one skill.")
    page.locator("main a[href$='/en/talent/profile/skills/']").first.click()
    page.wait_for_url("**/en/talent/profile/skills/")
    check_page(page, "skills step")

    form = form_with(page, "skill-skill")
    fill(
        form,
        {
            "skill-skill": "battery.cathode",
            "skill-proficiency": "4",
            "language-language": "ko",
            "language-test": "topik",
            "language-level": "3",
        },
    )
    submit(form, action="next")
    check_page(page, "preferences step")
    assert page.url.endswith("/en/talent/profile/preferences/")

    form = form_with(page, "visibility")
    fill(
        form,
        {
            "desired_industries": ["secondary_battery", "advanced_mobility"],
            "visibility": "verified_companies",
            "consent_profile_sharing": True,
            "consent_marketing": False,
        },
    )
    submit(form, action="next")
    check_page(page, "review step")
    assert page.url.endswith("/en/talent/profile/review/")
    review = page.locator("main")
    for shown in (
        "Chidinma",
        "오카포르 치딘마",
        "Nigeria",
        "Doctorate",
        "University of Cambridge",
        "Senior cathode researcher",
        "Cathode materials",
        "TOPIK",
        "Secondary battery",
        "Advanced mobility",
    ):
        expect(review).to_contain_text(shown)

    submit(page.locator("main form").filter(has=page.locator("button[value='complete']")), action="complete")
    check_page(page, "profile complete")
    assert page.url.endswith("/en/talent/profile/")
    expect(page.locator("main")).to_contain_text("Your profile is complete. Thank you!")

    # What the database holds is exactly what was typed.
    profile = TalentProfile.objects.get(user=user)
    assert (profile.family_name, profile.given_name, profile.name_hangul) == ("Okafor", "Chidinma", "오카포르 치딘마")
    assert (profile.birth_date, str(profile.nationality), str(profile.country_of_residence)) == (
        datetime.date(1990, 3, 14),
        "NG",
        "KR",
    )
    assert (profile.phone, profile.contact_email) == ("+82 10 2345 6789", "chidinma@example.net")
    assert profile.visibility == "verified_companies"
    assert profile.completed_at is not None
    assert list(profile.educations.values_list("level", "field", "institution", "country", "completed_on")) == [
        (50, "Materials science", "University of Cambridge", "GB", datetime.date(2018, 6, 30))
    ]
    assert list(
        profile.experiences.values_list(
            "organization", "organization_kind", "role", "started_on", "ended_on", "is_postdoctoral"
        )
    ) == [
        (
            "LG Energy Solution",
            "company",
            "Senior cathode researcher",
            datetime.date(2020, 3, 1),
            datetime.date(2023, 2, 28),
            True,
        )
    ]
    assert list(profile.skills.values_list("skill__code", "proficiency")) == [("battery.cathode", 4)]
    assert list(profile.languages.values_list("language", "test", "level")) == [("ko", "topik", "3")]
    assert sorted(profile.desired_industries.values_list("code", flat=True)) == [
        "advanced_mobility",
        "secondary_battery",
    ]
    assert profile.highest_education_level == 50
    assert consent_current(user=user, kind=ConsentKind.PROFILE_SHARING) is True
    assert consent_current(user=user, kind=ConsentKind.MARKETING) is False

"""Privacy across the apps: legal pages in both languages, the footer, the dashboard paths, the
hooks of web/personal_data.py (withdrawal, export, deletion), and who may open what."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from talentcenter.accounts.enums import ConsentKind, Role
from talentcenter.accounts.selectors import consent_current
from talentcenter.audit.models import AuditEvent
from talentcenter.privacy import services
from talentcenter.privacy.enums import AccessWhat, Purpose
from talentcenter.privacy.models import Consent
from talentcenter.privacy.selectors import has_consent
from talentcenter.talent.enums import Visibility
from tests.factories import PASSWORD, MembershipFactory, TalentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("name", ["privacy:policy", "privacy:terms", "privacy:copyright"])
def test_legal_pages_are_served_in_each_language(name: str, language: str) -> None:
    with translation.override(language):
        url = reverse(name)
    response = Client().get(url)

    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ko", ["개인정보 보호책임자", "privacy@talentcenter.kr", "제3자 제공", "위탁", "쿠키", "2026년 3월 1일"]),
        (
            "en",
            ["Privacy officer", "privacy@talentcenter.kr", "third parties", "Entrustment", "Cookies", "1 March 2026"],
        ),
    ],
)
def test_the_privacy_policy_lists_what_the_law_asks(language: str, expected: list[str]) -> None:
    with translation.override(language):
        content = Client().get(reverse("privacy:policy")).content.decode()

    for text in expected:
        assert text in content


def test_the_footer_links_the_legal_pages_with_the_privacy_policy_emphasised() -> None:
    content = Client().get(reverse("web:home")).content.decode()

    assert f'href="{reverse("privacy:policy")}" class="krds-btn small text site-privacy-link"' in content
    assert reverse("privacy:terms") in content and reverse("privacy:copyright") in content


def test_a_company_member_is_offered_the_company_path_not_a_talent_profile() -> None:
    user = UserFactory(roles=[Role.COMPANY_MEMBER])
    client = Client()
    client.force_login(user)

    content = client.get(reverse("web:dashboard")).content.decode()

    assert "Register or join a company" in content
    assert "Create my profile" not in content
    assert f'href="{reverse("talent:profile")}"' not in content


def test_a_professional_is_offered_the_profile_path_not_the_company_one() -> None:
    user = UserFactory(roles=[Role.TALENT])
    client = Client()
    client.force_login(user)

    content = client.get(reverse("web:dashboard")).content.decode()

    assert "Create my profile" in content
    assert "Register or join a company" not in content


def test_the_download_holds_every_section_of_the_persons_data(staff: Any) -> None:
    profile = TalentProfileFactory()
    user = profile.user
    services.consents_required_ensure(user=user)
    services.record_personal_data_access(viewer=staff, subject=user, what=AccessWhat.TALENT_PROFILE)
    client = Client()
    client.force_login(user)

    response = client.get(reverse("privacy:export"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert set(data) >= {
        "account",
        "consents",
        "talent_profile",
        "company_memberships",
        "job_applications",
        "saved_searches",
        "notifications",
        "cases",
        "access_log",
    }
    assert data["account"]["email"] == user.email
    assert data["talent_profile"]["given_name"] == profile.given_name
    assert {row["purpose"] for row in data["consents"]} == {"terms", "service"}
    assert data["access_log"][0]["who"] == "Global Talent Center staff"


def test_deletion_needs_the_password_and_changes_nothing_without_it() -> None:
    profile = TalentProfileFactory()
    client = Client()
    client.force_login(profile.user)

    response = client.post(reverse("privacy:delete"), {"password": "not-my-password", "confirm": "on"})

    assert response.status_code == 400
    profile.user.refresh_from_db()
    assert profile.user.is_active
    assert not AuditEvent.objects.filter(action="account.deleted").exists()


def test_deletion_erases_the_person_and_they_cannot_sign_in_again() -> None:
    profile = TalentProfileFactory(visibility=Visibility.VERIFIED_COMPANIES, phone="+82 10 1234 5678")
    user = profile.user
    email = user.email
    services.consents_required_ensure(user=user)
    services.consent_give(actor=user, purpose=Purpose.MARKETING)
    client = Client()
    client.force_login(user)
    page = client.get(reverse("privacy:delete")).content.decode()
    assert "legal retention period of 5 years" in page

    response = client.post(reverse("privacy:delete"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    user.refresh_from_db()
    profile.refresh_from_db()
    assert not user.is_active and user.email != email and not user.has_usable_password()
    assert (profile.given_name, profile.phone, profile.visibility) == ("", "", Visibility.PRIVATE)
    assert not Consent.objects.filter(user=user, withdrawn_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="account.deleted", subject_id=str(user.pk)).count() == 1
    assert not Client().login(email=email, password=PASSWORD)
    assert client.get(reverse("web:dashboard")).status_code == 302  # signed out


def test_deletion_is_all_or_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from talentcenter.privacy.registry import hooks

    profile = TalentProfileFactory(phone="+82 10 1234 5678")

    def broken(user: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setitem(hooks.erasers, "zz_broken", broken)
    with pytest.raises(RuntimeError):
        services.account_delete(actor=profile.user, password=PASSWORD)

    profile.refresh_from_db()
    profile.user.refresh_from_db()
    assert profile.user.is_active and profile.phone == "+82 10 1234 5678"


# --- who may open what ------------------------------------------------------------------------

OWN_PAGES = ["privacy:mine", "privacy:export", "privacy:delete"]


@pytest.mark.parametrize("name", OWN_PAGES)
def test_own_privacy_pages_send_visitors_to_sign_in(name: str) -> None:
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("talent", 404), ("company_member", 404), ("policy_analyst", 404), ("staff", 200)],
)
def test_only_staff_open_who_saw_this_person(who: str, expected: int, request: pytest.FixtureRequest) -> None:
    from conftest import staff_client_with_second_factor

    subject = UserFactory()
    client = Client() if who == "anonymous" else staff_client_with_second_factor(request.getfixturevalue(who))

    response = client.get(reverse("privacy_backoffice:access_log", args=[subject.pk]))

    assert response.status_code == expected


def test_a_member_of_a_company_is_shown_the_company_not_the_person(talent: Any) -> None:
    member = MembershipFactory()
    services.record_personal_data_access(viewer=member.user, subject=talent, what=AccessWhat.CASE)
    client = Client()
    client.force_login(talent)

    content = client.get(reverse("privacy:mine")).content.decode()

    assert member.company.name in content and member.user.email not in content


def test_withdrawing_provision_to_companies_hides_the_profile_and_keeps_the_history() -> None:
    profile = TalentProfileFactory(visibility=Visibility.VERIFIED_COMPANIES)
    user = profile.user
    services.consent_give(actor=user, purpose=Purpose.THIRD_PARTY_COMPANIES)

    services.consent_withdraw(actor=user, purpose=Purpose.THIRD_PARTY_COMPANIES)

    profile.refresh_from_db()
    assert profile.visibility == Visibility.PRIVATE
    assert not has_consent(user, Purpose.THIRD_PARTY_COMPANIES)
    assert consent_current(user=user, kind=ConsentKind.PROFILE_SHARING) is False
    # Given again: a new row, the withdrawn one stays as evidence
    services.consent_give(actor=user, purpose=Purpose.THIRD_PARTY_COMPANIES)
    rows = list(Consent.objects.filter(user=user, purpose="third_party_companies").order_by("id"))
    assert [row.withdrawn_at is None for row in rows] == [False, True]
    assert AuditEvent.objects.filter(action="privacy.consent_withdrawn", subject_id=str(user.pk)).count() == 1


def test_the_download_of_my_data_is_kept_out_of_caches() -> None:
    user = TalentProfileFactory().user
    services.consents_required_ensure(user=user)
    client = Client()
    client.force_login(user)

    response = client.get(reverse("privacy:export"))

    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"

"""The e-mails staff decisions and invitations send, rendered in the recipient's language."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from talentcenter.notifications.models import OutboundEmail
from talentcenter.notifications.services import email_render_and_queue
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.services import company_invitation_create
from tests.factories import CompanyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("template", ["company_verified", "company_rejected"])
@pytest.mark.parametrize("language", ["en", "ko"])
def test_decision_emails_render_with_subject_text_and_html(template: str, language: str) -> None:
    # given
    company = CompanyFactory(name_en="Hanbit & Sons Semiconductor", name_ko="한빛&반도체")
    user = UserFactory(preferred_language=language)
    # when
    email = email_render_and_queue(
        template=template,
        to=user.email,
        language=language,
        context={
            "company": company,
            "user": user,
            "site_url": "https://talent.example",
            "reason": "Wrong <b>number</b>",
        },
    )
    # then
    expected_name = "한빛&반도체" if language == "ko" else "Hanbit & Sons Semiconductor"
    assert expected_name in email.subject
    assert "\n" not in email.subject
    assert f"https://talent.example/{language}/dashboard/" in email.body_text
    assert f'href="https://talent.example/{language}/dashboard/"' in email.body_html
    assert f'<html lang="{language}">' in email.body_html
    if template == "company_rejected":
        assert "Wrong <b>number</b>" in email.body_text
        assert "Wrong &lt;b&gt;number&lt;/b&gt;" in email.body_html


def test_invitation_email_links_to_the_acceptance_page(settings: Any) -> None:
    # given a verified company whose owner invites a colleague who reads Korean
    settings.SITE_URL = "https://talent.example"
    owner = MembershipFactory(company=CompanyFactory(status=CompanyStatus.VERIFIED)).user
    company = owner.memberships.get().company
    UserFactory(email="colleague@example.org", preferred_language="ko")
    # when
    _invitation, secret = company_invitation_create(
        company=company, actor=owner, email="colleague@example.org", role="recruiter"
    )
    # then
    email = OutboundEmail.objects.get(template="company_invitation")
    with translation.override("ko"):
        path = reverse("organizations:invitation_accept", args=[secret])
    assert path.startswith("/ko/")
    assert f"https://talent.example{path}" in email.body_text
    assert f'href="https://talent.example{path}"' in email.body_html
    assert company.name_ko in email.subject
    assert owner.email in email.body_text


def test_invitation_email_states_the_expiry_date() -> None:
    # given
    company = CompanyFactory()
    inviter = UserFactory()
    expires_at = timezone.now() + timedelta(days=settings.TALENTCENTER_INVITATION_TTL_DAYS)
    # when
    email = email_render_and_queue(
        template="company_invitation",
        to="someone@example.org",
        language="en",
        context={
            "company": company,
            "inviter": inviter,
            "role": "Recruiter",
            "secret": "abc",
            "site_url": "https://x.example",
            "expires_at": expires_at,
        },
    )
    # then
    assert timezone.localtime(expires_at).strftime("%Y-%m-%d") in email.body_text
    assert "as Recruiter" in email.body_text

"""Petitions for the tests: filed anonymously and confirmed, as the public form does."""

from __future__ import annotations

import re
from typing import Any

from talentcenter.accounts.enums import Role
from talentcenter.inquiries import services
from talentcenter.inquiries.enums import InquiryCategory
from talentcenter.inquiries.models import Inquiry
from talentcenter.notifications.models import OutboundEmail
from tests.factories import UserFactory


def staff_user() -> Any:
    return UserFactory(roles=[Role.STAFF_REVIEWER])


def link_in_last_email(to: str, marker: str) -> str:
    """The path of the first link containing ``marker`` in the last e-mail sent to ``to``."""
    body = OutboundEmail.objects.filter(to=to).latest("pk").body_text
    match = re.search(rf"https?://[^\s]+(/(?:ko|en)/inquiries/{marker}/[^\s/]+/)", body)
    assert match, body
    return match.group(1)


def filed(
    *,
    email: str = "minji@example.org",
    subject: str = "D-10 visa after my master's degree",
    body: str = "May I hold a D-10 job-seeking visa after graduating from a top-100 university?",
    category: str = InquiryCategory.INQUIRY,
    language: str = "en",
) -> Inquiry:
    return services.inquiry_file(
        actor=None, category=category, subject=subject, body=body, name="Kim Minji", email=email, language=language
    )


def received(**kwargs: Any) -> Inquiry:
    inquiry = filed(**kwargs)
    token = link_in_last_email(inquiry.email, "confirm").rstrip("/").rsplit("/", 1)[1]
    return services.inquiry_verify(token=token)

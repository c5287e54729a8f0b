"""Telling several people at once, and the links notices keep."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from talentcenter.notifications.models import Notification, OutboundEmail
from talentcenter.notifications.services import notice_path, notify_users
from tests.factories import UserFactory


@pytest.mark.parametrize("active", ["ko", "en"])
def test_a_notice_link_is_the_pages_path_below_the_language_prefix(active: str) -> None:
    with translation.override(active):
        assert notice_path("cases:detail", pk=12) == "/applications/12/"
        assert notice_path("jobs:invitations") == "/jobs/invitations/"


@pytest.mark.django_db
def test_each_person_is_told_once_in_the_app_and_by_email_in_their_language() -> None:
    # given
    korean = UserFactory(preferred_language="ko")
    english = UserFactory(preferred_language="en")

    # when
    notify_users(
        [korean, None, english, korean],
        kind="test.notice",
        title=lambda: "Your application",
        body=lambda: "It moved on.",
        link=notice_path("cases:detail", pk=7),
    )

    # then
    notices = Notification.objects.filter(kind="test.notice").order_by("pk")
    assert [notice.recipient for notice in notices] == [korean, english]
    assert {notice.link for notice in notices} == {"/applications/7/"}
    assert {(email.to, email.language) for email in OutboundEmail.objects.all()} == {
        (korean.email, "ko"),
        (english.email, "en"),
    }
    assert f"{settings.SITE_URL}/ko/applications/7/" in OutboundEmail.objects.get(to=korean.email).body_text
    assert f"{settings.SITE_URL}/en/applications/7/" in OutboundEmail.objects.get(to=english.email).body_text


@pytest.mark.django_db
def test_the_person_who_acted_and_deactivated_accounts_are_not_told() -> None:
    # given
    actor, colleague, former = UserFactory(), UserFactory(), UserFactory(is_active=False)

    # when
    told = notify_users(
        [actor, colleague, former], kind="test.notice", title=lambda: "t", body=lambda: "b", link="", skip=actor
    )

    # then
    assert [notice.recipient for notice in told] == [colleague]
    assert Notification.objects.filter(kind="test.notice").count() == 1

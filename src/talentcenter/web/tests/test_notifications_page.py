"""The in-app notifications inbox and the bell's unread count."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from talentcenter.notifications.models import Notification
from talentcenter.web.notifications_views import unread_count
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def notice(recipient: Any, number: int = 1, **fields: Any) -> Notification:
    values = {
        "kind": "case.submitted",
        "title_en": f"Application {number} submitted",
        "title_ko": f"신청 {number} 제출됨",
        "body_en": "The center starts its review.",
        "body_ko": "센터가 검토를 시작합니다.",
        "link": f"/applications/{number}/",
        **fields,
    }
    return Notification.objects.create(recipient=recipient, **values)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_inbox_lists_my_notices_in_the_page_language_with_their_links() -> None:
    user = UserFactory()
    notice(user, 7)
    notice(UserFactory(), 8)

    english = client_for(user).get(reverse("notifications:inbox")).content.decode()
    korean = client_for(user).get("/ko/notifications/").content.decode()

    assert "Application 7 submitted" in english
    assert 'href="/en/applications/7/"' in english
    assert "Application 8 submitted" not in english
    assert "신청 7 제출됨" in korean
    assert 'href="/ko/applications/7/"' in korean


def test_a_link_outside_the_site_is_not_linked() -> None:
    user = UserFactory()
    notice(user, link="//evil.example/")

    page = client_for(user).get(reverse("notifications:inbox")).content.decode()

    assert "evil.example" not in page


def test_marking_one_as_read_leaves_the_others_and_other_peoples_alone() -> None:
    user, someone_else = UserFactory(), UserFactory()
    first, second = notice(user, 1), notice(user, 2)
    theirs = notice(someone_else, 3)
    client = client_for(user)

    response = client.post(reverse("notifications:mark_read", kwargs={"pk": first.pk}))
    client.post(reverse("notifications:mark_read", kwargs={"pk": theirs.pk}))

    assert response["Location"] == reverse("notifications:inbox")
    first.refresh_from_db()
    second.refresh_from_db()
    theirs.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None
    assert theirs.read_at is None


def test_marking_all_as_read() -> None:
    user, someone_else = UserFactory(), UserFactory()
    notice(user, 1)
    notice(user, 2)
    notice(someone_else, 3)

    client_for(user).post(reverse("notifications:mark_all_read"))

    assert Notification.objects.filter(recipient=user, read_at__isnull=True).count() == 0
    assert Notification.objects.filter(recipient=someone_else, read_at__isnull=True).count() == 1


@pytest.mark.parametrize("name", ["notifications:mark_all_read"])
def test_marking_needs_post(name: str) -> None:
    user = UserFactory()
    notice(user)

    response = client_for(user).get(reverse(name))

    assert response.status_code == 405
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("method", "name", "kwargs"),
    [
        ("get", "notifications:inbox", {}),
        ("post", "notifications:mark_all_read", {}),
        ("post", "notifications:mark_read", {"pk": 1}),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(method: str, name: str, kwargs: dict[str, Any]) -> None:
    response = getattr(Client(), method)(reverse(name, kwargs=kwargs))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_bell_shows_the_unread_count_with_one_query(django_assert_num_queries: Any) -> None:
    user = UserFactory()
    notice(user, 1)
    notice(user, 2)
    notice(user, 3, read_at=timezone.now())

    with django_assert_num_queries(1):
        count = unread_count(user)

    page = client_for(user).get(reverse("web:dashboard")).content.decode()
    assert count == 2
    assert "2 unread" in page
    assert reverse("cases:list") in page


def test_no_bell_count_without_unread_notices() -> None:
    user = UserFactory()
    notice(user, read_at=timezone.now())

    page = client_for(user).get(reverse("web:dashboard")).content.decode()

    assert "unread" not in page

"""The development mail catcher (/dev/mail/): routed and answered only with DEBUG on outside
production; it lists what the service sent, newest first, and a message's links can be clicked."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from html import unescape
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.http import Http404
from django.test import Client, override_settings
from django.urls import NoReverseMatch, clear_url_caches, reverse
from django.utils import translation

from talentcenter.notifications.models import OutboundEmail
from talentcenter.notifications.services import email_queue
from talentcenter.web import dev_mail

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "email": "newcomer@example.org",
    "password1": "a-long-Passphrase-42",
    "password2": "a-long-Passphrase-42",
    "role": "professional",
    "consent_terms": "on",
    "consent_service": "on",
}


def _reload_urls() -> None:
    importlib.reload(importlib.import_module("talentcenter.urls"))
    clear_url_caches()


@pytest.fixture
def development() -> Iterator[None]:
    """The URLs as a development server (DEBUG on) builds them; the test URLs again afterwards."""
    with override_settings(ENVIRONMENT="development", DEBUG=True, SITE_URL="http://127.0.0.1:8124"):
        _reload_urls()
        yield
    _reload_urls()


def test_without_debug_there_is_no_route_and_the_view_refuses(client: Client) -> None:
    # given the test settings (DEBUG off) and a message in the outbox
    email = email_queue(to="a@example.org", subject="Hello", body_text="Hi", language="en", template="notice")
    # then the route does not exist, in either language or without a prefix
    with pytest.raises(NoReverseMatch):
        reverse("dev_mail:list")
    for path in ("/dev/mail/", "/ko/dev/mail/", "/en/dev/mail/", f"/en/dev/mail/{email.pk}/"):
        assert client.get(path).status_code == 404, path
    # and the view itself refuses, should it ever be routed without DEBUG
    request = Client().get("/").wsgi_request
    with pytest.raises(Http404):
        dev_mail.mail_list(request)


@pytest.mark.parametrize(
    ("environment", "debug", "enabled"),
    [("development", True, True), ("development", False, False), ("production", True, False), ("test", True, False)],
)
def test_only_development_with_debug_on_has_the_page(environment: str, debug: bool, enabled: bool) -> None:
    with override_settings(ENVIRONMENT=environment, DEBUG=debug):
        assert dev_mail.enabled() is enabled


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_page_lists_what_was_sent_newest_first_and_its_links_can_be_clicked(
    development: None, client: Client, language: str
) -> None:
    # given an older message and a newcomer who has just signed up (the confirmation e-mail)
    email_queue(to="older@example.org", subject="Older message", body_text="-", language="en", template="notice")
    assert client.post(f"/{language}/accounts/signup/", SIGN_UP).status_code == 302
    confirmation = OutboundEmail.objects.get(to="newcomer@example.org")

    # when the newcomer opens the mail catcher
    with translation.override(language):
        listing = client.get(reverse("dev_mail:list"))

    # then the newest message comes first, with its recipient, subject and time
    assert listing.status_code == 200
    html = listing.content.decode()
    assert html.index("newcomer@example.org") < html.index("older@example.org")
    assert unescape(confirmation.subject) in unescape(html)
    assert html.count("<time datetime=") == 2
    heading, lead = (
        ("개발 환경에서 보낸 이메일", "최신순으로")
        if language == "ko"
        else ("Mail sent in development", "newest first")
    )
    assert f"<h1>{heading}</h1>" in html
    assert lead in html

    # when they open it, its confirmation address is a link
    with translation.override(language):
        detail = client.get(reverse("dev_mail:detail", kwargs={"pk": confirmation.pk}))
    assert detail.status_code == 200
    links = re.findall(r'<a href="(http://[^"]+/accounts/confirm-email/[^"]+)"', detail.content.decode())
    assert len(links) == 1

    # and following it confirms the address
    path = urlsplit(unescape(links[0])).path
    page = client.get(path)
    assert page.status_code == 200
    confirmed = client.post(path)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email=confirmation.to).verified


def test_a_message_that_does_not_exist_is_404(development: None, client: Client) -> None:
    assert client.get(reverse("dev_mail:detail", kwargs={"pk": 999_999})).status_code == 404


def test_a_message_is_shown_as_text_never_as_markup(development: None, client: Client) -> None:
    # given a message whose text holds markup and an address
    email = email_queue(
        to="a@example.org",
        subject="<b>Subject</b>",
        body_text="<script>alert(1)</script>\nOpen http://127.0.0.1:8124/en/dashboard/ now",
        language="en",
        template="notice",
    )
    # when it is opened
    html = client.get(reverse("dev_mail:detail", kwargs={"pk": email.pk})).content.decode()
    # then the markup is escaped and only the address is a link
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>Subject</b>" not in html
    assert '<a href="http://127.0.0.1:8124/en/dashboard/"' in html

"""Steps people take again and again in the journeys: forms, e-mail links, signing in and out."""

from __future__ import annotations

import re
import time
from email.message import Message
from typing import Any

from django.utils import translation

from tests.e2e.browser import check_page


def translated(language: str, message: str) -> str:
    """``message`` as the site's catalogues translate it into ``language``."""
    with translation.override(language):
        return translation.gettext(message)


def form_with(page: Any, field_name: str) -> Any:
    """The form in the main content that has a field called ``field_name``."""
    return page.locator("main form").filter(has=page.locator(f"[name='{field_name}']")).first


def _set_checked(box: Any, checked: bool) -> None:
    """Tick or untick as a person does: KRDS draws the box in the label, which takes the click."""
    if box.is_checked() != checked:
        box.page.locator(f"label[for='{box.get_attribute('id')}']").click()
    assert box.is_checked() == checked


def fill(form: Any, values: dict[str, str | bool | list[str]]) -> None:
    """Type into text fields, choose in selects, tick boxes (``True``/``False``), pick radios or
    several checkboxes of one name (a value, or a list of values)."""
    for name, value in values.items():
        fields = form.locator(f"[name='{name}']")
        first = fields.first
        kind = first.evaluate("element => element.type || element.tagName.toLowerCase()")
        if isinstance(value, bool):
            _set_checked(first, value)
        elif kind == "radio":
            _set_checked(fields.and_(form.locator(f"[value='{value}']")), True)
        elif kind == "checkbox":
            wanted = {value} if isinstance(value, str) else set(value)
            for index in range(fields.count()):
                box = fields.nth(index)
                _set_checked(box, box.get_attribute("value") in wanted)
        elif kind.startswith("select"):
            first.select_option(value)
        else:
            first.fill(value)


def submit(form: Any, *, action: str | None = None) -> None:
    """Press the form's submit button (the one with ``name="action" value=action`` if given)
    and wait for the next page."""
    if action is None:
        button = form.locator("button[type='submit'], input[type='submit']").first
    else:
        button = form.locator(f"button[name='action'][value='{action}']")
    with form.page.expect_navigation():
        button.click()


def field_error(page: Any, field_id: str) -> str:
    """The error message shown under a field (``organizations/forms/field.html``)."""
    return page.locator(f"[id='{field_id}_error']").inner_text().strip()


# --- E-mail -----------------------------------------------------------------------------------


def message_text(message: Message) -> str:
    """The plain-text body of a received message, decoded."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            charset = part.get_content_charset() or "utf-8"
            return payload.decode(charset)
    raise AssertionError(f"no text/plain part in {message['Subject']!r}")


def message_subject(message: Message) -> str:
    from email.header import decode_header, make_header

    return str(make_header(decode_header(message["Subject"])))


def wait_for_messages(mailbox: Any, count: int, timeout: float = 5.0) -> list[Message]:
    """The SMTP server's messages once there are ``count`` of them (delivery is on commit)."""
    deadline = time.monotonic() + timeout
    while len(mailbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(mailbox.messages) >= count, f"expected {count} e-mails, got {len(mailbox.messages)}"
    return list(mailbox.messages)


# What may follow in a URL; a Korean particle glued to a link ("…/을") is not part of it.
URL_CHARACTERS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"


def link_in(message: Message, path_pattern: str) -> str:
    """The path (from the first ``/``) of the first link in the message matching ``path_pattern``."""
    match = re.search(rf"https?://[^/\s]+(?P<path>{path_pattern}{URL_CHARACTERS}*)", message_text(message))
    assert match, f"no link matching {path_pattern!r} in:\n{message_text(message)}"
    return match["path"]


# --- Second factor ----------------------------------------------------------------------------


def totp_code(secret: str) -> str:
    """The current code of an authenticator app, away from the edge of its 30-second window."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 3:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def totp_secret_in_session(page: Any) -> str:
    """The secret allauth keeps in the session while an authenticator is being set up."""
    from django.contrib.sessions.backends.db import SessionStore

    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    return SessionStore(session_key=cookie["value"])["mfa.totp.secret"]


# --- Signing in and out -----------------------------------------------------------------------


def sign_in(page: Any, *, language: str, email: str, password: str) -> None:
    page.goto(f"/{language}/accounts/login/")
    check_page(page, f"sign in ({language})")
    form = form_with(page, "password")
    fill(form, {"login": email, "password": password})
    submit(form)
    check_page(page, "signed in")


def sign_out(page: Any) -> None:
    """Press "Sign out" in the site header."""
    with page.expect_navigation():
        page.locator("#krds-header .header-actions form[action*='/logout/'] button").click()
    check_page(page, "signed out")


def sign_up(
    page: Any, *, language: str, email: str, password: str, mailbox: Any, role: str = "professional"
) -> Message:
    """Sign up with e-mail and password as a professional or a company member (``role``), agreeing to
    the required consents only; return the verification e-mail received over SMTP."""
    page.goto(f"/{language}/accounts/signup/")
    check_page(page, f"sign up ({language})")
    form = form_with(page, "password1")
    fill(
        form,
        {
            "email": email,
            "password1": password,
            "password2": password,
            "role": role,
            "consent_terms": True,
            "consent_service": True,
        },
    )
    submit(form)
    check_page(page, "verification sent")
    [message] = wait_for_messages(mailbox, 1)
    return message


def confirm_email(page: Any, message: Message, *, language: str) -> None:
    """Follow the verification link and press confirm (it is not confirmed on a mere visit)."""
    page.goto(link_in(message, f"/{language}/accounts/confirm-email/"))
    check_page(page, "confirm address")
    submit(page.locator("main form").first)
    check_page(page, "address confirmed")


def sign_in_with_second_factor(page: Any, *, language: str, email: str, password: str, secret: str) -> None:
    """Staff and evaluators: password, then the current code of their authenticator app."""
    page.goto(f"/{language}/accounts/login/")
    check_page(page, f"sign in ({language})")
    form = form_with(page, "password")
    fill(form, {"login": email, "password": password})
    submit(form)
    check_page(page, "second factor")
    form = form_with(page, "code")
    fill(form, {"code": totp_code(secret)})
    submit(form)
    check_page(page, "signed in")


def upload_for(page: Any, requirement: str, path: Any) -> None:
    """Upload a file on the line ``requirement`` of an application's document checklist."""
    form = page.locator(f"#document-{requirement} form")
    form.locator("input[name='file']").set_input_files(str(path))
    submit(form)
    check_page(page, f"uploaded {requirement}")

"""Browser end-to-end tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test gets a fresh browser context, a live server over a flushed test database with the
reference data loaded, background tasks run immediately, and e-mail delivered over real SMTP to
an in-process server. Every page the browser loads must be checked with ``check_page`` (axe-core
and screenshots); a test that leaves a page unchecked fails at teardown.
"""

from __future__ import annotations

import os

# Sync Playwright keeps an asyncio loop in the test thread; Django would take every ORM call made
# by the test (and by the live server sharing an in-memory SQLite connection) for async code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import CHROMIUM_ARGS, CHROMIUM_PATH, PageAudit


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    """Let fixtures know whether the test body failed, to keep a screenshot of the last page."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM_PATH.exists():
        pytest.skip(
            f"Browser tests need Debian's Chromium at {CHROMIUM_PATH} "
            "(apt-get install chromium); set TALENTCENTER_CHROMIUM to use another binary."
        )
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:  # pragma: no cover - playwright is a locked dev dependency
        pytest.skip("Browser tests need the playwright package (uv sync).")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), headless=True, args=CHROMIUM_ARGS)
        except Error as error:
            pytest.skip(f"Chromium at {CHROMIUM_PATH} did not start: {error.message.splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture
def smtp_server() -> Iterator[Any]:
    """The root conftest's SMTP server, on a port chosen before it starts.

    aiosmtpd's ``Controller(port=0)`` checks that it is up by connecting to port 0, which fails;
    so a free port is found first.
    """
    import socket

    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Collect(Message):
        def __init__(self) -> None:
            super().__init__()
            self.messages: list[Any] = []

        def handle_message(self, message: Any) -> None:
            self.messages.append(message)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port  # type: ignore[attr-defined]
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def e2e_server(live_server: Any, settings: Any, smtp_settings: Any) -> Any:
    """The live server with reference data, immediate tasks, real SMTP and a clean cache.

    Transactional tests flush the database after each test; the root conftest puts the reference
    data back after each flush. The cache (database-backed, not flushed) holds allauth's rate limits
    and used TOTP codes, so it is cleared before and after.
    """
    from django.core.cache import cache

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "email"],
        }
    }
    cache.clear()
    yield live_server
    cache.clear()


@pytest.fixture
def mailbox(e2e_server: Any, smtp_settings: Any) -> Any:
    """The messages received by the SMTP server during this test."""
    return smtp_settings


@pytest.fixture
def page(browser: Any, e2e_server: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page in a fresh context (1280×900, English browser) pointed at the live server."""
    context = browser.new_context(
        base_url=e2e_server.url,
        viewport={"width": 1280, "height": 900},
        locale="en-US",
        timezone_id="Asia/Seoul",
    )
    context.set_default_timeout(10_000)
    browser_page = context.new_page()
    audit = PageAudit(browser_page, test_name=request.node.name)
    browser_page.audit = audit  # type: ignore[attr-defined]
    try:
        yield browser_page
    finally:
        body_failed = getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
        if body_failed:
            audit.keep_failure_screenshot()
        context.close()
    if not body_failed:
        audit.warn_about_reflow()
        audit.assert_every_page_checked()


@pytest.fixture
def screenshot_dir() -> Path:
    from tests.e2e.browser import SCREENSHOT_DIR

    return SCREENSHOT_DIR

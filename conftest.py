"""Fixtures for every test: reference data, people in each role, and a real SMTP server."""

from __future__ import annotations

import os

os.environ.setdefault("TALENTCENTER_ENV", "test")

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from tests.factories import (
    CompanyFactory,
    MembershipFactory,
    TalentProfileFactory,
    UserFactory,
)

# Fixtures of the API tests (clients signed in as each actor, tokens) and of the in-process API
# fuzz tests (the OpenAPI document, loaded once per process).
pytest_plugins = ["tests.api", "tests.fuzzing"]


# Fixtures that give a test the database; a test without one cannot reach it (pytest-django
# blocks the connection), so its outcome is the same on every database.
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}
)
# Kinds of test that are expensive and check the interfaces, not the database: run once per suite.
ONCE_PER_SUITE_MARKERS = ("e2e", "fuzz", "walk")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-repeat",
        action="store_true",
        help=(
            "This run repeats the suite on a second database (./dev test runs SQLite after PostgreSQL "
            "has run everything): keep only the tests that use the database, and leave the browser "
            "and fuzz tests, which run once, to the other run."
        ),
    )


def uses_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``--database-repeat``, deselect what the other run already covers. Always: start the
    slowest kinds (browser, fuzz) first, so that parallel workers do not end waiting on one of them."""
    if config.getoption("--database-repeat"):
        kept, repeated = [], []
        for item in items:
            once = any(item.get_closest_marker(marker) for marker in ONCE_PER_SUITE_MARKERS)
            (repeated if once or not uses_database(item) else kept).append(item)
        if repeated:
            config.hook.pytest_deselected(items=repeated)
            items[:] = kept
    items.sort(key=lambda item: not any(item.get_closest_marker(marker) for marker in ONCE_PER_SUITE_MARKERS))


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Iterator[None]:
    """Argon2 at full cost (0.25 s a password) would dominate a suite that makes thousands of
    users; tests hash with MD5. Production always uses Argon2 (settings.PASSWORD_HASHERS).

    Set here rather than through ``TALENTCENTER_ENV=test``: pytest-django reads the settings
    before this file is imported, so that variable would come too late."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def reference_data_after_a_flush(sender: Any, **kwargs: Any) -> None:
    """Transactional tests (threads, subprocesses, the live server) empty every table when they end,
    and Django's flush then sends ``post_migrate``: put back the reference data and role groups every
    feature relies on, at once, so the next test starts with them whatever kind it is."""
    if sender.label != "reference":  # sent once per app; load once per flush
        return
    from talentcenter.accounts.services import role_groups_ensure
    from talentcenter.reference.services import reference_load_bundled

    reference_load_bundled()
    role_groups_ensure()
    from talentcenter.guides.seed import load_shipped_guides

    load_shipped_guides()  # the programme guides a data migration ships


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Migrate once, load the bundled reference data, and load it again after every flush."""
    from django.db.models.signals import post_migrate

    from talentcenter.reference.services import reference_load_bundled

    with django_db_blocker.unblock():
        reference_load_bundled()
    post_migrate.connect(reference_data_after_a_flush, dispatch_uid="tests.reference_data_after_a_flush")
    yield
    post_migrate.disconnect(dispatch_uid="tests.reference_data_after_a_flush")


@pytest.fixture(autouse=True)
def fresh_matching_index() -> None:
    """Each test starts with no in-process copy of the matching index: the rolled-back transactions
    of earlier tests hand out the same index clock values again."""
    from talentcenter.matching import visa
    from talentcenter.matching.index import reset_shared_indexes

    reset_shared_indexes()
    visa._cache.clear()


@pytest.fixture(autouse=True)
def english_unless_a_test_says_otherwise() -> Iterator[None]:
    """Every test starts in English, whatever the test before it left active; tests of Korean
    text switch with ``translation.override("ko")``."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def talent(db: None) -> Any:
    return TalentProfileFactory().user


@pytest.fixture
def other_talent(db: None) -> Any:
    return TalentProfileFactory().user


@pytest.fixture
def company_member(db: None) -> Any:
    return MembershipFactory().user


@pytest.fixture
def other_company_member(db: None) -> Any:
    return MembershipFactory().user


@pytest.fixture
def staff(db: None) -> Any:
    from talentcenter.accounts.enums import Role

    return UserFactory(roles=[Role.STAFF_REVIEWER], email="reviewer@talentcenter.example")


@pytest.fixture
def pending_company(db: None) -> Any:
    from talentcenter.organizations.enums import CompanyStatus

    return MembershipFactory(company=CompanyFactory(status=CompanyStatus.PENDING)).company


def staff_client_with_second_factor(user: Any) -> Client:
    """A client signed in as staff whose session has passed the second factor, as allauth records it."""
    from allauth.account.internal.flows.login import record_authentication
    from django.http import HttpRequest

    client = Client()
    client.force_login(user)
    session = client.session
    request = HttpRequest()
    request.session = session  # type: ignore[assignment]
    record_authentication(request, user, "mfa", type="totp")
    session.save()
    return client


@pytest.fixture
def staff_client(staff: Any) -> Client:
    return staff_client_with_second_factor(staff)


@pytest.fixture
def policy_analyst(db: None) -> Any:
    from talentcenter.accounts.enums import Role

    return UserFactory(roles=[Role.POLICY_ANALYST], email="analyst@talentcenter.example")


@pytest.fixture
def policy_client(policy_analyst: Any) -> Client:
    """A policy analyst signed in with a second factor (the back office requires one)."""
    return staff_client_with_second_factor(policy_analyst)


@pytest.fixture
def smtp_server() -> Iterator[Any]:
    """A real SMTP server (aiosmtpd) on a free local port; its received messages are in ``.messages``."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Collect(Message):
        def __init__(self) -> None:
            super().__init__()
            self.messages: list[Any] = []

        def handle_message(self, message: Any) -> None:
            self.messages.append(message)

    import socket

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
def smtp_settings(settings: Any, smtp_server: Any) -> Any:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    return smtp_server

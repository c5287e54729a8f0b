"""Schemathesis in process, shared by every fuzz test (a pytest plugin, loaded by the root conftest).

The OpenAPI document is loaded once per test process, when the first fuzz test runs, not while
pytest collects (``schemathesis.pytest.from_fixture``): a run that deselects the fuzz tests does
not pay for it.

Each operation is fuzzed by exactly one test. The operations in :data:`DEDICATED` have a test of
their own beside their app's tests, which builds the data they act on (a case, an opening, a
talent request) and names it in the path; the generic test (``api/tests/test_fuzz.py``) takes
every other operation. ``api/tests/test_fuzz_partition.py`` checks that no operation falls to two.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# The path patterns of the operations fuzzed by their app's own test (``cases/tests/test_api_fuzz.py``,
# ``jobs/tests/test_api_fuzz.py``, ``events/tests/test_api_fuzz.py``), which makes the objects those operations act on.
DEDICATED: dict[str, str] = {
    "cases": r"^/api/v1/(staff/)?cases|^/api/v1/evaluations",
    "openings": r"^/api/v1/openings",
    "talent_requests": r"^/api/v1/(staff/)?talent-requests",
    "my_jobs": r"^/api/v1/me/jobs",
    "events": r"^/api/v1/(staff/|me/)?events",
}
EVERY_DEDICATED_PATH = "|".join(f"(?:{pattern})" for pattern in DEDICATED.values())

# Schemathesis's checks that hold for every answer: no 5xx; the status, body and content type
# are the ones the document declares.
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


def api_operations(pattern: str | None = None) -> Any:
    """The operations a fuzz test takes: ``pattern`` (one of :data:`DEDICATED`), or every operation
    no dedicated test takes."""
    lazy = schemathesis.pytest.from_fixture("api_schema")
    return lazy.include(path_regex=pattern) if pattern else lazy.exclude(path_regex=EVERY_DEDICATED_PATH)


@pytest.fixture(scope="session")
def api_schema(django_db_setup: None, django_db_blocker: Any) -> Any:
    """The API's OpenAPI document as schemathesis reads it from the WSGI application, once.
    The document names reference values (industries...), so it is read from the test database."""
    from talentcenter.wsgi import application

    with django_db_blocker.unblock():
        loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    loaded.config.generation.update(database="none")
    return loaded


@pytest.fixture
def fuzzing(settings: Any) -> Iterator[None]:
    """What every in-process fuzz test needs around its requests.

    No rate limits, so every generated request reaches the operation's own logic. And the test's
    database connection kept open: requests go straight to the WSGI application, not through
    Django's test client, so the end of each request would close the connection that holds the
    test's transaction (PostgreSQL); do what the test client does.
    """
    from django.core import signals
    from django.db import close_old_connections

    settings.TALENTCENTER_API_THROTTLE_RATES = {}
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)

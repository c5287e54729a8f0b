"""Fixtures for the documents tests: a private media folder and a helper that issues a document."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from talentcenter.documents import services
from talentcenter.documents.enums import DocumentKind
from talentcenter.documents.models import IssuedDocument


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://talentcenter.example"
    # The page's throttle has its own test.
    settings.TALENTCENTER_API_THROTTLE_RATES = {**settings.TALENTCENTER_API_THROTTLE_RATES, "verification": ""}
    return settings.MEDIA_ROOT


IssueDocument = Callable[..., IssuedDocument]


@pytest.fixture
def lead(db: None) -> Any:
    """An administrator: revokes at once, without a second person."""
    from talentcenter.accounts.enums import Role
    from tests.factories import UserFactory

    return UserFactory(roles=[Role.ADMINISTRATOR])


@pytest.fixture
def second_reviewer(db: None) -> Any:
    from talentcenter.accounts.enums import Role
    from tests.factories import UserFactory

    return UserFactory(roles=[Role.STAFF_REVIEWER])


@pytest.fixture
def issue(staff: Any) -> IssueDocument:
    """Issue a K-Tech Pass certificate (or what the keywords say) as the staff member."""

    def _issue(**overrides: Any) -> IssuedDocument:
        values: dict[str, Any] = {
            "actor": staff,
            "kind": DocumentKind.KTECH_PASS_CERTIFICATE,
            "holder_name_latin": "Amina Mensah",
            "holder_name_hangul": "김서연",
            "holder_birth_date": date(1992, 4, 3),
            "nationality": "GH",
            "details": {"employer": "Hanbit Semiconductor", "track": "Standard", "occupation": "Process engineer"},
            "issued_on": date(2026, 11, 23),
            "valid_until": date(2029, 11, 22),
        }
        values.update(overrides)
        return services.document_issue(**values)

    return _issue

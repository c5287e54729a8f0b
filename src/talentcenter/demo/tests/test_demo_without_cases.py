"""The demo without its applications: the accounts evaluators and reviewers need, and no case.

Apart from test_demo_cases.py, whose module holds the demo with its cases loaded for every test."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.management import call_command

from talentcenter.accounts.models import User
from talentcenter.cases.models import Case
from talentcenter.demo.accounts import EVALUATOR_EMAILS, SECOND_REVIEWER_EMAIL


def test_the_demo_can_skip_the_applications(db: None, settings: Any, tmp_path: Path) -> None:
    # Given a folder of its own for any file
    settings.MEDIA_ROOT = tmp_path / "media"

    # When the demo is loaded without its applications
    out = io.StringIO()
    call_command("demo", "--profiles", "0", "--companies", "0", "--without-cases", stdout=out)

    # Then the accounts are there and no case is
    assert Case.objects.count() == 0
    assert User.objects.filter(email__in=EVALUATOR_EMAILS).count() == 3
    assert SECOND_REVIEWER_EMAIL in out.getvalue()

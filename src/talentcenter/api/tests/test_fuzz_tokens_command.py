"""The command scripts/fuzz-api uses to get a talent's and a staff member's token."""

from __future__ import annotations

import io

from django.core.management import call_command

from tests.api import ApiClient


def test_the_command_prints_working_tokens_for_a_talent_and_staff(db: None) -> None:
    # When the command runs
    output = io.StringIO()
    call_command("api_fuzz_tokens", stdout=output)
    values = dict(line.split("=", 1) for line in output.getvalue().split())

    # Then the talent's token reads a profile and the staff token opens the back office
    assert ApiClient(token=values["TALENT_TOKEN"]).get("me/profile").status_code == 200
    assert ApiClient(token=values["STAFF_TOKEN"]).get("staff/verifications").status_code == 200
    assert ApiClient(token=values["TALENT_TOKEN"]).get("staff/verifications").status_code == 403

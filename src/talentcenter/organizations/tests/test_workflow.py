"""A company's verification map: exactly the moves it had as a status → targets table."""

from __future__ import annotations

from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.workflow import COMPANY_TRANSITIONS

# The map written out by hand: which statuses each status may become, and by which transition.
EXPECTED: dict[str, dict[str, str]] = {
    CompanyStatus.PENDING: {"verify": CompanyStatus.VERIFIED, "reject": CompanyStatus.REJECTED},
    CompanyStatus.REJECTED: {"resubmit": CompanyStatus.PENDING},
    CompanyStatus.VERIFIED: {},
}


def test_each_status_allows_exactly_the_expected_transitions() -> None:
    assert set(EXPECTED) == set(CompanyStatus.values)
    for status, moves in EXPECTED.items():
        allowed = {transition.name: transition.target for transition in COMPANY_TRANSITIONS.allowed(status)}
        assert allowed == moves, status


def test_the_transitions_are_labelled_as_the_buttons_that_make_them() -> None:
    assert {name: str(transition.label) for name, transition in COMPANY_TRANSITIONS.items()} == {
        "verify": "Verify the company",
        "reject": "Reject the company",
        "resubmit": "Send for verification again",
    }

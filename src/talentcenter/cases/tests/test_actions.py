"""One answer to "what may this person do to this case now", offered the same everywhere.

For every status of both case types and every kind of person — the talent, a member of the hiring
company, the assigned reviewer, a second reviewer (who validates), the lead, an assigned external
evaluator and a signed-in outsider — ``selectors.actions_for`` answers what the table below says,
and the three interfaces offer exactly that: the API's ``actions`` (``/cases/{id}`` for the
parties, ``/staff/cases/{id}`` for staff), the portal page and the back-office page (their
controls carry ``data-action``). Whoever is not a party or not staff does not see the other side's
interfaces at all (404, or 403 from the staff API).

The cases are put in each status directly (``tests.cases.put_in_status``): this tests what is
offered, the services' own tests test the steps.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.test import Client

from talentcenter.accounts.services import api_token_create
from talentcenter.cases import selectors, services
from talentcenter.cases.enums import PARTY_ACTIONS, STAFF_ACTIONS, CaseAction, CaseType, KotraStatus, KTechPassStatus
from talentcenter.cases.models import Case
from tests.cases import CasePeople, invite, put_in_status, start, walk
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("talent", "company_member", "reviewer", "validator", "lead", "evaluator", "outsider")
PARTIES = ("talent", "company_member")
STAFF = ("reviewer", "validator", "lead")
# The staff API has no operation to issue a document or to record the E-7 application.
STAFF_API_ACTIONS = STAFF_ACTIONS - {CaseAction.ISSUE, CaseAction.RECORD_USE}


def staff(actions: str, *, validator: str = "", lead: str = "") -> dict[str, str]:
    """The same actions for the three members of staff, plus what only the validators (anyone but
    the reviewer: the second reviewer and the lead) and only the lead may do."""
    return {
        "reviewer": actions,
        "validator": f"{actions} {validator}",
        "lead": f"{actions} {validator} {lead}",
    }


# What each person is offered for a K-Tech Pass application (standard track) started by the
# company: an invitation the talent accepts or declines (staff do not see it), then a draft with the
# offer confirmed and the talent's agreement given by accepting. Not listed: nothing.
KTECH_PASS: dict[str, dict[str, str]] = {
    "invited": {"talent": "accept decline", "company_member": "withdraw"},
    "declined": {},
    "draft": {
        "talent": "update check_eligibility upload submit withdraw",
        "company_member": "update check_eligibility upload submit withdraw",
    },
    "submitted": {"talent": "withdraw", "company_member": "withdraw", **staff("start_review assign")},
    "in_review": {
        "talent": "withdraw",
        "company_member": "withdraw",
        **staff("request_information start_validation reject assign"),
    },
    "information_requested": {
        "talent": "upload answer withdraw",
        "company_member": "upload answer withdraw",
        **staff("reject assign"),
    },
    "in_validation": {
        "talent": "withdraw",
        "company_member": "withdraw",
        **staff("start_evaluation approve reject assign assign_evaluator", validator="validate_records"),
    },
    "in_evaluation": {
        "talent": "withdraw",
        "company_member": "withdraw",
        **staff("approve reject assign assign_evaluator"),
    },
    "approved": staff("issue", lead="reopen"),
    "issued": {"talent": "download_document", "company_member": "download_document", **staff("", lead="reopen")},
    "rejected": staff("", lead="reopen"),
    "withdrawn": {},
}
# KOTRA's recommendation: only the company changes the draft (there is no track), approval comes
# after the external evaluation, and the company (or staff) records the E-7 application.
KOTRA: dict[str, dict[str, str]] = {
    **KTECH_PASS,
    "draft": {
        "talent": "check_eligibility upload submit withdraw",
        "company_member": "update check_eligibility upload submit withdraw",
    },
    "in_validation": {
        "talent": "withdraw",
        "company_member": "withdraw",
        **staff("start_evaluation reject assign assign_evaluator", validator="validate_records"),
    },
    "issued": {
        "talent": "download_document",
        "company_member": "record_use download_document",
        **staff("record_use", lead="reopen"),
    },
    "used": {"talent": "download_document", "company_member": "download_document"},
}
EXPECTED = {CaseType.KTECH_PASS: KTECH_PASS, CaseType.KOTRA_RECOMMENDATION: KOTRA}
CELLS = [(case_type, status) for case_type, table in EXPECTED.items() for status in table]

DATA_ACTION = re.compile(r'data-action="([a-z_]+)"')


def expected(case_type: str, status: str, role: str) -> list[str]:
    """The table's actions for ``role``, in the order of :class:`CaseAction` (the API's order)."""
    names = EXPECTED[case_type][status].get(role, "").split()
    assert set(names) <= set(CaseAction), names
    return [action.value for action in CaseAction if action in names]


def in_order(actions: frozenset[CaseAction]) -> list[str]:
    return [action.value for action in CaseAction if action in actions]


def only(actions: list[str], vocabulary: frozenset[CaseAction]) -> list[str]:
    return [action for action in actions if action in vocabulary]


# Where each person is shown the case: the parties' interfaces, or the staff's, or none.
PARTY_INTERFACES = ("party API", "portal")
STAFF_INTERFACES = ("staff API", "back office")
INTERFACES = (*PARTY_INTERFACES, *STAFF_INTERFACES)
SHOWN_TO: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(PARTIES, PARTY_INTERFACES),
    **dict.fromkeys(STAFF, STAFF_INTERFACES),
    "evaluator": (),
    "outsider": (),
}
NOT_SHOWN = {"party API": 404, "portal": 404, "staff API": 403, "back office": 404}
# An invitation (and one declined) is between the company and the person invited: not shown to staff.
INVITATIONS = ("invited", "declined")


def shown_to(role: str, status: str) -> tuple[str, ...]:
    return () if role in STAFF and status in INVITATIONS else SHOWN_TO[role]


def case_in(people: CasePeople, case_type: str, status: str) -> Case:
    """A case of ``case_type`` in ``status``: an invitation (declined), or an accepted one put there."""
    if status in INVITATIONS:
        case = invite(people, case_type)
        return services.case_decline(actor=people.talent, case=case) if status == "declined" else case
    return put_in_status(start(people, case_type), people, status)


class Person:
    """One person's API token and signed-in browser (with the second factor staff need)."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.browser = staff_client_with_second_factor(user)
        _token, secret = api_token_create(user=user, name="tests")
        self.api = Client(headers={"Authorization": f"Bearer {secret}", "Accept-Language": "en"})

    def look(self, case: Case, interface: str) -> Any:
        return {
            "party API": lambda: self.api.get(f"/api/v1/cases/{case.pk}"),
            "staff API": lambda: self.api.get(f"/api/v1/staff/cases/{case.pk}"),
            "portal": lambda: self.browser.get(f"/en/applications/{case.pk}/"),
            "back office": lambda: self.browser.get(f"/en/backoffice/cases/{case.pk}/"),
        }[interface]()

    def offered(self, case: Case, interfaces: tuple[str, ...] = INTERFACES) -> dict[str, Any]:
        """What each interface offers this person on ``case``: the API's list, the page's controls."""
        answers = {}
        for interface in interfaces:
            response = self.look(case, interface)
            assert response.status_code == 200, (interface, response.status_code)
            if interface.endswith("API"):
                answers[interface] = response.json()["actions"]
            else:
                answers[interface] = set(DATA_ACTION.findall(response.content.decode()))
        return answers


def everyone(people: CasePeople) -> dict[str, Person]:
    users = {
        "talent": people.talent,
        "company_member": people.company_member,
        "reviewer": people.reviewer,
        "validator": people.validator,
        "lead": people.lead,
        "evaluator": people.evaluators[0],
        "outsider": UserFactory(),
    }
    return {role: Person(user) for role, user in users.items()}


def what_each_interface_should_offer(actions: list[str], interfaces: tuple[str, ...]) -> dict[str, Any]:
    should = {
        "party API": only(actions, PARTY_ACTIONS),
        "portal": set(only(actions, PARTY_ACTIONS)),
        "staff API": only(actions, STAFF_API_ACTIONS),
        "back office": set(only(actions, STAFF_ACTIONS)),
    }
    return {interface: should[interface] for interface in interfaces}


@pytest.fixture(autouse=True)
def _no_throttling(settings: Any, tmp_path: Any) -> None:
    settings.TALENTCENTER_API_THROTTLE_RATES = {}
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_table_covers_every_status_of_each_type_and_names_only_known_people() -> None:
    assert set(KTECH_PASS) == set(KTechPassStatus.values)
    assert set(KOTRA) == set(KotraStatus.values)
    assert {role for table in EXPECTED.values() for row in table.values() for role in row} <= set(ROLES)
    assert set(SHOWN_TO) == set(ROLES)


@pytest.mark.parametrize(("case_type", "status"), CELLS)
def test_every_interface_offers_what_actions_for_answers(case_type: str, status: str) -> None:
    # Given a case in this status and everyone who might look at it
    people = CasePeople.create(evaluators=1)
    case = case_in(people, case_type, status)
    persons = everyone(people)

    for role, person in persons.items():
        # When the one selector answers for them, and they look at the case where they are shown it
        actions = in_order(selectors.actions_for(person.user, case))
        offered = person.offered(case, shown_to(role, status))

        # Then the selector gives the table's answer, and each of those interfaces offers exactly that
        assert actions == expected(case_type, status, role), role
        assert offered == what_each_interface_should_offer(actions, shown_to(role, status)), role
        if role in STAFF and status in INVITATIONS:
            assert [person.look(case, interface).status_code for interface in STAFF_INTERFACES] == [404, 404]


@pytest.mark.parametrize("case_type", [CaseType.KTECH_PASS, CaseType.KOTRA_RECOMMENDATION])
def test_nobody_is_shown_a_case_in_the_other_sides_interfaces(case_type: str) -> None:
    # Given a case in validation (where the parties, staff and the evaluator all have a part)
    people = CasePeople.create(evaluators=1)
    case = put_in_status(start(people, case_type), people, "in_validation")

    for role, person in everyone(people).items():
        for interface in INTERFACES:
            if interface in SHOWN_TO[role]:
                continue
            # When they look where they are not meant to, then that interface does not show the case
            assert person.look(case, interface).status_code == NOT_SHOWN[interface], (role, interface)


def test_each_party_is_asked_only_for_its_own_missing_confirmation() -> None:
    # Given a K-Tech Pass draft the talent started: they have agreed, the company has not confirmed
    people = CasePeople.create(evaluators=1)
    case = services.case_start(
        actor=people.talent,
        case_type=CaseType.KTECH_PASS,
        talent=people.talent.talent_profile,
        company=people.company,
        track="qualitative",
    )
    persons = everyone(people)

    # When both parties look at it
    talent = persons["talent"].offered(case, PARTY_INTERFACES)
    company = persons["company_member"].offered(case, PARTY_INTERFACES)

    # Then the company is asked to confirm the offer, the talent is not asked to agree again (and
    # the company, which provides no document of this checklist yet — no salary, no contract — is
    # not offered to upload)
    assert talent["party API"] == ["update", "check_eligibility", "upload", "submit", "withdraw"]
    assert company["party API"] == ["confirm_offer", "update", "check_eligibility", "submit", "withdraw"]
    assert talent["portal"] == set(talent["party API"])
    assert company["portal"] == set(company["party API"])


def test_whoever_took_a_review_step_is_not_offered_to_validate_even_when_not_assigned() -> None:
    # Given a case the second reviewer started reviewing, then given to the first (who sent it on)
    people = CasePeople.create(evaluators=0)
    case = walk(start(people), people, "submitted")
    services.case_start_review(actor=people.validator, case=case)
    services.case_assign(actor=people.lead, cases=[case], reviewer=people.reviewer)
    case = walk(case, people, "in_validation")
    assert case.reviewer == people.reviewer
    second_reviewer, lead = Person(people.validator), Person(people.lead)

    # When they look at it
    offered_to_second_reviewer = second_reviewer.offered(case, STAFF_INTERFACES)
    offered_to_lead = lead.offered(case, STAFF_INTERFACES)

    # Then the four-eyes rule of the service is the one the pages and the API follow
    assert CaseAction.VALIDATE_RECORDS not in selectors.actions_for(people.validator, case)
    assert "validate_records" not in offered_to_second_reviewer["staff API"]
    assert "validate_records" not in offered_to_second_reviewer["back office"]
    assert "validate_records" in offered_to_lead["staff API"]
    assert "validate_records" in offered_to_lead["back office"]


def test_an_application_that_needs_the_evaluators_is_not_offered_approval_before_them() -> None:
    # Given a K-Tech Pass application on the qualitative (points) track, in validation: the map
    # allows approval from validation (for the standard track), the decision service does not here
    people = CasePeople.create(evaluators=1)
    case = put_in_status(start(people, track="qualitative"), people, "in_validation")
    lead = everyone(people)["lead"]

    # When the lead looks at it in the staff API and the back office
    offered = lead.offered(case, STAFF_INTERFACES)

    # Then approval is not offered anywhere; sending it to the evaluators and rejecting are
    assert "approve" not in selectors.actions_for(lead.user, case)
    assert "approve" not in offered["staff API"]
    assert "approve" not in offered["back office"]
    assert {"start_evaluation", "reject"} <= set(offered["staff API"])

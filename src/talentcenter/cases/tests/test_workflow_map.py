"""The transition maps: exactly the moves each type allows, and ``move`` never leaves a type's statuses."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentcenter.audit.actions import ACTION_LABELS
from talentcenter.cases import services, workflow
from talentcenter.cases.enums import (
    DECIDED_STATUSES,
    INVITATION_STATUSES,
    OPEN_STATUSES,
    STATUS_ENUMS,
    CaseStatus,
    CaseType,
)
from talentcenter.cases.workflow import KOTRA_RECOMMENDATION_TRANSITIONS, KTECH_PASS_TRANSITIONS
from talentcenter.foundation.workflow import TransitionMap, TransitionNotAllowed
from tests.cases import CasePeople, invite, start, walk

# The map written out by hand, status by status: a change to workflow.py must change this too.
EXPECTED: dict[str, dict[str, set[str]]] = {
    CaseType.KTECH_PASS: {
        "invited": {"accept", "decline", "withdraw"},
        "declined": set(),
        "draft": {"submit", "withdraw"},
        "submitted": {"start_review", "withdraw"},
        "in_review": {"request_information", "start_validation", "reject", "withdraw"},
        "information_requested": {"answer_request", "reject", "withdraw"},
        "in_validation": {"start_evaluation", "approve", "reject", "withdraw"},
        "in_evaluation": {"approve", "reject", "withdraw"},
        "approved": {"issue", "reopen"},
        "issued": {"reopen"},
        "rejected": {"reopen"},
        "withdrawn": set(),
    },
    CaseType.KOTRA_RECOMMENDATION: {
        "invited": {"accept", "decline", "withdraw"},
        "declined": set(),
        "draft": {"submit", "withdraw"},
        "submitted": {"start_review", "withdraw"},
        "in_review": {"request_information", "start_validation", "reject", "withdraw"},
        "information_requested": {"answer_request", "reject", "withdraw"},
        "in_validation": {"start_evaluation", "reject", "withdraw"},
        "in_evaluation": {"approve", "reject", "withdraw"},
        "approved": {"issue", "reopen"},
        "issued": {"record_use", "reopen"},
        "used": set(),
        "rejected": {"reopen"},
        "withdrawn": set(),
    },
}


BEFORE_DECISION = {
    "invited",
    "draft",
    "submitted",
    "in_review",
    "information_requested",
    "in_validation",
    "in_evaluation",
}
# Every transition of each type, in the map's order: (name, label, sources, target). KOTRA's map is
# derived from K-Tech Pass's; written out here in full, it must come out exactly like this.
INVITATION = [
    ("accept", "Accept the invitation", {"invited"}, "draft"),
    ("decline", "Decline the invitation", {"invited"}, "declined"),
]
KTECH_PASS_TABLE = [
    *INVITATION,
    ("submit", "Submit", {"draft"}, "submitted"),
    ("start_review", "Start document review", {"submitted"}, "in_review"),
    ("request_information", "Request documents or corrections", {"in_review"}, "information_requested"),
    ("answer_request", "Answer the request", {"information_requested"}, "in_review"),
    ("start_validation", "Send to validation", {"in_review"}, "in_validation"),
    ("start_evaluation", "Send to external evaluation", {"in_validation"}, "in_evaluation"),
    ("approve", "Approve", {"in_validation", "in_evaluation"}, "approved"),
    ("reject", "Reject", {"in_review", "information_requested", "in_validation", "in_evaluation"}, "rejected"),
    ("issue", "Issue the certificate", {"approved"}, "issued"),
    ("reopen", "Reopen", {"approved", "issued", "rejected"}, "in_review"),
    ("withdraw", "Withdraw", BEFORE_DECISION, "withdrawn"),
]
KOTRA_TABLE = [
    *INVITATION,
    ("submit", "Submit", {"draft"}, "submitted"),
    ("start_review", "Start document review", {"submitted"}, "in_review"),
    ("request_information", "Request documents or corrections", {"in_review"}, "information_requested"),
    ("answer_request", "Answer the request", {"information_requested"}, "in_review"),
    ("start_validation", "Send to validation", {"in_review"}, "in_validation"),
    ("start_evaluation", "Send to external evaluation", {"in_validation"}, "in_evaluation"),
    ("approve", "Approve", {"in_evaluation"}, "approved"),
    ("reject", "Reject", {"in_review", "information_requested", "in_validation", "in_evaluation"}, "rejected"),
    ("issue", "Issue the letter", {"approved"}, "issued"),
    ("record_use", "Record the E-7 application", {"issued"}, "used"),
    ("reopen", "Reopen", {"approved", "issued", "rejected"}, "in_review"),
    ("withdraw", "Withdraw", BEFORE_DECISION, "withdrawn"),
]


def table_of(case_type: str) -> list[tuple[str, str, set[str], str]]:
    return [
        (transition.name, str(transition.label), set(transition.sources), transition.target)
        for transition in workflow.TRANSITIONS[case_type].values()
    ]


@pytest.mark.parametrize(
    ("case_type", "table"),
    [(CaseType.KTECH_PASS, KTECH_PASS_TABLE), (CaseType.KOTRA_RECOMMENDATION, KOTRA_TABLE)],
)
def test_each_map_is_exactly_the_written_table(case_type, table):
    assert table_of(case_type) == table


def test_kotra_differs_from_the_ktech_pass_in_approval_issue_label_and_use_only():
    ktech = {row[0]: row for row in table_of(CaseType.KTECH_PASS)}
    kotra = {row[0]: row for row in table_of(CaseType.KOTRA_RECOMMENDATION)}

    differences = {name for name in ktech.keys() | kotra.keys() if ktech.get(name) != kotra.get(name)}

    assert differences == {"approve", "issue", "record_use"}
    assert kotra["approve"][2] == ktech["approve"][2] - {"in_validation"}
    assert (kotra["issue"][1], ktech["issue"][1]) == ("Issue the letter", "Issue the certificate")
    assert "record_use" not in ktech


def test_each_map_moves_only_between_statuses_of_its_own_enum():
    for case_type, transitions in workflow.TRANSITIONS.items():
        assert transitions.statuses is STATUS_ENUMS[case_type]
        for transition in transitions.values():
            assert type(transition.target) is STATUS_ENUMS[case_type]
            assert {type(source) for source in transition.sources} == {STATUS_ENUMS[case_type]}


@dataclass
class PlainCase:
    """Anything with a type, a status and a status label can be moved; no database needed."""

    case_type: str
    status: str

    @property
    def status_label(self) -> str:
        return str(STATUS_ENUMS[self.case_type](self.status).label)


CASES = [(case_type, status) for case_type, statuses in EXPECTED.items() for status in statuses]


def test_the_expected_map_covers_every_status_of_each_type():
    for case_type, enum in STATUS_ENUMS.items():
        assert set(EXPECTED[case_type]) == set(enum.values)


def test_the_shared_status_enum_is_every_status_of_either_type():
    assert set(CaseStatus) == {status for enum in STATUS_ENUMS.values() for status in enum.values}


def test_every_status_is_an_invitation_draft_withdrawn_open_or_decided():
    groups = [INVITATION_STATUSES, {CaseStatus.DRAFT}, {CaseStatus.WITHDRAWN}, OPEN_STATUSES, DECIDED_STATUSES]

    assert set().union(*groups) == set(CaseStatus)
    assert sum(len(group) for group in groups) == len(CaseStatus)


@pytest.mark.parametrize(("case_type", "status"), CASES)
def test_exactly_the_mapped_transitions_are_allowed_from_each_status(case_type, status):
    allowed = {transition.name for transition in workflow.allowed(case_type, status)}

    assert allowed == EXPECTED[case_type][status]


@pytest.mark.parametrize(("case_type", "status"), CASES)
def test_every_other_transition_is_refused_and_the_status_stays(case_type, status):
    for name in sorted(set(workflow.transitions_for(case_type)) - EXPECTED[case_type][status]):
        case = PlainCase(case_type, status)

        with pytest.raises(TransitionNotAllowed) as raised:
            workflow.move(case, name)

        assert case.status == status
        assert raised.value.code == "conflict"
        assert raised.value.transition == name
        assert raised.value.status == status


def test_targets_are_statuses_of_their_own_type():
    for case_type, transitions in workflow.TRANSITIONS.items():
        values = set(STATUS_ENUMS[case_type].values)
        for transition in transitions.values():
            assert transition.target in values
            assert transition.sources <= values


def test_a_kotra_transition_is_unknown_to_the_ktech_pass():
    case = PlainCase(CaseType.KTECH_PASS, "issued")

    with pytest.raises(TransitionNotAllowed):
        workflow.move(case, "record_use")

    assert case.status == "issued"


def test_the_conflict_message_names_the_current_status_in_words():
    case = PlainCase(CaseType.KOTRA_RECOMMENDATION, "issued")

    with pytest.raises(TransitionNotAllowed) as raised:
        workflow.move(case, "submit")

    assert raised.value.messages == [
        "This is now “Letter issued”, so it cannot be done any more. Reload the page to see its current state."
    ]


ALL_NAMES = sorted({name for transitions in workflow.TRANSITIONS.values() for name in transitions} | {"unknown"})


@given(
    case_type=st.sampled_from(sorted(STATUS_ENUMS)),
    names=st.lists(st.sampled_from(ALL_NAMES), max_size=40),
)
def test_random_transitions_never_leave_the_types_statuses(case_type, names):
    case = PlainCase(case_type, "draft")
    statuses = set(STATUS_ENUMS[case_type].values)
    for name in names:
        before = case.status
        expected_target = (
            workflow.TRANSITIONS[case_type][name].target
            if name in EXPECTED[case_type][before] and name in workflow.TRANSITIONS[case_type]
            else None
        )
        try:
            old, new = workflow.move(case, name)
        except TransitionNotAllowed:
            assert expected_target is None
            assert case.status == before
        else:
            assert (old, new) == (before, expected_target)
            assert case.status == expected_target
        assert case.status in statuses


@pytest.mark.django_db
@pytest.mark.parametrize("case_type", [CaseType.KTECH_PASS, CaseType.KOTRA_RECOMMENDATION])
def test_the_test_walk_reaches_every_status_of_each_type(case_type):
    reached = set()
    for target in STATUS_ENUMS[case_type].values:
        if target in ("rejected", "withdrawn", "invited", "declined"):
            continue
        people = CasePeople.create()
        case = walk(start(people, case_type), people, target)
        assert case.status == target
        reached.add(case.status)
        if target == "draft":
            reached.add(services.case_withdraw(actor=people.talent, case=case, reason="Changed plans").status)
        if target == "in_review":
            reached.add(services.case_reject(actor=people.reviewer, case=case, reason="Not a fit.").status)

    people = CasePeople.create(evaluators=0)
    reached.add(services.case_decline(actor=people.talent, case=invite(people, case_type)).status)
    reached.add(invite(people, case_type).status)

    assert reached == set(STATUS_ENUMS[case_type].values)


@pytest.mark.parametrize(
    "transitions", [KTECH_PASS_TRANSITIONS, KOTRA_RECOMMENDATION_TRANSITIONS], ids=["ktech", "kotra"]
)
def test_every_transition_has_an_audit_label(transitions: TransitionMap) -> None:
    """``cases.services._common.transition`` records ``case.<name>``: staff read it in words."""
    missing = sorted(f"case.{name}" for name in transitions if f"case.{name}" not in ACTION_LABELS)
    assert missing == []

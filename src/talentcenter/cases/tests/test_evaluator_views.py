"""The evaluators' portal: own assignments only, the declaration before the file, scores after the quorum."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.test import Client
from django.urls import reverse
from django.utils import translation

from talentcenter.audit.models import AuditEvent
from talentcenter.cases import services
from talentcenter.cases.enums import CaseType
from talentcenter.cases.models import Case, EvaluatorAssignment
from tests.cases import CasePeople, start, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> CasePeople:
    return CasePeople.create()


@pytest.fixture
def evaluating(people: CasePeople) -> Case:
    """A KOTRA case in external evaluation whose three evaluators have not declared yet."""
    case = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "in_validation")
    for record in case.records.all():
        services.record_validate(actor=people.validator, record=record, verified=True)
    for evaluator in people.evaluators:
        services.evaluator_assign(actor=people.reviewer, case=case, evaluator=evaluator)
    return services.case_start_evaluation(actor=people.reviewer, case=case)


def assignment_of(case: Case, evaluator: Any) -> EvaluatorAssignment:
    return case.evaluations.get(evaluator=evaluator)


def state(assignment: EvaluatorAssignment) -> tuple[Any, ...]:
    assignment.refresh_from_db()
    audit = AuditEvent.objects.filter(subject_type="cases.case", subject_id=str(assignment.case_id)).count()
    return (assignment.conflict, assignment.submitted_at, assignment.technical_expertise, audit)


def portal_urls(assignment: EvaluatorAssignment) -> list[tuple[str, str, dict[str, Any]]]:
    document = assignment.case.documents.first()
    assert document is not None
    return [
        ("get", reverse("evaluations:detail", args=[assignment.pk]), {}),
        ("get", reverse("evaluations:document", args=[assignment.pk, document.pk]), {}),
        ("post", reverse("evaluations:declare", args=[assignment.pk]), {"conflict": "no"}),
        (
            "post",
            reverse("evaluations:score", args=[assignment.pk]),
            {"technical_expertise": "16", "strategic_value": "11", "recommends": "yes"},
        ),
    ]


@pytest.mark.parametrize(
    "who", ["anonymous", "talent", "company_member", "reviewer", "lead", "other_evaluator", "evaluator_not_assigned"]
)
def test_only_the_assigned_evaluator_reaches_an_assignment(people: CasePeople, evaluating: Case, who: str) -> None:
    assignment = assignment_of(evaluating, people.evaluators[0])
    outsider = CasePeople.create(evaluators=1).evaluators[0]
    user = {
        "anonymous": None,
        "talent": people.talent,
        "company_member": people.company_member,
        "reviewer": people.reviewer,
        "lead": people.lead,
        "other_evaluator": people.evaluators[1],
        "evaluator_not_assigned": outsider,
    }[who]
    client = Client() if user is None else staff_client_with_second_factor(user)
    before = state(assignment)

    for method, url, data in portal_urls(assignment):
        response = getattr(client, method)(url, data)
        if user is None:
            assert (response.status_code, response["Location"].split("?")[0]) == (302, "/en/accounts/login/"), url
        else:
            assert response.status_code == 404, url
    listing = client.get(reverse("evaluations:list"))

    assert state(assignment) == before
    if user is None:
        assert listing.status_code == 302
    elif who == "other_evaluator":  # sees their own assignment on the same case, not this one
        own = assignment_of(evaluating, people.evaluators[1])
        content = listing.content.decode()
        assert reverse("evaluations:detail", args=[own.pk]) in content
        assert reverse("evaluations:detail", args=[assignment.pk]) not in content
    elif who == "evaluator_not_assigned":
        assert listing.status_code == 200
        assert evaluating.reference not in listing.content.decode()
    else:
        assert listing.status_code == 404


def test_the_file_opens_only_after_declaring_no_conflict(people: CasePeople, evaluating: Case) -> None:
    evaluator = people.evaluators[0]
    assignment = assignment_of(evaluating, evaluator)
    client = staff_client_with_second_factor(evaluator)
    detail = reverse("evaluations:detail", args=[assignment.pk])
    document = evaluating.documents.order_by("pk").first()
    assert document is not None
    download = reverse("evaluations:document", args=[assignment.pk, document.pk])

    before = client.get(detail).content.decode()
    assert evaluating.reference in before and people.company.name_en in before
    assert people.talent.talent_profile.full_name in before
    assert 'id="case-file"' not in before and "Massachusetts Institute of Technology" not in before
    assert download not in before
    assert client.get(download).status_code == 403
    not_yet = state(assignment)
    assert (
        client.post(reverse("evaluations:score", args=[assignment.pk]), {"technical_expertise": "16"}).status_code
        == 403
    )
    assert state(assignment) == not_yet

    declared = client.post(reverse("evaluations:declare", args=[assignment.pk]), {"conflict": "no"})

    assert (declared.status_code, declared["Location"]) == (302, detail)
    after = client.get(detail).content.decode()
    assert 'id="case-file"' in after and "Massachusetts Institute of Technology" in after
    assert download in after
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    again = client.post(reverse("evaluations:declare", args=[assignment.pk]), {"conflict": "yes", "note": "Late."})
    assert again.status_code == 302
    assert state(assignment)[0] == "none"


def test_a_conflict_needs_details_and_recuses(people: CasePeople, evaluating: Case) -> None:
    evaluator = people.evaluators[0]
    assignment = assignment_of(evaluating, evaluator)
    client = staff_client_with_second_factor(evaluator)
    url = reverse("evaluations:declare", args=[assignment.pk])
    before = state(assignment)

    without = client.post(url, {"conflict": "yes", "note": ""})
    assert without.status_code == 400
    assert "Describe the conflict of interest." in without.content.decode()
    assert state(assignment) == before

    response = client.post(url, {"conflict": "yes", "note": "I supervised the talent's thesis."})

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.conflict, assignment.conflict_note) == ("conflict", "I supervised the talent's thesis.")
    content = client.get(reverse("evaluations:detail", args=[assignment.pk])).content.decode()
    assert 'id="recused"' in content and 'id="case-file"' not in content
    document = evaluating.documents.first()
    assert document is not None
    assert client.get(reverse("evaluations:document", args=[assignment.pk, document.pk])).status_code == 403


def test_scores_are_checked_recorded_and_others_shown_only_after_the_quorum(
    people: CasePeople, evaluating: Case
) -> None:
    clients = {}
    for evaluator in people.evaluators:
        assignment = assignment_of(evaluating, evaluator)
        clients[evaluator.pk] = (staff_client_with_second_factor(evaluator), assignment)
        services.evaluation_declare(actor=evaluator, assignment=assignment, conflict=False)
    first_client, first = clients[people.evaluators[0].pk]
    score_url = reverse("evaluations:score", args=[first.pk])
    before = state(first)

    for wrong in ({"technical_expertise": "21"}, {"technical_expertise": "15.3"}, {"strategic_value": "15.5"}):
        data = {"technical_expertise": "16", "strategic_value": "11", "recommends": "yes", **wrong}
        assert first_client.post(score_url, data).status_code == 400, wrong
    assert state(first) == before

    response = first_client.post(
        score_url, {"technical_expertise": "19.5", "strategic_value": "14", "recommends": "no", "comment": "Strong."}
    )

    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.technical_expertise, first.strategic_value, first.recommends, first.comment) == (
        Decimal("19.5"),
        Decimal("14"),
        False,
        "Strong.",
    )
    assert AuditEvent.objects.filter(subject_id=str(evaluating.pk), action="case.evaluation_submitted").count() == 1
    second_client, second = clients[people.evaluators[1].pk]
    second_client.post(
        reverse("evaluations:score", args=[second.pk]),
        {"technical_expertise": "10", "strategic_value": "5", "recommends": "yes"},
    )
    hidden = second_client.get(reverse("evaluations:detail", args=[second.pk])).content.decode()
    assert "19.5" not in hidden and "Strong." not in hidden and 'id="scores"' not in hidden

    third_client, third = clients[people.evaluators[2].pk]
    third_client.post(
        reverse("evaluations:score", args=[third.pk]),
        {"technical_expertise": "15", "strategic_value": "10", "recommends": "yes"},
    )
    shown = second_client.get(reverse("evaluations:detail", args=[second.pk])).content.decode()

    assert 'id="scores"' in shown and "19.5" in shown and "Strong." in shown
    assert 'id="disagreement"' in shown
    twice = first_client.post(score_url, {"technical_expertise": "1", "strategic_value": "1", "recommends": "yes"})
    assert twice.status_code == 302
    first.refresh_from_db()
    assert first.technical_expertise == Decimal("19.5")


def test_the_list_shows_the_evaluators_own_assignments(people: CasePeople, evaluating: Case) -> None:
    evaluator = people.evaluators[0]
    client = staff_client_with_second_factor(evaluator)

    content = client.get(reverse("evaluations:list")).content.decode()

    assert content.count(evaluating.reference) == 1
    assert reverse("evaluations:detail", args=[assignment_of(evaluating, evaluator).pk]) in content


def test_the_portal_speaks_korean(people: CasePeople, evaluating: Case) -> None:
    evaluator = people.evaluators[0]
    assignment = assignment_of(evaluating, evaluator)
    client = staff_client_with_second_factor(evaluator)

    with translation.override("ko"):
        urls = [reverse("evaluations:list"), reverse("evaluations:detail", args=[assignment.pk])]
    responses = [client.get(url) for url in urls]

    assert all(url.startswith("/ko/evaluations/") for url in urls)
    for response in responses:
        content = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="ko"' in content and evaluating.reference in content
    assert people.company.name_ko in responses[1].content.decode()

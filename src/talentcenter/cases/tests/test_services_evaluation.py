"""External evaluation: assignment, conflicts of interest, scores on the rubric, quorum."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from talentcenter.accounts.enums import Role
from talentcenter.audit.models import AuditEvent
from talentcenter.cases import policies, services
from talentcenter.cases.enums import CaseType, ConflictAnswer, KTechTrack
from talentcenter.cases.models import Case, EvaluatorAssignment
from talentcenter.foundation.workflow import TransitionNotAllowed
from tests.cases import CasePeople, start, walk
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def actions(case: Case) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_type="cases.case", subject_id=str(case.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def validated(people: CasePeople, case_type: str = CaseType.KOTRA_RECOMMENDATION, track: str = "") -> Case:
    case = walk(start(people, case_type, track), people, "in_validation")
    for record in case.records.all():
        services.record_validate(actor=people.validator, record=record, verified=True)
    return case


def assign_all(people: CasePeople, case: Case) -> list[EvaluatorAssignment]:
    return [
        services.evaluator_assign(actor=people.reviewer, case=case, evaluator=person) for person in people.evaluators
    ]


def in_evaluation(people: CasePeople, **kwargs) -> tuple[Case, list[EvaluatorAssignment]]:
    case = validated(people, **kwargs)
    assignments = assign_all(people, case)
    case = services.case_start_evaluation(actor=people.reviewer, case=case)
    return case, assignments


def score(assignment: EvaluatorAssignment, technical="16", strategic="11", recommends=True) -> EvaluatorAssignment:
    return services.evaluation_submit(
        actor=assignment.evaluator,
        assignment=assignment,
        technical_expertise=Decimal(technical),
        strategic_value=Decimal(strategic),
        recommends=recommends,
    )


# --- assignment ----------------------------------------------------------------------------------


def test_staff_assign_an_evaluator_once():
    people = CasePeople.create()
    case = validated(people)

    first = services.evaluator_assign(actor=people.reviewer, case=case, evaluator=people.evaluators[0])
    again = services.evaluator_assign(actor=people.validator, case=case, evaluator=people.evaluators[0])

    assert first == again
    assert first.conflict == ConflictAnswer.UNDECLARED
    assert first.assigned_by == people.reviewer
    assert actions(case).count("case.evaluator_assigned") == 1


def test_only_registered_evaluators_can_be_assigned():
    people = CasePeople.create()
    case = validated(people)

    with pytest.raises(ValidationError) as raised:
        services.evaluator_assign(actor=people.reviewer, case=case, evaluator=people.validator)

    assert raised.value.message_dict == {"evaluator": ["Choose a registered external evaluator."]}


def test_a_member_of_the_hiring_company_cannot_evaluate_its_application():
    people = CasePeople.create()
    case = validated(people)
    people.company_member.groups.add(*UserFactory(roles=[Role.EXTERNAL_EVALUATOR]).groups.all())
    people.company_member.__dict__.pop("role_names", None)

    with pytest.raises(ValidationError) as raised:
        services.evaluator_assign(actor=people.reviewer, case=case, evaluator=people.company_member)

    assert raised.value.message_dict == {"evaluator": ["This person cannot evaluate this application."]}


def test_evaluators_are_not_assigned_during_the_document_review():
    people = CasePeople.create()
    case = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "in_review")

    with pytest.raises(TransitionNotAllowed):
        services.evaluator_assign(actor=people.reviewer, case=case, evaluator=people.evaluators[0])

    assert not case.evaluations.exists()


# --- declaration ---------------------------------------------------------------------------------


def test_an_evaluator_declares_no_conflict_and_may_then_see_the_file():
    people = CasePeople.create()
    _case, [assignment, *_] = in_evaluation(people)
    assert not policies.can_see_case_file(assignment)

    assignment = services.evaluation_declare(actor=assignment.evaluator, assignment=assignment, conflict=False)

    assert assignment.conflict == ConflictAnswer.NONE
    assert assignment.declared_at is not None
    assert policies.can_see_case_file(assignment)


def test_a_conflict_needs_a_description_and_recuses_the_evaluator():
    people = CasePeople.create()
    _case, [assignment, *_] = in_evaluation(people)

    with pytest.raises(ValidationError) as raised:
        services.evaluation_declare(actor=assignment.evaluator, assignment=assignment, conflict=True, note="")
    assert raised.value.message_dict == {"note": ["Describe the conflict of interest."]}

    assignment = services.evaluation_declare(
        actor=assignment.evaluator, assignment=assignment, conflict=True, note="I supervised the talent's thesis."
    )
    assert assignment.conflict == ConflictAnswer.CONFLICT
    assert not assignment.is_active
    assert not policies.can_see_case_file(assignment)
    with pytest.raises(ValidationError):
        score(assignment)


def test_a_declaration_is_made_once():
    people = CasePeople.create()
    _case, [assignment, *_] = in_evaluation(people)
    services.evaluation_declare(actor=assignment.evaluator, assignment=assignment, conflict=False)

    with pytest.raises(ValidationError) as raised:
        services.evaluation_declare(actor=assignment.evaluator, assignment=assignment, conflict=True, note="Oops")

    assert raised.value.messages == ["You have already declared for this application."]
    assignment.refresh_from_db()
    assert assignment.conflict == ConflictAnswer.NONE


def test_an_evaluator_cannot_score_before_declaring():
    people = CasePeople.create()
    _case, [assignment, *_] = in_evaluation(people)

    with pytest.raises(ValidationError) as raised:
        score(assignment)

    assert raised.value.messages == ["Declare that you have no conflict of interest first."]
    assignment.refresh_from_db()
    assert assignment.submitted_at is None


def test_nobody_declares_or_scores_for_another_evaluator():
    people = CasePeople.create()
    _case, [assignment, other, _third] = in_evaluation(people)

    with pytest.raises(PermissionDenied):
        services.evaluation_declare(actor=other.evaluator, assignment=assignment, conflict=False)
    services.evaluation_declare(actor=assignment.evaluator, assignment=assignment, conflict=False)
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(
            actor=people.reviewer,
            assignment=assignment,
            technical_expertise=Decimal(10),
            strategic_value=Decimal(10),
            recommends=True,
        )

    assignment.refresh_from_db()
    assert assignment.submitted_at is None


# --- scores --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("technical", "strategic", "errors"),
    [
        ("20.5", "0", {"technical_expertise": ["Enter points from 0 to 20, in steps of 0.5."]}),
        ("-0.5", "0", {"technical_expertise": ["Enter points from 0 to 20, in steps of 0.5."]}),
        ("10", "15.5", {"strategic_value": ["Enter points from 0 to 15, in steps of 0.5."]}),
        (
            "10.25",
            "7.75",
            {
                "technical_expertise": ["Enter points from 0 to 20, in steps of 0.5."],
                "strategic_value": ["Enter points from 0 to 15, in steps of 0.5."],
            },
        ),
        ("NaN", "1", {"technical_expertise": ["Enter points from 0 to 20, in steps of 0.5."]}),
        ("abc", "1", {"technical_expertise": ["Enter points from 0 to 20, in steps of 0.5."]}),
    ],
)
def test_scores_are_bounded_by_the_rubric(technical, strategic, errors):
    people = CasePeople.create()
    _case, [assignment, *_] = in_evaluation(people)
    services.evaluation_declare(actor=assignment.evaluator, assignment=assignment, conflict=False)

    with pytest.raises(ValidationError) as raised:
        services.evaluation_submit(
            actor=assignment.evaluator,
            assignment=assignment,
            technical_expertise=technical if technical == "abc" else Decimal(technical),
            strategic_value=Decimal(strategic),
            recommends=True,
        )

    assert raised.value.message_dict == errors
    assignment.refresh_from_db()
    assert assignment.submitted_at is None


@pytest.mark.parametrize(("technical", "strategic"), [("0", "0"), ("20", "15"), ("12.5", "7.5")])
def test_scores_within_the_rubric_are_kept(technical, strategic):
    people = CasePeople.create()
    case, [assignment, *_] = in_evaluation(people)
    services.evaluation_declare(actor=assignment.evaluator, assignment=assignment, conflict=False)

    assignment = score(assignment, technical, strategic, recommends=False)

    assignment.refresh_from_db()
    assert (assignment.technical_expertise, assignment.strategic_value) == (Decimal(technical), Decimal(strategic))
    assert assignment.total == Decimal(technical) + Decimal(strategic)
    assert assignment.recommends is False
    assert actions(case)[-1] == "case.evaluation_submitted"


def test_scores_are_given_once():
    people = CasePeople.create()
    _case, [assignment, *_] = in_evaluation(people)
    services.evaluation_declare(actor=assignment.evaluator, assignment=assignment, conflict=False)
    score(assignment)

    with pytest.raises(ValidationError) as raised:
        score(assignment, "1", "1")

    assert raised.value.messages == ["Your scores are already recorded."]
    assignment.refresh_from_db()
    assert assignment.technical_expertise == Decimal(16)


# --- quorum --------------------------------------------------------------------------------------


def test_a_recused_evaluator_does_not_count_towards_the_quorum():
    people = CasePeople.create(evaluators=4)
    case = validated(people)
    assignments = [
        services.evaluator_assign(actor=people.reviewer, case=case, evaluator=person)
        for person in people.evaluators[:3]
    ]
    services.evaluation_declare(
        actor=assignments[0].evaluator, assignment=assignments[0], conflict=True, note="Former colleague."
    )

    with pytest.raises(ValidationError) as raised:
        services.case_start_evaluation(actor=people.reviewer, case=case)
    assert raised.value.messages == ["Assign at least 3 evaluators without a conflict of interest."]

    services.evaluator_assign(actor=people.reviewer, case=case, evaluator=people.evaluators[3])
    assert services.case_start_evaluation(actor=people.reviewer, case=case).status == "in_evaluation"


def test_evaluation_waits_for_every_record_to_be_validated():
    people = CasePeople.create()
    case = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "in_validation")
    assign_all(people, case)

    with pytest.raises(ValidationError) as raised:
        services.case_start_evaluation(actor=people.reviewer, case=case)

    assert raised.value.messages == ["Validate every record first."]


def test_the_quorum_is_a_setting(settings):
    settings.TALENTCENTER_EVALUATION_QUORUM = 1
    people = CasePeople.create(evaluators=1)
    case = validated(people)
    [assignment] = assign_all(people, case)
    case = services.case_start_evaluation(actor=people.reviewer, case=case)
    services.evaluation_declare(actor=assignment.evaluator, assignment=assignment, conflict=False)
    score(assignment)

    case = services.case_approve(actor=people.reviewer, case=case, reason="Recommended.")

    assert case.status == "approved"


def test_a_decision_waits_for_the_quorum_of_scores():
    people = CasePeople.create()
    case, assignments = in_evaluation(people)
    for assignment in assignments[:2]:
        services.evaluation_declare(actor=assignment.evaluator, assignment=assignment, conflict=False)
        score(assignment)

    with pytest.raises(ValidationError) as raised:
        services.case_approve(actor=people.reviewer, case=case, reason="Recommended.")

    assert raised.value.messages == ["3 evaluators must score the application before a decision."]
    case.refresh_from_db()
    assert case.status == "in_evaluation"


# --- the qualitative track -----------------------------------------------------------------------


def test_the_evaluators_mean_points_feed_the_engine_on_the_qualitative_track():
    people = CasePeople.create()
    case, assignments = in_evaluation(people, case_type=CaseType.KTECH_PASS, track=KTechTrack.QUALITATIVE)
    for assignment, (technical, strategic) in zip(assignments, [("16", "11"), ("18", "12"), ("17", "13")], strict=True):
        services.evaluation_declare(actor=assignment.evaluator, assignment=assignment, conflict=False)
        score(assignment, technical, strategic)

    case = services.case_approve(actor=people.reviewer, case=case, reason="The evaluators recommend it.")

    assessment = case.decision_assessment
    assert assessment.applicant["qualitative_scores"] == {"technical_expertise": 17.0, "strategic_value": 12.0}
    [track] = [
        item
        for item in assessment.result["results"]
        if item["programme"] == "ktech-pass" and item["track"] == KTechTrack.QUALITATIVE
    ]
    points = {criterion["id"]: criterion.get("points") for criterion in track["criteria"]}
    assert points["points_technical_expertise"] == 17.0
    assert points["points_strategic_value"] == 12.0
    assert assessment.summary["ktech-pass/qualitative"] == "eligible"

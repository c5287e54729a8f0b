"""Analysts see aggregates, not people: who may open a recorded assessment, and the counts they get.

An official assessment holds a person's birth date, salary and employer. Casework staff (reviewers,
administrators) open any; the person it is about or who made it opens theirs; a policy analyst
opens none — 404 whether the id exists or not — and reads counts by programme, track and status
with small cells suppressed.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentcenter.accounts.enums import Role
from talentcenter.policy.engine import ApplicantIn
from talentcenter.policy.enums import AssessmentKind
from talentcenter.policy.models import Assessment
from talentcenter.policy.selectors import ASSESSMENT_STATUSES, SMALL_CELL, _suppressed, assessment_statistics
from talentcenter.policy.services import assessment_record
from tests.api import ApiClient, token_for
from tests.factories import TalentProfileFactory, UserFactory

ROLES: dict[str, list[Role] | None] = {
    "anonymous": None,
    "talent": [Role.TALENT],
    "subject": [Role.TALENT],
    "company_member": [Role.COMPANY_MEMBER],
    "evaluator": [Role.EXTERNAL_EVALUATOR],
    "concierge": [Role.CONCIERGE],
    "analyst": [Role.POLICY_ANALYST],
    "reviewer": [Role.STAFF_REVIEWER],
    "administrator": [Role.ADMINISTRATOR],
    "analyst_and_reviewer": [Role.POLICY_ANALYST, Role.STAFF_REVIEWER],
}
ACTORS = list(ROLES)


def _expect(default: int, **by_actor: int) -> dict[str, int]:
    return {actor: by_actor.get(actor, default) for actor in ACTORS}


CASEWORK = {"reviewer": 200, "administrator": 200, "analyst_and_reviewer": 200}
# (endpoint, expected status per actor); {pk} is an official assessment about "subject"
MATRIX: list[tuple[str, dict[str, int]]] = [
    ("api GET staff/assessments/{pk}", _expect(403, anonymous=401, analyst=404, **CASEWORK)),
    ("api POST staff/assessments/{pk}/replay", _expect(403, anonymous=401, analyst=404, **CASEWORK)),
    ("api GET staff/assessments/statistics", _expect(403, anonymous=401, analyst=200, **CASEWORK)),
    ("web policy:pathfinder_saved_detail", _expect(404, anonymous=302, subject=200, **CASEWORK)),
    ("web policy_backoffice:assessment_statistics", _expect(403, anonymous=302, analyst=200, **CASEWORK)),
]


@pytest.fixture
def people(db: None) -> dict[str, Any]:
    users: dict[str, Any] = {}
    for actor, roles in ROLES.items():
        if actor == "subject":
            users[actor] = TalentProfileFactory().user
        elif roles is not None:
            users[actor] = UserFactory(roles=roles)
    return users


@pytest.fixture
def official(people: dict[str, Any]) -> Assessment:
    """An official assessment about a talent, with their birth date and salary, made by a reviewer."""
    applicant = ApplicantIn.model_validate(
        {
            "person": {"birth_date": "1990-04-01"},
            "offer": {"company": "Hanbit Semiconductor", "annual_salary_krw": 95_000_000},
        }
    )
    return assessment_record(
        actor=UserFactory(roles=[Role.STAFF_REVIEWER]),
        applicant=applicant,
        as_of=datetime.date(2026, 1, 1),
        subject=people["subject"].talent_profile,
    )


def _call(actor: str, user: Any, endpoint: str, pk: int) -> Any:
    kind, method_or_name, *rest = endpoint.split(" ")
    if kind == "api":
        client = ApiClient(token=token_for(user)) if user is not None else ApiClient()
        path = rest[0].format(pk=pk)
        return client.get(path) if method_or_name == "GET" else client.post(path)
    client = Client() if user is None else staff_client_with_second_factor(user)
    args = [pk] if method_or_name.endswith("detail") else []
    with translation.override("en"):
        return client.get(reverse(method_or_name, args=args))


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("endpoint", "expected"), MATRIX, ids=[endpoint for endpoint, _ in MATRIX])
def test_authorization_matrix(
    actor: str, endpoint: str, expected: dict[str, int], people: dict[str, Any], official: Assessment
) -> None:
    response = _call(actor, people.get(actor), endpoint, official.pk)
    assert response.status_code == expected[actor]


@pytest.mark.django_db
def test_an_analyst_cannot_tell_an_existing_assessment_from_a_missing_one(
    people: dict[str, Any], official: Assessment
) -> None:
    # Given an analyst's token, and ids that exist and that do not
    client = ApiClient(token=token_for(people["analyst"]))
    missing = Assessment.objects.order_by("-pk").values_list("pk", flat=True).first() + 1  # type: ignore[operator]
    # When they try each id in turn, then every answer is the same 404, with nothing of the person
    answers = {
        (r.status_code, r.content) for r in (client.get(f"staff/assessments/{pk}") for pk in (official.pk, missing))
    }
    assert answers == {(404, client.get(f"staff/assessments/{missing}").content)}
    web = staff_client_with_second_factor(people["analyst"])
    with translation.override("en"):
        page = web.get(reverse("policy:pathfinder_saved_detail", args=[official.pk]))
    assert page.status_code == 404
    assert "Hanbit Semiconductor" not in page.content.decode()


@pytest.mark.django_db
def test_an_analyst_reads_counts_with_small_cells_suppressed(people: dict[str, Any]) -> None:
    # Given 7 official assessments of the E-7-1 track: 5 eligible and 2 not eligible
    reviewer = people["reviewer"]
    Assessment.objects.all().delete()
    for index in range(7):
        assessment = assessment_record(
            actor=reviewer, applicant=ApplicantIn(), as_of=datetime.date(2026, 1, 1), programmes=["e7-1"]
        )
        track_key = next(iter(assessment.summary))
        status = "eligible" if index < 5 else "not_eligible"
        Assessment.objects.filter(pk=assessment.pk).update(summary={track_key: status})
    # When an analyst asks the API for the figures
    response = ApiClient(token=token_for(people["analyst"])).get("staff/assessments/statistics")
    # Then the 2 is hidden, and so is the 5 beside it (7 - 5 would give the 2 away); no rate, no ids
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == {"count": 7, "display": "7"}
    [row] = body["tracks"]
    assert row["programme"] == "e7-1" and row["programme_label"] == "E-7-1 professional visa"
    assert row["track_label"] and row["track_label"] != row["track"]
    assert row["total"] == {"count": 7, "display": "7"}
    assert row["statuses"]["not_eligible"] == {"count": None, "display": "<5"}
    assert row["statuses"]["eligible"] == {"count": None, "display": "<5"}
    assert row["statuses"]["needs_review"] == {"count": 0, "display": "0"}
    assert row["eligible_rate"] is None
    assert "birth" not in response.content.decode() and "created_by" not in response.content.decode()
    # And the back-office page shows the same, with the labels people read
    with translation.override("en"):
        page = staff_client_with_second_factor(people["analyst"]).get(
            reverse("policy_backoffice:assessment_statistics")
        )
    assert page.status_code == 200
    text = page.content.decode()
    assert "E-7-1 professional visa" in text and "&lt;5" in text and "e7-1" not in text


@pytest.mark.django_db
def test_self_checks_are_not_counted_and_large_cells_show_a_rate(people: dict[str, Any]) -> None:
    Assessment.objects.all().delete()
    for _index in range(10):
        assessment = assessment_record(
            actor=people["reviewer"], applicant=ApplicantIn(), as_of=datetime.date(2026, 1, 1), programmes=["e7-1"]
        )
    track_key = next(iter(assessment.summary))
    Assessment.objects.update(summary={track_key: "eligible"})
    assessment_record(
        actor=people["talent"], applicant=ApplicantIn(), as_of=datetime.date(2026, 1, 1), kind=AssessmentKind.SELF_CHECK
    )
    statistics = assessment_statistics()
    assert statistics["total"]["count"] == 10
    [row] = statistics["tracks"]
    assert row["statuses"]["eligible"]["count"] == 10
    assert row["eligible_rate"] == 100.0


counts_strategy = st.fixed_dictionaries(
    {status: st.integers(min_value=0, max_value=40) for status in ASSESSMENT_STATUSES}
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts=counts_strategy)
def test_no_suppressed_count_can_be_worked_out_from_the_row(counts: dict[str, int]) -> None:
    hidden = _suppressed(counts)
    # every small count is hidden
    assert {key for key, count in counts.items() if 0 < count < SMALL_CELL} <= hidden
    # and a hidden count never stands alone, unless the row's total is itself hidden (below 5)
    total = sum(counts.values())
    assert len(hidden) != 1 or total < SMALL_CELL

"""Settlement plans: started by an issued K-Tech Pass, steps dated from the person's own dates,
marked by the person, and reminded once before they fall due."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from talentcenter.concierge import services
from talentcenter.concierge.enums import PlanStepStatus, ServiceCategory, Situation
from talentcenter.concierge.models import PlanStep, SettlementPlan
from talentcenter.concierge.plan_dates import step_dates
from talentcenter.concierge.tests.support import person
from talentcenter.documents.enums import DocumentKind
from talentcenter.documents.services import document_issue
from talentcenter.notifications.models import Notification
from tests.cases import CasePeople, start

pytestmark = pytest.mark.django_db


def test_the_step_dates_follow_the_rules() -> None:
    entry, visa = date(2026, 12, 14), date(2026, 12, 10)
    assert step_dates(category=ServiceCategory.IMMIGRATION, entry_date=entry, visa_start=visa) == (
        date(2027, 3, 14),
        None,
    )
    assert step_dates(category=ServiceCategory.TAX, entry_date=entry, visa_start=None) == (date(2027, 1, 10), None)
    assert step_dates(category=ServiceCategory.PERMANENT_RESIDENCE, entry_date=None, visa_start=date(2028, 2, 29)) == (
        None,
        date(2031, 2, 28),
    )
    assert step_dates(category=ServiceCategory.SCHOOLING, entry_date=entry, visa_start=visa) == (None, None)


def test_an_issued_k_tech_pass_starts_the_holders_plan_once(django_capture_on_commit_callbacks: Any) -> None:
    # Given an application of a talent
    people = CasePeople.create(evaluators=0)
    case = start(people)
    values: dict[str, Any] = {
        "actor": people.lead,
        "kind": DocumentKind.KTECH_PASS_CERTIFICATE,
        "holder_name_latin": "Amina Mensah",
        "holder_birth_date": date(1992, 4, 3),
        "nationality": "GH",
        "valid_until": date(2029, 11, 22),
        "subject_type": "cases.case",
        "subject_id": str(case.pk),
    }
    # When its certificate is issued (and issued again by a retry)
    with django_capture_on_commit_callbacks(execute=True):
        document = document_issue(**values)
    with django_capture_on_commit_callbacks(execute=True):
        document_issue(**values)
    # Then the talent has one plan, as a pass holder, with the steps for pass holders
    plan = SettlementPlan.objects.get(person=people.talent)
    assert (plan.situation, plan.source_document) == (Situation.KTECH_PASS, document.serial)
    codes = set(plan.steps.values_list("service__code", flat=True))
    assert {"alien-registration", "income-tax-reduction", "permanent-residence"} <= codes
    assert Notification.objects.filter(recipient=people.talent, kind="concierge.plan_started").count() == 1


def test_the_person_gives_dates_marks_steps_and_is_reminded_once() -> None:
    holder = person()
    plan = services.plan_update(
        actor=holder,
        situation=Situation.F2T,
        with_family=True,
        entry_date=date(2027, 1, 4),
        visa_start=date(2027, 1, 4),
    )
    steps = {step.service.code: step for step in plan.steps.select_related("service")}
    assert steps["alien-registration"].due_date == date(2027, 4, 4)
    assert steps["permanent-residence"].available_from == date(2030, 1, 4)
    assert "schooling" in steps
    e7 = services.plan_update(
        actor=person(), situation=Situation.E7, with_family=False, entry_date=None, visa_start=None
    )
    assert "income-tax-reduction" not in set(e7.steps.values_list("service__code", flat=True))

    # Reminders: 14 days before alien registration is due, once however often the task runs
    assert services.step_reminders_send(today=date(2027, 3, 20)) == 0
    sent = services.step_reminders_send(today=date(2027, 3, 21))
    assert services.step_reminders_send(today=date(2027, 3, 22)) == 0
    reminded = Notification.objects.filter(recipient=holder, kind="concierge.step_reminder")
    assert sent == reminded.count() >= 1
    assert PlanStep.objects.get(pk=steps["alien-registration"].pk).reminded_for == date(2027, 4, 4)

    # A step marked done is not reminded; a corrected date is reminded again
    services.step_mark(actor=holder, step=steps["alien-registration"], status=PlanStepStatus.DONE)
    plan = services.plan_update(
        actor=holder, situation=Situation.F2T, with_family=True, entry_date=date(2027, 1, 20), visa_start=None
    )
    assert services.step_reminders_send(today=date(2027, 4, 10)) == 0
    assert PlanStep.objects.get(pk=steps["alien-registration"].pk).status == PlanStepStatus.DONE
    with pytest.raises(PermissionDenied):
        services.step_mark(actor=person(), step=steps["housing"], status=PlanStepStatus.DONE)

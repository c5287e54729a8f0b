"""What every case service shares: the row lock, the one transition step, the audit call,
the processing clock and the engine's answer for the case's track."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pydantic
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.audit import events
from talentcenter.cases import policies as case_policies
from talentcenter.cases import workflow
from talentcenter.cases.enums import (
    RequestStatus,
)
from talentcenter.cases.models import (
    Case,
)
from talentcenter.cases.selectors import (
    PROGRAMME_OF_CASE_TYPE,
    case_clock,
    track_result,
)
from talentcenter.policy.engine import ApplicantIn
from talentcenter.policy.services import assessment_run


def lock_case(case: Case | int) -> Case:
    case_id = case if isinstance(case, int) else case.pk
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("talent__user", "company", "reviewer")
        .get(pk=case_id)
    )


def current_time() -> datetime:
    return timezone.now()


def refresh_due_date(case: Case) -> None:
    clock = case_clock(case)
    case.due_on = clock.due_date() if clock is not None else None


def audit(actor: User | None, action: str, case: Case, changes: dict[str, Any] | None = None, reason: str = "") -> None:
    """Record what ``actor`` did to ``case``; ``None`` is the system (the audit trail says so)."""
    events.record(actor=actor, action=action, subject=case, changes=changes or {}, reason=reason)


def transition(
    actor: User | None, case: Case, name: str, *, reason: str = "", changes: dict[str, Any] | None = None
) -> None:
    """Move the locked case by ``name``, save it and record the event ``case.<name>``.

    ``actor`` may be ``None`` for one caller only: ``case_issue`` (the background task) acts for
    ``case.decided_by``, a nullable column; the audit trail then names the system."""
    old, new = workflow.move(case, name)
    case.save()
    audit(actor, f"case.{name}", case, {"status": [old, new], **(changes or {})}, reason)


def require(condition: bool) -> None:
    case_policies.ensure(condition)


def required_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def validated_applicant(data: dict[str, Any]) -> ApplicantIn:
    try:
        return ApplicantIn.model_validate(data)
    except pydantic.ValidationError as error:
        problems = ", ".join(".".join(str(part) for part in issue["loc"]) for issue in error.errors())
        raise ValidationError(
            _(
                "The profile or the offer has values the rules cannot read ({fields}). Correct them and try again."
            ).format(fields=problems),
            code="invalid_application",
        ) from None


def eligibility_answer(case: Case, applicant: ApplicantIn, as_of: date) -> dict[str, Any]:
    """The chosen track's answer in both languages: status, points, unmet criteria and hints."""
    answer: dict[str, Any] = {"as_of": as_of.isoformat()}
    for language in ("en", "ko"):
        result = assessment_run(
            applicant, as_of=as_of, programmes=[PROGRAMME_OF_CASE_TYPE[case.case_type]], language=language
        )
        track = track_result(result, case)
        answer.update(status=track["status"], points=track.get("points"), max_points=track.get("max_points"))
        answer[language] = {
            "label": track["label"],
            "missing": [criterion["label"] for criterion in track["criteria"] if criterion.get("met") is not True],
            "hints": list(track.get("hints") or []),
        }
    return answer


def close_open_request(case: Case) -> None:
    case.requests.filter(status=RequestStatus.OPEN).update(status=RequestStatus.CLOSED, closed_at=current_time())
    case.paused_since = None

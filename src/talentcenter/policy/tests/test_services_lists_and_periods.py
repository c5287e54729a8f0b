"""Through the service layer: lists read from the database that are missing, and a variant's
value with a last day (``until``) typed by policy staff."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from talentcenter.policy import services
from talentcenter.policy.engine import ApplicantIn
from talentcenter.policy.models import ParameterVariant
from talentcenter.reference.models import ListEdition, Occupation

pytestmark = pytest.mark.django_db

NOT_LOADED = "List not loaded: the center checks it."


def _applicant() -> ApplicantIn:
    return ApplicantIn.model_validate(
        {
            "education": [
                {"level": "master", "field": "electrical engineering", "institution": "MIT", "country": "US"}
            ],
            "experience": [{"organization": "Apple", "field": "semiconductor", "start": "2012-01-01"}],
            "offer": {
                "industry": "semiconductor",
                "technology_field": "digital_electronics",
                "annual_salary_krw": 200_000_000,
                "occupation": "2211",
                "company_size": "large",
                "region": "Seoul",
            },
        }
    )


def _criterion(result: dict[str, Any], key: str, criterion_id: str) -> dict[str, Any]:
    programme, track = key.split("/")
    (found,) = [item for item in result["results"] if (item["programme"], item["track"]) == (programme, track)]
    (criterion,) = [item for item in found["criteria"] if item["id"] == criterion_id]
    return criterion


def test_lists_missing_from_the_database_need_review() -> None:
    # given a database where no ranked list and no E-7-1 occupation was imported
    ListEdition.objects.all().delete()
    Occupation.objects.all().delete()
    # when the self-check runs
    result = services.assessment_run(_applicant(), as_of=date(2026, 11, 2), language="en")
    # then each criterion reading a list needs review, saying the list is not loaded
    for key, criterion_id in [
        ("top-tier-visa/job-seeking", "degree"),
        ("ktech-pass/standard", "experience_global_company"),
        ("e7-1/standard", "occupation"),
    ]:
        criterion = _criterion(result, key, criterion_id)
        assert (criterion["status"], criterion["reason"]) == ("needs_review", NOT_LOADED), key


@pytest.fixture
def draft(policy_analyst: Any) -> ParameterVariant:
    return services.variant_create(actor=policy_analyst, slug="floor-2027", name="Floor 2027")


def test_a_variant_value_with_a_last_day(policy_analyst: Any, draft: ParameterVariant) -> None:
    services.variant_set_value(
        actor=policy_analyst,
        variant=draft,
        parameter="e7_1.salary_floor_krw",
        effective_from=date(2027, 2, 1),
        value=33_000_000,
        source="Draft notice",
        until=date(2027, 12, 31),
    )
    draft.refresh_from_db()
    (entry,) = draft.overrides["e7_1.salary_floor_krw"]
    assert entry["until"] == "2027-12-31"
    floor = draft.parameter_set()["e7_1.salary_floor_krw"]
    assert floor.at(date(2027, 12, 31)).value == 33_000_000  # type: ignore[union-attr]
    assert floor.at(date(2028, 1, 1)) is None


def test_a_last_day_before_the_first_is_refused(policy_analyst: Any, draft: ParameterVariant) -> None:
    with pytest.raises(ValidationError) as error:
        services.variant_set_value(
            actor=policy_analyst,
            variant=draft,
            parameter="e7_1.salary_floor_krw",
            effective_from=date(2027, 2, 1),
            value=33_000_000,
            source="Draft notice",
            until=date(2027, 1, 31),
        )
    assert "until" in error.value.message_dict
    draft.refresh_from_db()
    assert draft.overrides == {}

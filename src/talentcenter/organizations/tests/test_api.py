"""The companies API answers a verification step the company's status no longer allows with 409."""

from __future__ import annotations

from typing import Any

import pytest

from talentcenter.audit.models import AuditEvent
from talentcenter.organizations.enums import CompanyStatus
from tests.api import ApiClient, token_for
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def conflict(status_label: str) -> dict[str, Any]:
    message = f"This is now “{status_label}”, so it cannot be done any more. Reload the page to see its current state."
    return {"code": "conflict", "message": message, "fields": {"__all__": [message]}}


def test_verifying_a_verified_company_is_a_conflict_and_changes_nothing(staff_api: ApiClient) -> None:
    # given
    company = MembershipFactory(company=CompanyFactory(status=CompanyStatus.VERIFIED)).company
    # when
    response = staff_api.post(f"staff/companies/{company.pk}/verify", {"note": ""})
    # then
    assert response.status_code == 409
    assert response.json() == conflict("Verified")
    company.refresh_from_db()
    assert company.status == CompanyStatus.VERIFIED
    assert not AuditEvent.objects.filter(subject_type="organizations.company").exists()


def test_resubmitting_a_company_awaiting_verification_is_a_conflict(db: None) -> None:
    # given
    membership = MembershipFactory(company=CompanyFactory(status=CompanyStatus.PENDING))
    owner = ApiClient(token=token_for(membership.user))
    # when
    response = owner.post(f"companies/{membership.company.pk}/resubmit")
    # then
    assert response.status_code == 409
    assert response.json() == conflict("Awaiting verification")
    assert not AuditEvent.objects.filter(subject_type="organizations.company").exists()

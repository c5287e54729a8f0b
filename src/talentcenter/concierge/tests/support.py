"""What the concierge's tests share: a person, a desk member, a PDF and a request."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from talentcenter.accounts.enums import Role
from talentcenter.concierge import services
from talentcenter.concierge.enums import ServiceCategory
from talentcenter.concierge.models import ConciergeRequest
from tests.cases import pdf_bytes
from tests.factories import TalentProfileFactory, UserFactory

__all__ = ["desk", "make_request", "pdf_bytes", "person"]


def person() -> Any:
    return TalentProfileFactory().user


def desk() -> Any:
    return UserFactory(roles=[Role.CONCIERGE])


def make_request(
    requester: Any, *, category: str = ServiceCategory.HOUSING, now: datetime | None = None, **values: Any
) -> ConciergeRequest:
    return services.request_create(
        actor=requester,
        category=category,
        subject=values.pop("subject", "A flat near Pangyo"),
        body=values.pop("body", "We need a two-bedroom flat near Pangyo from March."),
        now=now,
        **values,
    )

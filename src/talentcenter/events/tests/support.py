"""Events for the tests: a published event with its registration window open, and its people."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from talentcenter.accounts.enums import Role
from talentcenter.events.enums import EventKind, EventStatus
from talentcenter.events.models import Event, ScreeningQuestion
from talentcenter.talent.models import TalentProfile
from tests.factories import TalentProfileFactory, UserFactory

_slugs = itertools.count(1)


def staff_user() -> Any:
    return UserFactory(roles=[Role.STAFF_REVIEWER])


def event(
    *,
    talent_capacity: int = 3,
    company_capacity: int = 2,
    status: str = EventStatus.PUBLISHED,
    questions: tuple[tuple[str, bool], ...] = (),
    **fields: Any,
) -> Event:
    """A fair at COEX a month from now, registration open since yesterday for two weeks."""
    now = timezone.now()
    values: dict[str, Any] = {
        "slug": f"fair-{next(_slugs)}",
        "kind": EventKind.FAIR,
        "title_en": "Global Talent Fair",
        "title_ko": "글로벌 인재 페어",
        "venue_name": "COEX",
        "city": "Seoul",
        "time_zone": "Asia/Seoul",
        "starts_at": now + datetime.timedelta(days=30),
        "ends_at": now + datetime.timedelta(days=30, hours=8),
        "registration_opens_at": now - datetime.timedelta(days=1),
        "registration_closes_at": now + datetime.timedelta(days=14),
        "talent_capacity": talent_capacity,
        "company_capacity": company_capacity,
        "created_by": staff_user(),
        "status": status,
        "published_at": now if status == EventStatus.PUBLISHED else None,
        **fields,
    }
    created = Event.objects.create(**values)
    for position, (text, required) in enumerate(questions):
        ScreeningQuestion.objects.create(event=created, text_en=text, required=required, position=position)
    return created


def talents(count: int) -> list[TalentProfile]:
    return [TalentProfileFactory() for _ in range(count)]

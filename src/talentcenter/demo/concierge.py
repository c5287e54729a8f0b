"""Demo concierge: settlement plans for the demo's pass and letter holders, and about 40 requests
in every state, made through the concierge services by generated talents and answered by the demo
staff (staff@ and reviewer2@ stand in for the concierge desk).

The requests are spread over the last weeks so that the queue shows overdue, due-soon and waiting
ones, and the statistics page has resolved requests in and out of their service level with ratings.
Deterministic (the first generated talents by id, dates from the day of the run); idempotent: when
any request exists nothing is made again (plans are ensured every time).
"""

# ruff: noqa: E501  (the demo's sentences, one a line)
from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from talentcenter.accounts.models import User
from talentcenter.concierge import services
from talentcenter.concierge.enums import ServiceCategory, Situation
from talentcenter.concierge.models import ConciergeRequest, SettlementPlan
from talentcenter.concierge.receivers import SITUATION_OF_KIND
from talentcenter.demo.accounts import SECOND_REVIEWER_EMAIL, STAFF_EMAIL, TALENT_EMAIL
from talentcenter.demo.plan import TALENT_EMAIL_DOMAIN
from talentcenter.documents.enums import DocumentStatus
from talentcenter.documents.holders import holders_of
from talentcenter.documents.models import IssuedDocument

REQUESTS = 40
# (category, subject, first message), in English; the generated talents write in English.
TOPICS: list[tuple[str, str, str]] = [
    (ServiceCategory.HOUSING, "A two-bedroom flat near Pangyo", "We arrive in March with one child. Budget around 2 million won a month."),
    (ServiceCategory.BANKING, "Opening a salary account", "My employer asks for a Korean account before the first payday."),
    (ServiceCategory.IMMIGRATION, "Appointment for alien registration", "I entered three weeks ago; the HiKorea calendar shows nothing free."),
    (ServiceCategory.SCHOOLING, "International school for a 9-year-old", "Which schools near Daejeon have places this autumn?"),
    (ServiceCategory.SPOUSE_EMPLOYMENT, "Work for my spouse, a nurse", "Can my husband work as a nurse with an F-2-T family visa?"),
    (ServiceCategory.HEALTH_INSURANCE, "Adding my parents as dependants", "My parents join us in June. How do they get insured?"),
    (ServiceCategory.DRIVING_LICENCE, "Exchanging a Canadian licence", "Is an Ontario licence exchanged without a test?"),
    (ServiceCategory.TAX, "Applying for the 50% tax reduction", "Payroll says they need a form from me. Which one?"),
    (ServiceCategory.PERMANENT_RESIDENCE, "When can I apply for F-5?", "My F-2-T started in January 2025. What do I need to prepare?"),
    (ServiceCategory.OTHER, "Shipping household goods", "Do you know a mover used by other pass holders?"),
]  # fmt: skip
# What happens to the n-th request, in turn: every state is shown, with late and timely resolutions.
SCRIPT = [
    "new",
    "open",
    "waiting",
    "resolved",
    "closed_rated",
    "open_late",
    "withdrawn",
    "closed_late",
    "reopened",
    "waiting_long",
]


def _plans_ensure() -> int:
    """A plan for every holder of a valid K-Tech Pass or recommendation letter, with dates."""
    documents = list(
        IssuedDocument.objects.filter(kind__in=list(SITUATION_OF_KIND), status=DocumentStatus.VALID).order_by("pk")
    )
    holders = holders_of(documents)
    made = 0
    for document in documents:
        holder = holders.get(document.pk)
        if holder is None or SettlementPlan.objects.filter(person=holder).exists():
            continue
        situation = SITUATION_OF_KIND[document.kind]  # type: ignore[index]
        services.plan_start(person=holder, situation=situation, source_document=document.serial)
        entry = document.issued_on + datetime.timedelta(days=21)
        services.plan_update(
            actor=holder,
            situation=situation,
            with_family=document.pk % 2 == 0,
            entry_date=min(entry, timezone.localdate()),
            visa_start=min(entry, timezone.localdate()),
        )
        made += 1
    talent = User.objects.filter(email=TALENT_EMAIL).first()
    if talent is not None and not SettlementPlan.objects.filter(person=talent).exists():
        today = timezone.localdate()
        services.plan_update(
            actor=talent,
            situation=Situation.KTECH_PASS,
            with_family=True,
            entry_date=today - datetime.timedelta(days=80),
            visa_start=today - datetime.timedelta(days=80),
        )
        made += 1
    return made


def _requests_ensure() -> int:
    if ConciergeRequest.objects.exists():
        return 0
    desk = list(User.objects.filter(email__in=[STAFF_EMAIL, SECOND_REVIEWER_EMAIL]).order_by("email"))
    people = list(
        User.objects.filter(email__endswith=f"@{TALENT_EMAIL_DOMAIN}", talent_profile__isnull=False).order_by("pk")[
            :REQUESTS
        ]
    )
    talent = User.objects.filter(email=TALENT_EMAIL).first()
    if talent is not None:
        people = [talent, *people[: REQUESTS - 1]]
    if not desk or not people:
        return 0
    now = timezone.now()
    for index, person in enumerate(people):
        category, subject, body = TOPICS[index % len(TOPICS)]
        step = SCRIPT[index % len(SCRIPT)]
        start = now - datetime.timedelta(days=2 + (index * 7) % 30, hours=index % 5)
        staff = desk[index % len(desk)]
        request = services.request_create(actor=person, category=category, subject=subject, body=body, now=start)
        _play(step, request=request, person=person, staff=staff, start=start, now=now)
    return len(people)


def _at(start: datetime.datetime, days: float, now: datetime.datetime) -> datetime.datetime:
    return min(start + datetime.timedelta(days=days), now - datetime.timedelta(minutes=5))


def _play(
    step: str, *, request: Any, person: User, staff: User, start: datetime.datetime, now: datetime.datetime
) -> None:
    if step == "new":
        return
    if step == "withdrawn":
        services.request_transition(actor=person, request=request, name="withdraw", now=_at(start, 0.2, now))
        return
    if step in {"waiting", "waiting_long"}:
        services.request_message(
            actor=staff,
            request=request,
            body="Could you send us a copy of your employment contract and your preferred district?",
            wait_for_reply=True,
            now=_at(start, 0.5 if step == "waiting" else 3, now),
        )
        return
    services.request_message(
        actor=staff,
        request=request,
        body="Thank you. We are looking into it and will come back to you with options.",
        now=_at(start, 0.3, now),
    )
    if step == "open":
        services.request_message(
            actor=staff,
            request=request,
            body="Called the partner; waiting for prices.",
            internal=True,
            now=_at(start, 1, now),
        )
        return
    if step == "open_late":
        return
    late = step == "closed_late"
    services.request_message(
        actor=staff,
        request=request,
        body="Here are three options with contacts. Our partner can meet you next week.",
        now=_at(start, 12 if late else 2, now),
    )
    services.request_transition(
        actor=staff, request=request, name="resolve", now=_at(start, 12.1 if late else 2.1, now)
    )
    if step == "resolved":
        return
    if step == "reopened":
        services.request_message(
            actor=person, request=request, body="The second option fell through. Any others?", now=_at(start, 3, now)
        )
        return
    services.request_rate(
        actor=person,
        request=request,
        rating=2 if late else 5 - request.pk % 2,
        comment="It took long, but it worked out." if late else "Very helpful, thank you.",
        now=_at(start, 13 if late else 3, now),
    )


def demo_concierge_ensure() -> int:
    """Plans for the holders and the demo requests; returns how many of both were made."""
    services.catalogue_load()
    return _plans_ensure() + _requests_ensure()

"""The concierge's reads: the catalogue for a person, their plan and requests, the staff queue
and the desk's statistics. Each list costs a fixed number of queries, whatever its length."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User
from talentcenter.cases.clock import DUE_SOON_WORKING_DAYS, ClockState, working_days_between
from talentcenter.concierge.enums import (
    ACTIVE_STATUSES,
    DEFAULT_SLA_WORKING_DAYS,
    PlanStepStatus,
    RequestStatus,
    ServiceCategory,
)
from talentcenter.concierge.models import (
    CategorySetting,
    ConciergeRequest,
    PlanStep,
    RequestMessage,
    SettlementPlan,
    SettlementService,
)

QUEUE_PAGE_SIZE = 50
# What a row of the queue shows (page and API): the clock's pauses and the rest stay unread.
QUEUE_FIELDS = (
    "id", "category", "subject", "status", "submitted_at", "due_date", "sla_working_days", "rating",
    "rating_comment", "requester__id", "requester__display_name", "requester__email", "assignee__id",
    "assignee__display_name", "assignee__email",
)  # fmt: skip


def services_for(situations: set[str] | None = None, *, include_hidden: bool = False) -> list[SettlementService]:
    """The catalogue in order; only what applies to ``situations`` when given."""
    services = SettlementService.objects.all() if include_hidden else SettlementService.objects.filter(is_active=True)
    return [service for service in services if situations is None or service.applies_to(situations)]


def plan_of(person: User) -> SettlementPlan | None:
    return SettlementPlan.objects.filter(person=person).first()


def plan_steps(plan: SettlementPlan) -> list[PlanStep]:
    """The steps by date: dated open steps first (soonest first), then undated, then the marked ones."""
    steps = list(plan.steps.select_related("service"))
    far = date.max

    def order(step: PlanStep) -> tuple[int, date, int]:
        return (0 if step.status == PlanStepStatus.OPEN else 1, step.key_date or far, step.service.position)

    return sorted(steps, key=order)


def requests_of(person: User) -> QuerySet[ConciergeRequest]:
    return ConciergeRequest.objects.filter(requester=person).select_related("service").order_by("-submitted_at")


def messages_for_person(request: ConciergeRequest) -> list[RequestMessage]:
    """What the person sees: every message but the internal notes."""
    return list(request.messages.filter(internal=False).select_related("author").prefetch_related("attachments"))


def messages_for_staff(request: ConciergeRequest) -> list[RequestMessage]:
    return list(request.messages.select_related("author").prefetch_related("attachments"))


def clock_state(request: ConciergeRequest, today: date) -> ClockState | None:
    """Where the request stands against its service level, from the stored due date (no query)."""
    if request.status == RequestStatus.WAITING:
        return ClockState.PAUSED
    if request.status not in ACTIVE_STATUSES or request.due_date is None:
        return None
    if today > request.due_date:
        return ClockState.OVERDUE
    if working_days_between(today, request.due_date) < DUE_SOON_WORKING_DAYS:
        return ClockState.DUE_SOON
    return ClockState.RUNNING


@dataclass(frozen=True)
class QueueFilters:
    status: str = "active"  # "active", "all" or a RequestStatus
    category: str = ""
    assignee: str = ""  # "", "mine", "none" or a user id
    overdue_only: bool = False
    search: str = ""


def staff_queue(*, filters: QueueFilters, viewer: User, today: date) -> QuerySet[ConciergeRequest]:
    """The desk's queue: overdue first (the oldest due date first), then by due date, waiting
    requests (clock paused, no due date) last; two queries a page (the count and the rows)."""
    queryset = ConciergeRequest.objects.select_related("requester", "assignee").only(*QUEUE_FIELDS)
    if filters.status == "active":
        queryset = queryset.filter(status__in=ACTIVE_STATUSES)
    elif filters.status in RequestStatus.values:
        queryset = queryset.filter(status=filters.status)
    if filters.category in ServiceCategory.values:
        queryset = queryset.filter(category=filters.category)
    if filters.assignee == "mine":
        queryset = queryset.filter(assignee=viewer)
    elif filters.assignee == "none":
        queryset = queryset.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        queryset = queryset.filter(assignee_id=int(filters.assignee))
    if filters.overdue_only:
        queryset = queryset.filter(status__in=ACTIVE_STATUSES, due_date__lt=today)
    search = filters.search.strip()
    if search:
        number = search.upper().removeprefix("CRQ-")
        if number.isdigit() and len(number) <= 18:  # a reference: that request alone (an index lookup)
            queryset = queryset.filter(pk=int(number))
        else:
            queryset = queryset.filter(Q(subject__icontains=search) | Q(requester__email__icontains=search))
    return queryset.order_by(F("due_date").asc(nulls_last=True), "submitted_at", "pk")


def desk_members() -> list[User]:
    """Who a request can be assigned to."""
    return list(
        User.objects.filter(
            Q(groups__name__in=[Role.CONCIERGE, Role.STAFF_REVIEWER, Role.ADMINISTRATOR]) | Q(is_superuser=True),
            is_active=True,
        )
        .distinct()
        .order_by("display_name", "email")
    )


@dataclass(frozen=True)
class CategoryStats:
    category: str
    label: str
    sla_working_days: int
    requests: int
    active: int
    resolved: int
    resolved_in_time: int
    ratings: int
    average_rating: float | None

    @property
    def attainment(self) -> float | None:
        """Share of resolved requests resolved within the service level, in per cent."""
        return round(100 * self.resolved_in_time / self.resolved, 1) if self.resolved else None


def sla_levels() -> dict[str, int]:
    levels = {str(category): days for category, days in DEFAULT_SLA_WORKING_DAYS.items()}
    levels.update(dict(CategorySetting.objects.values_list("category", "sla_working_days")))
    return levels


def desk_statistics() -> list[CategoryStats]:
    """Per category: requests, resolved within the service level, satisfaction (two queries)."""
    rows: dict[str, dict[str, Any]] = {
        row["category"]: dict(row)
        for row in ConciergeRequest.objects.values("category").annotate(
            requests=Count("pk"),
            active=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
            resolved=Count("pk", filter=Q(met_sla__isnull=False)),
            in_time=Count("pk", filter=Q(met_sla=True)),
            ratings=Count("rating"),
            average=Avg("rating"),
        )
    }
    levels = sla_levels()
    result = []
    for category in ServiceCategory:
        row = rows.get(category.value, {})
        average = row.get("average")
        result.append(
            CategoryStats(
                category=category.value,
                label=str(category.label),
                sla_working_days=levels[category.value],
                requests=row.get("requests", 0),
                active=row.get("active", 0),
                resolved=row.get("resolved", 0),
                resolved_in_time=row.get("in_time", 0),
                ratings=row.get("ratings", 0),
                average_rating=round(float(average), 2) if average is not None else None,
            )
        )
    return result


def next_plan_step(person: User) -> tuple[SettlementPlan | None, PlanStep | None]:
    """The person's plan and its next open step (the soonest dated one), for "My page"."""
    plan = plan_of(person)
    if plan is None:
        return None, None
    open_steps = [step for step in plan_steps(plan) if step.status == PlanStepStatus.OPEN]
    return plan, open_steps[0] if open_steps else None


def desk_counts(today: date) -> dict[str, int]:
    """Active, overdue and waiting requests, in one query (the desk's line on "My page")."""
    counts = ConciergeRequest.objects.aggregate(
        active=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=ACTIVE_STATUSES, due_date__lt=today)),
        waiting=Count("pk", filter=Q(status=RequestStatus.WAITING)),
        unassigned=Count("pk", filter=Q(status__in=ACTIVE_STATUSES, assignee__isnull=True)),
    )
    return {key: int(value or 0) for key, value in counts.items()}

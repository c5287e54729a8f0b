"""Reads of petitions and FAQ entries: the staff queue (overdue first, a fixed number of queries),
the petitioner's own list, and the published FAQ (read by the guides' site search too)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from talentcenter.accounts.models import User
from talentcenter.inquiries.enums import OPEN_STATUSES, InquiryStatus
from talentcenter.inquiries.models import FaqEntry, Inquiry

QUEUE_FILTERS = ("status", "category", "assignee", "overdue")


def inquiry_queue(
    *,
    today: date,
    status: str = "",
    category: str = "",
    assignee: User | None = None,
    unassigned: bool = False,
    overdue_only: bool = False,
    search: str = "",
) -> QuerySet[Inquiry]:
    """Received petitions for staff: open and overdue first, then open by deadline, then the closed
    ones, the latest first. One query (assignee joined)."""
    queryset = Inquiry.objects.exclude(status=InquiryStatus.UNVERIFIED).select_related("assignee", "drafted_by")
    if status:
        queryset = queryset.filter(status=status)
    if category:
        queryset = queryset.filter(category=category)
    if assignee is not None:
        queryset = queryset.filter(assignee=assignee)
    if unassigned:
        queryset = queryset.filter(assignee=None)
    if overdue_only:
        queryset = queryset.filter(status__in=OPEN_STATUSES, due_date__lt=today)
    if search:
        queryset = queryset.filter(Q(receipt_number__icontains=search) | Q(subject__icontains=search))
    return queryset.annotate(
        rank=Case(
            When(status__in=OPEN_STATUSES, due_date__lt=today, then=Value(0)),
            When(status__in=OPEN_STATUSES, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", F("due_date").asc(nulls_last=True), "-received_at", "-pk")


def inquiries_of(user: User) -> QuerySet[Inquiry]:
    return Inquiry.objects.filter(petitioner=user).exclude(status=InquiryStatus.UNVERIFIED).order_by("-received_at")


def faq_entries_published(*, category: str = "") -> QuerySet[FaqEntry]:
    """The FAQ entries the public sees; the guides' site search reads these too."""
    queryset = FaqEntry.objects.filter(published=True)
    if category:
        queryset = queryset.filter(category=category)
    return queryset.order_by("category", "pk")


def faq_entries_all() -> QuerySet[FaqEntry]:
    return FaqEntry.objects.select_related("source_inquiry").order_by("published", "-updated_at")


def is_overdue(inquiry: Inquiry, today: date) -> bool:
    return inquiry.status in OPEN_STATUSES and inquiry.due_date is not None and inquiry.due_date < today


def staff_counts(*, user: User, today: date) -> dict[str, int]:
    """For the staff dashboard, in one query: open petitions past their deadline, due within two
    days, without an assignee, and drafts waiting for a reviewer other than their author."""
    soon = today + timedelta(days=2)
    open_petitions = Q(status__in=OPEN_STATUSES)
    return Inquiry.objects.aggregate(
        overdue=Count("pk", filter=open_petitions & Q(due_date__lt=today)),
        due_soon=Count("pk", filter=open_petitions & Q(due_date__gte=today, due_date__lte=soon)),
        unassigned=Count("pk", filter=open_petitions & Q(assignee=None)),
        to_review=Count("pk", filter=Q(status=InquiryStatus.IN_REVIEW) & ~Q(drafted_by=user)),
    )


def petitioners_listed(inquiries: Iterable[Inquiry]) -> dict[int, str]:
    """The accounts behind the listed petitions (anonymous ones have none), named as each petition
    names its petitioner, for the access log of a list (no query)."""
    return {inquiry.petitioner_id: inquiry.name or inquiry.email for inquiry in inquiries if inquiry.petitioner_id}

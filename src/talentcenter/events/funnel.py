"""What came of an event: the per-event funnel for staff, counted in the database.

registered → confirmed → checked in → interviewed → offer → K-Tech Pass or KOTRA case started.

- **registered**: every talent registration of the event, whatever became of it;
- **confirmed**: the seat is confirmed;
- **checked in**: :func:`attendance.attended` (checked in at the door, or held an interview);
- **interviewed**: at least one interview on the grid was held;
- **offer**: an application by the talent to one of the openings of a confirmed booth of the event,
  at the offer stage or hired, whose stage changed to it after the event started;
- **case started**: a K-Tech Pass or KOTRA case of the talent created after the event started.

The funnel is cumulative: a registration counts at a step when it reached that step *and every step
before it*, so each rate is the share of the previous step that went on. The CSV gives each step's
date on its own, so an offer without an interview on the grid is still seen there.

Counts take one query (an aggregate over registrations annotated with subqueries) and the cases of
the last step one more, whatever the size of the event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from talentcenter.cases.models import Case
from talentcenter.documents.enums import DocumentKind, DocumentStatus
from talentcenter.documents.models import IssuedDocument
from talentcenter.events.attendance import attended_condition
from talentcenter.events.enums import InterviewStatus, RegistrationStatus
from talentcenter.events.models import Event, Interview, TalentRegistration
from talentcenter.jobs.enums import ApplicationStage
from talentcenter.jobs.models import JobApplication

OFFER_STAGES = (ApplicationStage.OFFER, ApplicationStage.HIRED)

STEPS: tuple[tuple[str, Promise], ...] = (
    ("registered", pgettext_lazy("event funnel step", "Registered")),
    ("confirmed", _("Seat confirmed")),
    ("checked_in", _("Checked in")),
    ("interviewed", _("Interviewed")),
    ("offer", _("Offer from a booth's company")),
    ("case_started", _("K-Tech Pass or KOTRA case started")),
)


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    count: int
    # The share of the previous step (of "registered" for the first), and of everyone registered;
    # None when there is nobody to divide by.
    rate_of_previous: float | None
    rate_of_registered: float | None

    @property
    def percent_of_previous(self) -> str:
        return _percent(self.rate_of_previous)

    @property
    def percent_of_registered(self) -> str:
        return _percent(self.rate_of_registered)


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.1f}%"


@dataclass(frozen=True)
class Funnel:
    steps: list[Step]
    cases: list[Case]


def _first(queryset: QuerySet[Any], field: str) -> Subquery:
    return Subquery(queryset.order_by(field).values(field)[:1], output_field=DateTimeField())


def annotated_registrations(event: Event) -> QuerySet[TalentRegistration]:
    """The event's registrations, each with the date it reached each step (``None`` if it did not):
    ``attended`` (:func:`attendance.attended`), ``present_at`` (checked in; the first held interview where there is no
    check-in), ``interviewed_at``, ``offer_at``, ``case_at`` and ``case_id``, plus
    ``interviews_held`` and ``certificate_serial``."""
    held = Interview.objects.filter(registration=OuterRef("pk"), status=InterviewStatus.HELD)
    offers = event_offers(event)
    cases = Case.objects.filter(talent=OuterRef("profile"), created_at__gte=event.starts_at)
    certificate = IssuedDocument.objects.filter(
        subject_type=TalentRegistration._meta.label_lower,
        subject_id=Cast(OuterRef("pk"), CharField()),
        kind=DocumentKind.ATTENDANCE_CERTIFICATE,
        status=DocumentStatus.VALID,
    )
    first_held = _first(held, "slot__starts_at")
    present: Any = Coalesce(F("checked_in_at"), first_held)
    return (
        TalentRegistration.objects.filter(event=event)
        .annotate(
            attended=ExpressionWrapper(attended_condition(), output_field=BooleanField()),
            interviewed_at=first_held,
            present_at=present,
            offer_at=_first(offers, "stage_changed_at"),
            case_at=_first(cases, "created_at"),
            case_id=Subquery(cases.order_by("created_at").values("pk")[:1]),
            interviews_held=Coalesce(
                Subquery(
                    held.order_by().values("registration").annotate(total=Count("pk")).values("total"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            certificate_serial=Subquery(certificate.values("serial")[:1]),
        )
        .order_by("arrival")
    )


def event_offers(event: Event) -> QuerySet[JobApplication]:
    """Applications of the outer registration's talent to a confirmed booth's openings, at the offer
    stage or hired, moved there after the event started."""
    return JobApplication.objects.filter(
        profile=OuterRef("profile"),
        stage__in=OFFER_STAGES,
        stage_changed_at__gte=event.starts_at,
        opening__event_booths__event=event,
        opening__event_booths__status=RegistrationStatus.CONFIRMED,
    )


def step_conditions() -> dict[str, Q]:
    """Each step's filter on :func:`annotated_registrations`, every step including the ones before."""
    confirmed = Q(status=RegistrationStatus.CONFIRMED)
    checked_in = confirmed & Q(attended=True)
    interviewed = checked_in & Q(interviewed_at__isnull=False)
    offer = interviewed & Q(offer_at__isnull=False)
    return {
        "registered": Q(),
        "confirmed": confirmed,
        "checked_in": checked_in,
        "interviewed": interviewed,
        "offer": offer,
        "case_started": offer & Q(case_at__isnull=False),
    }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def event_funnel(event: Event) -> Funnel:
    """The funnel's counts and rates, and the cases of its last step (two queries)."""
    conditions = step_conditions()
    counts = annotated_registrations(event).aggregate(
        **{key: Count("pk", filter=condition) if condition else Count("pk") for key, condition in conditions.items()}
    )
    steps = []
    previous = registered = counts["registered"]
    for key, label in STEPS:
        count = counts[key]
        steps.append(
            Step(
                key=key,
                label=str(label),
                count=count,
                rate_of_previous=_rate(count, previous),
                rate_of_registered=_rate(count, registered),
            )
        )
        previous = count
    case_ids = annotated_registrations(event).filter(conditions["case_started"]).values("case_id")  # type: ignore[misc]
    cases = list(Case.objects.filter(pk__in=case_ids).select_related("talent").order_by("created_at", "pk"))
    return Funnel(steps=steps, cases=cases)

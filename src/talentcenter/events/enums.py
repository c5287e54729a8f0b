"""Kinds and statuses of events and their registrations (the moves are in workflow.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    FAIR = "fair", _("Job fair")
    ROADSHOW = "roadshow", _("Overseas roadshow")
    SEMINAR = "seminar", _("Seminar or webinar")
    DELEGATION = "delegation", _("Recruitment delegation")
    INVITATION = "invitation", _("Invitation programme")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationStatus(models.TextChoices):
    """Of a talent's registration and of a company's booth alike.

    ``offered``: a place freed by a cancellation is held for the next person on the waiting list
    until ``offer_expires_at``; it counts against the capacity until it is confirmed or lapses.
    """

    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Place offered")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Offer expired")


# The statuses that take a place (a seat or a booth) out of the capacity.
HOLDING_STATUSES = frozenset({RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED})
# The statuses of a registration that is still alive (a second registration is refused).
ACTIVE_STATUSES = frozenset({*HOLDING_STATUSES, RegistrationStatus.WAITLISTED})


class FitResult(models.TextChoices):
    """The automatic check of a talent's profile against the event's target industries. It is
    advice for staff and companies, never a reason to refuse a registration."""

    FIT = "fit", _("Fits the target industries")
    NO_FIT = "no_fit", _("Outside the target industries")
    UNKNOWN = "unknown", _("Profile gives no industry")
    OPEN = "open", _("Event open to all industries")


class InterviewStatus(models.TextChoices):
    """Of one meeting on an event's interview grid."""

    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("Talent did not come")


class SolveJobStatus(models.TextChoices):
    """Of a solve of the interview grid run by the task worker (too large for the request)."""

    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    SUPERSEDED = "superseded", _("Not written: the grid changed meanwhile")


# A queued or running solve: another one is not queued beside it.
SOLVE_JOB_ACTIVE = frozenset({SolveJobStatus.QUEUED, SolveJobStatus.RUNNING})


class TicketKind(models.TextChoices):
    """Whose ticket: a talent's seat or a company's booth (events/tickets.py)."""

    TALENT = "talent", _("Talent")
    BOOTH = "booth", _("Company booth")

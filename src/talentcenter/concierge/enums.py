"""Categories, situations and statuses of the concierge (the moves are in workflow.py)."""

from __future__ import annotations

from types import MappingProxyType

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceCategory(models.TextChoices):
    """What a settlement service, a plan step and a request are about."""

    HOUSING = "housing", _("Housing")
    BANKING = "banking", _("Bank account and phone")
    IMMIGRATION = "immigration", _("Alien registration and visa extension")
    SCHOOLING = "schooling", _("Children's schooling")
    SPOUSE_EMPLOYMENT = "spouse_employment", _("Spouse employment")
    HEALTH_INSURANCE = "health_insurance", _("Health insurance")
    DRIVING_LICENCE = "driving_licence", _("Driving licence")
    TAX = "tax", _("Income-tax reduction")
    PERMANENT_RESIDENCE = "permanent_residence", _("Permanent residence (F-5)")
    OTHER = "other", _("Something else")


# Service level per category, in Korean working days from the request (paused while the center
# waits for the person). Staff change them on the catalogue page; these are the defaults.
DEFAULT_SLA_WORKING_DAYS = MappingProxyType(
    {
        ServiceCategory.HOUSING: 5,
        ServiceCategory.BANKING: 3,
        ServiceCategory.IMMIGRATION: 3,
        ServiceCategory.SCHOOLING: 5,
        ServiceCategory.SPOUSE_EMPLOYMENT: 5,
        ServiceCategory.HEALTH_INSURANCE: 3,
        ServiceCategory.DRIVING_LICENCE: 3,
        ServiceCategory.TAX: 5,
        ServiceCategory.PERMANENT_RESIDENCE: 5,
        ServiceCategory.OTHER: 5,
    }
)


class Situation(models.TextChoices):
    """The person's situation in Korea, which decides what services and plan steps apply."""

    KTECH_PASS = "ktech_pass", _("K-Tech Pass holder")
    F2T = "f2t", _("F-2-T (Top-tier) visa holder")
    E7 = "e7", _("E-7 visa holder (KOTRA recommendation)")
    FAMILY = "family", _("Family member of a holder")


class PlanStepStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    NOT_RELEVANT = "not_relevant", _("Not relevant for me")


class RequestStatus(models.TextChoices):
    """Of a concierge request.

    ``waiting``: the center asked the person something; the service-level clock stops until they
    reply. ``resolved``: the center considers it done; the person may reply (it opens again) or
    rate it (it closes). ``closed`` and ``withdrawn`` are final.
    """

    NEW = "new", _("New")
    OPEN = "open", _("In progress")
    WAITING = "waiting", _("Waiting for your reply")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ACTIVE_STATUSES = frozenset({RequestStatus.NEW, RequestStatus.OPEN, RequestStatus.WAITING})
FINAL_STATUSES = frozenset({RequestStatus.CLOSED, RequestStatus.WITHDRAWN})


# The audit actions the concierge writes, in words (added to ``audit.actions.ACTION_LABELS`` at start-up).
ACTION_LABELS = {
    "concierge.service_created": _("Settlement service added"),
    "concierge.service_updated": _("Settlement service changed"),
    "concierge.sla_changed": _("Concierge service level changed"),
    "concierge.plan_created": _("Settlement plan started"),
    "concierge.plan_updated": _("Settlement plan changed"),
    "concierge.step_marked": _("Settlement plan step marked"),
    "concierge.request_created": _("Concierge request made"),
    "concierge.request_message": _("Message on a concierge request"),
    "concierge.request_note": _("Internal note on a concierge request"),
    "concierge.request_assigned": _("Concierge request assigned"),
    "concierge.request_moved": _("Concierge request status changed"),
    "concierge.request_rated": _("Concierge request rated"),
}

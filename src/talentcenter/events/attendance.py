"""Who attended an event: the one definition the certificates, "my events" and the funnel share.

A talent attended when their seat was confirmed and they were checked in at the door
(``checked_in_at``) or held at least one interview on the grid (a held
interview proves presence). :func:`attended` answers for one registration in Python;
:func:`attended_condition` is the same rule as a database filter, for the funnel and the bulk
issuance, which must not load every registration. Change both together.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from talentcenter.events.enums import InterviewStatus, RegistrationStatus
from talentcenter.events.models import Interview, TalentRegistration


def attended(registration: TalentRegistration) -> bool:
    """The talent of ``registration`` was at the event (one query when not checked in)."""
    if registration.status != RegistrationStatus.CONFIRMED:
        return False
    if registration.checked_in_at is not None:
        return True
    return Interview.objects.filter(registration=registration, status=InterviewStatus.HELD).exists()


def held_interviews() -> Exists:
    """Whether the outer registration held an interview (for ``filter``/``annotate``)."""
    return Exists(Interview.objects.filter(registration=OuterRef("pk"), status=InterviewStatus.HELD))


def attended_condition() -> Q:
    """:func:`attended` as a filter on registrations."""
    return Q(status=RegistrationStatus.CONFIRMED) & (Q(checked_in_at__isnull=False) | Q(held_interviews()))

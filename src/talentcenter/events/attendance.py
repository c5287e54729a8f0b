"""Who attended an event: the one definition the certificates, "my events" and the funnel share.

A talent attended when their seat was confirmed and they were checked in at the door
(``checked_in_at``) or held at least one interview on the grid (a held interview proves
presence). The rule is written once, as a database filter (:func:`attended_condition`), which the
funnel and the bulk issuance use; :func:`attended` and :func:`attended_among` ask it for one
registration or several.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from talentcenter.events.enums import InterviewStatus, RegistrationStatus
from talentcenter.events.models import Interview, TalentRegistration


def attended(registration: TalentRegistration) -> bool:
    """The talent of ``registration`` was at the event (:func:`attended_condition`, one query)."""
    return attended_among([registration.pk]) == {registration.pk}


def attended_among(registration_ids: list[int]) -> set[int]:
    """Which of the registrations attended, in one query."""
    return set(
        TalentRegistration.objects.filter(attended_condition(), pk__in=registration_ids).values_list("pk", flat=True)
    )


def held_interviews() -> Exists:
    """Whether the outer registration held an interview (for ``filter``/``annotate``)."""
    return Exists(Interview.objects.filter(registration=OuterRef("pk"), status=InterviewStatus.HELD))


def attended_condition() -> Q:
    """:func:`attended` as a filter on registrations."""
    return Q(status=RegistrationStatus.CONFIRMED) & (Q(checked_in_at__isnull=False) | Q(held_interviews()))

"""A talent's seat: register with the existing profile, cancel, confirm an offered place.

Each service locks the event row first (``places.lock_event``), so the capacity check, the arrival
number and the change happen as one step per event: 2,000 people registering at once for 500 seats
give exactly 500 confirmed and a waiting list in the order the registrations committed
(``bench/events_registration_rush.py``). The unique constraint ``talent_registration_once`` is the
last word on duplicates.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.accounts.policies import is_signed_in
from talentcenter.audit import events as audit
from talentcenter.events import notices, workflow
from talentcenter.events.enums import ACTIVE_STATUSES, EventStatus
from talentcenter.events.fit import fit_check
from talentcenter.events.models import Event, ScreeningQuestion, TalentRegistration
from talentcenter.events.policies import can_manage_events
from talentcenter.events.services.places import SEATS, confirm_offer, fill_free_places, lock_event, take_place
from talentcenter.events.services.schedules import interviews_remove_for
from talentcenter.talent.models import TalentProfile

ANSWER_MAX_LENGTH = 2000


def registrant_profile(actor: User) -> TalentProfile:
    """The actor's own talent profile; people without one cannot register (403)."""
    profile = TalentProfile.objects.filter(user_id=actor.pk).first() if is_signed_in(actor) else None
    if profile is None:
        raise PermissionDenied(_("Only talents with a profile can register. Create your talent profile first."))
    return profile


def registration_window_problem(event: Event, now: datetime.datetime) -> ValidationError | None:
    """Why the event takes no registration now, or None."""
    if event.status != EventStatus.PUBLISHED:
        return ValidationError(_("This event does not take registrations."), code="conflict")
    if now < event.registration_opens_at:
        opens = date_format(timezone.localtime(event.registration_opens_at), "DATETIME_FORMAT")
        return ValidationError(_("Registration opens on {date} (Korea time).").format(date=opens), code="conflict")
    if now >= event.registration_closes_at:
        return ValidationError(_("Registration for this event has closed."), code="conflict")
    return None


def clean_answers(questions: list[ScreeningQuestion], answers: Mapping[str, Any] | None) -> dict[str, str]:
    """The answers by question id, trimmed: every required question answered, no unknown question,
    each answer text of at most 2000 characters."""
    answers = dict(answers or {})
    known = {str(question.pk): question for question in questions}
    problems: list[str] = []
    unknown = sorted(key for key in map(str, answers) if key not in known)
    if unknown:
        problems.append(_("These are not questions of this event: {ids}.").format(ids=", ".join(unknown)))
    cleaned: dict[str, str] = {}
    for key, question in known.items():
        value = answers.get(key, answers.get(question.pk, ""))  # type: ignore[call-overload]
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems.append(_("Answer “{question}” in words.").format(question=question.text))
            continue
        value = value.strip()
        if len(value) > ANSWER_MAX_LENGTH:
            problems.append(
                _("Keep the answer to “{question}” to at most {limit} characters.").format(
                    question=question.text, limit=ANSWER_MAX_LENGTH
                )
            )
        elif question.required and not value:
            problems.append(_("Answer the question “{question}”.").format(question=question.text))
        elif value:
            cleaned[key] = value
    if problems:
        raise ValidationError({"screening_answers": problems})
    return cleaned


def _check_open(event: Event, now: datetime.datetime) -> None:
    problem = registration_window_problem(event, now)
    if problem is not None:
        raise problem
    if event.talent_capacity == 0:
        raise ValidationError(_("This event does not take registrations from talents."), code="conflict")


def _already_registered() -> ValidationError:
    return ValidationError(
        _("You are already registered for this event. Follow it under “My events”."), code="conflict"
    )


@transaction.atomic
def talent_register(
    *,
    actor: User,
    event: Event | int,
    screening_answers: Mapping[str, Any] | None = None,
    now: datetime.datetime | None = None,
) -> TalentRegistration:
    """The talent registers for a published event with their profile.

    Guards: the actor has a talent profile (403); the event is published and its registration
    window open, and it takes talents (409); the screening answers are complete (422); the talent
    is not registered already (409). A free seat confirms at once, else the talent joins the
    waiting list. The fit check against the target industries is recorded, never enforced."""
    now = now or timezone.now()
    profile = registrant_profile(actor)
    # What does not depend on the places left is read and checked before the lock, so that the
    # lock is held only for the count, the arrival number and the writes.
    event_id = event if isinstance(event, int) else event.pk
    current = Event.objects.filter(pk=event_id).first()
    if current is None:
        raise Http404
    _check_open(current, now)
    if TalentRegistration.objects.filter(event_id=event_id, profile_id=profile.pk, status__in=ACTIVE_STATUSES).exists():
        raise _already_registered()
    answers = clean_answers(list(current.screening_questions.all()), screening_answers)
    fit, fit_details = fit_check(profile=profile, targets=current.target_industries.all())
    locked = lock_event(event_id)
    _check_open(locked, now)
    existing = TalentRegistration.objects.filter(event_id=locked.pk, profile_id=profile.pk).first()
    if existing is not None and existing.status in ACTIVE_STATUSES:
        raise _already_registered()
    registration = existing or TalentRegistration(event=locked, profile=profile)
    registration.screening_answers = answers
    registration.fit = fit
    registration.fit_details = fit_details
    old = take_place(SEATS, locked, registration, returning=existing is not None, now=now, already=_already_registered)
    audit.record(
        actor=actor,
        action="events.registration_created",
        subject=registration,
        changes={
            "event": locked.pk,
            "profile": profile.pk,
            "status": [old, registration.status] if old else registration.status,
            "arrival": registration.arrival,
            "fit": fit,
            "answers": sorted(answers),
        },
    )
    notices.talent_registered(registration)
    return registration


def _lock_registration(registration: TalentRegistration | int) -> tuple[Event, TalentRegistration]:
    registration_id = registration if isinstance(registration, int) else registration.pk
    event_id = TalentRegistration.objects.filter(pk=registration_id).values_list("event_id", flat=True).first()
    if event_id is None:
        raise PermissionDenied
    event = lock_event(event_id)
    locked = (
        TalentRegistration.objects.select_for_update(of=("self",))
        .select_related("profile__user")
        .get(pk=registration_id)
    )
    locked.event = event
    return event, locked


@transaction.atomic
def registration_cancel(
    *,
    actor: User,
    registration: TalentRegistration | int,
    hours: int | None = None,
    now: datetime.datetime | None = None,
) -> TalentRegistration:
    """The talent (or center staff) cancels a registration; a freed seat is offered at once to the
    next person waiting, who has ``hours`` (default: the event's ``offer_hours``) to confirm."""
    now = now or timezone.now()
    event, locked = _lock_registration(registration)
    by_staff = not (is_signed_in(actor) and locked.profile.user_id == actor.pk)
    if by_staff and not can_manage_events(actor):
        raise PermissionDenied
    old, new = workflow.REGISTRATION_TRANSITIONS.move(locked, "cancel")
    locked.offer_expires_at = None
    locked.status_changed_at = now
    locked.save(update_fields=["status", "offer_expires_at", "status_changed_at"])
    # Its future interviews go in the same transaction; the other side is sent the cancellation.
    removed = interviews_remove_for(locked, now=now)
    audit.record(
        actor=actor,
        action="events.registration_cancelled",
        subject=locked,
        changes={"status": [old, new], "event": event.pk, "by_staff": by_staff, "interviews_removed": removed},
    )
    notices.registration_cancelled(locked, by_staff=by_staff)
    fill_free_places(SEATS, event, now=now, actor=actor, hours=hours, on_offer=notices.place_offered)
    return locked


@transaction.atomic
def registration_confirm(
    *, actor: User, registration: TalentRegistration | int, now: datetime.datetime | None = None
) -> TalentRegistration:
    """The talent confirms the seat offered from the waiting list, before its deadline."""
    now = now or timezone.now()
    event, locked = _lock_registration(registration)
    if not is_signed_in(actor) or locked.profile.user_id != actor.pk:
        raise PermissionDenied
    old, new = confirm_offer(
        locked,
        now=now,
        too_late=_("The time to confirm this place has passed; it goes to the next person on the waiting list."),
    )
    audit.record(
        actor=actor,
        action="events.registration_confirmed",
        subject=locked,
        changes={"status": [old, new], "event": event.pk},
    )
    notices.place_confirmed(locked)
    return locked

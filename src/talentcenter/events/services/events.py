"""Staff create, change, publish and cancel events, with their sessions and screening questions.

Publishing makes the page public and opens registration in its window. Cancelling tells everyone
still registered and cancels their registrations. Raising a capacity offers the new places to the
waiting list at once; lowering it below the places already held is refused (nobody is bumped).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.audit import events as audit
from talentcenter.events import notices, workflow
from talentcenter.events.enums import ACTIVE_STATUSES, EventStatus, RegistrationStatus
from talentcenter.events.models import Event, EventSession, ScreeningQuestion
from talentcenter.events.policies import can_manage_events
from talentcenter.events.services.places import BOOTHS, SEATS, fill_free_places, lock_event
from talentcenter.events.services.schedules import interviews_remove_for
from talentcenter.reference.models import Industry

EDITABLE_FIELDS = (
    "slug",
    "kind",
    "title_ko",
    "title_en",
    "summary_ko",
    "summary_en",
    "venue_name",
    "venue_address",
    "city",
    "country",
    "time_zone",
    "online_url",
    "starts_at",
    "ends_at",
    "talent_capacity",
    "company_capacity",
    "registration_opens_at",
    "registration_closes_at",
    "offer_hours",
)
DATETIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
SESSION_FIELDS = ("title_ko", "title_en", "starts_at", "ends_at", "room", "is_break")
QUESTION_FIELDS = ("text_ko", "text_en", "required")
MAX_SESSIONS = 200
MAX_QUESTIONS = 20
MAX_TARGET_INDUSTRIES = 40


def _require_staff(actor: User) -> None:
    if not can_manage_events(actor):
        raise PermissionDenied


def _aware(value: Any) -> bool:
    return isinstance(value, datetime.datetime) and timezone.is_aware(value)


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_event(event: Event, errors: dict[str, list[str]]) -> None:
    """What the database's check constraints say, as sentences for people."""
    for field in DATETIME_FIELDS:
        value = getattr(event, field)
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            _add(errors, field, _("Give the time with its offset or zone, e.g. 2026-09-01T09:00:00+09:00."))
    if errors:
        return
    if not event.title_ko.strip() and not event.title_en.strip():
        _add(errors, "title_en", _("Give a title in Korean or English."))
    if not event.venue_name.strip() and not event.online_url.strip():
        _add(errors, "venue_name", _("Give a venue, or an online link for an online event."))
    if event.venue_name.strip() and not event.city.strip():
        _add(errors, "city", _("Give the city of the venue."))
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        _add(errors, "ends_at", _("The event must end after it starts."))
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens and closes and closes <= opens:
        _add(errors, "registration_closes_at", _("Registration must close after it opens."))
    if closes and event.ends_at and closes > event.ends_at:
        _add(errors, "registration_closes_at", _("Registration must close by the end of the event."))


def _assign(event: Event, fields: Mapping[str, Any], errors: dict[str, list[str]]) -> set[str]:
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: {fields}.").format(fields=", ".join(unknown)))
    changed = set()
    for field, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if getattr(event, field) != value:
            changed.add(field)
        setattr(event, field, value)
    try:
        event.full_clean(exclude=["created_by"], validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                _add(errors, field, message)
    _check_event(event, errors)
    return changed


def _clean_sessions(
    event: Event, sessions: Sequence[Mapping[str, Any]], errors: dict[str, list[str]]
) -> list[EventSession]:
    if len(sessions) > MAX_SESSIONS:
        _add(errors, "sessions", _("Give at most {maximum} sessions.").format(maximum=MAX_SESSIONS))
        return []
    cleaned = []
    for number, values in enumerate(sessions, start=1):
        unknown = sorted(set(values) - set(SESSION_FIELDS))
        session = EventSession(event=event, **{key: values[key] for key in SESSION_FIELDS if key in values})
        problems = [_("Unknown fields: {fields}.").format(fields=", ".join(unknown))] if unknown else []
        try:
            session.full_clean(exclude=["event"], validate_constraints=False)
        except ValidationError as error:
            problems += [message for messages in error.message_dict.values() for message in messages]
        if not problems:
            if timezone.is_naive(session.starts_at) or timezone.is_naive(session.ends_at):
                problems.append(_("Give the time with its offset or zone, e.g. 2026-09-01T09:00:00+09:00."))
            elif not (session.title_ko.strip() or session.title_en.strip()):
                problems.append(_("Give a title in Korean or English."))
            elif session.ends_at <= session.starts_at:
                problems.append(_("A session must end after it starts."))
            elif (
                _aware(event.starts_at)
                and _aware(event.ends_at)
                and (session.starts_at < event.starts_at or session.ends_at > event.ends_at)
            ):
                problems.append(_("A session must lie within the event's start and end."))
        for problem in problems:
            _add(errors, "sessions", _("Session {number}: {problem}").format(number=number, problem=problem))
        cleaned.append(session)
    return cleaned


def _clean_questions(
    event: Event, questions: Sequence[Mapping[str, Any]], errors: dict[str, list[str]]
) -> list[ScreeningQuestion]:
    if len(questions) > MAX_QUESTIONS:
        _add(errors, "screening_questions", _("Give at most {maximum} questions.").format(maximum=MAX_QUESTIONS))
        return []
    cleaned = []
    for number, values in enumerate(questions, start=1):
        unknown = sorted(set(values) - set(QUESTION_FIELDS))
        question = ScreeningQuestion(
            event=event, position=number, **{key: values[key] for key in QUESTION_FIELDS if key in values}
        )
        problems = [_("Unknown fields: {fields}.").format(fields=", ".join(unknown))] if unknown else []
        try:
            question.full_clean(exclude=["event"], validate_constraints=False)
        except ValidationError as error:
            problems += [message for messages in error.message_dict.values() for message in messages]
        if not problems and not (question.text_ko.strip() or question.text_en.strip()):
            problems.append(_("Give the question in Korean or English."))
        for problem in problems:
            _add(
                errors, "screening_questions", _("Question {number}: {problem}").format(number=number, problem=problem)
            )
        cleaned.append(question)
    return cleaned


def _clean_industries(ids: Iterable[int], errors: dict[str, list[str]]) -> list[Industry]:
    wanted = list(dict.fromkeys(ids))
    if len(wanted) > MAX_TARGET_INDUSTRIES:
        _add(errors, "target_industries", _("Name at most {maximum} industries.").format(maximum=MAX_TARGET_INDUSTRIES))
        return []
    found = {industry.pk: industry for industry in Industry.objects.filter(pk__in=wanted)}
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        _add(errors, "target_industries", _("Unknown industries: {ids}.").format(ids=", ".join(missing)))
    return [found[pk] for pk in wanted if pk in found]


def _snapshot(event: Event) -> dict[str, Any]:
    return {
        **audit.snapshot(event, [*EDITABLE_FIELDS, "status"]),
        "target_industries": sorted(event.target_industries.values_list("pk", flat=True)),
        "sessions": [
            [session.title_en or session.title_ko, session.starts_at, session.ends_at, session.is_break]
            for session in event.sessions.all()
        ],
        "screening_questions": [question.text_en or question.text_ko for question in event.screening_questions.all()],
    }


@transaction.atomic
def event_create(
    *,
    actor: User,
    sessions: Sequence[Mapping[str, Any]] = (),
    screening_questions: Sequence[Mapping[str, Any]] = (),
    target_industries: Iterable[int] = (),
    **fields: Any,
) -> Event:
    """A draft event (center staff only). ``target_industries`` are ids of reference industries."""
    _require_staff(actor)
    errors: dict[str, list[str]] = {}
    event = Event(created_by=actor, status=EventStatus.DRAFT)
    _assign(event, fields, errors)
    industries = _clean_industries(target_industries, errors)
    session_rows = _clean_sessions(event, sessions, errors)
    question_rows = _clean_questions(event, screening_questions, errors)
    if errors:
        raise ValidationError(errors)
    event.save()
    event.target_industries.set(industries)
    for row in session_rows:
        row.event = event
    EventSession.objects.bulk_create(session_rows)
    for question in question_rows:
        question.event = event
    ScreeningQuestion.objects.bulk_create(question_rows)
    audit.record(actor=actor, action="events.event_created", subject=event, changes=_snapshot(event))
    return event


@transaction.atomic
def event_update(
    *,
    actor: User,
    event: Event | int,
    sessions: Sequence[Mapping[str, Any]] | None = None,
    screening_questions: Sequence[Mapping[str, Any]] | None = None,
    target_industries: Iterable[int] | None = None,
    now: datetime.datetime | None = None,
    **fields: Any,
) -> Event:
    """Change an event that is not cancelled. ``sessions`` and ``screening_questions``, when given,
    replace the old ones (questions only while nobody has registered). A capacity may not go below
    the places already held; a raised one is offered to the waiting list at once."""
    now = now or timezone.now()
    _require_staff(actor)
    locked = lock_event(event)
    if locked.status == EventStatus.CANCELLED:
        raise workflow.EVENT_TRANSITIONS.not_allowed(locked, "update")
    before = _snapshot(locked)
    errors: dict[str, list[str]] = {}
    _assign(locked, fields, errors)
    for queue, field in ((SEATS, "talent_capacity"), (BOOTHS, "company_capacity")):
        held = queue.held(locked)
        if field in fields and field not in errors and queue.capacity(locked) < held:
            _add(
                errors,
                field,
                _("{count} places are already taken; the capacity cannot go below that.").format(count=held),
            )
    industries = _clean_industries(target_industries, errors) if target_industries is not None else None
    session_rows = _clean_sessions(locked, sessions, errors) if sessions is not None else None
    question_rows = None
    if screening_questions is not None:
        if locked.talent_registrations.exists():
            _add(
                errors, "screening_questions", _("People have registered already; the questions can no longer change.")
            )
        else:
            question_rows = _clean_questions(locked, screening_questions, errors)
    if errors:
        raise ValidationError(errors)
    locked.calendar_sequence += 1
    locked.save()
    if industries is not None:
        locked.target_industries.set(industries)
    if session_rows is not None:
        locked.sessions.all().delete()
        EventSession.objects.bulk_create(session_rows)
    if question_rows is not None:
        locked.screening_questions.all().delete()
        ScreeningQuestion.objects.bulk_create(question_rows)
    changes = audit.diff(before=before, after=_snapshot(locked))
    if changes:
        audit.record(actor=actor, action="events.event_updated", subject=locked, changes=changes)
    fill_free_places(SEATS, locked, now=now, actor=actor, on_offer=notices.place_offered)
    fill_free_places(BOOTHS, locked, now=now, actor=actor, on_offer=notices.place_offered)
    return locked


@transaction.atomic
def event_publish(*, actor: User, event: Event | int, now: datetime.datetime | None = None) -> Event:
    """Make a draft public; it takes registrations within its window."""
    now = now or timezone.now()
    _require_staff(actor)
    locked = lock_event(event)
    workflow.EVENT_TRANSITIONS.target_of(locked, "publish")
    errors: dict[str, list[str]] = {}
    _check_event(locked, errors)
    if locked.ends_at <= now:
        _add(errors, "ends_at", _("This event is over; it cannot be published."))
    if errors:
        raise ValidationError(errors)
    old, new = workflow.EVENT_TRANSITIONS.move(locked, "publish")
    locked.published_at = now
    locked.calendar_sequence += 1
    locked.save(update_fields=["status", "published_at", "calendar_sequence", "updated_at"])
    audit.record(actor=actor, action="events.event_published", subject=locked, changes={"status": [old, new]})
    return locked


@transaction.atomic
def event_cancel(*, actor: User, event: Event | int, reason: str, now: datetime.datetime | None = None) -> Event:
    """Cancel an event: every registration and booth still alive is cancelled and its people told."""
    now = now or timezone.now()
    _require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the event is cancelled; the people registered will read it.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Keep the reason to at most 2000 characters.")})
    locked = lock_event(event)
    if locked.ends_at <= now:
        raise ValidationError(_("An event that has ended cannot be cancelled."), code="conflict")
    old, new = workflow.EVENT_TRANSITIONS.move(locked, "cancel")
    locked.cancelled_at = now
    locked.cancel_reason = reason
    locked.calendar_sequence += 1
    locked.save(update_fields=["status", "cancelled_at", "cancel_reason", "calendar_sequence", "updated_at"])
    alive: list[Any] = []
    for queue in (SEATS, BOOTHS):
        rows = list(
            queue.of_event(locked)
            .select_for_update(of=("self",))
            .filter(status__in=ACTIVE_STATUSES)
            .order_by("arrival")
        )
        queue.of_event(locked).filter(pk__in=[row.pk for row in rows]).update(
            status=RegistrationStatus.CANCELLED, offer_expires_at=None, status_changed_at=now
        )
        alive += rows
    # Its future interviews go with it; whoever was sent a schedule is sent the cancellations.
    removed = interviews_remove_for(locked, now=now)
    audit.record(
        actor=actor,
        action="events.event_cancelled",
        subject=locked,
        changes={"status": [old, new], "registrations_cancelled": len(alive), "interviews_removed": removed},
        reason=reason,
    )
    for row in alive:
        row.event = locked
    notices.event_cancelled(locked, alive)
    return locked

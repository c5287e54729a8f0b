"""A company's booth: register with the openings it recruits for and the number of interviewers
per slot, change them, cancel, confirm an offered booth. Booths have their own capacity and the
same waiting list as talents' seats (``places``), under the same event lock."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.audit import events as audit
from talentcenter.events import notices, workflow
from talentcenter.events.enums import ACTIVE_STATUSES
from talentcenter.events.models import BoothRegistration, Event
from talentcenter.events.policies import can_act_for_company, can_manage_events
from talentcenter.events.services.places import BOOTHS, confirm_offer, fill_free_places, lock_event, take_place
from talentcenter.events.services.registrations import registration_window_problem
from talentcenter.events.services.schedules import interviews_remove_for
from talentcenter.jobs.enums import OpeningStatus
from talentcenter.jobs.models import Opening
from talentcenter.organizations.models import Company

MAX_INTERVIEWERS = 20
MAX_OPENINGS = 50


def clean_openings(company: Company, opening_ids: Iterable[int]) -> list[Opening]:
    """The company's own openings (not closed) among ``opening_ids``; any other id is refused."""
    wanted = list(dict.fromkeys(opening_ids))
    if len(wanted) > MAX_OPENINGS:
        raise ValidationError({"opening_ids": _("Name at most {maximum} openings.").format(maximum=MAX_OPENINGS)})
    found = {
        opening.pk: opening
        for opening in Opening.objects.filter(pk__in=wanted, company_id=company.pk).exclude(status=OpeningStatus.CLOSED)
    }
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        raise ValidationError(
            {
                "opening_ids": _("These are not open openings of {company}: {ids}.").format(
                    company=company.name, ids=", ".join(missing)
                )
            }
        )
    return [found[pk] for pk in wanted]


def clean_interviewers(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_INTERVIEWERS:
        raise ValidationError(
            {"interviewers_per_slot": _("Give between 1 and {maximum} interviewers.").format(maximum=MAX_INTERVIEWERS)}
        )
    return value


def _already_registered() -> ValidationError:
    return ValidationError(_("Your company already has a booth at this event."), code="conflict")


def _require_company_actor(actor: User, company_id: int) -> None:
    if not can_act_for_company(actor, company_id):
        raise PermissionDenied


@transaction.atomic
def booth_register(
    *,
    actor: User,
    event: Event | int,
    company: Company,
    opening_ids: Iterable[int] = (),
    interviewers_per_slot: int = 1,
    now: datetime.datetime | None = None,
) -> BoothRegistration:
    """A member of a verified company registers its booth (403 otherwise): the event is published,
    its registration window open and it takes companies (409); the openings are the company's own
    and not closed, 1 to 20 interviewers per slot (422); one booth per company (409)."""
    now = now or timezone.now()
    _require_company_actor(actor, company.pk)
    interviewers_per_slot = clean_interviewers(interviewers_per_slot)
    openings = clean_openings(company, opening_ids)
    locked = lock_event(event)
    problem = registration_window_problem(locked, now)
    if problem is not None:
        raise problem
    if locked.company_capacity == 0:
        raise ValidationError(_("This event does not take booths."), code="conflict")
    existing = BoothRegistration.objects.filter(event_id=locked.pk, company_id=company.pk).first()
    if existing is not None and existing.status in ACTIVE_STATUSES:
        raise _already_registered()
    booth = existing or BoothRegistration(event=locked, company=company)
    booth.registered_by = actor
    booth.interviewers_per_slot = interviewers_per_slot
    old = take_place(BOOTHS, locked, booth, returning=existing is not None, now=now, already=_already_registered)
    booth.openings.set(openings)
    audit.record(
        actor=actor,
        action="events.booth_created",
        subject=booth,
        changes={
            "event": locked.pk,
            "company": company.pk,
            "status": [old, booth.status] if old else booth.status,
            "arrival": booth.arrival,
            "openings": [opening.pk for opening in openings],
            "interviewers_per_slot": interviewers_per_slot,
        },
    )
    notices.booth_registered(booth, skip=None)
    return booth


def _lock_booth(booth: BoothRegistration | int) -> tuple[Event, BoothRegistration]:
    booth_id = booth if isinstance(booth, int) else booth.pk
    event_id = BoothRegistration.objects.filter(pk=booth_id).values_list("event_id", flat=True).first()
    if event_id is None:
        raise PermissionDenied
    event = lock_event(event_id)
    locked = BoothRegistration.objects.select_for_update(of=("self",)).select_related("company").get(pk=booth_id)
    locked.event = event
    return event, locked


@transaction.atomic
def booth_update(
    *,
    actor: User,
    booth: BoothRegistration | int,
    opening_ids: Iterable[int] | None = None,
    interviewers_per_slot: int | None = None,
) -> BoothRegistration:
    """Change the openings or the interviewers of a booth still registered (not cancelled or lapsed)."""
    event, locked = _lock_booth(booth)
    _require_company_actor(actor, locked.company_id)
    if locked.status not in ACTIVE_STATUSES:
        raise workflow.REGISTRATION_TRANSITIONS.not_allowed(locked, "update")
    before = {
        "openings": sorted(locked.openings.values_list("pk", flat=True)),
        "interviewers_per_slot": locked.interviewers_per_slot,
    }
    if interviewers_per_slot is not None:
        locked.interviewers_per_slot = clean_interviewers(interviewers_per_slot)
        locked.save(update_fields=["interviewers_per_slot"])
    if opening_ids is not None:
        locked.openings.set(clean_openings(locked.company, opening_ids))
    after = {
        "openings": sorted(locked.openings.values_list("pk", flat=True)),
        "interviewers_per_slot": locked.interviewers_per_slot,
    }
    changes = audit.diff(before=before, after=after)
    if changes:
        audit.record(actor=actor, action="events.booth_updated", subject=locked, changes={**changes, "event": event.pk})
    return locked


@transaction.atomic
def booth_cancel(
    *, actor: User, booth: BoothRegistration | int, hours: int | None = None, now: datetime.datetime | None = None
) -> BoothRegistration:
    """The company (or center staff) cancels a booth; a freed booth is offered to the next company waiting."""
    now = now or timezone.now()
    event, locked = _lock_booth(booth)
    by_staff = not can_act_for_company(actor, locked.company_id)
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
        action="events.booth_cancelled",
        subject=locked,
        changes={
            "status": [old, new],
            "event": event.pk,
            "company": locked.company_id,
            "by_staff": by_staff,
            "interviews_removed": removed,
        },
    )
    notices.registration_cancelled(locked, by_staff=by_staff)
    fill_free_places(BOOTHS, event, now=now, actor=actor, hours=hours, on_offer=notices.place_offered)
    return locked


@transaction.atomic
def booth_confirm(
    *, actor: User, booth: BoothRegistration | int, now: datetime.datetime | None = None
) -> BoothRegistration:
    """A member of the company confirms the booth offered from the waiting list, before its deadline."""
    now = now or timezone.now()
    event, locked = _lock_booth(booth)
    _require_company_actor(actor, locked.company_id)
    old, new = confirm_offer(
        locked,
        now=now,
        too_late=_("The time to confirm this booth has passed; it goes to the next company on the waiting list."),
    )
    audit.record(
        actor=actor,
        action="events.booth_confirmed",
        subject=locked,
        changes={"status": [old, new], "event": event.pk, "company": locked.company_id},
    )
    notices.place_confirmed(locked)
    return locked

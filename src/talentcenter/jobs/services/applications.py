"""The talent's side of an application: apply with the profile in one step, withdraw.

Applying shares the talent's profile with the opening's company; that sharing is recorded in the
audit trail (``jobs.profile_shared``, with the profile and the company) next to the application's
own event, and the apply page says so before the button.

Two submits of the same talent for the same opening at once give one application: the opening's
row is locked while the guards run, and the unique constraint (``job_application_once``) is the
last word; its ``IntegrityError`` answers with the same sentence as the check before it.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.accounts.policies import is_signed_in
from talentcenter.audit import events
from talentcenter.jobs import workflow
from talentcenter.jobs.enums import OpeningStatus
from talentcenter.jobs.models import JobApplication, Opening
from talentcenter.jobs.notices import applications as notices
from talentcenter.talent.models import TalentProfile
from talentcenter.talent.services import profile_missing_parts

COVER_NOTE_MAX_LENGTH = 3000


def seoul_today() -> date:
    """Closing dates are Korean calendar days (TIME_ZONE is Asia/Seoul)."""
    return timezone.localdate()


def applicant_profile(actor: User) -> TalentProfile:
    """The actor's own talent profile; people without one cannot apply (403)."""
    profile = TalentProfile.objects.filter(user_id=actor.pk).first() if is_signed_in(actor) else None
    if profile is None:
        raise PermissionDenied(_("Only talents with a profile can apply. Create your talent profile first."))
    return profile


def opening_accepts_applications(opening: Opening, *, today: date | None = None) -> bool:
    today = today or seoul_today()
    return opening.status == OpeningStatus.PUBLISHED and (opening.closing_date is None or opening.closing_date >= today)


def _already_applied() -> ValidationError:
    return ValidationError(
        _("You have already applied to this opening. Follow it under “My applications”."), code="conflict"
    )


def _not_open() -> ValidationError:
    return ValidationError(_("This opening no longer accepts applications."), code="conflict")


def clean_cover_note(cover_note: str) -> str:
    cover_note = (cover_note or "").strip()
    if len(cover_note) > COVER_NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "cover_note": _("Keep the note to at most {limit} characters (it has {count}).").format(
                    limit=COVER_NOTE_MAX_LENGTH, count=len(cover_note)
                )
            }
        )
    return cover_note


@transaction.atomic
def application_submit(*, actor: User, opening: Opening | int, cover_note: str = "") -> JobApplication:
    """The talent applies to a published opening with their profile and an optional note.

    Guards: the actor has a talent profile (403); the opening is published and its closing date
    has not passed, the profile is complete, the note is at most 3000 characters (422); the talent
    has not applied already (409). The company's members are told in the app and by e-mail."""
    profile = applicant_profile(actor)
    cover_note = clean_cover_note(cover_note)
    opening_id = opening if isinstance(opening, int) else opening.pk
    locked = Opening.objects.select_for_update(of=("self",)).select_related("company").filter(pk=opening_id).first()
    if locked is None:
        raise _not_open()
    if not opening_accepts_applications(locked):
        raise _not_open()
    missing = profile_missing_parts(profile)
    if missing:
        raise ValidationError([_("Complete your profile before applying. Still missing:"), *missing])
    if JobApplication.objects.filter(opening_id=locked.pk, profile_id=profile.pk).exists():
        raise _already_applied()
    try:
        with transaction.atomic():
            application = JobApplication.objects.create(opening=locked, profile=profile, cover_note=cover_note)
    except IntegrityError:
        raise _already_applied() from None
    application.opening = locked
    events.record(
        actor=actor,
        action="jobs.application_submitted",
        subject=application,
        changes={
            "opening": locked.pk,
            "company": locked.company_id,
            "profile": profile.pk,
            "stage": application.stage,
            "cover_note_length": len(cover_note),
        },
    )
    events.record(
        actor=actor,
        action="jobs.profile_shared",
        subject=profile,
        changes={
            "company": locked.company_id,
            "opening": locked.pk,
            "application": application.pk,
            "via": "application",
        },
    )
    notices.application_submitted(application)
    return application


@transaction.atomic
def application_withdraw(*, actor: User, application: JobApplication | int) -> JobApplication:
    """The talent withdraws their own application while it is still open (``withdraw`` in
    ``APPLICATION_TRANSITIONS``); anything else is :class:`TransitionNotAllowed` (409)."""
    application_id = application if isinstance(application, int) else application.pk
    locked = (
        JobApplication.objects.select_for_update(of=("self",))
        .select_related("opening__company", "profile")
        .filter(pk=application_id)
        .first()
    )
    if locked is None or not is_signed_in(actor) or locked.profile.user_id != actor.pk:
        raise PermissionDenied
    old, new = workflow.APPLICATION_TRANSITIONS.move(locked, "withdraw")
    locked.stage_changed_at = timezone.now()
    locked.save(update_fields=["stage", "stage_changed_at"])
    events.record(
        actor=actor,
        action="jobs.application_withdrawn",
        subject=locked,
        changes={"stage": [old, new], "opening": locked.opening_id, "company": locked.opening.company_id},
    )
    notices.application_withdrawn(locked)
    return locked

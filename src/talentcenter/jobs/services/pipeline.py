"""The company's side of the applicants: move them between stages, write notes, and invite ranked
candidates to apply.

Moves go through ``APPLICATION_TRANSITIONS`` on the locked application row: two recruiters moving
the same applicant at once are serialised by the lock, and the second finds the stage changed and
gets :class:`~talentcenter.foundation.workflow.TransitionNotAllowed` (409). ``withdraw`` is the talent's
(``services.applications``). Every change is audited; the talent is told of each new stage.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.audit import events
from talentcenter.audit.models import AuditEvent
from talentcenter.foundation.workflow import Transition
from talentcenter.jobs import policies, queries, workflow
from talentcenter.jobs.enums import ApplicationStage
from talentcenter.jobs.models import ApplicationNote, JobApplication, Opening
from talentcenter.jobs.notices import openings as notices
from talentcenter.matching.models import ProfileVector
from talentcenter.talent.models import TalentProfile

TALENT_ONLY_TRANSITIONS = frozenset({"withdraw"})
COMPANY_TRANSITIONS = tuple(name for name in workflow.APPLICATION_TRANSITIONS if name not in TALENT_ONLY_TRANSITIONS)
MAX_REASON = 2000
MAX_NOTE = 3000
MAX_INVITATION_MESSAGE = 1000
INVITE_ACTION = "jobs.candidate_invited"


def lock_application(application: JobApplication | int) -> JobApplication:
    application_id = application if isinstance(application, int) else application.pk
    return (
        JobApplication.objects.select_for_update(of=("self",))
        .select_related("opening__company", "profile__user")
        .get(pk=application_id)
    )


def _require_company_actor(actor: User, company_id: int) -> None:
    if not policies.can_act_for_company(actor, company_id):
        raise PermissionDenied(_("Only members of a verified company can manage its applicants."))


def company_transitions(stage: str) -> list[Transition]:
    """The moves a company may offer from ``stage`` (the talent's withdrawal excluded)."""
    return [
        transition
        for transition in workflow.APPLICATION_TRANSITIONS.allowed(stage)
        if transition.name not in TALENT_ONLY_TRANSITIONS
    ]


@transaction.atomic
def application_move(*, actor: User, application: JobApplication, transition: str, reason: str = "") -> JobApplication:
    """Move an applicant by ``transition`` (rejecting needs a reason, which the talent does not see)."""
    application = lock_application(application)
    _require_company_actor(actor, application.opening.company_id)
    if transition in TALENT_ONLY_TRANSITIONS:
        raise PermissionDenied(_("Only the talent can withdraw their application."))
    if transition not in workflow.APPLICATION_TRANSITIONS:
        raise ValidationError({"transition": _("Choose one of the moves offered.")})
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": _("Use at most {limit} characters.").format(limit=MAX_REASON)})
    old, new = workflow.APPLICATION_TRANSITIONS.move(application, transition)
    if new == ApplicationStage.REJECTED:
        if not reason:
            raise ValidationError({"reason": _("Say why the applicant is not selected (the talent does not see it).")})
        application.rejection_reason = reason
    elif old == ApplicationStage.REJECTED:
        application.rejection_reason = ""
    application.stage_changed_at = timezone.now()
    application.save(update_fields=["stage", "rejection_reason", "stage_changed_at"])
    events.record(
        actor=actor,
        action=f"jobs.application_{transition}",
        subject=application,
        changes={"stage": [old, new], "opening_id": application.opening_id},
        reason=reason,
    )
    notices.application_stage_changed(application)
    return application


@transaction.atomic
def application_note_add(*, actor: User, application: JobApplication, body: str) -> ApplicationNote:
    """A note on an applicant, seen only by the company's members."""
    application = lock_application(application)
    _require_company_actor(actor, application.opening.company_id)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the note.")})
    if len(body) > MAX_NOTE:
        raise ValidationError({"body": _("Use at most {limit} characters.").format(limit=MAX_NOTE)})
    note = ApplicationNote.objects.create(application=application, author=actor, body=body)
    events.record(
        actor=actor,
        action="jobs.application_note_added",
        subject=application,
        changes={"note_id": note.pk, "length": len(body)},
    )
    return note


def was_invited(*, opening_id: int, profile_id: int) -> bool:
    """Whether the opening's company already invited this profile (from the audit trail)."""
    return AuditEvent.objects.filter(
        action=INVITE_ACTION,
        subject_type=Opening._meta.label_lower,
        subject_id=str(opening_id),
        changes__profile_id=profile_id,
    ).exists()


def invited_profile_ids(*, opening_id: int) -> set[int]:
    """Every profile the opening's company invited (one query)."""
    return {
        int(value)
        for value in AuditEvent.objects.filter(
            action=INVITE_ACTION, subject_type=Opening._meta.label_lower, subject_id=str(opening_id)
        ).values_list("changes__profile_id", flat=True)
        if value is not None
    }


@transaction.atomic
def candidate_invite(*, actor: User, opening: Opening, profile_id: int, message: str = "") -> None:
    """Invite a ranked (discoverable) candidate to apply to an open opening: a notice and an e-mail
    with the opening's link. Once per opening and profile; the company learns nothing about the
    talent until they apply."""
    opening = Opening.objects.select_for_update(of=("self",)).select_related("company").get(pk=opening.pk)
    _require_company_actor(actor, opening.company_id)
    message = (message or "").strip()
    if len(message) > MAX_INVITATION_MESSAGE:
        raise ValidationError({"message": _("Use at most {limit} characters.").format(limit=MAX_INVITATION_MESSAGE)})
    if not queries.is_open(opening):
        raise ValidationError(_("Only a published opening that is still open can invite candidates."), code="conflict")
    # A profile that is not discoverable is as good as missing for a company (404).
    if not ProfileVector.objects.filter(profile_id=profile_id, discoverable=True).exists():
        raise TalentProfile.DoesNotExist
    profile = TalentProfile.objects.select_related("user").filter(pk=profile_id).first()
    if profile is None or profile.user is None or not profile.user.is_active:
        raise TalentProfile.DoesNotExist
    if JobApplication.objects.filter(opening=opening, profile_id=profile_id).exists():
        raise ValidationError(_("This candidate has already applied to the opening."), code="conflict")
    if was_invited(opening_id=opening.pk, profile_id=profile_id):
        raise ValidationError(_("This candidate has already been invited to apply."), code="conflict")
    events.record(
        actor=actor,
        action=INVITE_ACTION,
        subject=opening,
        changes={"profile_id": profile_id, "with_message": bool(message)},
    )
    notices.candidate_invited(opening, profile, message)

"""The company's pipeline: moves (every refused one), notes, notices to the talent, and invitations
of ranked candidates to apply."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from talentcenter.audit.models import AuditEvent
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.jobs import workflow
from talentcenter.jobs.enums import ApplicationStage, CloseReason
from talentcenter.jobs.models import ApplicationNote, JobApplication
from talentcenter.jobs.services import openings as opening_services
from talentcenter.jobs.services import pipeline
from talentcenter.jobs.tests.test_openings_support import (
    application,
    discoverable_profile,
    draft,
    people,
    published,
)
from talentcenter.notifications.models import Notification, OutboundEmail
from talentcenter.talent.models import TalentProfile
from tests.factories import TalentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

COMPANY_MOVES = [name for name in workflow.APPLICATION_TRANSITIONS if name != "withdraw"]


def stage_of(item: JobApplication) -> str:
    return JobApplication.objects.values_list("stage", flat=True).get(pk=item.pk)


def app_events(item: JobApplication) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_type="jobs.jobapplication", subject_id=str(item.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_a_member_moves_an_applicant_through_the_stages_and_the_talent_is_told():
    given = people()
    opening = published(given.member, given.company)
    talent = TalentProfileFactory(user=UserFactory(preferred_language="ko"))
    item = application(opening, talent)

    for transition in ("screen", "invite_to_interview", "make_offer", "hire"):
        pipeline.application_move(actor=given.member, application=item, transition=transition)

    assert stage_of(item) == ApplicationStage.HIRED
    assert app_events(item) == [
        "jobs.application_screen",
        "jobs.application_invite_to_interview",
        "jobs.application_make_offer",
        "jobs.application_hire",
    ]
    event = AuditEvent.objects.get(action="jobs.application_hire", subject_id=str(item.pk))
    assert event.changes["stage"] == ["offer", "hired"] and event.actor == given.member
    notices = Notification.objects.filter(recipient=talent.user, kind="jobs.application_stage").order_by("id")
    assert notices.count() == 4
    assert notices.last().link == f"/jobs/{opening.pk}/"
    assert notices.last().title_ko and notices.last().title_en
    emails = OutboundEmail.objects.filter(to=talent.user.email)
    assert emails.count() == 4
    assert set(emails.values_list("language", flat=True)) == {"ko"}


def _at(stage: str, given: Any) -> JobApplication:
    opening = published(given.member, given.company)
    return application(opening, stage=stage, rejection_reason="earlier" if stage == ApplicationStage.REJECTED else "")


REFUSED = [
    (stage, name)
    for stage in ApplicationStage.values
    for name in COMPANY_MOVES
    if stage not in workflow.APPLICATION_TRANSITIONS[name].sources
]


@pytest.mark.parametrize(("stage", "transition"), REFUSED)
def test_every_move_the_map_does_not_allow_is_refused_and_changes_nothing(stage: str, transition: str):
    given = people()
    item = _at(stage, given)

    with pytest.raises(TransitionNotAllowed):
        pipeline.application_move(actor=given.member, application=item, transition=transition, reason="why")

    assert stage_of(item) == stage
    assert app_events(item) == []
    assert not Notification.objects.filter(kind="jobs.application_stage").exists()


def test_withdrawing_is_the_talents_move_not_the_companys():
    given = people()
    item = _at(ApplicationStage.NEW, given)

    with pytest.raises(PermissionDenied):
        pipeline.application_move(actor=given.member, application=item, transition="withdraw")
    assert stage_of(item) == ApplicationStage.NEW


def test_an_unknown_move_is_refused():
    given = people()
    item = _at(ApplicationStage.NEW, given)

    with pytest.raises(ValidationError) as raised:
        pipeline.application_move(actor=given.member, application=item, transition="promote")
    assert "transition" in raised.value.message_dict


def test_rejecting_needs_a_reason_and_reconsidering_clears_it():
    given = people()
    item = _at(ApplicationStage.SCREENING, given)

    with pytest.raises(ValidationError) as raised:
        pipeline.application_move(actor=given.member, application=item, transition="reject", reason="  ")
    assert "reason" in raised.value.message_dict
    assert stage_of(item) == ApplicationStage.SCREENING

    pipeline.application_move(actor=given.member, application=item, transition="reject", reason="Too junior")
    item.refresh_from_db()
    assert item.stage == ApplicationStage.REJECTED and item.rejection_reason == "Too junior"
    assert AuditEvent.objects.get(action="jobs.application_reject").reason == "Too junior"
    notice = Notification.objects.filter(kind="jobs.application_stage").last()
    assert notice is not None and "Too junior" not in notice.body_en

    pipeline.application_move(actor=given.member, application=item, transition="reconsider")
    item.refresh_from_db()
    assert item.stage == ApplicationStage.SCREENING and item.rejection_reason == ""


@pytest.mark.parametrize("who", ["talent", "other_member", "unverified_member", "staff"])
def test_outsiders_cannot_move_or_annotate_an_applicant(who: str):
    given = people()
    item = _at(ApplicationStage.NEW, given)
    actor = getattr(given, who)

    with pytest.raises(PermissionDenied):
        pipeline.application_move(actor=actor, application=item, transition="screen")
    with pytest.raises(PermissionDenied):
        pipeline.application_note_add(actor=actor, application=item, body="Looks good")

    assert stage_of(item) == ApplicationStage.NEW
    assert not ApplicationNote.objects.exists()
    assert app_events(item) == []


def test_notes_are_kept_and_audited_without_their_text():
    given = people()
    item = _at(ApplicationStage.NEW, given)

    note = pipeline.application_note_add(actor=given.member, application=item, body="  Strong PyTorch portfolio  ")

    assert note.body == "Strong PyTorch portfolio" and note.author == given.member
    event = AuditEvent.objects.get(action="jobs.application_note_added")
    assert event.changes == {"note_id": note.pk, "length": len("Strong PyTorch portfolio")}
    assert not Notification.objects.exists()
    with pytest.raises(ValidationError):
        pipeline.application_note_add(actor=given.member, application=item, body="   ")
    with pytest.raises(ValidationError):
        pipeline.application_note_add(actor=given.member, application=item, body="x" * 3001)


# --- Inviting ranked candidates ---------------------------------------------------------------
def test_a_discoverable_candidate_is_invited_once_with_a_notice_and_an_email():
    given = people()
    opening = published(given.member, given.company)
    profile = discoverable_profile()

    pipeline.candidate_invite(actor=given.member, opening=opening, profile_id=profile.pk, message="We like your work")

    notice = Notification.objects.get(recipient=profile.user, kind="jobs.candidate_invited")
    assert notice.link == f"/jobs/{opening.pk}/" and "We like your work" in notice.body_en
    assert OutboundEmail.objects.filter(to=profile.user.email).count() == 1
    assert pipeline.was_invited(opening_id=opening.pk, profile_id=profile.pk)
    assert pipeline.invited_profile_ids(opening_id=opening.pk) == {profile.pk}

    with pytest.raises(ValidationError) as raised:
        pipeline.candidate_invite(actor=given.member, opening=opening, profile_id=profile.pk)
    assert raised.value.code == "conflict"
    assert Notification.objects.filter(kind="jobs.candidate_invited").count() == 1


def test_a_profile_that_is_not_discoverable_cannot_be_invited():
    given = people()
    opening = published(given.member, given.company)
    hidden = TalentProfileFactory()

    with pytest.raises(TalentProfile.DoesNotExist):
        pipeline.candidate_invite(actor=given.member, opening=opening, profile_id=hidden.pk)
    with pytest.raises(TalentProfile.DoesNotExist):
        pipeline.candidate_invite(actor=given.member, opening=opening, profile_id=10**9)
    assert not Notification.objects.exists()


def test_only_an_open_opening_invites_and_not_someone_who_applied():
    given = people()
    profile = discoverable_profile()
    unpublished = draft(given.member, given.company)
    with pytest.raises(ValidationError):
        pipeline.candidate_invite(actor=given.member, opening=unpublished, profile_id=profile.pk)

    opening = published(given.member, given.company)
    application(opening, profile)
    with pytest.raises(ValidationError):
        pipeline.candidate_invite(actor=given.member, opening=opening, profile_id=profile.pk)

    opening_services.opening_close(actor=given.member, opening=opening, reason=CloseReason.FILLED)
    assert not Notification.objects.filter(kind="jobs.candidate_invited").exists()


@pytest.mark.parametrize("who", ["talent", "other_member", "unverified_member", "staff"])
def test_outsiders_cannot_invite(who: str):
    given = people()
    opening = published(given.member, given.company)
    profile = discoverable_profile()

    with pytest.raises(PermissionDenied):
        pipeline.candidate_invite(actor=getattr(given, who), opening=opening, profile_id=profile.pk)
    assert not pipeline.was_invited(opening_id=opening.pk, profile_id=profile.pk)

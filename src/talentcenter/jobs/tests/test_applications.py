"""Applying in one step and withdrawing (services.applications): every guard, the audit trail of
the sharing, the company's notices in each member's language."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from talentcenter.audit.models import AuditEvent
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.jobs.enums import ApplicationStage, OpeningStatus
from talentcenter.jobs.models import JobApplication
from talentcenter.jobs.services.applications import application_submit, application_withdraw
from talentcenter.jobs.tests.talent_support import complete_profile, opening
from talentcenter.notifications.models import Notification, OutboundEmail
from talentcenter.talent.models import SkillEntry
from tests.factories import CompanyFactory, MembershipFactory, TalentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def nothing_recorded() -> bool:
    return not JobApplication.objects.exists() and not AuditEvent.objects.filter(action__startswith="jobs.").exists()


def test_a_talent_applies_in_one_step_and_the_sharing_is_recorded():
    # Given a complete profile and a published opening
    profile = complete_profile()
    job = opening()

    # When the talent applies with a note
    application = application_submit(actor=profile.user, opening=job, cover_note="  I led a 3 nm ramp.  ")

    # Then there is one new application with the note, and two audit events
    assert (application.stage, application.profile_id, application.opening_id) == ("new", profile.pk, job.pk)
    assert application.cover_note == "I led a 3 nm ramp."
    submitted = AuditEvent.objects.get(action="jobs.application_submitted")
    assert submitted.subject_id == str(application.pk)
    assert submitted.changes["company"] == job.company_id and submitted.changes["profile"] == profile.pk
    shared = AuditEvent.objects.get(action="jobs.profile_shared")
    assert (shared.subject_type, shared.subject_id) == ("talent.talentprofile", str(profile.pk))
    assert shared.changes["company"] == job.company_id and shared.changes["opening"] == job.pk
    assert shared.actor_id == profile.user_id


def test_every_member_of_the_company_is_told_in_their_own_language():
    # Given a company with a Korean-speaking and an English-speaking member
    company = CompanyFactory()
    job = opening(company)  # its creator is a member too (English)
    korean = MembershipFactory(company=company, user=UserFactory(preferred_language="ko")).user
    english = MembershipFactory(company=company).user
    profile = complete_profile()

    # When the talent applies
    application_submit(actor=profile.user, opening=job)

    # Then each member has a notice in both languages and an e-mail in their own
    members = {membership.user_id for membership in company.memberships.all()}
    notices = Notification.objects.filter(kind="jobs.application_submitted")
    assert {notice.recipient_id for notice in notices} == members
    notice = notices.get(recipient=korean)
    assert "공정 통합 엔지니어" in notice.title_ko  # the opening's Korean title in the Korean notice
    assert "Process integration engineer" in notice.title_en
    assert OutboundEmail.objects.get(to=korean.email).language == "ko"
    assert OutboundEmail.objects.get(to=english.email).language == "en"
    assert not OutboundEmail.objects.filter(to=profile.user.email).exists()


@pytest.mark.parametrize("status", [OpeningStatus.DRAFT, OpeningStatus.UNPUBLISHED, OpeningStatus.CLOSED])
def test_an_opening_that_is_not_published_takes_no_application(status: str):
    profile = complete_profile()
    job = opening(status=status, published_at=timezone.now() if status == OpeningStatus.CLOSED else None)

    with pytest.raises(ValidationError) as refused:
        application_submit(actor=profile.user, opening=job)

    assert refused.value.code == "conflict"
    assert "no longer accepts applications" in refused.value.messages[0]
    assert nothing_recorded()


def test_the_closing_date_is_the_last_day_to_apply():
    profile = complete_profile()
    today = timezone.localdate()
    past = opening(closing_date=today - datetime.timedelta(days=1))
    last_day = opening(closing_date=today)

    with pytest.raises(ValidationError):
        application_submit(actor=profile.user, opening=past)
    assert not JobApplication.objects.exists()

    assert application_submit(actor=profile.user, opening=last_day).opening_id == last_day.pk


def test_an_incomplete_profile_is_told_what_is_missing():
    # Given a profile without skills
    profile = complete_profile()
    SkillEntry.objects.filter(profile=profile).delete()

    with pytest.raises(ValidationError) as refused:
        application_submit(actor=profile.user, opening=opening())

    assert "At least one skill." in refused.value.messages
    assert nothing_recorded()


def test_a_note_longer_than_3000_characters_is_refused_and_3000_pass():
    profile = complete_profile()
    job = opening()

    with pytest.raises(ValidationError) as refused:
        application_submit(actor=profile.user, opening=job, cover_note="x" * 3001)
    assert "cover_note" in refused.value.message_dict
    assert nothing_recorded()

    assert len(application_submit(actor=profile.user, opening=job, cover_note="x" * 3000).cover_note) == 3000


def test_applying_twice_gives_the_same_friendly_answer_and_one_application():
    profile = complete_profile()
    job = opening()
    application_submit(actor=profile.user, opening=job)

    with pytest.raises(ValidationError) as refused:
        application_submit(actor=profile.user, opening=job)

    assert refused.value.code == "conflict"
    assert "already applied" in refused.value.messages[0]
    assert JobApplication.objects.count() == 1
    assert AuditEvent.objects.filter(action="jobs.application_submitted").count() == 1


@pytest.mark.parametrize("who", ["company_member", "staff", "no_profile"])
def test_people_without_a_talent_profile_cannot_apply(who: str, company_member: Any, staff: Any):
    actor = {"company_member": company_member, "staff": staff, "no_profile": UserFactory()}[who]

    with pytest.raises(PermissionDenied):
        application_submit(actor=actor, opening=opening())

    assert nothing_recorded()


def test_the_talent_withdraws_an_open_application_and_the_company_is_told():
    profile = complete_profile()
    job = opening()
    application = application_submit(actor=profile.user, opening=job)

    withdrawn = application_withdraw(actor=profile.user, application=application)

    assert withdrawn.stage == ApplicationStage.WITHDRAWN
    event = AuditEvent.objects.get(action="jobs.application_withdrawn")
    assert event.changes["stage"] == ["new", "withdrawn"]
    assert Notification.objects.filter(kind="jobs.application_withdrawn").count() == job.company.memberships.count()


def test_a_withdrawn_or_decided_application_cannot_be_withdrawn():
    profile = complete_profile()
    application = application_submit(actor=profile.user, opening=opening())
    application_withdraw(actor=profile.user, application=application)

    with pytest.raises(TransitionNotAllowed) as refused:
        application_withdraw(actor=profile.user, application=application)
    assert refused.value.code == "conflict"

    hired = application_submit(actor=profile.user, opening=opening())
    JobApplication.objects.filter(pk=hired.pk).update(stage=ApplicationStage.HIRED)
    with pytest.raises(TransitionNotAllowed):
        application_withdraw(actor=profile.user, application=hired)
    assert JobApplication.objects.get(pk=hired.pk).stage == ApplicationStage.HIRED


def test_nobody_else_withdraws_a_talents_application(company_member: Any, staff: Any):
    profile = complete_profile()
    application = application_submit(actor=profile.user, opening=opening())
    someone_else = TalentProfileFactory().user

    for actor in (someone_else, company_member, staff):
        with pytest.raises(PermissionDenied):
            application_withdraw(actor=actor, application=application)

    assert JobApplication.objects.get(pk=application.pk).stage == ApplicationStage.NEW
    assert not AuditEvent.objects.filter(action="jobs.application_withdrawn").exists()

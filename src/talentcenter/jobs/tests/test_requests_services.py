"""Talent requests: creation, curation, invitation, the talent's answer and the release log."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from talentcenter.audit.models import AuditEvent
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.jobs import queries
from talentcenter.jobs.enums import ShortlistStatus, TalentRequestStatus
from talentcenter.jobs.models import ProfileRelease, ShortlistEntry, TalentRequest
from talentcenter.jobs.services import requests as services
from talentcenter.jobs.tests.test_requests_support import (
    CRITERIA,
    People,
    curating,
    discoverable_profile,
    invited,
    make_private,
    new_request,
)
from talentcenter.matching.query import CandidateQuery, LanguageRequirement, SkillRequirement
from talentcenter.notifications.models import Notification, OutboundEmail
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.models import Company
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> People:
    return People.create()


def events(talent_request: TalentRequest, action: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(subject_type="jobs.talentrequest", subject_id=str(talent_request.pk), action=action)
    )


# --- Criteria --------------------------------------------------------------------------------
def test_criteria_query_is_the_matchers_query_of_the_criteria() -> None:
    clean = {
        "skills": [
            {"code": "common.python", "weight": 5, "required": True},
            {"code": "ai.pytorch", "weight": 2, "required": False},
        ],
        "min_education_level": 40,
        "min_years": 3,
        "languages": [{"language": "ko", "level": 4, "required": True}],
        "industry": "ai",
        "salary_min_krw": 50_000_000,
        "salary_max_krw": 80_000_000,
        "nationalities": ["VN", "DE"],
    }

    query = queries.criteria_query(clean)

    assert query == CandidateQuery(
        skills=(SkillRequirement("common.python", 5, True), SkillRequirement("ai.pytorch", 2, False)),
        min_education_level=40,
        min_years=3.0,
        salary_min_krw=50_000_000,
        salary_max_krw=80_000_000,
        languages=(LanguageRequirement("ko", 4, True),),
        industry="ai",
        nationalities=("VN", "DE"),
    )


def test_criteria_are_cleaned_into_plain_json() -> None:
    clean = services.criteria_clean(
        {"skills": [{"code": "common.python"}], "nationalities": ["vn"], "min_years": "3", "industry": ""}
    )

    assert clean["skills"] == [{"code": "common.python", "weight": 3, "required": True}]
    assert clean["nationalities"] == ["VN"]
    assert clean["min_years"] == 3


@pytest.mark.parametrize(
    ("criteria", "field"),
    [
        ({"skills": [{"code": "no.such.skill"}]}, "skills"),
        ({"skills": [{"code": "common.python", "weight": 6}]}, "skills"),
        ({"skills": [{"code": "common.python"}, {"code": "common.python"}]}, "skills"),
        ({"skills": [{"code": "common.python", "required": "yes"}]}, "skills"),
        ({"min_education_level": 35}, "min_education_level"),
        ({"min_years": 41}, "min_years"),
        ({"languages": [{"language": "ko", "level": 7}]}, "languages"),
        ({"languages": [{"language": "xx", "level": 3}]}, "languages"),
        ({"industry": "mining"}, "industry"),
        ({"salary_min_krw": 90_000_000, "salary_max_krw": 50_000_000}, "salary_max_krw"),
        ({"salary_min_krw": 5}, "salary_min_krw"),
        ({"nationalities": ["XX"]}, "nationalities"),
        ({"colour": "blue"}, "criteria"),
    ],
)
def test_invalid_criteria_are_refused_on_their_field(people: People, criteria: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        new_request(people, criteria=criteria)

    assert field in error.value.message_dict
    assert not TalentRequest.objects.exists()


# --- The company -------------------------------------------------------------------------------
def test_a_member_of_a_verified_company_files_a_request_with_a_readable_reference(people: People) -> None:
    talent_request = new_request(people)

    assert re.fullmatch(r"TRQ-\d{4}-\d{6}", talent_request.reference)
    assert talent_request.status == TalentRequestStatus.SUBMITTED
    assert talent_request.criteria["skills"] == [{"code": "common.python", "weight": 5, "required": True}]
    assert len(events(talent_request, "jobs.talent_request_created")) == 1
    assert Notification.objects.filter(recipient=people.member, kind="jobs.talent_request_created").exists()


def test_references_are_unique(people: People) -> None:
    first, second = new_request(people), new_request(people)

    assert first.reference != second.reference


def test_another_company_member_and_a_pending_company_cannot_file(people: People) -> None:
    with pytest.raises(PermissionDenied):
        new_request(people, actor=people.other_member)
    pending = MembershipFactory(company=CompanyFactory(status=CompanyStatus.PENDING))
    with pytest.raises(PermissionDenied):
        new_request(people, actor=pending.user, company=pending.company)
    with pytest.raises(PermissionDenied):
        new_request(people, actor=people.staff)

    assert not TalentRequest.objects.exists()


def test_the_company_cancels_its_request_and_open_invitations_end_with_it(people: People) -> None:
    entry = invited(people)

    services.talent_request_cancel(actor=people.member, talent_request=entry.talent_request)

    entry.refresh_from_db()
    assert entry.talent_request.status == TalentRequestStatus.CANCELLED
    assert entry.status == ShortlistStatus.REMOVED
    with pytest.raises(TransitionNotAllowed):
        services.shortlist_agree(actor=people.talent, entry=entry)
    assert not ProfileRelease.objects.exists()


def test_only_the_company_cancels(people: People) -> None:
    talent_request = new_request(people)

    for actor in (people.other_member, people.staff, people.talent):
        with pytest.raises(PermissionDenied):
            services.talent_request_cancel(actor=actor, talent_request=talent_request)

    talent_request.refresh_from_db()
    assert talent_request.status == TalentRequestStatus.SUBMITTED


def test_a_cancelled_request_cannot_be_cancelled_again(people: People) -> None:
    talent_request = new_request(people)
    services.talent_request_cancel(actor=people.member, talent_request=talent_request)

    with pytest.raises(TransitionNotAllowed):
        services.talent_request_cancel(actor=people.member, talent_request=talent_request)


# --- The center --------------------------------------------------------------------------------
def test_staff_start_curating_and_become_the_curator(people: People) -> None:
    talent_request = curating(people)

    assert talent_request.status == TalentRequestStatus.CURATING
    assert talent_request.curator == people.staff
    with pytest.raises(TransitionNotAllowed):
        services.talent_request_start_curating(actor=people.staff, talent_request=talent_request)


def test_only_staff_curate(people: People) -> None:
    talent_request = new_request(people)

    with pytest.raises(PermissionDenied):
        services.talent_request_start_curating(actor=people.member, talent_request=talent_request)
    talent_request = services.talent_request_start_curating(actor=people.staff, talent_request=talent_request)
    with pytest.raises(PermissionDenied):
        services.shortlist_add(actor=people.member, talent_request=talent_request, profile_id=people.talent_profile.pk)
    assert not ShortlistEntry.objects.exists()


def test_a_discoverable_profile_is_shortlisted_with_its_score(people: People) -> None:
    talent_request = curating(people)

    entry = services.shortlist_add(
        actor=people.staff, talent_request=talent_request, profile_id=people.talent_profile.pk, note_for_talent="Fit"
    )

    assert entry.status == ShortlistStatus.PROPOSED
    assert entry.score is not None and entry.score > 0
    assert len(events(talent_request, "jobs.shortlist_added")) == 1


def test_a_private_or_unknown_profile_is_refused_whatever_id_is_sent(people: People) -> None:
    talent_request = curating(people)
    private = discoverable_profile(discoverable=False)

    for profile_id in (private.pk, 999_999):
        with pytest.raises(ValidationError) as error:
            services.shortlist_add(actor=people.staff, talent_request=talent_request, profile_id=profile_id)
        assert "profile_id" in error.value.message_dict

    assert not ShortlistEntry.objects.exists()


def test_a_profile_is_shortlisted_once(people: People) -> None:
    talent_request = curating(people)
    services.shortlist_add(actor=people.staff, talent_request=talent_request, profile_id=people.talent_profile.pk)

    with pytest.raises(ValidationError):
        services.shortlist_add(actor=people.staff, talent_request=talent_request, profile_id=people.talent_profile.pk)


def test_nothing_is_shortlisted_before_curating_starts(people: People) -> None:
    talent_request = new_request(people)

    with pytest.raises(TransitionNotAllowed):
        services.shortlist_add(actor=people.staff, talent_request=talent_request, profile_id=people.talent_profile.pk)


def test_the_invitation_tells_the_talent_in_their_language_what_the_company_wants(people: People) -> None:
    people.talent.preferred_language = "ko"
    people.talent.save(update_fields=["preferred_language"])

    entry = invited(people, note="Your PyTorch work fits.")

    assert entry.status == ShortlistStatus.INVITED and entry.invited_at is not None
    notice = Notification.objects.get(recipient=people.talent, kind="jobs.shortlist_invite")
    assert people.company.name_en in notice.title_en
    assert "Machine learning engineers for our Seoul lab" in notice.body_en
    assert "Python" in notice.body_en and "Your PyTorch work fits." in notice.body_en
    assert notice.link == "/jobs/invitations/"
    email = OutboundEmail.objects.get(to=people.talent.email)
    assert email.language == "ko"
    assert "/ko/jobs/invitations/" in email.body_text


def test_the_shortlist_is_sent_only_with_someone_asked(people: People) -> None:
    talent_request = curating(people)
    entry = services.shortlist_add(
        actor=people.staff, talent_request=talent_request, profile_id=people.talent_profile.pk
    )

    with pytest.raises(ValidationError):
        services.talent_request_send_shortlist(actor=people.staff, talent_request=talent_request)
    services.shortlist_invite(actor=people.staff, entry=entry)
    talent_request = services.talent_request_send_shortlist(actor=people.staff, talent_request=talent_request)

    assert talent_request.status == TalentRequestStatus.SHORTLIST_SENT
    assert Notification.objects.filter(recipient=people.member, kind="jobs.talent_request_shortlist_sent").exists()


def test_staff_remove_a_proposed_entry_and_it_cannot_be_invited(people: People) -> None:
    talent_request = curating(people)
    entry = services.shortlist_add(
        actor=people.staff, talent_request=talent_request, profile_id=people.talent_profile.pk
    )

    services.shortlist_remove(actor=people.staff, entry=entry)

    entry.refresh_from_db()
    assert entry.status == ShortlistStatus.REMOVED
    with pytest.raises(TransitionNotAllowed):
        services.shortlist_invite(actor=people.staff, entry=entry)


def test_closing_ends_the_request_for_good(people: People) -> None:
    entry = invited(people)

    services.talent_request_close(actor=people.staff, talent_request=entry.talent_request)

    with pytest.raises(TransitionNotAllowed):
        services.talent_request_close(actor=people.staff, talent_request=entry.talent_request)
    with pytest.raises(PermissionDenied):
        services.talent_request_close(actor=people.member, talent_request=entry.talent_request)
    entry.refresh_from_db()
    assert entry.status == ShortlistStatus.REMOVED


# --- The talent --------------------------------------------------------------------------------
def test_agreeing_releases_the_profile_logs_it_and_tells_the_company_and_the_curator(people: People) -> None:
    entry = invited(people)
    assert not ProfileRelease.objects.exists()

    entry = services.shortlist_agree(actor=people.talent, entry=entry)

    assert entry.status == ShortlistStatus.RELEASED and entry.answered_at is not None
    release = ProfileRelease.objects.get()
    assert (release.entry, release.company, release.profile, release.agreed_by) == (
        entry,
        people.company,
        people.talent_profile,
        people.talent,
    )
    [event] = events(entry.talent_request, "jobs.profile_released")
    assert event.changes["profile"] == people.talent_profile.pk and event.changes["release"] == release.pk
    assert Notification.objects.filter(recipient=people.member, kind="jobs.profile_released").exists()
    assert Notification.objects.filter(recipient=people.staff, kind="jobs.profile_released").exists()


def test_nothing_is_released_before_the_talent_agrees(people: People) -> None:
    talent_request = curating(people)
    entry = services.shortlist_add(
        actor=people.staff, talent_request=talent_request, profile_id=people.talent_profile.pk
    )

    with pytest.raises(TransitionNotAllowed):
        services.shortlist_agree(actor=people.talent, entry=entry)

    assert not ProfileRelease.objects.exists()


def test_only_the_invited_talent_answers(people: People) -> None:
    entry = invited(people)

    for actor in (people.other_talent, people.member, people.staff):
        with pytest.raises(PermissionDenied):
            services.shortlist_agree(actor=actor, entry=entry)
        with pytest.raises(PermissionDenied):
            services.shortlist_decline(actor=actor, entry=entry)

    entry.refresh_from_db()
    assert entry.status == ShortlistStatus.INVITED
    assert not ProfileRelease.objects.exists()


def test_declining_shares_nothing_and_cannot_be_turned_into_an_agreement(people: People) -> None:
    entry = invited(people)

    services.shortlist_decline(actor=people.talent, entry=entry)

    with pytest.raises(TransitionNotAllowed):
        services.shortlist_agree(actor=people.talent, entry=entry)
    entry.refresh_from_db()
    assert entry.status == ShortlistStatus.DECLINED
    assert not ProfileRelease.objects.exists()
    assert len(events(entry.talent_request, "jobs.shortlist_declined")) == 1
    assert Notification.objects.filter(recipient=people.staff, kind="jobs.shortlist_declined").exists()
    assert not Notification.objects.filter(recipient=people.member, kind="jobs.shortlist_declined").exists()


def test_agreeing_twice_releases_once(people: People) -> None:
    entry = invited(people)
    services.shortlist_agree(actor=people.talent, entry=entry)

    with pytest.raises(TransitionNotAllowed):
        services.shortlist_agree(actor=people.talent, entry=entry)

    assert ProfileRelease.objects.count() == 1


def test_a_profile_made_private_after_shortlisting_is_neither_invited_nor_released(people: People) -> None:
    """Decided: visibility "private" means the talent does not want to be found; the center does not
    invite such a profile, and its owner must make it discoverable again before agreeing."""
    talent_request = curating(people)
    proposed = services.shortlist_add(
        actor=people.staff, talent_request=talent_request, profile_id=people.talent_profile.pk
    )
    other = discoverable_profile(given_name="Linh", family_name="Nguyen")
    asked = services.shortlist_invite(
        actor=people.staff,
        entry=services.shortlist_add(actor=people.staff, talent_request=talent_request, profile_id=other.pk),
    )
    make_private(people.talent_profile)
    make_private(other)

    with pytest.raises(ValidationError):
        services.shortlist_invite(actor=people.staff, entry=proposed)
    with pytest.raises(ValidationError) as error:
        services.shortlist_agree(actor=other.user, entry=asked)

    assert error.value.code == "not_discoverable"
    asked.refresh_from_db()
    assert asked.status == ShortlistStatus.INVITED
    assert not ProfileRelease.objects.exists()
    assert not events(talent_request, "jobs.profile_released")


def test_an_opening_of_another_company_cannot_be_linked(people: People) -> None:
    from talentcenter.jobs.models import Opening

    other_company = Company.objects.exclude(pk=people.company.pk).first()
    assert other_company is not None
    opening = Opening.objects.create(
        company=other_company, created_by=people.other_member, title_en="Engineer", industry="ai", region="seoul"
    )

    with pytest.raises(ValidationError) as error:
        new_request(people, opening=opening)

    assert "opening" in error.value.message_dict


def test_the_criteria_in_words() -> None:
    from talentcenter.jobs.selectors.requests import criteria_summary

    lines = criteria_summary(services.criteria_clean(CRITERIA))

    assert lines[0] == "Required skills: Python"
    assert "Industry: Artificial intelligence" in lines

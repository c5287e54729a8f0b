"""Reads of another person's data are logged; each person sees who saw them; staff see the accounts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from talentcenter.accounts.enums import Role
from talentcenter.audit.models import AuditEvent
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.selectors import access_events_about, who_saw
from talentcenter.privacy.services import (
    ACCESS_ACTION,
    record_personal_data_access,
    record_personal_data_list_access,
)
from tests.api import ApiClient, token_for
from tests.factories import MembershipFactory, TalentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def _reads_of(user: Any) -> list[AuditEvent]:
    return list(access_events_about(user=user))


def test_reading_ones_own_data_is_not_logged(talent: Any) -> None:
    assert record_personal_data_access(viewer=talent, subject=talent, what=AccessWhat.TALENT_PROFILE) is None
    assert _reads_of(talent) == []


def test_a_read_is_logged_once_per_window_and_again_after_it(talent: Any, staff: Any) -> None:
    first = record_personal_data_access(viewer=staff, subject=talent, what=AccessWhat.TALENT_PROFILE)
    again = record_personal_data_access(viewer=staff, subject=talent, what=AccessWhat.TALENT_PROFILE)
    other_kind = record_personal_data_access(viewer=staff, subject=talent, what=AccessWhat.CASE)

    assert first is not None and again is None and other_kind is not None
    assert first.changes["viewer_kind"] == "center_staff"
    # An event older than the window no longer holds the next read back
    later = timezone.now() + timedelta(minutes=6)
    from unittest import mock

    with mock.patch("talentcenter.privacy.services.timezone.now", return_value=later):
        assert record_personal_data_access(viewer=staff, subject=talent, what=AccessWhat.TALENT_PROFILE) is not None


def test_an_unknown_kind_of_read_is_refused(talent: Any, staff: Any) -> None:
    with pytest.raises(ValueError, match="everything"):
        record_personal_data_access(viewer=staff, subject=talent, what="everything")


@settings(max_examples=15, deadline=None)
@given(size=st.integers(min_value=0, max_value=6), already=st.integers(min_value=0, max_value=6))
def test_a_list_read_logs_each_listed_person_once(size: int, already: int) -> None:
    viewer = UserFactory(roles=[Role.STAFF_REVIEWER])
    people = [UserFactory() for _ in range(size)]
    for person in people[:already]:
        record_personal_data_access(viewer=viewer, subject=person, what=AccessWhat.TALENT_LIST)

    written = record_personal_data_list_access(viewer=viewer, subjects=[viewer, *people], what=AccessWhat.TALENT_LIST)

    assert written == size - min(already, size)
    for person in people:
        assert len(_reads_of(person)) == 1
    assert _reads_of(viewer) == []


def test_staff_reading_a_profile_in_the_back_office_is_logged(staff_client: Client, staff: Any) -> None:
    profile = TalentProfileFactory()

    response = staff_client.get(reverse("backoffice:talent_detail", args=[profile.pk]))

    assert response.status_code == 200
    [event] = _reads_of(profile.user)
    assert (event.actor_id, event.changes["what"], event.changes["via"]) == (staff.pk, "talent_profile", "web")


def test_the_staff_talent_list_logs_each_listed_person(staff_client: Client) -> None:
    profiles = [TalentProfileFactory() for _ in range(3)]

    staff_client.get(reverse("backoffice:talents"))

    assert all(len(_reads_of(profile.user)) == 1 for profile in profiles)


def test_the_staff_api_logs_a_profile_read_and_a_list(staff_api: ApiClient, staff: Any) -> None:
    profiles = [TalentProfileFactory() for _ in range(2)]

    assert staff_api.get(f"/api/v1/staff/talents/{profiles[0].pk}").status_code == 200
    assert staff_api.get("/api/v1/staff/talents?limit=1").status_code == 200

    whats = sorted(
        (event.subject_id, event.changes["what"], event.changes["via"])
        for event in AuditEvent.objects.filter(action=ACCESS_ACTION)
    )
    first = str(profiles[0].user_id)
    assert (first, "talent_profile", "api") in whats
    assert len([row for row in whats if row[1] == "talent_list"]) == 1


def test_company_members_reading_their_member_list_is_logged() -> None:
    owner = MembershipFactory()
    colleague = MembershipFactory(company=owner.company, role="recruiter")
    api_owner = MembershipFactory()
    api_colleague = MembershipFactory(company=api_owner.company, role="recruiter")
    client = Client()
    client.force_login(owner.user)

    client.get(reverse("organizations:detail", args=[owner.company.pk]))
    ApiClient(token=token_for(api_owner.user)).get(f"/api/v1/companies/{api_owner.company.pk}/members")

    assert [(e.actor_id, e.changes["what"], e.changes["via"]) for e in _reads_of(colleague.user)] == [
        (owner.user_id, "company_members", "web")
    ]
    assert [(e.actor_id, e.changes["via"]) for e in _reads_of(api_colleague.user)] == [(api_owner.user_id, "api")]
    assert _reads_of(owner.user) == []


def test_who_saw_me_names_the_company_and_not_the_staff_member(talent: Any, staff: Any) -> None:
    member = MembershipFactory()
    record_personal_data_access(viewer=staff, subject=talent, what=AccessWhat.TALENT_PROFILE)
    record_personal_data_access(viewer=member.user, subject=talent, what=AccessWhat.TALENT_PROFILE, via="api")

    seen = who_saw(user=talent)

    assert [(row.who, row.what) for row in seen] == [
        (member.company.name, "Talent profile"),
        ("Global Talent Center staff", "Talent profile"),
    ]
    client = Client()
    client.force_login(talent)
    page = client.get(reverse("privacy:mine")).content.decode()
    assert "Global Talent Center staff" in page and member.company.name in page
    assert staff.email not in page


def test_staff_see_which_account_read_a_person(staff_client: Client, staff: Any, talent: Any) -> None:
    record_personal_data_access(viewer=staff, subject=talent, what=AccessWhat.CASE)

    response = staff_client.get(reverse("privacy_backoffice:access_log", args=[talent.pk]))

    assert response.status_code == 200
    assert staff.email in response.content.decode()
    assert "Application file" in response.content.decode()


def test_signing_in_and_failing_to_are_in_the_audit_trail() -> None:
    user = UserFactory()
    client = Client()

    client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password-123"})
    client.post(reverse("account_login"), {"login": user.email, "password": "Test-password-1"})
    from tests.factories import PASSWORD

    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    actions = list(
        AuditEvent.objects.filter(subject_id=str(user.pk), action__startswith="account.sign").values_list(
            "action", flat=True
        )
    )
    assert actions.count("account.sign_in_failed") == 2
    assert actions.count("account.signed_in") == 1

"""A talent-request release is a snapshot, withdrawal ends the company's access, and the talent sees
who received their data (issue 11, finding 3): services, the company's and the talent's pages and
API, notices, the authorization matrix of the new endpoints and fixed query counts."""

from __future__ import annotations

import importlib
import json
from datetime import date
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from talentcenter.audit.models import AuditEvent
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.jobs.enums import ReleasedPart, ShortlistStatus
from talentcenter.jobs.models import ProfileRelease, ShortlistEntry
from talentcenter.jobs.selectors.releases import released_profile
from talentcenter.jobs.services import releases as release_services
from talentcenter.jobs.services import requests as services
from talentcenter.jobs.tests.test_requests_support import (
    People,
    client_for,
    discoverable_profile,
    invited,
    new_request,
    staff_client,
)
from talentcenter.notifications.models import Notification, OutboundEmail
from talentcenter.talent import services as talent_services
from talentcenter.talent.enums import OrganizationKind

SECRETS = ("Okafor", "amara.okafor@example.org", "+34 600 123 456", "Universidad Politécnica de Madrid")


@pytest.fixture
def people(db: None) -> People:
    return People.create()


def released(people: People) -> ShortlistEntry:
    return services.shortlist_agree(actor=people.talent, entry=invited(people))


def call(client: Client, method: str, path: str) -> Any:
    return client.generic(method, f"/api/v1/{path}", content_type="application/json", headers={"Accept-Language": "en"})


def company_page(people: People, entry: ShortlistEntry) -> str:
    url = reverse("jobs:talent_request_detail", kwargs={"pk": entry.talent_request_id})
    return str(client_for(people.member).get(url).content.decode())


def company_api(people: People, entry: ShortlistEntry) -> Any:
    return call(client_for(people.member), "GET", f"talent-requests/{entry.talent_request_id}")


# --- The snapshot --------------------------------------------------------------------------------
def test_agreeing_copies_the_released_parts_with_a_version_and_the_time(people: People) -> None:
    entry = released(people)

    snapshot = entry.snapshot
    assert snapshot is not None
    assert (snapshot["version"], snapshot["taken_at"]) == (1, entry.answered_at.isoformat())
    assert (snapshot["name"], snapshot["email"], snapshot["phone"]) == (
        "Amara Okafor",
        "amara.okafor@example.org",
        "+34 600 123 456",
    )
    assert snapshot["education"][0]["institution"] == "Universidad Politécnica de Madrid"
    assert snapshot["experience"][0]["organization"] == "Telefónica I+D"
    assert [skill["code"] for skill in snapshot["skills"]] == ["common.python", "ai.pytorch"]
    assert snapshot["languages"] == [{"language": "en", "test": "none", "level": ""}]
    release = ProfileRelease.objects.get()
    assert (release.parts, release.snapshot_version) == (list(ReleasedPart.values), 1)


def test_a_later_edit_by_the_talent_does_not_reach_the_company(people: People) -> None:
    entry = released(people)
    profile = people.talent_profile

    talent_services.talent_profile_update_personal(profile=profile, actor=people.talent, headline="Now at Samsung")
    talent_services.experience_add(
        profile=profile,
        actor=people.talent,
        organization="Samsung Advanced Institute",
        organization_kind=OrganizationKind.COMPANY,
        role="Principal engineer",
        field="Machine learning",
        started_on=date(2024, 3, 1),
    )

    page = company_page(people, entry)
    answer = company_api(people, entry).json()
    assert "Machine learning engineer" in page and "Telefónica I+D" in page
    assert "Now at Samsung" not in page and "Samsung Advanced Institute" not in page
    [shared] = answer["released_profiles"]
    assert shared["headline"] == "Machine learning engineer"
    assert [item["organization"] for item in shared["experience"]] == ["Telefónica I+D"]
    assert shared["snapshot_version"] == 1 and shared["snapshot_taken_at"] is not None


def test_the_migration_copies_earlier_releases_in_the_same_format(people: People) -> None:
    entry = released(people)
    taken = entry.snapshot
    migration = importlib.import_module("talentcenter.jobs.migrations.0003_release_snapshots")
    ShortlistEntry.objects.filter(pk=entry.pk).update(snapshot={"stale": True})

    migration.snapshot_existing_releases(django_apps, None)

    entry.refresh_from_db()
    assert entry.snapshot == taken


@given(
    name=st.text(max_size=40),
    headline=st.text(max_size=60),
    level=st.one_of(st.integers(-5, 100), st.none()),
    language=st.text(max_size=5),
)
def test_a_snapshot_is_shown_as_written_whatever_it_holds(name: str, headline: str, level: Any, language: str) -> None:
    shown = released_profile(
        {
            "version": 1,
            "name": name,
            "headline": headline,
            "education": [{"level": level, "field": "Physics", "institution": "KAIST", "completed_on": "bad"}],
            "languages": [{"language": language, "test": "none", "level": ""}],
        }
    )

    assert (shown.name, shown.headline) == (name, headline)
    assert shown.education[0].completed_on is None
    assert shown.education[0].level_label  # a label, or the code when the enum does not know it
    assert shown.languages[0].language == language


# --- Withdrawal --------------------------------------------------------------------------------
def test_after_withdrawal_the_company_sees_only_that_it_was_withdrawn(people: People) -> None:
    entry = released(people)
    assert "Amara Okafor" in company_page(people, entry)
    release = ProfileRelease.objects.get()

    release_services.release_withdraw(actor=people.talent, release=release)

    page = company_page(people, entry)
    answer = company_api(people, entry)
    listing = call(client_for(people.member), "GET", "talent-requests").content.decode()
    assert "Withdrawn by the talent" in page and 'data-status="withdrawn"' in page
    body = answer.json()
    assert body["released_profiles"] == []
    assert [item["status"] for item in body["withdrawn_releases"]] == ["withdrawn"]
    assert body["counts"]["withdrawn"] == 1 and body["counts"]["released"] == 0
    for text in (page, answer.content.decode(), listing):
        for secret in SECRETS:
            assert secret not in text
    entry.refresh_from_db()
    release.refresh_from_db()
    assert (entry.status, entry.snapshot) == (ShortlistStatus.WITHDRAWN, None)
    assert release.withdrawn_at is not None


def test_withdrawal_is_audited_without_personal_data_and_told_to_the_company_without_a_name(people: People) -> None:
    entry = released(people)
    release = ProfileRelease.objects.get()

    release_services.release_withdraw(actor=people.talent, release=release)

    event = AuditEvent.objects.get(action="jobs.release_withdrawn")
    assert event.actor_id == people.talent.pk
    assert event.changes["release"] == release.pk and event.changes["status"] == ["released", "withdrawn"]
    assert event.changes["snapshot"] == "erased"
    assert not any(secret in json.dumps(event.changes) for secret in SECRETS)
    assert Notification.objects.filter(recipient=people.member, kind="jobs.release_withdrawn").exists()
    assert Notification.objects.filter(recipient=people.staff, kind="jobs.release_withdrawn").exists()
    # Nothing the company was ever sent names the talent: a notice cannot be taken back
    company_notices = Notification.objects.filter(recipient=people.member)
    company_emails = OutboundEmail.objects.filter(to=people.member.email)
    assert company_notices.filter(kind="jobs.profile_released").exists()
    for text in [
        *company_notices.values_list("title_en", "body_en", "title_ko", "body_ko"),
        *company_emails.values_list("subject", "body_text"),
    ]:
        assert not any(secret in " ".join(text) for secret in SECRETS)
    assert entry.pk


def test_only_the_talent_withdraws_and_only_once(people: People) -> None:
    released(people)
    release = ProfileRelease.objects.get()

    for actor in (people.other_talent, people.member, people.staff):
        with pytest.raises(PermissionDenied):
            release_services.release_withdraw(actor=actor, release=release)
    assert ShortlistEntry.objects.get().status == ShortlistStatus.RELEASED
    release_services.release_withdraw(actor=people.talent, release=release)
    with pytest.raises(TransitionNotAllowed):
        release_services.release_withdraw(actor=people.talent, release=release)

    assert AuditEvent.objects.filter(action="jobs.release_withdrawn").count() == 1
    answer = call(client_for(people.talent), "POST", f"talent-requests/releases/{release.pk}/withdraw")
    assert answer.status_code == 409 and answer.json()["code"] == "conflict"


def test_a_withdrawal_stands_after_the_request_is_closed(people: People) -> None:
    entry = released(people)
    services.talent_request_close(actor=people.staff, talent_request=entry.talent_request)

    release_services.release_withdraw(actor=people.talent, release=ProfileRelease.objects.get())

    assert "Amara Okafor" not in company_page(people, entry)


# --- Views by the company ----------------------------------------------------------------------
def test_the_company_opening_the_request_is_recorded_for_the_talent(people: People) -> None:
    entry = released(people)
    staff_client(people.staff).get(reverse("jobs_backoffice:detail", kwargs={"pk": entry.talent_request_id}))
    assert ProfileRelease.objects.get().first_viewed_at is None

    company_page(people, entry)
    first = ProfileRelease.objects.get().first_viewed_at
    company_api(people, entry)

    release = ProfileRelease.objects.get()
    assert first is not None and release.first_viewed_at == first
    assert release.last_viewed_at is not None and release.last_viewed_at >= first


# --- The talent's releases ---------------------------------------------------------------------
def test_the_talent_sees_who_received_what_when_whether_opened_then_withdraws(people: People) -> None:
    entry = released(people)
    client = client_for(people.talent)
    url = reverse("jobs:my_releases")

    before = client.get(url).content.decode()
    assert people.company.name in before and entry.talent_request.reference in before
    assert "your e-mail address and phone number" in before and "Not yet" in before
    [listed] = call(client, "GET", "talent-requests/releases").json()
    assert (listed["status"], listed["first_viewed_at"], listed["can_withdraw"]) == ("released", None, True)
    assert [part["code"] for part in listed["parts"]] == list(ReleasedPart.values)
    assert listed["parts"][0]["label"] == "your name"

    company_page(people, entry)
    opened = call(client, "GET", "talent-requests/releases").json()[0]
    assert opened["first_viewed_at"] is not None
    answer = client.post(reverse("jobs:release_withdraw", kwargs={"release_id": listed["id"]}), follow=True)

    after = answer.content.decode()
    assert answer.status_code == 200 and "no longer sees your data" in after
    assert "Withdrawn by you" in after and "Withdraw my consent" not in after
    [withdrawn] = call(client, "GET", "talent-requests/releases").json()
    assert (withdrawn["status"], withdrawn["can_withdraw"]) == ("withdrawn", False)
    assert withdrawn["withdrawn_at"] is not None and withdrawn["parts"] == listed["parts"]
    invitations = client.get(reverse("jobs:invitations")).content.decode()
    assert "You withdrew your consent" in invitations


def test_the_talent_withdraws_through_the_api(people: People) -> None:
    entry = released(people)
    release = ProfileRelease.objects.get()

    answer = call(client_for(people.talent), "POST", f"talent-requests/releases/{release.pk}/withdraw")

    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "withdrawn"
    assert company_api(people, entry).json()["released_profiles"] == []


def test_the_releases_page_costs_the_same_queries_for_one_release_or_several(
    people: People, django_assert_num_queries: Any
) -> None:
    released(people)
    client = client_for(people.talent)
    url = reverse("jobs:my_releases")
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    expected = len(one)
    for number in range(3):
        other = services.talent_request_start_curating(actor=people.staff, talent_request=new_request(people))
        added = services.shortlist_add(actor=people.staff, talent_request=other, profile_id=people.talent_profile.pk)
        agreed = services.shortlist_agree(
            actor=people.talent, entry=services.shortlist_invite(actor=people.staff, entry=added)
        )
        if number == 0:
            release_services.release_withdraw(actor=people.talent, release=agreed.release)

    with django_assert_num_queries(expected):
        page = client.get(url)

    assert page.content.decode().count("data-release=") == 4


def test_the_company_detail_costs_the_same_queries_with_a_withdrawn_release(
    people: People, django_assert_num_queries: Any
) -> None:
    entry = released(people)
    client = client_for(people.member)
    url = reverse("jobs:talent_request_detail", kwargs={"pk": entry.talent_request_id})
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    expected = len(one)
    for number in range(2):
        other = discoverable_profile(given_name=f"Other{chr(65 + number)}", family_name="Person")
        added = services.shortlist_add(actor=people.staff, talent_request=entry.talent_request, profile_id=other.pk)
        agreed = services.shortlist_agree(
            actor=other.user, entry=services.shortlist_invite(actor=people.staff, entry=added)
        )
    release_services.release_withdraw(actor=agreed.profile.user, release=agreed.release)

    # the same count: the access log notes the read in one statement, whether or not a talent is
    # shown for the first time (privacy.services.record_list_access_of_people)
    with django_assert_num_queries(expected):
        page = client.get(url).content.decode()

    assert page.count("site-released-profile") == 2 and page.count("site-withdrawn-release") == 1


# --- Who may see and do what -------------------------------------------------------------------
WHO = ("anonymous", "owner", "other_talent", "company_member", "other_company_member", "staff")


def _clients(people: People) -> dict[str, Client]:
    return {
        "anonymous": Client(),
        "owner": client_for(people.talent),
        "other_talent": client_for(people.other_talent),
        "company_member": client_for(people.member),
        "other_company_member": client_for(people.other_member),
        "staff": staff_client(people.staff),
    }


def _state() -> tuple[Any, ...]:
    return (
        sorted(ShortlistEntry.objects.values_list("pk", "status")),
        sorted(ProfileRelease.objects.values_list("pk", "withdrawn_at")),
        AuditEvent.objects.filter(action="jobs.release_withdrawn").count(),
    )


@pytest.mark.parametrize("who", WHO)
def test_the_release_endpoints_answer_only_the_talent_and_refusals_change_nothing(people: People, who: str) -> None:
    released(people)
    release = ProfileRelease.objects.get()
    client = _clients(people)[who]

    page = client.get(reverse("jobs:my_releases"))
    listed = call(client, "GET", "talent-requests/releases")
    before = _state()
    page_withdraw = client.post(reverse("jobs:release_withdraw", kwargs={"release_id": release.pk}))
    refused_state = _state()
    api_withdraw = call(client, "POST", f"talent-requests/releases/{release.pk}/withdraw")

    if who == "anonymous":
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]
        assert page_withdraw.status_code == 302 and "/accounts/login/" in page_withdraw["Location"]
        assert (listed.status_code, api_withdraw.status_code) == (401, 401)
    elif who == "owner":
        assert page.status_code == 200 and f'data-release="{release.pk}"' in page.content.decode()
        assert [item["id"] for item in listed.json()] == [release.pk]
        assert page_withdraw.status_code == 302 and page_withdraw["Location"] == reverse("jobs:my_releases")
        assert api_withdraw.status_code == 409  # already withdrawn by the page
        assert refused_state != before
    else:
        # Everyone else signed in has no releases of their own, and another's is as good as missing
        assert page.status_code == 200 and "data-release=" not in page.content.decode()
        assert listed.status_code == 200 and listed.json() == []
        assert (page_withdraw.status_code, api_withdraw.status_code) == (404, 404)
    if who != "owner":
        assert _state() == before == refused_state
        for answer in (page, listed, page_withdraw, api_withdraw):
            assert "Okafor" not in answer.content.decode()

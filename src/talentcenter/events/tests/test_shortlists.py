"""Before the grid: a company's shortlist page (ranked registrants with why they match, filters, a
shortlist button; only discoverable profiles, as a summary, the listing recorded; a fixed number of
queries), a talent's wishes page, availability on both sides and by staff (kept by the optimiser),
and a solve too large for the request run as a task-worker job."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from talentcenter.audit.models import AuditEvent
from talentcenter.events import grid
from talentcenter.events.enums import SolveJobStatus
from talentcenter.events.models import InterviewGrid, InterviewInterest
from talentcenter.events.services import interviews
from talentcenter.events.services.registrations import talent_register
from talentcenter.events.tests.support import staff_user
from talentcenter.events.tests.test_interviews import fair, plan, timetable
from talentcenter.jobs.tests.talent_support import complete_profile
from talentcenter.matching.services import profile_vector_refresh
from talentcenter.privacy.services import ACCESS_ACTION
from talentcenter.talent.enums import Visibility
from tests.api import token_for

pytestmark = pytest.mark.django_db

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}


def member_client(member: Any) -> Client:
    client = Client()
    client.force_login(member)
    return client


def candidates_url(booth: Any, query: str = "") -> str:
    return f"/en/events/booths/{booth.pk}/candidates/{query}"


def test_a_company_shortlists_from_its_ranked_registrants_with_why_and_filters() -> None:
    setting = fair(talents=3, booths=1)  # the last talent keeps their profile private
    booth, member = setting["booths"][0], setting["members"][0]
    first, second, hidden = setting["registrations"]
    interviews.interest_wish(actor=second.profile.user, registration=second, booth=booth)
    client = member_client(member)

    page = client.get(candidates_url(booth)).content.decode()

    assert page.count("data-registration=") == 2
    assert f'data-registration="{hidden.pk}"' not in page
    assert "Why this is a match" in page and "matching-explanation" in page
    assert "Wants to meet you" in page
    for registration in (first, second):
        assert str(registration.profile) not in page  # a summary, never a name
    listed = set(AuditEvent.objects.filter(action=ACCESS_ACTION, actor=member).values_list("subject_id", flat=True))
    assert listed == {str(first.profile.user_id), str(second.profile.user_id)}

    only_wishes = client.get(candidates_url(booth, "?wants_to_meet=on")).content.decode()
    assert only_wishes.count("data-registration=") == 1 and f'data-registration="{second.pk}"' in only_wishes
    assert client.get(candidates_url(booth, "?min_score=100")).content.decode().count("data-registration=") == 0

    toggled = client.post(
        candidates_url(booth, f"{first.pk}/shortlist/"), {"shortlisted": "1", "min_score": "5", "next": "//evil"}
    )
    assert toggled.status_code == 302 and toggled["Location"] == candidates_url(booth, "?min_score=5")
    assert InterviewInterest.objects.get(booth=booth, registration=first).shortlisted
    client.post(candidates_url(booth, f"{first.pk}/shortlist/"), {"shortlisted": "0"})
    assert not InterviewInterest.objects.filter(booth=booth, registration=first).exists()

    # Nobody else's booth: another company's member and a talent get nothing.
    for outsider in (fair(talents=1, booths=1)["members"][0], first.profile.user):
        other = member_client(outsider)
        assert other.get(candidates_url(booth)).status_code == 404
        assert other.post(candidates_url(booth, f"{second.pk}/shortlist/"), {"shortlisted": "1"}).status_code == 404
    assert not InterviewInterest.objects.filter(booth=booth, shortlisted=True).exists()


def test_the_shortlist_page_costs_the_same_queries_for_more_candidates() -> None:
    setting = fair(talents=1, booths=1)
    booth, created = setting["booths"][0], setting["event"]
    client = member_client(setting["members"][0])
    client.get(candidates_url(booth))  # the matching index is loaded once per process
    with CaptureQueriesContext(connection) as few:
        assert client.get(candidates_url(booth)).content.decode().count("data-registration=") == 1

    created.talent_capacity = 5
    created.save(update_fields=["talent_capacity"])
    for _ in range(3):
        profile = complete_profile(visibility=Visibility.VERIFIED_COMPANIES, completed_at=created.created_at)
        profile_vector_refresh(profile_id=profile.pk)
        registration = talent_register(actor=profile.user, event=created)
        interviews.interest_wish(actor=profile.user, registration=registration, booth=booth)
    client.get(candidates_url(booth))  # the index catches up with the new rows
    with CaptureQueriesContext(connection) as many:
        assert client.get(candidates_url(booth)).content.decode().count("data-registration=") == 4

    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


def test_a_talent_marks_booths_and_slots_and_the_optimiser_keeps_them_free() -> None:
    setting = fair(talents=1, booths=2)
    created, registration = setting["event"], setting["registrations"][0]
    first_booth, second_booth = setting["booths"]
    plan(created, count=3, breaks=())
    client = member_client(registration.profile.user)
    base = f"/en/events/my/{registration.pk}/"

    page = client.get(base + "wishes/").content.decode()
    assert page.count("data-booth=") == 2 and "Why this is a match" in page
    assert first_booth.company.name in page and second_booth.company.name in page
    client.post(base + f"wishes/{first_booth.pk}/", {"wants_to_meet": "1"})
    assert InterviewInterest.objects.get(registration=registration, booth=first_booth).wants_to_meet

    saved = client.post(base + "availability/", {"unavailable_slots": ["0"]})
    assert saved.status_code == 302
    member = member_client(setting["members"][0])
    assert (
        member.post(f"/en/events/booths/{first_booth.pk}/availability/", {"unavailable_slots": ["1"]}).status_code
        == 302
    )
    registration.refresh_from_db()
    first_booth.refresh_from_db()
    assert registration.unavailable_slots == [0] and first_booth.unavailable_slots == [1]
    assert AuditEvent.objects.filter(action="events.availability_changed").count() == 2

    interviews.interview_grid_solve(actor=staff_user(), event=created)

    assert timetable(created) == [grid.Meeting(registration.pk, first_booth.pk, 2)]
    # A slot with a meeting in it cannot be marked away until the organisers move the meeting.
    with pytest.raises(ValidationError, match="move it first"):
        interviews.talent_availability_set(
            actor=registration.profile.user, registration=registration, unavailable_slots=[0, 2]
        )
    with pytest.raises(PermissionDenied):
        interviews.booth_availability_set(actor=registration.profile.user, booth=first_booth, unavailable_slots=[])
    # Staff set it for anybody, on the grid page.
    staff = staff_client_with_second_factor(staff_user())
    answer = staff.post(
        f"/en/backoffice/events/{created.pk}/interviews/availability/",
        {"who": f"booth:{second_booth.pk}", "unavailable_slots": "1, 3"},
    )
    assert answer.status_code == 302
    second_booth.refresh_from_db()
    assert second_booth.unavailable_slots == [0, 2]
    grid_page = staff.get(f"/en/backoffice/events/{created.pk}/interviews/").content.decode()
    assert second_booth.company.name in grid_page and "1, 3" in grid_page


def test_a_large_grid_is_solved_by_the_worker_and_a_changed_grid_is_superseded(
    settings: Any, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.TASKS = IMMEDIATE_TASKS
    settings.TALENTCENTER_EVENTS_SOLVE_IN_REQUEST_MAX = 0  # every grid is "large"
    setting = fair(talents=2, booths=1)
    created, booth, member = setting["event"], setting["booths"][0], setting["members"][0]
    plan(created, count=3, breaks=())
    for registration in setting["registrations"]:
        interviews.interest_shortlist(actor=member, booth=booth, registration=registration)
    staff = staff_user()
    client = staff_client_with_second_factor(staff)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        answered = client.post(f"/en/backoffice/events/{created.pk}/interviews/solve/", follow=True)

    assert len(callbacks) == 1
    assert "runs in the background" in answered.content.decode()
    record = InterviewGrid.objects.get(event=created)
    assert record.solve_job_status == SolveJobStatus.DONE and record.solve_job_finished_at is not None
    assert len(timetable(created)) == 2 and record.solved_by == staff
    page = client.get(f"/en/backoffice/events/{created.pk}/interviews/").content.decode()
    assert "Background solve" in page and 'http-equiv="refresh"' not in page
    # The task retried: the job is done, nothing runs again.
    assert interviews.interview_grid_solve_job_run(event_id=created.pk, token=record.solve_job_token) == "done"

    # A change while the worker solves: the timetable is not written, the job says why.
    real_solve = grid.solve

    def solve_while_someone_edits(problem: Any, **options: Any) -> Any:
        InterviewGrid.objects.filter(event=created).update(version=F("version") + 1)
        return real_solve(problem, **options)

    monkeypatch.setattr(interviews.grid, "solve", solve_while_someone_edits)
    api = Client(headers={"Authorization": f"Bearer {token_for(staff)}"})
    with django_capture_on_commit_callbacks(execute=False) as queued:
        accepted = api.post(f"/api/v1/staff/events/{created.pk}/interviews/solve", {}, content_type="application/json")
    assert accepted.status_code == 202 and accepted.json()["status"] == "queued"
    assert api.get(accepted.json()["status_url"]).json()["status"] == "queued"
    refused = api.post(f"/api/v1/staff/events/{created.pk}/interviews/solve", {}, content_type="application/json")
    assert refused.status_code == 409  # one at a time
    assert (
        client.get(f"/en/backoffice/events/{created.pk}/interviews/").content.decode().count('http-equiv="refresh"')
        == 1
    )
    before = timetable(created)

    queued[0]()

    job = api.get(accepted.json()["status_url"]).json()
    assert job["status"] == "superseded" and "run it again" in job["message"]
    assert timetable(created) == before

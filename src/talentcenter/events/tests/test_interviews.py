"""The interview grid in the database: slots, interests with their match score, the optimiser's run
written atomically (pins kept, a run refused when the grid moved meanwhile), and hand edits held to
the optimiser's hard constraints."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from talentcenter.audit.models import AuditEvent
from talentcenter.events import grid
from talentcenter.events.enums import RegistrationStatus
from talentcenter.events.models import Event, Interview, InterviewGrid, InterviewInterest, TalentRegistration
from talentcenter.events.services import interviews
from talentcenter.events.services.booths import booth_register
from talentcenter.events.services.registrations import registration_cancel, talent_register
from talentcenter.events.tests.support import event, staff_user
from talentcenter.jobs.tests.talent_support import OTHER_SKILL, complete_profile, opening
from talentcenter.matching.services import profile_vector_refresh
from talentcenter.talent.enums import Visibility
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def fair(*, talents: int = 4, booths: int = 2) -> dict[str, Any]:
    """A fair with confirmed talents (matching profiles in the index) and booths with an opening."""
    created = event(talent_capacity=talents, company_capacity=booths)
    registrations = []
    for number in range(talents):
        # Discoverable (complete, and visible to verified companies) but the last one, who is not.
        discoverable = number < talents - 1 or talents == 1
        profile = complete_profile(
            skills={OTHER_SKILL: 2} if number % 2 else None,
            visibility=Visibility.VERIFIED_COMPANIES if discoverable else Visibility.PRIVATE,
            completed_at=timezone.now(),
        )
        profile_vector_refresh(profile_id=profile.pk)
        registrations.append(talent_register(actor=profile.user, event=created))
    members, stands = [], []
    for _ in range(booths):
        company = CompanyFactory()
        member = MembershipFactory(company=company).user
        stands.append(
            booth_register(
                actor=member, event=created, company=company, opening_ids=[opening(company).pk], interviewers_per_slot=1
            )
        )
        members.append(member)
    return {"event": created, "registrations": registrations, "booths": stands, "members": members}


def plan(created: Event, *, count: int = 4, breaks: tuple[int, ...] = (2,)) -> None:
    interviews.interview_slots_plan(
        actor=staff_user(),
        event=created,
        starts_at=created.starts_at + datetime.timedelta(hours=1),
        count=count,
        minutes=20,
        breaks=breaks,
    )


def timetable(created: Event) -> list[grid.Meeting]:
    return sorted(
        grid.Meeting(registration, booth, index)
        for registration, booth, index in Interview.objects.filter(event=created).values_list(
            "registration_id", "booth_id", "slot__index"
        )
    )


def test_slots_are_planned_by_staff_within_the_event_and_not_under_meetings() -> None:
    setting = fair(talents=2, booths=1)
    created = setting["event"]
    with pytest.raises(PermissionDenied):
        interviews.interview_slots_plan(
            actor=setting["members"][0], event=created, starts_at=created.starts_at, count=4, minutes=20
        )
    for bad, field in (
        ({"count": 0}, "count"),
        ({"minutes": 2}, "minutes"),
        ({"breaks": (9,)}, "breaks"),
        ({"starts_at": created.ends_at}, "starts_at"),
    ):
        arguments: dict[str, Any] = {"starts_at": created.starts_at, "count": 4, "minutes": 20, **bad}
        with pytest.raises(ValidationError) as error:
            interviews.interview_slots_plan(actor=staff_user(), event=created, **arguments)
        assert field in error.value.message_dict
    assert not created.interview_slots.exists()

    plan(created, count=6, breaks=(3,))
    assert [(slot.index, slot.is_break) for slot in created.interview_slots.all()] == [
        (0, False),
        (1, False),
        (2, False),
        (3, True),
        (4, False),
        (5, False),
    ]
    slots = list(created.interview_slots.all())
    assert all(later.starts_at == earlier.ends_at for earlier, later in itertools.pairwise(slots))

    booth, registration = setting["booths"][0], setting["registrations"][0]
    interviews.interview_place(actor=staff_user(), event=created, registration=registration, booth=booth, slot_index=0)
    with pytest.raises(ValidationError, match="remove them"):
        plan(created)


def test_a_shortlist_and_a_wish_make_one_interest_with_the_pair_s_match() -> None:
    setting = fair(talents=2, booths=1)
    booth, registration = setting["booths"][0], setting["registrations"][0]

    interest = interviews.interest_shortlist(actor=setting["members"][0], booth=booth, registration=registration)
    assert interest is not None and interest.shortlisted and not interest.wants_to_meet
    assert 0 < interest.score <= 1 and interest.opening_id == booth.openings.get().pk
    assert set(interest.explanation["components"]) >= {"skills"}

    talent = registration.profile.user
    interviews.interest_wish(actor=talent, registration=registration, booth=booth)
    assert InterviewInterest.objects.get().wants_to_meet

    # Neither side may act for the other.
    with pytest.raises(PermissionDenied):
        interviews.interest_shortlist(actor=talent, booth=booth, registration=registration)
    with pytest.raises(PermissionDenied):
        interviews.interest_wish(actor=setting["members"][0], registration=registration, booth=booth)

    member = setting["members"][0]
    interviews.interest_shortlist(actor=member, booth=booth, registration=registration, shortlisted=False)
    interviews.interest_wish(actor=talent, registration=registration, booth=booth, wants_to_meet=False)
    assert not InterviewInterest.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="events.interest_").count() == 4


def test_only_confirmed_talents_take_part() -> None:
    setting = fair(talents=1, booths=1)
    booth, registration = setting["booths"][0], setting["registrations"][0]
    TalentRegistration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.WAITLISTED)
    registration.refresh_from_db()

    with pytest.raises(ValidationError, match="confirmed"):
        interviews.interest_shortlist(actor=setting["members"][0], booth=booth, registration=registration)
    assert not InterviewInterest.objects.exists()


def _everyone_interested(setting: dict[str, Any]) -> None:
    for booth, member in zip(setting["booths"], setting["members"], strict=True):
        for registration in setting["registrations"]:
            interviews.interest_shortlist(actor=member, booth=booth, registration=registration)


def test_the_optimiser_writes_a_valid_timetable_keeping_what_staff_pinned() -> None:
    setting = fair(talents=4, booths=2)
    created = setting["event"]
    plan(created, count=4, breaks=(2,))
    _everyone_interested(setting)
    first, second = setting["registrations"][:2]
    pinned = interviews.interview_place(
        actor=staff_user(), event=created, registration=first, booth=setting["booths"][1], slot_index=3
    )

    record = interviews.interview_grid_solve(actor=staff_user(), event=created, seconds=5)

    meetings = timetable(created)
    snapshot = interviews.grid_snapshot(created)
    assert grid.violations(snapshot.problem, meetings) == []
    assert grid.Meeting(first.pk, setting["booths"][1].pk, 3) in meetings
    assert Interview.objects.get(pk=pinned.pk).pinned
    # 2 booths x 3 usable slots, 4 talents who all match: each talent gets at least one interview.
    assert {meeting.talent_id for meeting in meetings} == {registration.pk for registration in setting["registrations"]}
    assert record.talents_interviewed == 4 and record.solve_status in {"optimal", "feasible"}
    assert AuditEvent.objects.filter(action="events.interview_grid_solved").count() == 1

    # Run again: the pinned meeting stays, the others are replaced, never doubled.
    interviews.interview_grid_solve(actor=staff_user(), event=created, draft=True)
    assert Interview.objects.filter(event=created).count() == len(timetable(created))
    assert grid.violations(interviews.grid_snapshot(created).problem, timetable(created)) == []
    assert Interview.objects.filter(pk=pinned.pk).exists()
    del second


def test_a_run_is_refused_when_the_grid_changed_while_it_was_solving(monkeypatch: pytest.MonkeyPatch) -> None:
    setting = fair(talents=2, booths=2)
    created = setting["event"]
    plan(created)
    _everyone_interested(setting)
    real_solve = grid.solve

    def solve_while_a_company_changes_its_shortlist(problem: grid.GridProblem, **options: Any) -> grid.GridResult:
        interviews.interest_shortlist(
            actor=setting["members"][0],
            booth=setting["booths"][0],
            registration=setting["registrations"][0],
            shortlisted=False,
        )
        return real_solve(problem, **options)

    monkeypatch.setattr(grid, "solve", solve_while_a_company_changes_its_shortlist)

    with pytest.raises(ValidationError, match="run it again"):
        interviews.interview_grid_solve(actor=staff_user(), event=created, seconds=2)
    assert not Interview.objects.exists()
    assert InterviewGrid.objects.get(event=created).solved_at is None


def test_hand_edits_keep_the_hard_constraints_and_are_pinned() -> None:
    setting = fair(talents=2, booths=2)
    created = setting["event"]
    plan(created, count=3, breaks=(1,))
    first, second = setting["registrations"]
    one, two = setting["booths"]
    staff = staff_user()
    placed = interviews.interview_place(actor=staff, event=created, registration=first, booth=one, slot_index=0)
    assert placed.pinned

    refusals = [
        ({"registration": second, "booth": one, "slot_index": 0}, "no free interviewer"),  # 1 interviewer
        ({"registration": first, "booth": two, "slot_index": 0}, "another meeting"),  # talent double-booked
        ({"registration": first, "booth": one, "slot_index": 2}, "already meets"),  # the same pair twice
        ({"registration": second, "booth": two, "slot_index": 1}, "a break"),
        ({"registration": second, "booth": two, "slot_index": 7}, "does not exist"),
    ]
    for arguments, message in refusals:
        with pytest.raises(ValidationError, match=message):
            interviews.interview_place(actor=staff, event=created, **arguments)
    assert timetable(created) == [grid.Meeting(first.pk, one.pk, 0)]

    moved = interviews.interview_place(
        actor=staff, event=created, registration=first, booth=one, slot_index=2, interview=placed
    )
    assert moved.pk == placed.pk and timetable(created) == [grid.Meeting(first.pk, one.pk, 2)]
    interviews.interview_pin(actor=staff, interview=moved, pinned=False)
    assert not Interview.objects.get(pk=moved.pk).pinned
    interviews.interview_remove(actor=staff, interview=moved)
    assert not Interview.objects.exists()
    with pytest.raises(PermissionDenied):
        interviews.interview_place(
            actor=setting["members"][0], event=created, registration=first, booth=one, slot_index=0
        )


def test_a_cancelled_registration_loses_its_meetings_at_the_next_run() -> None:
    setting = fair(talents=2, booths=1)
    created = setting["event"]
    plan(created, count=2, breaks=())
    _everyone_interested(setting)
    first = setting["registrations"][0]
    interviews.interview_place(
        actor=staff_user(), event=created, registration=first, booth=setting["booths"][0], slot_index=0
    )
    registration_cancel(actor=first.profile.user, registration=first)

    interviews.interview_grid_solve(actor=staff_user(), event=created, seconds=2)

    assert first.pk not in {meeting.talent_id for meeting in timetable(created)}
    assert {meeting.talent_id for meeting in timetable(created)} == {setting["registrations"][1].pk}

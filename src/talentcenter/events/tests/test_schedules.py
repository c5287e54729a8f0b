"""Interview schedules: calendar files with a stable UID, a SEQUENCE bumped by each move and the
venue's zone; sending them once (a retry sends nothing) and every change after; cancellations
removing future interviews in the same transaction; held / no-show marking by the booth's company."""

from __future__ import annotations

import datetime
import email
from typing import Any

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from talentcenter.audit.models import AuditEvent
from talentcenter.events import grid, ics
from talentcenter.events.enums import InterviewStatus
from talentcenter.events.models import Interview, InterviewSlot
from talentcenter.events.services import interviews, schedules
from talentcenter.events.services.booths import booth_cancel, booth_register
from talentcenter.events.services.events import event_cancel
from talentcenter.events.services.interviews import _write_timetable
from talentcenter.events.services.registrations import registration_cancel, talent_register
from talentcenter.events.tests.support import event, staff_user
from talentcenter.notifications.models import Notification, OutboundEmail
from tests.factories import CompanyFactory, MembershipFactory, TalentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def new_york_fair() -> dict[str, Any]:
    """A roadshow in New York with two talents (the first reads Korean) and two booths; three
    20-minute slots from 10:00 local time; A meets X at 10:00 and Y at 10:20, B meets X at 10:20."""
    created = event(
        talent_capacity=2,
        company_capacity=2,
        title_en="Korea Tech Roadshow New York",
        title_ko="코리아 테크 로드쇼 뉴욕",
        venue_name="Javits Center",
        city="New York",
        time_zone="America/New_York",
    )
    talents = [
        talent_register(actor=TalentProfileFactory(user=UserFactory(preferred_language=language)).user, event=created)
        for language in ("ko", "en")
    ]
    booths, members = [], []
    for name in ("Hanbit Robotics", "Daehan Semiconductor"):
        company = CompanyFactory(name_en=name, name_ko=name)
        member = MembershipFactory(company=company).user
        booths.append(booth_register(actor=member, event=created, company=company))
        members.append(member)
    staff = staff_user()
    local = created.starts_at.astimezone(created.zone)
    ten = local.replace(hour=10, minute=0, second=0, microsecond=0)
    if ten < local:
        ten += datetime.timedelta(days=1)
    created.ends_at = ten + datetime.timedelta(hours=8)
    created.save(update_fields=["ends_at"])
    interviews.interview_slots_plan(actor=staff, event=created, starts_at=ten, count=3, minutes=20)
    a_x = interviews.interview_place(actor=staff, event=created, registration=talents[0], booth=booths[0], slot_index=0)
    a_y = interviews.interview_place(actor=staff, event=created, registration=talents[0], booth=booths[1], slot_index=1)
    b_x = interviews.interview_place(actor=staff, event=created, registration=talents[1], booth=booths[0], slot_index=1)
    return {
        "event": created,
        "talents": talents,
        "booths": booths,
        "members": members,
        "staff": staff,
        "a_x": a_x,
        "a_y": a_y,
        "b_x": b_x,
    }


def mails() -> Any:
    return OutboundEmail.objects.filter(template="interview_schedule")


def uid_of(interview_id: int) -> str:
    return ics.interview_uid(interview_id)


def parse(text: str | bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def by_uid(calendar: icalendar.Calendar) -> dict[str, Any]:
    return {str(item["UID"]): item for item in calendar.walk("VEVENT")}


def attachments(message: OutboundEmail) -> dict[str, icalendar.Calendar]:
    return {item["params"]["method"]: parse(item["text"]) for item in message.attachments}


def test_a_calendar_file_keeps_the_uid_bumps_the_sequence_and_carries_the_venues_zone() -> None:
    world = new_york_fair()
    registration, meeting = world["talents"][0], world["a_x"]
    uid = uid_of(meeting.pk)

    with translation.override("ko"):
        calendar = parse(schedules.talent_calendar(registration))

    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    entry = by_uid(calendar)[uid]
    assert entry.start.strftime("%H:%M") == "10:00"
    assert entry.start == meeting.slot.starts_at
    assert entry.end - entry.start == datetime.timedelta(minutes=20)
    assert "DTSTART;TZID=America/New_York:" in calendar.to_ical().decode()
    assert int(entry["SEQUENCE"]) == 0
    assert "Hanbit Robotics" in str(entry["SUMMARY"]) and "면접" in str(entry["SUMMARY"])
    assert "Javits Center" in str(entry["LOCATION"])
    assert str(calendar["METHOD"]) == "PUBLISH"

    # When staff move it by hand, then the optimiser's write keeps it where it is and swaps two others
    interviews.interview_place(
        actor=world["staff"],
        event=world["event"],
        registration=registration,
        booth=world["booths"][0],
        slot_index=2,
        interview=meeting,
    )
    slot_ids = dict(InterviewSlot.objects.filter(event=world["event"]).values_list("index", "pk"))
    a_y, b_x = world["a_y"], world["b_x"]
    _write_timetable(
        world["event"],
        [
            grid.Meeting(registration.pk, world["booths"][0].pk, 2),
            grid.Meeting(registration.pk, world["booths"][1].pk, 0),  # a_y moves from 1 to 0
            grid.Meeting(world["talents"][1].pk, world["booths"][0].pk, 1),  # b_x stays
        ],
        slot_ids,
    )

    # Then every interview keeps its id (the UID); each move raised its sequence by one
    with translation.override("en"):
        moved = by_uid(parse(schedules.talent_calendar(registration)))
    assert set(moved) == {uid, uid_of(a_y.pk)}
    assert int(moved[uid]["SEQUENCE"]) == 1 and moved[uid].start.strftime("%H:%M") == "10:40"
    assert int(moved[uid_of(a_y.pk)]["SEQUENCE"]) == 1
    assert Interview.objects.get(pk=b_x.pk).sequence == 0
    assert "Interview with Hanbit Robotics" in str(moved[uid]["SUMMARY"])


def test_schedules_are_sent_once_then_each_change_to_the_people_it_concerns(
    django_capture_on_commit_callbacks: Any,
) -> None:
    world = new_york_fair()
    a_x = world["a_x"]

    # When staff send the schedules: one task on commit, through the worker
    with django_capture_on_commit_callbacks() as callbacks:
        schedules.interview_schedules_send(actor=world["staff"], event=world["event"])
    assert len(callbacks) == 1
    assert schedules.schedules_deliver(event_id=world["event"].pk) == 4  # two talents, two booths

    # Then each talent and each booth's member has one e-mail with the schedule, in their language
    sent = {message.to: message for message in mails()}
    assert len(sent) == 4
    korean = sent[world["talents"][0].profile.user.email]
    assert korean.language == "ko" and "면접" in korean.subject
    calendar = attachments(korean)["PUBLISH"]
    assert len(by_uid(calendar)) == 2
    booth_file = attachments(sent[world["members"][0].email])["PUBLISH"]
    assert str(world["talents"][1].profile) in str(by_uid(booth_file)[uid_of(world["b_x"].pk)]["SUMMARY"])
    assert Notification.objects.filter(kind="events.interview_schedule").count() == 4
    assert AuditEvent.objects.filter(action="events.interview_schedules_sent").count() == 1

    # A retry (or pressing the button again) sends nothing
    assert schedules.schedules_deliver(event_id=world["event"].pk) == 0
    assert mails().count() == 4

    # When one interview moves, only its two sides are sent the update with the same UID
    with django_capture_on_commit_callbacks() as callbacks:
        interviews.interview_place(
            actor=world["staff"],
            event=world["event"],
            registration=world["talents"][0],
            booth=world["booths"][0],
            slot_index=2,
            interview=a_x,
        )
    assert len(callbacks) == 1
    assert schedules.schedules_deliver(event_id=world["event"].pk) == 2
    update = mails().filter(to=world["talents"][0].profile.user.email).order_by("-pk").first()
    assert update is not None
    moved = by_uid(attachments(update)["PUBLISH"])[uid_of(a_x.pk)]
    assert int(moved["SEQUENCE"]) == 1

    # When it is removed, both sides get its cancellation: same UID, a higher sequence
    interviews.interview_remove(actor=world["staff"], interview=a_x.pk)
    assert schedules.schedules_deliver(event_id=world["event"].pk) == 2
    member_mail = mails().filter(to=world["members"][0].email).order_by("-pk").first()
    assert member_mail is not None
    cancel = attachments(member_mail)["CANCEL"]
    assert str(cancel["METHOD"]) == "CANCEL"
    [gone] = cancel.walk("VEVENT")
    assert str(gone["UID"]) == uid_of(a_x.pk)
    assert str(gone["STATUS"]) == "CANCELLED" and int(gone["SEQUENCE"]) == 2
    assert [str(zone["TZID"]) for zone in cancel.walk("VTIMEZONE")] == ["America/New_York"]
    assert schedules.schedules_deliver(event_id=world["event"].pk) == 0


def test_a_cancelled_registration_or_booth_loses_its_future_interviews_at_once() -> None:
    world = new_york_fair()
    schedules.interview_schedules_send(actor=world["staff"], event=world["event"])
    schedules.schedules_deliver(event_id=world["event"].pk)
    first = world["talents"][0]

    registration_cancel(actor=first.profile.user, registration=first)

    assert not Interview.objects.filter(registration=first).exists()
    audit = AuditEvent.objects.get(action="events.registration_cancelled")
    assert sorted(audit.changes["interviews_removed"]) == sorted([world["a_x"].pk, world["a_y"].pk])
    before = mails().count()
    assert schedules.schedules_deliver(event_id=world["event"].pk) == 3  # the talent and both booths
    for member in world["members"]:
        message = mails().filter(to=member.email).order_by("-pk").first()
        assert message is not None and "CANCEL" in attachments(message)
    assert mails().count() == before + 3

    booth_cancel(actor=world["members"][0], booth=world["booths"][0])

    assert not Interview.objects.filter(booth=world["booths"][0]).exists()
    assert schedules.schedules_deliver(event_id=world["event"].pk) == 2  # the booth and talent B
    message = mails().filter(to=world["talents"][1].profile.user.email).order_by("-pk").first()
    assert message is not None
    [gone] = attachments(message)["CANCEL"].walk("VEVENT")
    assert str(gone["UID"]) == uid_of(world["b_x"].pk)


def test_a_cancelled_event_takes_every_future_interview_off_every_calendar() -> None:
    world = new_york_fair()
    schedules.interview_schedules_send(actor=world["staff"], event=world["event"])
    schedules.schedules_deliver(event_id=world["event"].pk)
    placed = sorted(interview.pk for interview in (world["a_x"], world["a_y"], world["b_x"]))

    event_cancel(actor=world["staff"], event=world["event"], reason="The venue closed.")

    assert not Interview.objects.filter(event=world["event"]).exists()
    audit = AuditEvent.objects.get(action="events.event_cancelled")
    assert sorted(audit.changes["interviews_removed"]) == placed
    assert schedules.schedules_deliver(event_id=world["event"].pk) == 4  # both talents, both booths
    cancelled: set[str] = set()
    for address in [*(talent.profile.user.email for talent in world["talents"]), *(m.email for m in world["members"])]:
        message = mails().filter(to=address).order_by("-pk").first()
        assert message is not None
        calendar = attachments(message)["CANCEL"]
        cancelled |= {str(item["UID"]) for item in calendar.walk("VEVENT") if str(item["STATUS"]) == "CANCELLED"}
    assert cancelled == {uid_of(pk) for pk in placed}
    assert schedules.schedules_deliver(event_id=world["event"].pk) == 0


def test_only_the_booths_company_or_staff_mark_an_interview_and_only_once_it_started() -> None:
    world = new_york_fair()
    meeting = world["a_x"]
    started = meeting.slot.starts_at + datetime.timedelta(minutes=1)

    with pytest.raises(ValidationError) as early:
        schedules.interview_mark(actor=world["members"][0], interview=meeting, outcome="no_show")
    assert early.value.code == "conflict"
    for outsider in (world["members"][1], world["talents"][0].profile.user, MembershipFactory().user):
        with pytest.raises(PermissionDenied):
            schedules.interview_mark(actor=outsider, interview=meeting, outcome="held", now=started)
    assert not AuditEvent.objects.filter(action="events.interview_marked").exists()

    marked = schedules.interview_mark(actor=world["members"][0], interview=meeting, outcome="no_show", now=started)
    assert marked.status == InterviewStatus.NO_SHOW
    corrected = schedules.interview_mark(actor=world["staff"], interview=meeting, outcome="held", now=started)
    assert corrected.status == InterviewStatus.HELD
    assert [
        event.changes["status"] for event in AuditEvent.objects.filter(action="events.interview_marked").order_by("pk")
    ] == [
        ["scheduled", "no_show"],
        ["no_show", "held"],
    ]


def test_the_schedule_reaches_a_real_smtp_server_with_the_calendar_attached(
    smtp_settings: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
    world = new_york_fair()
    with django_capture_on_commit_callbacks(execute=True):
        schedules.interview_schedules_send(actor=world["staff"], event=world["event"])

    received = {message["To"]: message for message in smtp_settings.messages}
    assert len(received) == 4
    message = email.message_from_bytes(received[world["talents"][1].profile.user.email].as_bytes())
    [part] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "PUBLISH"
    assert part.get_filename().endswith(".ics")
    calendar = parse(part.get_payload(decode=True))
    assert uid_of(world["b_x"].pk) in by_uid(calendar)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/New_York"]

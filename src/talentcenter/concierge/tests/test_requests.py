"""Requests as tickets: the life of a request with its paused service-level clock, internal notes
hidden from the person, attachments checked by content, rating once, and the refusals."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command

from talentcenter.audit.models import AuditEvent
from talentcenter.concierge import selectors, services
from talentcenter.concierge.enums import RequestStatus, ServiceCategory
from talentcenter.concierge.models import ConciergeRequest
from talentcenter.concierge.services import Upload
from talentcenter.concierge.tests.support import desk, make_request, pdf_bytes, person
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.notifications.models import Notification

pytestmark = pytest.mark.django_db

# Monday 1 March 2027 is 삼일절 (a holiday); Tuesday the 2nd is a working day.
TUESDAY = datetime(2027, 3, 2, 1, 0, tzinfo=UTC)  # 10:00 in Seoul


def at(day: int, hour: int = 1) -> datetime:
    return datetime(2027, 3, day, hour, 0, tzinfo=UTC)


def test_a_request_runs_its_clock_pauses_while_waiting_and_closes_with_a_rating() -> None:
    # Given a person's housing request (5 working days) made on Tuesday 2 March
    holder, member = person(), desk()
    request = make_request(holder, now=TUESDAY)
    assert (request.status, request.sla_working_days, request.due_date) == ("new", 5, date(2027, 3, 8))
    assert Notification.objects.filter(recipient=holder, kind="concierge.request_received").count() == 1

    # When the desk asks a question on Thursday the 4th, the clock stops and the due date is unknown
    services.request_message(actor=member, request=request, body="Which district?", wait_for_reply=True, now=at(4))
    request.refresh_from_db()
    assert (request.status, request.due_date, request.assignee_id) == (RequestStatus.WAITING, None, member.pk)
    assert request.first_response_at == at(4)

    # ... and the person replies on Wednesday the 10th: the working days in between do not count
    services.request_message(actor=holder, request=request, body="Bundang, please.", now=at(10))
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    assert request.paused_since is None
    # 2, 3, 4 used (3 days); 5, 8, 9, 10 paused; 11, 12 used -> 5 days on Friday the 12th
    assert request.due_date == date(2027, 3, 12)

    # When the desk resolves it in time, and the person rates it, it closes
    services.request_transition(actor=member, request=request, name="resolve", now=at(11))
    request.refresh_from_db()
    assert (request.status, request.met_sla) == (RequestStatus.RESOLVED, True)
    services.request_rate(actor=holder, request=request, rating=4, comment="Quick and kind.", now=at(12))
    request.refresh_from_db()
    assert (request.status, request.rating, request.rating_comment) == (RequestStatus.CLOSED, 4, "Quick and kind.")
    actions = list(AuditEvent.objects.filter(subject_id=str(request.pk)).values_list("action", flat=True))
    assert actions.count("concierge.request_moved") == 4  # ask, answer, resolve, close

    # Then a second rating is refused and nothing changes
    with pytest.raises(ValidationError):
        services.request_rate(actor=holder, request=request, rating=1)
    request.refresh_from_db()
    assert request.rating == 4


def test_internal_notes_are_for_the_desk_only_and_refused_to_the_person() -> None:
    holder, member = person(), desk()
    request = make_request(holder)
    services.request_message(actor=member, request=request, body="Landlord known to us; check the lien.", internal=True)
    services.request_message(actor=member, request=request, body="We found three flats.")
    assert [message.body for message in selectors.messages_for_person(request)] == [
        "We need a two-bedroom flat near Pangyo from March.",
        "We found three flats.",
    ]
    assert len(selectors.messages_for_staff(request)) == 3
    assert not Notification.objects.filter(recipient=holder, kind="concierge.note_added").exists()
    with pytest.raises(PermissionDenied):
        services.request_message(actor=holder, request=request, body="Let me see notes", internal=True)


def test_somebody_else_may_not_write_rate_or_withdraw_and_staff_may_not_move_by_hand() -> None:
    holder, stranger, member = person(), person(), desk()
    request = make_request(holder)
    with pytest.raises(PermissionDenied):
        services.request_message(actor=stranger, request=request, body="Hello")
    with pytest.raises(PermissionDenied):
        services.request_transition(actor=stranger, request=request, name="withdraw")
    with pytest.raises(PermissionDenied):
        services.request_transition(actor=holder, request=request, name="resolve")
    with pytest.raises(TransitionNotAllowed):
        services.request_rate(actor=holder, request=request, rating=5)  # not resolved yet
    with pytest.raises(TransitionNotAllowed):
        services.request_transition(actor=member, request=request, name="close")  # only from resolved
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW
    assert not AuditEvent.objects.filter(subject_id=str(request.pk), action="concierge.request_moved").exists()


def test_attachments_are_checked_by_content_and_stored_under_a_safe_name() -> None:
    holder = person()
    request = make_request(holder, files=[Upload(name="lease.pdf", data=pdf_bytes("Lease"))])
    attachment = request.messages.get().attachments.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.startswith("concierge/")
    assert default_storage.exists(attachment.file.name)
    with pytest.raises(ValidationError) as refused:
        make_request(holder, files=[Upload(name="photo.pdf", data=b"MZ\x90\x00 not a pdf")])
    assert "files" in refused.value.message_dict
    assert ConciergeRequest.objects.filter(requester=holder).count() == 1


def test_the_desk_statistics_count_service_level_and_satisfaction_by_category() -> None:
    holder, member = person(), desk()
    in_time = make_request(holder, category=ServiceCategory.TAX, now=TUESDAY)
    late = make_request(holder, category=ServiceCategory.TAX, now=TUESDAY)
    services.request_transition(actor=member, request=in_time, name="resolve", now=at(3))
    services.request_transition(actor=member, request=late, name="resolve", now=at(31))
    services.request_rate(actor=holder, request=in_time, rating=5)
    services.request_rate(actor=holder, request=late, rating=2)
    tax = next(row for row in selectors.desk_statistics() if row.category == ServiceCategory.TAX)
    assert (tax.requests, tax.resolved, tax.resolved_in_time, tax.attainment) == (2, 2, 1, 50.0)
    assert (tax.ratings, tax.average_rating) == (2, 3.5)


def test_a_changed_service_level_applies_to_new_requests() -> None:
    member = desk()
    services.sla_set(actor=member, category=ServiceCategory.HOUSING, working_days=2)
    assert make_request(person()).sla_working_days == 2
    with pytest.raises(ValidationError):
        services.sla_set(actor=member, category=ServiceCategory.HOUSING, working_days=0)
    with pytest.raises(PermissionDenied):
        services.sla_set(actor=person(), category=ServiceCategory.HOUSING, working_days=9)


def test_the_periodic_run_closes_requests_resolved_long_ago_once_and_asks_for_a_rating() -> None:
    holder, member = person(), desk()
    month_ago = datetime.now(UTC) - timedelta(days=30)
    old = make_request(holder, now=month_ago)
    services.request_transition(actor=member, request=old, name="resolve", now=month_ago + timedelta(days=1))
    recent = make_request(holder)
    services.request_transition(actor=member, request=recent, name="resolve")
    output = io.StringIO()
    call_command("periodic", stdout=output)
    assert "closed 1 resolved concierge requests" in output.getvalue()
    assert services.requests_close_resolved(now=datetime.now(UTC)) == 0
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, recent.status) == (RequestStatus.CLOSED, RequestStatus.RESOLVED)
    assert Notification.objects.filter(recipient=holder, kind="concierge.closed").count() == 1

"""Petitions from filing to rating: confirmation by link, receipt numbers, deadlines in working
days, extension once, transfer, four eyes, duplicates, FAQ anonymisation and erasure."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from talentcenter.audit.models import AuditEvent
from talentcenter.inquiries import periods, services
from talentcenter.inquiries.anonymise import anonymise_text
from talentcenter.inquiries.enums import InquiryCategory, InquiryStatus
from talentcenter.inquiries.models import FaqEntry, Inquiry
from talentcenter.inquiries.tests.support import filed, link_in_last_email, received, staff_user
from talentcenter.notifications.models import OutboundEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SEOUL = datetime.timezone(datetime.timedelta(hours=9))


def test_a_petition_is_received_only_once_its_address_is_confirmed():
    inquiry = filed()
    assert inquiry.status == InquiryStatus.UNVERIFIED
    assert inquiry.receipt_number is None
    assert OutboundEmail.objects.filter(to="minji@example.org").count() == 1

    token = link_in_last_email("minji@example.org", "confirm").rstrip("/").rsplit("/", 1)[1]
    inquiry = services.inquiry_verify(token=token)
    again = services.inquiry_verify(token=token)

    assert inquiry.status == InquiryStatus.RECEIVED
    assert again.receipt_number == inquiry.receipt_number
    assert inquiry.receipt_number.endswith("-000001")
    assert "/inquiries/track/" in OutboundEmail.objects.filter(to="minji@example.org").latest("pk").body_text
    assert list(
        AuditEvent.objects.filter(subject_id=str(inquiry.pk)).order_by("pk").values_list("action", flat=True)
    ) == [
        "inquiries.filed",
        "inquiries.received",
    ]


def test_a_forged_or_expired_confirmation_link_is_refused():
    inquiry = filed()
    token = link_in_last_email(inquiry.email, "confirm").rstrip("/").rsplit("/", 1)[1]
    with pytest.raises(ValidationError):
        services.inquiry_verify(token=token[:-2] + "xx")
    later = datetime.datetime.now(tz=SEOUL) + datetime.timedelta(hours=49)
    with time_machine.travel(later), pytest.raises(ValidationError):
        services.inquiry_verify(token=token)
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.UNVERIFIED


def test_bad_input_stores_nothing():
    with pytest.raises(ValidationError) as refusal:
        services.inquiry_file(
            actor=None, category="inquiry", subject="x", body="y" * 5001, name="A", email="a@example.org", language="en"
        )
    assert "body" in refusal.value.message_dict
    with pytest.raises(ValidationError):
        services.inquiry_file(
            actor=None,
            category="inquiry",
            subject="x",
            body="y",
            name="A",
            email="a@example.org",
            language="en",
            attachments=[services.Upload(name="run.pdf", data=b"MZ\x90\x00 program")],
        )
    assert Inquiry.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_receipt_numbers_run_per_year_and_a_signed_in_person_is_received_at_once():
    person = UserFactory(email="jane@example.org")
    with time_machine.travel(datetime.datetime(2026, 12, 31, 10, tzinfo=SEOUL)):
        first = services.inquiry_file(
            actor=person, category="suggestion", subject="s", body="b", name="Jane", email="", language="en"
        )
    with time_machine.travel(datetime.datetime(2027, 1, 4, 10, tzinfo=SEOUL)):
        second = services.inquiry_file(
            actor=person, category="suggestion", subject="t", body="c", name="Jane", email="", language="en"
        )
    assert (first.receipt_number, second.receipt_number) == ("2026-000001", "2027-000001")
    assert first.email == "jane@example.org"


@pytest.mark.parametrize(
    ("category", "expected_due"),
    [
        # Received Friday 2026-09-18: Chuseok (24-25 September on weekdays) and the substitute holiday
        # for National Foundation Day (Monday 5 October) and Hangul Day (Friday 9 October) are not counted.
        (InquiryCategory.INQUIRY, datetime.date(2026, 9, 30)),
        (InquiryCategory.SUGGESTION, datetime.date(2026, 10, 13)),
        (InquiryCategory.OTHER, datetime.date(2026, 9, 22)),
    ],
)
def test_the_deadline_counts_working_days_from_the_day_of_receipt(category, expected_due):
    received_at = datetime.datetime(2026, 9, 18, 10, tzinfo=SEOUL)
    period = periods.period_for(category, received_at.date())
    assert periods.due_date(received_at=received_at, working_days=period.working_days) == expected_due


def test_the_deadline_is_extended_once_by_at_most_the_original_period_and_the_petitioner_is_told():
    staff = staff_user()
    inquiry = received()
    with pytest.raises(ValidationError):
        services.inquiry_extend(actor=staff, inquiry=inquiry, reason="Waiting for the ministry", working_days=8)
    before = inquiry.due_date
    extended = services.inquiry_extend(actor=staff, inquiry=inquiry, reason="Waiting for the ministry", working_days=7)
    assert extended.original_due_date == before and extended.due_date > before
    assert "Waiting for the ministry" in OutboundEmail.objects.filter(to=inquiry.email).latest("pk").body_text
    with pytest.raises(ValidationError):
        services.inquiry_extend(actor=staff, inquiry=inquiry, reason="Again", working_days=1)


def test_a_transfer_closes_the_petition_here_and_tells_where_it_went():
    inquiry = services.inquiry_transfer(
        actor=staff_user(), inquiry=received(), agency="Ministry of Justice", reason="Visa decisions are theirs"
    )
    assert inquiry.status == InquiryStatus.TRANSFERRED
    assert "Ministry of Justice" in OutboundEmail.objects.filter(to=inquiry.email).latest("pk").subject
    with pytest.raises(ValidationError):
        services.answer_draft(actor=staff_user(), inquiry=inquiry, answer="Too late")


def test_an_answer_needs_a_second_member_of_staff_and_is_rated_once():
    author, reviewer = staff_user(), staff_user()
    inquiry = services.answer_draft(actor=author, inquiry=received(), answer="Yes, for up to two years.")
    with pytest.raises(PermissionDenied):
        services.answer_approve(actor=author, inquiry=inquiry)
    with pytest.raises(PermissionDenied):
        services.answer_approve(actor=UserFactory(), inquiry=inquiry)
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.IN_REVIEW

    inquiry = services.answer_approve(actor=reviewer, inquiry=inquiry)
    assert (inquiry.status, inquiry.approved_by, inquiry.drafted_by) == (InquiryStatus.ANSWERED, reviewer, author)
    services.inquiry_rate(inquiry=inquiry, rating=5, comment="Clear")
    with pytest.raises(ValidationError):
        services.inquiry_rate(inquiry=inquiry, rating=1)


def test_the_same_address_asking_nearly_the_same_is_flagged_as_a_duplicate():
    first = received()
    second = received(body="May I hold a D-10 job seeking visa after graduating from a top 100 university?!")
    other = received(subject="Housing", body="Can the center help me find an apartment near Pangyo?")
    assert second.duplicate_of == first
    assert other.duplicate_of is None


def test_an_faq_entry_from_an_answer_masks_the_petitioner_and_needs_both_languages_to_publish():
    author, reviewer = staff_user(), staff_user()
    inquiry = received(body="I am Kim Minji (minji@example.org, 010-1234-5678). May I hold a D-10 visa?")
    services.answer_draft(actor=author, inquiry=inquiry, answer="Dear Kim Minji, yes.")
    services.answer_approve(actor=reviewer, inquiry=inquiry)
    entry = services.faq_create_from_inquiry(actor=author, inquiry=inquiry)
    assert "minji@example.org" not in entry.question_en
    assert "010-1234-5678" not in entry.question_en
    assert "Minji" not in entry.question_en and "Minji" not in entry.answer_en
    with pytest.raises(ValidationError):
        services.faq_set_published(actor=author, entry=entry, published=True)
    services.faq_update(
        actor=author,
        entry=entry,
        category="inquiry",
        question_ko="D-10 비자를 받을 수 있습니까?",
        question_en="May I hold a D-10 visa?",
        answer_ko="네, 받을 수 있습니다.",
        answer_en="Yes.",
    )
    services.faq_set_published(actor=author, entry=entry, published=True)
    assert list(FaqEntry.objects.filter(published=True)) == [entry]


def test_anonymise_text_masks_addresses_numbers_and_names():
    text = "Call +82 10-1234-5678 or mail a.b@corp.co.kr, says Lee Jun-ho; RRN 900101-1234567."
    assert anonymise_text(text, names=["Lee Jun-ho"]) == "Call *** or mail ***, says ***; RRN ***."


def test_erasure_anonymises_the_petitions_of_the_person():
    person = UserFactory(email="minji@example.org")
    inquiry = received()
    services.anonymise_petitions_of(person)
    inquiry.refresh_from_db()
    assert (inquiry.email, inquiry.name) == ("", "")
    assert inquiry.receipt_number is not None
    assert inquiry.anonymised_at is not None


def test_the_periodic_command_deletes_unconfirmed_petitions_and_reminds_assignees_once():
    import io

    from django.core.management import call_command

    from talentcenter.notifications.models import Notification

    stale = filed(email="stale@example.org")
    Inquiry.objects.filter(pk=stale.pk).update(created_at=stale.created_at - datetime.timedelta(hours=49))
    fresh = filed(email="fresh@example.org")
    staff = staff_user()
    due = services.inquiry_assign(actor=staff, inquiry=received(), assignee=staff)
    Inquiry.objects.filter(pk=due.pk).update(due_date=datetime.date(2020, 1, 2))

    output = io.StringIO()
    call_command("periodic", stdout=output)
    call_command("periodic", stdout=io.StringIO())

    assert "deleted 1 unconfirmed petitions, sent 1 petition deadline reminders" in output.getvalue()
    assert list(Inquiry.objects.filter(status=InquiryStatus.UNVERIFIED)) == [fresh]
    assert AuditEvent.objects.filter(action="inquiries.unconfirmed_deleted", subject_id=str(stale.pk)).count() == 1
    assert Notification.objects.filter(recipient=staff, kind="inquiries.due_soon").count() == 1

"""The demo petitions cover every category and status, with overdue, extended, duplicate and rated ones."""

from __future__ import annotations

import pytest
from django.utils import timezone

from talentcenter.accounts.enums import Role
from talentcenter.cases.clock import seoul_date
from talentcenter.demo.accounts import SECOND_REVIEWER_EMAIL, STAFF_EMAIL
from talentcenter.demo.inquiries import demo_inquiries_ensure
from talentcenter.inquiries import selectors
from talentcenter.inquiries.enums import InquiryCategory, InquiryStatus
from talentcenter.inquiries.models import FaqEntry, Inquiry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_petitions_cover_every_state_and_are_made_once():
    UserFactory(email=STAFF_EMAIL, roles=[Role.STAFF_REVIEWER])
    UserFactory(email=SECOND_REVIEWER_EMAIL, roles=[Role.STAFF_REVIEWER])

    assert demo_inquiries_ensure(count=20) == 20  # the demo makes 60: three rounds of the same ten states
    assert demo_inquiries_ensure(count=20) == 0

    assert set(Inquiry.objects.values_list("status", flat=True)) == set(InquiryStatus.values)
    assert set(Inquiry.objects.values_list("category", flat=True)) == set(InquiryCategory.values)
    assert Inquiry.objects.exclude(duplicate_of=None).exists()
    assert Inquiry.objects.exclude(extended_at=None).exists()
    assert Inquiry.objects.exclude(rating=None).exists()
    assert selectors.inquiry_queue(today=seoul_date(timezone.now()), overdue_only=True).exists()
    assert selectors.faq_entries_published().count() == 6
    assert FaqEntry.objects.filter(published=False).count() == 1

"""Who sees which event, registration and booth."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from talentcenter.events import policies
from talentcenter.events.enums import EventStatus
from talentcenter.events.services.booths import booth_register
from talentcenter.events.services.registrations import talent_register
from talentcenter.events.tests.support import event, staff_user, talents
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.models import Company
from talentcenter.organizations.policies import CompanyNotVerified

pytestmark = pytest.mark.django_db


def test_the_public_sees_published_events_and_cancelled_ones_that_were_published():
    anonymous, staff = AnonymousUser(), staff_user()
    published = event()
    draft = event(status=EventStatus.DRAFT)
    withdrawn = event(status=EventStatus.CANCELLED, published_at=timezone.now(), cancelled_at=timezone.now())
    never_shown = event(status=EventStatus.CANCELLED, cancelled_at=timezone.now())

    visible = {e.slug for e in (published, draft, withdrawn, never_shown) if policies.can_view_event(anonymous, e)}

    assert visible == {published.slug, withdrawn.slug}
    assert all(policies.can_view_event(staff, e) for e in (published, draft, withdrawn, never_shown))
    with pytest.raises(Http404):
        policies.access_event_for_staff(user=anonymous, event_id=published.pk)


def test_a_registration_is_its_talents_and_a_booth_its_companys(company_member: Any):
    fair = event()
    owner, stranger = talents(2)
    registration = talent_register(actor=owner.user, event=fair)
    company = company_member.memberships.get().company
    booth = booth_register(actor=company_member, event=fair, company=company)

    assert policies.access_registration_for_talent(user=owner.user, registration_id=registration.pk) == registration
    with pytest.raises(Http404):
        policies.access_registration_for_talent(user=stranger.user, registration_id=registration.pk)
    with pytest.raises(Http404):
        policies.access_booth_for_company(user=owner.user, booth_id=booth.pk)
    Company.objects.filter(pk=company.pk).update(status=CompanyStatus.PENDING)
    with pytest.raises(CompanyNotVerified):
        policies.access_booth_for_company(user=company_member, booth_id=booth.pk)

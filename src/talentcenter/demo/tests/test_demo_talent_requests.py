"""The demo talent requests: made through the services, idempotent."""

from __future__ import annotations

import pytest

from talentcenter.demo.accounts import COMPANY_EMAIL, TALENT_EMAIL, demo_accounts_ensure
from talentcenter.demo.talent_requests import CURATED_TITLE, RELEASED_TITLE, demo_talent_requests_ensure
from talentcenter.jobs.enums import ShortlistStatus, TalentRequestStatus
from talentcenter.jobs.models import ProfileRelease, ShortlistEntry, TalentRequest

pytestmark = pytest.mark.django_db


def test_the_demo_requests_are_made_once_through_the_services() -> None:
    demo_accounts_ensure()

    assert demo_talent_requests_ensure() == 2
    assert demo_talent_requests_ensure() == 0

    curated = TalentRequest.objects.get(title=CURATED_TITLE)
    assert curated.company.memberships.filter(user__email=COMPANY_EMAIL).exists()
    assert curated.status == TalentRequestStatus.CURATING
    invited = ShortlistEntry.objects.get(talent_request=curated)
    assert (invited.profile.user.email, invited.status) == (TALENT_EMAIL, ShortlistStatus.INVITED)
    released = TalentRequest.objects.get(title=RELEASED_TITLE)
    assert released.status == TalentRequestStatus.SHORTLIST_SENT
    assert ProfileRelease.objects.filter(entry__talent_request=released).count() == 1
    assert TalentRequest.objects.count() == 2

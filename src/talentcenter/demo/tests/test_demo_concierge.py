"""The demo concierge: plans for the holders and requests in every state, made once."""

from __future__ import annotations

import pytest

from talentcenter.concierge.enums import RequestStatus
from talentcenter.concierge.models import ConciergeRequest, SettlementPlan
from talentcenter.demo.accounts import TALENT_EMAIL, demo_accounts_ensure
from talentcenter.demo.concierge import SCRIPT, demo_concierge_ensure
from talentcenter.demo.plan import TALENT_EMAIL_DOMAIN
from tests.factories import TalentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_requests_cover_every_state_and_are_made_once() -> None:
    demo_accounts_ensure()
    for number in range(len(SCRIPT) - 1):
        TalentProfileFactory(user=UserFactory(email=f"talent{number}@{TALENT_EMAIL_DOMAIN}"))

    assert demo_concierge_ensure() == 1 + len(SCRIPT)  # the demo talent's plan, and one request each
    assert demo_concierge_ensure() == 0

    assert set(ConciergeRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    assert SettlementPlan.objects.filter(person__email=TALENT_EMAIL).exists()
    late = ConciergeRequest.objects.filter(met_sla=False).first()
    assert late is not None and late.rating == 2
    assert ConciergeRequest.objects.filter(status=RequestStatus.OPEN, due_date__isnull=False).exists()

"""Who a company's notices go to."""

from __future__ import annotations

import pytest

from talentcenter.organizations.selectors import company_recipients
from tests.factories import CompanyFactory, MembershipFactory


@pytest.mark.django_db
def test_a_companys_recipients_are_its_members_in_the_order_they_joined() -> None:
    # given
    company = CompanyFactory()
    first = MembershipFactory(company=company)
    second = MembershipFactory(company=company)
    MembershipFactory()  # another company's member

    # when / then
    assert company_recipients(company_id=company.pk) == [first.user, second.user]

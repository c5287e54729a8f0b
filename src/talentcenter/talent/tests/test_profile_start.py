"""Only a professional starts a talent profile: staff and company people opening "My talent
profile" (by the page or the API) are told so, and nothing is created, nor a role granted."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.test import Client

from talentcenter.accounts.enums import Role
from talentcenter.talent.models import TalentProfile
from tests.api import token_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOT_PROFESSIONALS = {
    "staff": [Role.STAFF_REVIEWER],
    "policy analyst": [Role.POLICY_ANALYST],
    "company member": [Role.COMPANY_MEMBER],
}


@pytest.mark.parametrize("roles", NOT_PROFESSIONALS.values(), ids=NOT_PROFESSIONALS.keys())
@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_page_explains_and_starts_nothing(client: Client, roles: list[Role], language: str) -> None:
    # Given someone who is not a professional (staff signed in with their second factor)
    person = UserFactory(roles=roles)
    if person.is_back_office:
        client = staff_client_with_second_factor(person)
    else:
        client.force_login(person)

    # When they open "My talent profile"
    response = client.get(f"/{language}/talent/profile/")

    # Then they are told why, in their language, and no profile or talent role appears
    assert response.status_code == 403
    assert "talent/not_a_talent.html" in [template.name for template in response.templates]
    assert not TalentProfile.objects.filter(user=person).exists()
    person.refresh_from_db()
    assert not person.has_role(Role.TALENT)


@pytest.mark.parametrize("roles", NOT_PROFESSIONALS.values(), ids=NOT_PROFESSIONALS.keys())
def test_the_api_refuses_to_start_a_profile(client: Client, roles: list[Role]) -> None:
    person = UserFactory(roles=roles)

    response = client.patch(
        "/api/v1/me/profile",
        data={"given_name": "Ana"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_for(person)}"},
    )

    assert response.status_code == 403
    assert not TalentProfile.objects.filter(user=person).exists()


@pytest.mark.parametrize("roles", [[Role.TALENT], []], ids=["professional", "account older than the roles"])
def test_a_professional_starts_a_profile_on_first_visit(client: Client, roles: list[Any]) -> None:
    person = UserFactory(roles=roles)
    client.force_login(person)

    response = client.get("/en/talent/profile/")

    assert response.status_code == 302
    assert TalentProfile.objects.filter(user=person).exists()
    person.refresh_from_db()
    assert person.has_role(Role.TALENT)

"""Sign-up asks for the PIPA consents and the role; consents are kept as history and withdrawn."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from talentcenter.accounts.enums import ConsentKind, Role
from talentcenter.accounts.models import User
from talentcenter.privacy import services
from talentcenter.privacy.enums import CONSENT_TEXT_VERSION, Purpose
from talentcenter.privacy.models import Consent
from talentcenter.privacy.selectors import has_consent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Namsan-tower-cable-car-27"


def _signup(client: Client, **extra: Any) -> Any:
    data = {"email": "new.person@example.org", "password1": PASSWORD, "password2": PASSWORD, **extra}
    return client.post(reverse("account_signup"), data)


REQUIRED = {"consent_terms": "on", "consent_service": "on"}


def test_signup_records_each_consent_as_a_row_with_the_text_version_and_the_role() -> None:
    response = _signup(Client(), role="professional", consent_third_party_agencies="on", **REQUIRED)

    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    rows = set(Consent.objects.filter(user=user).values_list("purpose", "version", "withdrawn_at"))
    assert rows == {
        ("terms", CONSENT_TEXT_VERSION, None),
        ("service", CONSENT_TEXT_VERSION, None),
        ("third_party_agencies", CONSENT_TEXT_VERSION, None),
    }
    assert not has_consent(user, Purpose.THIRD_PARTY_COMPANIES)
    assert not has_consent(user, Purpose.MARKETING)
    assert user.has_role(Role.TALENT) and not user.has_role(Role.COMPANY_MEMBER)


def test_a_company_member_signs_up_as_one() -> None:
    _signup(Client(), role="company", **REQUIRED)

    user = User.objects.get(email="new.person@example.org")
    assert user.has_role(Role.COMPANY_MEMBER) and not user.has_role(Role.TALENT)


@pytest.mark.parametrize("missing", ["consent_terms", "consent_service", "role"])
def test_signup_is_refused_without_a_required_consent_or_the_role(missing: str) -> None:
    data = {"role": "professional", **REQUIRED}
    del data[missing]

    response = _signup(Client(), **data)

    assert response.status_code == 200
    assert missing in response.context["form"].errors
    assert not User.objects.exists()
    assert not Consent.objects.exists()


def test_signup_page_states_purpose_items_retention_and_refusal_for_each_consent() -> None:
    response = Client().get(reverse("account_signup"))

    content = response.content.decode()
    assert content.count("Your right to refuse") == 5
    for name in ("consent_terms", "consent_service", "consent_third_party_companies", "consent_third_party_agencies"):
        assert f'name="{name}"' in content
    assert 'name="role"' in content


def test_a_required_consent_cannot_be_withdrawn() -> None:
    user = UserFactory()
    services.consents_required_ensure(user=user)

    with pytest.raises(ValidationError):
        services.consent_withdraw(actor=user, purpose=Purpose.SERVICE)

    assert has_consent(user, Purpose.SERVICE)


def test_the_profile_preferences_answer_is_followed_by_the_ledger() -> None:
    user = UserFactory()
    from talentcenter.accounts.services import consent_record

    consent_record(user=user, kind=ConsentKind.MARKETING, granted=True)
    assert has_consent(user, Purpose.MARKETING)
    consent_record(user=user, kind=ConsentKind.MARKETING, granted=False)
    assert not has_consent(user, Purpose.MARKETING)


def test_my_privacy_page_withdraws_an_optional_consent() -> None:
    user = UserFactory()
    services.consent_give(actor=user, purpose=Purpose.MARKETING)
    client = Client()
    client.force_login(user)

    response = client.post(reverse("privacy:consent_change"), {"purpose": "marketing", "decision": "withdraw"})

    assert response.status_code == 302
    assert not has_consent(user, Purpose.MARKETING)
    page = client.get(reverse("privacy:mine"))
    assert page.status_code == 200
    assert "withdrawn on" in page.content.decode()

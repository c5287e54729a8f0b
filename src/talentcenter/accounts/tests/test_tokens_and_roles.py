import datetime

import pytest
from django.utils import timezone

from talentcenter.accounts import selectors, services
from talentcenter.accounts.enums import ConsentKind, Role
from talentcenter.accounts.models import ApiToken
from talentcenter.audit.models import AuditEvent
from tests.factories import UserFactory


def _user(secret: str) -> object:
    token = services.api_token_authenticate(secret=secret)
    return None if token is None else token.user


def test_a_token_secret_is_shown_once_and_only_its_hash_is_stored(db: None) -> None:
    user = UserFactory()

    token, secret = services.api_token_create(user=user, name="CI export")

    assert secret.startswith("tc_")
    assert secret not in ApiToken.objects.values_list("token_hash", flat=True)
    assert token.prefix == secret[:10]
    assert _user(secret) == user


@pytest.mark.parametrize("secret", ["", "tc_wrong", "x" * 500, "tc_\x00"])
def test_unknown_secrets_authenticate_nobody(db: None, secret: str) -> None:
    services.api_token_create(user=UserFactory(), name="t")

    assert _user(secret) is None


def test_revoked_expired_and_inactive_tokens_stop_working(db: None) -> None:
    user = UserFactory()
    revoked, revoked_secret = services.api_token_create(user=user, name="a")
    expired, expired_secret = services.api_token_create(user=user, name="b")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    _, inactive_secret = services.api_token_create(user=UserFactory(is_active=False), name="c")

    services.api_token_revoke(token=revoked, actor=user)

    assert _user(revoked_secret) is None
    assert _user(expired_secret) is None
    assert _user(inactive_secret) is None
    assert AuditEvent.objects.filter(action="account.api_token_revoked").count() == 1


def test_roles_are_groups_and_changes_are_audited(db: None) -> None:
    user = UserFactory()
    staff = UserFactory(roles=[Role.ADMINISTRATOR])

    services.user_grant_role(user=user, role=Role.STAFF_REVIEWER, actor=staff)
    services.user_grant_role(user=user, role=Role.STAFF_REVIEWER, actor=staff)

    assert user.has_role(Role.STAFF_REVIEWER)
    assert user.is_back_office
    assert AuditEvent.objects.filter(action="account.role_granted").count() == 1

    services.user_revoke_role(user=user, role=Role.STAFF_REVIEWER, actor=staff)
    assert not user.has_role(Role.STAFF_REVIEWER)
    assert not user.is_back_office


def test_the_latest_consent_answer_counts(db: None) -> None:
    user = UserFactory()

    services.consent_record(user=user, kind=ConsentKind.MARKETING, granted=True)
    services.consent_record(user=user, kind=ConsentKind.MARKETING, granted=False)

    assert selectors.consent_current(user=user, kind=ConsentKind.MARKETING) is False
    assert user.consents.count() == 2

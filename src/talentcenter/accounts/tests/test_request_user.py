"""The signed-in user of a request: a ``User`` for the services, never a guess."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.test import RequestFactory

from talentcenter.accounts.models import User
from talentcenter.accounts.policies import can_use_back_office, is_signed_in
from talentcenter.accounts.request_user import signed_in_user

pytestmark = pytest.mark.django_db


def _request_by(user: User | AnonymousUser) -> HttpRequest:
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_signed_in_user_is_the_user_of_the_request() -> None:
    user = User.objects.create_user("ana@example.com", "a long passphrase")
    assert signed_in_user(_request_by(user)) == user


def test_nobody_and_a_deactivated_user_are_refused() -> None:
    with pytest.raises(PermissionDenied):
        signed_in_user(_request_by(AnonymousUser()))
    gone = User.objects.create_user("gone@example.com", "a long passphrase", is_active=False)
    with pytest.raises(PermissionDenied):
        signed_in_user(_request_by(gone))


def test_predicates_answer_no_for_anyone_not_signed_in() -> None:
    for nobody in (None, AnonymousUser()):
        assert not is_signed_in(nobody)
        assert not can_use_back_office(nobody)

"""Rate limits count the real client: X-Forwarded-For only as far as our trusted proxies wrote it."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from django.test import Client, RequestFactory, override_settings
from hypothesis import given
from hypothesis import strategies as st

from talentcenter.accounts.client_ip import client_ip
from tests.api import ApiClient
from tests.factories import PASSWORD, UserFactory

PROXY = "10.0.0.5"
PROXIES = ["10.0.0.0/24", "2001:db8::/32"]


def _ip(remote: str, forwarded: str | None = None) -> str:
    extra = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


@override_settings(TALENTCENTER_TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert _ip("198.51.100.7", "203.0.113.9") == "198.51.100.7"


@override_settings(TALENTCENTER_TRUSTED_PROXIES=PROXIES)
def test_behind_trusted_proxies_the_first_untrusted_hop_from_the_right_is_the_client() -> None:
    assert _ip(PROXY, "203.0.113.9") == "203.0.113.9"
    assert _ip(PROXY, "1.2.3.4, 203.0.113.9, 10.0.0.7") == "203.0.113.9"
    assert _ip("2001:db8::1", "[2001:db8::2]:443, 198.51.100.1:5555") == "198.51.100.1"
    # a peer that is not our proxy cannot speak for anyone else
    assert _ip("198.51.100.7", "203.0.113.9") == "198.51.100.7"
    # a proxy that forwarded nothing readable is the client itself
    assert _ip(PROXY) == PROXY
    assert _ip(PROXY, "garbage") == PROXY


addresses = st.ip_addresses(v=4).map(str)


@given(forged=st.lists(st.text(max_size=20) | addresses, max_size=4), client=addresses)
def test_whatever_a_client_writes_in_the_header_the_proxy_added_address_counts(forged: list[str], client: str) -> None:
    if ipaddress.ip_address(client) in ipaddress.ip_network(PROXIES[0]):
        return
    with override_settings(TALENTCENTER_TRUSTED_PROXIES=PROXIES):
        # Given our proxy appended the address it saw to whatever the client sent
        header = ", ".join([*(part.replace(",", " ") for part in forged), client])

        # Then the client is that address
        assert _ip(PROXY, header) == client
        # and a direct caller's own header is never believed
        assert _ip(client, header) == client


@pytest.mark.django_db
@override_settings(TALENTCENTER_API_THROTTLE_RATES={"anonymous": "3/m"}, TALENTCENTER_TRUSTED_PROXIES=[])
def test_a_forged_forwarded_for_does_not_escape_the_api_limit() -> None:
    api = ApiClient()
    answers = [api.get("programmes", **{"X-Forwarded-For": f"203.0.113.{n}"}).status_code for n in range(5)]

    assert answers[:3] == [200, 200, 200]
    assert answers[3:] == [429, 429]


@pytest.mark.django_db
@override_settings(TALENTCENTER_API_THROTTLE_RATES={"anonymous": "3/m"}, TALENTCENTER_TRUSTED_PROXIES=PROXIES)
def test_people_behind_one_proxy_have_their_own_api_limits() -> None:
    # Given one person behind our proxy used up their limit
    first = ApiClient(client=Client(REMOTE_ADDR=PROXY))
    for _ in range(3):
        first.get("programmes", **{"X-Forwarded-For": "203.0.113.1"})
    assert first.get("programmes", **{"X-Forwarded-For": "203.0.113.1"}).status_code == 429

    # When another person comes through the same proxy, then they are served
    assert first.get("programmes", **{"X-Forwarded-For": "203.0.113.2"}).status_code == 200


def _fail_sign_in(client: Client, email: str, times: int, **headers: Any) -> None:
    for _ in range(times):
        client.post("/en/accounts/login/", {"login": email, "password": "wrong-password"}, headers=headers)


@pytest.mark.django_db
@override_settings(TALENTCENTER_TRUSTED_PROXIES=PROXIES)
def test_failed_sign_ins_behind_a_shared_proxy_lock_out_no_one_else() -> None:
    # Given someone behind our proxy failed to sign in to an account again and again
    victim, other = UserFactory(), UserFactory()
    _fail_sign_in(Client(REMOTE_ADDR=PROXY), victim.email, 6, **{"X-Forwarded-For": "203.0.113.66"})

    # When another person behind the same proxy signs in to their own account
    client = Client(REMOTE_ADDR=PROXY)
    client.post(
        "/en/accounts/login/",
        {"login": other.email, "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.77"},
    )

    # Then they are signed in
    assert client.session.get("_auth_user_id") == str(other.pk)


@pytest.mark.django_db
@override_settings(TALENTCENTER_TRUSTED_PROXIES=[])
def test_forged_forwarded_for_does_not_escape_the_sign_in_limit() -> None:
    # Given an attacker who failed five times, changing X-Forwarded-For each time
    attacker = Client(REMOTE_ADDR="198.51.100.9")
    target = UserFactory()
    for n in range(5):
        _fail_sign_in(attacker, f"nobody{n}@example.org", 1, **{"X-Forwarded-For": f"203.0.113.{n}"})

    # When they try the right password of another account with yet another header
    response = attacker.post(
        "/en/accounts/login/",
        {"login": target.email, "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.200"},
    )

    # Then the address is still limited
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in attacker.session

"""The address of the person behind a request, for rate limits (ours and allauth's).

``X-Forwarded-For`` is believed only as far as our own proxies wrote it: when the direct peer
(``REMOTE_ADDR``) is one of ``settings.TALENTCENTER_TRUSTED_PROXIES`` (addresses or networks;
none by default), the header is walked from the right, skipping the trusted proxies, and the
first address that is not one of them is the client. Anything a client wrote to the left of that
is ignored, so a forged header changes nothing; without a trusted peer the header is ignored
altogether.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@functools.cache
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "TALENTCENTER_TRUSTED_PROXIES", ())))


def _address(text: str) -> Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_trusted(address: Address, networks: Iterable[Network]) -> bool:
    return any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The client's address as text (``REMOTE_ADDR`` unless a trusted proxy forwarded the request)."""
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    networks = trusted_networks()
    peer = _address(remote)
    if not networks or peer is None or not _is_trusted(peer, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    client = peer
    for hop in reversed(forwarded.split(",") if forwarded else []):
        address = _address(hop)
        if address is None:
            break  # a hop we cannot read: trust nothing further left; the last trusted one stands
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)

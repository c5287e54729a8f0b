"""Who is calling: a personal API token (``Authorization: Bearer tc_…``) or the Django session.

Order matters. ``StaffSecondFactorMiddleware`` runs before ninja: a request that carries only a
token has no session user there, so it passes; the token is resolved here, which sets
``request.user`` and ``request.api_token_authenticated``. A staff *session* without a second factor
is refused by the middleware, and refused again here should the middleware ever be removed.

A request that presents an ``Authorization`` header is judged by it alone: a wrong or revoked token
is a 401 even when a session cookie is also sent, so a script never silently acts as someone else.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from talentcenter.accounts.client_ip import client_ip
from talentcenter.accounts.middleware import session_has_second_factor
from talentcenter.accounts.models import ApiToken
from talentcenter.accounts.policies import Visitor, can_use_back_office, is_signed_in, needs_second_factor
from talentcenter.accounts.services import api_token_authenticate
from talentcenter.foundation.api.errors import ApiError, ErrorCode

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
API_ROOT = "/api/v1"
# The area of the API each path belongs to, for token scopes: (path prefix, area), the longest
# prefixes first. A prefix matches whole segments; a path in no area is refused to every token.
SCOPE_AREAS: tuple[tuple[str, str], ...] = (
    ("/me/profile", "profile"),
    ("/me/jobs", "jobs"),
    ("/me/events", "events"),
    ("/me", "account"),
    ("/staff", "staff"),
    ("/companies", "companies"),
    ("/assessments", "policy"),
    ("/rules", "policy"),
    ("/programmes", "policy"),
    ("/verifications", "documents"),
    ("/cases", "cases"),
    ("/evaluations", "cases"),
    ("/openings", "jobs"),
    ("/talent-requests", "jobs"),
    ("/events", "events"),
    ("/guides", "guides"),
    ("/notices", "guides"),
    ("/search", "guides"),
    ("/inquiries", "inquiries"),
)
SCOPES_DESCRIPTION = (
    "A personal API token (`tc_…`), created from a signed-in browser session with "
    "`POST /api/v1/me/tokens`, for 30, 90 (default) or 365 days. It may do what its scopes allow: "
    "`<area>:read` for GET, `<area>:write` for every other method (write includes read), in the "
    "areas " + ", ".join(f"`{area}`" for area in dict.fromkeys(area for _prefix, area in SCOPE_AREAS)) + ". "
    "A request outside the token's scopes is answered 403 `insufficient_scope`; an expired or "
    "revoked token 401. Changing the password or turning the second factor off revokes every token."
)


def scope_area(path: str) -> str | None:
    """The area of an API path (``/api/v1/me/profile/skills`` → ``profile``), or None."""
    if not path.startswith(API_ROOT + "/"):
        return None
    rest = path[len(API_ROOT) :]
    for prefix, area in SCOPE_AREAS:
        if rest == prefix or rest.startswith(prefix + "/"):
            return area
    return None


def required_scope(request: HttpRequest) -> str | None:
    area = scope_area(request.path)
    if area is None:
        return None
    return f"{area}:{'read' if request.method in SAFE_METHODS else 'write'}"


def _require_scope(request: HttpRequest, token: ApiToken) -> None:
    needed = required_scope(request)
    area, _separator, access = (needed or ":").partition(":")
    if needed is None or not token.allows(area, write=access == "write"):
        raise ApiError(
            status=403,
            code=ErrorCode.INSUFFICIENT_SCOPE,
            message=_("This API token does not have the scope %(scope)s needed here.") % {"scope": needed or "—"},
        )


def _require_staff(user: Visitor, *, staff_only: bool) -> None:
    if staff_only and not can_use_back_office(user):
        raise PermissionDenied


class BearerTokenAuth(HttpBearer):
    """A personal API token, created with ``POST /api/v1/me/tokens``."""

    openapi_bearerFormat = "tc_…"  # noqa: N815 - ninja turns openapi_* attributes into the scheme
    openapi_description = SCOPES_DESCRIPTION

    def __init__(self, *, staff_only: bool = False) -> None:
        self.staff_only = staff_only
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "")
        if not header:
            return None
        scheme, _separator, secret = header.partition(" ")
        if scheme.lower() != "bearer":
            raise AuthenticationError
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = api_token_authenticate(secret=token)
        if api_token is None:
            raise AuthenticationError
        user = api_token.user
        request.user = user
        request.api_token_authenticated = True  # type: ignore[attr-defined]
        request.api_token = api_token  # type: ignore[attr-defined]
        _require_staff(user, staff_only=self.staff_only)
        _require_scope(request, api_token)
        return user


class SessionAuth(APIKeyCookie):
    """The browser session of a signed-in person; unsafe methods need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, *, staff_only: bool = False) -> None:
        self.staff_only = staff_only
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a signed-in session there is nothing to protect: answer 401, not a CSRF 403.
        if not is_signed_in(getattr(request, "user", None)):
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not is_signed_in(user):
            return None
        if needs_second_factor(user) and not session_has_second_factor(request):
            raise ApiError(
                status=403,
                code=ErrorCode.SECOND_FACTOR_REQUIRED,
                message=_("Staff must sign in with a second factor."),
            )
        _require_staff(user, staff_only=self.staff_only)
        return user


class Anonymous:
    """Lets a public operation run without credentials, after the other methods had their say."""

    def __call__(self, request: HttpRequest) -> Any:
        return self

    def __str__(self) -> str:
        return "anonymous"


SIGNED_IN = [BearerTokenAuth(), SessionAuth()]
STAFF = [BearerTokenAuth(staff_only=True), SessionAuth(staff_only=True)]
OPTIONAL = [BearerTokenAuth(), SessionAuth(), Anonymous()]

DEFAULT_THROTTLE_RATES = {"anonymous": "120/m", "signed_in": "1200/m"}


def sliding_window_count(cache: BaseCache, key: str, period: int, allowed: int, now: float) -> tuple[float, float]:
    """Count one more request for ``key`` and return (requests in the last ``period`` seconds,
    seconds until one more request would pass).

    The estimate weighs the previous fixed window by the share of it still inside the sliding one
    (Cloudflare's sliding-window counter), two small integers per caller whatever the rate. It is
    an estimate and errs either way for a bursty caller, but never lets more than ``allowed``
    through in one fixed window, so never more than twice that in any period.

    On Redis the increment, its expiry and the read of the previous window go in one pipelined
    round trip (INCR is atomic, so concurrent requests each get their own count). Other caches (the
    database cache when Redis is not configured) keep one value per caller, read and written back
    as before: not atomic, so two requests at the limit may both pass there.
    """
    window, elapsed = divmod(now, period)
    client = None
    if isinstance(cache, RedisCache):
        current_key = f"{key}:{int(window)}"
        stored_current = cache.make_and_validate_key(current_key)
        client = cache._cache.get_client(stored_current, write=True)
        pipeline = client.pipeline(transaction=False)
        pipeline.incr(stored_current)
        pipeline.expire(stored_current, 2 * period)
        pipeline.get(cache.make_and_validate_key(f"{key}:{int(window) - 1}"))
        current, _expired, previous_raw = pipeline.execute()
        previous = int(previous_raw or 0)
    else:
        # One value per caller, (window, count in it, count in the one before): a read, and a write
        # only when the request passes, as the history list it replaced cost on the database cache.
        state = cache.get(key)
        if not isinstance(state, tuple) or len(state) != 3 or state[0] < window - 1:
            current, previous = 0, 0
        elif state[0] == window - 1:
            current, previous = 0, int(state[1])
        else:
            current, previous = int(state[1]), int(state[2])
        current += 1
    weight = 1 - elapsed / period
    count = previous * weight + current
    if count <= allowed:
        if client is None:
            cache.set(key, (window, current, previous), 2 * period)
        return count, 0.0
    # Refused: this request does not count (on Redis a second round trip, only when refusing).
    if client is not None:
        client.decr(stored_current)
    current -= 1
    # The wait is until one more request would pass: until the estimate is at most allowed - 1.
    # It falls continuously while nobody calls (across the window boundary too).
    room = allowed - 1
    if current <= room:
        # Within this window, once the previous one's weight has fallen far enough (previous > 0 here).
        return count, max(0.0, period * (1 - (room - current) / previous) - elapsed)
    # This window alone is at the limit: the next one starts in (period - elapsed) seconds and
    # carries this one's count, weighted down as it goes (at most period + period / allowed).
    return count, (period - elapsed) + period * (1 - room / current)


class ApiRateThrottle(SimpleRateThrottle):
    """Requests per period, per person when signed in and per address otherwise.

    The rates come from ``settings.TALENTCENTER_API_THROTTLE_RATES`` when present (a missing or
    empty rate turns a scope off), read on each request. Counts live in the shared cache, so every
    process agrees; nothing about a request is kept on the instance, which threads share.

    The count is a sliding window over two fixed ones (:func:`sliding_window_count`): an atomic
    increment, not a read-modify-write of the caller's history, so concurrent requests cannot
    slip past the limit together, and on Redis it costs one round trip. Refused requests do not
    count, as before: the wait given with a refusal holds however often the caller knocks.
    """

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        rates = getattr(settings, "TALENTCENTER_API_THROTTLE_RATES", DEFAULT_THROTTLE_RATES)
        rate = rates.get(self.scope)
        key = self.get_cache_key(request) if rate else None
        if not rate or key is None:
            return True
        allowed, period = self.parse_rate(rate)
        if allowed is None or period is None:
            return True
        count, wait = sliding_window_count(self.cache, key, period, allowed, time.time())
        if count > allowed:
            self._local.wait = wait
            return False
        return True

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)

    def get_ident(self, request: HttpRequest) -> str | None:
        """The caller's address, from ``X-Forwarded-For`` only as far as our trusted proxies wrote it."""
        return client_ip(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        user: Visitor = getattr(request, "user", None)
        if is_signed_in(user):
            return self.cache_format % {"scope": self.scope, "ident": user.pk} if self.scope == "signed_in" else None
        return (
            None
            if self.scope == "signed_in"
            else self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        )


THROTTLES: list[BaseThrottle] = [ApiRateThrottle("anonymous"), ApiRateThrottle("signed_in")]

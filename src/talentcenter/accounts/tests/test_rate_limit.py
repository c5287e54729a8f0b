"""The API's rate limit: a sliding-window counter in the shared cache (``sliding_window_count``)."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator

import pytest
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from hypothesis import given, settings
from hypothesis import strategies as st

from talentcenter.accounts.api_auth import sliding_window_count

PERIOD = 60


def fresh_cache() -> LocMemCache:
    return LocMemCache(f"rate-{uuid.uuid4().hex}", {})


def replay(moments: list[float], allowed: int) -> tuple[BaseCache, list[tuple[float, float]]]:
    cache = fresh_cache()
    return cache, [sliding_window_count(cache, "caller", PERIOD, allowed, moment) for moment in moments]


def test_a_burst_gets_exactly_the_allowance_then_refusals_with_a_wait() -> None:
    cache = fresh_cache()
    now = 1_000_000.0 * PERIOD + 5

    answers = [sliding_window_count(cache, "caller", PERIOD, 3, now) for _ in range(5)]

    assert [count <= 3 for count, _ in answers] == [True, True, True, False, False]
    assert all(wait > 0 for _, wait in answers[3:])


def test_callers_are_counted_apart() -> None:
    cache = fresh_cache()
    now = 1_000_000.0 * PERIOD

    for _ in range(3):
        sliding_window_count(cache, "one", PERIOD, 3, now)

    assert sliding_window_count(cache, "one", PERIOD, 3, now)[0] > 3
    assert sliding_window_count(cache, "two", PERIOD, 3, now)[0] <= 3


def test_the_previous_window_weighs_by_the_share_still_inside_the_sliding_one() -> None:
    cache = fresh_cache()
    start = 1_000_000.0 * PERIOD
    for _ in range(10):
        sliding_window_count(cache, "caller", PERIOD, 100, start + 30)

    # A quarter into the next window, three quarters of the previous one's 10 still count.
    count, _ = sliding_window_count(cache, "caller", PERIOD, 100, start + PERIOD + 15)

    assert count == pytest.approx(10 * 0.75 + 1)


@settings(max_examples=150, deadline=None)
@given(
    allowed=st.integers(min_value=1, max_value=6),
    gaps=st.lists(st.floats(min_value=0, max_value=2.5 * PERIOD), min_size=1, max_size=25),
)
def test_after_the_wait_given_with_a_refusal_one_more_request_passes_and_not_sooner(
    allowed: int, gaps: list[float]
) -> None:
    moments: list[float] = []
    moment = 1_000_000.0 * PERIOD
    for gap in gaps:
        moment += gap
        moments.append(moment)
    _, answers = replay(moments, allowed)

    for index, (count, wait) in enumerate(answers):
        if count <= allowed:
            assert wait == 0
            continue
        history = moments[: index + 1]
        # Replayed on a fresh cache, a request just after the wait passes...
        _, later = replay([*history, history[-1] + wait + 1e-6], allowed)
        assert later[-1][0] <= allowed + 1e-9
        # ... and one clearly before it is still refused.
        if wait > 1e-3:
            _, sooner = replay([*history, history[-1] + wait - 1e-3], allowed)
            assert sooner[-1][0] > allowed


@settings(max_examples=100, deadline=None)
@given(
    allowed=st.integers(min_value=1, max_value=20),
    gaps=st.lists(st.floats(min_value=0, max_value=PERIOD / 4), min_size=1, max_size=150),
)
def test_no_caller_gets_more_than_the_allowance_in_a_window_nor_twice_it_in_any_period(
    allowed: int, gaps: list[float]
) -> None:
    moments: list[float] = []
    moment = 1_000_000.0 * PERIOD
    for gap in gaps:
        moment += gap
        moments.append(moment)
    _, answers = replay(moments, allowed)

    passed = [moment for moment, (estimate, _) in zip(moments, answers, strict=True) if estimate <= allowed]
    per_window: dict[int, int] = {}
    for moment in passed:
        per_window[int(moment // PERIOD)] = per_window.get(int(moment // PERIOD), 0) + 1
    assert max(per_window.values(), default=0) <= allowed
    for moment in passed:
        assert sum(1 for other in passed if moment <= other < moment + PERIOD) <= 2 * allowed
    # The first `allowed` requests always pass.
    assert all(estimate <= allowed for estimate, _ in answers[:allowed])


@pytest.fixture
def redis_cache() -> Iterator[RedisCache]:
    location = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    cache = RedisCache(location, {"KEY_PREFIX": f"test-rate-{uuid.uuid4().hex}"})
    try:
        cache.get("ping")
    except Exception:  # any connection failure means there is no Redis here
        pytest.skip(f"no Redis at {location}")
    yield cache
    cache.clear()


def test_on_redis_concurrent_requests_cannot_slip_past_the_limit_together(redis_cache: RedisCache) -> None:
    now = 1_000_000.0 * PERIOD + 1
    results: list[float] = []
    lock = threading.Lock()

    def knock() -> None:
        for _ in range(5):
            count, _ = sliding_window_count(redis_cache, "caller", PERIOD, 30, now)
            with lock:
                results.append(count)

    threads = [threading.Thread(target=knock) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 80
    assert sum(1 for count in results if count <= 30) == 30
    # Refusals are taken back: the window holds exactly the requests let through.
    assert redis_cache.get(f"caller:{1_000_000}") == 30


def test_on_redis_the_counts_expire_and_are_plain_integers(redis_cache: RedisCache) -> None:
    now = 1_000_000.0 * PERIOD

    sliding_window_count(redis_cache, "caller", PERIOD, 5, now)

    key = redis_cache.make_and_validate_key(f"caller:{1_000_000}")
    client = redis_cache._cache.get_client(key)
    assert 0 < client.ttl(key) <= 2 * PERIOD
    assert redis_cache.get(f"caller:{1_000_000}") == 1

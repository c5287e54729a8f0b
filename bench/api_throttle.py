"""CPU per request of the API's rate limit on Redis: the sliding-window counter against the history
list it replaced (a ``GET`` and a ``SET`` of the caller's pickled timestamps).

    .venv/bin/python bench/api_throttle.py                       # Redis at $REDIS_URL or 127.0.0.1:6379/14
    .venv/bin/python bench/api_throttle.py --calls 20000 --callers 4096

Both run in this process against the same Redis, over ``--callers`` addresses at the production rate
(120 a minute), alternating ``--rounds`` times; prints CPU (``time.process_time``) and wall time per
call with the load average, and exits 1 when the counter is not cheaper than the history list.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")

import django  # noqa: E402

django.setup()

from django.core.cache.backends.redis import RedisCache  # noqa: E402

from talentcenter.accounts.api_auth import sliding_window_count  # noqa: E402

ALLOWED, PERIOD = 120, 60


def history_list(cache: RedisCache) -> Callable[[str, float], bool]:
    """The former throttle (ninja's ``SimpleRateThrottle``): the caller's timestamps as one value."""

    def allow(key: str, now: float) -> bool:
        history = [moment for moment in cache.get(key, []) if moment > now - PERIOD]
        if len(history) >= ALLOWED:
            return False
        cache.set(key, [now, *history], PERIOD)
        return True

    return allow


def sliding_window(cache: RedisCache) -> Callable[[str, float], bool]:
    def allow(key: str, now: float) -> bool:
        return sliding_window_count(cache, key, PERIOD, ALLOWED, now)[0] <= ALLOWED

    return allow


def measure(allow: Callable[[str, float], bool], keys: list[str]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    for key in keys:
        allow(key, time.time())
    return (time.process_time() - cpu) / len(keys) * 1e6, (time.perf_counter() - wall) / len(keys) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14")
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--callers", type=int, default=4096)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    cache = RedisCache(arguments.redis_url, {"KEY_PREFIX": f"bench-throttle-{uuid.uuid4().hex}"})
    results: dict[str, list[tuple[float, float]]] = {"history list": [], "sliding window": []}
    load_before = os.getloadavg()
    try:
        for round_ in range(arguments.rounds):
            for name, make in (("history list", history_list), ("sliding window", sliding_window)):
                keys = [f"{name.replace(' ', '-')}-{round_}-ip{i % arguments.callers}" for i in range(arguments.calls)]
                results[name].append(measure(make(cache), keys))
    finally:
        cache.clear()
    print(f"API rate limit on Redis ({arguments.redis_url}), {arguments.calls} calls over {arguments.callers} callers")
    for name, runs in results.items():
        cpu = statistics.median(run[0] for run in runs)
        wall = statistics.median(run[1] for run in runs)
        print(f"  {name:15} {cpu:7.0f} µs CPU   {wall:7.0f} µs wall per call (median of {len(runs)})")
    print(f"  load average before {[round(v, 2) for v in load_before]} after {[round(v, 2) for v in os.getloadavg()]}")
    cheaper = statistics.median(r[0] for r in results["sliding window"]) < statistics.median(
        r[0] for r in results["history list"]
    )
    print("  the sliding window is cheaper" if cheaper else "  TARGET MISSED: the sliding window is not cheaper")
    return 0 if cheaper else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Calls made at the same moment from several threads, as concurrent requests would be.

Django gives every thread its own database connection; a thread that ends without closing it keeps
a session open on the test database, which then cannot be dropped at the end of the run. Both
helpers close it, whatever the call did. Each thread speaks English (the active language is per
thread, and tests compare messages).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection
from django.utils import translation


def _closing_its_connection(call: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        try:
            with translation.override("en"):
                return call()
        finally:
            connection.close()

    return run


def at_once(calls: Sequence[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    """Run each call in its own thread, released together; the results and the errors raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results.append(call())
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=_closing_its_connection(lambda call=call: run(call))) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def numbered_at_once(count: int, call: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    """``call(0)`` … ``call(count - 1)``, each in its own thread, released together."""
    return at_once([lambda number=number: call(number) for number in range(count)])


def in_thread(target: Callable[..., Any], *args: Any) -> threading.Thread:
    """Start ``target(*args)`` in a thread of its own (join it to wait for it)."""
    thread = threading.Thread(target=_closing_its_connection(lambda: target(*args)))
    thread.start()
    return thread

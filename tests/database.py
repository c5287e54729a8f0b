"""Data loaded once for a whole test module, rolled back after its last test.

Loading the demo takes seconds; a module of a dozen tests that only read it (or change it and
expect the change to vanish) need not pay for it a dozen times. :func:`loaded_once` opens one
transaction around the module: each test's own transaction (pytest-django's ``db``) is a
savepoint inside it, so a test still sees only the loaded data and its own changes, and the
module ends with the database as it found it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction


@contextmanager
def loaded_once(django_db_blocker: Any, load: Callable[[], object]) -> Iterator[None]:
    """Run ``load`` in a transaction that stays open until the context ends, then roll it back."""
    with django_db_blocker.unblock(), transaction.atomic():
        load()
        yield
        transaction.set_rollback(True)

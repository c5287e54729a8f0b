"""Gunicorn hooks for ``talentcenter serve`` (``--config python:talentcenter.web.gunicorn_hooks``).

Each worker maps the profile index that ``serve`` (or the index job) wrote as files
(``matching.snapshot``: the pages are shared by every worker) and catches up with the rows changed
since; without the files it reads every index row and builds its own copy (seconds at 100,000
profiles). Either way a new worker starts loading in the background at once instead of making its
first candidate search wait; a request that arrives meanwhile waits on the same lock and gets the
loaded copy.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

logger = logging.getLogger("talentcenter.matching")


def _warm_matching_index() -> None:
    from django.db import connection

    from talentcenter.matching.index import shared_openings, shared_profiles

    try:
        shared_profiles()
        shared_openings()
    except Exception:  # a database not migrated yet: the first query will load it
        logger.warning("could not warm the matching index", exc_info=True)
    finally:
        connection.close()


def post_worker_init(worker: Any) -> None:
    threading.Thread(target=_warm_matching_index, name="warm-matching-index", daemon=True).start()

"""Signals the talent app sends; other apps listen (matching keeps its index row in step).

``profile_changed`` is sent with ``profile_id=`` by every service that changes a profile or one of
its entries, inside the service's transaction, so a receiver that writes joins that transaction
and its write commits (or rolls back) together with the change.
"""

from __future__ import annotations

import django.dispatch

profile_changed = django.dispatch.Signal()

"""The public form's guard without a CAPTCHA: filings per client address in a sliding window (the
API throttle's counter, in the shared cache), besides the honeypot and the size limits."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from talentcenter.accounts.api_auth import sliding_window_count
from talentcenter.accounts.client_ip import client_ip

DEFAULT_RATE = (5, 3600)
"""Petitions per client address per period (seconds), unless ``TALENTCENTER_INQUIRY_RATE`` says otherwise."""


def filing_allowed(request: HttpRequest) -> tuple[bool, float]:
    """Count one filing for the client's address: (allowed, seconds to wait when not)."""
    allowed, period = getattr(settings, "TALENTCENTER_INQUIRY_RATE", DEFAULT_RATE)
    count, wait = sliding_window_count(cache, f"inquiries:file:{client_ip(request)}", period, allowed, time.time())
    return count <= allowed, wait

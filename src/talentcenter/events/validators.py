"""IANA time zones for venues."""

from __future__ import annotations

import functools
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@functools.cache
def known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    """Accept only names of the IANA database that zoneinfo can load (``Asia/Seoul``, ``America/New_York``)."""
    if not isinstance(value, str) or value not in known_time_zones():
        raise ValidationError(
            _("Give the time zone by its IANA name, e.g. Asia/Seoul or America/New_York."), code="time_zone"
        )
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("Give the time zone by its IANA name, e.g. Asia/Seoul or America/New_York."), code="time_zone"
        ) from error

"""Event times as people read them: in the venue's time zone with Korea time beside it.

"9 Mar 2027, 10:00 EST (Mon 10 Mar 00:00 KST)" in English, "2027년 3월 9일 10:00 EST (3월 10일 (수) 00:00
KST)" in Korean: the formats are translatable strings of Django's date format characters, so each
language writes dates its own way. An event in Korea shows one time. An online-only event has no
venue: its page shows Korea time, and a small static script (``events/local-times.js``) rewrites
each ``<time data-local>`` in the viewer's own zone.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

# Short weekday names; Django's own Korean "D" is the full name ("수요일").
WEEKDAYS = (
    pgettext_lazy("short weekday", "Mon"),
    pgettext_lazy("short weekday", "Tue"),
    pgettext_lazy("short weekday", "Wed"),
    pgettext_lazy("short weekday", "Thu"),
    pgettext_lazy("short weekday", "Fri"),
    pgettext_lazy("short weekday", "Sat"),
    pgettext_lazy("short weekday", "Sun"),
)

KOREA = zoneinfo.ZoneInfo("Asia/Seoul")


def zone_abbreviation(moment: datetime.datetime) -> str:
    """The zone's short name at ``moment`` ("EST", "BST", "KST"); "UTC+8" where the database of
    zones has only an offset ("+08" for Singapore)."""
    name = moment.tzname() or ""
    if name and name[0] in "+-":
        offset = moment.utcoffset() or datetime.timedelta()
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        hours, rest = divmod(abs(minutes), 60)
        return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    return name


def full(moment: datetime.datetime) -> str:
    # Translators: Django date format characters for a date and time, e.g. "9 Mar 2027, 10:00".
    pattern = _("j M Y, H:i")
    return f"{date_format(moment, pattern)} {zone_abbreviation(moment)}"


def short(moment: datetime.datetime) -> str:
    # Translators: Django date format characters for a weekday (@), day and time, e.g. "Mon 10 Mar 00:00".
    text = date_format(moment, _("@ j M H:i")).replace("@", str(WEEKDAYS[moment.weekday()]))
    return f"{text} {zone_abbreviation(moment)}"


def in_zones(moment: datetime.datetime, zone: str) -> str:
    """``moment`` in ``zone``, with Korea time in brackets when the zone is another one."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    korea = moment.astimezone(KOREA)
    if local.utcoffset() == korea.utcoffset() and zone_abbreviation(local) == zone_abbreviation(korea):
        return full(local)
    return f"{full(local)} ({short(korea)})"


def in_korea(moment: datetime.datetime) -> str:
    return full(moment.astimezone(KOREA))


@dataclass(frozen=True)
class Shown:
    """One moment for a page: ``iso`` for ``<time datetime>``, ``text`` as printed, and ``local``
    when the viewer's browser should rewrite it in its own zone (online-only events)."""

    iso: str
    text: str
    local: bool


def shown(moment: datetime.datetime, *, zone: str, online_only: bool) -> Shown:
    if online_only:
        return Shown(moment.isoformat(), in_korea(moment), True)
    return Shown(moment.isoformat(), in_zones(moment, zone), False)


def clock(moment: datetime.datetime) -> str:
    return date_format(moment, "H:i")


def span(start: datetime.datetime, end: datetime.datetime, zone: str) -> str:
    """A session's time in the venue's zone with Korea time beside it, the end's date left out:
    "Fri 5 Feb 10:00–10:45 EST (Sat 6 Feb 00:00–00:45 KST)"."""
    local_start, local_end = start.astimezone(zoneinfo.ZoneInfo(zone)), end.astimezone(zoneinfo.ZoneInfo(zone))
    korea_start, korea_end = start.astimezone(KOREA), end.astimezone(KOREA)
    local = f"{short(local_start).rsplit(' ', 1)[0]}–{clock(local_end)} {zone_abbreviation(local_end)}"
    if local_start.utcoffset() == korea_start.utcoffset() and zone_abbreviation(local_start) == "KST":
        return local
    korea = f"{short(korea_start).rsplit(' ', 1)[0]}–{clock(korea_end)} KST"
    return f"{local} ({korea})"

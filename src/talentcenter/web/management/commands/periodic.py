"""``talentcenter periodic``: the platform's timed work, once or every N seconds.

- close published openings whose closing date has passed (jobs);
- e-mail saved-search alerts for openings published since the last alert (jobs);
- write a new generation of the matching index files the web workers map, once the profiles have
  changed ``TALENTCENTER_MATCHING_SNAPSHOT_REFRESH`` times since the newest (matching);
- let event places offered from a waiting list lapse when not confirmed in time, offering them to
  the next person waiting, and remind people of events starting within 48 hours (events);
- delete petitions whose e-mail address was never confirmed, and remind assignees of petitions due
  by the next working day (inquiries);
- remind people of settlement-plan steps falling due (once per step and date), and close concierge
  requests resolved long ago without a reply, asking once more for a rating (concierge).

Each step locks what it changes (``skip_locked``), so the command may run on several machines at
once (cron, a systemd timer or ``--every``) without closing or alerting anything twice.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone


class Command(BaseCommand):
    help = "Run the timed work once, or every --every seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds (0: run once)")

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        verbosity = int(options.get("verbosity", 1))
        while True:
            self.run_once(verbosity)
            if every <= 0:
                return
            time.sleep(every)

    def run_once(self, verbosity: int = 1) -> None:
        from talentcenter.concierge.services import requests_close_resolved, step_reminders_send
        from talentcenter.events.services.timed import offers_expire_due, reminders_send
        from talentcenter.inquiries.services import due_reminders_send, unverified_purge
        from talentcenter.jobs.services.openings import openings_close_due
        from talentcenter.jobs.services.searches import saved_search_alerts_send
        from talentcenter.matching import snapshot

        now = timezone.now()
        closed = openings_close_due(today=timezone.localdate(now))
        alerts = saved_search_alerts_send(now=now)
        generation = snapshot.write_if_behind(behind=settings.TALENTCENTER_MATCHING_SNAPSHOT_REFRESH)
        lapsed = offers_expire_due(now=now)
        reminded = reminders_send(now=now)
        purged = unverified_purge(now=now)
        petitions_due = due_reminders_send(now=now)
        steps = step_reminders_send(today=timezone.localdate(now))
        concierge_closed = requests_close_resolved(now=now)
        if verbosity >= 1:
            written = f", wrote the matching index ({generation.meta['n']:,} profiles)" if generation else ""
            self.stdout.write(
                f"{now:%Y-%m-%d %H:%M} closed {closed} openings past their date, sent {alerts} alerts{written}, "
                f"let {lapsed} event offers lapse, sent {reminded} event reminders, "
                f"deleted {purged} unconfirmed petitions, sent {petitions_due} petition deadline reminders, "
                f"{steps} settlement-plan reminders, closed {concierge_closed} resolved concierge requests"
            )

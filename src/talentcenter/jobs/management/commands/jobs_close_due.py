"""Close the openings whose closing date has passed (reason: deadline). Safe to run again."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from talentcenter.jobs.services.openings import openings_close_due


class Command(BaseCommand):
    help = "Close published and unpublished openings whose closing date is before today."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        closed = openings_close_due(today=today)
        self.stdout.write(f"Closed {closed} opening(s) past their closing date.")

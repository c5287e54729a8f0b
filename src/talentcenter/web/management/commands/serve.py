"""`talentcenter serve [ADDRESS:PORT]`: the web application under gunicorn.

Static files are served by WhiteNoise, so this is the same stack as production; with
``--reload`` gunicorn restarts on code changes for development.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Serve the web application with gunicorn (static files through WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", nargs="?", default=settings.DEVELOPMENT_ADDRESS)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument("--reload", action="store_true")
        parser.add_argument(
            "--limit-request-line",
            type=int,
            default=8190,
            help="Longest request line gunicorn accepts (bytes, 0 = no limit); longer ones get 414.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
        if gunicorn is None:
            raise CommandError("gunicorn is not installed in this environment")
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            gunicorn,
            "talentcenter.wsgi:application",
            "--config",
            "python:talentcenter.web.gunicorn_hooks",
            "--bind",
            options["address"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
            "--limit-request-line",
            str(options["limit_request_line"]),
        ]
        if options["reload"]:
            argv.append("--reload")
        self._write_matching_snapshot()
        self.stdout.write(f"Serving talentcenter on http://{options['address']}/")
        if not settings.PRODUCTION and urlsplit(settings.SITE_URL).netloc != options["address"]:
            self.stderr.write(
                f"Links in e-mails and QR codes point to {settings.SITE_URL}, not to this server: set "
                f"TALENTCENTER_SITE_URL=http://{options['address']} for this process and the worker."
            )
        self.stdout.flush()
        os.execv(gunicorn, argv)  # noqa: S606 - replace this process with gunicorn

    def _write_matching_snapshot(self) -> None:
        """The profile index as files the workers map (docs/matching.md), written here when missing
        or far behind: this process becomes gunicorn next, which frees what the writing used."""
        from talentcenter.matching import snapshot

        try:
            generation = snapshot.write_if_behind()
        except Exception as error:  # a database not migrated yet: the workers build their own copies
            self.stderr.write(f"No matching index snapshot ({error}); each worker builds its own copy.")
            return
        if generation is not None:
            self.stdout.write(
                f"Matching index: {generation.meta['n']:,} profiles written to {generation.path} "
                f"in {generation.meta['seconds']:.1f} s, for the workers to map"
            )

"""`talentcenter import-reference`: load the bundled lists, or one complete edition from a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talentcenter.reference import services
from talentcenter.reference.enums import ListKind


class Command(BaseCommand):
    help = "Load the bundled reference data, or import one edition of a ranking from CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, help="CSV with columns rank,name,country_iso2,source_url")
        parser.add_argument("--kind", choices=[choice.value for choice in ListKind])
        parser.add_argument("--edition", help="e.g. 2027")
        parser.add_argument("--entries", type=int, help="entries in the full published list")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["file"] is None:
            counts = services.reference_load_bundled()
            for name, count in counts.items():
                self.stdout.write(f"{name}: {count}")
            return
        if not (options["kind"] and options["edition"] and options["entries"]):
            raise CommandError("--file needs --kind, --edition and --entries")
        edition = services.list_edition_import(
            kind=options["kind"],
            edition=options["edition"],
            csv_text=options["file"].read_text(encoding="utf-8"),
            entries_expected=options["entries"],
        )
        self.stdout.write(f"{edition}: {edition.entries.count()} entries, partial={edition.is_partial}")

"""`talentcenter matching_index rebuild|snapshot|status`: rebuild the shared matching index, write
the files the web workers map (``matching.snapshot``), or show it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from talentcenter.matching import services, snapshot, store
from talentcenter.matching.models import IndexKind, IndexTombstone, OpeningVector, ProfileVector


class Command(BaseCommand):
    help = "Rebuild the profile rows of the matching index from the talent tables, or show its state."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "snapshot", "status"])
        parser.add_argument("--batch-size", type=int, default=5000, help="profiles per transaction")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            progress = self.stdout.write if options["verbosity"] > 1 else None
            result = services.profile_vectors_rebuild(batch_size=options["batch_size"], progress=progress)
            self.stdout.write(
                f"Rebuilt {result['profiles']:,} profile rows ({result['discoverable']:,} discoverable) "
                f"in {result['seconds']:.1f} s."
            )
        if options["action"] in ("rebuild", "snapshot") and snapshot.snapshot_dir() is not None:
            generation = snapshot.write_profiles()
            self.stdout.write(
                f"Wrote {generation.path} ({generation.meta['n']:,} rows up to seq {generation.seq:,}) "
                f"in {generation.meta['seconds']:.1f} s."
            )
        elif options["action"] == "snapshot":
            self.stderr.write("TALENTCENTER_MATCHING_SNAPSHOT_DIR is empty: no snapshot written.")
        for kind, model, flag in (
            (IndexKind.PROFILES, ProfileVector, "discoverable"),
            (IndexKind.OPENINGS, OpeningVector, "open"),
        ):
            rows = model.objects.count()
            visible = model.objects.filter(**{flag: True}).count()
            removed = IndexTombstone.objects.filter(kind=kind).count()
            self.stdout.write(
                f"{kind}: clock {store.clock_value(kind):,}, rows {rows:,}, {flag} {visible:,}, removed {removed:,}"
            )

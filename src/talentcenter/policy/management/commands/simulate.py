"""``talentcenter simulate``: baseline versus a variant over a pool, run in this process.

Examples::

    talentcenter simulate --variant salary-2-5x --pool synthetic:100000
    talentcenter simulate --set ktech_pass.salary_gni_multiple=2.5@2026-07-02 --json
    talentcenter simulate --variant my-draft --pool csv:applicants.csv --as-of 2026-09-01
    talentcenter simulate --variant my-draft --pool stored

Exit code 0 on success, 2 on any error in the arguments or the pool (with the reason on stderr).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone

from talentcenter.policy import selectors
from talentcenter.policy.engine.fields import classifier
from talentcenter.policy.engine.matching import Catalogue, bundled_catalogue
from talentcenter.policy.engine.parameters import ParameterError, ParameterSet
from talentcenter.policy.engine.pools import Pool, PoolError, decode_upload, pool_from_applicants, pool_from_csv
from talentcenter.policy.engine.simulation import simulate
from talentcenter.policy.engine.synthetic import synthetic_pool
from talentcenter.policy.models import ParameterVariant
from talentcenter.policy.services import SYNTHETIC_POOL_MAX
from talentcenter.policy.translation import translated

SET_PATTERN = re.compile(r"^(?P<name>[a-z0-9_.]+)=(?P<value>.*)@(?P<date>\d{4}-\d{2}-\d{2})$")
DEFAULT_POOL = "synthetic:100000"
SEGMENT_CHANGES_SHOWN = 8


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)") from None


def _variant(slug: str) -> ParameterVariant:
    try:
        variant = ParameterVariant.objects.filter(slug=slug).first()
        known = ", ".join(ParameterVariant.objects.order_by("slug").values_list("slug", flat=True)[:20]) or "none"
    except DatabaseError as error:
        raise _fail(f"cannot read the variants from the database ({error}); run `talentcenter migrate`") from None
    if variant is None:
        raise _fail(f"unknown variant {slug!r} (known: {known})")
    return variant


def _parameter_set(variant: ParameterVariant) -> ParameterSet:
    try:
        return variant.parameter_set()
    except (ParameterError, KeyError, TypeError) as error:
        raise _fail(f"variant {variant.slug!r} is malformed: {error}") from None


def _with_settings(parameter_set: ParameterSet, settings: list[str]) -> ParameterSet:
    """Apply ``NAME=VALUE@DATE`` changes on top of ``parameter_set`` (an ad-hoc variant)."""
    overrides: dict[str, list[dict[str, Any]]] = {}
    for setting in settings:
        match = SET_PATTERN.match(setting.strip())
        if match is None:
            raise _fail(
                f"--set {setting!r}: expected NAME=VALUE@YYYY-MM-DD, e.g. ktech_pass.salary_gni_multiple=2.5@2027-01-01"
            )
        name = match["name"]
        if name not in parameter_set.parameters:
            raise _fail(f"--set {setting!r}: unknown parameter {name!r}")
        try:
            value = yaml.safe_load(match["value"]) if match["value"].strip() else None
        except yaml.YAMLError:
            raise _fail(f"--set {setting!r}: the value is not a number, a list or a date") from None
        effective = _date(match["date"], "--set")
        overrides.setdefault(name, []).append({"from": effective, "value": value, "source": "command line (--set)"})
    try:
        return parameter_set.with_overrides(f"{parameter_set.id}+set", overrides)
    except ParameterError as error:
        raise _fail(f"--set: {error}") from None


def _catalogue() -> Catalogue:
    """The ranked lists as stored, or the shipped ones when there is no database yet."""
    try:
        return selectors.catalogue()
    except DatabaseError:
        return bundled_catalogue()


def _pool(spec: str, *, as_of: date, seed: int) -> Pool:
    kind, _sep, argument = spec.partition(":")
    if kind == "synthetic":
        try:
            size = int(argument.replace("_", "").replace(",", "")) if argument else 100_000
        except ValueError:
            raise _fail(f"--pool {spec!r}: the size must be a whole number") from None
        if not 1 <= size <= SYNTHETIC_POOL_MAX:
            raise _fail(f"--pool {spec!r}: a synthetic pool has from 1 to {SYNTHETIC_POOL_MAX:,} applicants")
        return synthetic_pool(size, seed=seed, as_of=as_of)
    if kind == "csv":
        path = Path(argument)
        if not argument or not path.is_file():
            raise _fail(f"--pool {spec!r}: no such file")
        try:
            text = decode_upload(path.read_bytes())
            return pool_from_csv(text, as_of=as_of, catalogue=_catalogue(), classifier=classifier())
        except PoolError as error:
            raise _fail(f"{path}: {translated(error.text)}") from None
    if kind == "stored" and not argument:
        try:
            applicants, labels = selectors.simulation_stored_applicants()
        except DatabaseError as error:
            raise _fail(f"cannot read the stored applications ({error}); run `talentcenter migrate`") from None
        if not applicants:
            raise _fail("--pool stored: there are no stored applications yet")
        return pool_from_applicants(applicants, labels, as_of, selectors.catalogue(), classifier(), kind="stored")
    raise _fail(f"--pool {spec!r}: expected synthetic:SIZE, csv:PATH or stored")


def _rate(counts: dict[str, int]) -> float | None:
    considered = sum(counts.values()) - counts.get("not_in_force", 0)
    return None if considered <= 0 else 100.0 * counts.get("eligible", 0) / considered


def _percent(rate: float | None) -> str:
    return "    -  " if rate is None else f"{rate:6.2f}%"


def render_table(result: dict[str, Any]) -> str:
    """The result as a readable text table (tracks, then the largest segment changes)."""
    lines = [
        f"As of {result['as_of']}: {result['pool']['kind']} pool of {result['pool']['size']:,} applicants",
        f"Baseline {result['baseline']['id']} ({result['baseline']['digest']})"
        f" -> variant {result['variant']['id']} ({result['variant']['digest']})",
        "",
        f"{'Track':<34} {'Baseline':>8} {'Variant':>8} {'Change':>7} {'Gained':>8} {'Lost':>8}",
    ]
    for track in result["tracks"]:
        before, after = _rate(track["baseline"]), _rate(track["variant"])
        change = "      -" if before is None or after is None else f"{after - before:+6.2f}"
        lines.append(
            f"{track['key']:<34} {_percent(before):>8} {_percent(after):>8} {change:>7}"
            f" {track['gained']:>8,} {track['lost']:>8,}"
        )
    changes = [
        (row["variant_eligible"] - row["baseline_eligible"], dimension, row)
        for dimension, rows in result["segments"].items()
        for row in rows
        if row["variant_eligible"] != row["baseline_eligible"]
    ]
    changes.sort(key=lambda item: (-abs(item[0]), item[1], item[2]["track"], item[2]["segment"]))
    lines += ["", "Largest changes by segment:"]
    if not changes:
        lines.append("  none")
    for difference, dimension, row in changes[:SEGMENT_CHANGES_SHOWN]:
        lines.append(
            f"  {row['track']:<32} {dimension}={row['segment']:<22} {row['baseline_eligible']:>8,} ->"
            f" {row['variant_eligible']:>8,} ({difference:+,} of {row['total']:,})"
        )
    lines += [
        "",
        f"{result['flips_total']:,} status changes ({len(result['flips']):,} listed in --json);"
        f" {result['timing']['seconds']:.2f} s",
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Simulate a parameter variant against the baseline over a pool of applicants (runs in this process)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--variant", help="slug of the parameter variant to test")
        parser.add_argument("--baseline", help="slug of a variant to compare against (default: shipped parameters)")
        parser.add_argument("--as-of", dest="as_of", help="assessment date YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--pool",
            default=DEFAULT_POOL,
            help="synthetic:SIZE (at most 1,000,000), csv:PATH or stored (default: %(default)s)",
        )
        parser.add_argument("--seed", type=int, default=2026, help="seed of the synthetic pool (default: 2026)")
        parser.add_argument(
            "--set",
            dest="parameter_changes",
            action="append",
            default=[],
            metavar="NAME=VALUE@YYYY-MM-DD",
            help="change one parameter from a date, on top of --variant (repeatable; no database needed)",
        )
        parser.add_argument("--max-flips", dest="max_flips", type=int, default=1000, help="status changes to list")
        parser.add_argument("--json", action="store_true", help="print the full result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["variant"] and not options["parameter_changes"]:
            raise _fail("give --variant SLUG or at least one --set NAME=VALUE@YYYY-MM-DD")
        as_of = _date(options["as_of"], "--as-of") if options["as_of"] else timezone.localdate()
        if options["seed"] < 0:
            raise _fail("--seed must not be negative")
        baseline = selectors.parameter_set_for(_variant(options["baseline"]) if options["baseline"] else None)
        variant = _parameter_set(_variant(options["variant"])) if options["variant"] else baseline
        if options["parameter_changes"]:
            variant = _with_settings(variant, options["parameter_changes"])
        pool = _pool(options["pool"], as_of=as_of, seed=options["seed"])
        result = translated(simulate(pool, baseline, variant, as_of, max_flips=max(0, options["max_flips"])))
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(result))

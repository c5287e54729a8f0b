"""The profile index as files every process maps: written by the index job, shared page by page.

Without it each web worker reads every index row and builds its own NumPy copy (``matching.index``),
so two workers hold the same arrays twice. The index job (``talentcenter matching_index snapshot``,
also run by ``rebuild`` and by ``serve`` before gunicorn starts when the files are missing or far
behind) writes the arrays of the whole profile index to one directory per generation under
``TALENTCENTER_MATCHING_SNAPSHOT_DIR``::

    profiles-<seq>-<random>/ids.npy skills.npy ... meta.json    (one .npy per column)
    profiles.json                                                (the manifest: the newest generation)

A generation is written under a temporary name and renamed when complete, then the manifest is
replaced the same way (``os.replace``), so a reader sees a whole generation or none. Workers map
the columns copy-on-write (``np.load(mmap_mode="c")``): the pages come from the page cache, shared
by every process that maps the same file, and only a page a worker writes to (a profile changed
since the generation was written) becomes its own. Freshness is unchanged: after mapping, a worker
catches up from the generation's seq like any copy (``store.profile_records_since``), and when a
newer generation appears it maps that one at its next query.

A generation is used only for the database it was written from (vendor, name, host, port), the
same taxonomy (the skill codes, in order, are the columns) and a clock at or past its seq; the row
that carried its seq, if it still carries it, must be the same one. Otherwise, or when the
directory is not configured (the tests) or holds no generation, the process builds its copy in
memory as before.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connections

from talentcenter.matching.index import PROFILE_ARRAYS, ProfileIndex
from talentcenter.matching.taxonomy import Taxonomy, current_taxonomy

logger = logging.getLogger("talentcenter.matching")

MANIFEST = "profiles.json"
PAGE = 50_000  # records read at a time while writing (bounded memory in the job)
KEEP = 2  # generations kept: the newest and the one before it (processes may still map it)


def snapshot_dir() -> Path | None:
    """Where generations live (``TALENTCENTER_MATCHING_SNAPSHOT_DIR``); None when switched off."""
    configured = getattr(settings, "TALENTCENTER_MATCHING_SNAPSHOT_DIR", "")
    return Path(configured) if configured else None


def database_identity(using: str = "default") -> str:
    connection = connections[using]
    values = connection.settings_dict
    return f"{connection.vendor}:{values.get('NAME')}:{values.get('HOST') or ''}:{values.get('PORT') or ''}"


@dataclass(frozen=True)
class Generation:
    name: str
    path: Path
    meta: dict[str, Any]

    @property
    def seq(self) -> int:
        return int(self.meta["seq"])


def _anchor(seq: int, using: str) -> list[Any] | None:
    """The profile row that carries ``seq`` now, as (profile id, write time), or None."""
    from talentcenter.matching.models import ProfileVector

    row = ProfileVector.objects.using(using).filter(seq=seq).values_list("profile_id", "updated_at").first()
    return None if row is None else [row[0], row[1].isoformat()]


def latest(directory: Path | None = None) -> Generation | None:
    """The generation the manifest names, or None (no directory, no manifest, unreadable)."""
    directory = directory or snapshot_dir()
    if directory is None:
        return None
    try:
        name = json.loads((directory / MANIFEST).read_text())["generation"]
        path = directory / name
        meta = json.loads((path / "meta.json").read_text())
    except (OSError, ValueError, KeyError):
        return None
    return Generation(name, path, meta)


def manifest_stamp(directory: Path | None = None) -> int:
    """The manifest's modification time in ns (0 without one): a cheap "did a new one appear?"."""
    directory = directory or snapshot_dir()
    if directory is None:
        return 0
    try:
        return (directory / MANIFEST).stat().st_mtime_ns
    except OSError:
        return 0


def write_profiles(*, using: str = "default", directory: Path | None = None) -> Generation:
    """Write a new generation of the profile index from the store and make it the newest.

    Reads the rows ``PAGE`` at a time into an in-memory index (as a process would build it), then
    writes each column in profile-id order (so a worker finds a row by binary search over the mapped
    ids, without a dictionary of its own) with spare rows for profiles added later.
    """
    from talentcenter.matching import store

    directory = directory or snapshot_dir()
    if directory is None:
        raise ValueError("TALENTCENTER_MATCHING_SNAPSHOT_DIR is not set")
    started = time.perf_counter()
    taxonomy = current_taxonomy(using)
    index = ProfileIndex(taxonomy)
    seen = 0
    while True:
        top, records, removed = store.profile_records_since(seen, limit=PAGE)
        index.apply(records, removed)
        seen = top
        if len(records) < PAGE:
            break
    return write_index(
        index,
        directory=directory,
        seq=seen,
        database=database_identity(using),
        anchor=_anchor(seen, using),
        started=started,
    )


def write_index(
    index: ProfileIndex,
    *,
    directory: Path,
    seq: int,
    database: str,
    anchor: list[Any] | None = None,
    started: float | None = None,
) -> Generation:
    """Write ``index`` as the newest generation in ``directory`` (rows sorted by profile id, 10 %
    spare), atomically: a temporary directory renamed when complete, then the manifest replaced."""
    started = time.perf_counter() if started is None else started
    n = index.n
    order = np.argsort(index.ids[:n], kind="stable")
    capacity = n + max(1024, n // 10)
    name = f"profiles-{seq}-{secrets.token_hex(4)}"
    directory.mkdir(parents=True, exist_ok=True)
    temporary = directory / f".{name}.tmp"
    temporary.mkdir()
    for column in PROFILE_ARRAYS:
        source: np.ndarray = getattr(index, column)
        fortran = source.ndim == 2 and source.flags.f_contiguous
        target = np.lib.format.open_memmap(
            temporary / f"{column}.npy",
            mode="w+",
            dtype=source.dtype,
            shape=(capacity, *source.shape[1:]),
            fortran_order=fortran,
        )
        target[:n] = source[:n][order]
        target.flush()
        del target
    meta = {
        "generation": name,
        "seq": seq,
        "n": n,
        "capacity": capacity,
        "database": database,
        "taxonomy": list(index.taxonomy.codes),
        "nationality_codes": index.nationality_codes,
        "industry_bits": index.industry_bits.bits,
        "anchor": anchor,
        "written_at": time.time(),
        "seconds": round(time.perf_counter() - started, 2),
    }
    (temporary / "meta.json").write_text(json.dumps(meta))
    os.rename(temporary, directory / name)
    manifest = directory / f".{MANIFEST}.{name}.tmp"
    manifest.write_text(json.dumps({"generation": name}))
    os.replace(manifest, directory / MANIFEST)
    _prune(directory, keep=name)
    return Generation(name, directory / name, meta)


def _prune(directory: Path, *, keep: str) -> None:
    """Remove all but the newest ``KEEP`` generations (a process still mapping a removed one keeps
    its pages: the files go when the last mapping does) and temporary leftovers older than an hour."""
    generations = sorted(
        (path for path in directory.glob("profiles-*") if path.is_dir()), key=lambda path: path.stat().st_mtime
    )
    for path in generations[:-KEEP]:
        if path.name != keep:
            shutil.rmtree(path, ignore_errors=True)
    for path in directory.glob(".profiles*.tmp"):
        if time.time() - path.stat().st_mtime > 3600:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)


def load_profiles(taxonomy: Taxonomy, clock: int, *, using: str = "default") -> tuple[ProfileIndex, int] | None:
    """The newest generation mapped as a ``ProfileIndex`` and its seq, when it can serve this
    database, taxonomy and clock (see the module's docstring); else None."""
    generation = latest()
    if generation is None:
        return None
    meta = generation.meta
    if (
        meta.get("database") != database_identity(using)
        or tuple(meta.get("taxonomy", ())) != taxonomy.codes
        or generation.seq > clock
    ):
        return None
    anchor = _anchor(generation.seq, using)
    if anchor is not None and anchor != meta.get("anchor"):
        return None  # another database (or a restored one) that reached the same seq
    try:
        return map_generation(generation, taxonomy), generation.seq
    except (OSError, ValueError):
        logger.warning("could not map the matching index %s", generation.path, exc_info=True)
        return None


def map_generation(generation: Generation, taxonomy: Taxonomy) -> ProfileIndex:
    """The generation's columns mapped copy-on-write as a ``ProfileIndex`` (no check made)."""
    meta = generation.meta
    arrays = {column: np.load(generation.path / f"{column}.npy", mmap_mode="c") for column in PROFILE_ARRAYS}
    return ProfileIndex.mapped(
        taxonomy,
        arrays,
        n=int(meta["n"]),
        nationality_codes=list(meta["nationality_codes"]),
        industry_bits={str(code): int(bit) for code, bit in meta["industry_bits"].items()},
        generation=generation.name,
    )


def write_if_behind(*, using: str = "default", behind: int = 10_000) -> Generation | None:
    """Write a generation when there is none for this database or the clock has moved ``behind``
    changes past it (``serve`` calls it before gunicorn starts); None when nothing was written."""
    from talentcenter.matching import store

    if snapshot_dir() is None:
        return None
    generation = latest()
    clock = store.clock_value("profiles")
    if (
        generation is not None
        and generation.meta.get("database") == database_identity(using)
        and tuple(generation.meta.get("taxonomy", ())) == current_taxonomy(using).codes
        and 0 <= clock - generation.seq < behind
    ):
        return None
    return write_profiles(using=using)

"""The profile index as mapped files: written by the index job, mapped by every process, caught up
with later changes like any copy, replaced by a newer generation, ignored when it cannot serve."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.management import call_command

from talentcenter.matching import services, snapshot
from talentcenter.matching.index import PROFILE_ARRAYS, ProfileIndex, SharedIndex
from talentcenter.matching.models import ProfileVector
from talentcenter.matching.store import profile_records_since
from talentcenter.matching.taxonomy import current_taxonomy
from talentcenter.matching.tests.test_index import discoverable_profile
from talentcenter.reference.models import Skill
from talentcenter.talent.models import SkillEntry


@pytest.fixture
def snapshot_dir(settings: Any, tmp_path: Path) -> Path:
    settings.TALENTCENTER_MATCHING_SNAPSHOT_DIR = str(tmp_path)
    return tmp_path


def _same_rows(mapped: ProfileIndex, built: ProfileIndex, ids: list[int]) -> None:
    for pk in ids:
        assert mapped.record(pk) == built.record(pk), pk


@pytest.mark.django_db
def test_a_written_generation_is_mapped_and_holds_what_a_built_copy_holds(snapshot_dir: Path) -> None:
    profiles = [discoverable_profile(code) for code in ("semi.lithography", "ai.pytorch", "ai.jax")]
    generation = snapshot.write_profiles()

    holder = SharedIndex("profiles")
    index = holder.current()

    assert index.generation == generation.name and generation.meta["n"] == 3
    assert isinstance(index.skills.base, np.memmap) and not index.skills.flags["OWNDATA"]
    assert list(index.ids[: index.n]) == sorted(profile.pk for profile in profiles)  # in id order
    _, records, _ = profile_records_since(0)
    _same_rows(index, ProfileIndex.from_records(records, current_taxonomy()), [p.pk for p in profiles])
    assert json.loads((snapshot_dir / "profiles.json").read_text()) == {"generation": generation.name}
    assert sorted(path.name for path in generation.path.iterdir()) == sorted(
        [f"{name}.npy" for name in PROFILE_ARRAYS] + ["meta.json"]
    )


@pytest.mark.django_db
def test_a_mapped_copy_catches_up_with_later_changes_without_writing_the_file(snapshot_dir: Path) -> None:
    first = discoverable_profile("ai.pytorch")
    discoverable_profile("semi.lithography")  # carries the last seq the copy saw (the test-only check)
    generation = snapshot.write_profiles()
    holder = SharedIndex("profiles")
    index = holder.current()

    SkillEntry.objects.filter(profile=first).update(proficiency=1)
    services.profile_vector_refresh(profile_id=first.pk)
    added = discoverable_profile("ai.jax")
    index = holder.current()

    assert index.generation == generation.name and (holder.reloads, holder.catch_ups) == (1, 1)
    assert index.record(first.pk).skills == {"ai.pytorch": 1}
    assert index.record(added.pk).skills == {"ai.jax": 3}
    on_disk = np.load(generation.path / "skills.npy")  # copy-on-write: the file keeps the old row
    assert int(on_disk[0, current_taxonomy().index["ai.pytorch"]]) == 3


@pytest.mark.django_db
def test_a_newer_generation_replaces_the_mapped_one_and_old_ones_are_removed(snapshot_dir: Path) -> None:
    profile = discoverable_profile("ai.pytorch")
    holder = SharedIndex("profiles")
    built = holder.current()
    assert built.generation is None  # no file yet: built in memory

    names = [snapshot.write_profiles().name for _ in range(3)]
    mapped = holder.current()

    assert mapped.generation == names[-1] and mapped.record(profile.pk) is not None
    assert sorted(path.name for path in snapshot_dir.glob("profiles-*")) == sorted(names[-snapshot.KEEP :])


@pytest.mark.django_db
def test_a_generation_that_cannot_serve_is_ignored(snapshot_dir: Path, settings: Any) -> None:
    profile = discoverable_profile("ai.pytorch")
    generation = snapshot.write_profiles()
    meta = json.loads((generation.path / "meta.json").read_text())
    (generation.path / "meta.json").write_text(json.dumps({**meta, "database": "postgresql:elsewhere::"}))

    index = SharedIndex("profiles").current()

    assert index.generation is None and index.record(profile.pk) is not None

    snapshot.write_profiles()
    Skill.objects.create(code="ai.mxnet", category="ai", name_en="MXNet", name_ko="엠엑스넷")
    assert SharedIndex("profiles").current().generation is None  # another taxonomy: other columns

    settings.TALENTCENTER_MATCHING_SNAPSHOT_DIR = ""
    assert snapshot.write_if_behind() is None and snapshot.latest() is None


@pytest.mark.django_db
def test_serve_writes_a_generation_only_when_missing_or_far_behind(snapshot_dir: Path) -> None:
    discoverable_profile("ai.pytorch")
    first = snapshot.write_if_behind()
    assert first is not None and snapshot.write_if_behind() is None

    discoverable_profile("ai.jax")
    assert snapshot.write_if_behind(behind=1) is not None
    assert ProfileVector.objects.count() == 2


@pytest.mark.django_db
def test_the_periodic_job_writes_a_generation_once_the_profiles_have_moved_on(
    snapshot_dir: Path, settings: Any
) -> None:
    settings.TALENTCENTER_MATCHING_SNAPSHOT_REFRESH = 1_000
    discoverable_profile("ai.pytorch")
    call_command("periodic", verbosity=0)
    first = snapshot.latest()
    assert first is not None and first.meta["n"] == 1

    discoverable_profile("ai.jax")  # fewer changes than the threshold: the workers catch up
    call_command("periodic", verbosity=0)
    assert snapshot.latest() == first

    settings.TALENTCENTER_MATCHING_SNAPSHOT_REFRESH = 1
    call_command("periodic", verbosity=0)
    newest = snapshot.latest()
    assert newest is not None and newest.path != first.path and newest.meta["n"] == 2

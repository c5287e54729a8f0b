"""The in-memory index: in-place updates, growth, removal, and the per-process copy of the store."""

from __future__ import annotations

import pytest
from django.utils import timezone

from talentcenter.matching import services
from talentcenter.matching.index import LANGUAGE_INDEX, OpeningIndex, ProfileIndex, SharedIndex
from talentcenter.matching.models import IndexClock, IndexKind, ProfileVector
from talentcenter.matching.records import OpeningRecord, ProfileRecord
from talentcenter.matching.taxonomy import SkillRow, Taxonomy
from talentcenter.reference.models import Skill
from talentcenter.talent.enums import Visibility
from talentcenter.talent.models import SkillEntry
from tests.factories import TalentProfileFactory

TAXONOMY = Taxonomy.from_rows(
    [SkillRow("ai.pytorch", "PyTorch"), SkillRow("ai.jax", "JAX"), SkillRow("semi.lithography", "Lithography")],
    credit={},
)


def test_records_are_written_column_major_and_read_back():
    index = ProfileIndex.from_records(
        [
            ProfileRecord(
                7,
                skills={"ai.pytorch": 4, "unknown.code": 2},
                education_level=40,
                years_experience=6.5,
                languages={"ko": 4, "xx": 3},
                desired_salary_krw=90_000_000,
                desired_industries=("ai",),
                nationality="IN",
            )
        ],
        TAXONOMY,
    )

    assert index.skills.flags["F_CONTIGUOUS"] and index.languages.flags["F_CONTIGUOUS"]
    assert index.record(7) == ProfileRecord(
        7,
        skills={"ai.pytorch": 4},
        education_level=40,
        years_experience=6.5,
        languages={"ko": 4},
        desired_salary_krw=90_000_000,
        desired_industries=("ai",),
        nationality="IN",
    )
    assert index.languages[0, LANGUAGE_INDEX["ko"]] == 4
    assert index.nbytes > 0


def test_apply_replaces_a_row_in_place_appends_with_doubling_and_marks_removed_rows_inactive():
    index = ProfileIndex(TAXONOMY, capacity=16)
    index.apply([ProfileRecord(pk, skills={"ai.jax": 2}) for pk in range(1, 17)])
    assert (index.n, index.capacity) == (16, 16)

    index.apply([ProfileRecord(3, skills={"ai.pytorch": 1}), ProfileRecord(100)], removed_ids=[5, 999])

    assert (index.n, index.capacity) == (17, 32)
    assert index.record(3).skills == {"ai.pytorch": 1}  # the old JAX entry is gone
    assert index.record(1).skills == {"ai.jax": 2}  # copied over when the arrays grew
    assert index.record(5) is None
    assert index.active_count == 16
    index.apply([ProfileRecord(5, discoverable=False)])
    assert index.record(5) is not None and index.active_count == 16


def test_closed_and_removed_openings_leave_the_opening_index():
    index = OpeningIndex.from_records(
        [OpeningRecord(1, skills=(("ai.pytorch", 3, True),)), OpeningRecord(2), OpeningRecord(3)], TAXONOMY
    )

    index.apply([OpeningRecord(2, open=False)], removed_ids=[3])

    assert list(index.columns().ids) == [1]
    assert list(index.columns().skill_code) == [TAXONOMY.index["ai.pytorch"]]


# The copy of the store ---------------------------------------------------------------------------


def discoverable_profile(skill_code: str, proficiency: int = 3):
    profile = TalentProfileFactory(visibility=Visibility.VERIFIED_COMPANIES, completed_at=timezone.now())
    SkillEntry.objects.create(profile=profile, skill=Skill.objects.get(code=skill_code), proficiency=proficiency)
    services.profile_vector_refresh(profile_id=profile.pk)
    return profile


@pytest.mark.django_db
def test_the_copy_catches_up_with_a_changed_profile_without_reloading(django_assert_max_num_queries):
    first = discoverable_profile("ai.pytorch")
    second = discoverable_profile("semi.lithography")
    holder = SharedIndex("profiles")
    index = holder.current()
    assert (holder.reloads, holder.catch_ups) == (1, 0)
    assert index.record(first.pk).skills == {"ai.pytorch": 3}

    SkillEntry.objects.filter(profile=first).update(proficiency=4)
    services.profile_vector_refresh(profile_id=first.pk)
    services.profile_vector_remove(profile_id=second.pk)
    third = discoverable_profile("ai.jax")

    assert holder.current() is index
    assert (holder.reloads, holder.catch_ups) == (1, 1)
    assert index.record(first.pk).skills == {"ai.pytorch": 4}
    assert index.record(second.pk) is None
    assert index.record(third.pk).skills == {"ai.jax": 3}
    # Nothing changed: the taxonomy's fingerprint and the clock (plus the test-only anchor check).
    with django_assert_max_num_queries(4):
        holder.current()
    assert (holder.reloads, holder.catch_ups) == (1, 1)


@pytest.mark.django_db
def test_the_copy_reloads_when_the_clock_goes_back():
    profile = discoverable_profile("ai.pytorch")
    holder = SharedIndex("profiles")
    assert holder.current().record(profile.pk) is not None

    ProfileVector.objects.all().delete()  # what a flush does
    IndexClock.objects.filter(kind=IndexKind.PROFILES).update(value=0)
    index = holder.current()

    assert holder.reloads == 2
    assert index.record(profile.pk) is None and index.n == 0


@pytest.mark.django_db
def test_the_copy_reloads_when_the_taxonomy_changes():
    profile = discoverable_profile("ai.pytorch")
    holder = SharedIndex("profiles")
    before = holder.current()

    Skill.objects.create(code="ai.mxnet", category="ai", name_en="MXNet", name_ko="엠엑스넷")
    after = holder.current()

    assert after is not before and holder.reloads == 2
    assert "ai.mxnet" in after.taxonomy.index
    assert after.record(profile.pk).skills == {"ai.pytorch": 3}

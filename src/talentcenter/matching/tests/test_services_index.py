"""The shared index rows: written with the talent change that causes them, in the same
transaction, with a seq from the clock; rebuilt in bulk to the very same values."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentcenter.matching import services, store
from talentcenter.matching.languages import language_level
from talentcenter.matching.models import IndexKind, IndexTombstone, OpeningVector, ProfileVector
from talentcenter.matching.records import OpeningRecord
from talentcenter.policy.tests.test_engine_properties import calendar_months, day_runs
from talentcenter.talent import services as talent
from talentcenter.talent.enums import Visibility
from talentcenter.talent.models import Experience, TalentProfile
from talentcenter.talent.signals import profile_changed
from tests.factories import TalentProfileFactory

TODAY = datetime.date(2026, 11, 23)


def profile_with_entries(*, visible: bool = True, complete: bool = True, **personal: Any) -> TalentProfile:
    """A profile written through the talent services, as a person would fill it in."""
    profile = TalentProfileFactory()
    user = profile.user
    talent.talent_profile_update_personal(
        profile=profile, actor=user, headline=personal.get("headline", "Battery Scientist"), nationality="VN"
    )
    talent.education_add(profile=profile, actor=user, level=40, field="Chemistry", institution="KAIST", country="KR")
    talent.education_add(
        profile=profile, actor=user, level=50, field="Electrochemistry", institution="SNU", country="KR"
    )
    talent.experience_add(
        profile=profile,
        actor=user,
        organization="LG Energy Solution",
        organization_kind="company",
        role="Cell Engineer",
        field="Cells",
        started_on=datetime.date(2018, 1, 1),
        ended_on=datetime.date(2020, 12, 31),
    )
    talent.experience_add(
        profile=profile,
        actor=user,
        organization="Samsung SDI",
        organization_kind="company",
        role="Senior engineer",
        field="Cathodes",
        started_on=datetime.date(2020, 6, 1),
        ended_on=datetime.date(2024, 6, 1),
    )
    talent.skill_set(profile=profile, actor=user, skill_code="battery.cathode", proficiency=4)
    talent.skill_set(profile=profile, actor=user, skill_code="ai.pytorch", proficiency=2)
    talent.language_set(profile=profile, actor=user, language="ko", test="topik", level="5")
    talent.language_set(profile=profile, actor=user, language="en", test="ielts", level="7.5")
    talent.talent_preferences_update(
        profile=profile,
        actor=user,
        desired_industry_codes=["secondary_battery", "ai"],
        visibility=Visibility.VERIFIED_COMPANIES if visible else Visibility.PRIVATE,
        consent_profile_sharing=visible,
        consent_marketing=False,
        desired_salary_krw=70_000_000,
    )
    if complete:
        talent.talent_profile_complete(profile=profile, actor=user)
    profile.refresh_from_db()
    return profile


def row(profile_id: int) -> dict[str, Any]:
    return ProfileVector.objects.filter(profile_id=profile_id).values(*services.ROW_COLUMNS, "seq").get()


def test_a_profile_row_holds_what_the_matcher_needs(db: None) -> None:
    profile = profile_with_entries()

    vector = row(profile.pk)

    assert vector["discoverable"] is True
    assert vector["skills"] == {"battery.cathode": 4, "ai.pytorch": 2}
    assert vector["education_level"] == 50
    # 2018-01-01..2024-06-01 with the overlap counted once: 77 whole months (to 2024-05-31), and the 1 June
    assert vector["years_experience"] == round(77 / 12, 2)
    assert vector["languages"] == {"ko": 5, "en": 5}
    assert vector["desired_salary_krw"] == 70_000_000
    assert vector["desired_industries"] == ["ai", "secondary_battery"]
    assert vector["nationality"] == "VN"
    assert vector["text"] == "battery scientist electrochemistry chemistry senior engineer cell engineer"
    assert vector["seq"] == store.clock_value(IndexKind.PROFILES)


def test_a_skill_change_rewrites_the_row_with_the_next_seq(db: None, django_assert_num_queries: Any) -> None:
    profile = profile_with_entries()
    before = store.clock_value(IndexKind.PROFILES)

    talent.skill_set(profile=profile, actor=profile.user, skill_code="ai.cuda", proficiency=3)

    vector = row(profile.pk)
    assert vector["skills"]["ai.cuda"] == 3
    assert vector["seq"] == before + 1 == store.clock_value(IndexKind.PROFILES)

    # One refresh, whatever the profile holds: savepoint, clock (lock, write), six reads (for the
    # matcher and the policy engine's data), one upsert, release.
    with django_assert_num_queries(11):
        services.profile_vector_refresh(profile_id=profile.pk)


def test_a_change_that_fails_leaves_neither_the_profile_nor_the_index_changed(db: None) -> None:
    profile = profile_with_entries()
    before = (store.clock_value(IndexKind.PROFILES), row(profile.pk))

    def fail_after_the_index(sender: Any, **kwargs: Any) -> None:
        raise ValidationError("a later listener refuses")

    profile_changed.connect(fail_after_the_index, dispatch_uid="test-fail")
    try:
        with pytest.raises(ValidationError):
            talent.skill_set(profile=profile, actor=profile.user, skill_code="ai.jax", proficiency=3)
    finally:
        profile_changed.disconnect(dispatch_uid="test-fail")

    assert not profile.skills.filter(skill__code="ai.jax").exists()
    assert (store.clock_value(IndexKind.PROFILES), row(profile.pk)) == before


@pytest.mark.parametrize(("visible", "complete"), [(False, True), (True, False), (False, False)])
def test_a_profile_not_shared_or_not_complete_is_not_discoverable(db: None, visible: bool, complete: bool) -> None:
    profile = profile_with_entries(visible=visible, complete=complete)

    assert row(profile.pk)["discoverable"] is False


def test_hiding_a_profile_keeps_its_row_marked_not_discoverable_so_readers_drop_it(db: None) -> None:
    profile = profile_with_entries()
    seen = store.clock_value(IndexKind.PROFILES)

    talent.talent_preferences_update(
        profile=profile,
        actor=profile.user,
        desired_industry_codes=[],
        visibility=Visibility.PRIVATE,
        consent_profile_sharing=False,
        consent_marketing=False,
    )

    top, records, removed = store.profile_records_since(seen)
    assert [(record.profile_id, record.discoverable) for record in records] == [(profile.pk, False)]
    assert (top, removed) == (seen + 1, [])


def test_a_deleted_profile_leaves_a_tombstone(db: None) -> None:
    profile = profile_with_entries()
    kept = profile_with_entries()
    seen = store.clock_value(IndexKind.PROFILES)

    profile_id = profile.pk
    profile.delete()

    assert not ProfileVector.objects.filter(profile_id=profile_id).exists()
    tombstone = IndexTombstone.objects.get(kind=IndexKind.PROFILES, item_id=profile_id)
    assert tombstone.seq == seen + 1 == store.clock_value(IndexKind.PROFILES)
    assert store.profile_records_since(seen) == (seen + 1, [], [profile_id])
    assert kept.pk not in store.profile_records_since(0)[2]


def test_records_since_returns_exactly_the_changes_after_a_seq(db: None) -> None:
    first, second, third = profile_with_entries(), profile_with_entries(), profile_with_entries()
    seen = store.clock_value(IndexKind.PROFILES)

    talent.skill_set(profile=second, actor=second.user, skill_code="ai.jax", proficiency=1)
    talent.skill_set(profile=third, actor=third.user, skill_code="ai.jax", proficiency=1)
    talent.skill_set(profile=second, actor=second.user, skill_code="ai.cuda", proficiency=2)

    top, records, removed = store.profile_records_since(seen)
    assert top == seen + 3 == store.clock_value(IndexKind.PROFILES)
    assert sorted(record.profile_id for record in records) == sorted([second.pk, third.pk])
    assert next(r for r in records if r.profile_id == second.pk).skills["ai.cuda"] == 2
    assert removed == []
    assert store.profile_records_since(top) == (top, [], [])
    everything = store.profile_records_since(0)[1]
    assert {first.pk, second.pk, third.pk} <= {record.profile_id for record in everything}


def test_records_since_with_a_limit_pages_through_in_seq_order(db: None) -> None:
    profiles = [profile_with_entries() for _ in range(3)]
    collected: list[int] = []
    seq = 0
    while True:
        seq, records, _removed = store.profile_records_since(seq, limit=2)
        collected += [record.profile_id for record in records]
        if len(records) < 2:
            break
    assert seq == store.clock_value(IndexKind.PROFILES)
    assert sorted(collected) == sorted(ProfileVector.objects.values_list("profile_id", flat=True))
    assert {profile.pk for profile in profiles} <= set(collected)


def test_the_bulk_build_equals_the_refresh_of_each_profile(db: None) -> None:
    profiles = [profile_with_entries(), profile_with_entries(visible=False), profile_with_entries(complete=False)]
    bare = TalentProfileFactory()  # made without the services: no row yet
    refreshed = {vector["profile_id"]: vector for vector in ProfileVector.objects.values(*services.ROW_COLUMNS)}
    before = store.clock_value(IndexKind.PROFILES)

    result = services.profile_vectors_rebuild(batch_size=2)

    rebuilt = {vector["profile_id"]: vector for vector in ProfileVector.objects.values(*services.ROW_COLUMNS)}
    assert {pk: rebuilt[pk] for pk in refreshed} == refreshed
    assert rebuilt[bare.pk]["discoverable"] is False
    assert result["profiles"] == TalentProfile.objects.count() == len(rebuilt)
    assert result["discoverable"] == 1 == sum(vector["discoverable"] for vector in rebuilt.values())
    # Every row got a new seq, all different, all above what readers had seen.
    seqs = list(ProfileVector.objects.values_list("seq", flat=True))
    assert len(set(seqs)) == len(seqs) and min(seqs) > before
    assert store.clock_value(IndexKind.PROFILES) == before + len(seqs)
    assert {profile.pk for profile in profiles} <= rebuilt.keys()


def test_the_command_rebuilds_and_reports(db: None) -> None:
    profile_with_entries()
    out = StringIO()

    call_command("matching_index", "rebuild", stdout=out)
    call_command("matching_index", "status", stdout=out)

    text = out.getvalue()
    assert "Rebuilt" in text and "1 discoverable" in text
    assert f"profiles: clock {store.clock_value(IndexKind.PROFILES):,}" in text
    assert "openings: clock 0, rows 0, open 0, removed 0" in text


def test_openings_are_put_closed_removed_and_put_again(db: None) -> None:
    record = OpeningRecord(
        opening_id=41,
        skills=(("ai.deep_learning", 5, True), ("common.python", 2, False)),
        min_education_level=40,
        min_years=3.0,
        salary_min_krw=50_000_000,
        salary_max_krw=80_000_000,
        languages=(("ko", 3, True),),
        industry="ai",
        offer={"company_size": "sme"},
    )
    services.opening_vector_put(record)
    services.opening_vector_put(OpeningRecord(opening_id=42, industry="bio"))

    top, records, removed = store.opening_records_since(0)
    assert (top, removed) == (2, [])
    assert next(item for item in records if item.opening_id == 41) == record

    services.opening_vector_put(OpeningRecord(opening_id=42, industry="bio", open=False))
    services.opening_vector_remove(opening_id=41)
    services.opening_vector_remove(opening_id=999)  # never indexed: nothing to drop

    later, records, removed = store.opening_records_since(top)
    assert [(item.opening_id, item.open) for item in records] == [(42, False)]
    assert removed == [41]
    assert later == store.clock_value(IndexKind.OPENINGS)

    services.opening_vector_put(record)
    _top, records, removed = store.opening_records_since(0)
    assert removed == [] and {item.opening_id for item in records} == {41, 42}
    assert OpeningVector.objects.count() == 2


# --- years of experience ------------------------------------------------------------------------
def _calendar_years(periods: list[tuple[datetime.date, datetime.date | None]], today: datetime.date) -> float:
    """The obvious, slow way: the set of days worked (last days included, an open end up to today),
    its runs of consecutive days, each counted month by month, as the rules count them."""
    ordinals = []
    for start, end in periods:
        last = min(end or today, today)
        if start <= last:
            ordinals.append((start.toordinal(), last.toordinal()))
    months = sum(calendar_months(first, last)[0] for first, last in day_runs(ordinals))
    return round(months / 12, 2)


dates = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2027, 12, 31))
period = st.tuples(dates, st.one_of(st.none(), dates)).map(
    lambda pair: (pair[0], None if pair[1] is None else max(pair))
)


@given(periods=st.lists(period, max_size=8))
def test_years_of_experience_count_overlapping_periods_once(periods: list[Any]) -> None:
    years = services.years_of_experience(periods, today=TODAY)
    assert years == _calendar_years(periods, TODAY)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(periods=st.lists(period.filter(lambda pair: pair[0] <= TODAY), min_size=1, max_size=6))
def test_the_refresh_and_the_bulk_build_agree_on_years(db: None, periods: list[Any]) -> None:
    with transaction.atomic():
        profile = TalentProfileFactory()
        Experience.objects.bulk_create(
            Experience(
                profile=profile,
                organization="Org",
                organization_kind="company",
                role="Engineer",
                field="Field",
                started_on=start,
                ended_on=None if end is None else min(end, TODAY) if end >= start else start,
            )
            for start, end in periods
        )
        services.profile_vector_refresh(profile_id=profile.pk)
        refreshed = ProfileVector.objects.get(profile_id=profile.pk).years_experience
        services.profile_vectors_rebuild()
        rebuilt = ProfileVector.objects.get(profile_id=profile.pk).years_experience
        transaction.set_rollback(True)
    assert refreshed == rebuilt


# --- language levels ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("test", "level", "expected"),
    [
        ("topik", "1", 1),
        ("topik", "6", 6),
        ("cefr", "A1", 1),
        ("cefr", "C2", 6),
        ("cefr", "b2", 4),
        ("native", "", 6),
        ("none", "", 3),
        ("none", "C1", 5),
        ("ielts", "7", 5),
        ("ielts", "5.5", 4),
        ("ielts", "2", 1),
        ("toefl_ibt", "100", 5),
        ("toefl_ibt", "118", 6),
        ("toeic", "990", 5),
        ("toeic", "800", 4),
        ("toeic", "600", 3),
        ("kiip", "5", 5),
        ("topik", "", 3),
    ],
)
def test_every_test_maps_onto_the_common_scale(test: str, level: str, expected: int) -> None:
    assert language_level(test, level) == expected


def test_a_row_and_a_removal_in_the_same_range_count_as_whichever_came_last(db: None) -> None:
    profile = profile_with_entries()
    seen = store.clock_value(IndexKind.PROFILES)
    talent.skill_set(profile=profile, actor=profile.user, skill_code="ai.jax", proficiency=2)

    services.profile_vector_remove(profile_id=profile.pk)  # removed after its last change

    assert store.profile_records_since(seen)[1:] == ([], [profile.pk])

    talent.skill_set(profile=profile, actor=profile.user, skill_code="ai.jax", proficiency=3)  # written again

    _top, records, removed = store.profile_records_since(seen)
    assert ([record.profile_id for record in records], removed) == ([profile.pk], [])

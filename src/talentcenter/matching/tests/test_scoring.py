"""The vectorised scoring against a plain per-profile reference, and its properties (no database)."""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentcenter.matching.index import ProfileIndex
from talentcenter.matching.query import CandidateQuery, LanguageRequirement, SkillRequirement
from talentcenter.matching.records import ProfileRecord
from talentcenter.matching.scoring import PreparedQuery, Settings, score_profiles, top_rows
from talentcenter.matching.selectors import count_candidates_in_index, rank_candidates_in_index
from talentcenter.matching.taxonomy import SkillRow, Taxonomy

ROWS = [
    SkillRow("ai.deep_learning", "Deep learning", "딥러닝"),
    SkillRow("ai.dl_frameworks", "Deep learning frameworks", "딥러닝 프레임워크", parent="ai.deep_learning"),
    SkillRow("ai.pytorch", "PyTorch", "파이토치", parent="ai.dl_frameworks", synonyms="Torch"),
    SkillRow("ai.tensorflow", "TensorFlow", "텐서플로", parent="ai.dl_frameworks"),
    SkillRow("ai.computer_vision", "Computer vision", "컴퓨터 비전", related=("ai.deep_learning",)),
    SkillRow("semi.lithography", "Lithography", "노광"),
    SkillRow("semi.etch", "Etch and deposition", "식각 및 증착", related=("semi.lithography",)),
    SkillRow("bio.antibody", "Antibody engineering", "항체 공학"),
]
TAXONOMY = Taxonomy.from_rows(ROWS, credit={})
CODES = [row.code for row in ROWS] + ["unknown.skill"]
LANGUAGES = ["ko", "en", "zh"]
INDUSTRIES = ["semiconductor", "ai", "bio"]
ALL_FILTERS = Settings(
    weights={"skills": 0.55, "experience": 0.15, "education": 0.10, "languages": 0.10, "salary": 0.10},
    hard_filters={"education": True, "languages": True, "required_skills": True, "nationalities": True},
    preferred_factor=0.5,
    industry_bonus=3.0,
)
NO_FILTERS = dataclasses.replace(ALL_FILTERS, hard_filters={})


def records(max_size: int = 25) -> st.SearchStrategy[list[ProfileRecord]]:
    record = st.builds(
        ProfileRecord,
        profile_id=st.integers(1, 10_000),
        skills=st.dictionaries(st.sampled_from(CODES), st.integers(1, 4), max_size=5),
        education_level=st.sampled_from([None, 10, 20, 30, 40, 50]),
        years_experience=st.floats(0, 30, allow_nan=False, width=32),
        languages=st.dictionaries(st.sampled_from(LANGUAGES), st.integers(1, 6), max_size=3),
        desired_salary_krw=st.one_of(st.none(), st.integers(20_000_000, 250_000_000)),
        desired_industries=st.lists(st.sampled_from(INDUSTRIES), max_size=2, unique=True).map(tuple),
        nationality=st.sampled_from(["", "IN", "VN", "US"]),
        discoverable=st.booleans(),
    )
    return st.lists(record, min_size=1, max_size=max_size, unique_by=lambda item: item.profile_id)


queries = st.builds(
    CandidateQuery,
    skills=st.lists(
        st.builds(
            SkillRequirement, skill_code=st.sampled_from(CODES), weight=st.integers(1, 5), required=st.booleans()
        ),
        max_size=4,
    ).map(tuple),
    min_education_level=st.sampled_from([None, 20, 30, 40, 50]),
    min_years=st.one_of(st.none(), st.floats(0, 15, allow_nan=False)),
    salary_max_krw=st.one_of(st.none(), st.integers(30_000_000, 200_000_000)),
    languages=st.lists(
        st.builds(
            LanguageRequirement,
            language=st.sampled_from(LANGUAGES),
            minimum_level=st.integers(1, 6),
            required=st.booleans(),
        ),
        max_size=2,
        unique_by=lambda item: item.language,
    ).map(tuple),
    industry=st.sampled_from(["", *INDUSTRIES]),
    nationalities=st.lists(st.sampled_from(["IN", "VN", "US", "FR"]), max_size=2, unique=True).map(tuple),
)


def reference(record: ProfileRecord, query: CandidateQuery, current: Settings) -> tuple[float, bool]:
    """One profile, the obvious way: (score 0-100, passes the hard filters)."""
    filters = current.hard_filters
    eligible = record.discoverable
    weighted = total_weight = 0.0
    for requirement in query.skills:
        weight = requirement.weight * (1.0 if requirement.required else current.preferred_factor)
        best = 0.0
        if requirement.skill_code in TAXONOMY.index:
            for code, level in record.skills.items():
                if code in TAXONOMY.index:
                    best = max(best, TAXONOMY.credit(requirement.skill_code, code) * level / 4)
        weighted += weight * best
        total_weight += weight
        if requirement.required and filters.get("required_skills") and best <= 0:
            eligible = False
    skills = weighted / total_weight if total_weight else 1.0
    minimum, level = query.min_education_level or 0, record.education_level or 0
    if not minimum or level >= minimum:
        education = 1.0
    else:
        education = 0.5 if level and level >= minimum - 10 else 0.0
        if filters.get("education") and level < minimum - 10 * current.filter_slack:
            eligible = False
    years = query.min_years or 0
    if years < 1 / 365:  # a minimum below a day counts as none
        years = 0
    experience = min(1.0, record.years_experience / years) if years > 0 else 1.0
    maximum, desired = query.salary_max_krw or 0, record.desired_salary_krw or 0
    if not maximum:
        salary = 1.0
    elif not desired:
        salary = 0.75
    else:
        salary = min(1.0, max(0.0, 1 - (desired / maximum - 1) / 0.3))
    weighted = total_weight = 0.0
    for requirement in query.languages:
        have = record.languages.get(requirement.language, 0)
        fit = (
            1.0 if have >= requirement.minimum_level else 0.5 if have and have == requirement.minimum_level - 1 else 0.0
        )
        weight = 1.0 if requirement.required else current.preferred_factor
        weighted += weight * fit
        total_weight += weight
        if (
            requirement.required
            and filters.get("languages")
            and have < requirement.minimum_level - current.filter_slack
        ):
            eligible = False
    languages = weighted / total_weight if total_weight else 1.0
    if query.nationalities and filters.get("nationalities") and record.nationality not in query.nationalities:
        eligible = False
    fits = {
        "skills": skills,
        "experience": experience,
        "education": education,
        "languages": languages,
        "salary": salary,
    }
    weights = current.weights
    score = 100 * sum(weights[name] * fits[name] for name in fits) / sum(weights.values())
    if query.industry and query.industry in record.desired_industries:
        score += current.industry_bonus
    return min(score, 100.0), eligible


def scored(
    items: list[ProfileRecord], query: CandidateQuery, current: Settings
) -> tuple[ProfileIndex, np.ndarray, np.ndarray]:
    index = ProfileIndex.from_records(items, TAXONOMY)
    prepared = PreparedQuery.build(query, TAXONOMY, current.preferred_factor)
    scores = score_profiles(index.columns(), TAXONOMY, prepared, current, index=index)
    return index, scores.total, scores.eligible


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=records(), query=queries, filters=st.sampled_from([ALL_FILTERS, NO_FILTERS]))
def test_the_vectorised_score_equals_the_reference_and_stays_within_0_and_100(items, query, filters):
    index, totals, eligible = scored(items, query, filters)

    for record in items:
        row = index.row_of[record.profile_id]
        expected, passes = reference(record, query, filters)
        assert 0.0 <= totals[row] <= 100.0
        assert math.isclose(float(totals[row]), expected, abs_tol=1e-3), (record, query)
        assert bool(eligible[row]) == passes


@settings(max_examples=100, deadline=None)
@given(items=records(max_size=5), query=queries, data=st.data())
def test_adding_a_required_skill_never_lowers_the_score(items, query, data):
    asked = [requirement.skill_code for requirement in query.skills if requirement.required]
    if not asked:
        return
    code = data.draw(st.sampled_from(asked))
    level = data.draw(st.integers(1, 4))
    record = items[0]
    better = dataclasses.replace(
        record,
        profile_id=record.profile_id + 20_000,
        skills={**record.skills, code: max(level, record.skills.get(code, 0))},
    )

    index, totals, _eligible = scored([record, better], query, NO_FILTERS)

    assert totals[index.row_of[better.profile_id]] >= totals[index.row_of[record.profile_id]] - 1e-5


@settings(max_examples=100, deadline=None)
@given(items=records(max_size=5), query=queries, raise_by=st.integers(1, 3))
def test_raising_a_proficiency_never_lowers_the_score(items, query, raise_by):
    record = next((item for item in items if item.skills), None)
    if record is None:
        return
    code = sorted(record.skills)[0]
    better = dataclasses.replace(
        record,
        profile_id=record.profile_id + 20_000,
        skills={**record.skills, code: min(4, record.skills[code] + raise_by)},
    )

    index, totals, _eligible = scored([record, better], query, NO_FILTERS)

    assert totals[index.row_of[better.profile_id]] >= totals[index.row_of[record.profile_id]] - 1e-5


@settings(max_examples=100, deadline=None)
@given(items=records(max_size=40), query=queries, k=st.integers(1, 45))
def test_hard_filters_never_let_a_filtered_row_through_and_top_k_is_the_full_sorts_first_k(items, query, k):
    index, totals, eligible = scored(items, query, ALL_FILTERS)
    by_id = {record.profile_id: record for record in items}

    matches = rank_candidates_in_index(index, query, limit=k, explain=False, settings_=ALL_FILTERS)

    assert all(reference(by_id[match.profile_id], query, ALL_FILTERS)[1] for match in matches)
    everyone = sorted(
        (int(np.rint(float(totals[index.row_of[pk]]) * 1000)), pk) for pk in by_id if eligible[index.row_of[pk]]
    )
    expected = [pk for _score, pk in sorted(everyone, key=lambda item: (-item[0], item[1]))][:k]
    assert [match.profile_id for match in matches] == expected
    rows = top_rows(totals, index.ids[: index.n], eligible, k)
    assert [int(index.ids[row]) for row in rows] == expected


def test_pytorch_counts_fully_for_deep_learning_frameworks_and_the_broader_skill_partly():
    query = CandidateQuery(skills=(SkillRequirement("ai.dl_frameworks", 5),))
    items = [
        ProfileRecord(1, skills={"ai.pytorch": 4}),
        ProfileRecord(2, skills={"ai.deep_learning": 4}),
        ProfileRecord(3, skills={"ai.tensorflow": 2}),
        ProfileRecord(4, skills={"bio.antibody": 4}),
    ]
    index = ProfileIndex.from_records(items, TAXONOMY)

    matches = rank_candidates_in_index(index, query, limit=10, explain=False, settings_=NO_FILTERS)

    assert [(match.profile_id, match.components["skills"]) for match in matches] == [
        (1, 1.0),
        (2, 0.6),
        (3, 0.5),
        (4, 0.0),
    ]
    assert count_candidates_in_index(index, query) == 3


def test_excluded_profiles_and_undiscoverable_ones_are_never_ranked():
    items = [ProfileRecord(1), ProfileRecord(2), ProfileRecord(3, discoverable=False)]
    index = ProfileIndex.from_records(items, TAXONOMY)

    matches = rank_candidates_in_index(
        index, CandidateQuery(exclude_profile_ids=frozenset({1})), limit=10, explain=False
    )

    assert [match.profile_id for match in matches] == [2]


def test_equal_scores_are_ordered_by_id():
    items = [ProfileRecord(pk, skills={"ai.pytorch": 3}) for pk in (30, 10, 20)]
    index = ProfileIndex.from_records(items, TAXONOMY)

    matches = rank_candidates_in_index(
        index, CandidateQuery(skills=(SkillRequirement("ai.pytorch"),)), limit=2, explain=False
    )

    assert [match.profile_id for match in matches] == [10, 20]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=records(max_size=40), query=queries, k=st.integers(1, 20), shards=st.integers(2, 4))
def test_profiles_sharded_by_id_range_give_the_same_top_k_once_the_shards_answers_are_merged(items, query, k, shards):
    """How the index grows past one machine (docs/matching.md): each node holds an id range and
    answers its own top k; the merge of those answers is the global top k, because a profile's
    score depends on the profile and the query only."""
    whole = [
        match.profile_id
        for match in rank_candidates_in_index(
            ProfileIndex.from_records(items, TAXONOMY), query, limit=k, explain=False, settings_=ALL_FILTERS
        )
    ]
    index, totals, _eligible = scored(items, query, ALL_FILTERS)
    bounds = np.linspace(0, 10_001, shards + 1)
    answers: list[int] = []
    for low, high in itertools.pairwise(bounds):
        shard = [record for record in items if low <= record.profile_id < high]
        if shard:
            answers += [
                match.profile_id
                for match in rank_candidates_in_index(
                    ProfileIndex.from_records(shard, TAXONOMY), query, limit=k, explain=False, settings_=ALL_FILTERS
                )
            ]

    def key(pk: int) -> tuple[int, int]:
        return (-int(np.rint(float(totals[index.row_of[pk]]) * 1000)), pk)

    assert sorted(answers, key=key)[:k] == whole

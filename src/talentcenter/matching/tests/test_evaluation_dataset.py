"""The evaluation sets: deterministic, and every planted grade follows from how the profile was built.

The checks here walk the taxonomy's ``parent`` column themselves rather than trusting
``dataset.SkillGraph``, so a bug in the construction cannot hide behind the same code.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from talentcenter.matching.evaluation import dataset
from talentcenter.matching.evaluation.baseline import BM25Baseline, tokenize
from talentcenter.matching.records import ProfileRecord

SEED = 11


@pytest.fixture(scope="module")
def rows():
    return dataset.load_skill_rows()


@pytest.fixture(scope="module")
def small_set(rows):
    return dataset.synthetic_set(SEED, openings=12, pool_size=900, skill_rows=rows)


def _narrower_or_same(rows, code):
    """``code`` and every skill below it, from the parent column."""
    parent = {row.code: row.parent for row in rows}
    found = {code}
    changed = True
    while changed:
        changed = False
        for child, up in parent.items():
            if up in found and child not in found:
                found.add(child)
                changed = True
    return found


def _short(query, profile):
    misses = []
    if (profile.education_level or 0) < (query.min_education_level or 0):
        misses.append("degree")
    if profile.years_experience < (query.min_years or 0):
        misses.append("years")
    for language in query.languages:
        if language.required and profile.languages.get(language.language, 0) < language.minimum_level:
            misses.append(language.language)
    return misses


def test_the_taxonomy_rows_carry_the_hierarchy_and_the_synonyms(rows):
    codes = {row.code for row in rows}
    assert len(rows) >= 50
    assert any(row.parent for row in rows), "skills.csv has no parent column values"
    assert all(row.parent in codes for row in rows if row.parent)
    pytorch = next(row for row in rows if row.code == "ai.pytorch")
    assert "ai.pytorch" in _narrower_or_same(rows, "ai.dl_frameworks")
    assert pytorch.synonyms


def test_the_same_seed_gives_the_same_set_and_another_seed_another(rows):
    first = dataset.synthetic_set(SEED, openings=6, pool_size=400, skill_rows=rows)
    again = dataset.synthetic_set(SEED, openings=6, pool_size=400, skill_rows=rows)
    other = dataset.synthetic_set(SEED + 1, openings=6, pool_size=400, skill_rows=rows)
    assert first.profiles == again.profiles
    assert first.openings == again.openings
    assert first.grades == again.grades
    assert first.profiles != other.profiles


def test_the_set_has_the_asked_size_and_unique_ids(small_set):
    assert len(small_set.openings) == 12
    assert len(small_set.profiles) == 900
    assert sorted(profile.profile_id for profile in small_set.profiles) == list(range(1, 901))
    for opening in small_set.openings:
        kinds = Counter(small_set.kinds[opening.key].values())
        for kind, count in dataset.PLANTED_PER_OPENING.items():
            assert kinds[kind] == count, (opening.key, kind)


def test_grade_three_profiles_have_every_required_skill_or_a_narrower_one_and_every_requirement(small_set, rows):
    for opening in small_set.openings:
        required = [item.skill_code for item in opening.query.skills if item.required]
        for profile_id, kind in small_set.kinds[opening.key].items():
            if kind != "grade3":
                continue
            profile = small_set.profiles_by_id[profile_id]
            assert small_set.grades[opening.key][profile_id] == 3
            for code in required:
                assert set(profile.skills) & _narrower_or_same(rows, code), (opening.key, code, profile)
            assert _short(opening.query, profile) == []


def test_grade_two_profiles_miss_one_requirement_or_one_skill(small_set, rows):
    for opening in small_set.openings:
        required = [item.skill_code for item in opening.query.skills if item.required]
        for profile_id, kind in small_set.kinds[opening.key].items():
            if kind != "grade2":
                continue
            profile = small_set.profiles_by_id[profile_id]
            covered = sum(bool(set(profile.skills) & _narrower_or_same(rows, code)) for code in required)
            misses = _short(opening.query, profile)
            assert (covered == len(required) and len(misses) == 1) or (
                len(required) >= 3 and covered == len(required) - 1 and not misses
            ), (opening.key, profile)


def test_distractors_are_grade_zero_and_look_relevant_to_a_keyword_search(small_set, rows):
    for opening in small_set.openings:
        required = [item.skill_code for item in opening.query.skills if item.required]
        for profile_id, kind in small_set.kinds[opening.key].items():
            profile = small_set.profiles_by_id[profile_id]
            if kind == "stuffer":
                assert profile_id not in small_set.grades[opening.key]
                assert profile.text.startswith(f"{opening.title} | {opening.title}")
                for code in required:
                    assert not set(profile.skills) & _narrower_or_same(rows, code)
            elif kind == "wrong_requirements":
                assert profile_id not in small_set.grades[opening.key]
                assert all(code in profile.skills for code in required)
                assert len(_short(opening.query, profile)) >= 3


def test_background_profiles_are_irrelevant_to_every_opening(small_set):
    graph = dataset.SkillGraph(small_set.skill_rows)
    planted = {profile_id for kinds in small_set.kinds.values() for profile_id in kinds}
    background = [profile for profile in small_set.profiles if profile.profile_id not in planted]
    assert len(background) > 500
    for profile in background:
        for opening in small_set.openings:
            assert dataset.judge(opening.query, profile, graph) == 0
            assert profile.profile_id not in small_set.grades[opening.key]


def test_the_set_exercises_the_hierarchy_synonyms_and_korean(rows):
    evaluation_set = dataset.synthetic_set(dataset.DEFAULT_SEED, openings=40, pool_size=1200, skill_rows=rows)
    synonyms = {name.strip().lower() for row in rows for name in row.synonyms.split("|") if name.strip()}
    through_narrower = through_synonym = 0
    for opening in evaluation_set.openings:
        required = [item.skill_code for item in opening.query.skills if item.required]
        for profile_id, kind in evaluation_set.kinds[opening.key].items():
            if kind != "grade3":
                continue
            profile = evaluation_set.profiles_by_id[profile_id]
            through_narrower += sum(code not in profile.skills for code in required)
            through_synonym += any(part.strip().lower() in synonyms for part in profile.text.split(","))
    assert through_narrower >= 20  # a requirement met only by a narrower skill (PyTorch for DL frameworks)
    assert through_synonym >= 20  # a skill written with a synonym ("Torch", "파이토치")
    hangul = re.compile("[가-힣]")
    assert sum(bool(hangul.search(opening.description)) for opening in evaluation_set.openings) >= 15
    assert sum(not hangul.search(opening.description) for opening in evaluation_set.openings) >= 8


class _UniqueKeyLoader(yaml.SafeLoader):
    """Fails on a key written twice in one mapping (yaml.safe_load would keep the last silently)."""


def _mapping(loader, node, deep=False):
    keys = [loader.construct_object(key, deep=deep) for key, _value in node.value]
    duplicates = [key for key, count in Counter(keys).items() if count > 1]
    if duplicates:
        raise ValueError(f"duplicate keys {duplicates}")
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def test_the_handchecked_file_is_complete_and_consistent(rows):
    raw = yaml.load(dataset.HANDCHECKED.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506
    codes = {row.code for row in rows}
    keys = [profile["key"] for profile in raw["profiles"]]
    assert len(raw["openings"]) == 8
    assert len(keys) == 60
    assert len(set(keys)) == len(keys)
    for profile in raw["profiles"]:
        assert set(profile["skills"]) <= codes, profile["key"]
        assert profile["education"] in dataset.EDUCATION_NAMES
        assert all(1 <= level <= 6 for level in profile["languages"].values())
    text = dataset.HANDCHECKED.read_text(encoding="utf-8")
    for opening in raw["openings"]:
        assert {skill["code"] for skill in opening["skills"]} <= codes, opening["key"]
        assert set(opening["judgments"]) <= set(keys), opening["key"]
        assert set(opening["judgments"].values()) <= {0, 1, 2, 3}
        assert 3 in opening["judgments"].values()
        for key in opening["judgments"]:
            # every judgment carries its one-line reason
            assert re.search(rf"^\s+{re.escape(key)}: \d\s+# \S", text, re.MULTILINE), (opening["key"], key)


def test_the_handchecked_set_pads_the_pool_with_clearly_irrelevant_profiles(rows):
    evaluation_set = dataset.handchecked_set(skill_rows=rows, padding=300, seed=3)
    again = dataset.handchecked_set(skill_rows=rows, padding=300, seed=3)
    assert evaluation_set.profiles == again.profiles
    assert len(evaluation_set.profiles) == 360
    assert sorted(profile.profile_id for profile in evaluation_set.profiles) == list(range(1, 361))
    judged = {profile_id for grades in evaluation_set.grades.values() for profile_id in grades}
    assert len(judged) >= 40
    graph = dataset.SkillGraph(rows)
    near = set()
    for opening in evaluation_set.openings:
        for item in opening.query.skills:
            if item.required:
                near |= graph.covering(item.skill_code) | graph.relatives(item.skill_code)
    raw = yaml.safe_load(dataset.HANDCHECKED.read_text(encoding="utf-8"))
    written = {" ".join(str(profile["text"]).split()) for profile in raw["profiles"]}
    padded = [profile for profile in evaluation_set.profiles if profile.text not in written]
    assert len(padded) == 300
    assert not any(near & set(profile.skills) for profile in padded)
    assert not judged & {profile.profile_id for profile in padded}


def test_the_tokenizer_keeps_korean_and_strips_postpositions():
    # a crude strip: one postposition off a Hangul word that keeps two syllables ("다루는" -> "다루")
    assert tokenize("반도체를 다루는 PyTorch 엔지니어의 경력") == ["반도체", "다루", "pytorch", "엔지니어", "경력"]
    assert tokenize("AI 반도체") == ["ai", "반도체"]
    assert tokenize("the deep learning of things") == ["deep", "learning", "things"]


def test_bm25_ranks_the_matching_text_first_and_ties_by_pool_order():
    baseline = BM25Baseline(
        [
            ProfileRecord(1, text="물류 로봇 SLAM 엔지니어"),
            ProfileRecord(2, text="HBM 패키징 공정 엔지니어"),
            ProfileRecord(3, text="OLED 증착 공정"),
        ]
    )
    assert baseline.rank("HBM 패키징을 담당할 엔지니어", 3)[0] == 2
    assert baseline.rank("nothing matches", 3) == [1, 2, 3]

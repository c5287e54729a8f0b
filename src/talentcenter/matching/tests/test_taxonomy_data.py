"""The bundled skills taxonomy is fit for matching: real hierarchy, names in both languages, and
no synonym that could mean two skills."""

from __future__ import annotations

import re
from collections import Counter

from talentcenter.reference.models import Skill

HANGUL = re.compile(r"[가-힣]")


def test_the_taxonomy_has_depth_and_every_branch_is_used(db: None) -> None:
    skills = {skill.code: skill for skill in Skill.objects.select_related("parent")}
    depth = dict.fromkeys(skills, 0)
    for code, skill in skills.items():
        node = skill
        while node.parent is not None:
            depth[code] += 1
            node = node.parent
    assert max(depth.values()) >= 2  # e.g. deep learning > frameworks > PyTorch
    assert sum(1 for value in depth.values() if value > 0) >= 45
    parents = Counter(skill.parent.code for skill in skills.values() if skill.parent)
    assert parents["ai.dl_frameworks"] == 3
    assert parents["common.programming"] >= 6
    categories_with_children = {skills[code].category for code in parents}
    assert categories_with_children >= {
        "semiconductor",
        "display",
        "secondary_battery",
        "bio",
        "robotics",
        "defence",
        "ai",
        "advanced_mobility",
        "cross_cutting",
    }


def test_related_pairs_cross_branches_where_the_work_overlaps(db: None) -> None:
    pairs = {
        ("ai.deep_learning", "ai.machine_learning"),
        ("ai.computer_vision", "mobility.adas"),
        ("robot.slam", "mobility.autonomous_driving"),
        ("battery.bms", "mobility.powertrain"),
        ("bio.bioinformatics", "ai.machine_learning"),
    }
    for first, second in pairs:
        assert Skill.objects.get(code=first).related.filter(code=second).exists(), (first, second)
        assert Skill.objects.get(code=second).related.filter(code=first).exists(), (second, first)
    # A skill is never related to its own parent: that is what parent means.
    for skill in Skill.objects.exclude(parent=None):
        assert not skill.related.filter(pk=skill.parent_id).exists(), skill.code


def test_names_are_in_both_languages_and_synonyms_mean_one_skill(db: None) -> None:
    owners: dict[str, set[str]] = {}
    for skill in Skill.objects.all():
        assert skill.name_en and skill.name_ko, skill.code
        for name in [skill.name_en, *skill.synonym_list]:
            owners.setdefault(name.casefold(), set()).add(skill.code)
    ambiguous = {name: codes for name, codes in owners.items() if len(codes) > 1}
    assert ambiguous == {}
    with_korean = sum(bool(HANGUL.search(skill.name_ko)) for skill in Skill.objects.all())
    assert with_korean >= Skill.objects.count() - 10  # a few names (JAX, VHDL, ROS 2) are the same in Korean

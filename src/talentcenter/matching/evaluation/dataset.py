"""Evaluation sets for the matcher: openings, a pool of profiles, and graded judgments.

Two sets share one shape (:class:`EvaluationSet`):

- :func:`synthetic_set` — seeded, pure Python, no database. About 40 openings and a pool of about
  5,000 profiles, built from the real skills taxonomy (``reference/data/skills.csv``: parents,
  related skills and synonyms), so that the set exercises the hierarchy and the synonyms.
- :func:`handchecked_set` — ``handchecked.yaml``: 8 openings and 60 small profiles written by
  hand, each judged profile's grade chosen by a person with a one-line reason next to it; the pool
  is padded with background profiles that share no skill (not even a related one) with any of the
  openings' required skills, so that recall@50 means something.

Grades: 3 a strong fit, 2 a good fit, 1 partly relevant, 0 not relevant (anyone not judged).

How the synthetic set is built (the grades come from the construction, never from the matcher)
-------------------------------------------------------------------------------------------

An **opening** belongs to one industry category (a fixed mix over the 8 K-Tech Pass industries and
the cross-cutting skills). It requires 2 to 4 skills of that category (broad skills with narrower
ones under them are drawn three times as often, so that many openings ask for, say, "Deep learning
frameworks"), prefers 1 or 2 more, and asks for a minimum degree (bachelor, master or doctorate), a
minimum number of years (1 to 7) and one or two languages at a minimum level (Korean TOPIK 3-5,
English B2+). Its title and description are written the way a company writes them, in English,
Korean, or Korean with English skill names, sometimes using a synonym of a skill.

The **requirements** of an opening are its degree, its years and each *required* language. A
profile *covers* a required skill when it has that skill or a narrower one (any descendant in the
taxonomy: PyTorch covers "Deep learning frameworks"). It *touches* it when it covers it or has a
related skill: one listed in ``related`` (either direction), the broader skill, or a sibling under
the same parent. The judgment rules (:func:`judge`), with ``n`` required skills:

- grade 3: covers all ``n`` and meets every requirement;
- grade 2: covers all ``n`` and misses exactly one requirement, or (``n`` >= 3) covers ``n - 1``
  and meets every requirement;
- grade 1: covers all ``n`` and misses two requirements, or (``n`` >= 3) covers ``n - 1`` and misses
  one, or touches all ``n`` (related skills only) and misses at most one;
- grade 0: everything else. Proficiency, preferred skills and salary are not judged.

For each opening these profiles are **planted**, each built to a target and checked against the rules:

- 4 of grade 3: every required skill present exactly, through a narrower skill, or written with a
  synonym (the text shows "파이토치" or "Torch" where the opening says "Deep learning frameworks");
  degree, years and languages at or above the minimum;
- 5 of grade 2: all skills and one requirement short (one degree level, half the years, or one
  language level), or one required skill missing;
- 5 of grade 1: related skills only, or two requirements short;
- 4 keyword stuffers (grade 0): the headline repeats the opening's title and skill names, the
  skills themselves are from another industry;
- 3 right-skills-wrong-person distractors (grade 0): every required skill, but the degree, the years
  and the required languages are all short.

The rest of the pool is **background**: profiles of every category with 2 to 5 skills, drawn again
until the rules give them grade 0 for every opening, so no unplanted profile is relevant. A planted
profile can fit another opening of the same industry: its grade there comes from the same rules
(kind ``incidental``). Ids are given after a seeded shuffle, so the position in the pool says nothing.

Every profile's ``text`` is what a keyword search would see: a headline, the degree and field of
study, one or two roles, and the names of its skills as the person wrote them (English name,
Korean name or a synonym).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from talentcenter.matching.query import CandidateQuery, LanguageRequirement, SkillRequirement
from talentcenter.matching.records import ProfileRecord
from talentcenter.matching.taxonomy import SkillRow

SKILLS_CSV = Path(__file__).resolve().parents[2] / "reference" / "data" / "skills.csv"
HANDCHECKED = Path(__file__).resolve().parent / "handchecked.yaml"
DEFAULT_SEED = 20261123

# talent.enums.EducationLevel values (kept here so the set is plain Python).
SECONDARY, ASSOCIATE, BACHELOR, MASTER, DOCTORATE = 10, 20, 30, 40, 50
EDUCATION_NAMES = {
    "secondary": SECONDARY,
    "associate": ASSOCIATE,
    "bachelor": BACHELOR,
    "master": MASTER,
    "doctorate": DOCTORATE,
}
DEGREE_TEXT = {
    SECONDARY: ("High school diploma", "고등학교 졸업"),
    ASSOCIATE: ("Associate degree", "전문학사"),
    BACHELOR: ("B.S.", "학사"),
    MASTER: ("M.S.", "석사"),
    DOCTORATE: ("Ph.D.", "박사"),
}

GRADE_KINDS = {"grade3": 3, "grade2": 2, "grade1": 1, "stuffer": 0, "wrong_requirements": 0}
PLANTED_PER_OPENING = {"grade3": 4, "grade2": 5, "grade1": 5, "stuffer": 4, "wrong_requirements": 3}


# The taxonomy as plain rows and relations -----------------------------------------------------------


def load_skill_rows(path: Path = SKILLS_CSV) -> tuple[SkillRow, ...]:
    """The taxonomy's rows from ``skills.csv`` (comment lines start with ``#``)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = []
    for row in csv.DictReader(lines):
        related = tuple(code for code in (row.get("related") or "").split("|") if code.strip())
        rows.append(
            SkillRow(
                code=row["code"].strip(),
                name_en=row["name_en"].strip(),
                name_ko=row["name_ko"].strip(),
                category=row["category"].strip(),
                parent=(row.get("parent") or "").strip(),
                related=tuple(code.strip() for code in related),
                synonyms=(row.get("synonyms") or "").strip(),
            )
        )
    return tuple(rows)


def without_relations(rows: Iterable[SkillRow]) -> tuple[SkillRow, ...]:
    """The same skills with no parent and no related skills: only exact codes can match."""
    return tuple(replace(row, parent="", related=()) for row in rows)


class SkillGraph:
    """Parents, descendants, siblings and related skills, for the judgment rules (not the matcher's)."""

    def __init__(self, rows: Iterable[SkillRow]) -> None:
        self.rows = {row.code: row for row in rows}
        self.parent = {code: row.parent for code, row in self.rows.items() if row.parent in self.rows}
        self.children: dict[str, set[str]] = {}
        for code, parent in self.parent.items():
            self.children.setdefault(parent, set()).add(code)
        self._related: dict[str, set[str]] = {}
        for code, row in self.rows.items():
            for other in row.related:
                if other in self.rows and other != code:
                    self._related.setdefault(code, set()).add(other)
                    self._related.setdefault(other, set()).add(code)

    def ancestors(self, code: str) -> list[str]:
        chain: list[str] = []
        current = self.parent.get(code)
        while current and current not in chain and current != code:
            chain.append(current)
            current = self.parent.get(current)
        return chain

    def descendants(self, code: str) -> frozenset[str]:
        found: set[str] = set()
        stack = list(self.children.get(code, ()))
        while stack:
            child = stack.pop()
            if child not in found and child != code:
                found.add(child)
                stack.extend(self.children.get(child, ()))
        return frozenset(found)

    def covering(self, code: str) -> frozenset[str]:
        """Skills that cover a requirement on ``code``: itself and anything narrower."""
        return self.descendants(code) | {code}

    def relatives(self, code: str) -> frozenset[str]:
        """Related, broader and sibling skills of ``code`` (never ``code`` or a narrower one)."""
        found = set(self._related.get(code, ())) | set(self.ancestors(code))
        parent = self.parent.get(code)
        if parent:
            found |= self.children.get(parent, set())
        return frozenset(found - self.covering(code))

    def names(self, code: str) -> tuple[str, str, tuple[str, ...]]:
        row = self.rows[code]
        synonyms = tuple(name.strip() for name in row.synonyms.split("|") if name.strip())
        return row.name_en or code, row.name_ko or row.name_en or code, synonyms

    def in_category(self, category: str) -> list[str]:
        return sorted(code for code, row in self.rows.items() if row.category == category)


# The shape of a set -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Opening:
    key: str
    title: str
    description: str
    query: CandidateQuery
    category: str = ""


@dataclass
class EvaluationSet:
    name: str
    openings: tuple[Opening, ...]
    profiles: tuple[ProfileRecord, ...]
    grades: dict[str, dict[int, int]]  # opening key -> profile id -> grade (1-3; absent is 0)
    skill_rows: tuple[SkillRow, ...]
    kinds: dict[str, dict[int, str]] = field(default_factory=dict)  # opening key -> profile id -> how planted
    seed: int | None = None

    @cached_property
    def profiles_by_id(self) -> dict[int, ProfileRecord]:
        return {profile.profile_id: profile for profile in self.profiles}


# The judgment rules -------------------------------------------------------------------------------


def requirements_short(query: CandidateQuery, profile: ProfileRecord) -> int:
    """How many of the opening's requirements (degree, years, each required language) ``profile`` misses."""
    short = 0
    if query.min_education_level and (profile.education_level or 0) < query.min_education_level:
        short += 1
    if query.min_years and profile.years_experience < query.min_years:
        short += 1
    for language in query.languages:
        if language.required and profile.languages.get(language.language, 0) < language.minimum_level:
            short += 1
    return short


def skill_coverage(query: CandidateQuery, profile: ProfileRecord, graph: SkillGraph) -> tuple[int, int, int]:
    """(required skills, covered, touched) for ``profile`` against ``query``."""
    required = [item.skill_code for item in query.skills if item.required]
    has = set(profile.skills)
    covered = touched = 0
    for code in required:
        if has & graph.covering(code):
            covered += 1
            touched += 1
        elif has & graph.relatives(code):
            touched += 1
    return len(required), covered, touched


def judge(query: CandidateQuery, profile: ProfileRecord, graph: SkillGraph) -> int:
    """The grade the construction rules give ``profile`` for ``query`` (module docstring)."""
    n, covered, touched = skill_coverage(query, profile, graph)
    short = requirements_short(query, profile)
    if n and covered == n:
        return max(0, 3 - short)
    if n >= 3 and covered == n - 1:
        return max(0, 2 - short)
    if n and touched == n and short <= 1:
        return 1
    return 0


# Words --------------------------------------------------------------------------------------------

CATEGORY_COUNTS = {  # 40 openings
    "ai": 8,
    "semiconductor": 7,
    "secondary_battery": 5,
    "bio": 5,
    "robotics": 4,
    "advanced_mobility": 4,
    "display": 3,
    "defence": 2,
    "cross_cutting": 2,
}
ROLES = {
    "semiconductor": [
        ("Process engineer", "공정 엔지니어"),
        ("IC design engineer", "회로 설계 엔지니어"),
        ("Packaging engineer", "패키징 엔지니어"),
        ("Semiconductor engineer", "반도체 엔지니어"),
    ],
    "display": [("Display engineer", "디스플레이 엔지니어"), ("Panel process engineer", "패널 공정 엔지니어")],
    "secondary_battery": [
        ("Battery engineer", "배터리 엔지니어"),
        ("Cell engineer", "셀 엔지니어"),
        ("Materials researcher", "소재 연구원"),
    ],
    "bio": [("Research scientist", "연구원"), ("Bioprocess scientist", "바이오 공정 연구원")],
    "robotics": [("Robotics engineer", "로봇 엔지니어"), ("Control engineer", "제어 엔지니어")],
    "defence": [("Systems engineer", "체계 엔지니어"), ("RF engineer", "RF 엔지니어")],
    "ai": [
        ("Machine learning engineer", "머신러닝 엔지니어"),
        ("AI researcher", "AI 연구원"),
        ("Data scientist", "데이터 사이언티스트"),
    ],
    "advanced_mobility": [
        ("Autonomous driving engineer", "자율주행 엔지니어"),
        ("Vehicle software engineer", "차량 SW 엔지니어"),
    ],
    "cross_cutting": [("Software engineer", "소프트웨어 엔지니어"), ("Platform engineer", "플랫폼 엔지니어")],
}
FIELDS = {
    "semiconductor": [("Electrical Engineering", "전자공학"), ("Materials Science", "재료공학"), ("Physics", "물리학")],
    "display": [("Materials Science", "재료공학"), ("Optics", "광학"), ("Electrical Engineering", "전자공학")],
    "secondary_battery": [
        ("Chemical Engineering", "화학공학"),
        ("Chemistry", "화학"),
        ("Materials Science", "재료공학"),
    ],
    "bio": [("Biotechnology", "생명공학"), ("Biology", "생물학"), ("Pharmacy", "약학")],
    "robotics": [
        ("Mechanical Engineering", "기계공학"),
        ("Robotics", "로봇공학"),
        ("Electrical Engineering", "전자공학"),
    ],
    "defence": [("Aerospace Engineering", "항공우주공학"), ("Electrical Engineering", "전자공학")],
    "ai": [("Computer Science", "컴퓨터공학"), ("Statistics", "통계학"), ("Mathematics", "수학")],
    "advanced_mobility": [("Automotive Engineering", "자동차공학"), ("Computer Science", "컴퓨터공학")],
    "cross_cutting": [("Computer Science", "컴퓨터공학"), ("Industrial Engineering", "산업공학")],
}
EMPLOYERS = {
    "semiconductor": [("a memory maker", "메모리 반도체 기업"), ("a fabless start-up", "팹리스 스타트업")],
    "display": [("a panel maker", "디스플레이 패널 기업")],
    "secondary_battery": [("a battery cell maker", "배터리 셀 제조사"), ("a cathode supplier", "양극재 기업")],
    "bio": [("a CDMO", "바이오 CDMO"), ("a biotech start-up", "바이오 벤처")],
    "robotics": [("a robot maker", "로봇 제조사"), ("a logistics automation firm", "물류 자동화 기업")],
    "defence": [("a defence contractor", "방산 기업")],
    "ai": [("an AI start-up", "AI 스타트업"), ("an internet portal", "인터넷 포털 기업")],
    "advanced_mobility": [("a carmaker", "완성차 기업"), ("an automotive supplier", "자동차 부품사")],
    "cross_cutting": [("a software house", "소프트웨어 기업"), ("a cloud provider", "클라우드 기업")],
}
COMPANIES = [
    ("A Korean SME in Pangyo", "판교의 중소기업"),
    ("A mid-sized manufacturer in Suwon", "수원 소재 중견기업"),
    ("A listed company in Daejeon", "대전의 상장사"),
    ("A start-up in Seoul", "서울의 스타트업"),
    ("A supplier in Cheongju", "청주의 협력사"),
]
NATIVE_LANGUAGES = ["vi", "hi", "zh", "uz", "id", "mn", "ru", "es", "de", "fr", "ar", "th"]


# Building blocks ----------------------------------------------------------------------------------


def _skill_text(rng: random.Random, graph: SkillGraph, code: str, *, synonym: bool = False) -> str:
    name_en, name_ko, synonyms = graph.names(code)
    if synonyms and (synonym or rng.random() < 0.25):
        return rng.choice(synonyms)
    return name_en if rng.random() < 0.65 else name_ko


def _profile_text(
    rng: random.Random,
    *,
    category: str,
    education: int | None,
    years: float,
    skill_texts: Sequence[str],
    headline: str = "",
) -> str:
    role_en, role_ko = rng.choice(ROLES[category])
    field_en, field_ko = rng.choice(FIELDS[category])
    employer_en, employer_ko = rng.choice(EMPLOYERS[category])
    korean = rng.random() < 0.35
    if not headline:
        plural = "" if years == 1 else "s"
        headline = f"{role_ko} (경력 {years:g}년)" if korean else f"{role_en}, {years:g} year{plural}"
    parts = [headline]
    if education:
        degree_en, degree_ko = DEGREE_TEXT[education]
        parts.append(f"{field_ko} {degree_ko}" if korean else f"{degree_en} {field_en}")
    parts.append(f"{employer_ko} {role_ko}" if korean else f"{role_en} at {employer_en}")
    parts.append(", ".join(skill_texts))
    return " | ".join(parts)


@dataclass
class _Draft:
    """A profile before it has an id."""

    skills: dict[str, int]
    skill_texts: list[str]
    education: int | None
    years: float
    languages: dict[str, int]
    category: str
    headline: str = ""

    def record(self, rng: random.Random, profile_id: int) -> ProfileRecord:
        return ProfileRecord(
            profile_id=profile_id,
            skills=dict(self.skills),
            education_level=self.education,
            years_experience=self.years,
            languages=dict(self.languages),
            text=_profile_text(
                rng,
                category=self.category,
                education=self.education,
                years=self.years,
                skill_texts=self.skill_texts,
                headline=self.headline,
            ),
        )


def _add_skill(rng: random.Random, graph: SkillGraph, draft: _Draft, code: str, *, synonym: bool = False) -> None:
    if code in draft.skills:
        return
    draft.skills[code] = rng.randint(2, 4)
    draft.skill_texts.append(_skill_text(rng, graph, code, synonym=synonym))


def _meeting(rng: random.Random, query: CandidateQuery, category: str) -> _Draft:
    """A draft that meets every requirement of ``query`` and has no skills yet."""
    minimum = query.min_education_level or BACHELOR
    education = min(DOCTORATE, minimum + rng.choice((0, 0, 10)))
    years = float(query.min_years or 0) + rng.choice((0, 0.5, 1, 2, 3, 5))
    languages = {rng.choice(NATIVE_LANGUAGES): 6}
    for language in query.languages:
        languages[language.language] = rng.randint(language.minimum_level, 6)
    if "en" not in languages and rng.random() < 0.6:
        languages["en"] = rng.randint(3, 5)
    return _Draft(skills={}, skill_texts=[], education=education, years=years, languages=languages, category=category)


def _shorten(rng: random.Random, draft: _Draft, query: CandidateQuery, how_many: int) -> None:
    """Make ``draft`` miss ``how_many`` distinct requirements of ``query``."""
    options: list[Any] = ["degree", "years"]
    options += [language for language in query.languages if language.required]
    for option in rng.sample(options, min(how_many, len(options))):
        if option == "degree":
            minimum = query.min_education_level or BACHELOR
            draft.education = max(SECONDARY, minimum - 10)
        elif option == "years":
            draft.years = float(int((query.min_years or 1) * rng.choice((0.3, 0.5, 0.6))))
        else:
            draft.languages[option.language] = max(1, option.minimum_level - rng.choice((1, 1, 2)))


def _covering_skill(rng: random.Random, graph: SkillGraph, draft: _Draft, code: str, route: str) -> None:
    narrower = sorted(graph.descendants(code))
    if route == "narrower" and narrower:
        _add_skill(rng, graph, draft, rng.choice(narrower))
    elif route == "synonym":
        _add_skill(rng, graph, draft, code, synonym=True)
    else:
        _add_skill(rng, graph, draft, code)


def _filler(
    rng: random.Random, graph: SkillGraph, draft: _Draft, pool: Sequence[str], avoid: set[str], count: int
) -> None:
    choices = [code for code in pool if code not in avoid and code not in draft.skills]
    for code in rng.sample(choices, min(count, len(choices))):
        _add_skill(rng, graph, draft, code)


def _planted(
    rng: random.Random, graph: SkillGraph, opening: Opening, kind: str, categories: Sequence[str]
) -> _Draft | None:
    """One profile planted for ``opening`` with the grade ``kind`` asks for, or None when it cannot be."""
    query = opening.query
    required = [item.skill_code for item in query.skills if item.required]
    preferred = [item.skill_code for item in query.skills if not item.required]
    touching: set[str] = set()
    for code in required:
        touching |= graph.covering(code) | graph.relatives(code)
    own = graph.in_category(opening.category) + graph.in_category("cross_cutting")
    draft = _meeting(rng, query, opening.category)

    def cover_all() -> None:
        for code in required:
            route = rng.choices(("exact", "narrower", "synonym"), weights=(5, 3, 2))[0]
            _covering_skill(rng, graph, draft, code, route)

    if kind == "grade3":
        cover_all()
        if preferred and rng.random() < 0.5:
            _add_skill(rng, graph, draft, rng.choice(preferred))
        _filler(rng, graph, draft, own, touching, rng.randint(0, 1))
    elif kind == "grade2":
        if len(required) >= 3 and rng.random() < 0.5:
            missing = rng.choice(required)
            for code in required:
                if code != missing:
                    _covering_skill(rng, graph, draft, code, rng.choice(("exact", "narrower")))
            avoid = touching | graph.covering(missing)
            _filler(rng, graph, draft, own, avoid, rng.randint(0, 2))
        else:
            cover_all()
            _shorten(rng, draft, query, 1)
    elif kind == "grade1":
        relatives = {code: sorted(graph.relatives(code) - _covering_any(graph, required)) for code in required}
        if all(relatives.values()) and rng.random() < 0.6:
            for code in required:
                _add_skill(rng, graph, draft, rng.choice(relatives[code]))
            if rng.random() < 0.3:
                _shorten(rng, draft, query, 1)
        else:
            cover_all()
            _shorten(rng, draft, query, 2)
    elif kind == "stuffer":
        others = [category for category in categories if category not in (opening.category, "cross_cutting")]
        other = rng.choice(others)
        draft.category = other
        _filler(rng, graph, draft, graph.in_category(other), touching, rng.randint(2, 4))
        names = [graph.names(code)[1] if rng.random() < 0.4 else graph.names(code)[0] for code in required]
        draft.headline = f"{opening.title} | {opening.title} expert | {' · '.join(names)} | {' '.join(names)}"
    elif kind == "wrong_requirements":
        for code in required:
            _add_skill(rng, graph, draft, code)
        _shorten(rng, draft, query, 99)
        for language in query.languages:
            if language.required and rng.random() < 0.5:
                draft.languages.pop(language.language, None)
    if not draft.skills:
        return None
    return draft


def _covering_any(graph: SkillGraph, codes: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for code in codes:
        found |= graph.covering(code)
    return found


def _draft_record(draft: _Draft) -> ProfileRecord:
    """A record of ``draft`` for judging (no text, id 0)."""
    return ProfileRecord(
        profile_id=0,
        skills=draft.skills,
        education_level=draft.education,
        years_experience=draft.years,
        languages=draft.languages,
    )


# Openings ------------------------------------------------------------------------------------------


def _opening(rng: random.Random, graph: SkillGraph, key: str, category: str) -> Opening:
    own = graph.in_category(category)
    n_required = min(len(own), rng.choice((2, 3, 3, 4)))
    required: list[str] = []
    candidates = list(own)
    while len(required) < n_required and candidates:
        weights = [3 if graph.children.get(code) else 1 for code in candidates]
        code = rng.choices(candidates, weights=weights)[0]
        required.append(code)
        family = graph.covering(code) | set(graph.ancestors(code))
        candidates = [other for other in candidates if other not in family]
    preferred_pool = [
        code
        for code in own + graph.in_category("cross_cutting")
        if code not in _covering_any(graph, required) and not any(code in graph.ancestors(r) for r in required)
    ]
    preferred = rng.sample(preferred_pool, min(len(preferred_pool), rng.randint(1, 2)))
    skills = tuple(SkillRequirement(code, weight=rng.randint(3, 5), required=True) for code in required) + tuple(
        SkillRequirement(code, weight=rng.randint(1, 3), required=False) for code in preferred
    )
    education = rng.choices((BACHELOR, MASTER, DOCTORATE), weights=(50, 35, 15))[0]
    years = float(rng.choice((1, 2, 3, 3, 5, 7)))
    shape = rng.choices(("ko", "en", "ko+en", "en+ko"), weights=(45, 30, 15, 10))[0]
    languages: list[LanguageRequirement] = []
    if shape in ("ko", "ko+en"):
        languages.append(LanguageRequirement("ko", rng.choice((3, 4, 4, 5)), required=True))
        if shape == "ko+en":
            languages.append(LanguageRequirement("en", 4, required=False))
    else:
        languages.append(LanguageRequirement("en", rng.choice((4, 4, 5)), required=True))
        if shape == "en+ko":
            languages.append(LanguageRequirement("ko", 3, required=False))
    style = rng.choices(("en", "ko", "mixed"), weights=(40, 40, 20))[0]
    title, description = _opening_text(rng, graph, category, required, preferred, education, years, languages, style)
    query = CandidateQuery(
        skills=skills,
        min_education_level=education,
        min_years=years,
        languages=tuple(languages),
        text=f"{title}\n{description}",
    )
    return Opening(key=key, title=title, description=description, query=query, category=category)


CEFR = {1: "A1", 2: "A2", 3: "B1", 4: "B2", 5: "C1", 6: "C2"}


def _language_en(item: LanguageRequirement) -> str:
    if item.language == "ko":
        return f"Korean TOPIK {item.minimum_level}+"
    return f"English {CEFR[item.minimum_level]}+"


def _language_ko(item: LanguageRequirement) -> str:
    if item.language == "ko":
        return f"한국어 TOPIK {item.minimum_level}급"
    return f"영어 {CEFR[item.minimum_level]}"


def _object_particle(word: str) -> str:
    """을 after a final consonant, 를 after a vowel (or a non-Hangul ending)."""
    last = word[-1:]
    if last and "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28:
        return "을"
    return "를"


def _opening_text(
    rng: random.Random,
    graph: SkillGraph,
    category: str,
    required: Sequence[str],
    preferred: Sequence[str],
    education: int,
    years: float,
    languages: Sequence[LanguageRequirement],
    style: str,
) -> tuple[str, str]:
    role_en, role_ko = rng.choice(ROLES[category])
    company_en, company_ko = rng.choice(COMPANIES)
    senior = years >= 5

    def name(code: str, korean: bool) -> str:
        name_en, name_ko, synonyms = graph.names(code)
        if synonyms and rng.random() < 0.2:
            return rng.choice(synonyms)
        return name_ko if korean else name_en

    degree_en, degree_ko = DEGREE_TEXT[education]
    if style == "en":
        title = f"{'Senior ' if senior else ''}{role_en}"
        language_text = "; ".join(f"{_language_en(item)}{'' if item.required else ' (a plus)'}" for item in languages)
        description = (
            f"{company_en} is hiring a {title.lower()}. Required: {', '.join(name(c, False) for c in required)}. "
            f"Nice to have: {', '.join(name(c, False) for c in preferred)}. {degree_en} or higher and at least "
            f"{years:g} years of experience. Languages: {language_text}."
        )
        return title, description
    korean_skills = style == "ko"
    title = f"{'시니어 ' if senior else ''}{role_ko}"
    if style == "mixed":
        title = f"{title} ({role_en})"
    language_text = ", ".join(f"{_language_ko(item)} 이상{'' if item.required else ' 우대'}" for item in languages)
    required_text = ", ".join(name(code, korean_skills) for code in required)
    preferred_text = ", ".join(name(code, korean_skills) for code in preferred)
    description = (
        f"{company_ko}에서 {role_ko}{_object_particle(role_ko)} 채용합니다. 필수 역량: {required_text}. "
        f"우대 사항: {preferred_text}. {degree_ko} 이상, 경력 {years:g}년 이상. "
        f"어학: {language_text}."
    )
    return title, description


# The synthetic set ---------------------------------------------------------------------------------


def _background(rng: random.Random, graph: SkillGraph, categories: Sequence[str]) -> _Draft:
    category = rng.choice(categories)
    pool = graph.in_category(category)
    common = graph.in_category("cross_cutting")
    education = rng.choices((ASSOCIATE, BACHELOR, MASTER, DOCTORATE), weights=(10, 45, 35, 10))[0]
    years = float(rng.randint(0, 15))
    languages = {rng.choice(NATIVE_LANGUAGES): 6}
    if rng.random() < 0.7:
        languages["en"] = rng.randint(2, 6)
    if rng.random() < 0.6:
        languages["ko"] = rng.randint(1, 6)
    draft = _Draft(skills={}, skill_texts=[], education=education, years=years, languages=languages, category=category)
    for code in rng.sample(pool, min(len(pool), rng.randint(1, 4))):
        _add_skill(rng, graph, draft, code)
    if rng.random() < 0.5:
        _add_skill(rng, graph, draft, rng.choice(common))
    return draft


def synthetic_set(
    seed: int = DEFAULT_SEED,
    *,
    openings: int = 40,
    pool_size: int = 5000,
    skill_rows: Sequence[SkillRow] | None = None,
) -> EvaluationSet:
    """The seeded synthetic set (module docstring): same seed, same set."""
    rng = random.Random(seed)  # noqa: S311 - a seeded, reproducible set, not a secret
    rows = tuple(skill_rows) if skill_rows is not None else load_skill_rows()
    graph = SkillGraph(rows)
    categories = [category for category in CATEGORY_COUNTS if graph.in_category(category)]
    plan: list[str] = []
    while len(plan) < openings:
        for category, count in CATEGORY_COUNTS.items():
            if category in categories:
                plan.extend([category] * max(1, round(count * openings / 40)))
    plan = plan[:openings]
    built = tuple(_opening(rng, graph, f"synthetic-{number:02d}", category) for number, category in enumerate(plan, 1))

    # Planted profiles, each checked against the rules for its own opening.
    drafts: list[_Draft] = []
    planted_for: list[tuple[str, str]] = []  # (opening key, kind) per draft
    for opening in built:
        for kind, count in PLANTED_PER_OPENING.items():
            made = 0
            for _attempt in range(count * 30):
                if made == count:
                    break
                draft = _planted(rng, graph, opening, kind, categories)
                if draft is None or judge(opening.query, _draft_record(draft), graph) != GRADE_KINDS[kind]:
                    continue
                drafts.append(draft)
                planted_for.append((opening.key, kind))
                made += 1
    # Background: grade 0 for every opening.
    while len(drafts) < pool_size:
        draft = _background(rng, graph, categories)
        record = _draft_record(draft)
        if any(judge(opening.query, record, graph) for opening in built):
            continue
        drafts.append(draft)
        planted_for.append(("", "background"))

    order = list(range(len(drafts)))
    rng.shuffle(order)
    profiles: list[ProfileRecord] = [ProfileRecord(profile_id=0)] * len(drafts)
    grades: dict[str, dict[int, int]] = {opening.key: {} for opening in built}
    kinds: dict[str, dict[int, str]] = {opening.key: {} for opening in built}
    for profile_id, position in enumerate(order, start=1):
        record = drafts[position].record(rng, profile_id)
        profiles[profile_id - 1] = record
        key, kind = planted_for[position]
        if key:
            kinds[key][profile_id] = kind
            if GRADE_KINDS[kind]:
                grades[key][profile_id] = GRADE_KINDS[kind]
            for opening in built:
                if opening.key == key:
                    continue
                grade = judge(opening.query, record, graph)
                if grade:
                    grades[opening.key][profile_id] = grade
                    kinds[opening.key][profile_id] = "incidental"
    return EvaluationSet(
        name="synthetic",
        openings=built,
        profiles=tuple(profiles),
        grades=grades,
        skill_rows=rows,
        kinds=kinds,
        seed=seed,
    )


# The hand-checked set ------------------------------------------------------------------------------


def _education(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, int):
        return value
    return EDUCATION_NAMES[str(value)]


def handchecked_set(
    path: Path = HANDCHECKED,
    skill_rows: Sequence[SkillRow] | None = None,
    *,
    padding: int = 2000,
    seed: int = DEFAULT_SEED,
) -> EvaluationSet:
    """The hand-written openings and profiles of ``handchecked.yaml`` with their hand-given grades.

    The 60 hand-written profiles alone would make recall@50 meaningless (any ranking of 60 finds
    nearly everything), so the pool is padded with ``padding`` background profiles from the
    synthetic generator, each drawn again until it has no skill that covers or even touches (related,
    broader, sibling) a required skill of any hand-checked opening: clearly grade 0. Ids are given
    after a seeded shuffle of the whole pool.
    """
    data: Mapping[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = tuple(skill_rows) if skill_rows is not None else load_skill_rows()
    graph = SkillGraph(rows)
    rng = random.Random(seed)  # noqa: S311 - a seeded, reproducible set, not a secret
    items = list(data["profiles"])
    required = [
        skill["code"] for opening in data["openings"] for skill in opening["skills"] if skill.get("required", True)
    ]
    near = _covering_any(graph, required)
    for code in required:
        near |= graph.relatives(code)
    categories = [category for category in CATEGORY_COUNTS if graph.in_category(category)]
    pads: list[_Draft] = []
    while len(pads) < padding:
        draft = _background(rng, graph, categories)
        if not near.intersection(draft.skills):
            pads.append(draft)
    ids = list(range(1, len(items) + len(pads) + 1))
    rng.shuffle(ids)
    profile_ids: dict[str, int] = {}
    profiles = [pad.record(rng, ids[len(items) + position]) for position, pad in enumerate(pads)]
    for number, item in zip(ids, items, strict=False):
        profile_ids[item["key"]] = number
        profiles.append(
            ProfileRecord(
                profile_id=number,
                skills={str(code): int(level) for code, level in (item.get("skills") or {}).items()},
                education_level=_education(item.get("education")),
                years_experience=float(item.get("years", 0)),
                languages={str(code): int(level) for code, level in (item.get("languages") or {}).items()},
                text=" ".join(str(item.get("text", "")).split()),
            )
        )
    openings = []
    grades: dict[str, dict[int, int]] = {}
    for item in data["openings"]:
        skills = tuple(
            SkillRequirement(
                str(skill["code"]), weight=int(skill.get("weight", 3)), required=bool(skill.get("required", True))
            )
            for skill in item["skills"]
        )
        languages = tuple(
            LanguageRequirement(
                str(language["language"]), int(language["minimum"]), bool(language.get("required", True))
            )
            for language in item.get("languages") or ()
        )
        title = str(item["title"])
        description = " ".join(str(item.get("description", "")).split())
        query = CandidateQuery(
            skills=skills,
            min_education_level=_education(item.get("min_education")),
            min_years=float(item["min_years"]) if item.get("min_years") is not None else None,
            languages=languages,
            text=f"{title}\n{description}",
        )
        openings.append(Opening(key=str(item["key"]), title=title, description=description, query=query))
        grades[str(item["key"])] = {
            profile_ids[str(key)]: int(grade) for key, grade in (item.get("judgments") or {}).items() if int(grade) > 0
        }
    return EvaluationSet(
        name="hand-checked",
        openings=tuple(openings),
        profiles=tuple(sorted(profiles, key=lambda profile: profile.profile_id)),
        grades=grades,
        skill_rows=rows,
        seed=seed,
    )

"""Boundaries of every rule, one case per row: exactly at a threshold, one won or one day short.

Every expected value below is worked out by hand from the published rules and the parameter
files (``policy/parameters/*.yaml``), never computed by the engine under test:

- per-capita GNI in force: 44,051,000 from 2024-04-01, 49,955,000 from 2025-04-01, 52,416,000
  from 2026-04-01 (the March provisional figure applies from 1 April);
- K-Tech Pass / top-tier salary 3x GNI = 149,865,000 (2025-04-01 on), 157,248,000 (2026-04-01
  on); the 4x waiver = 199,820,000 and 209,664,000;
- periods are counted by calendar, first and last day both worked ("Counting periods" in
  docs/policy-engine.md): N years from 2 June 2017 are complete on 1 June 2017 + N years, so an
  open-ended job assessed as of 2025-06-01 has 8 years if it started on 2017-06-02, and not if it
  started on 2017-06-03;
- E-7-1 wage floor: 0.8 x 44,051,000 = 35,240,800 and 0.7 x 44,051,000 = 30,835,700 until
  2025-03-31; 28,670,000 from 2025-04-01; 31,120,000 from 2026-02-01;
- the first ranked lists in force: U.S. News 2025-06-17, QS 2025-06-19, Fortune 2025-07-29. Before
  them only the Korean equivalents named in the rules (KAIST, Samsung Electronics, ...) count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from talentcenter.policy.engine import ApplicantIn, assess

GNI_2024 = 44_051_000
GNI_2025 = 49_955_000
GNI_2026 = 52_416_000
THREE_X_2025 = 149_865_000  # 3 x 49,955,000, the figure officials quoted in April 2025
FOUR_X_2025 = 199_820_000  # 4 x 49,955,000
THREE_X_2026 = 157_248_000  # 3 x 52,416,000
FOUR_X_2026 = 209_664_000  # 4 x 52,416,000
# The 2026 GNI thresholds are estimates (no authority has quoted them), 5 % lower or 0.5 % higher
# at most: from 0.95 x to below 1.005 x the estimate the answer needs review (00_common.yaml).
THREE_X_2026_LOW = 149_385_600  # 0.95 x 157,248,000
THREE_X_2026_HIGH = 158_034_240  # 1.005 x 157,248,000
FOUR_X_2026_HIGH = 210_712_320  # 1.005 x 209,664,000
FOUR_X_2026_LOW = 199_180_800  # 0.95 x 209,664,000
E7_FLOOR_80 = 35_240_800  # 0.8 x 44,051,000
E7_FLOOR_70 = 30_835_700  # 0.7 x 44,051,000
E7_FLOOR_2025 = 28_670_000
E7_FLOOR_2026 = 31_120_000
E7_OCCUPATION = "2211"  # computer hardware engineer, on the E-7-1 list


def degree(
    level: str = "master",
    institution: str = "KAIST",
    field: str = "electrical engineering",
    country: str | None = None,
    completed: str | None = "2014-05-31",
) -> dict[str, Any]:
    return {"level": level, "institution": institution, "field": field, "country": country, "completed": completed}


def job(
    organization: str = "Samsung Electronics",
    start: str = "2015-01-01",
    end: str | None = None,
    kind: str = "company",
    field: str = "semiconductor",
    postdoctoral: bool = False,
) -> dict[str, Any]:
    return {
        "organization": organization,
        "kind": kind,
        "field": field,
        "start": start,
        "end": end,
        "postdoctoral": postdoctoral,
    }


def offer(
    salary: int | None = THREE_X_2025,
    industry: str | None = "semiconductor",
    size: str | None = "large",
    region: str | None = "Seoul",
    technology_field: str | None = None,
    occupation: str | None = None,
) -> dict[str, Any]:
    return {
        "company": "Example Semi Co.",
        "company_size": size,
        "industry": industry,
        "technology_field": technology_field,
        "annual_salary_krw": salary,
        "occupation": occupation,
        "region": region,
    }


@dataclass
class Case:
    id: str
    track: str
    as_of: date
    expected: str
    education: list[dict[str, Any]] = field(default_factory=lambda: [degree()])
    experience: list[dict[str, Any]] = field(default_factory=lambda: [job()])
    offer: dict[str, Any] | None = field(default_factory=offer)
    extra: dict[str, Any] = field(default_factory=dict)

    def applicant(self) -> ApplicantIn:
        return ApplicantIn.model_validate(
            {"education": self.education, "experience": self.experience, "offer": self.offer, **self.extra}
        )


def result_for(case: Case) -> dict[str, Any]:
    programme, track = case.track.split("/")
    answer = assess(case.applicant(), case.as_of, programmes=[programme])
    (found,) = [item for item in answer["results"] if item["track"] == track]
    return found


JUNE_2025 = date(2025, 6, 1)
JAN_2026 = date(2026, 1, 5)  # every bundled list is in force
JULY_2026 = date(2026, 7, 2)

KTECH = "ktech-pass/standard"
QUALITATIVE = "ktech-pass/qualitative"
GOVERNMENT = "ktech-pass/government-programme"
TOP_TIER = "top-tier-visa/standard"
KOTRA = "kotra-recommendation/standard"
E7 = "e7-1/standard"

# KAIST master's (a Korean equivalent) + Samsung Electronics since 2015 (a Korean equivalent):
# degree and experience met on every date; only salary, industry and dates vary.
KTECH_CASES = [
    Case("salary exactly 3x GNI", KTECH, JUNE_2025, "eligible", offer=offer(THREE_X_2025)),
    Case("salary one won below 3x GNI", KTECH, JUNE_2025, "not_eligible", offer=offer(THREE_X_2025 - 1)),
    Case("no salary given", KTECH, JUNE_2025, "needs_review", offer=offer(None)),  # unknown: ask for it
    Case("no offer", KTECH, JUNE_2025, "not_eligible", offer=None),
    Case(
        "waiver exactly 4x covers a missing degree",
        KTECH,
        JUNE_2025,
        "eligible",
        education=[],
        offer=offer(FOUR_X_2025),
    ),
    Case(
        "one won below 4x does not cover a missing degree",
        KTECH,
        JUNE_2025,
        "not_eligible",
        education=[],
        offer=offer(FOUR_X_2025 - 1),
    ),
    Case("waiver covers missing experience", KTECH, JUNE_2025, "eligible", experience=[], offer=offer(FOUR_X_2025)),
    Case(
        "waiver does not cover degree and experience both missing",
        KTECH,
        JUNE_2025,
        "not_eligible",
        education=[],
        experience=[],
        offer=offer(500_000_000),
    ),
    Case(
        "a bachelor's from KAIST is not the master's the rule asks for",
        KTECH,
        JUNE_2025,
        "not_eligible",
        education=[degree("bachelor")],
    ),
    Case(
        "exactly 8 years of experience (2017-06-02 to 2025-06-01)",
        KTECH,
        JUNE_2025,
        "eligible",
        experience=[job(start="2017-06-02")],
    ),
    Case(
        "one day under 8 years of experience",
        KTECH,
        JUNE_2025,
        "not_eligible",
        experience=[job(start="2017-06-03")],
    ),
    Case(
        "exactly 3 years at a global company within 8 years",
        KTECH,
        JUNE_2025,
        "eligible",
        experience=[
            job("Korea Customs Service", "2014-01-01", "2022-06-01", kind="government"),
            job(start="2022-06-02"),
        ],
    ),
    Case(
        "one day under 3 years at a global company",
        KTECH,
        JUNE_2025,
        "not_eligible",
        experience=[
            job("Korea Customs Service", "2014-01-01", "2022-06-02", kind="government"),
            job(start="2022-06-03"),
        ],
    ),
    Case(
        "overlapping jobs count once",
        KTECH,
        JUNE_2025,
        "not_eligible",
        experience=[
            job(start="2018-01-01", end="2025-06-01"),
            job("Samsung C&T", start="2019-01-01", end="2025-06-01"),
        ],
    ),
    Case("standard track: day before it starts", KTECH, date(2025, 4, 1), "not_in_force"),
    Case("standard track: first day", KTECH, date(2025, 4, 2), "eligible"),
    Case("old GNI on 2026-03-31", KTECH, date(2026, 3, 31), "eligible", offer=offer(150_000_000)),
    Case(
        "new GNI from 2026-04-01: the old threshold is within the estimate's band",
        KTECH,
        date(2026, 4, 1),
        "needs_review",
        offer=offer(150_000_000),
    ),
    Case(
        "exactly the estimated 3x from 2026-04-01", KTECH, date(2026, 4, 1), "needs_review", offer=offer(THREE_X_2026)
    ),
    Case(
        "at the top of the 3x band: certainly over",
        KTECH,
        date(2026, 4, 1),
        "eligible",
        offer=offer(THREE_X_2026_HIGH),
    ),
    Case(
        "one won below the top of the 3x band",
        KTECH,
        date(2026, 4, 1),
        "needs_review",
        offer=offer(THREE_X_2026_HIGH - 1),
    ),
    Case(
        "at the bottom of the 3x band",
        KTECH,
        date(2026, 4, 1),
        "needs_review",
        offer=offer(THREE_X_2026_LOW),
    ),
    Case(
        "one won below the bottom of the 3x band: certainly short",
        KTECH,
        date(2026, 4, 1),
        "not_eligible",
        offer=offer(THREE_X_2026_LOW - 1),
    ),
    Case(
        "waiver at the top of the estimated 4x band",
        KTECH,
        date(2026, 4, 1),
        "eligible",
        education=[],
        offer=offer(FOUR_X_2026_HIGH),
    ),
    Case(
        "waiver at exactly the estimated 4x",
        KTECH,
        date(2026, 4, 1),
        "needs_review",
        education=[],
        offer=offer(FOUR_X_2026),
    ),
    Case(
        "old waiver amount is within the estimated 4x band from 2026-04-01",
        KTECH,
        date(2026, 4, 1),
        "needs_review",
        education=[],
        offer=offer(FOUR_X_2025),
    ),
    Case(
        "below the estimated 4x band the waiver does not apply",
        KTECH,
        date(2026, 4, 1),
        "not_eligible",
        education=[],
        offer=offer(FOUR_X_2026_LOW - 1),
    ),
    Case(
        "GNI figure of 2025 on its last day, 2027-03-31", KTECH, date(2027, 3, 31), "eligible", offer=offer(200_000_000)
    ),
    Case(
        "no GNI figure published for 2027-04-01",
        KTECH,
        date(2027, 4, 1),
        "needs_review",
        offer=offer(200_000_000),
    ),
    Case("5 industries at launch: AI counts", KTECH, JUNE_2025, "eligible", offer=offer(industry="ai")),
    Case(
        "5 industries at launch: robotics does not",
        KTECH,
        date(2025, 10, 27),
        "not_eligible",
        offer=offer(industry="robotics"),
    ),
    Case(
        "8 industries from 2025-10-28: robotics",
        KTECH,
        date(2025, 10, 28),
        "eligible",
        offer=offer(industry="robotics"),
    ),
    Case("8 industries: defence", KTECH, date(2025, 10, 28), "eligible", offer=offer(industry="defence")),
    Case(
        "8 industries: advanced mobility",
        KTECH,
        date(2025, 10, 28),
        "eligible",
        offer=offer(industry="advanced_mobility"),
    ),
    Case("industry outside the list", KTECH, date(2025, 10, 28), "not_eligible", offer=offer(industry="quantum")),
    Case(
        "top-tier visa at launch: secondary battery is not in the March 2025 list",
        TOP_TIER,
        JUNE_2025,
        "not_eligible",
        offer=offer(industry="secondary_battery"),
    ),
    # Before 2 July 2026 no published rule says whether TOPIK was required: staff check it.
    Case("top-tier visa: semiconductor, TOPIK unclear", TOP_TIER, JUNE_2025, "needs_review"),
    Case("top-tier visa: day before it starts", TOP_TIER, date(2025, 4, 1), "not_in_force"),
    # Korean equivalents named in the rules (any spelling the alias list knows)
    Case(
        "Korean names of an equivalent university and company",
        KTECH,
        JUNE_2025,
        "eligible",
        education=[degree(institution="서울대학교")],
        experience=[job("현대자동차")],
    ),
    Case(
        "POSTECH and Kia count like top-ranked ones",
        KTECH,
        JUNE_2025,
        "eligible",
        education=[degree(institution="Pohang University of Science and Technology")],
        experience=[job("Kia Motors")],
    ),
    # Names that are not certain never make anyone eligible
    Case("ambiguous alias NTU", KTECH, JAN_2026, "needs_review", education=[degree("doctorate", "NTU")]),
    Case(
        "fuzzy near-miss University of Californa",
        KTECH,
        JAN_2026,
        "needs_review",
        education=[degree("doctorate", "University of Californa")],
    ),
    Case(
        "company not on a partial list",
        KTECH,
        JAN_2026,
        "needs_review",
        experience=[job("Acme Widgets Ltd.")],
    ),
    Case(
        "MIT before any university list was published (2025-06-16)",
        KTECH,
        date(2025, 6, 16),
        "needs_review",
        education=[degree("doctorate", "MIT")],
    ),
    Case(
        "MIT once the U.S. News list is in force (2025-06-17)",
        KTECH,
        date(2025, 6, 17),
        "eligible",
        education=[degree("doctorate", "MIT")],
    ),
    # Post-doctoral route: 5 years of post-doc incl. 3 at a world-class institute (as of 2026-01-05)
    Case(
        "post-doc route: exactly 3 years at MIT + 2 at Max Planck = 5 years",
        KTECH,
        JAN_2026,
        "eligible",
        education=[degree("doctorate")],
        experience=[
            job("MIT", "2021-01-02", "2024-01-01", kind="university", postdoctoral=True),
            job("Max Planck Society", "2024-01-02", kind="research_institute", postdoctoral=True),
        ],
    ),
    Case(
        "post-doc route: one day under 3 years at the world-class institute",
        KTECH,
        JAN_2026,
        "needs_review",  # Max Planck's world-class status is not confirmed: it might count
        education=[degree("doctorate")],
        experience=[
            job("MIT", "2021-01-03", "2024-01-01", kind="university", postdoctoral=True),
            job("Max Planck Society", "2024-01-02", kind="research_institute", postdoctoral=True),
        ],
    ),
    Case(
        "post-doc route: one day under 3 years, the rest not post-doctoral",
        KTECH,
        JAN_2026,
        "not_eligible",
        education=[degree("doctorate")],
        experience=[
            job("MIT", "2021-01-03", "2024-01-01", kind="university", postdoctoral=True),
            job("MIT", "2024-01-02", kind="university", postdoctoral=False),
        ],
    ),
    Case(
        "post-doc route: 5 years at MIT less one day (2021-01-06 to 2026-01-04)",
        KTECH,
        JAN_2026,
        "not_eligible",
        education=[degree("doctorate")],
        experience=[job("MIT", "2021-01-06", "2026-01-04", kind="university", postdoctoral=True)],
    ),
    Case(
        "post-doc route: exactly 5 years at MIT (2021-01-05 to 2026-01-04)",
        KTECH,
        JAN_2026,
        "eligible",
        education=[degree("doctorate")],
        experience=[job("MIT", "2021-01-05", "2026-01-04", kind="university", postdoctoral=True)],
    ),
]

# KOTRA employment recommendation, as of 2026-01-05, job in digital electronics. Each route alone.
KOTRA_OFFER = offer(THREE_X_2025, industry=None, technology_field="digital_electronics")
KOTRA_CASES = [
    Case(
        "route 1: master's in the related field, no experience",
        KOTRA,
        JAN_2026,
        "eligible",
        education=[degree("master", "Stanford University", "electronics", "US")],
        experience=[],
        offer=KOTRA_OFFER,
    ),
    Case(
        "route 1 fails for an unrelated master's",
        KOTRA,
        JAN_2026,
        "not_eligible",
        education=[degree("master", "Stanford University", "history", "US")],
        experience=[],
        offer=KOTRA_OFFER,
    ),
    Case(
        "unclassifiable field of a master's needs review",
        KOTRA,
        JAN_2026,
        "needs_review",
        education=[degree("master", "Stanford University", "general studies", "US")],
        experience=[],
        offer=KOTRA_OFFER,
    ),
    Case(
        "route 2: bachelor's from a Korean university in the related field",
        KOTRA,
        JAN_2026,
        "eligible",
        education=[degree("bachelor", "Hanyang University", "electronics", "KR")],
        experience=[],
        offer=KOTRA_OFFER,
    ),
    Case(
        "route 2: a Korean university known by name when no country is given",
        KOTRA,
        JAN_2026,
        "eligible",
        education=[degree("bachelor", "서울대학교", "electronics", None)],
        experience=[],
        offer=KOTRA_OFFER,
    ),
    Case(
        "route 3: foreign bachelor's + exactly 1 year of related experience (2025-01-06 to 2026-01-05)",
        KOTRA,
        JAN_2026,
        "eligible",
        education=[degree("bachelor", "Stanford University", "electronics", "US")],
        experience=[job("Example Electronics", "2025-01-06", field="electronics")],
        offer=KOTRA_OFFER,
    ),
    Case(
        "route 3: one day under a year",
        KOTRA,
        JAN_2026,
        "not_eligible",
        education=[degree("bachelor", "Stanford University", "electronics", "US")],
        experience=[job("Example Electronics", "2025-01-07", field="electronics")],
        offer=KOTRA_OFFER,
    ),
    Case(
        "route 4: exactly 5 years of related experience, no degree",
        KOTRA,
        JAN_2026,
        "eligible",
        education=[],
        experience=[job("Example Electronics", "2021-01-06", field="electronics")],
        offer=KOTRA_OFFER,
    ),
    Case(
        "route 4: one day under 5 years",
        KOTRA,
        JAN_2026,
        "not_eligible",
        education=[],
        experience=[job("Example Electronics", "2021-01-07", field="electronics")],
        offer=KOTRA_OFFER,
    ),
    Case(
        "route 4: experience in an unclassifiable field needs review",
        KOTRA,
        JAN_2026,
        "needs_review",
        education=[],
        experience=[job("Example Electronics", "2020-01-01", field="operations")],
        offer=KOTRA_OFFER,
    ),
    Case(
        "job outside KOTRA's eight fields",
        KOTRA,
        JAN_2026,
        "not_eligible",
        education=[degree("master", "Stanford University", "electronics", "US")],
        experience=[],
        offer=offer(THREE_X_2025, industry=None, technology_field="other"),
    ),
]


def e7(salary: int, size: str | None = "large", region: str | None = "Seoul") -> dict[str, Any]:
    # 50 insured Korean employees and no foreign ones: well within the 20% ratio
    return {
        **offer(salary, size=size, region=region, occupation=E7_OCCUPATION),
        "korean_employees": 50,
        "foreign_employees": 0,
    }


# E-7-1: doctorate in electrical engineering (related to semiconductors), occupation on the list.
E7_CASES = [
    Case("80% of GNI, large firm in Seoul", E7, date(2024, 6, 1), "eligible", offer=e7(E7_FLOOR_80)),
    Case("one won below 80% of GNI", E7, date(2024, 6, 1), "not_eligible", offer=e7(E7_FLOOR_80 - 1)),
    Case("70% for an SME", E7, date(2024, 6, 1), "eligible", offer=e7(E7_FLOOR_70, size="sme")),
    Case("one won below 70% for an SME", E7, date(2024, 6, 1), "not_eligible", offer=e7(E7_FLOOR_70 - 1, size="sme")),
    Case("70% outside the capital region", E7, date(2024, 6, 1), "eligible", offer=e7(E7_FLOOR_70, region="Busan")),
    Case("70% for a large firm in Seoul is short", E7, date(2024, 6, 1), "not_eligible", offer=e7(E7_FLOOR_70)),
    Case("region unknown: 70% might apply", E7, date(2024, 6, 1), "needs_review", offer=e7(E7_FLOOR_70, region=None)),
    Case("last day of the GNI-based floor", E7, date(2025, 3, 31), "not_eligible", offer=e7(E7_FLOOR_2025)),
    Case("fixed floor from 2025-04-01", E7, date(2025, 4, 1), "eligible", offer=e7(E7_FLOOR_2025)),
    Case("one won below the 2025 floor", E7, date(2025, 4, 1), "not_eligible", offer=e7(E7_FLOOR_2025 - 1)),
    Case("2025 floor on its last day, 2025-12-31", E7, date(2025, 12, 31), "eligible", offer=e7(E7_FLOOR_2025)),
    Case("no floor published for 2026-01-01", E7, date(2026, 1, 1), "needs_review", offer=e7(E7_FLOOR_2025)),
    Case("no floor published for 2026-01-31", E7, date(2026, 1, 31), "needs_review", offer=e7(E7_FLOOR_2025 - 1)),
    Case("2026 floor on its last day, 2026-12-31", E7, date(2026, 12, 31), "eligible", offer=e7(E7_FLOOR_2026)),
    Case("no floor published for 2027-01-01", E7, date(2027, 1, 1), "needs_review", offer=e7(E7_FLOOR_2026 * 2)),
    Case("2025 floor is short from 2026-02-01", E7, date(2026, 2, 1), "not_eligible", offer=e7(E7_FLOOR_2025)),
    Case("2026 floor", E7, date(2026, 2, 1), "eligible", offer=e7(E7_FLOOR_2026)),
    Case("one won below the 2026 floor", E7, date(2026, 2, 1), "not_eligible", offer=e7(E7_FLOOR_2026 - 1)),
    Case(
        "occupation not on the list",
        E7,
        date(2026, 2, 1),
        "not_eligible",
        offer=offer(E7_FLOOR_2026, occupation="9999"),
    ),
]

# Qualitative (points) track on 2026-07-02 (GNI 52,416,000). By hand, from 10_ktech_pass.yaml:
# MIT doctorate = tier 6 = 25; MIT master's = tier 5 = 20; Samsung since 2020-07-01 = 6.0 years:
# employer >= 5 -> 15, experience >= 5 -> 5; salary 3x = 157,248,000 -> 12, 2x = 104,832,000 -> 8;
# evaluators: technical up to 20, strategic up to 15 (35 together); SME +10; cap 100; pass 70.
SIX_YEARS = [job(start="2020-07-01")]
# Salaries clear of the estimated GNI's 5 % band around the salary bands' limits:
SALARY_12_POINTS = 183_456_000  # 3.5 x GNI: 12 points (3x band) for certain, not 4x in the best case
SALARY_2_POINTS = 62_899_200  # 1.2 x GNI: 2 points (1x band) for certain, not 1.5x in the best case
THREE_YEARS_GOVERNMENT = [job("Korea Customs Service", "2023-07-01", kind="government")]  # 3 years and 2 days -> 3


def scores(technical: float | None, strategic: float | None) -> dict[str, Any]:
    return {"qualitative_scores": {"technical_expertise": technical, "strategic_value": strategic}}


QUALITATIVE_CASES = [
    Case("qualitative track: day before it starts", QUALITATIVE, date(2026, 7, 1), "not_in_force"),
    Case(
        "25 + 15 + 5 + 12 + 20 + 0 = 77, the top of the pass mark's band: certainly passes",
        QUALITATIVE,
        JULY_2026,
        "eligible",
        education=[degree("doctorate", "MIT")],
        experience=SIX_YEARS,
        offer=offer(SALARY_12_POINTS),
        extra=scores(20, 0),
    ),
    Case(
        "25 + 15 + 5 + 12 + 19 + 0 = 76, within the assumed pass mark's band",
        QUALITATIVE,
        JULY_2026,
        "needs_review",
        education=[degree("doctorate", "MIT")],
        experience=SIX_YEARS,
        offer=offer(SALARY_12_POINTS),
        extra=scores(19, 0),
    ),
    Case(
        "25 + 15 + 5 + 12 + 13 + 0 = 70 = the assumed pass mark",
        QUALITATIVE,
        JULY_2026,
        "needs_review",
        education=[degree("doctorate", "MIT")],
        experience=SIX_YEARS,
        offer=offer(SALARY_12_POINTS),
        extra=scores(13, 0),
    ),
    Case(
        "25 + 15 + 5 + 12 + 6 + 0 = 63, the bottom of the band",
        QUALITATIVE,
        JULY_2026,
        "needs_review",
        education=[degree("doctorate", "MIT")],
        experience=SIX_YEARS,
        offer=offer(SALARY_12_POINTS),
        extra=scores(6, 0),
    ),
    Case(
        "25 + 15 + 5 + 12 + 5 + 0 = 62, below the band: certainly short",
        QUALITATIVE,
        JULY_2026,
        "not_eligible",
        education=[degree("doctorate", "MIT")],
        experience=SIX_YEARS,
        offer=offer(SALARY_12_POINTS),
        extra=scores(5, 0),
    ),
    Case(
        "SME bonus: 25 + 15 + 5 + 12 + 10 + 0 + 10 = 77",
        QUALITATIVE,
        JULY_2026,
        "eligible",
        education=[degree("doctorate", "MIT")],
        experience=SIX_YEARS,
        offer=offer(SALARY_12_POINTS, size="sme"),
        extra=scores(10, 0),
    ),
    Case(
        "a large company gets no bonus: 57 + 0 = 57",
        QUALITATIVE,
        JULY_2026,
        "not_eligible",
        education=[degree("doctorate", "MIT")],
        experience=SIX_YEARS,
        offer=offer(SALARY_12_POINTS, size="large"),
        extra=scores(0, 0),
    ),
    Case(
        "a mid-sized company may get the bonus (not published): 57, up to 67",
        QUALITATIVE,
        JULY_2026,
        "needs_review",
        education=[degree("doctorate", "MIT")],
        experience=SIX_YEARS,
        offer=offer(SALARY_12_POINTS, size="midsize"),
        extra=scores(0, 0),
    ),
    Case(
        "evaluator scores missing, 57 + 35 could pass",
        QUALITATIVE,
        JULY_2026,
        "needs_review",
        education=[degree("doctorate", "MIT")],
        experience=SIX_YEARS,
        offer=offer(SALARY_12_POINTS),
    ),
    Case(
        "evaluator scores missing, 20 + 12 + 3 = 35, + 35 reaches 70",
        QUALITATIVE,
        JULY_2026,
        "needs_review",
        education=[degree("master", "MIT")],
        experience=THREE_YEARS_GOVERNMENT,
        offer=offer(SALARY_12_POINTS),
    ),
    Case(
        "evaluator scores missing, 20 + 2 + 3 = 25, + 35 = 60 cannot reach the band",
        QUALITATIVE,
        JULY_2026,
        "not_eligible",
        education=[degree("master", "MIT")],
        experience=THREE_YEARS_GOVERNMENT,
        offer=offer(SALARY_2_POINTS),
    ),
    Case(
        "one score missing: 20 + 2 + 3 + 10 + up to 15 = 50 cannot pass",
        QUALITATIVE,
        JULY_2026,
        "not_eligible",
        education=[degree("master", "MIT")],
        experience=THREE_YEARS_GOVERNMENT,
        offer=offer(SALARY_2_POINTS),
        extra=scores(10, None),
    ),
    Case(
        "points track needs an industry on the list",
        QUALITATIVE,
        JULY_2026,
        "not_eligible",
        education=[degree("doctorate", "MIT")],
        experience=SIX_YEARS,
        offer=offer(THREE_X_2026, industry="quantum"),
        extra=scores(20, 15),
    ),
    Case(
        "government programme track: day before it starts",
        GOVERNMENT,
        date(2026, 7, 1),
        "not_in_force",
        extra={"government_programme": "mohw-scholar-recruitment"},
    ),
    Case(
        "government programme: MOHW",
        GOVERNMENT,
        JULY_2026,
        "eligible",
        extra={"government_programme": "mohw-scholar-recruitment"},
    ),
    Case(
        "government programme: KASA",
        GOVERNMENT,
        JULY_2026,
        "eligible",
        extra={"government_programme": "kasa-scholar-recruitment"},
    ),
    Case(
        "government programme: another one",
        GOVERNMENT,
        JULY_2026,
        "not_eligible",
        extra={"government_programme": "nih-fellowship"},
    ),
]

ALL_CASES = KTECH_CASES + KOTRA_CASES + E7_CASES + QUALITATIVE_CASES


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.id for case in ALL_CASES])
def test_boundary(case: Case) -> None:
    assert result_for(case)["status"] == case.expected


def test_case_ids_are_unique() -> None:
    assert len({case.id for case in ALL_CASES}) == len(ALL_CASES)


def criterion(result: dict[str, Any], criterion_id: str) -> dict[str, Any]:
    (found,) = [item for item in result["criteria"] if item["id"] == criterion_id]
    return found


@pytest.mark.parametrize(
    ("as_of", "gni", "effective_from"),
    [
        (date(2025, 3, 31), GNI_2024, "2024-04-01"),
        (date(2025, 4, 1), GNI_2025, "2025-04-01"),
        (date(2026, 3, 31), GNI_2025, "2025-04-01"),
    ],
)
def test_gni_switches_on_the_first_of_april(as_of: date, gni: int, effective_from: str) -> None:
    # F-2-R income test: 70% of the GNI in force, the parameter shown with its date.
    share_of_gni = gni * 7 // 10
    at = result_for(Case("f2-r", "f2-r/standard", as_of, "", offer=offer(share_of_gni)))
    below = result_for(Case("f2-r", "f2-r/standard", as_of, "", offer=offer(share_of_gni - 1)))
    income = criterion(at, "income")
    assert income["status"] == "met"
    assert criterion(below, "income")["status"] == "not_met"
    (gni_parameter,) = [item for item in income["parameters"] if item["name"] == "gni.per_capita_krw"]
    assert gni_parameter["value"] == gni
    assert gni_parameter["effective_from"] == effective_from


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        (GNI_2026 * 7 // 10 * 1005 // 1000, "met"),  # 1.005 x the estimate: certainly over
        (GNI_2026 * 7 // 10 * 1005 // 1000 - 1, "needs_review"),
        (GNI_2026 * 7 // 10, "needs_review"),  # the estimate itself
        (GNI_2026 * 7 // 10 * 95 // 100, "needs_review"),  # 0.95 x the estimate
        (GNI_2026 * 7 // 10 * 95 // 100 - 1, "not_met"),  # certainly short
    ],
)
def test_gni_from_2026_04_01_is_an_estimate_with_a_band(salary: int, expected: str) -> None:
    result = result_for(Case("f2-r", "f2-r/standard", date(2026, 4, 1), "", offer=offer(salary)))
    income = criterion(result, "income")
    assert income["status"] == expected
    assert income["estimated"] is True
    (gni_parameter,) = [item for item in income["parameters"] if item["name"] == "gni.per_capita_krw"]
    assert (gni_parameter["value"], gni_parameter["effective_from"]) == (GNI_2026, "2026-04-01")
    assert (
        gni_parameter["estimated"],
        gni_parameter["uncertainty"],
        gni_parameter["uncertainty_above"],
        gni_parameter["until"],
    ) == (True, 0.05, 0.005, "2027-03-31")
    if expected == "needs_review":
        share = "5" if salary < GNI_2026 * 7 // 10 else "0.5"
        assert income["reason"].startswith(f"Within {share}% of a threshold built on an estimated value")


def case_named(name: str) -> Case:
    (found,) = [case for case in ALL_CASES if case.id == name]
    return found


def test_qualitative_total_is_capped_at_100() -> None:
    # 25 + 15 (10.5 years at Samsung) + 10 + 15 (4x) + 20 + 15 + 10 (SME) = 110 -> 100
    case = Case(
        "cap",
        QUALITATIVE,
        JULY_2026,
        "eligible",
        education=[degree("doctorate", "MIT")],
        experience=[job(start="2016-01-01")],
        offer=offer(5 * GNI_2026, size="sme"),
        extra=scores(20, 15),
    )
    result = result_for(case)
    assert result["status"] == "eligible"
    assert result["points"] == 100
    assert result["max_points"] == 100
    assert {item["id"]: item["points"] for item in result["criteria"]} == {
        "offer": None,
        "industry": None,
        "points_degree": 25,
        "points_employer": 15,
        "points_experience": 10,
        "points_salary": 15,
        "points_technical_expertise": 20,
        "points_strategic_value": 15,
        "points_sme_bonus": 10,
    }


def test_qualitative_points_at_the_pass_mark_are_reported() -> None:
    result = result_for(case_named("25 + 15 + 5 + 12 + 13 + 0 = 70 = the assumed pass mark"))
    assert (result["points"], result["pass_mark"], result["pass_mark_estimated"]) == (70, 70, True)
    assert result["hints"][0] == (
        "The pass mark of 70 is the center's assumption: the ministry has not published one. "
        "Totals within 7 points of it are reviewed by the center."
    )
    short = result_for(case_named("25 + 15 + 5 + 12 + 5 + 0 = 62, below the band: certainly short"))
    assert short["points"] == 62
    assert short["hints"][0] == "8 points short of the pass mark of 70."
    assert short["hints"][1].startswith("The pass mark of 70 is the center's assumption")


def test_mid_sized_company_bonus_is_said_to_be_an_assumption() -> None:
    result = result_for(case_named("a mid-sized company may get the bonus (not published): 57, up to 67"))
    bonus = criterion(result, "points_sme_bonus")
    assert (bonus["status"], bonus["points"]) == ("needs_review", 0)
    assert "mid-sized" in bonus["label"]
    assert "the center assumes it does not" in bonus["hint"]
    assert bonus["hint"] in result["hints"]
    assert result["points_best_case"] == 67


def test_missing_scores_report_the_best_case() -> None:
    result = result_for(case_named("evaluator scores missing, 20 + 12 + 3 = 35, + 35 reaches 70"))
    assert (result["points"], result["points_best_case"]) == (35, 70)


def test_uncertain_name_is_shown_with_its_candidates() -> None:
    result = result_for(KTECH_CASES[[case.id for case in KTECH_CASES].index("ambiguous alias NTU")])
    degree_criterion = criterion(result, "degree")
    assert degree_criterion["status"] == "needs_review"
    (evidence,) = degree_criterion["evidence"]
    assert "Nanyang Technological University Singapore" in evidence
    assert "National Taiwan University" in evidence
    assert evidence.endswith("needs review")


def test_salary_hint_names_the_shortfall() -> None:
    result = result_for(KTECH_CASES[1])
    assert "KRW 1 short of the salary threshold of KRW 149,865,000." in result["hints"]

"""Synthetic applicants for simulations, benchmarks and tests.

:func:`synthetic_pool` builds prepared facts directly as NumPy columns (no per-row Python), so a
million applicants take well under a second. The spread is meant to look like the people who ask
the Global Talent Center about a visa: mostly bachelor's and master's holders, a fifth with
doctorates, a minority from top-ranked universities (some Korean equivalents, some names that
could not be matched with certainty), salaries spread around the GNI-based thresholds, offers in
advanced and ordinary industries, hiring companies weighted to SMEs, some TOPIK levels, some
evaluator scores and a few scholars recruited through government programmes.

:func:`synthetic_applicants` produces raw profiles in the interchange format instead (names as
people write them, so name matching and field classification run too); it is meant for small
pools and tests.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np

from talentcenter.policy.engine.facts import CATEGORY_FACTS, FALSE, FLAG_FACTS, NUMBER_FACTS, TRUE, UNKNOWN, FactFrame
from talentcenter.policy.engine.inputs import (
    HOST_TYPES,
    ApplicantIn,
    CompanySize,
    DegreeLevelName,
    EducationIn,
    ExperienceIn,
    LanguageIn,
    OfferIn,
    OrganizationKind,
    PersonIn,
    QualitativeScoresIn,
    industry_codes,
)
from talentcenter.policy.engine.parameters import baseline
from talentcenter.policy.engine.pools import Pool, frame_segments

__all__ = ["NATIONALITIES", "Pool", "synthetic_applicants", "synthetic_frame", "synthetic_pool"]

# Nationalities of foreign professionals in Korea, roughly by weight.
NATIONALITIES: tuple[tuple[str, float], ...] = (
    ("CN", 22),
    ("VN", 14),
    ("IN", 9),
    ("US", 7),
    ("UZ", 5),
    ("JP", 4),
    ("ID", 4),
    ("PH", 4),
    ("NP", 3),
    ("RU", 3),
    ("MN", 3),
    ("TH", 2),
    ("KZ", 2),
    ("CA", 2),
    ("DE", 2),
    ("FR", 1.5),
    ("GB", 1.5),
    ("PK", 1.5),
    ("BD", 1.5),
    ("MY", 1),
    ("NG", 1),
    ("EG", 1),
    ("BR", 1),
    ("TR", 1),
    ("UA", 1),
    ("AU", 1),
    ("IT", 1),
    ("ES", 0.5),
    ("MX", 0.5),
    ("IR", 0.5),
    ("", 1),
)
DEFAULT_GNI_KRW = 52_416_000.0


_DEGREES: tuple[tuple[int, DegreeLevelName], ...] = ((1, "associate"), (2, "bachelor"), (3, "master"), (4, "doctorate"))
_COMPANY_SIZES: list[CompanySize | None] = ["sme", "midsize", "large", None]


def _pick(rng: np.random.Generator, size: int, weights: list[float] | tuple[float, ...]) -> np.ndarray:
    probabilities = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(probabilities), size=size, p=probabilities / probabilities.sum()).astype(np.int16)


def _codes(name: str, wanted: list[str]) -> np.ndarray:
    vocabulary = CATEGORY_FACTS[name]
    return np.asarray([vocabulary.index(code) for code in wanted], dtype=np.int16)


def _gni(as_of: date) -> float:
    value = baseline().resolve(as_of).value("gni.per_capita_krw")
    return float(value) if value is not None else DEFAULT_GNI_KRW


def _university_rank(rng: np.random.Generator, size: int, top_share: float) -> tuple[np.ndarray, np.ndarray]:
    """(certain rank, best-case rank): top-100 ranks, Korean equivalents (0), uncertain matches."""
    draw = rng.random(size)
    certain = np.full(size, np.nan)
    ranked = draw < top_share
    certain[ranked] = rng.integers(1, 101, size=int(ranked.sum()))
    korean = (draw >= top_share) & (draw < top_share + 0.04)
    certain[korean] = 0.0
    uncertain = (draw >= top_share + 0.04) & (draw < top_share + 0.07)
    best = certain.copy()
    best[uncertain] = 0.0
    return certain, best


def synthetic_frame(size: int, *, seed: int, as_of: date) -> tuple[FactFrame, np.ndarray]:
    """Prepared-fact columns for ``size`` synthetic applicants, plus nationality codes (into
    :data:`NATIONALITIES`)."""
    if size < 0:
        raise ValueError("size must not be negative")
    rng = np.random.default_rng(seed)
    gni = _gni(as_of)
    n = size

    # Education: highest level and where the degrees are from.
    highest = _pick(rng, n, [3, 4, 38, 35, 20]).astype(np.float64)  # none, associate, bachelor, master, doctorate
    rank_high, rank_high_best = _university_rank(rng, n, 0.16)
    rank_bachelor, rank_bachelor_best = _university_rank(rng, n, 0.10)
    has_level = [highest >= level for level in (2, 3, 4)]
    numbers: dict[str, np.ndarray] = {"highest_degree_level": highest}
    for level, present in zip((2, 3, 4), has_level, strict=True):
        certain = np.where(present, rank_high, np.nan)
        best = np.where(present, rank_high_best, np.nan)
        if level == 2:
            # A master's or doctorate holder's bachelor's degree may be ranked where the later one is not.
            earlier = highest >= 3
            certain = np.where(earlier, np.fmin(certain, rank_bachelor), certain)
            best = np.where(earlier, np.fmin(best, rank_bachelor_best), best)
        numbers[f"rank_level_{level}"] = certain
        numbers[f"rank_level_{level}_best"] = np.fmin(best, certain)

    # Experience
    experience = np.minimum(rng.gamma(2.0, 3.2, n), 40.0)
    numbers["experience_years"] = experience
    at_global = rng.random(n) < 0.22
    global_years = np.where(at_global, experience * rng.uniform(0.1, 1.0, n), 0.0)
    numbers["global_company_years"] = global_years
    maybe_global = rng.random(n) < 0.04
    numbers["global_company_years_best"] = np.where(
        maybe_global, np.minimum(experience, global_years + rng.uniform(0.5, 4.0, n)), global_years
    )
    postdoc = np.where((highest >= 4) & (rng.random(n) < 0.45), np.minimum(experience, rng.uniform(0.5, 8.0, n)), 0.0)
    numbers["postdoc_years"] = postdoc
    institute_draw = rng.random(n)
    institute = np.where(institute_draw < 0.35, postdoc, 0.0)
    numbers["institute_postdoc_years"] = institute
    numbers["institute_postdoc_years_best"] = np.where(institute_draw < 0.6, postdoc, institute)

    # Offer
    has_offer = rng.random(n) < 0.85
    ktech = _codes("offer_industry", sorted(industry_codes().get("ktech_pass", frozenset())))
    nst_only = _codes(
        "offer_industry",
        sorted(industry_codes().get("nst", frozenset()) - industry_codes().get("ktech_pass", frozenset())),
    )
    other_industry = _codes("offer_industry", ["other"])[0]
    industry_kind = rng.random(n)
    industry = np.where(
        industry_kind < 0.55,
        ktech[rng.integers(0, len(ktech), n)],
        np.where(industry_kind < 0.70, nst_only[rng.integers(0, len(nst_only), n)], other_industry),
    ).astype(np.int16)
    industry[~has_offer] = 0
    kotra = _codes("offer_technology_field", sorted(industry_codes().get("kotra", frozenset())))
    field_kind = rng.random(n)
    technology_field = np.where(
        field_kind < 0.6,
        kotra[rng.integers(0, len(kotra), n)],
        np.where(field_kind < 0.85, _codes("offer_technology_field", ["other"])[0], 0),
    ).astype(np.int16)
    technology_field[~has_offer] = 0
    sizes = _codes("company_size", ["", "sme", "midsize", "large"])
    company_size = sizes[_pick(rng, n, [5, 55, 20, 20])]
    company_size[~has_offer] = 0
    # Salaries: a broad market spread plus a band across the 2x-4.5x GNI thresholds.
    market = gni * rng.lognormal(np.log(1.6), 0.55, n)
    near_thresholds = gni * rng.uniform(2.0, 4.5, n)
    salary = np.round(np.where(rng.random(n) < 0.6, market, near_thresholds), -4)
    salary[~has_offer | (rng.random(n) < 0.02)] = np.nan
    numbers["salary_krw"] = salary

    occupation = _pick(rng, n, [30, 10, 60]).astype(np.int8)  # FALSE, UNKNOWN, TRUE
    occupation[~has_offer] = UNKNOWN
    region = _pick(rng, n, [35, 10, 55]).astype(np.int8)
    region[~has_offer] = UNKNOWN
    flags = {
        "has_offer": np.where(has_offer, TRUE, FALSE).astype(np.int8),
        "occupation_e7_1": occupation,
        "employer_capital_region": region,
    }

    # Fields of study and work, Korean and foreign degrees
    related_draw = rng.random(n)
    related = np.where(related_draw < 0.6, highest, 0.0)
    numbers["related_degree_level"] = related
    numbers["related_degree_level_best"] = np.where(related_draw < 0.72, highest, related)
    korean_draw = rng.random(n)
    korean_level = np.where(korean_draw < 0.15, highest, np.where(korean_draw < 0.22, np.minimum(highest, 2.0), 0.0))
    numbers["korean_degree_level"] = korean_level
    numbers["foreign_degree_level"] = np.where(korean_draw < 0.15, np.where(highest >= 3, 2.0, 0.0), highest)
    numbers["korean_related_degree_level"] = np.minimum(korean_level, related)
    numbers["korean_related_degree_level_best"] = np.minimum(korean_level, numbers["related_degree_level_best"])
    work_draw = rng.random(n)
    related_work = np.where(work_draw < 0.65, experience * rng.uniform(0.3, 1.0, n), 0.0)
    numbers["related_experience_years"] = related_work
    numbers["related_experience_years_best"] = np.where(work_draw < 0.8, experience, related_work)
    # E-7-1 also counts a field related to the occupation: at least what the industry gives.
    occupation_draw = rng.random(n)
    numbers["occupation_related_degree_level"] = np.where(occupation_draw < 0.3, highest, related)
    numbers["occupation_related_degree_level_best"] = np.maximum(
        numbers["occupation_related_degree_level"], numbers["related_degree_level_best"]
    )
    numbers["occupation_related_experience_years"] = np.where(occupation_draw < 0.3, experience, related_work)
    numbers["occupation_related_experience_years_best"] = np.maximum(
        numbers["occupation_related_experience_years"], numbers["related_experience_years_best"]
    )

    numbers["topik_level"] = np.where(rng.random(n) < 0.4, rng.integers(1, 7, n), 0).astype(np.float64)
    scored = rng.random(n) < 0.3
    numbers["technical_expertise_score"] = np.where(scored, np.round(rng.uniform(4, 20, n)), np.nan)
    numbers["strategic_value_score"] = np.where(scored, np.round(rng.uniform(3, 15, n)), np.nan)
    numbers["years_since_graduation"] = np.where(
        highest > 0, np.maximum(0.0, experience + rng.normal(0.5, 1.5, n)), np.nan
    )

    programmes = _codes("government_programme", ["", "mohw-scholar-recruitment", "kasa-scholar-recruitment", "other"])
    categories = {
        "offer_industry": industry,
        "offer_technology_field": technology_field,
        "company_size": company_size,
        "government_programme": programmes[_pick(rng, n, [970, 15, 10, 5])],
    }
    _route_columns(rng, n, numbers, flags, categories, has_offer, highest, rank_high, rank_high_best)
    assert set(numbers) == set(NUMBER_FACTS)
    assert set(flags) == set(FLAG_FACTS)
    frame = FactFrame.from_columns(numbers, flags, categories) if n else _empty(numbers, flags, categories)
    nationality = _pick(rng, n, [weight for _code, weight in NATIONALITIES])
    return frame, nationality


def _route_columns(
    rng: np.random.Generator,
    n: int,
    numbers: dict[str, np.ndarray],
    flags: dict[str, np.ndarray],
    categories: dict[str, np.ndarray],
    has_offer: np.ndarray,
    highest: np.ndarray,
    rank: np.ndarray,
    rank_best: np.ndarray,
) -> None:
    """The facts of K-STAR, D-10-3, the E-7-1 special routes and F-2-R: mostly not given, as in a
    self-check where people leave the optional questions blank."""

    def tri(weights: list[float]) -> np.ndarray:
        return _pick(rng, n, weights).astype(np.int8)  # FALSE, UNKNOWN, TRUE

    student = rng.random(n) < 0.1
    numbers["study_level"] = np.where(student, np.maximum(highest, 2.0), highest)
    since = np.where(student, 0.0, numbers["years_since_graduation"])
    numbers["study_years_since"] = since
    numbers["study_years_since_best"] = np.where(np.isnan(since) & (highest > 0), 0.0, since)
    for prefix in ("study", "any"):
        qs = np.where(highest >= 2, rank, np.nan)
        qs_best = np.where(highest >= 2, np.where(np.isnan(qs), 0.0, rank_best), np.nan)
        name = "study_{}_rank" if prefix == "study" else "{}_rank_any"
        numbers[name.format("qs")], numbers[name.format("qs") + "_best"] = qs, qs_best
        numbers[name.format("the")] = np.full(n, np.nan)
        numbers[name.format("the") + "_best"] = np.where(highest >= 2, 0.0, np.nan)
    employees = rng.random(n) < 0.3
    share = rng.uniform(0.0, 0.5, n)
    numbers["foreign_share_after_hire"] = np.where(employees, share, np.nan)
    numbers["foreign_share_after_hire_best"] = np.where(employees, share, 0.0)
    numbers["internship_years"] = np.where(rng.random(n) < 0.05, rng.uniform(0.2, 2.0, n), 0.0)
    korean = numbers["korean_degree_level"]
    numbers["k_star_degree_level"] = np.where(rng.random(n) < 0.3, korean, 0.0)
    numbers["k_star_degree_level_best"] = korean
    flags["e9_holder"] = tri([20, 75, 5])
    flags["d10_3_holder"] = tri([20, 75, 5])
    flags["in_decline_area"] = np.where(has_offer, tri([50, 40, 10]), UNKNOWN).astype(np.int8)
    flags["local_designated_industry"] = tri([10, 85, 5])
    flags["recommended_by_president"] = tri([10, 85, 5])
    flags["recommended_for_employment"] = tri([15, 75, 10])
    flags["recommended_by_local_government"] = tri([10, 85, 5])
    flags["k_star_postdoc"] = tri([90, 7, 3])
    hosts = _codes("host_type", ["", *HOST_TYPES, "other"])
    host = hosts[_pick(rng, n, [60, 8, 8, 8, 4, 12])]
    host[~has_offer] = 0
    categories["host_type"] = host
    fields = _codes("study_field", list(CATEGORY_FACTS["study_field"]))
    categories["study_field"] = fields[rng.integers(0, len(fields) - 1, n)]  # not "other"
    categories["k_star_field"] = fields[rng.integers(0, len(fields) - 1, n)]


def _empty(
    numbers: dict[str, np.ndarray], flags: dict[str, np.ndarray], categories: dict[str, np.ndarray]
) -> FactFrame:
    return FactFrame(n=0, numbers=numbers, flags=flags, categories=categories)


def synthetic_pool(size: int, *, seed: int, as_of: date) -> Pool:
    """A synthetic pool of ``size`` applicants with prepared facts and segments, deterministic per seed."""
    frame, nationality = synthetic_frame(size, seed=seed, as_of=as_of)
    segments, labels, keys = frame_segments(frame, nationality, [code for code, _weight in NATIONALITIES])
    return Pool(frame=frame, segments=segments, segment_labels=labels, kind="synthetic", segment_keys=keys)


# Raw profiles -----------------------------------------------------------------------------------

_UNIVERSITIES = (
    # (name as written, country): ranked, Korean equivalents, misspelled (uncertain), unranked
    ("Massachusetts Institute of Technology", "US"),
    ("MIT", "US"),
    ("Stanford University", "US"),
    ("University of Oxford", "GB"),
    ("ETH Zurich", "CH"),
    ("National University of Singapore", "SG"),
    ("Tsinghua University", "CN"),
    ("Peking University", "CN"),
    ("University of Tokyo", "JP"),
    ("Indian Institute of Technology Bombay", "IN"),
    ("Seoul National University", "KR"),
    ("KAIST", "KR"),
    ("Yonsei University", "KR"),
    ("POSTECH", "KR"),
    ("Sungkyunkwan University", "KR"),
    ("Hanyang University", "KR"),
    ("Univ. of California Berkely", "US"),
    ("Technical Univ Munchen", "DE"),
    ("Hanoi University of Science and Technology", "VN"),
    ("University of Tashkent", "UZ"),
    ("Anna University", "IN"),
    ("Zhejiang Sci-Tech University", "CN"),
    ("Universitas Indonesia", "ID"),
    ("University of the Philippines", "PH"),
    ("Tribhuvan University", "NP"),
    ("Moscow State Technical University", "RU"),
)
_COMPANIES = (
    "Samsung Electronics",
    "SK hynix",
    "TSMC",
    "Google",
    "Microsoft",
    "Nvidia",
    "Toyota",
    "Huawei",
    "Hyundai Motor",
    "LG Energy Solution",
    "Samsong Electronic",
    "Viettel",
    "Infosys",
    "Tata Consultancy Services",
    "Small Robotics Ltd.",
    "Acme Analytics",
)
_INSTITUTES = ("Max Planck Institute", "KIST", "Fraunhofer", "imec", "ETRI", "National Lab of Somewhere")
_FIELDS = (
    "electrical engineering",
    "computer science",
    "materials science",
    "chemical engineering",
    "mechanical engineering",
    "biotechnology",
    "physics",
    "data science",
    "business administration",
    "economics",
    "korean literature",
    "artificial intelligence",
)
_OCCUPATIONS = ("2211", "2212", "2311", "2351", "1311", "2221", "9999", "")
_REGIONS = ("Seoul", "Gyeonggi", "Incheon", "Busan", "Daejeon", "Ulsan", "")
_PROGRAMMES = ("mohw-scholar-recruitment", "kasa-scholar-recruitment")


def _weighted(rng: random.Random, choices: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([code for code, _weight in choices], weights=[weight for _code, weight in choices])[0]


def synthetic_applicants(size: int, *, seed: int) -> list[ApplicantIn]:
    """``size`` raw applicant profiles (interchange format), deterministic per seed; for small pools."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    ktech = sorted(industry_codes().get("ktech_pass", frozenset()))
    nst = sorted(industry_codes().get("nst", frozenset()))
    kotra = sorted(industry_codes().get("kotra", frozenset()))
    today = date(2026, 7, 1)
    applicants = []
    for _index in range(size):
        nationality = _weighted(rng, NATIONALITIES) or None
        birth = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 38))
        highest = rng.choices([0, 1, 2, 3, 4], weights=[3, 4, 38, 35, 20])[0]
        education = []
        graduated = birth + timedelta(days=365 * 22 + rng.randrange(0, 365 * 3))
        for level, name in _DEGREES:
            if level > highest or (level == 1 and highest > 1):
                continue
            institution, country = rng.choice(_UNIVERSITIES)
            completed = min(graduated + timedelta(days=365 * max(0, level - 2) * 2), today)
            education.append(
                EducationIn(
                    level=name,
                    field=rng.choice(_FIELDS),
                    institution=institution,
                    country=country if rng.random() < 0.8 else None,
                    completed=completed,
                )
            )
        start = max(education[-1].completed, date(1990, 1, 1)) if education and education[-1].completed else birth
        start = max(start, birth + timedelta(days=365 * 20))
        experience: list[ExperienceIn] = []
        for _job in range(rng.choice([0, 1, 1, 2, 2, 3])):
            if start >= today:
                break
            postdoc = highest == 4 and not experience and rng.random() < 0.45
            length = timedelta(days=rng.randrange(180, 365 * 8))
            end = start + length
            kind: OrganizationKind = "research_institute" if postdoc and rng.random() < 0.6 else "company"
            experience.append(
                ExperienceIn(
                    organization=rng.choice(_INSTITUTES) if kind == "research_institute" else rng.choice(_COMPANIES),
                    kind=kind,
                    field=rng.choice(_FIELDS),
                    start=start,
                    end=None if end >= today else end,
                    postdoctoral=postdoc,
                )
            )
            start = end + timedelta(days=rng.randrange(0, 200))
        offer = None
        if rng.random() < 0.85:
            kind_draw = rng.random()
            industry = rng.choice(ktech) if kind_draw < 0.55 else rng.choice(nst) if kind_draw < 0.7 else "other"
            offer = OfferIn(
                company=rng.choice(("Example Semi Co.", "Daejeon Bio Inc.", "Pangyo AI Lab", "Busan Logistics")),
                company_size=rng.choices(_COMPANY_SIZES, weights=[55, 20, 20, 5])[0],
                industry=industry,
                technology_field=rng.choice(kotra) if rng.random() < 0.6 else "other",
                annual_salary_krw=int(round(52_416_000 * rng.lognormvariate(0.47, 0.55), -4))
                if rng.random() < 0.98
                else None,
                occupation=rng.choice(_OCCUPATIONS) or None,
                region=rng.choice(_REGIONS) or None,
            )
        languages = []
        if rng.random() < 0.4:
            languages.append(LanguageIn(language="ko", test="TOPIK", level=rng.randint(1, 6)))
        scores = None
        if rng.random() < 0.3:
            scores = QualitativeScoresIn(
                technical_expertise=float(rng.randint(4, 20)), strategic_value=float(rng.randint(3, 15))
            )
        applicants.append(
            ApplicantIn(
                person=PersonIn(birth_date=birth, nationality=nationality),
                education=education,
                experience=experience,
                offer=offer,
                languages=languages,
                government_programme=rng.choice(_PROGRAMMES) if rng.random() < 0.025 else None,
                qualitative_scores=scores,
            )
        )
    return applicants

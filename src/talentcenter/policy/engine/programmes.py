"""Every fast track, written once. Each rule reads facts and dated parameters through a Context.

Sources for every value are in ``policy/parameters/*.yaml``; the published rules behind each
track are summarised in ``../shared/policy/REFERENCE.md`` (sections in the docstrings).
"""

from __future__ import annotations

import numpy as np

from talentcenter.policy.engine.facts import FALSE, TRUE, UNKNOWN
from talentcenter.policy.engine.messages import gettext_lazy as _
from talentcenter.policy.engine.rules import Context, Decision, Track, Tri, zero_where

GNI = "gni.per_capita_krw"

SALARY_HINT = _("KRW {shortfall} short of the salary threshold of KRW {threshold}.")
YEARS_HINT = _("{label}: about {shortfall} more is needed; the rule asks for {threshold}.")


def _krw(amount: float | np.ndarray) -> float | np.ndarray:
    """A threshold in won from GNI x a multiple, without binary floating-point noise
    (0.7 x 44,051,000 is 30,835,699.999999996 in floating point; the rule means 30,835,700)."""
    return np.round(amount, 2)


def _offer(ctx: Context) -> Tri:
    return ctx.flag(
        "offer",
        _("Job offer from a Korean company"),
        "has_offer",
        hint=_("A job offer from a Korean company is needed."),
    )


def _degree(ctx: Context, prefix: str) -> Tri:
    level = int(min(4, max(2, ctx.param(f"{prefix}.degree_minimum_level") or 3)))
    return ctx.at_most(
        "degree",
        _("Degree from a world top-ranked university (QS or U.S. News, edition in force) or a Korean equivalent"),
        f"rank_level_{level}",
        ctx.number(f"{prefix}.university_rank_cutoff"),
        best=f"rank_level_{level}_best",
        unit="rank",
        parameters=(f"{prefix}.degree_minimum_level", f"{prefix}.university_rank_cutoff"),
        hint=_(
            "A master's or doctorate from a world top-100 university "
            "(or SNU, KAIST, Yonsei, Korea University, POSTECH)."
        ),
        evidence="degree_rank",
    )


def _experience(ctx: Context, prefix: str) -> Tri:
    total = ctx.at_least(
        "experience_total",
        _("Total work experience"),
        "experience_years",
        ctx.number(f"{prefix}.experience_years"),
        unit="years",
        parameters=(f"{prefix}.experience_years",),
        hint=YEARS_HINT,
    )
    global_company = ctx.at_least(
        "experience_global_company",
        _("Experience at a global top-500 company (or a Korean equivalent)"),
        "global_company_years",
        ctx.number(f"{prefix}.global_company_years"),
        best="global_company_years_best",
        unit="years",
        parameters=(f"{prefix}.global_company_years",),
        hint=YEARS_HINT,
        evidence="global_company",
    )
    postdoc = ctx.at_least(
        "postdoc_total",
        _("Post-doctoral research experience"),
        "postdoc_years",
        ctx.number(f"{prefix}.postdoc_years"),
        unit="years",
        parameters=(f"{prefix}.postdoc_years",),
        hint=YEARS_HINT,
    )
    institute = ctx.at_least(
        "postdoc_institute",
        _("Post-doctoral research at a world-class research institute"),
        "institute_postdoc_years",
        ctx.number(f"{prefix}.institute_years"),
        best="institute_postdoc_years_best",
        unit="years",
        parameters=(f"{prefix}.institute_years",),
        hint=YEARS_HINT,
        evidence="institute",
    )
    return ctx.any(ctx.all(total, global_company), ctx.all(postdoc, institute))


def quantitative_test(ctx: Context, prefix: str) -> Tri:
    """Offer in a target industry, salary of 3x GNI, and degree and experience (one waived at 4x).

    REFERENCE.md §1.2 and §2.2: the tests are cumulative; the only waiver is the 4x GNI one.
    """
    offer = _offer(ctx)
    industry = ctx.member(
        "industry",
        _("Hiring company in a target advanced industry"),
        "offer_industry",
        f"{prefix}.industries",
        hint=_("The hiring company must work in one of the target advanced industries."),
    )
    gni = ctx.number(GNI)
    salary = ctx.at_least(
        "salary",
        _("Annual salary of at least the multiple of per-capita GNI"),
        "salary_krw",
        _krw(gni * ctx.number(f"{prefix}.salary_gni_multiple")),
        unit="krw",
        parameters=(GNI, f"{prefix}.salary_gni_multiple"),
        hint=SALARY_HINT,
    )
    degree = _degree(ctx, prefix)
    experience = _experience(ctx, prefix)
    waiver = ctx.at_least(
        "salary_waiver",
        _("Salary high enough to waive the degree or the experience test"),
        "salary_krw",
        _krw(gni * ctx.number(f"{prefix}.waiver_gni_multiple")),
        unit="krw",
        parameters=(GNI, f"{prefix}.waiver_gni_multiple"),
        hint=_("KRW {shortfall} more salary (KRW {threshold}) would waive the degree or the experience test."),
    )
    qualification = ctx.any(ctx.all(degree, experience), ctx.all(waiver, ctx.any(degree, experience)))
    return ctx.all(offer, industry, salary, qualification)


def ktech_standard(ctx: Context) -> Decision:
    return Decision(quantitative_test(ctx, "ktech_pass"))


def _tier_of(doctorate_ranked: bool, master_ranked: bool, bachelor_ranked: bool, levels: int) -> int:
    """6 doctorate top-ranked, 5 master's top-ranked, 4 doctorate, 3 master's, 2 bachelor's
    top-ranked, 1 bachelor's, 0 none (``levels``: how many of bachelor's, master's and doctorate
    the highest degree reaches)."""
    if doctorate_ranked:
        return 6
    if master_ranked:
        return 5
    if levels >= 3:
        return 4
    if levels >= 2:
        return 3
    if bachelor_ranked:
        return 2
    return 1 if levels >= 1 else 0


# The tier of every combination, at index 16 x doctorate ranked + 8 x master's ranked + 4 x
# bachelor's ranked + levels reached.
PEDIGREE_TIERS = np.asarray(
    [_tier_of(bool(index & 16), bool(index & 8), bool(index & 4), index & 3) for index in range(32)],
    dtype=np.float64,
)


def _pedigree_codes(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """Each row's degree tier (:func:`_tier_of`) as a byte code into ``PEDIGREE_TIERS``, for the
    certain rankings and for the best case.

    The four answers (three rankings within the cutoff, the levels reached) are packed into one
    byte by comparisons and byte arithmetic; the points of each code are then one lookup
    (``Context.bands`` with ``decode``), where ``np.select`` took 45% of the track."""
    cutoff = ctx.number("ktech_pass.university_rank_cutoff")
    frame = ctx.frame
    level = frame.number("highest_degree_level")
    with np.errstate(invalid="ignore"):
        levels = np.add((level >= 2).view(np.uint8), (level >= 3).view(np.uint8))
        levels += (level >= 4).view(np.uint8)
        codes = []
        for suffix in ("", "_best"):
            code = levels.copy()
            for degree_level, weight in ((2, 4), (3, 8), (4, 16)):
                ranked = frame.number(f"rank_level_{degree_level}{suffix}") <= cutoff
                code += np.multiply(ranked.view(np.uint8), np.uint8(weight))
            codes.append(code)
    return codes[0], codes[1]


def _capped_sum(cap: float, *parts: np.ndarray) -> np.ndarray:
    """``min(cap, parts[0] + parts[1] + ...)`` in float64, added left to right into one new array.

    Points in whole numbers (int16: bands and bonuses in whole points) are added as integers while
    they come first: such sums are exact in float64 as well, so the total is the same number as
    adding floats left to right, with a quarter of the memory traffic."""
    whole = 0
    while whole < len(parts) and parts[whole].dtype.kind in "iu":
        whole += 1
    if whole:
        integers = parts[0].astype(np.int32)
        for points in parts[1:whole]:
            integers += points
        total = integers.astype(np.float64)
    else:
        total = parts[0].astype(np.float64)
        whole = 1
    for points in parts[whole:]:
        total += points
    np.minimum(total, cap, out=total)
    return total


def ktech_qualitative(ctx: Context) -> Decision:
    """The 100-point rubric from 2 July 2026: 65 computed + 35 from evaluators, +10 for SMEs (§1.6)."""
    offer = _offer(ctx)
    industry = ctx.member(
        "industry",
        _("Hiring company in a target advanced industry"),
        "offer_industry",
        "ktech_pass.industries",
        hint=_("The hiring company must work in one of the target advanced industries."),
    )
    frame = ctx.frame
    gni = ctx.number(GNI)
    tier, tier_best = _pedigree_codes(ctx)
    degree, degree_best = ctx.bands(
        "points_degree",
        _("Degree pedigree"),
        tier,
        tier_best,
        "ktech_pass.qualitative.degree_points",
        unit="tier",
        parameters=("ktech_pass.university_rank_cutoff",),
        hint=_("A degree from a higher tier would add points."),
        decode=PEDIGREE_TIERS,
    )
    employer_years = frame.number("global_company_years") + frame.number("institute_postdoc_years")
    employer_years_best = frame.number("global_company_years_best") + frame.number("institute_postdoc_years_best")
    employer, employer_best = ctx.bands(
        "points_employer",
        _("Employer history (global top-500 company or world-class institute)"),
        employer_years,
        employer_years_best,
        "ktech_pass.qualitative.employer_points",
        unit="years",
        hint=_("More years at a global top-500 company or a world-class institute would add points."),
    )
    experience, experience_best = ctx.bands(
        "points_experience",
        _("Total work experience"),
        frame.number("experience_years"),
        frame.number("experience_years"),
        "ktech_pass.qualitative.experience_points",
        fact="experience_years",
        unit="years",
        hint=_("More years of experience would add points."),
    )
    salary, salary_best = ctx.bands(
        "points_salary",
        _("Salary relative to per-capita GNI"),
        frame.number("salary_krw"),
        frame.number("salary_krw"),
        "ktech_pass.qualitative.salary_points",
        fact="salary_krw",
        unit="krw",
        scale=gni,
        parameters=(GNI,),
        hint=_("A higher salary would add points."),
    )
    technical, technical_best = ctx.score(
        "points_technical_expertise",
        _("Technical expertise (scored by evaluators)"),
        "technical_expertise_score",
        "ktech_pass.qualitative.technical_expertise_max",
    )
    strategic, strategic_best = ctx.score(
        "points_strategic_value",
        _("Strategic value to the hiring company (scored by evaluators)"),
        "strategic_value_score",
        "ktech_pass.qualitative.strategic_value_max",
    )
    sme, sme_best = ctx.bonus(
        "points_sme_bonus",
        _("Bonus for a small or medium-sized hiring company (mid-sized companies: the center's assumption)"),
        frame.category_is("company_size", "sme"),
        "ktech_pass.qualitative.sme_bonus",
        # Whether mid-sized (중견) companies get it is not published (REFERENCE.md §1.6): not for
        # certain, and reviewed where it would decide the answer.
        possible=frame.category_is("company_size", "midsize"),
        hint=_(
            "The bonus is for small and medium-sized companies. Whether a mid-sized company gets it is not "
            "published: the center assumes it does not, and reviews it where it would change the answer."
        ),
    )
    cap = ctx.number("ktech_pass.qualitative.total_cap")
    total = _capped_sum(cap, degree, employer, experience, salary, technical, strategic, sme)
    total_best = _capped_sum(
        cap, degree_best, employer_best, experience_best, salary_best, technical_best, strategic_best, sme_best
    )
    return ctx.points_decision(
        ctx.all(offer, industry),
        total,
        total_best,
        cap,
        ctx.number("ktech_pass.qualitative.pass_mark"),
        parameter="ktech_pass.qualitative.pass_mark",
    )


def ktech_government_programme(ctx: Context) -> Decision:
    """Scholars recruited through MOHW or KASA programmes get the pass automatically (§1.6)."""
    met = ctx.member(
        "government_programme",
        _("Recruited through a listed government programme"),
        "government_programme",
        "ktech_pass.government_programmes",
        hint=_("Only scholars recruited through a listed government programme qualify on this track."),
    )
    return Decision(met)


def _top_tier_topik(ctx: Context) -> Tri:
    """TOPIK for F-2-T as a dated requirement: ``required`` (at the minimum level), ``not_required``
    (from 2 July 2026, as reported), or ``unclear`` (before: no published rule), which staff check.
    Never silently absent: the criterion is always in the answer (§1.6, §2.5)."""
    status = ctx.param("top_tier_visa.topik_requirement")
    codes = set(status or ())
    if "required" in codes:
        return ctx.at_least(
            "topik",
            _("Korean language (TOPIK level)"),
            "topik_level",
            ctx.number("top_tier_visa.topik_minimum_level"),
            unit="number",
            parameters=("top_tier_visa.topik_requirement", "top_tier_visa.topik_minimum_level"),
            hint=_("TOPIK level {threshold} is needed."),
        )
    if "not_required" in codes:
        return ctx.fixed(
            "topik",
            _("Korean language (TOPIK) - not required on this date"),
            np.full(ctx.frame.n, TRUE, dtype=np.int8),
            parameters=("top_tier_visa.topik_requirement",),
        )
    return ctx.fixed(
        "topik",
        _("Korean language (TOPIK) - whether it is required on this date is not published (checked by staff)"),
        np.full(ctx.frame.n, UNKNOWN, dtype=np.int8),
        parameters=("top_tier_visa.topik_requirement",),
        hint=_(
            "Whether TOPIK is required on this date is not published: staff check it. "
            "Give your TOPIK level if you have one."
        ),
    )


def _about(ctx: Context, id: str, label: object, parameter: str) -> None:
    """A line of the answer that is not a test (e.g. when permanent residence can be applied for),
    shown with its parameter and sources; it does not change the decision."""
    ctx.fixed(id, label, np.full(ctx.frame.n, TRUE, dtype=np.int8), parameters=(parameter,))


def top_tier_standard(ctx: Context) -> Decision:
    """F-2-T: the same quantitative test with MOJ's industry list, and TOPIK as a dated requirement
    (§2.2, §1.6). The answer also says when F-5 permanent residence can be applied for (§2.5)."""
    test = quantitative_test(ctx, "top_tier_visa")
    met = ctx.all(test, _top_tier_topik(ctx))
    _about(
        ctx,
        "permanent_residence",
        _("After the visa: permanent residence (F-5) can be applied for after the years of residence shown"),
        "top_tier_visa.permanent_residence_after_years",
    )
    return Decision(met)


def top_tier_job_seeking(ctx: Context) -> Decision:
    """D-10 job seeking without an offer: master's or higher from a top-100 university (§2.2)."""
    level = int(min(4, max(2, ctx.param("top_tier_visa.job_seeking_degree_minimum_level") or 3)))
    met = ctx.at_most(
        "degree",
        _("Master's or doctorate from a world top-100 university"),
        f"rank_level_{level}",
        ctx.number("top_tier_visa.university_rank_cutoff"),
        best=f"rank_level_{level}_best",
        unit="rank",
        parameters=("top_tier_visa.job_seeking_degree_minimum_level", "top_tier_visa.university_rank_cutoff"),
        hint=_("A master's or doctorate from a world top-100 university is needed."),
        evidence="degree_rank",
    )
    _about(
        ctx,
        "job_seeking_limit",
        _("The job-seeking visa (D-10) is granted for at most the years shown"),
        "top_tier_visa.job_seeking_max_years",
    )
    return Decision(met)


def kotra_recommendation(ctx: Context) -> Decision:
    """KOTRA employment recommendation: one of four routes, in one of KOTRA's eight fields (§3.3)."""
    offer = _offer(ctx)
    field = ctx.member(
        "technology_field",
        _("Job in one of KOTRA's eight technology fields"),
        "offer_technology_field",
        "kotra_recommendation.fields",
        hint=_("The job must be in one of KOTRA's eight technology fields."),
    )
    master = ctx.at_least(
        "route_related_degree",
        _("Route 1: master's or higher in the related field"),
        "related_degree_level",
        ctx.number("kotra_recommendation.master_minimum_level"),
        best="related_degree_level_best",
        unit="level",
        parameters=("kotra_recommendation.master_minimum_level",),
        hint=_("A master's degree or higher in the related field would qualify."),
        evidence="related_degree",
    )
    korean = ctx.at_least(
        "route_korean_degree",
        _("Route 2: bachelor's or higher from a Korean university in the related field"),
        "korean_related_degree_level",
        ctx.number("kotra_recommendation.korean_degree_minimum_level"),
        best="korean_related_degree_level_best",
        unit="level",
        parameters=("kotra_recommendation.korean_degree_minimum_level",),
        hint=_("A bachelor's degree from a Korean university in the related field would qualify."),
        evidence="related_degree",
    )
    foreign_degree = ctx.at_least(
        "route_foreign_degree",
        _("Route 3: bachelor's or higher from a foreign university"),
        "foreign_degree_level",
        ctx.number("kotra_recommendation.korean_degree_minimum_level"),
        unit="level",
        parameters=("kotra_recommendation.korean_degree_minimum_level",),
        hint=_("A bachelor's degree from a foreign university is needed for route 3."),
    )
    foreign_experience = ctx.at_least(
        "route_foreign_experience",
        _("Route 3: related experience with the foreign degree"),
        "related_experience_years",
        ctx.number("kotra_recommendation.foreign_degree_experience_years"),
        best="related_experience_years_best",
        unit="years",
        parameters=("kotra_recommendation.foreign_degree_experience_years",),
        hint=YEARS_HINT,
        evidence="related_experience",
    )
    experience = ctx.at_least(
        "route_experience",
        _("Route 4: experience in the related field"),
        "related_experience_years",
        ctx.number("kotra_recommendation.experience_only_years"),
        best="related_experience_years_best",
        unit="years",
        parameters=("kotra_recommendation.experience_only_years",),
        hint=YEARS_HINT,
        evidence="related_experience",
    )
    routes = ctx.any(master, korean, ctx.all(foreign_degree, foreign_experience), experience)
    return Decision(ctx.all(offer, field, routes))


def e7_1(ctx: Context) -> Decision:
    """E-7-1: an occupation on the list, the general requirement, and the wage floor (§3.1-3.2).

    "Related" is to the occupation or to the offer's industry or technology field (the
    ``occupation_related_*`` facts; KOTRA's recommendation reads ``related_*``, its technology fields)."""
    offer = _offer(ctx)
    occupation = ctx.flag(
        "occupation",
        _("Occupation on the E-7-1 list"),
        "occupation_e7_1",
        hint=_("The job's occupation code must be one of the 67 E-7-1 occupations."),
    )
    master = ctx.at_least(
        "general_related_degree",
        _("Master's or higher in a related field"),
        "occupation_related_degree_level",
        ctx.number("e7_1.related_master_minimum_level"),
        best="occupation_related_degree_level_best",
        unit="level",
        parameters=("e7_1.related_master_minimum_level",),
        hint=_("A master's degree or higher in the related field would meet the general requirement."),
        evidence="occupation_related_degree",
    )
    bachelor = ctx.at_least(
        "general_related_bachelor",
        _("Related bachelor's degree"),
        "occupation_related_degree_level",
        ctx.number("e7_1.related_bachelor_minimum_level"),
        best="occupation_related_degree_level_best",
        unit="level",
        parameters=("e7_1.related_bachelor_minimum_level",),
        hint=_("A bachelor's degree in the related field is needed for this route."),
        evidence="occupation_related_degree",
    )
    bachelor_experience = ctx.at_least(
        "general_bachelor_experience",
        _("Related experience with the bachelor's degree"),
        "occupation_related_experience_years",
        ctx.number("e7_1.bachelor_experience_years"),
        best="occupation_related_experience_years_best",
        unit="years",
        parameters=("e7_1.bachelor_experience_years",),
        hint=YEARS_HINT,
        evidence="occupation_related_experience",
    )
    experience = ctx.at_least(
        "general_experience",
        _("Related experience without a degree requirement"),
        "occupation_related_experience_years",
        ctx.number("e7_1.experience_only_years"),
        best="occupation_related_experience_years_best",
        unit="years",
        parameters=("e7_1.experience_only_years",),
        hint=YEARS_HINT,
        evidence="occupation_related_experience",
    )
    special = _e7_1_special_routes(ctx)
    general = ctx.any(master, ctx.all(bachelor, bachelor_experience), experience, special)

    frame = ctx.frame
    fixed = ctx.number("e7_1.salary_floor_krw")
    if not np.isnan(fixed):
        threshold: float | np.ndarray = fixed
        best_threshold: float | np.ndarray = fixed
        parameters: tuple[str, ...] = ("e7_1.salary_floor_krw",)
    else:
        gni = ctx.number(GNI)
        standard = _krw(gni * ctx.number("e7_1.salary_floor_gni_share"))
        reduced = _krw(gni * ctx.number("e7_1.salary_floor_gni_share_reduced"))
        sme = frame.category_is("company_size", "sme")
        region = frame.flag("employer_capital_region")
        reduced_for_sure = sme | (region == FALSE)
        reduced_maybe = reduced_for_sure | (region == UNKNOWN)
        threshold = np.where(reduced_for_sure, reduced, standard)
        best_threshold = np.where(reduced_maybe, reduced, standard)
        parameters = (
            "e7_1.salary_floor_krw",
            GNI,
            "e7_1.salary_floor_gni_share",
            "e7_1.salary_floor_gni_share_reduced",
        )
    salary = ctx.at_least(
        "salary_floor",
        _("Annual salary at or above the E-7-1 wage floor in force"),
        "salary_krw",
        threshold,
        best_threshold=best_threshold,
        unit="krw",
        parameters=parameters,
        hint=SALARY_HINT,
    )
    ratio = ctx.at_most(
        "foreign_worker_ratio",
        _("Foreign employees, with this hire, within the share of the employer's insured Korean employees"),
        "foreign_share_after_hire",
        ctx.number("e7_1.foreign_worker_share_max"),
        best="foreign_share_after_hire_best",
        unit="share",
        parameters=("e7_1.foreign_worker_share_max",),
        hint=_(
            "Foreign employees, with this hire, may be at most {threshold} of the employer's insured Korean employees."
        ),
    )
    return Decision(ctx.all(offer, occupation, general, salary, ratio))


def _e7_1_special_routes(ctx: Context) -> Tri:
    """The special routes that replace the general requirement (§3.1, several guides agree): global
    top-500 company work, a top-ranked university (THE or QS), a KOTRA or ministry recommendation,
    a D-10-3 internship, or income of 3x GNI."""
    company = ctx.at_least(
        "special_global_company",
        _("Special route: specialist work at a global top-500 company"),
        "global_company_years",
        ctx.number("e7_1.special_global_company_years"),
        best="global_company_years_best",
        unit="years",
        parameters=("e7_1.special_global_company_years",),
        hint=_("{label}: about {shortfall} more would open this route; it asks for {threshold}."),
        evidence="global_company",
    )
    qs = ctx.at_most(
        "special_university_qs",
        _("Special route: bachelor's or higher from a university in the QS top ranks"),
        "qs_rank_any",
        ctx.number("e7_1.special_qs_rank_cutoff"),
        best="qs_rank_any_best",
        unit="rank",
        parameters=("e7_1.special_qs_rank_cutoff",),
        hint=_("A degree from a university in the QS top {threshold} would open a special route."),
        evidence="degree_rank",
    )
    the = ctx.at_most(
        "special_university_the",
        _("Special route: bachelor's or higher from a university in the THE top ranks"),
        "the_rank_any",
        ctx.number("e7_1.special_the_rank_cutoff"),
        best="the_rank_any_best",
        unit="rank",
        parameters=("e7_1.special_the_rank_cutoff",),
        hint=_("A degree from a university in the THE top {threshold} would open a special route."),
        evidence="degree_rank",
    )
    recommendation = ctx.flag(
        "special_recommendation",
        _("Special route: recommended for employment by KOTRA or the competent ministry"),
        "recommended_for_employment",
        hint=_("A KOTRA or ministry employment recommendation would open a special route: say whether you have one."),
    )
    intern = ctx.flag(
        "special_d10_3_intern",
        _("Special route: holds the D-10-3 high-tech internship visa"),
        "d10_3_holder",
        hint=_("An internship on the D-10-3 visa would open a special route: give your current visa."),
    )
    internship = ctx.at_least(
        "special_internship",
        _("Special route: internship period on the D-10-3 visa"),
        "internship_years",
        ctx.number("e7_1.special_intern_years"),
        unit="years",
        parameters=("e7_1.special_intern_years",),
        hint=YEARS_HINT,
    )
    income = ctx.at_least(
        "special_income",
        _("Special route: income of at least the multiple of per-capita GNI"),
        "salary_krw",
        _krw(ctx.number(GNI) * ctx.number("e7_1.special_salary_gni_multiple")),
        unit="krw",
        parameters=(GNI, "e7_1.special_salary_gni_multiple"),
        hint=SALARY_HINT,
    )
    return ctx.any(company, qs, the, recommendation, ctx.all(intern, internship), income)


def k_star(ctx: Context) -> Decision:
    """K-STAR: a STEM master's or doctorate from a designated institution, or post-doctoral research
    at one, and the president's recommendation; F-2 on graduation (§4.1). Only the five original
    institutions are listed, so another Korean institution needs review."""
    degree = ctx.at_least(
        "designated_degree",
        _("Master's or doctorate from a designated K-STAR institution"),
        "k_star_degree_level",
        ctx.number("k_star.degree_minimum_level"),
        best="k_star_degree_level_best",
        unit="level",
        parameters=("k_star.degree_minimum_level",),
        hint=_(
            "A master's or doctorate from a designated institution is needed (KAIST, DGIST, UNIST, GIST and "
            "UST are designated; staff check the other 27)."
        ),
    )
    postdoc = ctx.flag(
        "designated_postdoc",
        _("Or post-doctoral research at a designated K-STAR institution"),
        "k_star_postdoc",
        hint=_("Post-doctoral research at a designated institution also qualifies."),
    )
    stem = ctx.field_in(
        "stem_field",
        _("Field of study or research in science or engineering (STEM)"),
        "k_star_field",
        "k_star.stem_fields",
        hint=_("Only science and engineering (STEM) fields qualify: give the field of study or research."),
    )
    recommendation = ctx.flag(
        "president_recommendation",
        _("Recommendation of the institution's president"),
        "recommended_by_president",
        hint=_("The president's recommendation is needed: say whether you have it."),
    )
    return Decision(ctx.all(ctx.any(degree, postdoc), stem, recommendation))


def d10_3(ctx: Context) -> Decision:
    """D-10-3 high-tech internship: a current student or recent graduate (within 3 years) in a
    high-tech major at a THE top-200 or QS top-500 university, at an eligible host within the 20%
    cap (§4.5). The rankings are read as the editions in force; a missing name on a partial
    edition, or no THE edition, needs review."""
    frame = ctx.frame
    host = _offer(ctx)
    host_type = ctx.member(
        "host_type",
        _(
            "Host: a listed company with R&D facilities, a corporate research institute, a venture or a "
            "government research institute"
        ),
        "host_type",
        "d10_3.host_types",
        hint=_("Give the kind of host: only these hosts may take a D-10-3 intern."),
        unknown_when_empty=True,
    )
    # SMEs and ventures are exempt from the cap for 3 years after founding: over the cap, they need review.
    exempt_maybe = frame.category_is("company_size", "sme") | frame.category_is("host_type", "venture")
    cap = ctx.at_most(
        "foreign_intern_cap",
        _("Foreign interns, with this one, within the share of the host's Korean employees"),
        "foreign_share_after_hire",
        ctx.number("d10_3.foreign_intern_share_max"),
        best=zero_where(exempt_maybe, frame.number("foreign_share_after_hire_best")),
        unit="share",
        parameters=("d10_3.foreign_intern_share_max",),
        hint=_(
            "Foreign interns, with this one, may be at most {threshold} of the host's Korean employees (small "
            "and medium-sized companies and ventures are exempt for 3 years after founding)."
        ),
    )
    degree = ctx.at_least(
        "degree_level",
        _("Bachelor's degree or higher, held or being studied"),
        "study_level",
        ctx.number("d10_3.degree_minimum_level"),
        unit="level",
        parameters=("d10_3.degree_minimum_level",),
        hint=_("A bachelor's degree or higher (or studying for one) is needed."),
    )
    qs = ctx.at_most(
        "ranked_university_qs",
        _("University in the QS top ranks (edition in force)"),
        "study_qs_rank",
        ctx.number("d10_3.qs_rank_cutoff"),
        best="study_qs_rank_best",
        unit="rank",
        parameters=("d10_3.qs_rank_cutoff",),
        hint=_("The university must be in the QS top {threshold} or the THE top 200."),
    )
    the = ctx.at_most(
        "ranked_university_the",
        _("Or in the THE top ranks (edition in force)"),
        "study_the_rank",
        ctx.number("d10_3.the_rank_cutoff"),
        best="study_the_rank_best",
        unit="rank",
        parameters=("d10_3.the_rank_cutoff",),
        hint=_("The university must be in the THE top {threshold} or the QS top 500."),
    )
    major = ctx.field_in(
        "high_tech_major",
        _("High-tech major"),
        "study_field",
        "d10_3.high_tech_majors",
        hint=_("Only high-tech majors qualify: give the field of study."),
    )
    recent = ctx.at_most(
        "recent_graduate",
        _("Current student, or graduated within the window"),
        "study_years_since",
        ctx.number("d10_3.graduation_window_years"),
        best="study_years_since_best",
        unit="years",
        parameters=("d10_3.graduation_window_years",),
        hint=_(
            "Only current students and graduates of the last {threshold} qualify: give the completion "
            "date, or mark the degree as in progress."
        ),
    )
    return Decision(ctx.all(host, host_type, cap, degree, ctx.any(qs, the), major, recent))


def f2_r(ctx: Context) -> Decision:
    """F-2-R regional visa: a job in a population-decline area (the dated list) in an industry the
    local government designated, income of 70% of GNI or a Korean degree, TOPIK, not an E-9 holder,
    and the local government's recommendation (§4.4)."""
    income = ctx.at_least(
        "income",
        _("Income of at least the share of per-capita GNI"),
        "salary_krw",
        _krw(ctx.number(GNI) * ctx.number("f2_r.income_gni_share")),
        unit="krw",
        parameters=(GNI, "f2_r.income_gni_share"),
        hint=SALARY_HINT,
    )
    korean_degree = ctx.at_least(
        "korean_degree",
        _("Or a Korean associate degree or higher"),
        "korean_degree_level",
        ctx.number("f2_r.degree_minimum_level"),
        unit="level",
        parameters=("f2_r.degree_minimum_level",),
        hint=_("A Korean associate degree or higher would replace the income test."),
    )
    topik = ctx.at_least(
        "topik",
        _("Korean language (TOPIK or KIIP level)"),
        "topik_level",
        ctx.number("f2_r.topik_minimum_level"),
        unit="number",
        parameters=("f2_r.topik_minimum_level",),
        hint=_("TOPIK level {threshold} is needed."),
    )
    area = ctx.flag(
        "population_decline_area",
        _("Job in a population-decline area"),
        "in_decline_area",
        hint=_(
            "The job must be in a population-decline area: give the province and the city, county or district "
            "of the job."
        ),
    )
    industry = ctx.flag(
        "designated_industry",
        _("Job in an industry the local government designated for the regional visa"),
        "local_designated_industry",
        hint=_("Say whether the job is in an industry the local government designated for the regional visa."),
    )
    excluded = ctx.param("f2_r.excluded_visas")
    if excluded is not None and "E-9" in excluded:
        not_excluded = ctx.not_(ctx.frame.flag("e9_holder"))
    else:
        not_excluded = np.full(ctx.frame.n, TRUE, dtype=np.int8)
    allowed_visa = ctx.fixed(
        "current_visa_allowed",
        _("Current visa may switch to F-2-R (E-9 holders may not)"),
        not_excluded,
        parameters=("f2_r.excluded_visas",),
        hint=_("Holders of the E-9 visa cannot switch to F-2-R: give your current visa."),
    )
    recommendation = ctx.flag(
        "local_recommendation",
        _("Recommendation of the local government"),
        "recommended_by_local_government",
        hint=_("The local government's recommendation is needed: say whether you have it."),
    )
    return Decision(ctx.all(ctx.any(income, korean_degree), topik, area, industry, allowed_visa, recommendation))


TRACKS: tuple[Track, ...] = (
    Track(
        "ktech-pass", "standard", _("K-Tech Pass - standard track"), ktech_standard, "ktech_pass.standard.in_force_from"
    ),
    Track(
        "ktech-pass",
        "qualitative",
        _("K-Tech Pass - qualitative (points) track"),
        ktech_qualitative,
        "ktech_pass.qualitative.in_force_from",
    ),
    Track(
        "ktech-pass",
        "government-programme",
        _("K-Tech Pass - government-programme track"),
        ktech_government_programme,
        "ktech_pass.government_programme.in_force_from",
    ),
    Track("top-tier-visa", "standard", _("Top-tier visa (F-2-T)"), top_tier_standard, "top_tier_visa.in_force_from"),
    Track(
        "top-tier-visa",
        "job-seeking",
        _("Top-tier job-seeking visa (D-10) without an offer"),
        top_tier_job_seeking,
        "top_tier_visa.in_force_from",
    ),
    Track(
        "kotra-recommendation",
        "standard",
        _("KOTRA employment recommendation (E-7)"),
        kotra_recommendation,
        "kotra_recommendation.in_force_from",
    ),
    Track("e7-1", "standard", _("E-7-1 professional visa"), e7_1),
    Track(
        "k-star",
        "standard",
        _("K-STAR track (F-2 for graduates of designated universities)"),
        k_star,
        "k_star.in_force_from",
    ),
    Track("d10-3", "standard", _("D-10-3 high-tech internship"), d10_3, "d10_3.in_force_from"),
    Track("f2-r", "standard", _("F-2-R regional talent visa"), f2_r),
)

PROGRAMMES: tuple[str, ...] = tuple(dict.fromkeys(track.programme for track in TRACKS))


def tracks_for(programmes: list[str] | None = None) -> tuple[Track, ...]:
    if not programmes:
        return TRACKS
    unknown = set(programmes) - set(PROGRAMMES)
    if unknown:
        raise ValueError(f"unknown programme(s): {', '.join(sorted(unknown))}")
    return tuple(track for track in TRACKS if track.programme in programmes)

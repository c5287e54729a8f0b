"""Hints an applicant can act on, for a track that is not (yet) a firm yes.

In this order:

1. **Pending steps that decide the outcome** — someone else's part still to come, e.g. the
   evaluators' qualitative points. Nothing the applicant gives changes the answer before them.
2. **What to provide** — each fact not given (or that cannot be matched with certainty) on which
   the answer turns: forcing the criterion to met and to not met gives different answers. A
   criterion that needs review for a known reason (a value not published, a list not loaded, an
   estimate's band) gives that reason instead.
3. **What would get the applicant over the line** — the unmet criteria, those that alone would
   make the track eligible first, then those that would improve the answer, else every one; with
   exact shortfalls ("about 2 months more", "KRW 1,200,000 short").

Every text is a :class:`~talentcenter.policy.engine.messages.Message`: the boundary translates it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from talentcenter.policy.engine.facts import FALSE, TRUE, UNKNOWN, FactFrame
from talentcenter.policy.engine.messages import Message, gettext_lazy
from talentcenter.policy.engine.messages import gettext_lazy as _
from talentcenter.policy.engine.parameters import Resolved
from talentcenter.policy.engine.rules import Context, Criterion, Decision, Track

# Facts that others supply, after the application: while missing, the answer waits for them.
PENDING_FACTS = frozenset({"technical_expertise_score", "strategic_value_score"})

_UNIVERSITY_NAME = gettext_lazy(
    "Give the full official name of the university of each degree: the center checks a name it cannot "
    "match with certainty, or one missing from a partial ranking."
)
_EMPLOYER_NAME = gettext_lazy(
    "Give the full official name of each employer and institute: the center checks a name it cannot "
    "match with certainty."
)
_FIELD_IN_WORDS = gettext_lazy(
    'Describe the field of each degree and job in words (for example, "semiconductor process engineering"): '
    "a field that cannot be classified cannot be related to the job."
)
_LATEST_DEGREE_DATE = gettext_lazy(
    "Give the completion date of your latest degree, or say that you are still studying."
)
_CURRENT_VISA = gettext_lazy("Give your current visa (status of stay), if you are in Korea.")

# What to provide when a criterion on the fact needs review and decides the answer.
PROVIDE: dict[str, Message] = {
    "has_offer": gettext_lazy("Give the job offer: the company, its industry and the annual salary."),
    "salary_krw": gettext_lazy("Give the annual salary of the job offer."),
    "occupation_e7_1": gettext_lazy("Give the occupation code of the job from the E-7-1 list of occupations."),
    "employer_capital_region": gettext_lazy("Give the region (province or city) where the job is."),
    "e9_holder": _CURRENT_VISA,
    "d10_3_holder": _CURRENT_VISA,
    "in_decline_area": gettext_lazy("Give the city, county or district (si, gun or gu) where the job is."),
    "local_designated_industry": gettext_lazy(
        "Say whether the job is in an industry the local government designated for the regional visa."
    ),
    "recommended_by_president": gettext_lazy("Say whether the president of your university has recommended you."),
    "recommended_for_employment": gettext_lazy("Say whether KOTRA or a ministry has recommended your employment."),
    "recommended_by_local_government": gettext_lazy("Say whether the local government has recommended you."),
    "foreign_share_after_hire": gettext_lazy(
        "Give the employer's number of insured Korean employees and its number of foreign employees."
    ),
    "years_since_graduation": _LATEST_DEGREE_DATE,
    "study_years_since": _LATEST_DEGREE_DATE,
    "offer_industry": gettext_lazy("Give the industry of the hiring company."),
    "offer_technology_field": gettext_lazy("Give the KOTRA technology field of the job."),
    "company_size": gettext_lazy("Give the size of the hiring company: small or medium-sized, mid-sized or large."),
    "host_type": gettext_lazy(
        "Give the type of the host: a listed company with R&D, a corporate research institute, a venture "
        "or a government research institute."
    ),
    "topik_level": gettext_lazy("Give your TOPIK level, if you have taken the test."),
    "study_field": _FIELD_IN_WORDS,
    "k_star_field": _FIELD_IN_WORDS,
    "related_degree_level": _FIELD_IN_WORDS,
    "korean_related_degree_level": _FIELD_IN_WORDS,
    "related_experience_years": _FIELD_IN_WORDS,
    "occupation_related_degree_level": _FIELD_IN_WORDS,
    "occupation_related_experience_years": _FIELD_IN_WORDS,
    "rank_level_2": _UNIVERSITY_NAME,
    "rank_level_3": _UNIVERSITY_NAME,
    "rank_level_4": _UNIVERSITY_NAME,
    "study_qs_rank": _UNIVERSITY_NAME,
    "study_the_rank": _UNIVERSITY_NAME,
    "qs_rank_any": _UNIVERSITY_NAME,
    "the_rank_any": _UNIVERSITY_NAME,
    "k_star_degree_level": _UNIVERSITY_NAME,
    "global_company_years": _EMPLOYER_NAME,
    "institute_postdoc_years": _EMPLOYER_NAME,
    "k_star_postdoc": _EMPLOYER_NAME,
}


def duration_text(months: int) -> Message:
    """A length of time in whole years and months, singular or plural: "1 month", "2 years and 3 months"."""
    years, rest = divmod(max(months, 0), 12)
    year_text = _("1 year") if years == 1 else _("{count} years").format(count=years)
    month_text = _("1 month") if rest == 1 else _("{count} months").format(count=rest)
    if years and rest:
        return _("{years} and {months}").format(years=year_text, months=month_text)
    return year_text if years else month_text


def _whole_months(years: float) -> int:
    """Years (whole months / 12, as the facts count them) back in whole months, rounding a part up."""
    return math.ceil(round(years * 12, 6))


def criterion_hint(criterion: Criterion) -> str:
    """The criterion's hint with its shortfall and threshold filled in (a duration for years, an amount
    for money); "" when it has none, or when a shortfall hint has nothing short."""
    if criterion.hint is None:
        return ""
    template = criterion.hint if isinstance(criterion.hint, Message) else str(criterion.hint)
    shortfall: str = ""
    threshold: str = ""
    if criterion.threshold is not None and criterion.value is not None:
        limit = float(criterion.threshold.item(0))
        value = float(criterion.value.item(0))
        if not math.isnan(limit):
            if math.isnan(value) and criterion.kind == "at_least":
                return ""  # not given: what to provide is said instead (PROVIDE)
            gap = limit - (0.0 if math.isnan(value) else value)
            if "{shortfall}" in str(template) and gap <= 0 and criterion.kind == "at_least":
                return ""  # met for all that is known: not a shortfall (a name or an estimate to check)
            if criterion.unit == "krw":
                shortfall, threshold = f"{max(gap, 0):,.0f}", f"{limit:,.0f}"
            elif criterion.unit == "share":
                shortfall, threshold = f"{max(gap, 0) * 100:g}%", f"{limit * 100:g}%"
            elif criterion.unit == "years":
                shortfall = duration_text(max(_whole_months(gap), 1))
                threshold = duration_text(round(limit * 12))
            else:
                shortfall, threshold = f"{max(gap, 0):g}", f"{limit:g}"
    try:
        return template.format(shortfall=shortfall, threshold=threshold, label=criterion.label)
    except (KeyError, IndexError):
        return template


def _pending(context: Context, frame: FactFrame) -> list[str]:
    waiting = [
        criterion
        for criterion in context.criteria
        if criterion.fact in PENDING_FACTS and np.isnan(frame.number(criterion.fact)[0])
    ]
    if not waiting:
        return []
    points = sum(criterion.max_points or 0 for criterion in waiting)
    return [
        _(
            "The evaluators have not yet scored the {points} points for technical expertise and strategic value: "
            "the answer is firm once they have."
        ).format(points=f"{points:g}")
    ]


def _what_if(track: Track, frame: FactFrame, resolved: Resolved, forced: list[tuple[str, int]]) -> list[int]:
    """The track's answer with each (criterion id, truth) forced in turn: one row per trial, all in one run."""
    rows = len(forced)
    trials = frame.take(np.zeros(rows, dtype=np.intp))
    force: dict[str, np.ndarray] = {}
    for row, (criterion_id, truth) in enumerate(forced):
        force.setdefault(criterion_id, np.full(rows, -1, dtype=np.int8))[row] = truth
    return [int(outcome) for outcome in track.rule(Context(trials, resolved, force=force)).met]


@lru_cache(maxsize=1_024)
def trial_rows(criterion_ids: tuple[str, ...], rows: int) -> Mapping[str, np.ndarray]:
    """What to force so that one run also answers every trial: row 0 as given, then for each
    criterion a row with it met and a row with it not met (``rows`` at least ``1 + 2 × ids``).
    Made once per (criteria, rows), read-only."""
    force: dict[str, np.ndarray] = {}
    for index, criterion_id in enumerate(criterion_ids):
        column = np.full(rows, -1, dtype=np.int8)
        column[1 + 2 * index] = TRUE
        column[2 + 2 * index] = FALSE
        column.flags.writeable = False
        force[criterion_id] = column
    return MappingProxyType(force)


class Trials:
    """The track's answer with one criterion forced, by (criterion id, truth): those the explained
    run answered in its extra rows (:func:`trial_rows`), and any other in one more run when asked."""

    def __init__(self, track: Track, frame: FactFrame, resolved: Resolved, answered: dict[tuple[str, int], int]):
        self.track, self.frame, self.resolved, self.answered = track, frame, resolved, answered

    @classmethod
    def from_run(
        cls, track: Track, frame: FactFrame, resolved: Resolved, decision: Decision, criterion_ids: Sequence[str]
    ) -> Trials:
        met = decision.met
        answered: dict[tuple[str, int], int] = {}
        for index, criterion_id in enumerate(criterion_ids):
            answered[(criterion_id, TRUE)] = int(met[1 + 2 * index])
            answered[(criterion_id, FALSE)] = int(met[2 + 2 * index])
        return cls(track, frame, resolved, answered)

    def outcomes(self, forced: list[tuple[str, int]]) -> list[int]:
        missing = [trial for trial in dict.fromkeys(forced) if trial not in self.answered]
        if missing:
            self.answered.update(zip(missing, _what_if(self.track, self.frame, self.resolved, missing), strict=True))
        return [self.answered[trial] for trial in forced]


def _deciding(criteria: list[Criterion], trials: Trials) -> list[Criterion]:
    """The criteria among ``criteria`` on which the answer turns: forced met and forced not met, the
    rule answers differently."""
    if not criteria:
        return []
    outcomes = trials.outcomes([(criterion.id, truth) for criterion in criteria for truth in (TRUE, FALSE)])
    return [criterion for index, criterion in enumerate(criteria) if outcomes[2 * index] != outcomes[2 * index + 1]]


def track_hints(
    track: Track,
    context: Context,
    decision: Decision,
    frame: FactFrame,
    resolved: Resolved,
    reasons: dict[str, str] | None = None,
    trials: Trials | None = None,
) -> list[str]:
    """The hints of one track (see the module's docstring for their order). ``trials``: the what-if
    answers already known (run on their own otherwise)."""
    reasons = reasons or {}
    trials = trials or Trials(track, frame, resolved, {})
    hints: list[str] = []

    def add(text: str) -> None:
        if text and text not in hints:
            hints.append(text)

    handled: set[str] = set()  # criteria whose unknown fact was asked for: not repeated as a shortfall
    for text in _pending(context, frame):
        add(text)
    current = decision.met.item(0)
    if current == UNKNOWN:
        unknown = [
            criterion
            for criterion in context.criteria
            if criterion.kind != "points" and criterion.met.item(0) == UNKNOWN and criterion.fact not in PENDING_FACTS
        ]
        for criterion in _deciding(unknown, trials):
            handled.add(criterion.id)
            provide = PROVIDE.get(criterion.fact)
            if criterion.id in reasons:
                add(reasons[criterion.id])
            elif criterion.kind == "flag" and criterion.parameters and criterion.hint is not None:
                add(criterion_hint(criterion))  # a rule's own unsettled point (e.g. whether TOPIK is required)
            elif provide is not None:
                add(provide)
            else:
                add(_("{label}: the center checks this when you apply.").format(label=criterion.label))
    if decision.points is not None and decision.pass_mark is not None and not math.isnan(decision.pass_mark):
        short = decision.pass_mark - float(decision.points.item(0))
        if short > 0:
            add(
                _("{short} points short of the pass mark of {mark}.").format(
                    short=f"{short:g}", mark=f"{decision.pass_mark:g}"
                )
            )
        margin = resolved.uncertainty(decision.pass_mark_parameter)[0] if decision.pass_mark_parameter else 0.0
        pass_mark_entry = resolved.entry(decision.pass_mark_parameter) if decision.pass_mark_parameter else None
        if pass_mark_entry is not None and pass_mark_entry.estimated:
            add(
                _(
                    "The pass mark of {mark} is the center's assumption: the ministry has not published one. "
                    "Totals within {band} points of it are reviewed by the center."
                ).format(mark=f"{decision.pass_mark:g}", band=f"{decision.pass_mark * margin:g}")
            )
        for criterion in context.criteria:
            if (
                criterion.kind == "points"
                and criterion.met.item(0) != TRUE
                and criterion.hint is not None
                and criterion.fact not in PENDING_FACTS
            ):
                add(reasons.get(criterion.id) or criterion_hint(criterion))
    unmet = [c for c in context.criteria if c.kind != "points" and c.met.item(0) != TRUE and c.hint is not None]
    sufficient, improving = [], []
    if unmet:
        # Each unmet criterion forced to met in turn.
        outcomes = trials.outcomes([(criterion.id, TRUE) for criterion in unmet])
        for criterion, trial in zip(unmet, outcomes, strict=True):
            if trial == TRUE:
                sufficient.append(criterion)
            elif trial > current:
                improving.append(criterion)
    for criterion in sufficient or improving or unmet:
        if criterion.id not in handled:
            add(reasons.get(criterion.id) or criterion_hint(criterion))
    return hints

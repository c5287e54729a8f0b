"""The staff queues of cases and the evaluation summary the back office shows.

Queue filters on the processing clock are SQL on ``due_on`` and ``paused_since``: a case waits for
the applicant while ``paused_since`` is set, is overdue once ``due_on`` is before today in Seoul,
and is due soon within :data:`~talentcenter.cases.clock.DUE_SOON_WORKING_DAYS` working days of
``due_on`` (the same answer as :meth:`ProcessingClock.state`, without building a clock per row).
With 50,000 cases the queue must stay fast, so every filter here is a plain column comparison that
``cases_queue_idx`` (status, due_on, id) serves, and the order is that index's order.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from django.conf import settings
from django.db import connection
from django.db.models import F, Func, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User
from talentcenter.cases import selectors
from talentcenter.cases.clock import (
    DUE_SOON_WORKING_DAYS,
    ClockState,
    add_working_days,
    seoul_date,
    working_days_between,
)
from talentcenter.cases.enums import INVITATION_STATUSES, OPEN_STATUSES, CaseStatus
from talentcenter.cases.models import Case, EvaluatorAssignment
from talentcenter.foundation import display
from talentcenter.foundation.i18n import current_language
from talentcenter.organizations.enums import SizeClass
from talentcenter.organizations.models import Company
from talentcenter.policy.engine.inputs import code_name
from talentcenter.policy.selectors import ENGINE_EDUCATION_LEVELS
from talentcenter.talent.enums import EducationLevel, LanguageTest, OrganizationKind, SpokenLanguage
from talentcenter.talent.models import TalentProfile

REFERENCE = re.compile(r"[A-Za-z]{3}-\d{4}-\d{6}")
REFERENCE_START = re.compile(r"[A-Za-z]{3}-[\d-]*")
CLOCK_STATES = (ClockState.DUE_SOON, ClockState.OVERDUE, ClockState.PAUSED, ClockState.RUNNING)
TABS = ("due_soon", "overdue", "paused", "unassigned")


def seoul_today(now: datetime | None = None) -> date:
    return seoul_date(now or timezone.now())


def due_soon_limit(today: date) -> date:
    """The last due date that counts as due soon today (today's own working day included)."""
    return add_working_days(today, DUE_SOON_WORKING_DAYS)


# A case waits for the applicant exactly while it is "information_requested": the request service
# sets ``paused_since`` with that status and the answer (or a rejection) clears both, and the
# constraint ``cases_paused_only_while_waiting`` forbids a pause in any other status. Saying "paused"
# with the status keeps every clock filter on the two leading columns of ``cases_queue_idx``
# (status, due_on), so the counts are index-only scans.
WAITING_STATUS = CaseStatus.INFORMATION_REQUESTED
RUNNING_STATUSES = sorted(OPEN_STATUSES - {WAITING_STATUS})


def clock_state_filter(state: str, today: date) -> Q:
    """The cases whose processing clock is in ``state`` today, as a condition on status and due date."""
    running = Q(status__in=RUNNING_STATUSES)
    if state == ClockState.PAUSED:
        return Q(status=WAITING_STATUS)
    if state == ClockState.OVERDUE:
        return running & Q(due_on__lt=today)
    if state == ClockState.DUE_SOON:
        return running & Q(due_on__gte=today, due_on__lte=due_soon_limit(today))
    if state == ClockState.RUNNING:
        return running & (Q(due_on__gt=due_soon_limit(today)) | Q(due_on__isnull=True))
    raise ValueError(f"unknown clock state {state!r}")


@dataclass(frozen=True)
class QueueFilters:
    case_type: str = ""
    status: str = ""
    clock: str = ""
    reviewer: str = ""  # "" anyone, "me", "unassigned" or a user id
    search: str = ""


QUEUE_COLUMNS = (
    "reference",
    "case_type",
    "status",
    "track",
    "due_on",
    "paused_since",
    "submitted_at",
    "talent_id",
    "talent_accepted_at",
    "company_id",
    "reviewer_id",
    "updated_at",
)


def queue(*, user: User, filters: QueueFilters, today: date | None = None) -> QuerySet[Case]:
    """The cases matching ``filters``, due first (no due date last), then oldest id; open cases unless a
    status is chosen."""
    # Only the columns a queue row shows, and the talent, company and reviewer fetched for the page
    # alone (three small queries by id): the top-N sort then moves narrow rows of one table instead
    # of joining every open case first.
    return (
        _matching(user=user, filters=filters, today=today)
        .only(*QUEUE_COLUMNS)
        .prefetch_related(
            # The talent's account with it (same query): the access log names each listed person.
            Prefetch(
                "talent",
                queryset=TalentProfile.objects.select_related("user").only(
                    "given_name", "family_name", "name_hangul", "user__email", "user__display_name"
                ),
            ),
            Prefetch("company", queryset=Company.objects.only("name_en", "name_ko")),
            Prefetch("reviewer", queryset=User.objects.only("email", "display_name")),
        )
    )


# What a row of the back-office queue shows, by the name the row gives it.
QUEUE_ROW_FIELDS = {
    "pk": "pk",
    "reference": "reference",
    "case_type": "case_type",
    "status": "status",
    "due_on": "due_on",
    "talent_user_id": "talent__user_id",
    "talent_email": "talent__user__email",
    "talent_display_name": "talent__user__display_name",
    "given_name": "talent__given_name",
    "family_name": "talent__family_name",
    "name_hangul": "talent__name_hangul",
    "company_name_en": "company__name_en",
    "company_name_ko": "company__name_ko",
    "reviewer_email": "reviewer__email",
}


class QueueRow(NamedTuple):
    """One case of the back-office queue as plain values (no model instances: a page of 50 rows
    costs a fifth of the CPU of cases with their talent, company and reviewer loaded)."""

    pk: int
    reference: str
    case_type: str
    status: str
    due_on: date | None
    talent_user_id: int | None
    talent_email: str | None
    talent_display_name: str | None
    given_name: str | None
    family_name: str | None
    name_hangul: str | None
    company_name_en: str | None
    company_name_ko: str | None
    reviewer_email: str | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def talent_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)


def queue_rows(*, user: User, filters: QueueFilters, today: date | None = None) -> QuerySet[Case, tuple[Any, ...]]:
    """The back-office queue (the cases of :func:`queue`, in its order) as tuples of
    :data:`QUEUE_ROW_FIELDS`, the talent, company and reviewer joined in: one query for a page
    whatever it holds. LEFT joins on primary keys, so PostgreSQL still walks ``cases_open_due_idx``
    in order and stops after one page. Make each a :class:`QueueRow` with ``QueueRow._make(values)``."""
    return _matching(user=user, filters=filters, today=today).values_list(*QUEUE_ROW_FIELDS.values())


def _matching(*, user: User, filters: QueueFilters, today: date | None) -> QuerySet[Case]:
    today = today or seoul_today()
    cases = Case.objects.all()
    cases = cases.filter(status=filters.status) if filters.status else cases.filter(status__in=OPEN_STATUSES)
    if filters.status in INVITATION_STATUSES | {CaseStatus.WITHDRAWN}:
        # An invitation nobody accepted is between the company and the person invited.
        cases = cases.filter(talent__isnull=False)
    if filters.case_type:
        cases = cases.filter(case_type=filters.case_type)
    if filters.clock:
        cases = cases.filter(clock_state_filter(filters.clock, today))
    if filters.reviewer == "me":
        cases = cases.filter(reviewer_id=user.pk)
    elif filters.reviewer == "unassigned":
        cases = cases.filter(reviewer__isnull=True)
    elif filters.reviewer.isdigit():
        cases = cases.filter(reviewer_id=int(filters.reviewer))
    search = filters.search.strip()
    if REFERENCE.fullmatch(search):
        # A whole reference: one lookup in the unique index.
        cases = cases.filter(reference=search.upper())
    elif REFERENCE_START.fullmatch(search):
        cases = cases.filter(reference__startswith=search.upper())
    elif search.isdigit():
        # The number at the end of a reference ("12" or "000012").
        cases = cases.filter(reference__endswith=search.zfill(6)[-6:])
    elif search:
        names = Q()
        for word in search.split()[:4]:
            names |= Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(name_hangul__icontains=word)
        # Names only: references are matched above, and an OR with a substring of the reference
        # would make PostgreSQL read every open case.
        talents = TalentProfile.objects.filter(names).values("pk")
        cases = cases.filter(talent_id__in=talents)
    return cases.order_by(F("due_on").asc(nulls_last=True), "id")


TAB_KEYS = ("due_soon", "overdue", "paused", "unassigned")


@functools.lru_cache(maxsize=4)
def _tab_counts_statement(today: date) -> tuple[str, tuple[Any, ...]]:
    """The SQL of :func:`tab_counts` for ``today``, compiled once a day rather than on every page
    (compiling four subqueries costs more CPU than PostgreSQL takes to answer them)."""
    conditions = {
        "due_soon": clock_state_filter(ClockState.DUE_SOON, today),
        "overdue": clock_state_filter(ClockState.OVERDUE, today),
        "paused": clock_state_filter(ClockState.PAUSED, today),
        "unassigned": Q(status__in=sorted(OPEN_STATUSES), reviewer__isnull=True),
    }
    counts = {
        key: Subquery(
            # COUNT as a plain function, not an aggregate: no GROUP BY, one row per subquery.
            Case.objects.filter(condition).order_by().annotate(number=Func(F("pk"), function="COUNT")).values("number")
        )
        for key, condition in conditions.items()
    }
    # Any one row carries the four subqueries; with no case at all there is no row.
    sql, params = Case.objects.order_by().annotate(**counts).values(*TAB_KEYS)[:1].query.sql_with_params()
    return sql, tuple(params)


def tab_counts(*, user: User, today: date | None = None) -> dict[str, int]:
    """The number of open cases due soon, overdue, paused and without a reviewer.

    Four counts rather than one aggregate: each is an index-only scan of a range of
    ``cases_queue_idx`` (or of ``cases_reviewer_queue_idx`` for the unassigned), where one
    aggregate with filters reads every open row (measured on 50,000 cases: 4x slower). They are
    sent as four scalar subqueries of one statement: one round trip, compiled once a day."""
    sql, params = _tab_counts_statement(today or seoul_today())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
    return dict(zip(TAB_KEYS, (int(number) for number in found), strict=True)) if found else dict.fromkeys(TAB_KEYS, 0)


class ClockColumns(Protocol):
    """What the clock of a listed case is read from: a :class:`Case` or a :class:`QueueRow`."""

    @property
    def status(self) -> str: ...
    @property
    def due_on(self) -> date | None: ...
    @property
    def is_open(self) -> bool: ...


def clock_state_of(case: ClockColumns, today: date) -> ClockState | None:
    """The state of one listed case from its columns (the same rules as the filters)."""
    if not case.is_open:
        return None
    if case.status == WAITING_STATUS:
        return ClockState.PAUSED
    if case.due_on is None:
        return ClockState.RUNNING
    if case.due_on < today:
        return ClockState.OVERDUE
    if case.due_on <= due_soon_limit(today):
        return ClockState.DUE_SOON
    return ClockState.RUNNING


def working_days_left(case: ClockColumns, today: date) -> int | None:
    """Working days after today up to the due date: 0 on the due date, negative when late."""
    if case.due_on is None or not case.is_open:
        return None
    return working_days_between(today, case.due_on)


def reviewers() -> QuerySet[User]:
    """Who may be given cases: reviewers and administrators. The roles as a subquery of the few
    members of those groups, not a DISTINCT over a join of every account (90 ms with 125,000
    accounts; the filter form reads this on every page of the queue)."""
    members = User.groups.through.objects.filter(
        group__name__in=[Role.STAFF_REVIEWER.value, Role.ADMINISTRATOR.value]
    ).values("user_id")
    return User.objects.filter(Q(is_superuser=True) | Q(pk__in=members), is_active=True).order_by("email")


def evaluators() -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.EXTERNAL_EVALUATOR.value, is_active=True).distinct().order_by("email")


# Headings and field names of the interchange format, in words (unknown keys are shown as they are).
_SECTION_LABELS = {
    "person": gettext_lazy("Person"),
    "education": gettext_lazy("Education"),
    "experience": gettext_lazy("Experience"),
    "offer": gettext_lazy("Offer"),
    "languages": gettext_lazy("Languages"),
    "government_programme": gettext_lazy("Government programme"),
    "qualitative_scores": gettext_lazy("Qualitative scores"),
    "experience_years": gettext_lazy("Years of experience in all (overlaps counted once)"),
}
_FIELD_LABELS = {
    "birth_date": gettext_lazy("Date of birth"),
    "nationality": gettext_lazy("Nationality"),
    "level": gettext_lazy("Degree"),
    "field": gettext_lazy("Field"),
    "institution": gettext_lazy("Institution"),
    "country": gettext_lazy("Country"),
    "completed": gettext_lazy("Completed"),
    "organization": gettext_lazy("Organization"),
    "kind": gettext_lazy("Kind"),
    "start": gettext_lazy("Start"),
    "end": gettext_lazy("End"),
    "postdoctoral": gettext_lazy("Post-doctoral research"),
    "company": gettext_lazy("Company"),
    "company_size": gettext_lazy("Company size"),
    "industry": gettext_lazy("Industry"),
    "technology_field": gettext_lazy("KOTRA technology field"),
    "annual_salary_krw": gettext_lazy("Annual salary (KRW)"),
    "occupation": gettext_lazy("Occupation (KSCO)"),
    "region": gettext_lazy("Region"),
    "language": gettext_lazy("Language"),
    "test": gettext_lazy("Test"),
    "technical_expertise": gettext_lazy("Technical expertise (points)"),
    "strategic_value": gettext_lazy("Strategic value (points)"),
    "years": gettext_lazy("Years"),
    "job_title": gettext_lazy("Job title"),
    "annual_salary_band_krw": gettext_lazy("Annual salary band (KRW)"),
}


# A key whose meaning depends on its section: a language's "level" is a test level, not a degree.
_SECTION_FIELD_LABELS = {("languages", "level"): gettext_lazy("Level or score")}
# The engine's names of degrees and company sizes, back to the enums whose labels people read.
_ENGINE_DEGREES = {name: EducationLevel(level) for level, name in ENGINE_EDUCATION_LEVELS.items()}
_ENGINE_COMPANY_SIZES = {"sme": SizeClass.SME, "midsize": SizeClass.MID_SIZED, "large": SizeClass.LARGE}


def _field_name(section: str, key: str) -> str:
    label = _SECTION_FIELD_LABELS.get((section, key)) or _FIELD_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ").capitalize()


def _shown(key: str, value: Any) -> Any:
    if value is None or value == "":
        return value
    if key in ("annual_salary_krw",) and isinstance(value, int):
        return display.money(value)
    if key == "annual_salary_band_krw" and isinstance(value, list) and len(value) == 2:
        return gettext("{low:,} to {high:,}").format(low=value[0], high=value[1])
    if key == "kind":
        return display.choice_label(OrganizationKind, value)
    if key == "level" and isinstance(value, str) and value in _ENGINE_DEGREES:
        return str(_ENGINE_DEGREES[value].label)
    if key == "company_size":
        size = _ENGINE_COMPANY_SIZES.get(str(value))
        return str(size.label) if size is not None else display.choice_label(SizeClass, value)
    if key in ("nationality", "country"):
        return display.country_name(value)
    if key == "language":
        return display.choice_label(SpokenLanguage, value)
    if key == "test" and isinstance(value, str):
        return display.choice_label(LanguageTest, value.lower())
    if key in ("industry", "technology_field") and isinstance(value, str):
        return code_name(value, current_language())
    if key in ("birth_date", "completed", "start", "end") and isinstance(value, str):
        return display.date_text(value)
    return display.shown(value)


def applicant_sections(applicant: dict[str, Any]) -> list[tuple[str, list[list[tuple[str, Any]]]]]:
    """The frozen application as headed groups of ``(field, value)`` rows in words, for reading on a
    page: ``{"person": {...}, "education": [{...}, ...]}`` → ``[("Person", [[...]]), ...]``."""
    sections: list[tuple[str, list[list[tuple[str, Any]]]]] = []
    for key, value in (applicant or {}).items():
        entries = value if isinstance(value, list) else [value]
        rows = [
            [(_field_name(key, name), _shown(name, item)) for name, item in entry.items()]
            if isinstance(entry, dict)
            else [("", entry)]
            for entry in entries
            if entry not in (None, "", {})
        ]
        if rows:
            sections.append((str(_SECTION_LABELS.get(key, key)), rows))
    return sections


@dataclass(frozen=True)
class EvaluationSummary:
    """The submitted scores of a case once the quorum is reached (``visible``), with their mean and
    whether the evaluators disagree: totals too far apart, or split recommendations."""

    visible: bool
    submitted: int
    quorum: int
    evaluations: list[EvaluatorAssignment]
    mean_technical_expertise: Decimal | None = None
    mean_strategic_value: Decimal | None = None
    mean_total: Decimal | None = None
    spread: Decimal | None = None
    split_recommendations: bool = False
    disagreement: bool = False


def _mean(values: list[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))


def evaluation_summary(case: Case) -> EvaluationSummary:
    submitted = selectors.submitted_evaluations(case)
    quorum = selectors.quorum()
    if len(submitted) < quorum:
        return EvaluationSummary(visible=False, submitted=len(submitted), quorum=quorum, evaluations=[])
    totals = [evaluation.total or Decimal(0) for evaluation in submitted]
    spread = max(totals) - min(totals)
    split = len({evaluation.recommends for evaluation in submitted}) > 1
    threshold = Decimal(str(settings.TALENTCENTER_EVALUATION_DISAGREEMENT_POINTS))
    return EvaluationSummary(
        visible=True,
        submitted=len(submitted),
        quorum=quorum,
        evaluations=submitted,
        mean_technical_expertise=_mean([evaluation.technical_expertise or Decimal(0) for evaluation in submitted]),
        mean_strategic_value=_mean([evaluation.strategic_value or Decimal(0) for evaluation in submitted]),
        mean_total=_mean(totals),
        spread=spread,
        split_recommendations=split,
        disagreement=spread >= threshold or split,
    )

"""Reads for the policy engine: the catalogue of ranked lists, applicants from profiles, lists."""

from __future__ import annotations

import csv
import hashlib
import io
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Q, QuerySet
from django.utils import translation
from pydantic import ValidationError as PydanticValidationError

from talentcenter.accounts.models import User
from talentcenter.accounts.policies import Visitor
from talentcenter.foundation.downloads import csv_cell
from talentcenter.policy.engine.inputs import ApplicantIn
from talentcenter.policy.engine.matching import (
    BUNDLED_SOURCES,
    Catalogue,
    ListSource,
    build_catalogue,
    bundled_catalogue,
)
from talentcenter.policy.engine.parameters import ParameterSet, baseline
from talentcenter.policy.enums import AssessmentKind
from talentcenter.policy.models import Assessment, ParameterVariant, Simulation
from talentcenter.policy.policies import can_view_simulation_rows
from talentcenter.reference.enums import ListKind
from talentcenter.reference.models import ListEdition, ListEntry, Occupation
from talentcenter.talent.enums import EducationLevel, LanguageTest
from talentcenter.talent.models import TalentProfile

_LIST_CATEGORY = {
    ListKind.QS_WORLD: "university",
    ListKind.USNEWS_GLOBAL: "university",
    ListKind.THE_WORLD: "university",
    ListKind.FORTUNE_GLOBAL_500: "company",
}
_catalogue_cache: dict[str, Catalogue] = {}
_editions_cache: dict[str, tuple[ListEdition, ...]] = {}
CATALOGUE_CHECK_SECONDS = 2.0
_checked_version: tuple[float, str] | None = None


def catalogue_version() -> str:
    """Changes whenever an edition or an entry is added, removed or replaced (one query)."""
    quote = connection.ops.quote_name
    editions, entries, occupations = (quote(model._meta.db_table) for model in (ListEdition, ListEntry, Occupation))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {editions}), (SELECT MAX(id) FROM {editions}), "  # noqa: S608 - table names
            f"(SELECT COUNT(*) FROM {entries}), (SELECT MAX(id) FROM {entries}), (SELECT COUNT(*) FROM {occupations})"
        )
        row = cursor.fetchone()
    raw = ":".join("None" if value is None else str(value) for value in row)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _current_catalogue_version() -> str:
    """The catalogue version, read at most every ``CATALOGUE_CHECK_SECONDS`` per process.

    A public assessment then needs no query at all; an edition imported by staff reaches every
    process within those seconds. Inside a transaction (an official assessment) the version is
    always read, so what is recorded is exact.
    """
    global _checked_version
    now = time.monotonic()
    checked = _checked_version
    # Tests flush and reload the lists between live-server tests: there the version is always read.
    fresh_for = 0.0 if settings.TESTING else CATALOGUE_CHECK_SECONDS
    if checked is not None and now - checked[0] < fresh_for and not connection.in_atomic_block:
        return checked[1]
    version = catalogue_version()
    _checked_version = (now, version)
    return version


def current_catalogue_version() -> str:
    """The version ``catalogue()`` answers with now (at most one query every few seconds)."""
    return _current_catalogue_version()


def _english_label(kind: str) -> str:
    """Kept in English in the shared catalogue; evidence lines translate it when shown."""
    with translation.override("en"):
        return str(ListKind(kind).label)


def catalogue(version: str | None = None) -> Catalogue:
    """The ranked lists as stored (staff may have imported editions), cached per version.

    The version is read from the database at most every few seconds (always inside a
    transaction), so a new edition is used by every process on its next assessment after that.
    ``version``: the one the caller has just read (``current_catalogue_version``), not read again.
    """
    version = version or _current_catalogue_version()
    cached = _catalogue_cache.get(version)
    if cached is not None:
        return cached
    sources = []
    for edition in ListEdition.objects.order_by("kind", "published_on"):
        category = _LIST_CATEGORY.get(ListKind(edition.kind))
        if category is None:
            continue
        rows = tuple(edition.entries.order_by("rank").values_list("rank", "name"))
        sources.append(
            ListSource(
                kind=edition.kind,
                edition=edition.edition,
                published_on=edition.published_on or date.min,
                partial=edition.is_partial,
                category=category,  # type: ignore[arg-type]
                label=_english_label(edition.kind),
                rows=rows,
            )
        )
    built = build_catalogue(sources, Occupation.objects.values_list("code", flat=True))
    _catalogue_cache.clear()
    _catalogue_cache[version] = built
    return built


@dataclass(frozen=True)
class ReferenceLists:
    """The ranked lists an assessment reads, and how the answer names the editions in force."""

    catalogue: Catalogue
    shipped: bool  # the CSV files shipped with the package, not the database's lists

    def in_force(self, as_of: date) -> list[dict[str, Any]]:
        """The answer's ``reference_lists``: the latest edition of each list on ``as_of``."""
        if not self.shipped:
            return [
                {"kind": edition.kind, "edition": edition.edition, "partial": edition.is_partial}
                for edition in editions_in_force(as_of)
            ]
        latest: dict[str, str] = {}
        for _file, kind, edition, published_on, _category, _label in sorted(BUNDLED_SOURCES, key=lambda row: row[3]):
            if published_on <= as_of:
                latest[kind] = edition
        return [{"kind": kind, "edition": edition, "partial": True} for kind, edition in latest.items()]


def reference_lists() -> ReferenceLists:
    """The lists as stored (staff import editions): what the site's assessments read."""
    return ReferenceLists(catalogue=catalogue(), shipped=False)


def reference_lists_or_shipped() -> ReferenceLists:
    """The stored lists, or the ones shipped with the package when the database has none or does not
    exist yet (``talentcenter assess`` on a fresh install, before ``migrate`` and ``import-reference``)."""
    try:
        if ListEdition.objects.exists():
            return reference_lists()
    except DatabaseError:
        pass
    return ReferenceLists(catalogue=bundled_catalogue(), shipped=True)


def editions_in_force(as_of: date) -> list[ListEdition]:
    """The latest edition of each list published on or before ``as_of`` (cached per version)."""
    version = _current_catalogue_version()
    editions = _editions_cache.get(version)
    if editions is None:
        editions = tuple(ListEdition.objects.exclude(published_on=None).order_by("published_on", "id"))
        _editions_cache.clear()
        _editions_cache[version] = editions
    latest: dict[str, ListEdition] = {}
    for edition in editions:
        if edition.published_on is not None and edition.published_on <= as_of:
            latest[edition.kind] = edition
    return list(latest.values())


_LEVELS = {
    EducationLevel.ASSOCIATE: "associate",
    EducationLevel.BACHELOR: "bachelor",
    EducationLevel.MASTER: "master",
    EducationLevel.DOCTORATE: "doctorate",
}
# The engine's name of each degree level (the matcher reads profiles in bulk with it).
ENGINE_EDUCATION_LEVELS: dict[int, str] = {int(level): name for level, name in _LEVELS.items()}


def applicant_data_from_profile(profile: TalentProfile) -> dict[str, Any]:
    """A talent profile in the interchange format (what the pathfinder prefills)."""
    data: dict[str, Any] = {
        "person": {
            "birth_date": profile.birth_date.isoformat() if profile.birth_date else None,
            "nationality": str(profile.nationality) or None,
        },
        "education": [
            {
                "level": _LEVELS[EducationLevel(education.level)],
                "field": education.field,
                "institution": education.institution,
                "country": str(education.country) or None,
                "completed": education.completed_on.isoformat() if education.completed_on else None,
            }
            for education in profile.educations.all()
            if education.level in _LEVELS
        ],
        "experience": [
            {
                "organization": experience.organization,
                "kind": experience.organization_kind,
                "field": experience.field,
                "start": experience.started_on.isoformat(),
                "end": experience.ended_on.isoformat() if experience.ended_on else None,
                "postdoctoral": experience.is_postdoctoral,
            }
            for experience in profile.experiences.all()
        ],
        "languages": [
            {"language": entry.language, "test": entry.test.upper(), "level": int(entry.level)}
            for entry in profile.languages.all()
            if entry.test in {LanguageTest.TOPIK, LanguageTest.KIIP} and entry.level.isdigit()
        ],
    }
    return data


def applicant_from_profile(profile: TalentProfile) -> ApplicantIn:
    return ApplicantIn.model_validate(applicant_data_from_profile(profile))


def parameter_set_for(variant: ParameterVariant | None) -> ParameterSet:
    return baseline() if variant is None else variant.parameter_set()


def variant_list() -> QuerySet[ParameterVariant]:
    return ParameterVariant.objects.select_related("created_by").order_by("-updated_at")


def simulation_list() -> QuerySet[Simulation]:
    return Simulation.objects.select_related("variant", "baseline_variant", "created_by").order_by("-created_at")


def self_checks_of_user(user: Visitor) -> QuerySet[Assessment]:
    """The self-checks a person saved, whether or not they have a talent profile."""
    if not getattr(user, "is_authenticated", False):
        return Assessment.objects.none()
    return Assessment.objects.filter(
        Q(created_by=user) | Q(subject__user=user), kind=AssessmentKind.SELF_CHECK
    ).order_by("-created_at", "-id")


# Aggregates of recorded assessments -----------------------------------------------------------

Key = TypeVar("Key")
SMALL_CELL = 5
"""Counts below this (but above zero) are shown as "<5", so that no one person can be singled out."""
ASSESSMENT_STATUSES = ("eligible", "needs_review", "not_eligible", "not_in_force")


def _suppressed(counts: Mapping[Key, int], forced: Iterable[Key] = ()) -> set[Key]:
    """The cells of one row to hide: every count from 1 to ``SMALL_CELL - 1`` (and ``forced``), and
    when exactly one is hidden, the next smallest as well, so that it cannot be worked out from the
    row's total."""
    hidden = set(forced) | {key for key, count in counts.items() if 0 < count < SMALL_CELL}
    if len(hidden) == 1:
        others = sorted((count, key) for key, count in counts.items() if count > 0 and key not in hidden)
        if others:
            hidden.add(others[0][1])
    return hidden


def _cell(count: int, hidden: bool) -> dict[str, Any]:
    return {"count": None, "display": f"<{SMALL_CELL}"} if hidden else {"count": count, "display": str(count)}


def assessment_statistics(kind: str = AssessmentKind.OFFICIAL) -> dict[str, Any]:
    """Recorded assessments counted by programme, track and status, never one person's answer.

    Each row is a track: how many assessments of this kind covered it and how many ended in each
    status, with small counts suppressed (:func:`_suppressed`); the eligible rate is given only
    when no count of the row is hidden.
    """
    counts: dict[str, dict[str, int]] = {}
    total = 0
    summaries = Assessment.objects.filter(kind=kind).values_list("summary", flat=True).iterator(chunk_size=2000)
    for summary in summaries:
        total += 1
        for key, status in (summary or {}).items():
            if status in ASSESSMENT_STATUSES:
                row = counts.setdefault(str(key), dict.fromkeys(ASSESSMENT_STATUSES, 0))
                row[status] += 1
    rows = []
    for key in sorted(counts):
        programme, _slash, track = key.partition("/")
        row = counts[key]
        row_total = sum(row.values())
        hidden = set(ASSESSMENT_STATUSES) if row_total < SMALL_CELL else _suppressed(row)
        considered = row_total - row["not_in_force"]
        rate = None if hidden or considered <= 0 else round(100.0 * row["eligible"] / considered, 1)
        rows.append(
            {
                "programme": programme,
                "track": track,
                "total": _cell(row_total, row_total < SMALL_CELL),
                "statuses": {status: _cell(row[status], status in hidden) for status in ASSESSMENT_STATUSES},
                "eligible_rate": rate,
            }
        )
    return {"kind": kind, "total": _cell(total, 0 < total < SMALL_CELL), "tracks": rows}


# Simulations ---------------------------------------------------------------------------------


# How a stored pool names its rows: the id of the assessment the row is.
STORED_ROW_PREFIX = "assessment #"


def _latest_stored_assessments(*, with_applicant: bool) -> Iterator[tuple[int, Any]]:
    """The newest assessment per talent (or, without a talent, per person who made it)."""
    seen: set[tuple[str, int]] = set()
    fields = ("pk", "subject_id", "created_by_id", *(("applicant",) if with_applicant else ()))
    rows = Assessment.objects.order_by("-created_at", "-id").values_list(*fields).iterator(chunk_size=2000)
    for row in rows:
        pk, subject_id, created_by_id = row[0], row[1], row[2]
        key = ("subject", subject_id) if subject_id else ("user", created_by_id) if created_by_id else ("pk", pk)
        if key in seen:
            continue
        seen.add(key)
        yield pk, row[3] if with_applicant else None


STORED_ROW_PREFIX = "A-"


def simulation_stored_pool_size() -> int:
    return sum(1 for _row in _latest_stored_assessments(with_applicant=False))


def simulation_stored_applicants() -> tuple[list[ApplicantIn], list[str]]:
    """The stored applications as a pool: the latest assessment's input per talent.

    Inputs that no longer validate (the interchange format changed since) are left out. Rows are
    labelled by their place in the pool ("A-000001", newest first), never by assessment id: a
    result names no record, and staff reach a person only through the assessment pages.
    """
    applicants: list[ApplicantIn] = []
    labels: list[str] = []
    for _pk, data in _latest_stored_assessments(with_applicant=True):
        try:
            applicants.append(ApplicantIn.model_validate(data))
        except PydanticValidationError:
            continue
        labels.append(f"{STORED_ROW_PREFIX}{len(applicants):06d}")
    return applicants, labels


def _number(value: Any) -> int:
    """A count read from a stored result; anything that is not one counts as 0."""
    return max(value, 0) if isinstance(value, int) and not isinstance(value, bool) else 0


def _hide(counts: Mapping[Any, int], hidden: set[Any]) -> dict[Any, int | None]:
    return {key: None if key in hidden else count for key, count in counts.items()}


def _tracks_in_aggregate(tracks: Any) -> list[dict[str, Any]]:
    rows = []
    for raw in tracks if isinstance(tracks, list) else []:
        if not isinstance(raw, Mapping):
            continue
        row: dict[str, Any] = {"key": raw.get("key", ""), "label": raw.get("label", "")}
        for side in ("baseline", "variant"):
            given = raw.get(side)
            counts = {
                status: _number(given.get(status)) if isinstance(given, Mapping) else 0
                for status in ASSESSMENT_STATUSES
            }
            hidden = set(counts) if sum(counts.values()) < SMALL_CELL else _suppressed(counts)
            row[side] = _hide(counts, hidden)
        changes = {"gained": _number(raw.get("gained")), "lost": _number(raw.get("lost"))}
        row |= _hide(changes, _suppressed(changes))
        rows.append(row)
    return rows


SEGMENT_COUNTS = ("total", "baseline_eligible", "variant_eligible")


def _segments_in_aggregate(segments: Any) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for dimension, rows in segments.items() if isinstance(segments, Mapping) else ():
        by_track: dict[str, list[dict[str, Any]]] = {}
        for raw in rows if isinstance(rows, list) else []:
            if isinstance(raw, Mapping):
                row = {key: raw.get(key, "") for key in ("segment", "label", "track")}
                row |= {key: _number(raw.get(key)) for key in SEGMENT_COUNTS}
                by_track.setdefault(str(row["track"]), []).append(row)
        table: list[dict[str, Any]] = []
        for track_rows in by_track.values():
            # Each column adds up to a figure shown elsewhere (the pool, a track's eligible count),
            # so it is suppressed as a whole; a segment of fewer than SMALL_CELL people is hidden whole.
            small = {position for position, row in enumerate(track_rows) if row["total"] < SMALL_CELL}
            for key in SEGMENT_COUNTS:
                column = {position: row[key] for position, row in enumerate(track_rows)}
                for position in _suppressed(column, small):
                    track_rows[position][key] = None
            table.extend(track_rows)
        tables[str(dimension)] = table
    return tables


def simulation_result_in_aggregate(result: Any) -> dict[str, Any]:
    """A result without its applicants: no flips (their number stays), small counts hidden (``None``).

    Every table goes through :func:`_suppressed`, as the assessment statistics do: per track and
    side, the four statuses; per track, gained and lost; per segment table and track, each column
    (applicants, eligible under the baseline, under the variant), with a segment of fewer than
    :data:`SMALL_CELL` applicants hidden whole. Anything malformed is left out, not raised.
    """
    if not isinstance(result, Mapping):
        return {}
    flips_total = _number(result.get("flips_total"))
    return {
        **{key: result[key] for key in ("as_of", "pool", "baseline", "variant", "timing") if key in result},
        "tracks": _tracks_in_aggregate(result.get("tracks")),
        "segments": _segments_in_aggregate(result.get("segments")),
        "flips": [],
        "flips_total": None if 0 < flips_total < SMALL_CELL else flips_total,
    }


def simulation_result_for(viewer: Visitor, simulation: Simulation) -> dict[str, Any]:
    """A finished simulation's result as ``viewer`` may see it (:func:`.policies.can_view_simulation_rows`):
    whole, or for a stored pool read by someone who may not open individual assessments, in
    aggregate only (:func:`simulation_result_in_aggregate`)."""
    result = simulation.result if isinstance(simulation.result, dict) else {}
    return result if can_view_simulation_rows(viewer, simulation) else simulation_result_in_aggregate(result)


def assessment_person(assessment: Assessment) -> User | None:
    """Whom an assessment is about: the talent of its profile, or whoever saved their own
    self-check. An official assessment of somebody without a profile names nobody with an account."""
    if assessment.subject is not None:
        return assessment.subject.user
    if assessment.kind == AssessmentKind.SELF_CHECK:
        return assessment.created_by
    return None


def simulation_flips_csv(simulation: Simulation) -> str:
    """The applicants whose result changes, as CSV with a header row (the back-office export)."""
    from django.utils.translation import gettext as _

    from talentcenter.policy.engine.programmes import TRACKS
    from talentcenter.policy.translation import translated

    labels = {track.key: translated(track.label) for track in TRACKS}
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(
        [
            _("Applicant"),
            _("Track"),
            _("Track name"),
            _("Before"),
            _("After"),
            _("Industry"),
            _("Company size"),
            _("Nationality"),
            _("Degree tier"),
        ]
    )
    result = simulation.result if isinstance(simulation.result, dict) else {}
    for flip in result.get("flips") or []:
        if not isinstance(flip, dict):
            continue
        track = str(flip.get("track", ""))
        writer.writerow(
            [
                csv_cell(flip.get("row", "")),
                track,
                labels.get(track, track),
                flip.get("from", ""),
                flip.get("to", ""),
                csv_cell(flip.get("industry", "")),
                csv_cell(flip.get("company_size", "")),
                csv_cell(flip.get("nationality", "")),
                csv_cell(flip.get("degree_tier", "")),
            ]
        )
    return output.getvalue()

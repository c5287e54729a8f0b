"""Pools of applicants for a simulation: prepared facts plus the segments results are broken down by.

A pool comes from three places: the stored applications (the ``applicant`` JSON of assessments),
an uploaded CSV file, or a generated synthetic population (:mod:`.synthetic`). Whatever the source,
it ends up as a :class:`Pool`: a :class:`~.facts.FactFrame` the rules run on, and integer segment
codes (industry, company size, nationality, degree tier) with their labels.

The CSV format
--------------

One row per applicant, UTF-8, comma-separated (semicolons or tabs are recognised too), a header row
naming the columns (any order; only ``id`` is required, every other column may be left out or left
empty). Lines starting with ``#`` are comments. Dates are ``YYYY-MM-DD``. Problems are reported
with the line number in the file (the header is line 1 when there are no comments above it).

=============================  ==============================================================
column                         meaning
=============================  ==============================================================
``id``                         your reference for the applicant (unique, at most 40 characters;
                               shown in the list of applicants whose result changes)
``nationality``                ISO 3166 two-letter country code (``IN``, ``VN``, ``US``...)
``birth_date``                 date of birth
``degree1_level`` ...          up to three degrees, numbered 1 to 3: ``level`` is one of
``degree3_level``              ``associate``, ``bachelor``, ``master``, ``doctorate``
``degreeN_field``              field of study in words (``electrical engineering``)
``degreeN_institution``        university name as the applicant wrote it (matched to the ranked lists)
``degreeN_country``            ISO country code of the university
``degreeN_completed``          date the degree was completed
``job1_organization`` ...      up to five jobs, numbered 1 to 5
``jobN_kind``                  ``company`` (default), ``research_institute``, ``university``, ``government``
``jobN_field``                 field of work in words
``jobN_start``, ``jobN_end``   dates (``end`` empty = current job)
``jobN_postdoctoral``          ``yes`` or ``no``
``offer_company``              the hiring company (any offer column makes the row have an offer)
``offer_company_size``         ``sme``, ``midsize`` or ``large``
``offer_industry``             industry code from ``reference/data/industries.csv`` or ``other``
``offer_technology_field``     KOTRA technology field code or ``other``
``offer_salary_krw``           annual salary in won (digits; commas are allowed)
``offer_occupation``           KSCO occupation code of the job
``offer_region``               region of the workplace (``Seoul``, ``Gyeonggi``...)
``topik_level``                TOPIK level 0-6
``government_programme``       ``mohw-scholar-recruitment``, ``kasa-scholar-recruitment`` or empty
``technical_expertise_score``  evaluators' points for technical expertise (K-Tech Pass points track)
``strategic_value_score``      evaluators' points for strategic value
=============================  ==============================================================

A file has at most :data:`MAX_ROWS` rows and :data:`MAX_BYTES` bytes. Every row is validated; when
any is wrong, :class:`PoolError` lists the rows and columns (nothing is simulated on a bad file).
An example ships as ``policy/data/pool_example.csv``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import numpy as np
from pydantic import ValidationError

from talentcenter.policy.engine.facts import CATEGORY_FACTS, FLAG_FACTS, NUMBER_FACTS, FactFrame, prepare_many
from talentcenter.policy.engine.fields import FieldClassifier
from talentcenter.policy.engine.inputs import CATEGORY_NAMES, REFERENCE_DATA_DIR, ApplicantIn
from talentcenter.policy.engine.matching import Catalogue
from talentcenter.policy.engine.messages import country, in_both, joined
from talentcenter.policy.engine.messages import gettext as _

MAX_ROWS = 100_000
MAX_BYTES = 20 * 1024 * 1024
MAX_DEGREES = 3
MAX_JOBS = 5
MAX_ERRORS_SHOWN = 50
TOP_RANK = 100.0

SEGMENTS = ("industry", "company_size", "nationality", "degree_tier")

DEGREE_FIELDS = ("level", "field", "institution", "country", "completed")
JOB_FIELDS = ("organization", "kind", "field", "start", "end", "postdoctoral")
OFFER_COLUMNS = {
    "offer_company": "company",
    "offer_company_size": "company_size",
    "offer_industry": "industry",
    "offer_technology_field": "technology_field",
    "offer_salary_krw": "annual_salary_krw",
    "offer_occupation": "occupation",
    "offer_region": "region",
}
SIMPLE_COLUMNS = ("id", "nationality", "birth_date", "topik_level", "government_programme")
SCORE_COLUMNS = {"technical_expertise_score": "technical_expertise", "strategic_value_score": "strategic_value"}
COLUMNS: tuple[str, ...] = (
    *SIMPLE_COLUMNS,
    *(f"degree{number}_{name}" for number in range(1, MAX_DEGREES + 1) for name in DEGREE_FIELDS),
    *(f"job{number}_{name}" for number in range(1, MAX_JOBS + 1) for name in JOB_FIELDS),
    *OFFER_COLUMNS,
    *SCORE_COLUMNS,
)

DEGREE_TIERS = (
    "none",
    "associate",
    "bachelor",
    "bachelor_top",
    "master",
    "master_top",
    "doctorate",
    "doctorate_top",
)


class PoolError(ValueError):
    """A pool that cannot be used; ``problems`` are (row number, column, message), row 1 = header."""

    def __init__(self, message: str, problems: Sequence[tuple[int, str, str]] = ()) -> None:
        self.problems = list(problems)
        lines: list[str] = [message]
        for row, column, text in self.problems[:MAX_ERRORS_SHOWN]:
            where: str = _("row {row}").format(row=row) if row else ""
            if column:
                where = joined((where, f", {column}")) if where else column
            lines.append(joined((where, ": ", text)) if where else text)
        if len(self.problems) > MAX_ERRORS_SHOWN:
            lines.append(_("… and {count} more problems.").format(count=len(self.problems) - MAX_ERRORS_SHOWN))
        # The whole text as a message: ``str(error)`` is English, the boundary translates ``text``.
        self.text = joined(lines, "\n")
        super().__init__(self.text)


@dataclass
class Pool:
    """Prepared facts of ``n`` applicants, with integer segment codes and their labels."""

    frame: FactFrame
    segments: dict[str, np.ndarray]
    segment_labels: dict[str, tuple[str, ...]]
    row_labels: list[str] | None = None
    kind: str = "synthetic"
    segment_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    label_prefix: str = "S-"

    @property
    def size(self) -> int:
        return self.frame.n

    def row_label(self, row: int) -> str:
        """The applicant reference shown in the list of flips ("S-000123" for synthetic rows)."""
        if self.row_labels is not None:
            return self.row_labels[row]
        return f"{self.label_prefix}{row + 1:06d}"

    def keys(self, segment: str) -> tuple[str, ...]:
        keys = self.segment_keys.get(segment)
        return keys if keys is not None else tuple(str(code) for code in range(len(self.segment_labels[segment])))


# Segment labels -------------------------------------------------------------------------------


@cache
def _industry_names() -> dict[str, tuple[str, str]]:
    lines = (REFERENCE_DATA_DIR / "industries.csv").read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader(line for line in lines if line.strip() and not line.startswith("#"))
    names: dict[str, tuple[str, str]] = {}
    for row in rows:
        names.setdefault(row["code"], (row["name_en"], row["name_ko"]))
    return names


def industry_labels() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Keys and labels of the industry segment (the ``offer_industry`` vocabulary)."""
    names = _industry_names()
    keys = CATEGORY_FACTS["offer_industry"]
    labels = []
    for key in keys:
        if key == "":
            labels.append(_("No offer or not given"))
        elif key == "other":
            labels.append(_("Other industry"))
        else:
            english, korean = names.get(key, (key, key))
            labels.append(in_both(korean, english))
    return tuple(key or "none" for key in keys), tuple(labels)


def company_size_labels() -> tuple[tuple[str, ...], tuple[str, ...]]:
    words = {"": _("Not given"), **{key: CATEGORY_NAMES[key] for key in ("sme", "midsize", "large", "other")}}
    keys = CATEGORY_FACTS["company_size"]
    return tuple(key or "none" for key in keys), tuple(words[key] for key in keys)


def degree_tier_labels() -> tuple[str, ...]:
    return (
        _("No degree"),
        _("Associate degree"),
        _("Bachelor's"),
        _("Bachelor's, top-ranked university"),
        _("Master's"),
        _("Master's, top-ranked university"),
        _("Doctorate"),
        _("Doctorate, top-ranked university"),
    )


def nationality_label(code: str) -> str:
    if not code:
        return _("Not given")
    return country(code)


def degree_tier_codes(frame: FactFrame) -> np.ndarray:
    """0 none ... 7 doctorate from a top-ranked university (certain rank within the top 100 or a
    Korean equivalent); a segment, so it does not depend on the parameters being compared."""
    level = np.clip(np.nan_to_num(frame.number("highest_degree_level")), 0, 4).astype(np.int8)
    base = np.asarray([0, 1, 2, 4, 6], dtype=np.int8)[level]
    with np.errstate(invalid="ignore"):
        ranked = (
            ((level == 2) & (frame.number("rank_level_2") <= TOP_RANK))
            | ((level == 3) & (frame.number("rank_level_3") <= TOP_RANK))
            | ((level == 4) & (frame.number("rank_level_4") <= TOP_RANK))
        )
    segment: np.ndarray = (base + ranked).astype(np.int8)
    return segment


def frame_segments(
    frame: FactFrame, nationality_codes: np.ndarray, nationality_keys: Sequence[str]
) -> tuple[dict[str, np.ndarray], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Segment codes, labels and keys for a frame plus its applicants' nationalities."""
    industry_keys, industry_names = industry_labels()
    size_keys, size_names = company_size_labels()
    segments = {
        "industry": frame.categories["offer_industry"],
        "company_size": frame.categories["company_size"],
        "nationality": np.asarray(nationality_codes, dtype=np.int16),
        "degree_tier": degree_tier_codes(frame),
    }
    labels = {
        "industry": industry_names,
        "company_size": size_names,
        "nationality": tuple(nationality_label(code) for code in nationality_keys),
        "degree_tier": degree_tier_labels(),
    }
    keys = {
        "industry": industry_keys,
        "company_size": size_keys,
        "nationality": tuple(code or "none" for code in nationality_keys),
        "degree_tier": DEGREE_TIERS,
    }
    return segments, labels, keys


# Pools from applicants -------------------------------------------------------------------------


def pool_from_applicants(
    applicants: Sequence[ApplicantIn],
    labels: Sequence[str],
    as_of: date,
    catalogue: Catalogue,
    classifier: FieldClassifier,
    *,
    kind: str = "stored",
    progress: Callable[[int], None] | None = None,
) -> Pool:
    """Prepare every applicant's facts as of ``as_of`` (name matching is cached per name)."""
    if len(applicants) != len(labels):
        raise ValueError("one label per applicant")
    step = max(1_000, len(applicants) // 10)
    chunks = []
    for start in range(0, len(applicants), step):
        chunks.append(prepare_many(applicants[start : start + step], as_of, catalogue, classifier))
        if progress is not None:
            progress(int(100 * min(len(applicants), start + step) / len(applicants)))
    frame = _concatenate(chunks)
    nationalities = [(applicant.person.nationality or "") if applicant.person else "" for applicant in applicants]
    vocabulary = sorted(set(nationalities))
    index = {code: position for position, code in enumerate(vocabulary)}
    codes = np.fromiter((index[code] for code in nationalities), dtype=np.int16, count=len(nationalities))
    segments, segment_labels, keys = frame_segments(frame, codes, vocabulary)
    return Pool(
        frame=frame,
        segments=segments,
        segment_labels=segment_labels,
        row_labels=list(labels),
        kind=kind,
        segment_keys=keys,
    )


def _concatenate(frames: Sequence[FactFrame]) -> FactFrame:
    if len(frames) == 1:
        return frames[0]
    if not frames:
        return FactFrame(
            n=0,
            numbers={name: np.zeros(0) for name in NUMBER_FACTS},
            flags={name: np.zeros(0, dtype=np.int8) for name in FLAG_FACTS},
            categories={name: np.zeros(0, dtype=np.int16) for name in CATEGORY_FACTS},
        )
    return FactFrame.from_columns(
        {name: np.concatenate([frame.numbers[name] for frame in frames]) for name in NUMBER_FACTS},
        {name: np.concatenate([frame.flags[name] for frame in frames]) for name in FLAG_FACTS},
        {name: np.concatenate([frame.categories[name] for frame in frames]) for name in CATEGORY_FACTS},
    )


# CSV --------------------------------------------------------------------------------------------

_AMOUNT_SEPARATORS = re.compile(r"[,_\s]")


def _column_for(location: tuple[Any, ...]) -> str:
    """The CSV column a pydantic error location comes from."""
    parts = list(location)
    if not parts:
        return ""
    head = parts[0]
    if head == "person" and len(parts) > 1:
        return str(parts[1])
    if head == "education" and len(parts) > 1 and isinstance(parts[1], int):
        return f"degree{parts[1] + 1}_{parts[2]}" if len(parts) > 2 else f"degree{parts[1] + 1}_level"
    if head == "experience" and len(parts) > 1 and isinstance(parts[1], int):
        return f"job{parts[1] + 1}_{parts[2]}" if len(parts) > 2 else f"job{parts[1] + 1}_start"
    if head == "offer" and len(parts) > 1:
        inverse = {value: key for key, value in OFFER_COLUMNS.items()}
        return inverse.get(str(parts[1]), "offer_company")
    if head == "languages":
        return "topik_level"
    if head == "qualitative_scores" and len(parts) > 1:
        inverse = {value: key for key, value in SCORE_COLUMNS.items()}
        return inverse.get(str(parts[1]), "")
    return str(head)


def _applicant_data(row: dict[str, str]) -> dict[str, Any]:
    """One CSV row (empty cells already dropped) in the interchange format, before validation."""
    data: dict[str, Any] = {}
    person = {key: row[key] for key in ("birth_date", "nationality") if key in row}
    if person:
        data["person"] = person
    education = []
    for number in range(1, MAX_DEGREES + 1):
        degree = {name: row[f"degree{number}_{name}"] for name in DEGREE_FIELDS if f"degree{number}_{name}" in row}
        if degree:
            education.append(degree)
    if education:
        data["education"] = education
    experience = []
    for number in range(1, MAX_JOBS + 1):
        job: dict[str, Any] = {name: row[f"job{number}_{name}"] for name in JOB_FIELDS if f"job{number}_{name}" in row}
        if job:
            experience.append(job)
    if experience:
        data["experience"] = experience
    offer: dict[str, Any] = {target: row[column] for column, target in OFFER_COLUMNS.items() if column in row}
    if "annual_salary_krw" in offer:
        offer["annual_salary_krw"] = _AMOUNT_SEPARATORS.sub("", offer["annual_salary_krw"])
    if offer:
        data["offer"] = offer
    if "topik_level" in row:
        data["languages"] = [{"language": "ko", "test": "TOPIK", "level": row["topik_level"]}]
    if "government_programme" in row:
        data["government_programme"] = row["government_programme"]
    scores = {target: row[column] for column, target in SCORE_COLUMNS.items() if column in row}
    if scores:
        data["qualitative_scores"] = scores
    return data


def _error_text(error: Any) -> str:
    message = str(error.get("msg", ""))
    return message.removeprefix("Value error, ")


def _without_comments(text: str) -> Iterator[str]:
    """Lines of the file; comment lines (starting with "#") are kept as empty lines so that the
    reader's line numbers stay those of the file."""
    for line in io.StringIO(text, newline=""):
        yield "\n" if line.startswith("#") else line


def applicants_from_csv(text: str) -> tuple[list[ApplicantIn], list[str]]:
    """Parse and validate a pool file; every problem is collected before :class:`PoolError` is raised."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise PoolError(_("The file is larger than {size} MB.").format(size=MAX_BYTES // (1024 * 1024)))
    text = text.removeprefix("\ufeff")
    first = next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")
    delimiter = ";" if ";" in first and "," not in first else "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(_without_comments(text), delimiter=delimiter)
    try:
        header: list[str] = []
        while not any(cell.strip() for cell in header):
            header = next(reader)
    except StopIteration:
        raise PoolError(_("The file is empty; it needs a header row and one row per applicant.")) from None
    except csv.Error as error:
        raise PoolError(_("The file is not valid CSV: {error}").format(error=error)) from None
    header_line = reader.line_num
    columns = [name.strip().lower() for name in header]
    if len(columns) > 2 * len(COLUMNS):
        raise PoolError(
            _("The header row has {count} columns; the format has {known}.").format(
                count=len(columns), known=len(COLUMNS)
            )
        )
    problems: list[tuple[int, str, str]] = []
    known = set(COLUMNS)
    for name in columns:
        if name not in known:
            problems.append((header_line, name[:60], _("unknown column (see the documented format)")))
    for name, count in sorted(Counter(columns).items()):
        if count > 1 and name in known:
            problems.append((header_line, name, _("column appears twice")))
    if "id" not in columns:
        problems.append((header_line, "id", _("the id column is required")))
    if problems:
        raise PoolError(_("The header row is not in the documented format."), problems)

    applicants: list[ApplicantIn] = []
    labels: list[str] = []
    seen: dict[str, int] = {}
    line = 1
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(applicants) + len(problems) >= MAX_ROWS:
                raise PoolError(_("The file has more than {count} rows.").format(count=f"{MAX_ROWS:,}"))
            if len(cells) != len(columns):
                problems.append(
                    (
                        line,
                        "",
                        _("{found} cells where the header has {expected}").format(
                            found=len(cells), expected=len(columns)
                        ),
                    )
                )
                continue
            row = {name: cell.strip() for name, cell in zip(columns, cells, strict=True) if cell.strip()}
            identifier = row.pop("id", "")
            if not identifier:
                problems.append((line, "id", _("every row needs an id")))
                continue
            if len(identifier) > 40:
                problems.append((line, "id", _("at most 40 characters")))
                continue
            if identifier in seen:
                problems.append(
                    (line, "id", _("{id} is already used on row {row}").format(id=identifier, row=seen[identifier]))
                )
                continue
            seen[identifier] = line
            try:
                applicant = ApplicantIn.model_validate(_applicant_data(row))
            except ValidationError as error:
                for item in error.errors():
                    problems.append((line, _column_for(tuple(item["loc"])), _error_text(item)))
                continue
            applicants.append(applicant)
            labels.append(identifier)
    except csv.Error as error:
        problems.append((line, "", _("not valid CSV: {error}").format(error=error)))
    if problems:
        raise PoolError(
            _("{count} problems in the file; nothing was simulated.").format(count=len(problems)),
            problems,
        )
    if not applicants:
        raise PoolError(_("The file has no applicant rows."))
    return applicants, labels


def pool_from_csv(
    text: str,
    *,
    as_of: date,
    catalogue: Catalogue,
    classifier: FieldClassifier,
    progress: Callable[[int], None] | None = None,
) -> Pool:
    """A pool from an uploaded CSV (see the module docstring for the format)."""
    applicants, labels = applicants_from_csv(text)
    return pool_from_applicants(applicants, labels, as_of, catalogue, classifier, kind="csv", progress=progress)


def csv_header() -> str:
    """The full header line of the format (for a blank template)."""
    return ",".join(COLUMNS)


def decode_upload(raw: bytes) -> str:
    """An uploaded file's bytes as text (UTF-8 with or without BOM), or :class:`PoolError`."""
    if len(raw) > MAX_BYTES:
        raise PoolError(_("The file is larger than {size} MB.").format(size=MAX_BYTES // (1024 * 1024)))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PoolError(_("The file is not UTF-8 text; save it as 'CSV UTF-8'.")) from None

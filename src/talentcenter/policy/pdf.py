"""The self-check answer as one bilingual PDF: every track in Korean, then in English.

Built from two runs of the same assessment (``language="ko"`` and ``language="en"``), so labels,
parameter labels and notes come from the same translations and YAML the pages use. Nothing is
stored: the applicant travels in the signed pathfinder state and the PDF is returned at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from reportlab.platypus import Flowable

from talentcenter.documents import pdf
from talentcenter.foundation import display
from talentcenter.policy.citing import CitedSource, cited_in_answer
from talentcenter.policy.engine import ApplicantIn
from talentcenter.policy.engine.sources import RANKS
from talentcenter.policy.services import assessment_run
from talentcenter.reference.enums import ListKind

LANGUAGES = ("ko", "en")

STATUS_LABELS = {
    "eligible": gettext_lazy("Eligible"),
    "needs_review": gettext_lazy("Needs review"),
    "not_eligible": gettext_lazy("Not eligible"),
    "not_in_force": gettext_lazy("Not in force on this date"),
}
CRITERION_LABELS = {
    "met": gettext_lazy("Met"),
    "not_met": gettext_lazy("Not met"),
    "needs_review": gettext_lazy("Needs review"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def _both(make: Callable[[], str], separator: str = " / ") -> str:
    """The same text in Korean and in English (one line when they are equal)."""
    texts = []
    for language in LANGUAGES:
        with override(language):
            texts.append(str(make()))
    return texts[0] if texts[0] == texts[1] else separator.join(texts)


def document_info(as_of: date, created: datetime | None = None) -> pdf.DocumentInfo:
    with override("ko"):
        title_ko = _("Self-check result")
        note_ko = _("Guidance only: the official decision is made when you apply.")
    with override("en"):
        title_en = _("Self-check result")
        note_en = _("Guidance only: the official decision is made when you apply.")
    return pdf.DocumentInfo(
        title_en=title_en,
        title_ko=title_ko,
        subject=f"{title_en} ({as_of.isoformat()})",
        language="ko-KR",
        keywords=("K-Tech Pass", "self-check", as_of.isoformat()),
        footer_note=note_ko if note_ko == note_en else f"{note_ko} · {note_en}",
        created=created,
    )


def _status_text(track: dict[str, Any]) -> str:
    text = status_label(track["status"])
    if track.get("points") is not None and track.get("max_points") is not None:
        text += " · " + _("{points} of {maximum} points").format(
            points=f"{track['points']:g}", maximum=f"{track['max_points']:g}"
        )
        if track.get("pass_mark") is not None:
            text += " · " + _("pass mark {mark}").format(mark=f"{track['pass_mark']:g}")
    if track["status"] == "not_in_force" and track.get("in_force_from"):
        text += " · " + _("in force from {date}").format(date=track["in_force_from"])
    return text


def _criterion_result(criterion: dict[str, Any]) -> str:
    text = str(CRITERION_LABELS.get(criterion["status"], criterion["status"]))
    if criterion.get("points") is not None:
        maximum = criterion.get("max_points")
        points = f"{criterion['points']:g}"
        text += "\n" + (
            _("{points} of {maximum} points").format(points=points, maximum=f"{maximum:g}")
            if maximum is not None
            else points
        )
    if criterion.get("reason"):  # why it needs review: a value not published for the date, a list not loaded
        text += "\n" + str(criterion["reason"])
    return text


def _criteria_table(track: dict[str, Any]) -> Flowable:
    styles = pdf.styles()
    rows: list[list[Any]] = [
        [_("Criterion"), _("Result"), _("Your input"), _("Value in force"), _("Effective from"), _("Source")]
    ]
    for criterion in track["criteria"]:
        values, dates = [], []
        sources: dict[tuple[str, str], CitedSource] = {}
        if criterion.get("threshold"):
            values.append(_("Threshold: {threshold}").format(threshold=criterion["threshold"]))
        for parameter in criterion["parameters"]:
            shown = f"{parameter['label']}: {parameter['display']}"
            if parameter.get("estimated"):
                shown += " (" + _("estimated") + ")"
            values.append(shown)
            if parameter.get("note"):
                values.append(f"({parameter['note']})")
            dated = parameter["effective_from"] or "–"
            if parameter.get("until"):
                dated += " – " + str(parameter["until"])
            dates.append(dated)
            for source in cited_in_answer(parameter):
                sources.setdefault((source.url, source.text), source)
        # Every source of the criterion once, official first; a link printed in full (paper has no hover).
        lines = [
            ("", source.text) if source.is_center else (display.shown(source.kind), source.url or source.text)
            for source in sorted(sources.values(), key=lambda source: RANKS[source.kind])
        ]
        source_cell: Any = pdf.labelled_links(lines) if lines else pdf.paragraph("–", styles.cell)
        rows.append(
            [
                criterion["label"],
                _criterion_result(criterion),
                criterion["input"] or "–",
                "\n".join(values) or "–",
                "\n".join(dict.fromkeys(dates)) or "–",
                source_cell,
            ]
        )
    return pdf.table(rows, (2.2, 0.95, 1.4, 3.0, 1.3, 2.0))


def _language_block(track: dict[str, Any], language: str) -> list[Flowable]:
    styles = pdf.styles()
    story: list[Flowable] = []
    with override(language):
        heading = "한국어" if language == "ko" else "English"
        story.append(pdf.paragraph(f"{heading} · {track['label']}", styles.subheading))
        story.append(pdf.paragraph(_("Result: {status}").format(status=_status_text(track)), styles.body, bold=True))
        if track["criteria"]:
            story.append(_criteria_table(track))
        evidence = [item for criterion in track["criteria"] for item in criterion.get("evidence", [])]
        if evidence:
            story.append(pdf.spacer(1.5))
            story.append(pdf.paragraph(_("How your entries were read"), styles.label))
            story.extend(pdf.paragraph(f"• {item}", styles.body) for item in dict.fromkeys(evidence))
        if track["hints"]:
            story.append(pdf.spacer(1.5))
            story.append(pdf.paragraph(_("What would change the answer"), styles.label))
            story.extend(pdf.paragraph(f"• {hint}", styles.body) for hint in track["hints"])
        story.append(pdf.spacer(3))
    return story


def _summary_table(results: dict[str, dict[str, Any]]) -> Flowable:
    rows: list[list[Any]] = [
        [_both(lambda: _("Programme and track"), "\n"), _both(lambda: _("Result"), "\n")],
    ]
    for language_ko, language_en in zip(results["ko"]["results"], results["en"]["results"], strict=True):
        label = (
            language_ko["label"]
            if language_ko["label"] == language_en["label"]
            else (f"{language_ko['label']}\n{language_en['label']}")
        )
        with override("ko"):
            status_ko = _status_text(language_ko)
        with override("en"):
            status_en = _status_text(language_en)
        rows.append([label, status_ko if status_ko == status_en else f"{status_ko}\n{status_en}"])
    return pdf.table(rows, (3, 2))


def _reference_rows(result: dict[str, Any]) -> list[str]:
    lines = []
    for item in result.get("reference_lists", []):
        kind = ListKind(item["kind"]).label if item["kind"] in ListKind.values else item["kind"]
        line = f"{kind} {item['edition']}"
        if item.get("partial"):
            line += " · " + _("partial list: a name that is not on it is unknown (needs review), not refused")
        lines.append(line)
    return lines


def self_check_story(results: dict[str, dict[str, Any]]) -> list[Flowable]:
    """Flowables for the two results (keyed by language), Korean block then English block per track."""
    styles = pdf.styles()
    english = results["en"]
    story: list[Flowable] = [
        pdf.paragraph(_both(lambda: _("Self-check result"), " · "), styles.title),
        pdf.key_values(
            [
                (_both(lambda: _("Assessed as of")), english["as_of"]),
                (_both(lambda: _("Engine version")), english["engine_version"]),
                (
                    _both(lambda: _("Parameter set")),
                    f"{english['parameter_set']['id']} · {english['parameter_set']['digest']}",
                ),
            ]
        ),
    ]
    disclaimer = {}
    for language in LANGUAGES:
        with override(language):
            disclaimer[language] = _(
                "This is guidance, not a decision. It applies the published rules and the parameter values "
                "in force on the date shown to what you entered. The official decision is made by the "
                "responsible authority when you apply, on the documents you submit."
            )
    story.append(pdf.paragraph("\n".join(dict.fromkeys(disclaimer.values())), styles.notice))
    story.append(pdf.paragraph(_both(lambda: _("Summary")), styles.heading))
    story.append(_summary_table(results))
    for language in LANGUAGES:
        with override(language):
            lines = _reference_rows(results[language])
            heading = _("Reference lists in force")
            empty = _("No reference list is in force on this date.")
        story.append(pdf.paragraph(heading, styles.subheading))
        story.extend(pdf.paragraph(f"• {line}", styles.body) for line in lines or [empty])
    for track_ko, track_en in zip(results["ko"]["results"], results["en"]["results"], strict=True):
        title = (
            track_ko["label"]
            if track_ko["label"] == track_en["label"]
            else (f"{track_ko['label']} / {track_en['label']}")
        )
        story.append(pdf.paragraph(title, styles.heading))
        story.extend(_language_block(track_ko, "ko"))
        story.extend(_language_block(track_en, "en"))
    story.append(pdf.paragraph("\n".join(dict.fromkeys(disclaimer.values())), styles.notice))
    return story


def self_check_pdf(
    applicant: ApplicantIn,
    *,
    as_of: date,
    created: datetime | None = None,
) -> bytes:
    """The bilingual PDF of one self-check: the assessment runs once per language, nothing is stored."""
    results = {}
    for language in LANGUAGES:
        with override(language):
            results[language] = assessment_run(applicant, as_of=as_of, language=language)
    return pdf.render(document_info(as_of, created), self_check_story(results))


def filename(as_of: date) -> str:
    return f"talentcenter-self-check-{as_of.isoformat()}.pdf"

"""The rule parameters a guide cites, read through the policy app: their value in force today, its
date and sources, and whether they moved since the guide was last published or reviewed."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone, translation

from talentcenter.foundation.i18n import current_language
from talentcenter.guides import markup
from talentcenter.guides.models import GuideRevision
from talentcenter.policy.selectors_rules import ParameterRow, parameter_labels, parameter_rows


def known_parameters() -> dict[str, str]:
    """Every parameter a guide may cite, with its label in the reader's language."""
    return parameter_labels(current_language())


def cited_names(revision: GuideRevision) -> list[str]:
    """The revision's listed parameters and those written ``[[name]]`` in its text, once each."""
    named = [*revision.parameters, *markup.parameters_in(revision.body_ko), *markup.parameters_in(revision.body_en)]
    return list(dict.fromkeys(named))


def rows(names: Iterable[str], language: str | None = None) -> list[ParameterRow]:
    """The rows in ``language`` (the policy app words values in the active language: switch to it)."""
    language = language or current_language()
    with translation.override(language):
        return parameter_rows(list(names), as_of=timezone.localdate(), language=language)


def value_texts(names: Iterable[str], language: str | None = None) -> dict[str, str]:
    """Each parameter's value in force as a page shows it (``—`` when it has none today)."""
    return {row.name: row.current.display if row.current else "—" for row in rows(names, language)}


def snapshot(names: Iterable[str]) -> dict[str, str]:
    """What a review is compared with later: each value in force and its date, in English."""
    return {
        row.name: f"{row.current.display} ({row.current.effective_from.isoformat()})" if row.current else "—"
        for row in rows(names, "en")
    }


def moved(names: Iterable[str], reviewed: dict[str, str]) -> list[str]:
    """The cited parameters whose value in force differs from the one last reviewed."""
    now = snapshot(names)
    return [name for name, text in now.items() if name in reviewed and reviewed[name] != text]

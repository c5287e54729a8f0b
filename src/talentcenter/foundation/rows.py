"""Cheap pieces for pages that list many rows: a select without templates and row links by name.

A list page renders the same markup for every row; going through Django's template engine for each
cell, ``{% url %}`` and each ``<option>`` of a filter's select costs far more CPU than the row's
data (measured on the staff lists, issue 14: 250 country options alone were ~25 ms a page). These
build the same HTML once per page, or once per row with one ``format_html`` call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from html import escape
from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.urls import reverse
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import SafeString, mark_safe

# A number no real object has, put where the row's id goes and replaced by it (see ``url_maker``).
_PLACEHOLDER = 2_147_483_647


def url_maker(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for many pks at the cost of one ``reverse``: the path is
    reversed once with a placeholder id, and each row's id put in its place."""
    head, tail = reverse(name, args=[_PLACEHOLDER]).split(str(_PLACEHOLDER))
    return lambda pk: f"{head}{int(pk)}{tail}"


def _attributes(attrs: dict[str, Any]) -> str:
    """Attributes as ``django/forms/widgets/attrs.html`` writes them: ``True`` alone, ``False`` left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def _options(choices: Iterable[tuple[Any, Any]]) -> list[tuple[str | None, str]]:
    """``(value as text, the <option> without "selected")`` for each choice, option groups opened and
    closed around theirs (their value is None: never chosen)."""
    options: list[tuple[str | None, str]] = []
    for group, labels in choices:
        if isinstance(labels, list | tuple):
            options.append((None, f'<optgroup label="{escape(str(group))}">'))
            options += _options(labels)
            options.append((None, "</optgroup>"))
        else:
            text = "" if group is None else str(group)
            options.append((text, f'<option value="{escape(text)}">{escape(str(labels))}</option>'))
    return options


class PreparedChoices(BaseChoiceIterator):
    """Choices already in Django's normal form (``(value, label)`` pairs), kept as they are, with
    their ``<option>`` markup made once: a field given a plain list normalizes every pair again on
    each form, and a select escapes every label again on each page (250 countries)."""

    def __init__(self, choices: Iterable[tuple[Any, Any]]) -> None:
        self.choices = list(choices)
        self.options = _options(self.choices)

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)


class QuickSelect(forms.Select):
    """A ``<select>`` with the markup of Django's ``select.html`` and ``select_option.html``,
    written in Python: a list with hundreds of options (countries, reviewers) costs a join, not a
    template render per option. Single choice only (the first option with the value is selected, as
    Django does); option groups are kept. With :class:`PreparedChoices` the options are made once."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: BaseRenderer | None = None
    ) -> SafeString:
        context = forms.Widget.get_context(self, name, value, attrs)["widget"]
        chosen = set(self.format_value(value))
        options = self.choices.options if isinstance(self.choices, PreparedChoices) else _options(self.choices)
        parts: list[str] = [f'<select name="{escape(name)}"{_attributes(context["attrs"])}>']
        selected = False
        for text, option in options:
            if not selected and text is not None and text in chosen:
                selected = True
                option = option.replace('">', '" selected>', 1)
            parts.append(option)
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # noqa: S308 every value and label above is escaped

"""Template helpers of the site shell: pagination numbers, status badges, step states."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms, template
from django.core.paginator import Page
from django.forms import BoundField
from django.urls import NoReverseMatch, reverse

from talentcenter.audit.actions import action_label as _action_label
from talentcenter.foundation import display
from talentcenter.web import menus

register = template.Library()

BADGE_CLASSES = {
    "pending": "bg-light-warning",
    "verified": "bg-light-success",
    "rejected": "bg-light-danger",
    "private": "bg-light-gray",
    "verified_companies": "bg-light-primary",
}

MESSAGE_BADGES = {"error": "danger", "warning": "danger", "success": "ok"}


@register.simple_tag
def page_numbers(page: Page) -> Iterable[Any]:
    """Page numbers around the current one, with the paginator's ellipsis for the gaps."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.filter
def badge_class(value: str) -> str:
    """The KRDS badge colour for a status or visibility value."""
    return BADGE_CLASSES.get(str(value), "bg-light-gray")


@register.filter
def message_badge(tags: str) -> str:
    """The KRDS critical-alert badge kind for a Django message level."""
    for tag in str(tags).split():
        if tag in MESSAGE_BADGES:
            return MESSAGE_BADGES[tag]
    return "info"


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` in a template, or an empty string."""
    try:
        return mapping[key]
    except (KeyError, TypeError, IndexError):
        return ""


def _reverse_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> list[dict[str, Any]]:
    """The entries of the main menu for this visitor (``web/menus.py``), the current page's marked."""
    request = context.get("request")
    audience = menus.audience_of(context.get("user"))
    path = getattr(request, "path", "")
    home = reverse("web:home")
    board = _reverse_or_none("jobs:board")
    items = []
    for entry in menus.main_menu_entries(audience):
        url = _reverse_or_none(entry.url_name)
        if url is None:
            continue
        if url == home:
            active = path == url
        elif url == board:
            # The board and its openings' pages; a company's and a talent's jobs pages are theirs.
            active = path == url or path[len(url) :].split("/", 1)[0].isdigit()
        else:
            active = path.startswith(url)
        items.append({"label": entry.label, "url": url, "active": active})
    return items


@register.simple_tag(takes_context=True)
def staff_tools(context: template.Context) -> list[dict[str, Any]]:
    """The back office and the policy tools, for the staff who may open them (header utility bar)."""
    request = context.get("request")
    path = getattr(request, "path", "")
    items = []
    for entry in menus.staff_tool_entries(menus.audience_of(context.get("user"))):
        url = reverse(entry.url_name)
        items.append({"label": entry.label, "url": url, "active": path.startswith(url)})
    return items


@register.filter
def audit_changes(event: Any) -> list[tuple[str, str, str | None]]:
    """An audit event's changes as ``(field label, old, new)`` rows in words (the display layer)."""
    return display.change_rows(display.model_of(getattr(event, "subject_type", "")), getattr(event, "changes", None))


@register.filter(name="display")
def display_value(value: Any) -> str:
    """Any value in words of the page's language (enum labels, dates, yes/no, numbers)."""
    return display.shown(value)


@register.filter
def country(code: Any) -> str:
    """A country code as the country's name."""
    return display.country_name(code)


@register.filter
def language_name(code: Any) -> str:
    """A language code as the language's name."""
    return display.language_name(code)


@register.filter
def won(amount: Any) -> str:
    """An amount of Korean won, grouped, with 원 or KRW."""
    return display.money(amount)


@register.filter
def action_label(action: str) -> str:
    """An audit action code in words (translated), or the code itself when it has no label."""
    return _action_label(str(action))


@register.filter
def is_checkbox(bound_field: BoundField) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter
def krds_widget(bound_field: BoundField) -> str:
    """Render a field's widget with the KRDS class, and link it to its help text and errors."""
    widget = bound_field.field.widget
    attrs: dict[str, Any] = {}
    if isinstance(widget, forms.Select):
        attrs["class"] = "krds-form-select"
    elif not isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        attrs["class"] = "krds-input"
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
        described_by += [f"{bound_field.auto_id}_error{number}" for number in range(1, len(bound_field.errors) + 1)]
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    existing = widget.attrs.get("class", "")
    if existing and "class" in attrs:
        attrs["class"] = f"{existing} {attrs['class']}"
    return bound_field.as_widget(attrs=attrs)

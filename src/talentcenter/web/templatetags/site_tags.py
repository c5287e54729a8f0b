"""Template helpers of the site shell: pagination numbers, status badges, step states."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms, template
from django.core.paginator import Page
from django.forms import BoundField
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from talentcenter.accounts.enums import Role
from talentcenter.audit.actions import action_label as _action_label
from talentcenter.foundation import display

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
    """The entries of the main menu for this visitor, with the one for the current page marked."""
    request = context.get("request")
    user = context.get("user")
    entries: list[tuple[str, str | None]] = [
        (_("Home"), reverse("web:home")),
        (_("Check your eligibility"), _reverse_or_none("policy:pathfinder")),
        (_("Rules in force"), _reverse_or_none("policy:rules")),
        (_("Job board"), _reverse_or_none("jobs:board")),
    ]
    if user is not None and user.is_authenticated:
        # A company member is not led to "my talent profile", nor a professional to "my companies".
        is_company = user.has_role(Role.COMPANY_MEMBER)
        is_talent = user.has_role(Role.TALENT)  # granted at sign-up and with the profile
        entries.append((_("My page"), reverse("web:dashboard")))
        if is_talent or not is_company:
            entries.append((_("My talent profile"), _reverse_or_none("talent:profile")))
        if is_company or not is_talent:
            entries.append((_("My companies"), _reverse_or_none("organizations:mine")))
    if user is not None and user.is_authenticated and user.has_role(Role.EXTERNAL_EVALUATOR):
        entries.append((_("My evaluations"), _reverse_or_none("evaluations:list")))
    if context.get("show_back_office"):
        entries.append((_("Back office"), reverse("backoffice:index")))
    elif context.get("show_policy_back_office"):
        entries.append((_("Policy tools"), reverse("policy_backoffice:index")))
    path = getattr(request, "path", "")
    home = reverse("web:home")
    board = _reverse_or_none("jobs:board")
    items = []
    for label, url in entries:
        if url is None:
            continue
        if url == home:
            active = path == url
        elif url == board:
            # The board and its openings' pages; a company's and a talent's jobs pages are theirs.
            active = path == url or path[len(url) :].split("/", 1)[0].isdigit()
        else:
            active = path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
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

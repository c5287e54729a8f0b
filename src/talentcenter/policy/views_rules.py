"""The public rules page: every programme and track as of a chosen date, with every parameter."""

from __future__ import annotations

from typing import ClassVar
from zoneinfo import ZoneInfo

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentcenter.foundation.i18n import current_language
from talentcenter.policy.selectors_rules import rules_on

SEOUL = ZoneInfo("Asia/Seoul")


class RulesDateForm(forms.Form):
    shown_examples: ClassVar[dict[str, tuple[str, ...]]] = {"date": ("2026-07-02",)}

    date = forms.DateField(
        label=_("Date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The rules and values in force on this day (YYYY-MM-DD). Empty means today in Korea."),
        error_messages={"invalid": _("Enter a real date as YYYY-MM-DD, for example 2026-07-02.")},
    )


def rules_page(request: HttpRequest) -> HttpResponse:
    """GET ``?date=YYYY-MM-DD`` (default: today in Asia/Seoul); a bad date answers 400 with the form error."""
    today = timezone.localdate(timezone=SEOUL)
    form = RulesDateForm(request.GET or None, initial={"date": today})
    valid = form.is_valid() if form.is_bound else True
    as_of = (form.cleaned_data.get("date") if valid and form.is_bound else None) or today
    language = current_language()
    context = {
        "form": form,
        "rules": rules_on(as_of=as_of, language=language),
        "today": today,
        "is_today": as_of == today,
        "date_rejected": not valid,
    }
    return render(request, "policy/rules/page.html", context, status=200 if valid else 400)

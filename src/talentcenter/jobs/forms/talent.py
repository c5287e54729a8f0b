"""Forms of the talent's pages: the note sent with an application and the saved searches. They
check types and lengths; the services decide the rest (see services/applications.py, searches.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from talentcenter.jobs.services.applications import COVER_NOTE_MAX_LENGTH
from talentcenter.jobs.services.searches import CRITERIA_KEYS, NAME_MAX_LENGTH
from talentcenter.organizations.forms import KrdsFormMixin


class ApplyForm(KrdsFormMixin, forms.Form):
    cover_note = forms.CharField(
        label=_("Note to the company (optional)"),
        required=False,
        max_length=COVER_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A few lines on why this position interests you. At most 3000 characters."),
    )


class SavedSearchForm(KrdsFormMixin, forms.Form):
    """Save the job board's current filters (kept in hidden fields) under a name."""

    name = forms.CharField(label=_("Name of the search"), max_length=NAME_MAX_LENGTH)
    alert = forms.BooleanField(
        label=_("E-mail me new matching openings"),
        required=False,
        initial=True,
        help_text=_("Each e-mail lists the openings published since the one before."),
    )
    q = forms.CharField(required=False, widget=forms.HiddenInput)
    industry = forms.CharField(required=False, widget=forms.HiddenInput)
    region = forms.CharField(required=False, widget=forms.HiddenInput)
    salary_min = forms.CharField(required=False, widget=forms.HiddenInput)
    occupation = forms.CharField(required=False, widget=forms.HiddenInput)
    sponsorship = forms.CharField(required=False, widget=forms.HiddenInput)

    def criteria(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in CRITERIA_KEYS if self.cleaned_data.get(key)}


class SavedSearchEditForm(KrdsFormMixin, forms.Form):
    """Rename a saved search and turn its e-mails on or off."""

    name = forms.CharField(label=_("Name of the search"), max_length=NAME_MAX_LENGTH)
    alert = forms.BooleanField(label=_("E-mail me new matching openings"), required=False)


def criteria_from_query(query: Any) -> dict[str, str]:
    """The board's filters from a query string (``?q=…&industry=…``); other parameters (the page
    number, …) are left out, empty ones too."""
    return {key: str(query.get(key, "")).strip() for key in CRITERIA_KEYS if str(query.get(key, "")).strip()}

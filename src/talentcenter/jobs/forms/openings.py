"""Forms of the job board and the company's opening pages. They check types and lengths; the
services (``services.openings``, ``services.pipeline``) decide the rest."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from talentcenter.foundation.i18n import in_language
from talentcenter.jobs.enums import CloseReason, Region, Sponsorship
from talentcenter.jobs.models import Opening
from talentcenter.jobs.selectors.board import SPONSORING
from talentcenter.jobs.services.openings import SALARY_CEILING, SALARY_FLOOR
from talentcenter.organizations.forms import DateInput, KrdsFormMixin
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.reference.models import Occupation, Skill
from talentcenter.talent.enums import EducationLevel, SpokenLanguage

WEIGHT_CHOICES = [(value, str(value)) for value in range(1, 6)]
LANGUAGE_LEVEL_CHOICES = [
    (1, _("1 – beginner")),
    (2, _("2 – elementary")),
    (3, _("3 – intermediate")),
    (4, _("4 – upper intermediate")),
    (5, _("5 – advanced")),
    (6, _("6 – proficient")),
]
SKILL_ROWS = 8
LANGUAGE_ROWS = 3


def occupation_choices() -> list[tuple[str, Any]]:
    return [("", _("Choose…"))] + [
        (code, f"{code} {in_language(title_ko, title_en)}")
        for code, title_en, title_ko in Occupation.objects.order_by("code").values_list("code", "title_en", "title_ko")
    ]


def skill_choices() -> list[tuple[str, Any]]:
    return [("", _("Choose…"))] + [
        (code, in_language(name_ko, name_en))
        for code, name_en, name_ko in Skill.objects.order_by("category", "name_en").values_list(
            "code", "name_en", "name_ko"
        )
    ]


# --- The public board -------------------------------------------------------------------------
class BoardFilterForm(KrdsFormMixin, forms.Form):
    """The job board's search box and filters (a GET form; every field optional)."""

    q = forms.CharField(label=_("Words"), required=False, max_length=200, help_text=_("Job title, skill or company"))
    industry = forms.ChoiceField(
        label=_("Industry"), required=False, choices=[("", _("Any")), *AdvancedIndustry.choices]
    )
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[("", _("Any")), *Region.choices])
    salary_min = forms.IntegerField(
        label=_("Salary at least (KRW a year)"),
        required=False,
        min_value=0,
        max_value=SALARY_CEILING,
        # What ``selectors.board.board_queryset`` does with it.
        help_text=_(
            "An opening matches when its salary range overlaps this amount or more: its top (or its only "
            "amount) is at least this much. Openings without a salary are left out."
        ),
    )
    occupation = forms.ChoiceField(label=_("Occupation"), required=False)
    sponsorship = forms.ChoiceField(
        label=_("Visa sponsorship"),
        required=False,
        choices=[
            ("", _("Any")),
            (SPONSORING, _("Sponsors a visa route")),
            (Sponsorship.KTECH_PASS, Sponsorship.KTECH_PASS.label),
            (Sponsorship.E7_RECOMMENDATION, Sponsorship.E7_RECOMMENDATION.label),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = occupation_choices()
        cast(forms.ChoiceField, self.fields["occupation"]).choices = [("", _("Any")), *choices[1:]]
        self.fields["salary_min"].widget.attrs.update({"inputmode": "numeric", "step": "1000000"})
        self.fields["q"].widget.attrs.update({"type": "search"})

    def criteria(self) -> dict[str, Any]:
        """The filters for ``board_search`` (invalid ones dropped)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "q": data.get("q") or "",
            "industry": data.get("industry") or "",
            "region": data.get("region") or "",
            "salary_min": data.get("salary_min"),
            "occupation": data.get("occupation") or "",
            "sponsorship": data.get("sponsorship") or "",
        }


# --- The company's opening editor -------------------------------------------------------------
class OpeningForm(KrdsFormMixin, forms.Form):
    title_ko = forms.CharField(label=_("Title (Korean)"), required=False, max_length=160)
    title_en = forms.CharField(label=_("Title (English)"), required=False, max_length=160)
    description_ko = forms.CharField(
        label=_("Description (Korean)"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    industry = forms.ChoiceField(
        label=_("Industry"), required=False, choices=[("", _("Choose…")), *AdvancedIndustry.choices]
    )
    occupation = forms.ChoiceField(label=_("Occupation (E-7 list)"), required=False)
    min_education_level = forms.TypedChoiceField(
        label=_("Minimum degree"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("None required")), *EducationLevel.choices],
    )
    min_years = forms.IntegerField(label=_("Minimum years of experience"), required=False, min_value=0, max_value=40)
    salary_min_krw = forms.IntegerField(
        label=_("Salary from (KRW a year)"), required=False, min_value=SALARY_FLOOR, max_value=SALARY_CEILING
    )
    salary_max_krw = forms.IntegerField(
        label=_("Salary up to (KRW a year)"), required=False, min_value=SALARY_FLOOR, max_value=SALARY_CEILING
    )
    region = forms.ChoiceField(label=_("Region"), choices=[("", _("Choose…")), *Region.choices])
    location_detail = forms.CharField(label=_("City or site"), required=False, max_length=120)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
    closing_date = forms.DateField(label=_("Closing date"), required=False, widget=DateInput())
    sponsorship = forms.ChoiceField(label=_("Visa sponsorship"), choices=Sponsorship.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["occupation"]).choices = occupation_choices()
        for name in ("salary_min_krw", "salary_max_krw"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "step": "1000000"})

    @staticmethod
    def initial_of(opening: Opening) -> dict[str, Any]:
        return {
            "title_ko": opening.title_ko,
            "title_en": opening.title_en,
            "description_ko": opening.description_ko,
            "description_en": opening.description_en,
            "industry": opening.industry,
            "occupation": opening.occupation.code if opening.occupation else "",
            "min_education_level": opening.min_education_level,
            "min_years": opening.min_years,
            "salary_min_krw": opening.salary_min_krw,
            "salary_max_krw": opening.salary_max_krw,
            "region": opening.region,
            "location_detail": opening.location_detail,
            "start_date": opening.start_date,
            "closing_date": opening.closing_date,
            "sponsorship": opening.sponsorship,
        }

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["min_years"] = data.get("min_years") or 0
        return data


class SkillRowForm(KrdsFormMixin, forms.Form):
    skill = forms.ChoiceField(label=_("Skill"), required=False)
    weight = forms.TypedChoiceField(label=_("Weight (1–5)"), coerce=int, choices=WEIGHT_CHOICES, initial=3)
    required = forms.BooleanField(label=_("Required"), required=False)

    def __init__(self, *args: Any, skills: list[tuple[str, Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["skill"]).choices = skills if skills is not None else skill_choices()


class LanguageRowForm(KrdsFormMixin, forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Choose…")), *SpokenLanguage.choices]
    )
    minimum_level = forms.TypedChoiceField(
        label=_("Minimum level"), coerce=int, choices=LANGUAGE_LEVEL_CHOICES, initial=3
    )
    required = forms.BooleanField(label=_("Required"), required=False)


SkillFormSet = formset_factory(SkillRowForm, extra=0, max_num=20, absolute_max=40)
LanguageFormSet = formset_factory(LanguageRowForm, extra=0, max_num=10, absolute_max=20)


def skill_formset(data: Any = None, *, initial: list[dict[str, Any]] | None = None) -> Any:
    """Rows for the opening's skills plus empty ones (the list of skills loaded once for all rows).
    Nothing is required until the company ticks it: an empty row's box is not ticked."""
    choices = skill_choices()
    rows = list(initial or [])
    rows += [{"weight": 3}] * max(0, SKILL_ROWS - len(rows))
    return SkillFormSet(data, initial=rows, prefix="skills", form_kwargs={"skills": choices})


def language_formset(data: Any = None, *, initial: list[dict[str, Any]] | None = None) -> Any:
    rows = list(initial or [])
    rows += [{"minimum_level": 3}] * max(0, LANGUAGE_ROWS - len(rows))
    return LanguageFormSet(data, initial=rows, prefix="languages")


def skills_from(formset: Any) -> list[tuple[str, int, bool]]:
    return [
        (row.cleaned_data["skill"], row.cleaned_data["weight"], bool(row.cleaned_data.get("required")))
        for row in formset.forms
        if row.cleaned_data.get("skill")
    ]


def languages_from(formset: Any) -> list[tuple[str, int, bool]]:
    return [
        (row.cleaned_data["language"], row.cleaned_data["minimum_level"], bool(row.cleaned_data.get("required")))
        for row in formset.forms
        if row.cleaned_data.get("language")
    ]


class CloseForm(KrdsFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the opening closed?"),
        choices=[(CloseReason.FILLED, CloseReason.FILLED.label), (CloseReason.CANCELLED, CloseReason.CANCELLED.label)],
        widget=forms.RadioSelect,
    )


# --- The pipeline -----------------------------------------------------------------------------
class MoveForm(KrdsFormMixin, forms.Form):
    transition = forms.CharField(max_length=40, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason (not shown to the talent)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(KrdsFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Note (seen only by your company)"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class InviteForm(KrdsFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Message to the candidate (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

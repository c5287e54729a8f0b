"""Forms of talent requests: the company's request (criteria in fixed rows, no script needed), the
live count (the same form, read by the count endpoint), and the center's shortlist note."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from talentcenter.jobs.models import Opening
from talentcenter.jobs.services.requests import MAX_YEARS, SALARY_MAX, SALARY_MIN, criteria_clean
from talentcenter.organizations.forms import KrdsFormMixin
from talentcenter.organizations.models import Company
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.reference.models import Skill
from talentcenter.talent.enums import EducationLevel, SpokenLanguage

SKILL_ROWS = 5
LANGUAGE_ROWS = 3
WEIGHT_CHOICES = [(str(value), str(value)) for value in range(1, 6)]
LEVEL_CHOICES = [(str(value), str(value)) for value in range(1, 7)]


def skill_choices() -> list[Any]:
    """The taxonomy grouped by category (one query)."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for skill in Skill.objects.order_by("category", "name_en").only("code", "category", "name_en", "name_ko"):
        groups[skill.category].append((skill.code, skill.name))
    return [
        ("", _("No skill")),
        *[(category.replace("_", " ").capitalize(), items) for category, items in groups.items()],
    ]


class CriteriaForm(KrdsFormMixin, forms.Form):
    """The criteria alone: what the live count reads."""

    min_education_level = forms.TypedChoiceField(
        label=_("Minimum degree"),
        choices=[("", _("Any degree")), *EducationLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    min_years = forms.IntegerField(
        label=_("Minimum years of experience"), min_value=0, max_value=MAX_YEARS, required=False
    )
    industry = forms.ChoiceField(
        label=_("Industry"), choices=[("", _("Any industry")), *AdvancedIndustry.choices], required=False
    )
    salary_min_krw = forms.IntegerField(
        label=_("Salary from (KRW a year)"), min_value=SALARY_MIN, max_value=SALARY_MAX, required=False
    )
    salary_max_krw = forms.IntegerField(
        label=_("Salary up to (KRW a year)"), min_value=SALARY_MIN, max_value=SALARY_MAX, required=False
    )
    nationalities = forms.CharField(
        label=_("Nationalities"),
        required=False,
        max_length=200,
        help_text=_("Two-letter country codes separated by commas, e.g. VN, IN, DE. Leave empty for any."),
    )
    shown_examples: ClassVar[dict[str, tuple[str, ...]]] = {"nationalities": ("VN, IN, DE",)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = skill_choices()
        for row in range(1, SKILL_ROWS + 1):
            self.fields[f"skill_{row}"] = forms.ChoiceField(
                label=_("Skill {number}").format(number=row), choices=choices, required=False
            )
            self.fields[f"skill_weight_{row}"] = forms.ChoiceField(
                label=_("Weight of skill {number} (1–5)").format(number=row),
                choices=WEIGHT_CHOICES,
                initial="3",
                required=False,
            )
            self.fields[f"skill_required_{row}"] = forms.BooleanField(
                label=_("Skill {number} is required").format(number=row), required=False
            )
        for row in range(1, LANGUAGE_ROWS + 1):
            self.fields[f"language_{row}"] = forms.ChoiceField(
                label=_("Language {number}").format(number=row),
                choices=[("", _("No language")), *SpokenLanguage.choices],
                required=False,
            )
            self.fields[f"language_level_{row}"] = forms.ChoiceField(
                label=_("Lowest level of language {number} (1–6)").format(number=row),
                choices=LEVEL_CHOICES,
                initial="3",
                required=False,
            )
            self.fields[f"language_required_{row}"] = forms.BooleanField(
                label=_("Language {number} is required").format(number=row), required=False
            )
        # KrdsFormMixin ran before the rows existed.
        for name, field in self.fields.items():
            if name.startswith(("skill_", "language_")) and isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "krds-form-select")

    def skill_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "number": row,
                "skill": self[f"skill_{row}"],
                "weight": self[f"skill_weight_{row}"],
                "required": self[f"skill_required_{row}"],
            }
            for row in range(1, SKILL_ROWS + 1)
        ]

    def language_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "number": row,
                "language": self[f"language_{row}"],
                "level": self[f"language_level_{row}"],
                "required": self[f"language_required_{row}"],
            }
            for row in range(1, LANGUAGE_ROWS + 1)
        ]

    def criteria(self) -> dict[str, Any]:
        """The cleaned criteria as the service takes them (call after ``is_valid``)."""
        data = self.cleaned_data
        skills = []
        for row in range(1, SKILL_ROWS + 1):
            code = data.get(f"skill_{row}")
            if code:
                skills.append(
                    {
                        "code": code,
                        "weight": int(data.get(f"skill_weight_{row}") or 3),
                        "required": bool(data.get(f"skill_required_{row}")),
                    }
                )
        languages = []
        for row in range(1, LANGUAGE_ROWS + 1):
            language = data.get(f"language_{row}")
            if language:
                languages.append(
                    {
                        "language": language,
                        "level": int(data.get(f"language_level_{row}") or 3),
                        "required": bool(data.get(f"language_required_{row}")),
                    }
                )
        nationalities = [code.strip().upper() for code in (data.get("nationalities") or "").split(",") if code.strip()]
        return {
            "skills": skills,
            "min_education_level": data.get("min_education_level"),
            "min_years": data.get("min_years"),
            "languages": languages,
            "industry": data.get("industry") or "",
            "salary_min_krw": data.get("salary_min_krw"),
            "salary_max_krw": data.get("salary_max_krw"),
            "nationalities": nationalities,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                criteria_clean(self.criteria())
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    target = {"skills": "skill_1", "languages": "language_1", "criteria": None}.get(field, field)
                    self.add_error(target if target in self.fields or target is None else None, messages)
        return cleaned

    @staticmethod
    def initial_from_criteria(criteria: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "min_education_level": criteria.get("min_education_level"),
            "min_years": criteria.get("min_years"),
            "industry": criteria.get("industry") or "",
            "salary_min_krw": criteria.get("salary_min_krw"),
            "salary_max_krw": criteria.get("salary_max_krw"),
            "nationalities": ", ".join(criteria.get("nationalities") or []),
        }
        for row, item in enumerate((criteria.get("skills") or [])[:SKILL_ROWS], start=1):
            initial[f"skill_{row}"] = item["code"]
            initial[f"skill_weight_{row}"] = str(item.get("weight", 3))
            initial[f"skill_required_{row}"] = bool(item.get("required", True))
        for row, item in enumerate((criteria.get("languages") or [])[:LANGUAGE_ROWS], start=1):
            initial[f"language_{row}"] = item["language"]
            initial[f"language_level_{row}"] = str(item.get("level", 3))
            initial[f"language_required_{row}"] = bool(item.get("required", True))
        return initial


def _opening_label(opening: Opening) -> str:
    return f"{opening.title} ({opening.company.name})"


class OpeningChoiceField(forms.ModelChoiceField):
    """One of the company's openings, named with its company."""

    def label_from_instance(self, obj: Opening) -> str:
        return _opening_label(obj)


class TalentRequestForm(CriteriaForm):
    """The whole request: who asks, what for, how many, and the criteria."""

    company: forms.ModelChoiceField[Company] = forms.ModelChoiceField(
        label=_("Company"), queryset=Company.objects.none()
    )
    title = forms.CharField(label=_("What you are looking for"), max_length=160)
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The team, the work, the start date: what helps the center and the talent decide."),
    )
    headcount = forms.IntegerField(label=_("People needed"), min_value=1, max_value=50, initial=1)
    opening = OpeningChoiceField(
        label=_("Copy the criteria of an opening (optional)"),
        queryset=Opening.objects.none(),
        required=False,
    )

    field_order = ["company", "title", "description", "headcount", "opening"]

    def __init__(self, *args: Any, companies: QuerySet[Company], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        company_field = cast("forms.ModelChoiceField[Company]", self.fields["company"])
        company_field.queryset = companies
        company_field.empty_label = None
        # The openings offered: those of the companies the person may file for.
        self.openings = Opening.objects.filter(company__in=companies).select_related("company")
        opening_field = cast(OpeningChoiceField, self.fields["opening"])
        opening_field.queryset = self.openings
        opening_field.empty_label = _("No opening")
        for name in ("company", "opening"):
            self.fields[name].widget.attrs.setdefault("class", "krds-form-select")


class ShortlistAddForm(KrdsFormMixin, forms.Form):
    profile_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label=_("Note for the talent"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why this request may interest them; the talent reads it with the invitation."),
    )

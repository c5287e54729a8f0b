"""Forms of the profile wizard. They check types, lengths and choices; the services decide the rest
(date ranges, language levels, consents) and their errors are put back on these forms."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from talentcenter.organizations.forms import DateInput, KrdsFormMixin
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.reference.selectors import advanced_industries, skill_list
from talentcenter.talent.enums import Proficiency, Visibility
from talentcenter.talent.models import (
    SALARY_MAX_KRW,
    SALARY_MIN_KRW,
    Education,
    Experience,
    LanguageEntry,
    SkillEntry,
    TalentProfile,
)
from talentcenter.talent.services import EDUCATION_FIELDS, EXPERIENCE_FIELDS, PERSONAL_FIELDS

SKILL_CATEGORY_LABELS = {
    **{industry.value: industry.label for industry in AdvancedIndustry},
    "cross_cutting": _("Cross-cutting skills"),
}


class PersonalForm(KrdsFormMixin, forms.ModelForm):
    shown_examples: ClassVar[dict[str, tuple[str, ...]]] = {
        "phone": ("+82 10 1234 5678",),
        "headline": ("Battery materials scientist, 10 years in R&D", "배터리 소재 연구원, R&D 경력 10년"),
    }

    class Meta:
        model = TalentProfile
        fields = PERSONAL_FIELDS
        widgets = {
            "family_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "given_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "name_hangul": forms.TextInput(attrs={"lang": "ko"}),
            "birth_date": DateInput(attrs={"autocomplete": "bday"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "family_name": _("In the Latin letters of your passport."),
            "given_name": _("In the Latin letters of your passport."),
            "name_hangul": _("Optional: your name in Hangul, if you have one."),
            "phone": _("In international form, e.g. +82 10 1234 5678."),
            "contact_email": _("Where the center and companies may write to you."),
            "headline": _("One line that companies see first, e.g. “Battery materials scientist, 10 years in R&D”."),
        }


class EducationForm(KrdsFormMixin, forms.ModelForm):
    class Meta:
        model = Education
        fields = EDUCATION_FIELDS
        widgets = {"completed_on": DateInput()}
        help_texts = {
            "institution": _("The full name of the university or school."),
            "completed_on": _("Leave empty if you are still studying."),
        }


class ExperienceForm(KrdsFormMixin, forms.ModelForm):
    class Meta:
        model = Experience
        fields = EXPERIENCE_FIELDS
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}
        help_texts = {
            "ended_on": _("Leave empty if you work there now."),
            "is_postdoctoral": _("Tick if this position was post-doctoral research."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        started_on, ended_on = cleaned.get("started_on"), cleaned.get("ended_on")
        if started_on and ended_on and ended_on < started_on:
            self.add_error("ended_on", _("The end cannot be before the start."))
        return cleaned


class SkillForm(KrdsFormMixin, forms.Form):
    skill = forms.ChoiceField(label=_("Skill"))
    proficiency = forms.TypedChoiceField(
        label=_("Proficiency"), coerce=int, choices=[("", _("Choose…")), *Proficiency.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        for skill in skill_list():
            groups.setdefault(skill.category, []).append((skill.code, skill.name))
        self.fields["skill"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose…")),
            *((SKILL_CATEGORY_LABELS.get(category, category), options) for category, options in groups.items()),
        ]
        self.fields["skill"].help_text = _("If the skill is already on your profile, its proficiency is updated.")


class LanguageForm(KrdsFormMixin, forms.ModelForm):
    class Meta:
        model = LanguageEntry
        fields = ["language", "test", "level"]
        help_texts = {
            "level": _(
                "TOPIK 1–6, KIIP 0–5, TOEIC 10–990, TOEFL iBT 0–120, IELTS 0–9, CEFR A1–C2; "
                "may be left empty without a test."
            ),
        }


class SkillProficiencyForm(KrdsFormMixin, forms.ModelForm):
    """Changing a listed skill: only its proficiency; another skill is added as a new entry."""

    class Meta:
        model = SkillEntry
        fields = ["proficiency"]


class LanguageLevelForm(KrdsFormMixin, forms.ModelForm):
    """Changing a listed language: its test and level."""

    class Meta:
        model = LanguageEntry
        fields = ["test", "level"]
        help_texts = LanguageForm.Meta.help_texts


class PreferencesForm(KrdsFormMixin, forms.Form):
    desired_industries = forms.MultipleChoiceField(
        label=_("Industries you would like to work in"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The 8 advanced industries of the K-Tech Pass. Choose any number."),
    )
    desired_salary_krw = forms.IntegerField(
        label=_("Lowest annual salary you would accept (KRW)"),
        required=False,
        min_value=SALARY_MIN_KRW,
        max_value=SALARY_MAX_KRW,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1_000_000}),
        help_text=_("Optional. Gross per year in Korean won, e.g. 60000000. Companies see only whether they match it."),
    )
    shown_examples: ClassVar[dict[str, tuple[str, ...]]] = {"desired_salary_krw": ("60000000",)}
    visibility = forms.ChoiceField(
        label=_("Who may find your profile"), choices=Visibility.choices, widget=forms.RadioSelect
    )
    consent_profile_sharing = forms.BooleanField(
        label=_("I agree that verified companies may see my profile to offer me positions."),
        required=False,
        help_text=_("Needed when verified companies may find you. You can withdraw it at any time."),
    )
    consent_marketing = forms.BooleanField(
        label=_("Send me news about recruitment events and programmes."), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desired_industries"].choices = [  # type: ignore[attr-defined]
            (industry.code, industry.name) for industry in advanced_industries()
        ]

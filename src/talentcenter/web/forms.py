"""Forms of the back office: list filters and the verification decisions."""

from __future__ import annotations

import functools
from typing import Any, ClassVar, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from talentcenter.audit.actions import action_label
from talentcenter.foundation.i18n import current_language
from talentcenter.foundation.rows import PreparedChoices, QuickSelect
from talentcenter.organizations.enums import CompanyStatus, SizeClass
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.talent.enums import EducationLevel, Visibility


def _with_blank(choices: Any, label: str | Any) -> list[tuple[Any, Any]]:
    return [("", label), *choices]


class KrdsFormMixin:
    """Give every widget the KRDS class for its kind."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "krds-form-select")
            elif isinstance(widget, forms.Textarea | forms.TextInput | forms.NumberInput):
                widget.attrs.setdefault("class", "krds-input")


@functools.lru_cache(maxsize=4)
def _nationality_choices(language: str) -> PreparedChoices:
    """ "All nationalities", then every country sorted by its name in ``language`` (the active
    one): django-countries translates and sorts 250 names on each reading, and a field normalizes
    a plain list again for each form; the filter is on every page of the list."""
    return PreparedChoices([("", str(_("All nationalities"))), *((code, str(name)) for code, name in countries)])


class TalentFilterForm(KrdsFormMixin, forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=100)
    # QuickSelect: the list's filters render on every page, the nationality with 250 options.
    nationality = forms.ChoiceField(label=_("Nationality"), required=False, widget=QuickSelect)
    industry = forms.ChoiceField(
        label=_("Desired industry"),
        required=False,
        choices=_with_blank(AdvancedIndustry.choices, _("All industries")),
        widget=QuickSelect,
    )
    education_level = forms.TypedChoiceField(
        label=_("Minimum education"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_with_blank(EducationLevel.choices, _("Any education")),
        widget=QuickSelect,
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        required=False,
        choices=_with_blank(Visibility.choices, _("Any visibility")),
        widget=QuickSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        nationality = cast(forms.ChoiceField, self.fields["nationality"])
        nationality.choices = _nationality_choices(current_language())

    def selector_arguments(self) -> dict[str, Any]:
        """The filters as keyword arguments of ``talent_list_for_staff``; invalid ones are ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": data.get("q", ""),
            "nationality": data.get("nationality", ""),
            "industry": data.get("industry", ""),
            "education_level": data.get("education_level"),
            "visibility": data.get("visibility", ""),
        }


class CompanyFilterForm(KrdsFormMixin, forms.Form):
    q = forms.CharField(label=_("Name or business number"), required=False, max_length=100)
    industry = forms.ChoiceField(
        label=_("Industry"), required=False, choices=_with_blank(AdvancedIndustry.choices, _("All industries"))
    )
    size_class = forms.ChoiceField(
        label=_("Size class"), required=False, choices=_with_blank(SizeClass.choices, _("All sizes"))
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_with_blank(CompanyStatus.choices, _("Any status"))
    )

    def selector_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": data.get("q", ""),
            "industry": data.get("industry", ""),
            "size_class": data.get("size_class", ""),
            "status": data.get("status", ""),
        }


class AuditFilterForm(KrdsFormMixin, forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, *args: Any, actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = cast(forms.ChoiceField, self.fields["action"])
        action.choices = _with_blank([(name, action_label(name)) for name in actions], _("All actions"))


class CompanyVerifyForm(KrdsFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the audit trail, e.g. how the registration was checked."),
    )
    shown_examples: ClassVar[dict[str, tuple[str, ...]]] = {
        "note": ("how the registration was checked", "등록 내용을 확인한 방법")
    }


class CompanyRejectForm(KrdsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The company's members receive this reason by e-mail."),
        error_messages={"required": _("Say why the company is rejected; the company will read it.")},
    )

"""Forms of the company portal. They only check types and lengths; the services decide the rest."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from talentcenter.organizations.enums import MemberRole
from talentcenter.organizations.models import Company
from talentcenter.organizations.services import COMPANY_FIELDS
from talentcenter.organizations.validators import clean_business_registration_number

TEXT_WIDGETS = (forms.TextInput, forms.EmailInput, forms.URLInput, forms.NumberInput, forms.DateInput)


class KrdsFormMixin:
    """Give widgets the KRDS classes and a translated empty choice, so templates stay plain."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.CheckboxInput):
                continue
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "krds-form-select")
                if isinstance(field, forms.ModelChoiceField):
                    # Keep the queryset live: a form may narrow it after this runs.
                    field.empty_label = _("Choose…")
                    continue
                choices = list(getattr(field, "choices", []))
                if choices and choices[0][0] in ("", None):
                    field.choices = [("", _("Choose…")), *choices[1:]]  # type: ignore[attr-defined]
            elif isinstance(widget, (*TEXT_WIDGETS, forms.Textarea)):
                widget.attrs.setdefault("class", "krds-input")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _form_field(field: models.Field, **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class CompanyRegisterForm(KrdsFormMixin, forms.ModelForm):
    business_registration_number = forms.CharField(
        label=_("Business registration number"),
        max_length=20,
        help_text=_("10 digits, with or without dashes, e.g. 123-45-67891."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    # The example passes the check digit (web/tests/test_form_examples.py submits it).
    shown_examples: ClassVar[dict[str, tuple[str, ...]]] = {"business_registration_number": ("123-45-67891",)}

    field_order = ["business_registration_number", *COMPANY_FIELDS]

    class Meta:
        model = Company
        fields = COMPANY_FIELDS
        formfield_callback = _form_field
        widgets = {
            "name_en": forms.TextInput(attrs={"autocomplete": "organization", "lang": "en"}),
            "name_ko": forms.TextInput(attrs={"lang": "ko"}),
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "address": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "address_detail": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "website": forms.URLInput(attrs={"autocomplete": "url"}),
        }
        help_texts = {
            "name_en": _("As on your English certificate of business registration."),
            "name_ko": _("As on your certificate of business registration (사업자등록증)."),
            "size_class": _("As defined by the Framework Act on Small and Medium Enterprises."),
            "postal_code": _("5 digits."),
            "address_detail": _("Building, floor, room (optional)."),
            "website": _("Optional, starting with https://"),
        }

    def clean_business_registration_number(self) -> str:
        """Checked here too, so that a wrong number is reported together with the other errors."""
        value = self.cleaned_data["business_registration_number"]
        clean_business_registration_number(value)
        return value

    def clean_postal_code(self) -> str:
        value = self.cleaned_data["postal_code"].strip()
        if not (value.isascii() and value.isdigit() and len(value) == 5):
            raise ValidationError(_("Enter a postal code of 5 digits."), code="postal_code")
        return value


class CompanyUpdateForm(CompanyRegisterForm):
    """The same details without the number; a verified company's names are fixed."""

    business_registration_number = None  # type: ignore[assignment]
    field_order = COMPANY_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.is_verified:
            del self.fields["name_en"]
            del self.fields["name_ko"]


class InvitationForm(KrdsFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send the invitation link to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MemberRole.choices,
        initial=MemberRole.RECRUITER,
        help_text=_("Owners manage the company and its members; recruiters work with openings and candidates."),
    )

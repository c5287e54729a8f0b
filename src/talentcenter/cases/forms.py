"""Forms of the applications portal. They check types, lengths and the upload's size; the
services decide everything else (who may, in which status, whether the content is acceptable)."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from talentcenter.cases.enums import CaseType, KTechTrack
from talentcenter.foundation.i18n import current_language
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.forms import DateInput, KrdsFormMixin
from talentcenter.organizations.models import Company
from talentcenter.policy.engine.inputs import code_name, industry_codes

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_ACCEPT = ".pdf,.jpg,.jpeg,.png"


def kotra_field_choices() -> list[tuple[str, Any]]:
    """KOTRA's eight technology fields, named in the current language."""
    language = current_language()
    codes = sorted(industry_codes().get("kotra", frozenset()))
    return [("", _("Choose…")), *((code, code_name(code, language)) for code in codes)]


def verified_companies(search: str = "") -> QuerySet[Company]:
    """Verified companies, optionally narrowed by a part of a name or the business number."""
    companies = Company.objects.filter(status=CompanyStatus.VERIFIED).order_by("name_en", "pk")
    search = search.strip()[:100]
    if search:
        digits = "".join(character for character in search if character.isdigit())
        condition = Q(name_en__icontains=search) | Q(name_ko__icontains=search)
        if len(digits) >= 3:
            condition |= Q(business_registration_number__contains=digits)
        companies = companies.filter(condition)
    return companies


class CompanyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Company) -> str:
        return f"{obj.name} ({obj.formatted_business_registration_number})"

    def offer(self, companies: QuerySet[Company]) -> None:
        """Offer these companies. The KRDS mixin froze the (then empty) choices at ``__init__``;
        they are rebuilt lazily from the queryset here."""
        self.queryset = companies
        self.empty_label = _("Choose…")
        self.choices = self.iterator(self)


class OfferForm(KrdsFormMixin, forms.Form):
    """The offer the company confirms: role, occupation, salary, start and (KOTRA) technology field."""

    job_title = forms.CharField(label=_("Job title"), max_length=160)
    occupation_code = forms.RegexField(
        label=_("Occupation code (KSCO)"),
        regex=r"^[0-9]{2,6}$",
        max_length=10,
        required=False,
        help_text=_("The Korean Standard Classification of Occupations code, e.g. 2211."),
        error_messages={"invalid": _("Enter the KSCO code in digits, e.g. 2211.")},
    )
    shown_examples: ClassVar[dict[str, tuple[str, ...]]] = {"occupation_code": ("2211",)}
    annual_salary_krw = forms.IntegerField(
        label=_("Annual salary (KRW)"), min_value=1, max_value=10_000_000_000, help_text=_("In won, before tax.")
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
    technology_field = forms.ChoiceField(label=_("KOTRA technology field"), required=False)

    def __init__(self, *args: Any, kotra: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["technology_field"]).choices = kotra_field_choices()
        self.fields["technology_field"].required = kotra
        if not kotra:
            del self.fields["technology_field"]


class KTechOfferForm(OfferForm):
    """The offer of a K-Tech Pass application and its track, which the company may change too."""

    field_order = ["track"]

    track = forms.ChoiceField(label=_("Track"), choices=KTechTrack.choices)


class TrackForm(KrdsFormMixin, forms.Form):
    """The track of a K-Tech Pass application: what its talent may change in the draft."""

    track = forms.ChoiceField(label=_("Track"), choices=KTechTrack.choices)


class TalentStartForm(KrdsFormMixin, forms.Form):
    """A talent starts a K-Tech Pass application with a verified company."""

    company = CompanyChoiceField(label=_("Hiring company"), queryset=Company.objects.none())
    track = forms.ChoiceField(label=_("Track"), choices=KTechTrack.choices, initial=KTechTrack.STANDARD)

    def __init__(self, *args: Any, search: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(CompanyChoiceField, self.fields["company"]).offer(verified_companies(search))


class CompanyStartForm(OfferForm):
    """A member of a verified company starts an application for a talent named by e-mail."""

    field_order = ["company", "case_type", "talent_email", "track"]

    company = CompanyChoiceField(label=_("Hiring company"), queryset=Company.objects.none())
    case_type = forms.ChoiceField(label=_("Kind of application"), choices=CaseType.choices)
    talent_email = forms.EmailField(
        label=_("The talent's account e-mail"),
        max_length=254,
        help_text=_("The e-mail address the talent signs in with. They must have a talent profile."),
    )
    track = forms.ChoiceField(
        label=_("Track (K-Tech Pass only)"), choices=KTechTrack.choices, initial=KTechTrack.STANDARD, required=False
    )

    def __init__(self, *args: Any, companies: QuerySet[Company], **kwargs: Any) -> None:
        super().__init__(*args, kotra=True, **kwargs)
        cast(CompanyChoiceField, self.fields["company"]).offer(companies)
        self.fields["technology_field"].required = False
        self.fields["technology_field"].help_text = _("Required for a KOTRA employment recommendation.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("case_type") == CaseType.KOTRA_RECOMMENDATION and not data.get("technology_field"):
            self.add_error("technology_field", _("Choose the KOTRA technology field of the position."))
        return data


class UploadForm(forms.Form):
    """One file for one line of the checklist; content checks are the service's."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
        return upload


class AnswerForm(KrdsFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note to the center"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class WithdrawForm(KrdsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class RecordUseForm(KrdsFormMixin, forms.Form):
    filed_on = forms.DateField(label=_("E-7 application filed on"), widget=DateInput())
    application_number = forms.CharField(label=_("E-7 application number"), max_length=40, required=False)

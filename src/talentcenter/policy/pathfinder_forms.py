"""Forms of the pathfinder (the public self-check), one group per step, and their conversions.

Each step reads its part of the applicant (the interchange format of ``policy.engine.inputs``) as
initial values, and writes it back from cleaned data. The forms check types, lengths, choices and
date ranges; the full applicant is then validated by ``ApplicantIn`` and its errors are put back on
these forms (``add_applicant_errors``), so a person always sees a translated message next to the
field they typed.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from talentcenter.foundation.i18n import in_language
from talentcenter.organizations.forms import DateInput, KrdsFormMixin
from talentcenter.policy.engine.inputs import CATEGORY_NAMES, HOST_TYPES
from talentcenter.policy.translation import translated_lazy
from talentcenter.reference.enums import AdvancedIndustry, IndustryScheme
from talentcenter.reference.models import Industry, Occupation
from talentcenter.talent.enums import OrganizationKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Choices = list[tuple[str, "StrOrPromise"]]

MAX_DEGREES = 5
MAX_JOBS = 10
EARLIEST_DATE = date(1900, 1, 1)
EARLIEST_START = date(1940, 1, 1)
LATEST_DATE = date(2100, 1, 1)
EARLIEST_AS_OF = date(2024, 1, 1)
LATEST_AS_OF = date(2040, 12, 31)
MAX_SALARY_KRW = 100_000_000_000
MAX_EMPLOYEES = 10_000_000

DEGREE_LEVELS = [
    ("associate", _("Associate degree")),
    ("bachelor", _("Bachelor's degree")),
    ("master", _("Master's degree")),
    ("doctorate", _("Doctorate")),
]
COMPANY_SIZES = [
    ("sme", _("Small or medium-sized enterprise")),
    ("midsize", _("Mid-sized enterprise")),
    ("large", _("Large enterprise")),
]
# Korea's 17 first-level regions; Seoul, Gyeonggi and Incheon are the capital region.
REGIONS = [
    ("seoul", _("Seoul")),
    ("gyeonggi", _("Gyeonggi")),
    ("incheon", _("Incheon")),
    ("busan", _("Busan")),
    ("daegu", _("Daegu")),
    ("gwangju", _("Gwangju")),
    ("daejeon", _("Daejeon")),
    ("ulsan", _("Ulsan")),
    ("sejong", _("Sejong")),
    ("gangwon", _("Gangwon")),
    ("chungbuk", _("North Chungcheong")),
    ("chungnam", _("South Chungcheong")),
    ("jeonbuk", _("North Jeolla")),
    ("jeonnam", _("South Jeolla")),
    ("gyeongbuk", _("North Gyeongsang")),
    ("gyeongnam", _("South Gyeongsang")),
    ("jeju", _("Jeju")),
]
GOVERNMENT_PROGRAMMES = [
    ("", _("None")),
    *(
        (code, translated_lazy(CATEGORY_NAMES[code]))
        for code in ("mohw-scholar-recruitment", "kasa-scholar-recruitment")
    ),
    ("other", _("Another government programme")),
]
TOPIK_LEVELS = [
    ("", _("No TOPIK result")),
    *((str(level), format_lazy(_("TOPIK level {level}"), level=level)) for level in range(1, 7)),
]
# Statuses of stay (체류자격) by their official code and name; D-10 by its three kinds (the D-10-3
# high-tech internship opens an E-7-1 route). Not given = not known: the engine then asks for it.
STATUSES_OF_STAY = [
    ("A-1", pgettext_lazy("status of stay", "Diplomacy")),
    ("A-2", pgettext_lazy("status of stay", "Government official")),
    ("A-3", pgettext_lazy("status of stay", "Agreement")),
    ("B-1", pgettext_lazy("status of stay", "Visa exemption")),
    ("B-2", pgettext_lazy("status of stay", "Tourism and transit")),
    ("C-1", pgettext_lazy("status of stay", "Temporary news coverage")),
    ("C-3", pgettext_lazy("status of stay", "Short-term visit")),
    ("C-4", pgettext_lazy("status of stay", "Short-term employment")),
    ("D-1", pgettext_lazy("status of stay", "Culture and arts")),
    ("D-2", pgettext_lazy("status of stay", "Study")),
    ("D-3", pgettext_lazy("status of stay", "Technical training")),
    ("D-4", pgettext_lazy("status of stay", "General training")),
    ("D-5", pgettext_lazy("status of stay", "News coverage")),
    ("D-6", pgettext_lazy("status of stay", "Religious work")),
    ("D-7", pgettext_lazy("status of stay", "Intra-company transfer")),
    ("D-8", pgettext_lazy("status of stay", "Corporate investment")),
    ("D-9", pgettext_lazy("status of stay", "Trade management")),
    ("D-10-1", pgettext_lazy("status of stay", "Job seeking")),
    ("D-10-2", pgettext_lazy("status of stay", "Preparing a technology start-up")),
    ("D-10-3", pgettext_lazy("status of stay", "High-tech internship")),
    ("E-1", pgettext_lazy("status of stay", "Professor")),
    ("E-2", pgettext_lazy("status of stay", "Foreign language teaching")),
    ("E-3", pgettext_lazy("status of stay", "Research")),
    ("E-4", pgettext_lazy("status of stay", "Technology guidance")),
    ("E-5", pgettext_lazy("status of stay", "Professional work")),
    ("E-6", pgettext_lazy("status of stay", "Arts and entertainment")),
    ("E-7", pgettext_lazy("status of stay", "Specially designated activities")),
    ("E-8", pgettext_lazy("status of stay", "Seasonal work")),
    ("E-9", pgettext_lazy("status of stay", "Non-professional employment")),
    ("E-10", pgettext_lazy("status of stay", "Crew employment")),
    ("F-1", pgettext_lazy("status of stay", "Visiting and joining family")),
    ("F-2", pgettext_lazy("status of stay", "Residence")),
    ("F-3", pgettext_lazy("status of stay", "Accompanying family")),
    ("F-4", pgettext_lazy("status of stay", "Overseas Korean")),
    ("F-5", pgettext_lazy("status of stay", "Permanent residence")),
    ("F-6", pgettext_lazy("status of stay", "Marriage migrant")),
    ("G-1", pgettext_lazy("status of stay", "Miscellaneous")),
    ("H-1", pgettext_lazy("status of stay", "Working holiday")),
    ("H-2", pgettext_lazy("status of stay", "Working visit")),
]
STATUS_OF_STAY_CHOICES = [
    ("", _("Not given (not in Korea, or I prefer not to say)")),
    *((code, format_lazy("{code} · {name}", code=code, name=name)) for code, name in STATUSES_OF_STAY),
]
HOST_TYPE_CHOICES = [
    ("", _("I don't know")),
    *((code, translated_lazy(CATEGORY_NAMES[code])) for code in (*HOST_TYPES, "other")),
]
# Yes, no or not known (""): a fact not known stays None in the applicant, never False.
YES_NO_UNKNOWN = [("yes", _("Yes")), ("no", _("No")), ("", _("I don't know"))]
OFFER_CHOICES = [("no", _("No job offer yet")), ("yes", _("I have a job offer from a Korean company"))]


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _tri(value: str | None) -> bool | None:
    """A yes / no / don't know answer as the applicant's True, False or None."""
    return True if value == "yes" else False if value == "no" else None


def _tri_answer(value: Any) -> str:
    """True, False or None as the form's "yes", "no" or "" (don't know)."""
    return "yes" if value is True else "no" if value is False else ""


def _count(value: Any) -> str:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else ""


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else None


def _date_in_range(value: date | None, earliest: date, latest: date) -> None:
    if value is not None and not earliest <= value <= latest:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": earliest.isoformat(), "latest": latest.isoformat()},
            code="out_of_range",
        )


def country_choices() -> Choices:
    return [("", _("Choose…")), *((code, str(name)) for code, name in countries)]


def _industry_name(industry: Industry) -> str:
    return in_language(industry.name_ko, industry.name_en)


def industry_choices() -> Choices:
    """The 8 advanced industries (as loaded, falling back to the enum) and "other"."""
    loaded = [
        (industry.code, _industry_name(industry))
        for industry in Industry.objects.filter(scheme=IndustryScheme.KTECH_PASS).order_by("id")
    ]
    advanced = loaded or [(industry.value, str(industry.label)) for industry in AdvancedIndustry]
    return [("", _("Choose…")), *advanced, ("other", _("Another industry"))]


def technology_field_choices() -> Choices:
    fields = [
        (industry.code, _industry_name(industry))
        for industry in Industry.objects.filter(scheme=IndustryScheme.KOTRA).order_by("id")
    ]
    return [("", _("Choose…")), *fields, ("other", _("Another field"))]


def occupation_choices() -> Choices:
    return [
        ("", _("Choose…")),
        *(
            (code, f"{code} {in_language(title_ko, title_en)}")
            for code, title_en, title_ko in Occupation.objects.order_by("code").values_list(
                "code", "title_en", "title_ko"
            )
        ),
    ]


# Step 1 ----------------------------------------------------------------------------------------


class AboutForm(KrdsFormMixin, forms.Form):
    nationality = forms.ChoiceField(
        label=_("Nationality"), required=False, help_text=_("Optional. Some programmes depend on it.")
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=DateInput(attrs={"autocomplete": "bday"}),
        help_text=_("Optional. Used where age gives points."),
    )
    current_visa = forms.ChoiceField(
        label=_("Current status of stay"),
        required=False,
        choices=STATUS_OF_STAY_CHOICES,
        help_text=_(
            "Optional. The visa type you hold now, if you live in Korea. Some routes depend on it: holders of the "
            "non-professional employment visa (E-9) cannot switch to the regional visa, and a high-tech intern "
            "(D-10-3) has a route to the professional visa (E-7-1)."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = country_choices()  # type: ignore[attr-defined]

    def clean_birth_date(self) -> date | None:
        value = self.cleaned_data.get("birth_date")
        _date_in_range(value, EARLIEST_DATE, LATEST_DATE)
        return value


def about_initial(applicant: dict[str, Any]) -> dict[str, Any]:
    person = applicant.get("person") or {}
    return {
        "nationality": person.get("nationality") or "",
        "birth_date": person.get("birth_date") or "",
        "current_visa": str(person.get("current_visa") or "").upper(),
    }


def about_apply(applicant: dict[str, Any], cleaned: dict[str, Any]) -> dict[str, Any]:
    person = {
        "nationality": cleaned.get("nationality") or None,
        "birth_date": _iso(cleaned.get("birth_date")),
        "current_visa": cleaned.get("current_visa") or None,
    }
    return {**applicant, "person": person if any(person.values()) else None}


# Rows of steps 2 and 3 ----------------------------------------------------------------------------


class RowFormSet(forms.BaseFormSet):
    """Rows added and removed by buttons (no script); a blank row beyond the minimum is skipped."""

    default_error_messages = {
        "too_many_forms": _("You can add at most %(num)d; remove one first."),
    }

    def initial_form_count(self) -> int:
        # Posted rows are all "extra": an untouched blank row is then ignored rather than refused.
        return 0 if self.is_bound else super().initial_form_count()

    def rows(self) -> list[dict[str, Any]]:
        """The cleaned rows that were filled in, in order."""
        return [form.cleaned_data for form in self.forms if form.cleaned_data]


class DegreeRowFormSet(RowFormSet):
    default_error_messages = {"too_few_forms": _("Add at least one degree.")}


class DegreeForm(KrdsFormMixin, forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=[("", _("Choose…")), *DEGREE_LEVELS])
    field = forms.CharField(
        label=_("Field of study"), max_length=120, help_text=_("For example: electrical engineering.")
    )
    institution = forms.CharField(
        label=_("Institution"), max_length=200, help_text=_("The full name of the university.")
    )
    shown_examples: ClassVar[dict[str, tuple[str, ...]]] = {"field": ("electrical engineering", "전기공학")}
    country = forms.ChoiceField(label=_("Country"), required=False)
    completed = forms.DateField(
        label=_("Completion date"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty if you are still studying."),
    )
    in_progress = forms.BooleanField(
        label=_("I am still studying for this degree"),
        required=False,
        help_text=_("Tick this if you have not completed the degree yet. Some routes accept current students."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()  # type: ignore[attr-defined]

    def clean_completed(self) -> date | None:
        value = self.cleaned_data.get("completed")
        _date_in_range(value, EARLIEST_START, LATEST_DATE)
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("in_progress") and cleaned.get("completed") is not None:
            self.add_error(
                "completed",
                _(
                    "A degree you are still studying for has no completion date: leave the date empty, or untick "
                    "“I am still studying for this degree”."
                ),
            )
        return cleaned


DegreeFormSet = forms.formset_factory(
    DegreeForm,
    formset=DegreeRowFormSet,
    extra=0,
    min_num=1,
    max_num=MAX_DEGREES,
    absolute_max=MAX_DEGREES,
    validate_min=True,
    validate_max=True,
)


def degrees_initial(applicant: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "level": row.get("level") or "",
            "field": row.get("field") or "",
            "institution": row.get("institution") or "",
            "country": row.get("country") or "",
            "completed": row.get("completed") or "",
            "in_progress": bool(row.get("in_progress")),
        }
        for row in applicant.get("education") or []
        if isinstance(row, dict)
    ]


def degrees_apply(applicant: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    education = [
        {
            "level": row["level"],
            "field": row.get("field", ""),
            "institution": row.get("institution", ""),
            "country": row.get("country") or None,
            "completed": _iso(row.get("completed")),
            "in_progress": bool(row.get("in_progress")),
        }
        for row in rows
    ]
    return {**applicant, "education": education}


class JobForm(KrdsFormMixin, forms.Form):
    organization = forms.CharField(
        label=_("Organisation"), max_length=200, help_text=_("The employer's full name, e.g. Samsung Electronics.")
    )
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=[("", _("Choose…")), *OrganizationKind.choices])
    field = forms.CharField(label=_("Field of work"), max_length=120, help_text=_("For example: semiconductor design."))
    shown_examples: ClassVar[dict[str, tuple[str, ...]]] = {
        "organization": ("Samsung Electronics", "삼성전자"),
        "field": ("semiconductor design", "반도체 설계"),
    }
    start = forms.DateField(label=_("Start date"), widget=DateInput())
    end = forms.DateField(
        label=_("End date"), required=False, widget=DateInput(), help_text=_("Leave empty if you work there now.")
    )
    current = forms.BooleanField(label=_("I work here now"), required=False)
    postdoctoral = forms.BooleanField(label=_("This position is post-doctoral research"), required=False)
    internship = forms.BooleanField(
        label=_("This position is an internship"),
        required=False,
        help_text=_("An internship on the high-tech internship visa (D-10-3) can open a route to E-7-1."),
    )

    def clean_start(self) -> date | None:
        value = self.cleaned_data.get("start")
        _date_in_range(value, EARLIEST_START, LATEST_DATE)
        return value

    def clean_end(self) -> date | None:
        value = self.cleaned_data.get("end")
        _date_in_range(value, EARLIEST_START, LATEST_DATE)
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end, current = cleaned.get("start"), cleaned.get("end"), cleaned.get("current")
        if current:
            cleaned["end"] = None
        elif end is None and not self.has_error("end") and self.has_changed():
            self.add_error("end", _("Enter the end date, or tick “I work here now”."))
        if start and cleaned.get("end") and cleaned["end"] < start:
            self.add_error("end", _("The end cannot be before the start."))
        return cleaned


JobFormSet = forms.formset_factory(
    JobForm,
    formset=RowFormSet,
    extra=0,
    min_num=0,
    max_num=MAX_JOBS,
    absolute_max=MAX_JOBS,
    validate_max=True,
)


def jobs_initial(applicant: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "organization": row.get("organization") or "",
            "kind": row.get("kind") or "company",
            "field": row.get("field") or "",
            "start": row.get("start") or "",
            "end": row.get("end") or "",
            "current": not row.get("end"),
            "postdoctoral": bool(row.get("postdoctoral")),
            "internship": bool(row.get("internship")),
        }
        for row in applicant.get("experience") or []
        if isinstance(row, dict)
    ]


def jobs_apply(applicant: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    experience = [
        {
            "organization": row.get("organization", ""),
            "kind": row["kind"],
            "field": row.get("field", ""),
            "start": _iso(row["start"]),
            "end": None if row.get("current") else _iso(row.get("end")),
            "postdoctoral": bool(row.get("postdoctoral")),
            "internship": bool(row.get("internship")),
        }
        for row in rows
    ]
    return {**applicant, "experience": experience}


# Step 4 ----------------------------------------------------------------------------------------

EMPLOYEE_ERRORS = {
    "invalid": _("Enter a number of employees in digits, 0 or more, e.g. 25."),
    "min_value": _("Enter a number of employees in digits, 0 or more, e.g. 25."),
    "max_value": _("This number of employees is too large; check it."),
}
_SALARY_NOISE = re.compile(r"[\s,._'’]|krw|won|₩|원", re.IGNORECASE)


def employee_count(label: Any, help_text: Any) -> forms.IntegerField:
    """An optional number of employees (the caps of E-7-1 and D-10-3 compare them)."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_EMPLOYEES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        error_messages=EMPLOYEE_ERRORS,
        help_text=help_text,
    )


def yes_no_unknown(label: Any, help_text: Any = "") -> forms.ChoiceField:
    """A fact the person may not know: yes, no, or "I don't know" (left unknown, never taken as no)."""
    return forms.ChoiceField(
        label=label, required=False, choices=YES_NO_UNKNOWN, widget=forms.RadioSelect, initial="", help_text=help_text
    )


class OfferForm(KrdsFormMixin, forms.Form):
    has_offer = forms.ChoiceField(label=_("Job offer"), choices=OFFER_CHOICES, widget=forms.RadioSelect, initial="no")
    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    company_size = forms.ChoiceField(
        label=_("Company size"), required=False, choices=[("", _("Choose…")), *COMPANY_SIZES]
    )
    industry = forms.ChoiceField(
        label=_("Industry of the company"),
        required=False,
        help_text=_("The K-Tech Pass and the Top-tier visa are for the 8 advanced industries."),
    )
    technology_field = forms.ChoiceField(
        label=_("KOTRA technology field"),
        required=False,
        help_text=_("The field of the position, as KOTRA's employment recommendation (E-7) names them."),
    )
    annual_salary_krw = forms.CharField(
        label=_("Annual salary (KRW)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("The gross yearly salary in the offer, in won, e.g. 160,000,000."),
    )
    shown_examples: ClassVar[dict[str, tuple[str, ...]]] = {
        "annual_salary_krw": ("160,000,000", "160000000"),
        "district": ("Pyeongchang-gun", "평창군"),
        "korean_employees": ("25",),
        "foreign_employees": ("25",),
    }
    occupation = forms.ChoiceField(
        label=_("Occupation (E-7)"), required=False, help_text=_("The occupation code of the position, if you know it.")
    )
    region = forms.ChoiceField(
        label=_("Region of the workplace"), required=False, choices=[("", _("Choose…")), *REGIONS]
    )
    district = forms.CharField(
        label=_("City, county or district of the workplace"),
        required=False,
        max_length=100,
        help_text=_(
            "The si, gun or gu where you will work, for example: Pyeongchang-gun. The regional visa (F-2-R) is "
            "for jobs in population-decline areas."
        ),
    )
    host_type = forms.ChoiceField(
        label=_("Type of employer"),
        required=False,
        choices=HOST_TYPE_CHOICES,
        help_text=_("The high-tech internship visa (D-10-3) is for these hosts."),
    )
    korean_employees = employee_count(
        _("Number of insured Korean employees"),
        _("The employer's Korean employees covered by employment insurance. Ask the employer."),
    )
    foreign_employees = employee_count(
        _("Number of foreign employees"),
        _(
            "The employer's foreign employees now, not counting you (for E-7-1, those on professional visas). "
            "With you, they may be only a share of the Korean employees."
        ),
    )
    local_designated_industry = yes_no_unknown(
        _("Is the job in an industry the local government designated for the regional visa?"),
        _("Each local government names the industries its regional visa (F-2-R) is for."),
    )
    recommended_by_president = yes_no_unknown(
        _("Has the president of your university recommended you?"),
        _("For K-STAR: the recommendation of the president of a designated university."),
    )
    recommended_by_kotra = yes_no_unknown(_("Has KOTRA recommended your employment?"))
    recommended_by_ministry = yes_no_unknown(
        _("Has a ministry recommended your employment?"), _("The minister responsible for the industry of the job.")
    )
    recommended_by_local_government = yes_no_unknown(
        _("Has the local government recommended you?"),
        _("For the regional visa (F-2-R): the recommendation of the city, county or province."),
    )
    topik_level = forms.ChoiceField(
        label=_("Korean language (TOPIK)"), required=False, choices=TOPIK_LEVELS, help_text=_("Your best TOPIK level.")
    )
    government_programme = forms.ChoiceField(
        label=_("Government programme"),
        required=False,
        choices=GOVERNMENT_PROGRAMMES,
        help_text=_("Optional: only if a Korean ministry recruited you through one of its programmes."),
    )
    as_of = forms.DateField(
        label=_("Date to assess"),
        widget=DateInput(),
        help_text=_("The rules in force on this date are applied. Leave today's date, or pick another."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = industry_choices()  # type: ignore[attr-defined]
        self.fields["technology_field"].choices = technology_field_choices()  # type: ignore[attr-defined]
        self.fields["occupation"].choices = occupation_choices()  # type: ignore[attr-defined]

    def clean_annual_salary_krw(self) -> int | None:
        raw = self.cleaned_data.get("annual_salary_krw") or ""
        digits = _SALARY_NOISE.sub("", raw)
        if not digits:
            return None
        if not digits.isdigit():
            raise ValidationError(_("Enter the salary in won, digits only, e.g. 160000000."), code="invalid")
        value = int(digits)
        if value > MAX_SALARY_KRW:
            raise ValidationError(_("This salary is too large; check the number of zeros."), code="too_large")
        return value

    def clean_as_of(self) -> date | None:
        value = self.cleaned_data.get("as_of")
        _date_in_range(value, EARLIEST_AS_OF, LATEST_AS_OF)
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        missing_salary = cleaned.get("has_offer") == "yes" and cleaned.get("annual_salary_krw") is None
        if missing_salary and not self.has_error("annual_salary_krw"):
            self.add_error(
                "annual_salary_krw", _("Enter the annual salary of the offer, or choose “No job offer yet”.")
            )
        return cleaned


# The step's recommendation questions -> the keys of the applicant's ``recommendations``.
RECOMMENDATION_FIELDS = {
    "recommended_by_president": "university_president",
    "recommended_by_kotra": "kotra",
    "recommended_by_ministry": "ministry",
    "recommended_by_local_government": "local_government",
}


def offer_initial(applicant: dict[str, Any], as_of: str) -> dict[str, Any]:
    offer = applicant.get("offer") if isinstance(applicant.get("offer"), dict) else None
    topik = [
        int(entry["level"])
        for entry in applicant.get("languages") or []
        if isinstance(entry, dict)
        and str(entry.get("language", "")).lower() in {"ko", "kor", "korean"}
        and str(entry.get("test") or "").upper() == "TOPIK"
        and isinstance(entry.get("level"), int)
    ]
    salary = (offer or {}).get("annual_salary_krw")
    given = applicant.get("recommendations")
    recommendations: dict[str, Any] = given if isinstance(given, dict) else {}
    return {
        "has_offer": "yes" if offer else "no",
        "company": (offer or {}).get("company") or "",
        "company_size": (offer or {}).get("company_size") or "",
        "industry": (offer or {}).get("industry") or "",
        "technology_field": (offer or {}).get("technology_field") or "",
        "annual_salary_krw": f"{salary:,}" if isinstance(salary, int) else "",
        "occupation": (offer or {}).get("occupation") or "",
        "region": str((offer or {}).get("region") or "").casefold(),
        "district": (offer or {}).get("district") or "",
        "host_type": (offer or {}).get("host_type") or "",
        "korean_employees": _count((offer or {}).get("korean_employees")),
        "foreign_employees": _count((offer or {}).get("foreign_employees")),
        "local_designated_industry": _tri_answer((offer or {}).get("local_designated_industry")),
        **{field: _tri_answer(recommendations.get(key)) for field, key in RECOMMENDATION_FIELDS.items()},
        "topik_level": str(max(topik)) if topik else "",
        "government_programme": applicant.get("government_programme") or "",
        "as_of": as_of,
    }


def offer_apply(applicant: dict[str, Any], cleaned: dict[str, Any]) -> dict[str, Any]:
    offer = None
    if cleaned.get("has_offer") == "yes":
        offer = {
            "company": cleaned.get("company", ""),
            "company_size": cleaned.get("company_size") or None,
            "industry": cleaned.get("industry") or None,
            "technology_field": cleaned.get("technology_field") or None,
            "annual_salary_krw": cleaned.get("annual_salary_krw"),
            "occupation": cleaned.get("occupation") or None,
            "region": cleaned.get("region") or None,
            "district": cleaned.get("district") or None,
            "host_type": cleaned.get("host_type") or None,
            "korean_employees": cleaned.get("korean_employees"),
            "foreign_employees": cleaned.get("foreign_employees"),
            "local_designated_industry": _tri(cleaned.get("local_designated_industry")),
        }
    recommendations = {key: _tri(cleaned.get(field)) for field, key in RECOMMENDATION_FIELDS.items()}
    others = [
        entry
        for entry in applicant.get("languages") or []
        if isinstance(entry, dict)
        and not (
            str(entry.get("language", "")).lower() in {"ko", "kor", "korean"}
            and str(entry.get("test") or "").upper() == "TOPIK"
        )
    ]
    level = cleaned.get("topik_level")
    languages = [*others, *([{"language": "ko", "test": "TOPIK", "level": int(level)}] if level else [])]
    return {
        **applicant,
        "offer": offer,
        "languages": languages,
        "government_programme": cleaned.get("government_programme") or None,
        "recommendations": recommendations if any(value is not None for value in recommendations.values()) else None,
    }


# Errors of the interchange model -----------------------------------------------------------------

FIELD_MESSAGES = {
    "nationality": _("Choose a country from the list."),
    "country": _("Choose a country from the list."),
    "birth_date": _("Enter a real date of birth."),
    "level": _("Choose a level from the list."),
    "kind": _("Choose a kind from the list."),
    "start": _("Enter a start date from 1940 on."),
    "end": _("Enter an end date after the start."),
    "industry": _("Choose an industry from the list."),
    "technology_field": _("Choose a field from the list."),
    "annual_salary_krw": _("Enter the salary in won, digits only, e.g. 160000000."),
    "occupation": _("Choose an occupation from the list."),
    "company_size": _("Choose a size from the list."),
    "current_visa": _("Choose a status of stay from the list."),
    "host_type": _("Choose a type of employer from the list."),
    "district": _("Enter the city, county or district in at most 100 characters."),
    "korean_employees": EMPLOYEE_ERRORS["invalid"],
    "foreign_employees": EMPLOYEE_ERRORS["invalid"],
}
GENERIC_MESSAGE = _("Please check this value.")
# A fact dated after the date to assess (steps 1 and 2), with that date as %(as_of)s.
DATED_AFTER_MESSAGES = {
    "birth_date": _("Enter a date of birth on or before the date to assess (%(as_of)s)."),
    "completed": _(
        "Enter a completion date on or before the date to assess (%(as_of)s), or leave it empty if you are still "
        "studying."
    ),
}
AS_OF_BEFORE_FACTS_MESSAGE = _(
    "Choose a date to assess on or after your date of birth and the completion dates of your degrees."
)

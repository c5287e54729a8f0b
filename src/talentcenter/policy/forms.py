"""Forms of the policy back office: variants, dated values, simulations and reference editions.

Forms turn what staff typed into the plain values the services take; the services check the rest
(and raise ``ValidationError``, which the views put back on the form).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from talentcenter.policy.engine import pools
from talentcenter.policy.engine.parameters import Parameter
from talentcenter.policy.enums import PoolKind
from talentcenter.policy.models import ParameterVariant
from talentcenter.reference.enums import ListKind
from talentcenter.reference.services import rank_number

POOL_SIZE_MIN = 1_000
POOL_SIZE_MAX = 1_000_000
POOL_FILE_MAX_BYTES = pools.MAX_BYTES
EDITION_FILE_MAX_BYTES = 2 * 1024 * 1024
NAME_COLUMNS = ("name", "institution", "company")
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
RESERVED_SLUGS = frozenset({"new"})
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VariantCreateForm(forms.Form):
    slug = forms.SlugField(
        label=_("Identifier"),
        max_length=60,
        help_text=_("Lower-case letters, digits and hyphens, e.g. ktech-salary-2027. It cannot be changed later."),
    )
    shown_examples: ClassVar[dict[str, tuple[str, ...]]] = {"slug": ("ktech-salary-2027",)}
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    copy_of = forms.ModelChoiceField(
        label=_("Start from a copy of"),
        queryset=ParameterVariant.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Nothing: start from the shipped parameters"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["copy_of"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ParameterVariant.objects.order_by("name")

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"]).lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This identifier is reserved; choose another."), code="reserved")
        if ParameterVariant.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("This identifier is already used."), code="unique")
        return slug


class ParameterChoiceForm(forms.Form):
    """Which parameter to edit (a GET form; the choices are grouped by programme)."""

    parameter = forms.ChoiceField(label=_("Parameter"))

    def __init__(self, *args: Any, grouped_choices: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["parameter"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a parameter")), *grouped_choices]


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def parse_bands(text: str) -> list[list[float]]:
    """``"min:points"`` lines into ``[[min, points], ...]``; the message names the line at fault."""
    bands: list[list[float]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = [part.strip() for part in line.split(":")]
        try:
            if len(parts) != 2:
                raise ValueError
            minimum, points = float(parts[0]), float(parts[1])
        except ValueError:
            raise forms.ValidationError(
                _("Line %(line)s: write a band as minimum:points, e.g. 4:15."), params={"line": number}, code="band"
            ) from None
        if not (minimum == minimum and points == points) or abs(minimum) == float("inf") or points == float("inf"):
            raise forms.ValidationError(_("Line %(line)s: not a number."), params={"line": number}, code="band")
        if points < 0:
            raise forms.ValidationError(
                _("Line %(line)s: points cannot be negative."), params={"line": number}, code="band"
            )
        bands.append([_number(Decimal(parts[0])), _number(Decimal(parts[1]))])
    if not bands:
        raise forms.ValidationError(_("Write at least one band."), code="required")
    return bands


def format_bands(value: Any) -> str:
    if not isinstance(value, list | tuple):
        return ""
    lines = []
    for band in value:
        if isinstance(band, list | tuple) and len(band) == 2:
            lines.append(f"{_plain(band[0])}:{_plain(band[1])}")
    return "\n".join(lines)


def _plain(number: Any) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)


UNIT_EXAMPLES = {"multiple": ("3", "2.5"), "share": ("0.8",), "bands": ("4:15",)}
"""The values the value field's help text shows as examples, by unit (checked to pass the field)."""

UNIT_HELP = {
    "krw": _("Korean won, a whole number."),
    "multiple": _("A multiple, e.g. 3 or 2.5 (times per-capita GNI)."),
    "share": _("A share written as a decimal, e.g. 0.8 for 80 %."),
    "years": _("Years."),
    "level": _("A level, a whole number as the parameter's label explains."),
    "points": _("Points."),
    "number": _("A number."),
    "date": _("A date."),
}


class VariantValueForm(forms.Form):
    """One dated value of one parameter; the value field depends on the parameter's unit."""

    effective_from = forms.DateField(label=_("Effective from"), widget=DATE_INPUT)
    until = forms.DateField(
        label=_("Last day it applies"),
        required=False,
        widget=DATE_INPUT,
        help_text=_(
            "For a value published for a period only, such as a yearly wage floor. After that day, until a "
            "next value is added, answers that depend on it need review."
        ),
    )
    clear = forms.BooleanField(
        label=_("No value from this date (the requirement does not apply)"),
        required=False,
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_("A link to, or the title of, the law, notice or decision that sets this value."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, *args: Any, parameter: Parameter, known_codes: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.parameter = parameter
        unit = parameter.unit
        value_field: forms.Field
        if unit == "krw":
            value_field = forms.DecimalField(min_value=0, max_digits=16, decimal_places=0)
        elif unit == "level":
            value_field = forms.IntegerField(min_value=0, max_value=100)
        elif unit in {"years", "points", "number", "multiple", "share"}:
            value_field = forms.DecimalField(min_value=0, max_digits=14, decimal_places=4)
        elif unit == "date":
            value_field = forms.DateField(widget=DATE_INPUT)
        elif unit == "codes":
            value_field = forms.MultipleChoiceField(choices=known_codes or [], widget=forms.CheckboxSelectMultiple)
            self.fields["other_codes"] = forms.CharField(
                label=_("Other codes"),
                required=False,
                max_length=1000,
                help_text=_(
                    "New codes not in the list above, separated by commas (lower-case letters, digits, _ and -)."
                ),
            )
        else:  # bands
            value_field = forms.CharField(
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("One band per line as minimum:points, e.g. 4:15 gives 15 points from 4 upwards."),
            )
        value_field.label = _("Value")
        value_field.required = False
        if unit in UNIT_HELP:
            value_field.help_text = UNIT_HELP[unit]
        self.fields["value"] = value_field
        self.shown_examples = {"value": UNIT_EXAMPLES.get(unit, ())}
        self.order_fields(["effective_from", "until", "value", "other_codes", "clear", "source", "note"])

    def clean_other_codes(self) -> list[str]:
        raw = str(self.cleaned_data.get("other_codes") or "")
        codes = [code.strip().lower() for code in raw.split(",") if code.strip()]
        wrong = [code for code in codes if not CODE_PATTERN.match(code)]
        if wrong:
            raise forms.ValidationError(
                _("Not a code: %(codes)s."), params={"codes": ", ".join(wrong)[:200]}, code="invalid"
            )
        return codes

    def clean_value(self) -> Any:
        value = self.cleaned_data.get("value")
        if self.parameter.unit == "bands" and value:
            return parse_bands(str(value))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("clear"):
            cleaned["typed_value"] = None
            return cleaned
        if "value" not in cleaned:
            return cleaned  # the field already has its error
        unit = self.parameter.unit
        value = cleaned.get("value")
        typed: Any
        if unit == "codes":
            codes = list(dict.fromkeys([*(value or []), *cleaned.get("other_codes", [])]))
            if not codes and "other_codes" not in self.errors:
                self.add_error("value", _("Choose at least one code, or tick “No value from this date”."))
                return cleaned
            typed = codes
        elif value in (None, "", []):
            self.add_error("value", _("Enter a value, or tick “No value from this date”."))
            return cleaned
        elif unit == "date":
            assert isinstance(value, date)
            typed = value.isoformat()
        elif unit in {"multiple", "share"}:
            typed = float(value)
        elif isinstance(value, Decimal):
            typed = _number(value)
        else:
            typed = value
        cleaned["typed_value"] = typed
        return cleaned


class VariantRemoveValueForm(forms.Form):
    parameter = forms.CharField(max_length=120)
    effective_from = forms.DateField()


class SimulationStartForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    baseline = forms.ChoiceField(
        label=_("Compare against"),
        required=False,
        help_text=_("The shipped parameters, or a published variant."),
    )
    variant = forms.ModelChoiceField(
        label=_("Variant"),
        queryset=ParameterVariant.objects.none(),
        to_field_name="slug",
        empty_label=_("Choose a variant"),
    )
    as_of = forms.DateField(label=_("Assess as of"), widget=DATE_INPUT)
    pool_kind = forms.ChoiceField(
        label=_("Pool of applicants"),
        choices=PoolKind.choices,
        widget=forms.RadioSelect,
        help_text=_("A synthetic pool needs its size, an uploaded pool its file; stored applications need neither."),
    )
    pool_size = forms.IntegerField(
        label=_("Size of the synthetic pool"),
        required=False,
        min_value=POOL_SIZE_MIN,
        max_value=POOL_SIZE_MAX,
        help_text=_("From 1,000 to 1,000,000 generated applicants."),
    )
    pool_file = forms.FileField(
        label=_("Pool as a CSV file"),
        required=False,
        help_text=_(
            "UTF-8 CSV, one applicant per row, with a header row naming the columns (id is required; the others "
            "are described in policy/data/pool_example.csv); at most 100,000 rows and 20 MB."
        ),
    )
    seed = forms.IntegerField(
        label=_("Random seed"),
        min_value=0,
        max_value=2_147_483_647,
        initial=2026,
        help_text=_("The same seed generates the same synthetic pool."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        variant_field = self.fields["variant"]
        assert isinstance(variant_field, forms.ModelChoiceField)
        variant_field.queryset = ParameterVariant.objects.order_by("name")
        self.published = {variant.slug: variant for variant in ParameterVariant.objects.filter(status="published")}
        baseline_field = self.fields["baseline"]
        assert isinstance(baseline_field, forms.ChoiceField)
        baseline_field.choices = [
            ("", _("Shipped parameters")),
            *((slug, variant.name) for slug, variant in sorted(self.published.items(), key=lambda i: i[1].name)),
        ]
        self.fields["as_of"].initial = timezone.localdate()
        self.fields["pool_kind"].initial = PoolKind.SYNTHETIC
        self.fields["pool_size"].initial = 10_000

    def clean_pool_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("pool_file")
        if not upload:
            return None
        if upload.size is not None and upload.size > POOL_FILE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."), code="too_large")
        head = upload.read(64 * 1024)
        upload.seek(0)
        try:
            text = _decode_head(head)
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text."), code="encoding") from None
        first = next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")
        columns = {column.strip().strip('"').lower() for column in re.split(r"[,;\t]", first)}
        if "id" not in columns:
            raise forms.ValidationError(
                _("The first row must be a header naming the columns, with at least id."), code="header"
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("pool_kind")
        if kind == PoolKind.SYNTHETIC and not cleaned.get("pool_size") and "pool_size" not in self.errors:
            self.add_error("pool_size", _("Give the size of the synthetic pool."))
        if kind == PoolKind.CSV and not cleaned.get("pool_file") and "pool_file" not in self.errors:
            self.add_error("pool_file", _("Choose the CSV file of the pool."))
        slug = cleaned.get("baseline") or ""
        cleaned["baseline_variant"] = self.published.get(slug)
        return cleaned


def _decode_head(head: bytes) -> str:
    """The start of an upload as text; a multi-byte character cut at the end is not an error."""
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 3:
            return head[: error.start].decode("utf-8-sig")
        raise


@dataclass(frozen=True)
class EditionRows:
    text: str
    name_column: str
    count: int


def check_edition_csv(data: bytes) -> EditionRows:
    """Check an uploaded ranking by its content; every message names the line it is about."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise forms.ValidationError(_("The file is not UTF-8 text."), code="encoding") from None
    if "\x00" in text:
        raise forms.ValidationError(_("The file is not a text file."), code="binary")
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1)]
    content = [(number, line) for number, line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not content:
        raise forms.ValidationError(_("The file is empty."), code="empty")
    header = [column.strip().lower() for column in next(csv.reader([content[0][1]]))]
    name_column = next((column for column in NAME_COLUMNS if column in header), "")
    if "rank" not in header or not name_column:
        raise forms.ValidationError(
            _("Line %(line)s: the header must name the columns rank and name (or institution, or company)."),
            params={"line": content[0][0]},
            code="header",
        )
    errors: list[forms.ValidationError] = []
    seen: dict[str, int] = {}
    validate_url = URLValidator(schemes=["http", "https"])
    count = 0
    for number, line in content[1:]:
        values = next(csv.reader([line]), [])
        row = dict(zip(header, (value.strip() for value in values), strict=False))
        problems = []
        label = row.get("rank", "")
        try:
            if not label or len(label) > 10:
                raise ValueError
            rank_number(label)
        except ValueError:
            problems.append(gettext("the rank %(rank)s is not a number") % {"rank": repr(label[:20])})
        name = row.get(name_column, "")
        if not name:
            problems.append(gettext("the name is empty"))
        elif len(name) > 300:
            problems.append(gettext("the name is longer than 300 characters"))
        elif name in seen:
            problems.append(gettext("the name is already on line %(line)s") % {"line": seen[name]})
        else:
            seen[name] = number
        country = row.get("country_iso2", "")
        if country and not re.fullmatch(r"[A-Za-z]{2}", country):
            problems.append(gettext("the country is not a two-letter code"))
        url = row.get("source_url", "")
        if url:
            try:
                if len(url) > 1000:
                    raise forms.ValidationError("too long")
                validate_url(url)
            except forms.ValidationError:
                problems.append(gettext("the source is not a web address"))
        if problems:
            errors.append(
                forms.ValidationError(
                    _("Line %(line)s: %(problems)s."),
                    params={"line": number, "problems": "; ".join(problems)},
                )
            )
        count += 1
        if len(errors) >= 20:
            break
    if errors:
        raise forms.ValidationError(errors)
    if count == 0:
        raise forms.ValidationError(_("The file has a header but no rows."), code="empty")
    return EditionRows(text="\n".join(line for _number_, line in lines), name_column=name_column, count=count)


class EditionImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("List"), choices=ListKind.choices)
    edition = forms.CharField(
        label=_("Edition"), max_length=40, help_text=_("As the publisher names it, e.g. 2027 or 2026-2027.")
    )
    shown_examples: ClassVar[dict[str, tuple[str, ...]]] = {"edition": ("2027", "2026-2027")}
    published_on = forms.DateField(
        label=_("Published on"),
        widget=DATE_INPUT,
        help_text=_("Assessments use the latest edition published on or before their date."),
    )
    entries_expected = forms.IntegerField(
        label=_("Entries in the full list"),
        min_value=1,
        max_value=100_000,
        help_text=_("With fewer rows than this, the edition is marked partial: a missing name means unknown."),
    )
    csv_file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, at most 2 MB, with the columns rank, name (or institution, or company), country_iso2 and "
            "source_url. Lines starting with # are kept as notes."
        ),
    )

    def clean_edition(self) -> str:
        edition = str(self.cleaned_data["edition"]).strip()
        if not re.fullmatch(r"[\w .\-/]+", edition):
            raise forms.ValidationError(_("Use letters, digits, spaces, dots, hyphens or slashes."), code="invalid")
        return edition

    def clean_csv_file(self) -> EditionRows:
        upload = self.cleaned_data["csv_file"]
        if upload.size is not None and upload.size > EDITION_FILE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."), code="too_large")
        data = upload.read(EDITION_FILE_MAX_BYTES + 1)
        if len(data) > EDITION_FILE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."), code="too_large")
        return check_edition_csv(data)

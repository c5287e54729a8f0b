"""Forms of the events pages. They check types and lengths and turn the venue's wall-clock times
into aware datetimes; the services (``events.services``) decide the rest."""

from __future__ import annotations

import datetime
import functools
import zoneinfo
from typing import Any, cast

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from talentcenter.events.enums import EventKind
from talentcenter.events.models import KOREA_TIME_ZONE, Event, ScreeningQuestion
from talentcenter.events.services.booths import MAX_INTERVIEWERS
from talentcenter.events.services.registrations import ANSWER_MAX_LENGTH
from talentcenter.foundation.rows import PreparedChoices, QuickSelect
from talentcenter.jobs.enums import OpeningStatus
from talentcenter.jobs.models import Opening
from talentcenter.organizations.forms import KrdsFormMixin
from talentcenter.reference.enums import IndustryScheme
from talentcenter.reference.models import Industry

UPCOMING = "upcoming"
PAST = "past"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# Paths under /events/ that are pages of their own, not events.
RESERVED_SLUGS = frozenset({"my", "booths"})


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def wall_clock_field(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"], widget=DateTimeInput()
    )


def in_zone(value: datetime.datetime | None, zone: zoneinfo.ZoneInfo) -> datetime.datetime | None:
    """A wall-clock time typed for the venue, as an aware datetime in the venue's zone."""
    if value is None:
        return None
    return (
        timezone.make_aware(timezone.make_naive(value), zone)
        if timezone.is_aware(value)
        else value.replace(tzinfo=zone)
    )


def as_wall_clock(value: datetime.datetime | None, zone: zoneinfo.ZoneInfo) -> str:
    return value.astimezone(zone).strftime(DATETIME_FORMAT) if value else ""


@functools.lru_cache(maxsize=1)
def time_zone_choices() -> PreparedChoices:
    names = sorted(name for name in zoneinfo.available_timezones() if "/" in name and not name.startswith("Etc/"))
    return PreparedChoices([(name, name) for name in names])


def industry_choices() -> list[tuple[int, str]]:
    labels = dict(IndustryScheme.choices)
    return [
        (industry.pk, f"{industry.name} · {labels.get(industry.scheme, industry.scheme)}")
        for industry in Industry.objects.order_by("scheme", "pk")
    ]


# --- The public list -----------------------------------------------------------------------------
class EventFilterForm(KrdsFormMixin, forms.Form):
    """The list's filters (a GET form; every field optional, upcoming events by default)."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *EventKind.choices])
    city = forms.ChoiceField(label=_("City"), required=False)
    industry = forms.ChoiceField(label=_("Target industry"), required=False)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[(UPCOMING, _("Upcoming")), (PAST, _("Past")), ("all", _("All dates"))],
    )

    def __init__(self, *args: Any, cities: list[str], industries: list[Industry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("Any kind")), *EventKind.choices]
        cast(forms.ChoiceField, self.fields["city"]).choices = [("", _("Any city")), *((city, city) for city in cities)]
        cast(forms.ChoiceField, self.fields["industry"]).choices = [
            ("", _("Any industry")),
            *((industry.code, industry.name) for industry in industries),
        ]

    def criteria(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        when = data.get("when") or UPCOMING
        return {
            "kind": data.get("kind") or "",
            "city": data.get("city") or "",
            "industry": data.get("industry") or "",
            "upcoming": True if when == UPCOMING else False if when == PAST else None,
        }


# --- A talent's registration ----------------------------------------------------------------------
class RegistrationForm(KrdsFormMixin, forms.Form):
    """One text answer for each screening question of the event."""

    def __init__(self, *args: Any, questions: list[ScreeningQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=question.text,
                required=question.required,
                max_length=ANSWER_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3, "class": "krds-input"}),
                error_messages={"required": _("Answer this question to register.")},
            )

    def answers(self) -> dict[str, str]:
        return {str(question.pk): self.cleaned_data.get(f"answer_{question.pk}", "") for question in self.questions}


# --- A company's booth ----------------------------------------------------------------------------
class BoothForm(KrdsFormMixin, forms.Form):
    openings = forms.MultipleChoiceField(
        label=_("Openings you recruit for at the event"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your company's openings that are not closed. Candidates see them at your booth."),
    )
    interviewers_per_slot = forms.IntegerField(
        label=_("Interviewers per time slot"),
        min_value=1,
        max_value=MAX_INTERVIEWERS,
        initial=1,
        help_text=_("How many candidates your company can interview at the same time."),
    )

    def __init__(self, *args: Any, company_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        openings = Opening.objects.filter(company_id=company_id).exclude(status=OpeningStatus.CLOSED).order_by("pk")
        cast(forms.MultipleChoiceField, self.fields["openings"]).choices = [
            (str(opening.pk), opening.title) for opening in openings
        ]

    def opening_ids(self) -> list[int]:
        return [int(value) for value in self.cleaned_data.get("openings", [])]


# --- Staff ----------------------------------------------------------------------------------------
class CancelEventForm(KrdsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone still registered receives this reason."),
        error_messages={"required": _("Say why the event is cancelled; the people registered will read it.")},
    )


class EventForm(KrdsFormMixin, forms.Form):
    """An event's fields; times are typed as the venue's wall-clock time in ``time_zone``."""

    slug = forms.SlugField(
        label=_("Address of the public page"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens; it ends the page's address under /events/."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title_ko = forms.CharField(label=_("Title (Korean)"), required=False, max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), required=False, max_length=200)
    summary_ko = forms.CharField(
        label=_("Summary (Korean)"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    summary_en = forms.CharField(
        label=_("Summary (English)"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    venue_name = forms.CharField(
        label=_("Venue"), required=False, max_length=200, help_text=_("Leave empty for an online-only event.")
    )
    venue_address = forms.CharField(label=_("Venue address"), required=False, max_length=300)
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=QuickSelect)
    time_zone = forms.ChoiceField(
        label=_("Time zone of the venue"),
        initial=KOREA_TIME_ZONE,
        widget=QuickSelect,
        help_text=_("Every time below is the venue's local time in this zone."),
    )
    online_url = forms.URLField(label=_("Online link"), required=False, max_length=500, assume_scheme="https")
    starts_at = wall_clock_field(_("Starts at"))
    ends_at = wall_clock_field(_("Ends at"))
    talent_capacity = forms.IntegerField(label=_("Seats for talents"), min_value=0, max_value=100_000)
    company_capacity = forms.IntegerField(label=_("Booths for companies"), min_value=0, max_value=10_000, initial=0)
    registration_opens_at = wall_clock_field(_("Registration opens"))
    registration_closes_at = wall_clock_field(_("Registration closes"))
    offer_hours = forms.IntegerField(
        label=_("Hours to confirm an offered place"),
        min_value=1,
        max_value=14 * 24,
        initial=48,
        help_text=_("When someone cancels, the next person on the waiting list has this long to confirm."),
    )
    target_industries = forms.TypedMultipleChoiceField(
        label=_("Target industries"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for an event open to every industry."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", _("No country")), *countries]
        cast(forms.ChoiceField, self.fields["time_zone"]).choices = time_zone_choices()
        cast(forms.TypedMultipleChoiceField, self.fields["target_industries"]).choices = industry_choices()

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        zone = event.zone
        values: dict[str, Any] = {
            name: getattr(event, name)
            for name in (
                "slug",
                "kind",
                "title_ko",
                "title_en",
                "summary_ko",
                "summary_en",
                "venue_name",
                "venue_address",
                "city",
                "time_zone",
                "online_url",
                "talent_capacity",
                "company_capacity",
                "offer_hours",
            )
        }
        values["country"] = str(event.country or "")
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            values[name] = as_wall_clock(getattr(event, name), zone)
        values["target_industries"] = [industry.pk for industry in event.target_industries.all()]
        return values

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"])
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is taken by another page; choose another."))
        return slug

    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.cleaned_data.get("time_zone") or KOREA_TIME_ZONE)

    def service_fields(self) -> dict[str, Any]:
        """The keyword arguments of ``event_create`` / ``event_update``, times made aware in the zone."""
        data = dict(self.cleaned_data)
        zone = self.zone()
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            data[name] = in_zone(data[name], zone)
        data["country"] = data.get("country") or ""
        return data


class SessionForm(KrdsFormMixin, forms.Form):
    title_ko = forms.CharField(label=_("Title (Korean)"), required=False, max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), required=False, max_length=200)
    starts_at = wall_clock_field(_("Starts at"), required=False)
    ends_at = wall_clock_field(_("Ends at"), required=False)
    room = forms.CharField(label=_("Room"), required=False, max_length=120)
    is_break = forms.BooleanField(label=_("A break (no interviews)"), required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(data.get(name) for name in ("title_ko", "title_en", "starts_at", "ends_at", "room"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(name) for name in ("title_ko", "title_en", "room", "starts_at", "ends_at"))
        if filled:
            for name in ("starts_at", "ends_at"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Give the time of the session."))
        return data


class QuestionForm(KrdsFormMixin, forms.Form):
    text_ko = forms.CharField(label=_("Question (Korean)"), required=False, max_length=500)
    text_en = forms.CharField(label=_("Question (English)"), required=False, max_length=500)
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("text_ko") or self.cleaned_data.get("text_en"))


SessionFormSet = formset_factory(SessionForm, extra=2, max_num=200, validate_max=True)
QuestionFormSet = formset_factory(QuestionForm, extra=2, max_num=20, validate_max=True)


def sessions_from(formset: Any, zone: zoneinfo.ZoneInfo) -> list[dict[str, Any]]:
    rows = []
    for form in formset.forms:
        if not form.cleaned_data or form.is_blank():
            continue
        values = dict(form.cleaned_data)
        values["starts_at"] = in_zone(values["starts_at"], zone)
        values["ends_at"] = in_zone(values["ends_at"], zone)
        rows.append(values)
    return rows


def questions_from(formset: Any) -> list[dict[str, Any]]:
    return [dict(form.cleaned_data) for form in formset.forms if form.cleaned_data and not form.is_blank()]


def session_initial(event: Event) -> list[dict[str, Any]]:
    zone = event.zone
    return [
        {
            "title_ko": session.title_ko,
            "title_en": session.title_en,
            "starts_at": as_wall_clock(session.starts_at, zone),
            "ends_at": as_wall_clock(session.ends_at, zone),
            "room": session.room,
            "is_break": session.is_break,
        }
        for session in event.sessions.all()
    ]


def question_initial(event: Event) -> list[dict[str, Any]]:
    return [
        {"text_ko": question.text_ko, "text_en": question.text_en, "required": question.required}
        for question in event.screening_questions.all()
    ]


# --- The interview grid (staff) ----------------------------------------------------------------
class GridSlotsForm(KrdsFormMixin, forms.Form):
    """The interview slots: from a wall-clock start at the venue, so many of so many minutes."""

    starts_at = wall_clock_field(_("First slot starts (the venue's time)"))
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=48)
    minutes = forms.IntegerField(label=_("Minutes per slot"), min_value=5, max_value=120)
    breaks = forms.CharField(
        label=_("Breaks"),
        required=False,
        max_length=200,
        help_text=_("The numbers of the slots nobody meets in, counted from 1 and separated by commas."),
    )
    max_interviews_per_talent = forms.IntegerField(label=_("Most interviews per talent"), min_value=1, max_value=16)

    def clean_breaks(self) -> list[int]:
        text = self.cleaned_data.get("breaks", "").replace("，", ",")
        numbers: list[int] = []
        for part in (piece.strip() for piece in text.split(",")):
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 48:
                raise forms.ValidationError(_("Give slot numbers from 1 to 48, separated by commas."))
            numbers.append(int(part) - 1)
        return sorted(set(numbers))


class PlaceInterviewForm(KrdsFormMixin, forms.Form):
    """A meeting placed by hand: a confirmed talent, a confirmed booth, a slot."""

    registration = forms.TypedChoiceField(label=_("Talent"), coerce=int)
    booth = forms.TypedChoiceField(label=_("Booth"), coerce=int)
    slot = forms.TypedChoiceField(label=_("Slot"), coerce=int)

    def __init__(
        self,
        *args: Any,
        talents: list[tuple[int, str]],
        booths: list[tuple[int, str]],
        slots: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["registration"]).choices = talents
        cast(forms.TypedChoiceField, self.fields["booth"]).choices = booths
        cast(forms.TypedChoiceField, self.fields["slot"]).choices = slots


# --- Shortlists, wishes and availability -------------------------------------------------------
class CandidateFilterForm(KrdsFormMixin, forms.Form):
    """The filters of a booth's ranked registrants (a GET form: every field optional)."""

    opening = forms.TypedChoiceField(label=_("Opening"), coerce=int, required=False, empty_value=None)
    min_score = forms.IntegerField(
        label=_("Lowest match score"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("From 0 to 100."),
    )
    wants_to_meet = forms.BooleanField(label=_("Only talents who want to meet us"), required=False)

    def __init__(self, *args: Any, openings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["opening"]).choices = [("", _("Every opening")), *openings]


class AvailabilityForm(KrdsFormMixin, forms.Form):
    """The interview slots someone cannot meet in (breaks are not offered: nobody meets then)."""

    unavailable_slots = forms.TypedMultipleChoiceField(
        label=_("Slots when you are not available"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nobody is given a meeting with you in a slot you tick."),
    )

    def __init__(self, *args: Any, slots: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedMultipleChoiceField, self.fields["unavailable_slots"]).choices = slots


def slot_numbers(text: str) -> list[int]:
    """Slot numbers typed from 1 and separated by commas, as indexes from 0."""
    numbers: list[int] = []
    for part in (piece.strip() for piece in text.replace("，", ",").split(",")):
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= 48:
            raise forms.ValidationError(_("Give slot numbers from 1 to 48, separated by commas."))
        numbers.append(int(part) - 1)
    return sorted(set(numbers))


class StaffAvailabilityForm(KrdsFormMixin, forms.Form):
    """Staff set the slots a confirmed talent or booth cannot meet in."""

    who = forms.ChoiceField(label=_("Talent or booth"))
    unavailable_slots = forms.CharField(
        label=_("Slots not available"),
        required=False,
        max_length=200,
        help_text=_("The slot numbers, counted from 1 and separated by commas; leave empty for none."),
    )

    def __init__(
        self, *args: Any, talents: list[tuple[int, str]], booths: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["who"]).choices = [
            (_("Talents"), [(f"talent:{pk}", label) for pk, label in talents]),
            (_("Booths"), [(f"booth:{pk}", label) for pk, label in booths]),
        ]

    def clean_unavailable_slots(self) -> list[int]:
        return slot_numbers(self.cleaned_data.get("unavailable_slots", ""))


# --- Check-in ---------------------------------------------------------------------------------
class CheckInForm(KrdsFormMixin, forms.Form):
    """A ticket's code as staff type it at the door, or as the camera scanner fills it in (the
    whole scanned address will do); the check-in service reads and checks it."""

    code = forms.CharField(
        label=_("Ticket code"),
        max_length=300,
        help_text=_("The 10 letters and digits under the QR code. Dashes, spaces and small letters do not matter."),
        error_messages={"required": _("Type the ticket's code, or scan its QR code.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "go",
                "class": "krds-input large check-in-code",
            }
        ),
    )

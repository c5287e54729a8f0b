"""Recruitment events (fairs, roadshows, seminars and webinars, delegations, invitation
programmes), their sessions and screening questions, and the registrations of talents (seats) and
companies (booths).

Capacity is guarded by locking the event row: every service that takes or frees a place runs
``select_for_update`` on the event first, so registrations to one event are serialised and the
``arrival`` numbers (taken from the event's counters under that lock) are the order in which the
registrations committed. Statuses change only through the services (see workflow.py).
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from talentcenter.events.enums import (
    HOLDING_STATUSES,
    EventKind,
    EventStatus,
    FitResult,
    InterviewStatus,
    RegistrationStatus,
    SolveJobStatus,
)
from talentcenter.events.validators import validate_time_zone
from talentcenter.foundation.i18n import in_language
from talentcenter.jobs.models import Opening
from talentcenter.organizations.models import Company
from talentcenter.reference.models import Industry
from talentcenter.talent.models import TalentProfile

KOREA_TIME_ZONE = "Asia/Seoul"
OFFER_HOURS_VALIDATORS = [MinValueValidator(1), MaxValueValidator(14 * 24)]


class Event(models.Model):
    """An event with a public page in Korean and English. At a venue (name, city, IANA time zone)
    or online (a link), or both; times are stored in UTC and shown in the venue's zone."""

    slug = models.SlugField(_("address of the public page"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT)
    title_ko = models.CharField(_("title (Korean)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_ko = models.TextField(_("summary (Korean)"), max_length=10_000, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=10_000, blank=True)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=KOREA_TIME_ZONE, validators=[validate_time_zone]
    )
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    talent_capacity = models.PositiveIntegerField(_("seats for talents"), validators=[MaxValueValidator(100_000)])
    company_capacity = models.PositiveIntegerField(
        _("booths for companies"), default=0, validators=[MaxValueValidator(10_000)]
    )
    target_industries = models.ManyToManyField(
        Industry, verbose_name=_("target industries"), blank=True, related_name="+"
    )
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to confirm an offered place"),
        default=48,
        validators=OFFER_HOURS_VALIDATORS,
        help_text=_("When someone cancels, the next person on the waiting list has this long to confirm."),
    )
    # Arrival counters, incremented under the event's row lock: the next registration's ``arrival``.
    talent_arrivals = models.PositiveIntegerField(default=0, editable=False)
    booth_arrivals = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The SEQUENCE of the event's own calendar entry (ics.event_calendar_text): bumped by every edit,
    # the publishing and the cancellation, so a calendar that has the entry replaces it.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=EventStatus.values), name="event_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(condition=~Q(title_ko="", title_en=""), name="event_has_a_title"),
            models.CheckConstraint(condition=~Q(venue_name="", online_url=""), name="event_has_a_place"),
            models.CheckConstraint(condition=Q(venue_name="") | ~Q(city=""), name="event_venue_has_a_city"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(offer_hours__gte=1, offer_hours__lte=14 * 24), name="event_offer_hours_range"
            ),
            models.CheckConstraint(
                condition=~Q(status=EventStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="event_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=EventStatus.CANCELLED) | Q(cancelled_at__isnull=False),
                name="event_cancelled_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="events_public_list_idx"),
            models.Index(fields=["status", "kind", "starts_at"], name="events_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The title in the active language, falling back to the other one."""
        return in_language(self.title_ko, self.title_en)

    @property
    def summary(self) -> str:
        return in_language(self.summary_ko, self.summary_en)

    @property
    def is_online(self) -> bool:
        """Online only: no venue. Its times are shown in the viewer's zone."""
        return not self.venue_name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local(self, moment: datetime.datetime) -> datetime.datetime:
        """``moment`` in the venue's time zone."""
        return moment.astimezone(self.zone)

    def registration_is_open(self, now: datetime.datetime) -> bool:
        return self.status == EventStatus.PUBLISHED and self.registration_opens_at <= now < self.registration_closes_at


class EventSession(models.Model):
    """A block of the programme: a talk, an interview round, or a break (no interviews then)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title_ko = models.CharField(_("title (Korean)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.CharField(_("room"), max_length=120, blank=True)
    is_break = models.BooleanField(_("break"), default=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title_ko="", title_en=""), name="event_session_has_a_title"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_ko, self.title_en)


class ScreeningQuestion(models.Model):
    """A question a talent answers when registering (free text)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="screening_questions")
    text_ko = models.CharField(_("question (Korean)"), max_length=500, blank=True)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("screening question")
        verbose_name_plural = _("screening questions")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text_ko="", text_en=""), name="screening_question_has_text"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_language(self.text_ko, self.text_en)


class RegistrationBase(models.Model):
    """What a talent's seat and a company's booth have in common: the waiting-list state."""

    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    # The order of arrival within the event (1, 2, ...), set under the event's lock; a registration
    # made again after a cancellation takes a new number and goes to the back of the queue.
    arrival = models.PositiveIntegerField(_("order of arrival"))
    registered_at = models.DateTimeField(_("registered at"))
    status_changed_at = models.DateTimeField(_("status changed at"))
    offer_expires_at = models.DateTimeField(_("confirm by"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # The ticket (events/tickets.py): a code given when the place is confirmed and kept afterwards
    # (a cancelled ticket is then refused by name, not as unknown); the first check-in is kept.
    ticket_code = models.CharField(_("ticket code"), max_length=10, blank=True, default="", editable=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    class Meta:
        abstract = True

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDING_STATUSES


def registration_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(condition=Q(status__in=RegistrationStatus.values), name=f"{prefix}_status_valid"),
        models.CheckConstraint(condition=Q(arrival__gte=1), name=f"{prefix}_arrival_positive"),
        models.CheckConstraint(
            condition=Q(status=RegistrationStatus.OFFERED, offer_expires_at__isnull=False)
            | (~Q(status=RegistrationStatus.OFFERED) & Q(offer_expires_at__isnull=True)),
            name=f"{prefix}_offer_has_deadline",
        ),
        *ticket_constraints(prefix),
    ]


def ticket_constraints(prefix: str) -> list[models.BaseConstraint]:
    """A confirmed place has a ticket; a code names one ticket; a check-in says when and by whom."""
    return [
        models.UniqueConstraint(
            fields=["ticket_code"], condition=~Q(ticket_code=""), name=f"{prefix}_ticket_code_unique"
        ),
        models.CheckConstraint(
            condition=~Q(status=RegistrationStatus.CONFIRMED) | ~Q(ticket_code=""),
            name=f"{prefix}_confirmed_has_ticket",
        ),
        models.CheckConstraint(
            condition=Q(checked_in_at__isnull=True, checked_in_by__isnull=True)
            | Q(checked_in_at__isnull=False, checked_in_by__isnull=False),
            name=f"{prefix}_check_in_complete",
        ),
    ]


class TalentRegistration(RegistrationBase):
    """A talent's seat (or place on the waiting list), made with their existing profile."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="talent_registrations")
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="event_registrations")
    # {"<question id>": "answer"}, for the event's screening questions at the time of registering.
    screening_answers = models.JSONField(_("answers to the screening questions"), default=dict, blank=True)
    fit = models.CharField(_("fit check"), max_length=20, choices=FitResult.choices, default=FitResult.UNKNOWN)
    # Why: {"matched": [industry codes], "via": "desired_industries" | "experience" | "education"}.
    fit_details = models.JSONField(_("fit check details"), default=dict, blank=True)

    # Interview slots (``InterviewSlot.index``) the talent cannot meet anybody in; the optimiser keeps them free.
    unavailable_slots = models.JSONField(_("slots not available"), default=list, blank=True)

    class Meta:
        verbose_name = _("talent registration")
        verbose_name_plural = _("talent registrations")
        ordering = ["event", "arrival"]
        constraints = [
            models.UniqueConstraint(fields=["event", "profile"], name="talent_registration_once"),
            models.UniqueConstraint(fields=["event", "arrival"], name="talent_registration_arrival_unique"),
            models.CheckConstraint(condition=Q(fit__in=FitResult.values), name="talent_registration_fit_valid"),
            *registration_constraints("talent_registration"),
        ]
        indexes = [
            models.Index(fields=["event", "status", "arrival"], name="events_talent_queue_idx"),
            models.Index(
                fields=["offer_expires_at"],
                name="events_talent_offers_idx",
                condition=Q(status=RegistrationStatus.OFFERED),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} @ {self.event_id}"


class BoothRegistration(RegistrationBase):
    """A company's booth: the openings it recruits for and how many people interview at once."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="booth_registrations")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="event_booths")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    openings = models.ManyToManyField(Opening, verbose_name=_("openings"), blank=True, related_name="event_booths")
    interviewers_per_slot = models.PositiveSmallIntegerField(
        _("interviewers per slot"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )

    # Interview slots (``InterviewSlot.index``) in which the booth interviews nobody.
    unavailable_slots = models.JSONField(_("slots not available"), default=list, blank=True)

    class Meta:
        verbose_name = _("booth registration")
        verbose_name_plural = _("booth registrations")
        ordering = ["event", "arrival"]
        constraints = [
            models.UniqueConstraint(fields=["event", "company"], name="booth_registration_once"),
            models.UniqueConstraint(fields=["event", "arrival"], name="booth_registration_arrival_unique"),
            models.CheckConstraint(
                condition=Q(interviewers_per_slot__gte=1, interviewers_per_slot__lte=20),
                name="booth_registration_interviewers_range",
            ),
            *registration_constraints("booth_registration"),
        ]
        indexes = [
            models.Index(fields=["event", "status", "arrival"], name="events_booth_queue_idx"),
            models.Index(
                fields=["offer_expires_at"],
                name="events_booth_offers_idx",
                condition=Q(status=RegistrationStatus.OFFERED),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company_id} @ {self.event_id}"


# --- The interview grid (1:1 interviews between registered talents and booths) -----------------
# ``events/services/interviews.py`` builds the optimiser's problem from these rows
# (``events/grid``), solves it and writes the meetings; docs/events.md, "Interview grid".


class InterviewGrid(models.Model):
    """An event's interview settings and the record of its last solve."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="interview_grid")
    max_interviews_per_talent = models.PositiveSmallIntegerField(
        _("most interviews per talent"), default=4, validators=[MinValueValidator(1), MaxValueValidator(16)]
    )
    # Bumped by every change that the optimiser reads (slots, interests, meetings): a solve that
    # started at one version writes its timetable only if the grid is still at it.
    version = models.PositiveIntegerField(default=0, editable=False)
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True)
    solved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    solver = models.CharField(_("solver"), max_length=40, blank=True)
    solve_status = models.CharField(_("result"), max_length=20, blank=True)
    objective = models.FloatField(_("objective"), null=True, blank=True)
    upper_bound = models.FloatField(_("bound on the objective"), null=True, blank=True)
    talents_interviewed = models.PositiveIntegerField(_("talents with an interview"), null=True, blank=True)
    solve_seconds = models.FloatField(_("solve time (s)"), null=True, blank=True)
    # Staff sent the schedules (events/services/schedules.py): from then on every change of a
    # person's interviews sends them the updated calendar file.
    schedules_sent_at = models.DateTimeField(_("schedules sent at"), null=True, blank=True)
    schedules_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # A solve too large for the request runs on the task worker; its state is kept here.
    solve_job_status = models.CharField(
        _("background solve"), max_length=20, choices=SolveJobStatus.choices, blank=True, default=""
    )
    solve_job_token = models.CharField(max_length=40, blank=True, default="", editable=False)
    solve_job_message = models.TextField(_("background solve message"), blank=True, default="")
    solve_job_requested_at = models.DateTimeField(_("background solve requested at"), null=True, blank=True)
    solve_job_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    solve_job_finished_at = models.DateTimeField(_("background solve finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("interview grid")
        verbose_name_plural = _("interview grids")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_interviews_per_talent__gte=1, max_interviews_per_talent__lte=16),
                name="interview_grid_cap_range",
            ),
            models.CheckConstraint(
                condition=Q(solve_job_status__in=["", *SolveJobStatus.values]), name="interview_grid_job_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}"


class InterviewSlot(models.Model):
    """One interview slot (``index`` 0, 1, ... in time order); nobody meets in a break."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="interview_slots")
    index = models.PositiveSmallIntegerField(_("slot"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    is_break = models.BooleanField(_("break"), default=False)

    class Meta:
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        ordering = ["event", "index"]
        constraints = [
            models.UniqueConstraint(fields=["event", "index"], name="interview_slot_index_once"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="interview_slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}#{self.index}"


class InterviewInterest(models.Model):
    """A pair that may meet: the company shortlisted the talent, the talent marked the company, or
    both. ``score`` is their match (0–1, the best of the booth's openings) when the interest was
    last recorded, with the explanation the matching gave."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="interview_interests")
    registration = models.ForeignKey(TalentRegistration, on_delete=models.CASCADE, related_name="interests")
    booth = models.ForeignKey(BoothRegistration, on_delete=models.CASCADE, related_name="interests")
    shortlisted = models.BooleanField(_("shortlisted by the company"), default=False)
    wants_to_meet = models.BooleanField(_("the talent wants to meet"), default=False)
    score = models.FloatField(_("match"), default=0.0)
    opening = models.ForeignKey(Opening, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    explanation = models.JSONField(_("why they match"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("interview interest")
        verbose_name_plural = _("interview interests")
        constraints = [
            models.UniqueConstraint(fields=["registration", "booth"], name="interview_interest_once"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=1), name="interview_interest_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}~{self.booth_id}"


class Interview(models.Model):
    """One meeting on the grid. The database keeps a talent to one meeting per slot and a pair to
    one meeting; a booth's interviewers per slot are checked by the service (``grid.violations``)
    under the event's lock. ``pinned``: staff placed it by hand and the optimiser keeps it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="interviews")
    slot = models.ForeignKey(InterviewSlot, on_delete=models.PROTECT, related_name="interviews")
    registration = models.ForeignKey(TalentRegistration, on_delete=models.CASCADE, related_name="interviews")
    booth = models.ForeignKey(BoothRegistration, on_delete=models.CASCADE, related_name="interviews")
    pinned = models.BooleanField(_("pinned by staff"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=InterviewStatus.choices, default=InterviewStatus.SCHEDULED
    )
    # The calendar files' SEQUENCE: bumped by every move of the meeting (a new slot, another talent
    # or booth), so a calendar that has the meeting takes the newer copy (RFC 5545, 3.8.7.4).
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["event", "slot__index", "booth_id", "registration_id"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "registration"], name="interview_talent_once_per_slot"),
            models.UniqueConstraint(fields=["registration", "booth"], name="interview_pair_once"),
            models.CheckConstraint(condition=Q(status__in=InterviewStatus.values), name="interview_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}@{self.booth_id}#{self.slot_id}"


# --- Schedules (events/services/schedules.py) -------------------------------------------------


class ScheduleDelivery(models.Model):
    """What one side of the grid (a talent's registration or a company's booth) was last sent of
    its interviews: ``sent`` maps each interview id to the ``sequence`` sent and the slot's times,
    so that sending again sends only what changed (and a removed interview's cancellation, with
    its UID, times and a higher sequence). Locked while a message is queued: a retried or a
    concurrent send finds the state already sent and sends nothing."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="schedule_deliveries")
    registration = models.OneToOneField(
        TalentRegistration, on_delete=models.CASCADE, null=True, blank=True, related_name="schedule_delivery"
    )
    booth = models.OneToOneField(
        BoothRegistration, on_delete=models.CASCADE, null=True, blank=True, related_name="schedule_delivery"
    )
    sent = models.JSONField(_("interviews sent"), default=dict, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    messages = models.PositiveIntegerField(_("messages sent"), default=0)

    class Meta:
        verbose_name = _("schedule delivery")
        verbose_name_plural = _("schedule deliveries")
        constraints = [
            models.CheckConstraint(
                condition=Q(registration__isnull=False, booth__isnull=True)
                | Q(registration__isnull=True, booth__isnull=False),
                name="schedule_delivery_one_side",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.registration_id or ''}{self.booth_id or ''}"

"""Who wants to meet whom before the interview grid is built, and when they cannot.

- A company's shortlist page (``/events/booths/<id>/candidates/``): the event's confirmed
  registrants ranked for the booth, with why each matches (``matching/_explanation.html``, as on an
  opening's ranked candidates), filters, and a shortlist button per row. As there, a professional
  summary only, of profiles their owners made discoverable to verified companies; the listing is
  recorded in each listed person's access log.
- A talent's wishes page (``/events/my/<id>/wishes/``): the event's booths, best match first,
  with why, and an "I want to meet them" button per booth.
- Availability pages for both sides: the slots in which they cannot meet anybody.

Each button is a form POST that works without JavaScript and comes back to the same page (with its
filters); each write is one call of ``events.services.interviews``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.events import selectors
from talentcenter.events.enums import RegistrationStatus
from talentcenter.events.forms import AvailabilityForm, CandidateFilterForm
from talentcenter.events.models import BoothRegistration, Event, InterviewSlot, TalentRegistration
from talentcenter.events.policies import access_booth_for_company, access_registration_for_talent
from talentcenter.events.services import interviews as services
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.views import act_and_return
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_list_access

FILTER_KEYS = ("opening", "min_score", "wants_to_meet")
CANDIDATE_LIMIT = 100


def slot_choices(event: Event) -> list[tuple[int, str]]:
    """The slots anybody meets in (breaks left out), "3 · 10:40–11:00" in the venue's time."""
    zone = event.zone
    return [
        (
            slot.index,
            f"{slot.index + 1} · {slot.starts_at.astimezone(zone):%H:%M}–{slot.ends_at.astimezone(zone):%H:%M}",
        )
        for slot in InterviewSlot.objects.filter(event=event).order_by("index")
        if not slot.is_break
    ]


def _not_taking_part(request: HttpRequest, to: str) -> HttpResponse:
    messages.error(request, _("Only confirmed registrations and booths take part in interviews."))
    return redirect(to)


# --- Companies --------------------------------------------------------------------------------
def _filters_query(data: QueryDict) -> str:
    """The list's filters, and nothing else, to come back to after a button."""
    kept = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        value = data.get(key, "")
        if value and len(value) <= 20:
            kept[key] = value
    return kept.urlencode()


def _candidates_url(booth: BoothRegistration, query: str = "") -> str:
    url = reverse("events:booth_candidates", kwargs={"booth_id": booth.pk})
    return f"{url}?{query}" if query else url


@require_GET
@login_required
def booth_candidates(request: HttpRequest, booth_id: int) -> HttpResponse:
    booth = access_booth_for_company(user=request.user, booth_id=booth_id)
    if booth.status != RegistrationStatus.CONFIRMED:
        return _not_taking_part(request, reverse("events:booths"))
    openings = [(opening.pk, opening.title) for opening in booth.openings.all()]
    form = CandidateFilterForm(request.GET or None, openings=openings)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "opening_id": data["opening"],
            "min_score": data["min_score"] / 100 if data["min_score"] is not None else None,
            "wants_to_meet_only": data["wants_to_meet"],
        }
    rows = selectors.booth_candidates(booth, limit=CANDIDATE_LIMIT, explain=True, **filters)
    titles = dict(openings)
    for row in rows:
        row["opening_title"] = titles.get(row["opening_id"], "")
    record_personal_data_list_access(
        viewer=signed_in_user(request),
        subjects=User.objects.filter(talent_profile__in=[row["profile_id"] for row in rows]),
        what=AccessWhat.TALENT_LIST,
    )
    return render(
        request,
        "events/company/candidates.html",
        {
            "booth": booth,
            "event": booth.event,
            "rows": rows,
            "form": form,
            "filter_items": list(QueryDict(_filters_query(request.GET)).items()),
        },
    )


@require_POST
@login_required
def booth_shortlist(request: HttpRequest, booth_id: int, registration_id: int) -> HttpResponse:
    booth = access_booth_for_company(user=request.user, booth_id=booth_id)
    registration = TalentRegistration.objects.filter(pk=registration_id, event_id=booth.event_id).first()
    if registration is None:
        raise Http404
    shortlisted = request.POST.get("shortlisted") == "1"
    return act_and_return(
        request,
        lambda: services.interest_shortlist(
            actor=signed_in_user(request), booth=booth, registration=registration, shortlisted=shortlisted
        ),
        done=_("The candidate is on your shortlist.") if shortlisted else _("The candidate is off your shortlist."),
        to=_candidates_url(booth, _filters_query(request.POST)),
    )


def _availability_page(
    request: HttpRequest,
    subject: TalentRegistration | BoothRegistration,
    *,
    save: Any,
    template: str,
    back: str,
) -> HttpResponse:
    event = subject.event
    if subject.status != RegistrationStatus.CONFIRMED:
        return _not_taking_part(request, back)
    slots = slot_choices(event)
    form = AvailabilityForm(
        request.POST if request.method == "POST" else None,
        slots=slots,
        initial={"unavailable_slots": list(subject.unavailable_slots or [])},
    )
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data["unavailable_slots"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your availability is saved."))
            return redirect(request.path)
    return render(request, template, {"subject": subject, "event": event, "form": form, "has_slots": bool(slots)})


@require_http_methods(["GET", "POST"])
@login_required
def booth_availability(request: HttpRequest, booth_id: int) -> HttpResponse:
    booth = access_booth_for_company(user=request.user, booth_id=booth_id)
    return _availability_page(
        request,
        booth,
        save=lambda slots: services.booth_availability_set(
            actor=signed_in_user(request), booth=booth, unavailable_slots=slots
        ),
        template="events/company/availability.html",
        back=reverse("events:booths"),
    )


# --- Talents ----------------------------------------------------------------------------------
@require_GET
@login_required
def registration_wishes(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = access_registration_for_talent(user=request.user, registration_id=registration_id)
    if registration.status != RegistrationStatus.CONFIRMED:
        return _not_taking_part(request, reverse("events:mine"))
    return render(
        request,
        "events/talent/wishes.html",
        {
            "registration": registration,
            "event": registration.event,
            "rows": selectors.booths_for_talent(registration),
        },
    )


@require_POST
@login_required
def registration_wish(request: HttpRequest, registration_id: int, booth_id: int) -> HttpResponse:
    registration = access_registration_for_talent(user=request.user, registration_id=registration_id)
    booth = BoothRegistration.objects.filter(
        pk=booth_id, event_id=registration.event_id, status=RegistrationStatus.CONFIRMED
    ).first()
    if booth is None:
        raise Http404
    wants = request.POST.get("wants_to_meet") == "1"
    return act_and_return(
        request,
        lambda: services.interest_wish(
            actor=signed_in_user(request), registration=registration, booth=booth, wants_to_meet=wants
        ),
        done=_("We will try to give you a meeting with {company}.").format(company=booth.company.name)
        if wants
        else _("{company} is no longer on your list.").format(company=booth.company.name),
        to=reverse("events:registration_wishes", kwargs={"registration_id": registration.pk}),
    )


@require_http_methods(["GET", "POST"])
@login_required
def registration_availability(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = access_registration_for_talent(user=request.user, registration_id=registration_id)
    return _availability_page(
        request,
        registration,
        save=lambda slots: services.talent_availability_set(
            actor=signed_in_user(request), registration=registration, unavailable_slots=slots
        ),
        template="events/talent/availability.html",
        back=reverse("events:mine"),
    )


urlpatterns: list[URLPattern] = [
    path("booths/<int:booth_id>/candidates/", booth_candidates, name="booth_candidates"),
    path("booths/<int:booth_id>/candidates/<int:registration_id>/shortlist/", booth_shortlist, name="booth_shortlist"),
    path("booths/<int:booth_id>/availability/", booth_availability, name="booth_availability"),
    path("my/<int:registration_id>/wishes/", registration_wishes, name="registration_wishes"),
    path("my/<int:registration_id>/wishes/<int:booth_id>/", registration_wish, name="registration_wish"),
    path("my/<int:registration_id>/availability/", registration_availability, name="registration_availability"),
]

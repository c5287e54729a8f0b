"""The transition maps of events and of registrations (talents' seats and companies' booths).

A service asks the map's ``move`` for the transition by name; a refusal is
:class:`~talentcenter.foundation.workflow.TransitionNotAllowed` (code ``conflict``, 409 in the API).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from talentcenter.events.enums import EventStatus, InterviewStatus, RegistrationStatus
from talentcenter.foundation.workflow import TransitionMap

_E = EventStatus
EVENT_TRANSITIONS = TransitionMap(
    EventStatus,
    ("publish", gettext_lazy("Publish"), {_E.DRAFT}, _E.PUBLISHED),
    ("cancel", gettext_lazy("Cancel the event"), {_E.DRAFT, _E.PUBLISHED}, _E.CANCELLED),
)

_R = RegistrationStatus
_ENDED = {_R.CANCELLED, _R.EXPIRED}
REGISTRATION_TRANSITIONS = TransitionMap(
    RegistrationStatus,
    # Registering again after a cancellation or a lapsed offer: to the back of the queue.
    ("rejoin", gettext_lazy("Register again"), _ENDED, _R.CONFIRMED),
    ("rejoin_waiting_list", gettext_lazy("Join the waiting list again"), _ENDED, _R.WAITLISTED),
    ("offer", gettext_lazy("Offer a place"), {_R.WAITLISTED}, _R.OFFERED),
    ("confirm", gettext_lazy("Confirm my place"), {_R.OFFERED}, _R.CONFIRMED),
    ("expire", gettext_lazy("Let the offer lapse"), {_R.OFFERED}, _R.EXPIRED),
    ("cancel", gettext_lazy("Cancel the registration"), {_R.CONFIRMED, _R.WAITLISTED, _R.OFFERED}, _R.CANCELLED),
)

# An interview's outcome, marked by the booth's company (or staff) once its slot has started; a
# mistake is corrected by marking the other outcome.
_I = InterviewStatus
INTERVIEW_TRANSITIONS = TransitionMap(
    InterviewStatus,
    ("held", gettext_lazy("Mark as held"), {_I.SCHEDULED, _I.NO_SHOW}, _I.HELD),
    ("no_show", gettext_lazy("Mark as no-show"), {_I.SCHEDULED, _I.HELD}, _I.NO_SHOW),
)

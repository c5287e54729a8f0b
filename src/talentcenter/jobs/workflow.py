"""The transition maps of openings, applications, talent requests and shortlist entries.

As in ``cases.workflow``: a service asks :func:`move` for the transition by name; the map decides
whether the current status allows it, and a refusal is :class:`TransitionNotAllowed` (code
``conflict``: the web and the API answer 409, e.g. when two recruiters move the same applicant).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talentcenter.jobs.enums import ApplicationStage, OpeningStatus, ShortlistStatus, TalentRequestStatus


@dataclass(frozen=True)
class Transition:
    name: str
    label: Any
    sources: frozenset[str]
    target: str


def _map(*transitions: tuple[str, Any, set[Any], str]) -> dict[str, Transition]:
    return {name: Transition(name, label, frozenset(sources), target) for name, label, sources, target in transitions}


_O = OpeningStatus
OPENING_TRANSITIONS = _map(
    ("publish", gettext_lazy("Publish"), {_O.DRAFT, _O.UNPUBLISHED}, _O.PUBLISHED),
    ("unpublish", gettext_lazy("Unpublish"), {_O.PUBLISHED}, _O.UNPUBLISHED),
    ("close", gettext_lazy("Close"), {_O.DRAFT, _O.PUBLISHED, _O.UNPUBLISHED}, _O.CLOSED),
)

_A = ApplicationStage
_OPEN = {_A.NEW, _A.SCREENING, _A.INTERVIEW, _A.OFFER}
APPLICATION_TRANSITIONS = _map(
    ("screen", gettext_lazy("Move to screening"), {_A.NEW}, _A.SCREENING),
    ("invite_to_interview", gettext_lazy("Invite to interview"), {_A.NEW, _A.SCREENING}, _A.INTERVIEW),
    ("make_offer", gettext_lazy("Make an offer"), {_A.SCREENING, _A.INTERVIEW}, _A.OFFER),
    ("hire", gettext_lazy("Mark as hired"), {_A.OFFER}, _A.HIRED),
    ("reject", gettext_lazy("Not selected"), _OPEN, _A.REJECTED),
    ("reconsider", gettext_lazy("Reconsider"), {_A.REJECTED}, _A.SCREENING),
    ("withdraw", gettext_lazy("Withdraw my application"), _OPEN, _A.WITHDRAWN),
)

_T = TalentRequestStatus
TALENT_REQUEST_TRANSITIONS = _map(
    ("start_curating", gettext_lazy("Start curating"), {_T.SUBMITTED}, _T.CURATING),
    ("send_shortlist", gettext_lazy("Send the shortlist"), {_T.CURATING, _T.SHORTLIST_SENT}, _T.SHORTLIST_SENT),
    ("close", gettext_lazy("Close the request"), {_T.SUBMITTED, _T.CURATING, _T.SHORTLIST_SENT}, _T.CLOSED),
    ("cancel", gettext_lazy("Cancel the request"), {_T.SUBMITTED, _T.CURATING, _T.SHORTLIST_SENT}, _T.CANCELLED),
)

_S = ShortlistStatus
SHORTLIST_TRANSITIONS = _map(
    ("invite", gettext_lazy("Ask the talent"), {_S.PROPOSED}, _S.INVITED),
    ("agree", gettext_lazy("Agree to share my profile"), {_S.INVITED}, _S.RELEASED),
    ("decline", gettext_lazy("Decline"), {_S.INVITED}, _S.DECLINED),
    ("remove", gettext_lazy("Remove from the shortlist"), {_S.PROPOSED, _S.INVITED}, _S.REMOVED),
)


class TransitionNotAllowed(ValidationError):
    """The record is not (or no longer) in a status from which this transition starts."""

    def __init__(self, *, transition: str, status: str, status_label: str) -> None:
        super().__init__(
            _(
                "This is now “{status}”, so it cannot be done any more. Reload the page to see its current state."
            ).format(status=status_label),
            code="conflict",
        )
        self.transition = transition
        self.status = status


def allowed(transitions: dict[str, Transition], status: str) -> list[Transition]:
    """The transitions a map allows from ``status`` (permissions and guards come on top)."""
    return [transition for transition in transitions.values() if status in transition.sources]


def move(record: Any, transitions: dict[str, Transition], name: str, *, field: str = "status") -> tuple[str, str]:
    """Set ``record.<field>`` by transition ``name``; returns ``(old, new)``. Does not save."""
    old: str = getattr(record, field)
    transition = transitions.get(name)
    if transition is None or old not in transition.sources:
        label = getattr(record, f"get_{field}_display")()
        raise TransitionNotAllowed(transition=name, status=old, status_label=str(label))
    setattr(record, field, transition.target)
    return old, transition.target

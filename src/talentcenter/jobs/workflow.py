"""The transition maps of openings, applications, talent requests and shortlist entries.

Each is a :class:`~talentcenter.foundation.workflow.TransitionMap`: a service asks the map's
``move`` for the transition by name; the map decides whether the current status allows it, and a
refusal is :class:`~talentcenter.foundation.workflow.TransitionNotAllowed` (code ``conflict``: the
web and the API answer 409, e.g. when two recruiters move the same applicant).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from talentcenter.foundation.workflow import TransitionMap
from talentcenter.jobs.enums import ApplicationStage, OpeningStatus, ShortlistStatus, TalentRequestStatus

_O = OpeningStatus
OPENING_TRANSITIONS = TransitionMap(
    OpeningStatus,
    ("publish", gettext_lazy("Publish"), {_O.DRAFT, _O.UNPUBLISHED}, _O.PUBLISHED),
    ("unpublish", gettext_lazy("Unpublish"), {_O.PUBLISHED}, _O.UNPUBLISHED),
    ("close", gettext_lazy("Close"), {_O.DRAFT, _O.PUBLISHED, _O.UNPUBLISHED}, _O.CLOSED),
)

_A = ApplicationStage
_OPEN = {_A.NEW, _A.SCREENING, _A.INTERVIEW, _A.OFFER}
APPLICATION_TRANSITIONS = TransitionMap(
    ApplicationStage,
    ("screen", gettext_lazy("Move to screening"), {_A.NEW}, _A.SCREENING),
    ("invite_to_interview", gettext_lazy("Invite to interview"), {_A.NEW, _A.SCREENING}, _A.INTERVIEW),
    ("make_offer", gettext_lazy("Make an offer"), {_A.SCREENING, _A.INTERVIEW}, _A.OFFER),
    ("hire", gettext_lazy("Mark as hired"), {_A.OFFER}, _A.HIRED),
    ("reject", gettext_lazy("Not selected"), _OPEN, _A.REJECTED),
    ("reconsider", gettext_lazy("Reconsider"), {_A.REJECTED}, _A.SCREENING),
    ("withdraw", gettext_lazy("Withdraw my application"), _OPEN, _A.WITHDRAWN),
    field="stage",
)

_T = TalentRequestStatus
TALENT_REQUEST_TRANSITIONS = TransitionMap(
    TalentRequestStatus,
    ("start_curating", gettext_lazy("Start curating"), {_T.SUBMITTED}, _T.CURATING),
    ("send_shortlist", gettext_lazy("Send the shortlist"), {_T.CURATING, _T.SHORTLIST_SENT}, _T.SHORTLIST_SENT),
    ("close", gettext_lazy("Close the request"), {_T.SUBMITTED, _T.CURATING, _T.SHORTLIST_SENT}, _T.CLOSED),
    ("cancel", gettext_lazy("Cancel the request"), {_T.SUBMITTED, _T.CURATING, _T.SHORTLIST_SENT}, _T.CANCELLED),
)

_S = ShortlistStatus
SHORTLIST_TRANSITIONS = TransitionMap(
    ShortlistStatus,
    ("invite", gettext_lazy("Ask the talent"), {_S.PROPOSED}, _S.INVITED),
    ("agree", gettext_lazy("Agree to share my profile"), {_S.INVITED}, _S.RELEASED),
    ("decline", gettext_lazy("Decline"), {_S.INVITED}, _S.DECLINED),
    ("remove", gettext_lazy("Remove from the shortlist"), {_S.PROPOSED, _S.INVITED}, _S.REMOVED),
    ("withdraw", gettext_lazy("Withdraw my consent"), {_S.RELEASED}, _S.WITHDRAWN),
)

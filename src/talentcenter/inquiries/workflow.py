"""The moves of a petition's status, one map (services move only through it)."""

from django.utils.translation import gettext_lazy as _

from talentcenter.foundation.workflow import TransitionMap
from talentcenter.inquiries.enums import InquiryStatus as S

INQUIRY_TRANSITIONS = TransitionMap(
    S,
    ("receive", _("Confirm the e-mail address"), [S.UNVERIFIED], S.RECEIVED),
    ("assign", _("Assign"), [S.RECEIVED, S.IN_PROGRESS], S.IN_PROGRESS),
    ("draft", _("Send the answer for review"), [S.RECEIVED, S.IN_PROGRESS], S.IN_REVIEW),
    ("return", _("Return the draft"), [S.IN_REVIEW], S.IN_PROGRESS),
    ("approve", _("Approve and send the answer"), [S.IN_REVIEW], S.ANSWERED),
    ("transfer", _("Transfer to another agency"), [S.RECEIVED, S.IN_PROGRESS], S.TRANSFERRED),
)

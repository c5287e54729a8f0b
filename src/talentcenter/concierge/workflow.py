"""The transition map of a concierge request (services move it only through ``REQUEST_TRANSITIONS``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from talentcenter.concierge.enums import RequestStatus
from talentcenter.foundation.workflow import TransitionMap

_S = RequestStatus
REQUEST_TRANSITIONS = TransitionMap(
    RequestStatus,
    ("take", gettext_lazy("Take up"), {_S.NEW}, _S.OPEN),
    ("ask", gettext_lazy("Ask the person and wait"), {_S.NEW, _S.OPEN}, _S.WAITING),
    ("answer", gettext_lazy("Reply"), {_S.WAITING}, _S.OPEN),
    ("resolve", gettext_lazy("Mark as resolved"), {_S.NEW, _S.OPEN, _S.WAITING}, _S.RESOLVED),
    ("reopen", gettext_lazy("Open again"), {_S.RESOLVED}, _S.OPEN),
    ("close", gettext_lazy("Close"), {_S.RESOLVED}, _S.CLOSED),
    ("withdraw", gettext_lazy("Withdraw the request"), {_S.NEW, _S.OPEN, _S.WAITING}, _S.WITHDRAWN),
)

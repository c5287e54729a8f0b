"""A company's verification: the one transition map of ``Company.status``.

Staff verify or reject a company awaiting verification; after a rejection its owner corrects the
details and sends it for verification again. A verified company stays verified.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from talentcenter.foundation.workflow import TransitionMap
from talentcenter.organizations.enums import CompanyStatus

_C = CompanyStatus
COMPANY_TRANSITIONS = TransitionMap(
    CompanyStatus,
    ("verify", gettext_lazy("Verify the company"), {_C.PENDING}, _C.VERIFIED),
    ("reject", gettext_lazy("Reject the company"), {_C.PENDING}, _C.REJECTED),
    ("resubmit", gettext_lazy("Send for verification again"), {_C.REJECTED}, _C.PENDING),
)

"""The audit trail for staff: what happened to a subject, who did it, and what changed."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from talentcenter.audit.selectors import audit_events_about
from talentcenter.foundation.api.schemas import Pagination

router = Router()


class AuditEventOut(Schema):
    id: int
    occurred_at: datetime
    actor_id: int | None
    actor_label: str
    action: str
    subject_type: str
    subject_id: str
    subject_label: str
    changes: dict[str, Any]
    reason: str


class AuditFilters(Schema):
    subject_type: str = Field(
        "", max_length=80, pattern=r"^([a-z_]+\.[a-z_]+)?$", description="e.g. organizations.company"
    )
    subject_id: str = Field("", max_length=64, pattern=r"^[0-9A-Za-z_-]*$")


@router.get("", response=list[AuditEventOut], summary="Read the audit trail")
@paginate(Pagination)
def audit_list(request: HttpRequest, filters: Query[AuditFilters]) -> Any:
    return audit_events_about(subject_type=filters.subject_type, subject_id=filters.subject_id)

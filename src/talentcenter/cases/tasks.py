"""Background tasks of the cases app; they take ids and are idempotent."""

from __future__ import annotations

from django_tasks import task

from talentcenter.cases import services


@task(queue_name="default")
def issue_case_document(case_id: int) -> str:
    """Issue the document of an approved case. Running it twice, or after a worker died half-way,
    still gives one document (``case_issue`` locks the case and skips a case no longer approved)."""
    return services.case_issue(case_id=case_id).status

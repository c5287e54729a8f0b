"""The concierge's writes: the catalogue, settlement plans and requests (tickets).

Each function is one transaction that locks what it changes, moves a request's status only through
``workflow.REQUEST_TRANSITIONS``, writes an audit event and tells people (notices.py) on commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.audit import events
from talentcenter.cases.clock import ProcessingClock, seoul_date, working_days_between
from talentcenter.cases.uploads import ExpectedKind, UploadRefused, check_upload
from talentcenter.concierge import notices, policies
from talentcenter.concierge.enums import (
    DEFAULT_SLA_WORKING_DAYS,
    PlanStepStatus,
    RequestStatus,
    ServiceCategory,
    Situation,
)
from talentcenter.concierge.models import (
    CategorySetting,
    ConciergeRequest,
    PlanStep,
    RequestAttachment,
    RequestMessage,
    SettlementPlan,
    SettlementService,
    sla_working_days,
)
from talentcenter.concierge.plan_dates import REMINDER_DAYS_BEFORE, step_dates
from talentcenter.concierge.workflow import REQUEST_TRANSITIONS

MAX_SUBJECT = 200
MAX_BODY = 5000
MAX_COMMENT = 2000
MAX_FILES = 3
AUTO_CLOSE_WORKING_DAYS = 10
"""A resolved request nobody replied to closes itself after this many working days."""


@dataclass(frozen=True)
class Upload:
    """A file as the interfaces hand it over: its name and bytes."""

    name: str
    data: bytes


def _text(value: str, *, field: str, limit: int, required: str | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: _("Ensure this text has at most %(limit)s characters.") % {"limit": limit}})
    return value


def _staff(actor: User) -> None:
    if not policies.can_serve_concierge(actor):
        raise PermissionDenied(_("Only the concierge desk can do this."))


# --- the catalogue ------------------------------------------------------------------------------

SERVICE_FIELDS = [
    "code", "category", "position", "is_active", "situations", "title_ko", "title_en", "summary_ko", "summary_en",
    "center_help_ko", "center_help_en", "documents_ko", "documents_en", "partners_ko", "partners_en",
]  # fmt: skip


def _clean_service(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if values.get("category") not in ServiceCategory.values:
        errors["category"] = _("Choose a category.")
    if not str(values.get("title_ko", "")).strip() or not str(values.get("title_en", "")).strip():
        errors["title_en"] = _("Give the title in Korean and in English.")
    situations = [str(code) for code in values.get("situations") or []]
    if any(code not in Situation.values for code in situations):
        errors["situations"] = _("Choose situations from the list.")
    if errors:
        raise ValidationError(errors)
    return {**values, "situations": situations}


@transaction.atomic
def service_save(*, actor: User, service: SettlementService | None, values: dict[str, Any]) -> SettlementService:
    """Add a settlement service to the catalogue, or change one (the change is audited field by field)."""
    _staff(actor)
    values = _clean_service({key: value for key, value in values.items() if key in SERVICE_FIELDS})
    if service is None:
        service = SettlementService(**values)
        try:
            with transaction.atomic():
                service.save()
        except IntegrityError:
            raise ValidationError({"code": _("A service with this code exists already.")}) from None
        events.record(actor=actor, action="concierge.service_created", subject=service, changes={"code": service.code})
        return service
    service = SettlementService.objects.select_for_update().get(pk=service.pk)
    before = events.snapshot(service, list(values))
    for key, value in values.items():
        setattr(service, key, value)
    try:
        with transaction.atomic():
            service.save()
    except IntegrityError:
        raise ValidationError({"code": _("A service with this code exists already.")}) from None
    changes = events.diff(before=before, after=events.snapshot(service, list(values)))
    if changes:
        events.record(actor=actor, action="concierge.service_updated", subject=service, changes=changes)
    return service


@transaction.atomic
def sla_set(*, actor: User, category: str, working_days: int) -> CategorySetting:
    """Set how many working days the desk has to resolve a request of ``category`` (new requests only)."""
    _staff(actor)
    if category not in ServiceCategory.values:
        raise ValidationError({"category": _("Choose a category.")})
    if not 1 <= working_days <= 60:
        raise ValidationError({"sla_working_days": _("Give between 1 and 60 working days.")})
    old = sla_working_days(category)
    setting, _created = CategorySetting.objects.select_for_update().update_or_create(
        category=category, defaults={"sla_working_days": working_days}
    )
    if old != working_days:
        events.record(
            actor=actor,
            action="concierge.sla_changed",
            subject=setting,
            changes={"category": category, "sla_working_days": [old, working_days]},
        )
    return setting


def catalogue_load() -> int:
    """Add the seed services that are missing (never overwrites staff's edits); returns how many."""
    from talentcenter.concierge.catalogue import catalogue_rows

    existing = set(SettlementService.objects.values_list("code", flat=True))
    rows = [SettlementService(**row) for row in catalogue_rows() if row["code"] not in existing]
    SettlementService.objects.bulk_create(rows)
    return len(rows)


# --- settlement plans ---------------------------------------------------------------------------


def _sync_steps(plan: SettlementPlan) -> None:
    """Offer every active service that applies to the plan's situation, with its dates; a step
    already marked keeps its mark, a date that moves is reminded again."""
    situations = plan.situations
    steps = {step.service_id: step for step in plan.steps.all()}
    for service in SettlementService.objects.filter(is_active=True):
        if not service.applies_to(situations):
            continue
        due, available = step_dates(category=service.category, entry_date=plan.entry_date, visa_start=plan.visa_start)
        step = steps.get(service.pk)
        if step is None:
            PlanStep.objects.create(plan=plan, service=service, due_date=due, available_from=available)
        elif (step.due_date, step.available_from) != (due, available):
            step.due_date, step.available_from = due, available
            if step.reminded_for and step.reminded_for != step.key_date:
                step.reminded_for = None
            step.save()


def _clean_dates(entry_date: date | None, visa_start: date | None) -> None:
    today = timezone.localdate()
    errors = {}
    if entry_date and not (date(2000, 1, 1) <= entry_date <= today + timedelta(days=366)):
        errors["entry_date"] = _("Give a date of entry between 2000 and a year from today.")
    if visa_start and not (date(2000, 1, 1) <= visa_start <= today + timedelta(days=366)):
        errors["visa_start"] = _("Give a visa start date between 2000 and a year from today.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_start(*, person: User, situation: str, source_document: str = "", actor: User | None = None) -> SettlementPlan:
    """Start ``person``'s plan (or return the one they have): called when a K-Tech Pass or a
    recommendation letter is issued to them, or by the person from the plan page."""
    if situation not in Situation.values:
        raise ValidationError({"situation": _("Choose your situation.")})
    plan, created = SettlementPlan.objects.get_or_create(
        person=person, defaults={"situation": situation, "source_document": source_document}
    )
    if created:
        _sync_steps(plan)
        events.record(
            actor=actor,
            action="concierge.plan_created",
            subject=plan,
            changes={"situation": situation, "source_document": source_document},
        )
        notices.plan_started(person)
    return plan


@transaction.atomic
def plan_update(
    *,
    actor: User,
    situation: str,
    with_family: bool,
    entry_date: date | None,
    visa_start: date | None,
) -> SettlementPlan:
    """The person states (or corrects) their situation and dates; the steps and their dates follow."""
    if situation not in Situation.values:
        raise ValidationError({"situation": _("Choose your situation.")})
    _clean_dates(entry_date, visa_start)
    plan = SettlementPlan.objects.select_for_update().filter(person=actor).first()
    if plan is None:
        plan = plan_start(person=actor, situation=situation, actor=actor)
        plan = SettlementPlan.objects.select_for_update().get(pk=plan.pk)
    fields = ["situation", "with_family", "entry_date", "visa_start"]
    before = events.snapshot(plan, fields)
    plan.situation, plan.with_family, plan.entry_date, plan.visa_start = situation, with_family, entry_date, visa_start
    plan.save()
    _sync_steps(plan)
    changes = events.diff(before=before, after=events.snapshot(plan, fields))
    if changes:
        events.record(actor=actor, action="concierge.plan_updated", subject=plan, changes=changes)
    return plan


@transaction.atomic
def step_mark(*, actor: User, step: PlanStep, status: str) -> PlanStep:
    """The person marks a step done, not relevant, or to do again."""
    if status not in PlanStepStatus.values:
        raise ValidationError({"status": _("Choose how the step stands.")})
    step = PlanStep.objects.select_for_update().select_related("plan").get(pk=step.pk)
    if step.plan.person_id != actor.pk:
        raise PermissionDenied
    if step.status != status:
        old = step.status
        step.status = status
        step.save(update_fields=["status", "changed_at"])
        events.record(actor=actor, action="concierge.step_marked", subject=step, changes={"status": [old, status]})
    return step


def step_reminders_send(*, today: date) -> int:
    """Remind people of open steps due within ``REMINDER_DAYS_BEFORE`` days, or possible from
    today; each step once per date (``reminded_for``), the row locked and skipped when another
    run holds it, so concurrent runs never remind twice."""
    horizon = today + timedelta(days=REMINDER_DAYS_BEFORE)
    candidates = list(
        PlanStep.objects.filter(status=PlanStepStatus.OPEN)
        .filter(_due_or_possible(today, horizon))
        .values_list("pk", flat=True)[:1000]
    )
    sent = 0
    for step_id in candidates:
        with transaction.atomic():
            step = (
                PlanStep.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("plan__person", "service")
                .filter(pk=step_id, status=PlanStepStatus.OPEN)
                .first()
            )
            if step is None or step.key_date is None or step.reminded_for == step.key_date:
                continue
            step.reminded_for = step.key_date
            step.save(update_fields=["reminded_for"])
            notices.step_reminder(step)
            sent += 1
    return sent


def _due_or_possible(today: date, horizon: date) -> Q:
    """Open steps due between today and ``horizon``, or possible since at most 30 days, and not yet
    reminded for that date."""
    not_reminded = Q(reminded_for__isnull=True) | ~Q(reminded_for=F("due_date"))
    due = Q(due_date__gte=today, due_date__lte=horizon) & not_reminded
    possible = Q(due_date__isnull=True, available_from__lte=today, available_from__gte=today - timedelta(days=30)) & (
        Q(reminded_for__isnull=True) | ~Q(reminded_for=F("available_from"))
    )
    return due | possible


# --- requests -----------------------------------------------------------------------------------


def request_clock(request: ConciergeRequest) -> ProcessingClock:
    """The request's service-level clock: its level in working days from submission, paused while
    the desk waits for the person."""
    pauses: list[tuple[datetime, datetime | None]] = [
        (datetime.fromisoformat(start), datetime.fromisoformat(end) if end else None) for start, end in request.pauses
    ]
    return ProcessingClock(target_working_days=request.sla_working_days, started_at=request.submitted_at, pauses=pauses)


def _refresh_due(request: ConciergeRequest) -> None:
    request.due_date = None if request.paused_since else request_clock(request).due_date()


def _lock(request: ConciergeRequest | int) -> ConciergeRequest:
    request_id = request if isinstance(request, int) else request.pk
    return (
        ConciergeRequest.objects.select_for_update(of=("self",))
        .select_related("requester", "assignee", "service")
        .get(pk=request_id)
    )


def _move(actor: User | None, request: ConciergeRequest, name: str, now: datetime, reason: str = "") -> None:
    """Move by the map, keep the clock (pause on ``ask``, resume on ``answer``), save and audit."""
    old, new = REQUEST_TRANSITIONS.move(request, name)
    if new == RequestStatus.WAITING and request.paused_since is None:
        request.paused_since = now
        request.pauses = [*request.pauses, [now.isoformat(), None]]
    elif old == RequestStatus.WAITING:
        request.paused_since = None
        if request.pauses and request.pauses[-1][1] is None:
            request.pauses = [*request.pauses[:-1], [request.pauses[-1][0], now.isoformat()]]
    if new == RequestStatus.RESOLVED:
        request.resolved_at = now
        due = request_clock(request).due_date(now)
        request.met_sla = due is not None and seoul_date(now) <= due
    elif new == RequestStatus.OPEN and old == RequestStatus.RESOLVED:
        request.resolved_at = None
        request.met_sla = None
    if new in {RequestStatus.CLOSED, RequestStatus.WITHDRAWN}:
        request.closed_at = now
    _refresh_due(request)
    request.last_activity_at = now
    request.save()
    events.record(
        actor=actor,
        action="concierge.request_moved",
        subject=request,
        changes={"transition": name, "status": [old, new]},
        reason=reason,
    )


def _attach(message: RequestMessage, files: Sequence[Upload]) -> None:
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("Attach at most %(count)d files to one message.") % {"count": MAX_FILES}})
    for upload in files:
        try:
            checked = check_upload(name=upload.name, data=upload.data, kind=ExpectedKind.PDF_OR_IMAGE)
        except UploadRefused as refused:
            raise ValidationError({"files": refused.message}, code=str(refused.code)) from None
        attachment = RequestAttachment(
            message=message,
            original_name=checked.original_name[:255],
            stored_name=checked.stored_name,
            content_type=str(checked.content_type),
            size=checked.size,
            sha256=checked.sha256,
        )
        attachment.file.save(checked.stored_name, ContentFile(checked.content), save=False)
        attachment.save()


@transaction.atomic
def request_create(
    *,
    actor: User,
    category: str,
    subject: str,
    body: str,
    service: SettlementService | None = None,
    files: Sequence[Upload] = (),
    now: datetime | None = None,
) -> ConciergeRequest:
    """A person asks the concierge for help; the clock starts with the category's service level."""
    if not policies.can_use_concierge(actor):
        raise PermissionDenied
    if category not in ServiceCategory.values:
        raise ValidationError({"category": _("Choose what your request is about.")})
    subject = _text(subject, field="subject", limit=MAX_SUBJECT, required=_("Give your request a subject."))
    body = _text(body, field="body", limit=MAX_BODY, required=_("Tell us what you need."))
    now = now or timezone.now()
    request = ConciergeRequest(
        requester=actor,
        category=category,
        service=service,
        subject=subject,
        submitted_at=now,
        sla_working_days=sla_working_days(category),
        last_activity_at=now,
    )
    _refresh_due(request)
    request.save()
    message = RequestMessage.objects.create(request=request, author=actor, body=body, created_at=now)
    _attach(message, files)
    events.record(
        actor=actor,
        action="concierge.request_created",
        subject=request,
        changes={"category": category, "sla_working_days": request.sla_working_days, "due_date": request.due_date},
    )
    notices.request_received(request)
    return request


@transaction.atomic
def request_message(
    *,
    actor: User,
    request: ConciergeRequest,
    body: str,
    files: Sequence[Upload] = (),
    internal: bool = False,
    wait_for_reply: bool = False,
    now: datetime | None = None,
) -> RequestMessage:
    """Write on a request.

    The person: while it is active or resolved; a reply to a question resumes the clock, a reply
    to a resolved request opens it again. Staff: an answer takes a new request up (and assigns it
    to them when nobody has it), ``wait_for_reply`` asks the person and pauses the clock; an
    internal note changes nothing and is never shown to the person.
    """
    now = now or timezone.now()
    request = _lock(request)
    body = _text(body, field="body", limit=MAX_BODY, required=_("Write a message."))
    is_staff = policies.can_serve_concierge(actor) and request.requester_id != actor.pk
    if not is_staff and request.requester_id != actor.pk:
        raise PermissionDenied
    if internal and not is_staff:
        raise PermissionDenied(_("Only the concierge desk writes internal notes."))
    if request.status in {RequestStatus.CLOSED, RequestStatus.WITHDRAWN}:
        raise REQUEST_TRANSITIONS.not_allowed(request, "message")
    if is_staff and not internal and request.status == RequestStatus.RESOLVED:
        raise REQUEST_TRANSITIONS.not_allowed(request, "message")
    message = RequestMessage.objects.create(
        request=request, author=actor, body=body, internal=internal, from_staff=is_staff, created_at=now
    )
    _attach(message, files)
    events.record(
        actor=actor,
        action="concierge.request_note" if internal else "concierge.request_message",
        subject=request,
        changes={"message": message.pk, "attachments": len(files)},
    )
    if internal:
        request.last_activity_at = now
        request.save(update_fields=["last_activity_at"])
        notices.note_added(request, actor=actor)
        return message
    if is_staff:
        if request.first_response_at is None:
            request.first_response_at = now
        if request.assignee_id is None:
            request.assignee = actor
        if wait_for_reply:
            _move(actor, request, "ask", now)
        elif request.status == RequestStatus.NEW:
            _move(actor, request, "take", now)
        else:
            request.last_activity_at = now
            request.save()
        notices.staff_replied(request, actor=actor, waiting=wait_for_reply)
    else:
        if request.status == RequestStatus.WAITING:
            _move(actor, request, "answer", now)
        elif request.status == RequestStatus.RESOLVED:
            _move(actor, request, "reopen", now)
        else:
            request.last_activity_at = now
            request.save(update_fields=["last_activity_at"])
        notices.person_replied(request, actor=actor)
    return message


@transaction.atomic
def request_assign(*, actor: User, request: ConciergeRequest, assignee: User | None) -> ConciergeRequest:
    """Give the request to a member of the desk (or to nobody)."""
    _staff(actor)
    request = _lock(request)
    if request.status in {RequestStatus.CLOSED, RequestStatus.WITHDRAWN}:
        raise REQUEST_TRANSITIONS.not_allowed(request, "assign")
    if assignee is not None and not policies.can_serve_concierge(assignee):
        raise ValidationError({"assignee": _("Choose a member of the concierge desk.")})
    if request.assignee_id == (assignee.pk if assignee else None):
        return request
    old = request.assignee_id
    request.assignee = assignee
    request.save(update_fields=["assignee"])
    events.record(
        actor=actor,
        action="concierge.request_assigned",
        subject=request,
        changes={"assignee": [old, assignee.pk if assignee else None]},
    )
    if assignee is not None:
        notices.assigned(request, actor=actor)
    return request


@transaction.atomic
def request_transition(
    *, actor: User, request: ConciergeRequest, name: str, reason: str = "", now: datetime | None = None
) -> ConciergeRequest:
    """A status change by a button: staff take up, resolve or close; the person withdraws."""
    now = now or timezone.now()
    request = _lock(request)
    reason = _text(reason, field="reason", limit=MAX_COMMENT)
    if name == "withdraw":
        if request.requester_id != actor.pk:
            raise PermissionDenied
    elif name in {"take", "resolve", "close"}:
        _staff(actor)
    else:
        raise REQUEST_TRANSITIONS.not_allowed(request, name)
    REQUEST_TRANSITIONS.target_of(request, name)
    if name == "take" and request.assignee_id is None:
        request.assignee = actor
    _move(actor, request, name, now, reason)
    if name == "resolve":
        notices.resolved(request, actor=actor)
    elif name == "close":
        notices.closed(request)
    elif name == "withdraw":
        notices.withdrawn(request, actor=actor)
    return request


@transaction.atomic
def request_rate(
    *, actor: User, request: ConciergeRequest, rating: int, comment: str = "", now: datetime | None = None
) -> ConciergeRequest:
    """The person rates the help, 1 to 5 with a comment, once; rating a resolved request closes it."""
    now = now or timezone.now()
    request = _lock(request)
    if request.requester_id != actor.pk:
        raise PermissionDenied
    if request.status not in {RequestStatus.RESOLVED, RequestStatus.CLOSED}:
        raise REQUEST_TRANSITIONS.not_allowed(request, "rate")
    if request.rating is not None:
        raise ValidationError(_("You have rated this request already."), code="conflict")
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Choose from 1 to 5.")})
    request.rating = rating
    request.rating_comment = _text(comment, field="comment", limit=MAX_COMMENT)
    request.rated_at = now
    request.save(update_fields=["rating", "rating_comment", "rated_at"])
    events.record(actor=actor, action="concierge.request_rated", subject=request, changes={"rating": rating})
    if request.status == RequestStatus.RESOLVED:
        _move(actor, request, "close", now)
    return request


def requests_close_resolved(*, now: datetime) -> int:
    """Close requests resolved ``AUTO_CLOSE_WORKING_DAYS`` working days ago without a reply, asking
    once more for a rating; locked and skipped when another run holds them."""
    today = seoul_date(now)
    candidates = list(
        ConciergeRequest.objects.filter(
            status=RequestStatus.RESOLVED, resolved_at__lte=now - timedelta(days=7)
        ).values_list("pk", "resolved_at")[:1000]
    )
    closed = 0
    for request_id, resolved_at in candidates:
        if resolved_at is None or working_days_between(seoul_date(resolved_at), today) < AUTO_CLOSE_WORKING_DAYS:
            continue
        with transaction.atomic():
            request = (
                ConciergeRequest.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("requester")
                .filter(pk=request_id, status=RequestStatus.RESOLVED)
                .first()
            )
            if request is None:
                continue
            _move(None, request, "close", now, reason="auto")
            notices.closed(request)
            closed += 1
    return closed


__all__ = [
    "DEFAULT_SLA_WORKING_DAYS",
    "Upload",
    "catalogue_load",
    "plan_start",
    "plan_update",
    "request_assign",
    "request_clock",
    "request_create",
    "request_message",
    "request_rate",
    "request_transition",
    "requests_close_resolved",
    "service_save",
    "sla_set",
    "step_mark",
    "step_reminders_send",
]

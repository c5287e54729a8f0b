"""The concierge desk's pages under /backoffice/concierge/: the queue (overdue first, filters), a
request with its whole thread and internal notes, assignment and status buttons, the desk's
statistics (service level attained and satisfaction by category) and the catalogue editor.

Only concierge staff see these pages (404 for others); a second factor is already required.
Reading a person's request is written to the access log (and so is a page of the queue).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.cases.clock import seoul_date
from talentcenter.concierge import policies, selectors, services
from talentcenter.concierge.forms import AssignForm, QueueFilterForm, ServiceForm, SlaForm, StaffMessageForm
from talentcenter.concierge.models import ConciergeRequest, SettlementService
from talentcenter.concierge.workflow import REQUEST_TRANSITIONS
from talentcenter.documents.files import private_file_response
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.views import act_and_return, role_required
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_list_access_of_people, record_personal_data_access

staff_required = role_required(policies.can_serve_concierge)
SECTION = "concierge"
STAFF_BUTTONS = ("take", "resolve", "close")


@require_GET
@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    viewer = signed_in_user(request)
    members = selectors.desk_members()
    form = QueueFilterForm(request.GET or None, members=members)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.QueueFilters(
        status=data.get("status") or "active",
        category=data.get("category") or "",
        assignee=data.get("assignee") or "",
        overdue_only=bool(data.get("overdue")),
        search=data.get("q") or "",
    )
    today = seoul_date(timezone.now())
    page = Paginator(
        selectors.staff_queue(filters=filters, viewer=viewer, today=today), selectors.QUEUE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    items: list[ConciergeRequest] = list(page)
    rows = [{"item": item, "clock": selectors.clock_state(item, today)} for item in items]
    record_list_access_of_people(
        viewer=viewer,
        people={item.requester_id: str(item.requester) for item in items},
        what=AccessWhat.CONCIERGE_REQUEST,
    )
    return render(
        request, "concierge/backoffice/queue.html", {"form": form, "page": page, "rows": rows, "section": SECTION}
    )


@require_http_methods(["GET", "POST"])
@staff_required
def detail(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = signed_in_user(request)
    found = policies.access_request_for_staff(user=viewer, request_id=request_id)
    form = StaffMessageForm()
    status = 200
    if request.method == "POST":
        form = StaffMessageForm(request.POST, request.FILES)
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            try:
                services.request_message(
                    actor=viewer,
                    request=found,
                    body=form.cleaned_data["body"],
                    files=form.uploads(),
                    internal=kind == "note",
                    wait_for_reply=kind == "ask",
                )
            except ValidationError as error:
                add_service_errors(form, error, field_names={"files": "attachment"})
            else:
                messages.success(
                    request, _("The internal note is saved.") if kind == "note" else _("The answer is sent.")
                )
                return redirect("concierge_backoffice:detail", request_id=found.pk)
        status = 400
    record_personal_data_access(viewer=viewer, subject=found.requester, what=AccessWhat.CONCIERGE_REQUEST, obj=found)
    today = seoul_date(timezone.now())
    clock = services.request_clock(found)
    buttons = [REQUEST_TRANSITIONS[name] for name in STAFF_BUTTONS if found.status in REQUEST_TRANSITIONS[name].sources]
    return render(
        request,
        "concierge/backoffice/detail.html",
        {
            "item": found,
            "thread": selectors.messages_for_staff(found),
            "form": form,
            "assign_form": AssignForm(
                initial={"assignee": str(found.assignee_id or "")}, members=selectors.desk_members()
            ),
            "buttons": buttons,
            "clock_state": selectors.clock_state(found, today),
            "elapsed": clock.elapsed_working_days(timezone.now()),
            "paused_days": clock.paused_working_days(timezone.now()),
            "section": SECTION,
        },
        status=status,
    )


@require_POST
@staff_required
def assign(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = signed_in_user(request)
    found = policies.access_request_for_staff(user=viewer, request_id=request_id)
    members = selectors.desk_members()
    form = AssignForm(request.POST, members=members)
    chosen = form.cleaned_data["assignee"] if form.is_valid() else ""
    assignee = User.objects.filter(pk=int(chosen)).first() if chosen else None
    return act_and_return(
        request,
        lambda: services.request_assign(actor=viewer, request=found, assignee=assignee),
        done=_("The assignment is saved."),
        to=reverse("concierge_backoffice:detail", kwargs={"request_id": found.pk}),
    )


@require_POST
@staff_required
def move(request: HttpRequest, request_id: int, name: str) -> HttpResponse:
    viewer = signed_in_user(request)
    found = policies.access_request_for_staff(user=viewer, request_id=request_id)
    if name not in STAFF_BUTTONS:
        raise Http404
    return act_and_return(
        request,
        lambda: services.request_transition(actor=viewer, request=found, name=name),
        done=_("The request is now “{status}”.").format(
            status=REQUEST_TRANSITIONS.status_label(REQUEST_TRANSITIONS[name].target)
        ),
        to=reverse("concierge_backoffice:detail", kwargs={"request_id": found.pk}),
    )


@require_GET
@staff_required
def stats(request: HttpRequest) -> HttpResponse:
    rows = selectors.desk_statistics()
    return render(request, "concierge/backoffice/stats.html", {"rows": rows, "section": SECTION})


@require_http_methods(["GET", "POST"])
@staff_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """The services in order and the service level of each category."""
    viewer = signed_in_user(request)
    levels = selectors.sla_levels()
    form = SlaForm(levels=levels)
    if request.method == "POST":
        form = SlaForm(request.POST, levels=levels)
        if form.is_valid():
            try:
                for category, days in form.cleaned_data.items():
                    if levels.get(category) != days:
                        services.sla_set(actor=viewer, category=category, working_days=days)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The service levels are saved. They apply to new requests."))
                return redirect("concierge_backoffice:catalogue")
    return render(
        request,
        "concierge/backoffice/catalogue.html",
        {"services": selectors.services_for(include_hidden=True), "sla_form": form, "section": SECTION},
        status=400 if request.method == "POST" else 200,
    )


def _service_page(request: HttpRequest, service: SettlementService | None) -> HttpResponse:
    viewer = signed_in_user(request)
    if request.method == "POST":
        form = ServiceForm(request.POST)
        if form.is_valid():
            try:
                services.service_save(actor=viewer, service=service, values=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The service is saved."))
                return redirect("concierge_backoffice:catalogue")
    elif service is not None:
        form = ServiceForm(initial={name: getattr(service, name) for name in services.SERVICE_FIELDS})
    else:
        form = ServiceForm()
    return render(
        request,
        "concierge/backoffice/service_edit.html",
        {"form": form, "service": service, "section": SECTION},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def service_new(request: HttpRequest) -> HttpResponse:
    return _service_page(request, None)


@require_http_methods(["GET", "POST"])
@staff_required
def service_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    service = SettlementService.objects.filter(pk=service_id).first()
    if service is None:
        raise Http404
    return _service_page(request, service)


@require_GET
@staff_required
def attachment(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    found = policies.access_attachment(user=request.user, attachment_id=attachment_id)
    record_personal_data_access(
        viewer=signed_in_user(request),
        subject=found.message.request.requester,
        what=AccessWhat.CONCIERGE_REQUEST,
        obj=found.message.request,
    )
    return private_file_response(found.file, filename=found.original_name, content_type=found.content_type)


urlpatterns: list[URLPattern] = [
    path("", queue, name="queue"),
    path("stats/", stats, name="stats"),
    path("services/", catalogue, name="catalogue"),
    path("services/new/", service_new, name="service_new"),
    path("services/<int:service_id>/", service_edit, name="service_edit"),
    path("attachments/<int:attachment_id>/", attachment, name="attachment"),
    path("<int:request_id>/", detail, name="detail"),
    path("<int:request_id>/assign/", assign, name="assign"),
    path("<int:request_id>/<slug:name>/", move, name="move"),
]

"""The person's pages under /concierge/: the service catalogue (public), their settlement plan,
and their requests with messages, attachments, withdrawal and rating."""

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

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.cases.clock import seoul_date
from talentcenter.concierge import policies, selectors, services
from talentcenter.concierge.enums import RequestStatus
from talentcenter.concierge.forms import MessageForm, PlanForm, RatingForm, RequestForm, StepForm
from talentcenter.concierge.models import SettlementService
from talentcenter.concierge.workflow import REQUEST_TRANSITIONS
from talentcenter.documents.files import private_file_response
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.views import act_and_return, role_required

person_required = role_required(policies.can_use_concierge)
PAGE_SIZE = 20


@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    """The catalogue; for a person with a plan, what applies to them first."""
    plan = selectors.plan_of(signed_in_user(request)) if request.user.is_authenticated else None
    services_list = selectors.services_for()
    situations = plan.situations if plan else None
    mine = [service for service in services_list if situations and service.applies_to(situations)]
    others = [service for service in services_list if service not in mine]
    return render(request, "concierge/services.html", {"plan": plan, "mine": mine, "others": others})


@require_GET
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    service = SettlementService.objects.filter(code=code, is_active=True).first()
    if service is None:
        raise Http404
    return render(request, "concierge/service.html", {"service": service})


@require_http_methods(["GET", "POST"])
@person_required
def plan(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    current = selectors.plan_of(user)
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                services.plan_update(
                    actor=user,
                    situation=form.cleaned_data["situation"],
                    with_family=form.cleaned_data["with_family"],
                    entry_date=form.cleaned_data["entry_date"],
                    visa_start=form.cleaned_data["visa_start"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your settlement plan is saved."))
                return redirect("concierge:plan")
    elif current is not None:
        form = PlanForm(
            initial={
                "situation": current.situation,
                "with_family": current.with_family,
                "entry_date": current.entry_date,
                "visa_start": current.visa_start,
            }
        )
    else:
        form = PlanForm()
    steps = selectors.plan_steps(current) if current else []
    today = seoul_date(timezone.now())
    return render(
        request,
        "concierge/plan.html",
        {"plan": current, "form": form, "steps": steps, "today": today},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@person_required
def step_mark(request: HttpRequest, step_id: int) -> HttpResponse:
    user = signed_in_user(request)
    step = policies.access_step_for_person(user=user, step_id=step_id)
    form = StepForm(request.POST)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    return act_and_return(
        request,
        lambda: services.step_mark(actor=user, step=step, status=status),
        done=_("The step is marked."),
        to="concierge:plan",
    )


@require_GET
@person_required
def request_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.requests_of(signed_in_user(request)), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "concierge/requests.html", {"page": page})


@require_http_methods(["GET", "POST"])
@person_required
def request_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    service = SettlementService.objects.filter(code=request.GET.get("service", ""), is_active=True).first()
    if request.method == "POST":
        form = RequestForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                created = services.request_create(
                    actor=user,
                    category=form.cleaned_data["category"],
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    service=service,
                    files=form.uploads(),
                )
            except ValidationError as error:
                add_service_errors(form, error, field_names={"files": "attachment"})
            else:
                messages.success(
                    request,
                    _("Your request {reference} is sent. We will answer here.").format(reference=created.reference),
                )
                return redirect("concierge:request", request_id=created.pk)
        return render(request, "concierge/request_new.html", {"form": form, "service": service}, status=400)
    form = RequestForm(initial={"category": service.category} if service else None)
    return render(request, "concierge/request_new.html", {"form": form, "service": service})


@require_http_methods(["GET", "POST"])
@person_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    user = signed_in_user(request)
    found = policies.access_request_for_person(user=user, request_id=request_id)
    form = MessageForm()
    status = 200
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.request_message(
                    actor=user, request=found, body=form.cleaned_data["body"], files=form.uploads()
                )
            except ValidationError as error:
                add_service_errors(form, error, field_names={"files": "attachment"})
            else:
                messages.success(request, _("Your message is sent."))
                return redirect("concierge:request", request_id=found.pk)
        status = 400
    can_write = found.status not in {RequestStatus.CLOSED, RequestStatus.WITHDRAWN}
    can_rate = found.status in {RequestStatus.RESOLVED, RequestStatus.CLOSED} and found.rating is None
    return render(
        request,
        "concierge/request.html",
        {
            "item": found,
            "thread": selectors.messages_for_person(found),
            "form": form if can_write else None,
            "rating_form": RatingForm() if can_rate else None,
            "can_withdraw": found.status in REQUEST_TRANSITIONS["withdraw"].sources,
        },
        status=status,
    )


@require_POST
@person_required
def request_rate(request: HttpRequest, request_id: int) -> HttpResponse:
    user = signed_in_user(request)
    found = policies.access_request_for_person(user=user, request_id=request_id)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose from 1 to 5."))
        return redirect("concierge:request", request_id=found.pk)
    return act_and_return(
        request,
        lambda: services.request_rate(
            actor=user, request=found, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
        ),
        done=_("Thank you for rating our help."),
        to=reverse("concierge:request", kwargs={"request_id": found.pk}),
    )


@require_POST
@person_required
def request_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    user = signed_in_user(request)
    found = policies.access_request_for_person(user=user, request_id=request_id)
    return act_and_return(
        request,
        lambda: services.request_transition(actor=user, request=found, name="withdraw"),
        done=_("Your request is withdrawn."),
        to="concierge:requests",
    )


@require_GET
@person_required
def attachment(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    found = policies.access_attachment(user=request.user, attachment_id=attachment_id)
    if policies.can_serve_concierge(request.user) and found.message.request.requester_id != request.user.pk:
        raise Http404  # staff download from the back office
    return private_file_response(found.file, filename=found.original_name, content_type=found.content_type)


urlpatterns: list[URLPattern] = [
    path("", service_list, name="services"),
    path("services/<slug:code>/", service_detail, name="service"),
    path("plan/", plan, name="plan"),
    path("plan/steps/<int:step_id>/", step_mark, name="step_mark"),
    path("requests/", request_list, name="requests"),
    path("requests/new/", request_new, name="request_new"),
    path("requests/<int:request_id>/", request_detail, name="request"),
    path("requests/<int:request_id>/rate/", request_rate, name="request_rate"),
    path("requests/<int:request_id>/withdraw/", request_withdraw, name="request_withdraw"),
    path("attachments/<int:attachment_id>/", attachment, name="attachment"),
]

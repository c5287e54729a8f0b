"""The center's petition pages under /backoffice/inquiries/: the queue (overdue first, filters, a
fixed number of queries), a petition with its actions (assign, extend once, transfer, draft, review
by a second person), and the FAQ editor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.cases.clock import seoul_date
from talentcenter.documents.files import private_file_response
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.views import role_required
from talentcenter.inquiries import policies, selectors, services
from talentcenter.inquiries.enums import InquiryStatus
from talentcenter.inquiries.forms import (
    AnswerForm,
    AssignForm,
    ExtendForm,
    FaqForm,
    QueueFilterForm,
    ReturnForm,
    TransferForm,
)
from talentcenter.inquiries.models import FaqEntry, Inquiry
from talentcenter.inquiries.workflow import INQUIRY_TRANSITIONS
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_list_access_of_people, record_personal_data_access

staff_required = role_required(policies.can_handle_inquiries)
SECTION = "inquiries"
PAGE_SIZE = 50


@require_GET
@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    user = signed_in_user(request)
    today = seoul_date(timezone.now())
    queryset = selectors.inquiry_queue(
        today=today,
        status=filters.get("status", ""),
        category=filters.get("category", ""),
        assignee=user if filters.get("mine") else None,
        overdue_only=bool(filters.get("overdue")),
        search=filters.get("q", ""),
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"inquiry": inquiry, "overdue": selectors.is_overdue(inquiry, today)} for inquiry in page]
    record_list_access_of_people(viewer=user, people=selectors.petitioners_listed(page), what=AccessWhat.PETITION)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inquiries/backoffice/queue.html",
        {"form": form, "rows": rows, "page": page, "query": query.urlencode(), "section": SECTION},
    )


def _staff_choices() -> list[tuple[int, str]]:
    groups = Group.objects.filter(name__in=[Role.STAFF_REVIEWER, Role.ADMINISTRATOR])
    people = (
        User.objects.filter(Q(groups__in=groups) | Q(is_superuser=True), is_active=True).distinct().order_by("email")
    )
    return [(person.pk, person.email) for person in people]


def _detail(
    request: HttpRequest, inquiry: Inquiry, *, forms: dict[str, Form] | None = None, status: int = 200
) -> HttpResponse:
    user = signed_in_user(request)
    if inquiry.petitioner is not None:
        record_personal_data_access(viewer=user, subject=inquiry.petitioner, what=AccessWhat.PETITION, obj=inquiry)
    forms = forms or {}
    allowed = {transition.name for transition in INQUIRY_TRANSITIONS.allowed(inquiry.status)}
    today = seoul_date(timezone.now())
    context = {
        "inquiry": inquiry,
        "attachments": list(inquiry.attachments.all()),
        "overdue": selectors.is_overdue(inquiry, today),
        "assign_form": forms.get("assign")
        or AssignForm(initial={"assignee": inquiry.assignee_id or user.pk}, staff=_staff_choices()),
        "extend_form": forms.get("extend") or ExtendForm(initial={"working_days": inquiry.period_working_days}),
        "transfer_form": forms.get("transfer") or TransferForm(),
        "answer_form": forms.get("answer") or AnswerForm(initial={"answer": inquiry.answer}),
        "return_form": forms.get("return") or ReturnForm(),
        "can_assign": "assign" in allowed,
        "can_extend": inquiry.status in {InquiryStatus.RECEIVED, InquiryStatus.IN_PROGRESS, InquiryStatus.IN_REVIEW}
        and inquiry.extended_at is None,
        "can_transfer": "transfer" in allowed,
        "can_draft": "draft" in allowed,
        "can_review": "approve" in allowed and inquiry.drafted_by_id != user.pk,
        "waits_for_second": "approve" in allowed and inquiry.drafted_by_id == user.pk,
        "can_make_faq": inquiry.status == InquiryStatus.ANSWERED,
        "section": SECTION,
    }
    return render(request, "inquiries/backoffice/detail.html", context, status=status)


@require_GET
@staff_required
def detail(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    return _detail(request, policies.access_inquiry_for_staff(request.user, inquiry_id))


def _act(
    request: HttpRequest,
    inquiry_id: int,
    *,
    name: str,
    form: Form,
    action: Callable[[Inquiry, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    inquiry = policies.access_inquiry_for_staff(request.user, inquiry_id)
    if form.is_valid():
        try:
            action(inquiry, form.cleaned_data)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("inquiries_backoffice:detail", inquiry_id=inquiry.pk)
    inquiry.refresh_from_db()
    return _detail(request, inquiry, forms={name: form}, status=400)


@require_POST
@staff_required
def assign(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    actor = signed_in_user(request)

    def run(inquiry: Inquiry, data: dict[str, Any]) -> object:
        assignee = User.objects.filter(pk=data["assignee"]).first()
        if assignee is None:
            raise ValidationError({"assignee": _("Choose a member of the center staff.")})
        return services.inquiry_assign(actor=actor, inquiry=inquiry, assignee=assignee)

    form = AssignForm(request.POST, staff=_staff_choices())
    return _act(request, inquiry_id, name="assign", form=form, action=run, done=_("The petition is assigned."))


@require_POST
@staff_required
def extend(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    actor = signed_in_user(request)
    return _act(
        request,
        inquiry_id,
        name="extend",
        form=ExtendForm(request.POST),
        action=lambda inquiry, data: services.inquiry_extend(
            actor=actor, inquiry=inquiry, reason=data["reason"], working_days=data["working_days"]
        ),
        done=_("The deadline is extended and the petitioner is told."),
    )


@require_POST
@staff_required
def transfer(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    actor = signed_in_user(request)
    return _act(
        request,
        inquiry_id,
        name="transfer",
        form=TransferForm(request.POST),
        action=lambda inquiry, data: services.inquiry_transfer(
            actor=actor, inquiry=inquiry, agency=data["agency"], reason=data["reason"]
        ),
        done=_("The petition is transferred and the petitioner is told."),
    )


@require_POST
@staff_required
def draft(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    actor = signed_in_user(request)
    return _act(
        request,
        inquiry_id,
        name="answer",
        form=AnswerForm(request.POST),
        action=lambda inquiry, data: services.answer_draft(actor=actor, inquiry=inquiry, answer=data["answer"]),
        done=_("The answer is sent for review by a second member of staff."),
    )


@require_POST
@staff_required
def approve(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    actor = signed_in_user(request)
    return _act(
        request,
        inquiry_id,
        name="approve",
        form=Form(request.POST),
        action=lambda inquiry, data: services.answer_approve(actor=actor, inquiry=inquiry),
        done=_("The answer is approved and sent to the petitioner."),
    )


@require_POST
@staff_required
def send_back(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    actor = signed_in_user(request)
    return _act(
        request,
        inquiry_id,
        name="return",
        form=ReturnForm(request.POST),
        action=lambda inquiry, data: services.answer_return(actor=actor, inquiry=inquiry, note=data["note"]),
        done=_("The draft is returned to its author."),
    )


@require_POST
@staff_required
def make_faq(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    inquiry = policies.access_inquiry_for_staff(request.user, inquiry_id)
    try:
        entry = services.faq_create_from_inquiry(actor=signed_in_user(request), inquiry=inquiry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("inquiries_backoffice:detail", inquiry_id=inquiry.pk)
    messages.success(
        request, _("An FAQ draft is made with personal details masked. Check both languages, then publish it.")
    )
    return redirect("inquiries_backoffice:faq_edit", entry_id=entry.pk)


@require_GET
@staff_required
def attachment_download(request: HttpRequest, inquiry_id: int, attachment_id: int) -> FileResponse:
    """A petition's attached file, to staff only, as it was checked and stored."""
    inquiry = policies.access_inquiry_for_staff(request.user, inquiry_id)
    attachment = inquiry.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    if inquiry.petitioner is not None:
        record_personal_data_access(
            viewer=signed_in_user(request), subject=inquiry.petitioner, what=AccessWhat.PETITION, obj=inquiry
        )
    return private_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@require_GET
@staff_required
def faq_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inquiries/backoffice/faq_list.html",
        {"entries": list(selectors.faq_entries_all()), "section": SECTION},
    )


def _faq_entry(entry_id: int) -> FaqEntry:
    entry = FaqEntry.objects.select_related("source_inquiry").filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return entry


@require_http_methods(["GET", "POST"])
@staff_required
def faq_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _faq_entry(entry_id)
    initial = {field: getattr(entry, field) for field in services.FAQ_FIELDS}
    form = FaqForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            actor = signed_in_user(request)
            publish = request.POST.get("publish")
            try:
                entry = services.faq_update(actor=actor, entry=entry, **form.cleaned_data)
                if publish in {"1", "0"}:
                    entry = services.faq_set_published(actor=actor, entry=entry, published=publish == "1")
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The FAQ entry is saved."))
                return redirect("inquiries_backoffice:faq_edit", entry_id=entry.pk)
    return render(
        request, "inquiries/backoffice/faq_edit.html", {"entry": entry, "form": form, "section": SECTION}, status=status
    )


app_name = "inquiries_backoffice"
urlpatterns = [
    path("", queue, name="queue"),
    path("faq/", faq_list, name="faq_list"),
    path("faq/<int:entry_id>/", faq_edit, name="faq_edit"),
    path("<int:inquiry_id>/", detail, name="detail"),
    path("<int:inquiry_id>/assign/", assign, name="assign"),
    path("<int:inquiry_id>/extend/", extend, name="extend"),
    path("<int:inquiry_id>/transfer/", transfer, name="transfer"),
    path("<int:inquiry_id>/draft/", draft, name="draft"),
    path("<int:inquiry_id>/approve/", approve, name="approve"),
    path("<int:inquiry_id>/return/", send_back, name="return"),
    path("<int:inquiry_id>/faq/", make_faq, name="make_faq"),
    path("<int:inquiry_id>/attachments/<int:attachment_id>/", attachment_download, name="attachment"),
]

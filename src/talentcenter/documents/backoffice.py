"""Back-office pages for issued documents: find one, read it in full, download it, revoke it
(asked for by one staff member, confirmed by another; a lead may revoke at once).

Issuance is not here: documents are issued by the case workflow. Every view needs back-office
staff (``StaffSecondFactorMiddleware`` has already required a second factor); others get 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.audit.selectors import audit_timeline_for
from talentcenter.documents import policies, selectors, services
from talentcenter.documents.certificates import detail_rows
from talentcenter.documents.enums import RevocationCategory
from talentcenter.documents.files import private_file_response
from talentcenter.documents.forms import revocation_confirmation
from talentcenter.documents.holders import holder_of, holders_of
from talentcenter.documents.models import IssuedDocument
from talentcenter.foundation import display
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.views import role_required
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_access, record_personal_data_list_access

staff_required = role_required(policies.can_see_documents)


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Serial number, holder or case"), max_length=100, required=False)


class RevokeForm(forms.Form):
    """Ask for a revocation (or, for a lead, revoke at once): the reason, the note and the box that
    names the document."""

    category = forms.ChoiceField(
        label=gettext_lazy("Reason for the revocation"),
        choices=[("", gettext_lazy("Choose a reason")), *RevocationCategory.choices],
        help_text=gettext_lazy("Shown to anyone who verifies the document once it is revoked."),
    )
    note = forms.CharField(
        label=gettext_lazy("Internal note"),
        max_length=services.MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For the staff and the audit trail only; never shown publicly. Another staff member confirms "
            "the revocation, which is final."
        ),
    )

    def __init__(self, *args: Any, document: IssuedDocument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"] = revocation_confirmation(document)


class RevocationConfirmForm(forms.Form):
    """The second staff member confirms the revocation another asked for, ticking the box that
    names the document."""

    def __init__(self, *args: Any, document: IssuedDocument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"] = revocation_confirmation(document)


def _document_or_404(serial: str) -> IssuedDocument:
    document = selectors.document_by_serial(serial=serial)
    if document is None:
        raise Http404
    return document


@require_GET
@staff_required
def document_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.document_list(search=search), settings.TALENTCENTER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    record_personal_data_list_access(
        viewer=signed_in_user(request), subjects=holders_of(page).values(), what=AccessWhat.ISSUED_DOCUMENT
    )
    today = timezone.localdate()
    rows = [(document, document.state_on(today)) for document in page]
    return render(
        request, "documents/backoffice/list.html", {"form": form, "page": page, "rows": rows, "section": "documents"}
    )


def _record_read(request: HttpRequest, document: IssuedDocument) -> None:
    """Log the read for the person the document is about (who saw me)."""
    holder = holder_of(document)
    if holder is not None:
        record_personal_data_access(
            viewer=signed_in_user(request), subject=holder, what=AccessWhat.ISSUED_DOCUMENT, obj=document
        )


def _render_detail(
    request: HttpRequest,
    document: IssuedDocument,
    *,
    form: RevokeForm | None = None,
    confirm_form: RevocationConfirmForm | None = None,
    status: int = 200,
) -> HttpResponse:
    _record_read(request, document)
    user = request.user
    form = form or RevokeForm(document=document)
    confirm_form = confirm_form or RevocationConfirmForm(document=document)
    context = {
        "document": document,
        "state": document.state_on(timezone.localdate()),
        "verification": selectors.verification_for(serial=document.serial),
        "form": form,
        "confirm_form": confirm_form,
        "error_forms": [each for each in (form, confirm_form) if each.is_bound and each.errors],
        "may_confirm": policies.can_confirm_revocation(user, document),
        "may_revoke_alone": policies.is_lead(user),
        "requested_category": RevocationCategory(document.requested_revocation_category).label
        if document.revocation_pending
        else "",
        "timeline": audit_timeline_for(subject=document),
        "details": detail_rows(document.details),
        "issued_for": display.subject_text(document.subject_type, document.subject_id),
        "section": "documents",
    }
    return render(request, "documents/backoffice/detail.html", context, status=status)


@require_GET
@staff_required
def document_detail(request: HttpRequest, serial: str) -> HttpResponse:
    return _render_detail(request, _document_or_404(serial))


@require_GET
@staff_required
def document_pdf(request: HttpRequest, serial: str) -> FileResponse:
    """The issued PDF, to staff only (the holder downloads it from their application)."""
    document = _document_or_404(serial)
    _record_read(request, document)
    return private_file_response(document.file, filename=f"{document.serial}.pdf", content_type="application/pdf")


def _after(request: HttpRequest, document: IssuedDocument, message: str) -> HttpResponse:
    messages.success(request, message % {"serial": document.serial})
    return redirect("documents_backoffice:detail", serial=document.serial)


def _refused(request: HttpRequest, document: IssuedDocument, error: ValidationError | PermissionDenied) -> HttpResponse:
    messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    return redirect("documents_backoffice:detail", serial=document.serial)


@require_POST
@staff_required
def document_revoke(request: HttpRequest, serial: str) -> HttpResponse:
    """Ask for the revocation (any staff member), or, for a lead who ticks "at once", revoke now."""
    document = _document_or_404(serial)
    form = RevokeForm(request.POST, document=document)
    if form.is_valid():
        values = {"category": form.cleaned_data["category"], "note": form.cleaned_data["note"]}
        try:
            if request.POST.get("at_once") and policies.is_lead(request.user):
                services.document_revoke(
                    actor=signed_in_user(request), document=document, reason=values["note"], category=values["category"]
                )
            else:
                services.document_revocation_request(actor=signed_in_user(request), document=document, **values)
        except ValidationError as error:
            add_service_errors(form, error, default_field="note")
        else:
            if request.POST.get("at_once") and policies.is_lead(request.user):
                return _after(request, document, _("The document %(serial)s was revoked."))
            return _after(request, document, _("The revocation of %(serial)s waits for another staff member."))
    document.refresh_from_db()
    return _render_detail(request, document, form=form, status=400)


@require_POST
@staff_required
def revocation_confirm(request: HttpRequest, serial: str) -> HttpResponse:
    """A second staff member confirms, ticking the box that names the document (400 without it)."""
    document = _document_or_404(serial)
    form = RevocationConfirmForm(request.POST, document=document)
    if not form.is_valid():
        return _render_detail(request, document, confirm_form=form, status=400)
    try:
        services.document_revocation_confirm(actor=signed_in_user(request), document=document)
    except PermissionDenied as error:
        if not str(error):
            raise
        return _refused(request, document, error)
    except ValidationError as error:
        return _refused(request, document, error)
    return _after(request, document, _("The document %(serial)s was revoked."))


@require_POST
@staff_required
def revocation_withdraw(request: HttpRequest, serial: str) -> HttpResponse:
    document = _document_or_404(serial)
    try:
        services.document_revocation_withdraw(actor=signed_in_user(request), document=document)
    except ValidationError as error:
        return _refused(request, document, error)
    return _after(request, document, _("The revocation request for %(serial)s was withdrawn."))

"""Back-office pages for issued documents: find one, read it in full, download it, revoke it.

Issuance is not here: documents are issued by the case workflow. Every view needs back-office
staff (``StaffSecondFactorMiddleware`` has already required a second factor); others get 404.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
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
from talentcenter.documents.files import private_file_response
from talentcenter.documents.models import IssuedDocument
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.views import role_required

staff_required = role_required(policies.can_revoke_documents)


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Serial number, holder or case"), max_length=100, required=False)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the revocation"),
        max_length=services.MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Shown to anyone who verifies the document. Revocation is final."),
    )


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
    today = timezone.localdate()
    rows = [(document, document.state_on(today)) for document in page]
    return render(
        request, "documents/backoffice/list.html", {"form": form, "page": page, "rows": rows, "section": "documents"}
    )


def _render_detail(request: HttpRequest, document: IssuedDocument, form: RevokeForm, status: int = 200) -> HttpResponse:
    context = {
        "document": document,
        "state": document.state_on(timezone.localdate()),
        "verification": selectors.verification_for(serial=document.serial),
        "form": form,
        "error_forms": [form] if form.is_bound and form.errors else [],
        "timeline": audit_timeline_for(subject=document),
        "section": "documents",
    }
    return render(request, "documents/backoffice/detail.html", context, status=status)


@require_GET
@staff_required
def document_detail(request: HttpRequest, serial: str) -> HttpResponse:
    return _render_detail(request, _document_or_404(serial), RevokeForm())


@require_GET
@staff_required
def document_pdf(request: HttpRequest, serial: str) -> FileResponse:
    document = _document_or_404(serial)
    return private_file_response(document.file, filename=f"{document.serial}.pdf", content_type="application/pdf")


@require_POST
@staff_required
def document_revoke(request: HttpRequest, serial: str) -> HttpResponse:
    document = _document_or_404(serial)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.document_revoke(
                actor=signed_in_user(request), document=document, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error, default_field="reason")
        else:
            messages.success(request, _("The document %(serial)s was revoked.") % {"serial": document.serial})
            return redirect("documents_backoffice:detail", serial=document.serial)
    document.refresh_from_db()
    return _render_detail(request, document, form, status=400)

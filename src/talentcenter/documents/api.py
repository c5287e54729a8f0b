"""Issued documents over HTTP: public verification of a serial (and of a PDF file), and for staff
reading and revoking documents. Issuance itself belongs to the case workflow that calls the service.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.params import functions as param_functions

from talentcenter.accounts.api_auth import OPTIONAL
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.documents import selectors, services
from talentcenter.documents.enums import DocumentKind, DocumentStatus, RevocationCategory, VerificationState
from talentcenter.documents.files import private_file_bytes
from talentcenter.documents.holders import holder_of, holders_of
from talentcenter.documents.models import IssuedDocument
from talentcenter.foundation.api.errors import ApiError, ErrorCode, ErrorOut
from talentcenter.foundation.api.schemas import InputSchema, Pagination, PlainText
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.paging import LoggedPage
from talentcenter.privacy.services import record_personal_data_access

router = Router(tags=["verification"])
staff_router = Router()

Serial = Annotated[
    str,
    param_functions.Path(
        ...,
        min_length=1,
        max_length=selectors.SERIAL_MAX_LENGTH,
        description="The serial number printed on the document, e.g. KTP-2026-000001.",
    ),
]


class VerificationOut(Schema):
    """What anyone may learn about a serial. The holder's name is masked."""

    serial: str
    state: VerificationState
    kind: DocumentKind
    holder_name_masked: str = Field(description="The holder's name with all but the first letters hidden.")
    holder_name_hangul_masked: str
    issuing_body: str
    issued_on: date
    valid_until: date
    revoked_on: date | None
    revocation_category: RevocationCategory | None = Field(
        description="Why it was revoked, as a category; the staff's own note is never public."
    )
    revocation_reason: str = Field(description="The category in words, in the language asked for.")
    verification_url: str


class FileVerificationOut(VerificationOut):
    file_matches: bool = Field(description="Whether the uploaded file is byte for byte the PDF that was issued.")
    file_sha256: str


def _verification_or_404(serial: str) -> selectors.Verification:
    verification = selectors.verification_for(serial=serial)
    if verification.document is None:
        raise ApiError(
            status=404,
            code=ErrorCode.NOT_FOUND,
            message=_("No document with this serial number was issued. Check the number and try again."),
        )
    return verification


def _verification_out(verification: selectors.Verification) -> dict[str, object]:
    document = verification.document
    assert document is not None
    return {
        "serial": document.serial,
        "state": verification.state,
        "kind": document.kind,
        "holder_name_masked": verification.holder_masked,
        "holder_name_hangul_masked": verification.holder_hangul_masked,
        "issuing_body": verification.issuer,
        "issued_on": document.issued_on,
        "valid_until": document.valid_until,
        "revoked_on": verification.revoked_on,
        "revocation_category": verification.revocation_category or None,
        "revocation_reason": verification.revocation_category_label,
        "verification_url": verification.url,
    }


@router.get("/{serial}", response=VerificationOut, auth=OPTIONAL, summary="Verify a document by its serial number")
def verify_serial(request: HttpRequest, serial: Serial) -> dict[str, object]:
    """Valid, revoked (with the category of reason and the date) or expired; 404 when no such
    document was issued. The holder's name is masked."""
    return _verification_out(_verification_or_404(serial))


FILE_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "The PDF, at most 10 MB."}
                },
            }
        }
    },
}


def _uploaded_file(request: HttpRequest) -> UploadedFile:
    """The ``file`` part of a multipart body; read here, so a malformed body is a 400, not an error."""
    try:
        upload = request.FILES.get("file")
    except MultiPartParserError:
        raise ApiError(
            status=400, code=ErrorCode.BAD_REQUEST, message=_("The request body is not valid multipart form data.")
        ) from None
    if upload is None:
        message = _("Choose the PDF file to check.")
        raise ApiError(status=422, code=ErrorCode.VALIDATION_ERROR, message=message, fields={"file": [message]})
    return upload


@router.post(
    "/{serial}/file",
    response={200: FileVerificationOut, 400: ErrorOut},
    auth=OPTIONAL,
    summary="Check that a PDF file is the document issued under a serial",
    openapi_extra={"requestBody": FILE_BODY},
)
def verify_file(request: HttpRequest, serial: Serial) -> dict[str, object]:
    """Send the PDF as the multipart part ``file`` (at most 10 MB); its SHA-256 is compared with the
    one recorded at issuance. Nothing is stored."""
    verification = _verification_or_404(serial)
    upload = _uploaded_file(request)
    try:
        digest = selectors.sha256_of_upload(upload.chunks(), size=upload.size)
    except selectors.UploadRefused as error:
        raise ApiError(
            status=422, code=ErrorCode.VALIDATION_ERROR, message=str(error), fields={"file": [str(error)]}
        ) from None
    return {
        **_verification_out(verification),
        "file_matches": selectors.file_matches(verification=verification, sha256=digest),
        "file_sha256": digest,
    }


# --- Staff -----------------------------------------------------------------------------------
class IssuedDocumentOut(Schema):
    serial: str
    kind: DocumentKind
    status: DocumentStatus
    holder_name_latin: str
    holder_name_hangul: str
    holder_birth_date: date
    nationality: str
    details: dict[str, object]
    issued_on: date
    valid_until: date
    revoked_on: date | None
    revocation_category: RevocationCategory | None
    revocation_note: str = Field(description="The staff's internal note; never shown publicly.")
    revocation_requested: bool = Field(description="A revocation waits for a second staff member's confirmation.")
    requested_revocation_category: RevocationCategory | None
    requested_revocation_note: str
    sha256: str
    subject_type: str
    subject_id: str

    @staticmethod
    def resolve_nationality(document: IssuedDocument) -> str:
        return str(document.nationality)

    @staticmethod
    def resolve_revoked_on(document: IssuedDocument) -> date | None:
        return timezone.localdate(document.revoked_at) if document.revoked_at else None

    @staticmethod
    def resolve_revocation_category(document: IssuedDocument) -> str | None:
        return document.revocation_category or None

    @staticmethod
    def resolve_revocation_note(document: IssuedDocument) -> str:
        return document.revocation_reason

    @staticmethod
    def resolve_revocation_requested(document: IssuedDocument) -> bool:
        return document.revocation_pending

    @staticmethod
    def resolve_requested_revocation_category(document: IssuedDocument) -> str | None:
        return document.requested_revocation_category or None


class RevocationIn(InputSchema):
    category: RevocationCategory
    note: Annotated[str, PlainText(services.MAX_REASON_LENGTH, min_length=1)]


def _document_or_404(serial: str) -> IssuedDocument:
    document = selectors.document_by_serial(serial=serial)
    if document is None:
        raise ApiError(status=404, code=ErrorCode.NOT_FOUND, message=_("Not found."))
    return document


@staff_router.get("", response=list[IssuedDocumentOut], summary="List issued documents")
@paginate(Pagination)
def list_documents(request: HttpRequest) -> object:
    """Newest first; each listed holder's access log notes the read."""
    return LoggedPage(
        selectors.document_list(),
        viewer=signed_in_user(request),
        people=lambda page: holders_of(page).values(),
        what=AccessWhat.ISSUED_DOCUMENT,
    )


def _read(request: HttpRequest, serial: str) -> IssuedDocument:
    """The document, its read logged for the person it is about."""
    document = _document_or_404(serial)
    holder = holder_of(document)
    if holder is not None:
        record_personal_data_access(
            viewer=signed_in_user(request), subject=holder, what=AccessWhat.ISSUED_DOCUMENT, obj=document, via="api"
        )
    return document


@staff_router.get("/{serial}", response=IssuedDocumentOut, summary="Read an issued document")
def read_document(request: HttpRequest, serial: Serial) -> IssuedDocument:
    return _read(request, serial)


@staff_router.get(
    "/{serial}/pdf",
    response={200: None},
    summary="Download the issued PDF",
    openapi_extra={"responses": {200: {"description": "The PDF", "content": {"application/pdf": {}}}}},
)
def download_document(request: HttpRequest, serial: Serial) -> HttpResponse:
    document = _read(request, serial)
    return private_file_bytes(document.file, filename=f"{document.serial}.pdf", content_type="application/pdf")


@staff_router.post(
    "/{serial}/revocation-request",
    response={200: IssuedDocumentOut, 409: ErrorOut},
    summary="Ask for a document to be revoked",
)
def request_revocation(request: HttpRequest, serial: Serial, payload: RevocationIn) -> IssuedDocument:
    """The category is shown publicly once revoked, the note stays internal. Another staff member
    confirms; 409 when the document is revoked or a request already waits."""
    return services.document_revocation_request(
        actor=signed_in_user(request), document=_document_or_404(serial), category=payload.category, note=payload.note
    )


@staff_router.post(
    "/{serial}/revocation-request/confirm",
    response={200: IssuedDocumentOut, 409: ErrorOut},
    summary="Confirm a requested revocation",
)
def confirm_revocation(request: HttpRequest, serial: Serial) -> IssuedDocument:
    """Final. 403 for the person who asked (four eyes); 409 when nothing waits or it is revoked."""
    return services.document_revocation_confirm(actor=signed_in_user(request), document=_document_or_404(serial))


@staff_router.post(
    "/{serial}/revocation-request/withdraw",
    response={200: IssuedDocumentOut, 409: ErrorOut},
    summary="Withdraw or turn down a requested revocation",
)
def withdraw_revocation(request: HttpRequest, serial: Serial) -> IssuedDocument:
    return services.document_revocation_withdraw(actor=signed_in_user(request), document=_document_or_404(serial))


@staff_router.post(
    "/{serial}/revoke", response={200: IssuedDocumentOut, 409: ErrorOut}, summary="Revoke a document at once (leads)"
)
def revoke_document(request: HttpRequest, serial: Serial, payload: RevocationIn) -> IssuedDocument:
    """Leads only (administrators): final at once, without a second person. 403 for other staff."""
    return services.document_revoke(
        actor=signed_in_user(request), document=_document_or_404(serial), reason=payload.note, category=payload.category
    )

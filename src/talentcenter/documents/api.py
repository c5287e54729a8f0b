"""Issued documents over HTTP: public verification of a serial (and of a PDF file), and for staff
reading and revoking documents. Issuance itself belongs to the case workflow that calls the service.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.params import functions as param_functions

from talentcenter.accounts.api_auth import OPTIONAL
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.documents import selectors, services
from talentcenter.documents.enums import DocumentKind, DocumentStatus, VerificationState
from talentcenter.documents.files import private_file_bytes
from talentcenter.documents.models import IssuedDocument
from talentcenter.foundation.api.errors import ApiError, ErrorCode, ErrorOut
from talentcenter.foundation.api.schemas import InputSchema, Pagination, PlainText

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
    revocation_reason: str
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
        "revocation_reason": verification.revocation_reason,
        "verification_url": verification.url,
    }


@router.get("/{serial}", response=VerificationOut, auth=OPTIONAL, summary="Verify a document by its serial number")
def verify_serial(request: HttpRequest, serial: Serial) -> dict[str, object]:
    """Valid, revoked (with the reason and date) or expired; 404 when no such document was issued."""
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
    revocation_reason: str
    sha256: str
    subject_type: str
    subject_id: str

    @staticmethod
    def resolve_nationality(document: IssuedDocument) -> str:
        return str(document.nationality)

    @staticmethod
    def resolve_revoked_on(document: IssuedDocument) -> date | None:
        from django.utils import timezone

        return timezone.localdate(document.revoked_at) if document.revoked_at else None


class RevocationIn(InputSchema):
    reason: Annotated[str, PlainText(2000, min_length=1)]


def _document_or_404(serial: str) -> IssuedDocument:
    document = selectors.document_by_serial(serial=serial)
    if document is None:
        raise ApiError(status=404, code=ErrorCode.NOT_FOUND, message=_("Not found."))
    return document


@staff_router.get("", response=list[IssuedDocumentOut], summary="List issued documents")
@paginate(Pagination)
def list_documents(request: HttpRequest) -> object:
    return selectors.document_list()


@staff_router.get("/{serial}", response=IssuedDocumentOut, summary="Read an issued document")
def read_document(request: HttpRequest, serial: Serial) -> IssuedDocument:
    return _document_or_404(serial)


@staff_router.get(
    "/{serial}/pdf",
    response={200: None},
    summary="Download the issued PDF",
    openapi_extra={"responses": {200: {"description": "The PDF", "content": {"application/pdf": {}}}}},
)
def download_document(request: HttpRequest, serial: Serial) -> HttpResponse:
    document = _document_or_404(serial)
    return private_file_bytes(document.file, filename=f"{document.serial}.pdf", content_type="application/pdf")


@staff_router.post("/{serial}/revoke", response=IssuedDocumentOut, summary="Revoke an issued document")
def revoke_document(request: HttpRequest, serial: Serial, payload: RevocationIn) -> IssuedDocument:
    """Final: verification shows the document as revoked, with the reason and the date."""
    document = _document_or_404(serial)
    try:
        return services.document_revoke(actor=signed_in_user(request), document=document, reason=payload.reason)
    except services.DocumentAlreadyRevoked as error:
        raise ApiError(status=409, code=ErrorCode.CONFLICT, message=error.messages[0]) from None

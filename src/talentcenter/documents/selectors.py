"""Reads of issued documents, above all the public verification.

Verification tells anyone with a serial whether the document is valid, revoked (when, and the
category of reason, never the staff's note) or expired, its kind, who issued it and when, with the
holder's name masked: enough to confirm a paper in front of you, not enough to learn who holds a
serial you guessed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from talentcenter.documents.certificates import WORDINGS, verification_url
from talentcenter.documents.enums import DocumentKind, VerificationState
from talentcenter.documents.models import IssuedDocument
from talentcenter.foundation.i18n import in_language

SERIAL_PATTERN = re.compile(r"^(KTP|KRL|ATT)-(\d{4})-(\d{6})$")
SERIAL_MAX_LENGTH = 32
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"

ISSUERS: dict[str, Promise] = {
    DocumentKind.KTECH_PASS_CERTIFICATE: _(
        "Global Talent Center (KOTRA), on behalf of the Ministry of Trade, Industry and Resources"
    ),
    DocumentKind.KOTRA_RECOMMENDATION_LETTER: _(
        "Korea Trade-Investment Promotion Agency (KOTRA), on behalf of the Ministry of Trade, Industry and Resources"
    ),
    DocumentKind.ATTENDANCE_CERTIFICATE: _("Global Talent Center (KOTRA)"),
}


def normalize_serial(text: str) -> str:
    """A serial as typed or scanned: spaces dropped, letters upper-case, any dash look-alike a dash."""
    cleaned = re.sub(r"\s+", "", text or "")[: SERIAL_MAX_LENGTH * 2]
    cleaned = re.sub(r"[‐-―−－]", "-", cleaned)
    return cleaned.upper()


def is_serial(text: str) -> bool:
    return bool(SERIAL_PATTERN.match(text))


NAME_SEPARATORS = re.compile(r"([-'’.·])")


def _is_hangul(text: str) -> bool:
    return any("\uac00" <= char <= "\ud7a3" for char in text)


def _mask_part(part: str) -> str:
    """Latin (and any other script): the first letter; Hangul: the first and, from three
    syllables, the last ("홍*동", "남**수", "이*")."""
    if len(part) <= 1:
        return part
    if _is_hangul(part) and len(part) >= 3:
        return part[0] + "*" * (len(part) - 2) + part[-1]
    return part[0] + "*" * (len(part) - 1)


def mask_name(name: str) -> str:
    """ "Kim Ji-Hoon" → "K** J*-H***"; "김서연" → "김*연"; "이준" → "이*".

    Words are split at spaces and each part of a hyphenated or apostrophed name is masked on its
    own, so the shape stays (enough to compare with a passport) and the letters do not.
    """
    return " ".join(
        "".join(
            piece if NAME_SEPARATORS.fullmatch(piece) else _mask_part(piece) for piece in NAME_SEPARATORS.split(word)
        )
        for word in name.split()
    )


@dataclass(frozen=True)
class Verification:
    """What verification may say about a serial."""

    serial: str
    state: VerificationState
    document: IssuedDocument | None = None

    @property
    def found(self) -> bool:
        return self.document is not None

    @property
    def kind_label(self) -> str:
        return self.document.get_kind_display() if self.document else ""

    @property
    def kind_title_ko(self) -> str:
        return WORDINGS[self.document.kind].title_ko if self.document else ""

    @property
    def holder_masked(self) -> str:
        return mask_name(self.document.holder_name_latin) if self.document else ""

    @property
    def holder_hangul_masked(self) -> str:
        return mask_name(self.document.holder_name_hangul) if self.document else ""

    @property
    def issuer(self) -> str:
        return str(ISSUERS[self.document.kind]) if self.document else ""

    @property
    def issued_on(self) -> date | None:
        return self.document.issued_on if self.document else None

    @property
    def valid_until(self) -> date | None:
        return self.document.valid_until if self.document else None

    @property
    def expires(self) -> bool:
        return self.document.expires if self.document else True

    @property
    def event(self) -> str:
        """The event a certificate of attendance names, in the page's language (else empty)."""
        details = self.document.details if self.document else {}
        return in_language(str(details.get("event_ko") or ""), str(details.get("event_en") or ""))

    @property
    def event_dates(self) -> str:
        return str(self.document.details.get("event_dates") or "") if self.document else ""

    @property
    def revoked_at(self) -> datetime | None:
        return self.document.revoked_at if self.document else None

    @property
    def revoked_on(self) -> date | None:
        moment = self.revoked_at
        return timezone.localdate(moment) if moment else None

    @property
    def revocation_category(self) -> str:
        """The category only: the staff's note on a revocation is never public."""
        return self.document.revocation_category if self.document else ""

    @property
    def revocation_category_label(self) -> str:
        return self.document.get_revocation_category_display() if self.document else ""

    @property
    def url(self) -> str:
        return verification_url(self.serial)


def verification_for(*, serial: str, today: date | None = None) -> Verification:
    """The state of ``serial`` today in Korea (valid / revoked / expired / not found)."""
    serial = normalize_serial(serial)
    document = None
    if is_serial(serial):
        document = IssuedDocument.objects.filter(serial=serial).first()
    if document is None:
        return Verification(serial=serial, state=VerificationState.NOT_FOUND)
    return Verification(serial=serial, state=document.state_on(today or timezone.localdate()), document=document)


class UploadRefused(ValueError):
    """The uploaded file cannot be checked (too large, empty or not a PDF); the message says why."""


def sha256_of_upload(chunks: Iterable[bytes], *, size: int | None) -> str:
    """The SHA-256 of an uploaded PDF, read in chunks; refuses files over 10 MB or not starting ``%PDF-``."""
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise UploadRefused(_("The file is larger than 10 MB. Upload the PDF as it was issued."))
    digest = hashlib.sha256()
    total = 0
    head = b""
    for chunk in chunks:
        if len(head) < len(PDF_MAGIC):
            head += chunk[: len(PDF_MAGIC) - len(head)]
        total += len(chunk)
        if total > MAX_UPLOAD_BYTES:
            raise UploadRefused(_("The file is larger than 10 MB. Upload the PDF as it was issued."))
        digest.update(chunk)
    if total == 0:
        raise UploadRefused(_("The file is empty. Upload the PDF as it was issued."))
    if head != PDF_MAGIC:
        raise UploadRefused(_("This file is not a PDF. Upload the PDF document as it was issued."))
    return digest.hexdigest()


def file_matches(*, verification: Verification, sha256: str) -> bool:
    return verification.document is not None and verification.document.sha256 == sha256


def documents_for_subject(*, subject_type: str, subject_id: str) -> QuerySet[IssuedDocument]:
    """Every document issued for one case, newest first (revoked ones included)."""
    return IssuedDocument.objects.filter(subject_type=subject_type, subject_id=subject_id)


def document_list(*, search: str = "") -> QuerySet[IssuedDocument]:
    """Every issued document, newest first; ``search`` matches the serial, the holder's names or the case id."""
    documents = IssuedDocument.objects.select_related("issued_by", "revoked_by")
    search = search.strip()
    if search:
        documents = documents.filter(
            Q(serial__icontains=normalize_serial(search))
            | Q(holder_name_latin__icontains=search)
            | Q(holder_name_hangul__icontains=search)
            | Q(subject_id=search)
        )
    return documents


def document_by_serial(*, serial: str) -> IssuedDocument | None:
    serial = normalize_serial(serial)
    if not is_serial(serial):
        return None
    return document_list().filter(serial=serial).first()

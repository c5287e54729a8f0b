"""Checking an uploaded document by its content before anything stores it.

:func:`check_upload` decides what a file *is* from its bytes, never from its name, and refuses
with a specific, translated :class:`UploadRefused` anything a case should not hold:

- empty files and files over the size limit (default 10 MB);
- content that is neither a PDF, a JPEG nor a PNG (programs, ZIP and Office files, HTML, scripts,
  other image formats), named as "a X, not a Y" so the applicant knows what to do;
- a supported content under a name whose extension says otherwise (a JPEG called ``diploma.pdf``).
  Decision: refuse rather than silently accept. The content would be stored under a safe name of
  its own, so accepting would not be unsafe in itself, but a renamed file is how disguised uploads
  arrive and applicants are better served by a clear "this is a JPEG image, not a PDF" than by a
  document that later turns out to be something else. A name with no extension is accepted;
- PDFs that are malformed, have no pages or more pages than allowed (default 30), are encrypted
  (including "owner password only" PDFs: the review must be able to read and stamp them), or carry
  active content: JavaScript (``/JS``, ``/JavaScript``), actions that launch, import or submit,
  additional actions (``/AA``), embedded files, XFA forms, rich media, sound, movie, screen and 3D
  annotations. An ``/OpenAction`` that only jumps to a page is ordinary and accepted;
- images whose structure is broken (bad PNG chunks or checksums, a JPEG without frame or scan),
  that are implausibly large in pixels (a decompression bomb), or that carry another file after
  their end (a ZIP, PDF, program or HTML appended to a picture).

The function is pure (no database, no storage): it returns a :class:`CheckedUpload` with the bytes
that were checked, so the caller stores exactly what was checked.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import io
import logging
import re
import struct
import unicodedata
import zlib
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talentcenter.foundation.uploads import check_pdf_inflation

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PAGES = 30
MAX_IMAGE_PIXELS = 100_000_000
"""Width × height above which an image is refused as a possible decompression bomb."""
MAX_PDF_OBJECTS = 200_000
"""Objects walked in one PDF before it is refused as too complex to check."""
_READ_CHUNK = 1024 * 1024


class RefusalCode(enum.StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    UNSUPPORTED = "unsupported_type"
    WRONG_KIND = "wrong_kind"
    EXTENSION_MISMATCH = "extension_mismatch"
    MALFORMED = "malformed"
    ENCRYPTED = "encrypted"
    ACTIVE_CONTENT = "active_content"
    TOO_MANY_PAGES = "too_many_pages"
    HIDDEN_CONTENT = "hidden_content"
    TOO_MANY_PIXELS = "too_many_pixels"


class UploadRefused(Exception):
    """An upload refused with a stable ``code`` (:class:`RefusalCode`) and a translated ``message``."""

    def __init__(self, code: RefusalCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ContentType(enum.StrEnum):
    """The content types a case accepts, by MIME type."""

    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"

    @property
    def extension(self) -> str:
        return _EXTENSIONS[self][0]

    @property
    def label(self) -> str:
        return str(_CONTENT_LABELS[self])


_EXTENSIONS: dict[ContentType, tuple[str, ...]] = {
    ContentType.PDF: ("pdf",),
    ContentType.JPEG: ("jpg", "jpeg", "jpe", "jfif"),
    ContentType.PNG: ("png",),
}
_CONTENT_LABELS = {
    ContentType.PDF: gettext_lazy("a PDF document"),
    ContentType.JPEG: gettext_lazy("a JPEG image"),
    ContentType.PNG: gettext_lazy("a PNG image"),
}


class ExpectedKind(enum.Enum):
    """What the caller asks for: the content types it accepts."""

    PDF = "pdf"
    IMAGE = "image"
    PDF_OR_IMAGE = "pdf_or_image"

    @property
    def content_types(self) -> frozenset[ContentType]:
        return _KIND_TYPES[self]

    @property
    def label(self) -> str:
        return str(_KIND_LABELS[self])


_KIND_TYPES = {
    ExpectedKind.PDF: frozenset({ContentType.PDF}),
    ExpectedKind.IMAGE: frozenset({ContentType.JPEG, ContentType.PNG}),
    ExpectedKind.PDF_OR_IMAGE: frozenset({ContentType.PDF, ContentType.JPEG, ContentType.PNG}),
}
_KIND_LABELS = {
    ExpectedKind.PDF: gettext_lazy("a PDF document"),
    ExpectedKind.IMAGE: gettext_lazy("a JPEG or PNG image"),
    ExpectedKind.PDF_OR_IMAGE: gettext_lazy("a PDF document or a JPEG or PNG image"),
}


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed :func:`check_upload`, with the exact bytes that were checked."""

    content_type: ContentType
    size: int
    page_count: int
    sha256: str
    original_name: str
    stored_name: str
    width: int | None = None
    height: int | None = None
    content: bytes = field(default=b"", repr=False, compare=False)


# Recognisable content that is never accepted, by leading bytes: (signature, label).
_FOREIGN_SIGNATURES: tuple[tuple[bytes, Any], ...] = (
    (b"MZ", gettext_lazy("a Windows program")),
    (b"\x7fELF", gettext_lazy("a Linux program")),
    (b"\xcf\xfa\xed\xfe", gettext_lazy("a macOS program")),
    (b"\xce\xfa\xed\xfe", gettext_lazy("a macOS program")),
    (b"\xca\xfe\xba\xbe", gettext_lazy("a macOS or Java program")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", gettext_lazy("an older Microsoft Office file")),
    (b"Rar!\x1a\x07", gettext_lazy("a RAR archive")),
    (b"7z\xbc\xaf\x27\x1c", gettext_lazy("a 7-Zip archive")),
    (b"\x1f\x8b", gettext_lazy("a compressed (gzip) file")),
    (b"GIF87a", gettext_lazy("a GIF image")),
    (b"GIF89a", gettext_lazy("a GIF image")),
    (b"II*\x00", gettext_lazy("a TIFF image")),
    (b"MM\x00*", gettext_lazy("a TIFF image")),
    (b"BM", gettext_lazy("a BMP image")),
    (b"{\\rtf", gettext_lazy("an RTF document")),
    (b"#!", gettext_lazy("a script")),
)
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_MARKUP = re.compile(rb"^\s*<(?:!doctype\s+html|html|head|body|script|svg|\?xml|iframe|meta)\b", re.IGNORECASE)
_SCRIPT_HINTS = re.compile(
    rb"^\s*(?:@echo\s+off|<\?php|function\s|var\s|const\s|let\s|import\s|powershell|param\s*\(|set\s+\w+\s*=)",
    re.IGNORECASE,
)
# Another file appended after an image's or PDF's end.
_APPENDED_SIGNATURES = re.compile(
    rb"PK\x03\x04|PK\x05\x06|%PDF-|MZ\x90\x00|program cannot be run in DOS mode|\x7fELF"
    rb"|<script|<html|<!doctype|<\?php|<svg",
    re.IGNORECASE | re.DOTALL,
)
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def check_upload(
    *,
    name: str,
    data: bytes | IO[bytes],
    kind: ExpectedKind,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> CheckedUpload:
    """Check an upload by its content; return what it is or raise :class:`UploadRefused`.

    ``data`` is the file's bytes or a binary file object (such as Django's ``UploadedFile``); at
    most ``max_bytes + 1`` bytes are read, so an oversized upload is never loaded whole.
    """
    content = _read_limited(data, max_bytes)
    size = len(content)
    if size == 0:
        raise UploadRefused(RefusalCode.EMPTY, _("The file is empty. Please choose the file again."))
    if size > max_bytes:
        raise _too_large(max_bytes)
    content_type = _detect(content, kind)
    extension = _extension(name)
    if extension and extension not in _EXTENSIONS[content_type]:
        raise UploadRefused(
            RefusalCode.EXTENSION_MISMATCH,
            _(
                "The file is %(actual)s, but its name ends in “.%(extension)s”. Please upload the original "
                "file, or give it the right name ending (“.%(expected)s”)."
            )
            % {"actual": content_type.label, "extension": extension, "expected": content_type.extension},
        )
    width = height = None
    if content_type is ContentType.PDF:
        page_count = _check_pdf(content, max_pages)
    else:
        width, height = _check_png(content) if content_type is ContentType.PNG else _check_jpeg(content)
        page_count = 1
    sha256 = hashlib.sha256(content).hexdigest()
    return CheckedUpload(
        content_type=content_type,
        size=size,
        page_count=page_count,
        sha256=sha256,
        original_name=_clean_original_name(name),
        stored_name=safe_stored_name(name, content_type, sha256),
        width=width,
        height=height,
        content=content,
    )


def safe_stored_name(name: str, content_type: ContentType, sha256: str) -> str:
    """A file name safe on any storage: letters, digits, ``-`` and ``_`` from the original stem
    (Korean letters included), a short content hash so versions never collide, and the extension
    of the detected content (never the one the uploader chose)."""
    stem = _clean_original_name(name).rsplit("/", 1)[-1]
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    stem = re.sub(r"[^\w-]+", "-", stem).strip("-_.")[:60] or "document"
    return f"{stem}-{sha256[:12]}.{content_type.extension}"


def _read_limited(data: bytes | IO[bytes], max_bytes: int) -> bytes:
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data[: max_bytes + 1])
    declared = getattr(data, "size", None)
    if isinstance(declared, int) and declared > max_bytes:
        raise _too_large(max_bytes)  # refused before reading a byte
    if hasattr(data, "seek"):
        with contextlib.suppress(OSError, ValueError):
            data.seek(0)
    chunks: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = data.read(min(_READ_CHUNK, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(bytes(chunk))
        total += len(chunk)
    return b"".join(chunks)


def _too_large(max_bytes: int) -> UploadRefused:
    return UploadRefused(
        RefusalCode.TOO_LARGE,
        _("The file is larger than the limit of %(limit)s. Please upload a smaller file.")
        % {"limit": _megabytes(max_bytes)},
    )


def _megabytes(count: int) -> str:
    return _("%(size)s MB") % {"size": f"{count / (1024 * 1024):g}"}


def _extension(name: str) -> str:
    base = _clean_original_name(name).rsplit("/", 1)[-1]
    if "." not in base.strip("."):
        return ""
    return base.rsplit(".", 1)[-1].strip().lower()


def _clean_original_name(name: str) -> str:
    """The uploader's file name without directories, control characters or surrounding space."""
    text = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(character for character in text if unicodedata.category(character)[0] != "C")
    return text.strip()[:200]


def _detect(content: bytes, kind: ExpectedKind) -> ContentType:
    head = content[:1024]
    detected: ContentType | None = None
    if head.startswith(b"%PDF-"):
        detected = ContentType.PDF
    elif head.startswith(b"\xff\xd8\xff"):
        detected = ContentType.JPEG
    elif head.startswith(_PNG_SIGNATURE):
        detected = ContentType.PNG
    if detected is None:
        foreign = _foreign_label(content)
        if foreign is None:
            raise UploadRefused(
                RefusalCode.UNSUPPORTED,
                _("We could not recognise this file's content. Please upload %(expected)s.") % {"expected": kind.label},
            )
        raise UploadRefused(
            RefusalCode.UNSUPPORTED,
            _("The file is %(actual)s, not %(expected)s. Please upload %(expected)s.")
            % {"actual": foreign, "expected": kind.label},
        )
    if detected not in kind.content_types:
        raise UploadRefused(
            RefusalCode.WRONG_KIND,
            _("The file is %(actual)s, not %(expected)s. Please upload %(expected)s.")
            % {"actual": detected.label, "expected": kind.label},
        )
    return detected


def _foreign_label(content: bytes) -> str | None:
    head = content[:4096]
    if head.startswith(_ZIP_SIGNATURES):
        if b"word/" in content[:65536]:
            return _("a Word document")
        if b"xl/" in content[:65536]:
            return _("an Excel workbook")
        if b"ppt/" in content[:65536]:
            return _("a PowerPoint presentation")
        if b"[Content_Types].xml" in content[:65536]:
            return _("a Microsoft Office file")
        return _("a ZIP archive")
    for signature, label in _FOREIGN_SIGNATURES:
        if head.startswith(signature):
            return str(label)
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1", b"ftyphevc"):
        return _("a HEIC photo")
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return _("a WebP image")
    stripped = head.lstrip(b"\xef\xbb\xbf")
    if _MARKUP.match(stripped):
        return _("a web page or markup file")
    if _SCRIPT_HINTS.match(stripped):
        return _("a script")
    if _looks_like_text(head):
        return _("a text file")
    return None


def _looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(character.isprintable() or character in "\r\n\t" for character in text)


def _malformed(message: str) -> UploadRefused:
    return UploadRefused(RefusalCode.MALFORMED, message)


def _hidden_content() -> UploadRefused:
    return UploadRefused(
        RefusalCode.HIDDEN_CONTENT,
        _("The file has another file hidden after its end. Please upload the original document only."),
    )


# --- PDF ---------------------------------------------------------------------------------------

# Name keys and action or annotation types that make a PDF active, with what to call them.
_ACTIVE_KEYS = {
    "/JS": gettext_lazy("JavaScript"),
    "/JavaScript": gettext_lazy("JavaScript"),
    "/AA": gettext_lazy("automatic actions"),
    "/EmbeddedFiles": gettext_lazy("embedded files"),
    "/EmbeddedFile": gettext_lazy("embedded files"),
    "/EF": gettext_lazy("embedded files"),
    "/XFA": gettext_lazy("an XFA form"),
    "/RichMediaContent": gettext_lazy("rich media"),
    "/RichMediaSettings": gettext_lazy("rich media"),
}
_ACTIVE_ACTIONS = {
    "/JavaScript": gettext_lazy("JavaScript"),
    "/Launch": gettext_lazy("an action that launches a program"),
    "/ImportData": gettext_lazy("an action that imports data"),
    "/SubmitForm": gettext_lazy("an action that sends form data"),
    "/GoToE": gettext_lazy("embedded files"),
    "/Rendition": gettext_lazy("a media action"),
    "/RichMediaExecute": gettext_lazy("rich media"),
    "/Movie": gettext_lazy("a media action"),
    "/Sound": gettext_lazy("a media action"),
}
_ACTIVE_SUBTYPES = {
    "/FileAttachment": gettext_lazy("embedded files"),
    "/RichMedia": gettext_lazy("rich media"),
    "/Movie": gettext_lazy("rich media"),
    "/Sound": gettext_lazy("rich media"),
    "/Screen": gettext_lazy("rich media"),
    "/3D": gettext_lazy("3D content"),
}
_ACTIVE_TYPES = {"/EmbeddedFile": gettext_lazy("embedded files")}


def _check_pdf(content: bytes, max_pages: int) -> int:
    last_eof = content.rfind(b"%%EOF")
    if last_eof < 0:
        raise _malformed(_("The PDF document is incomplete or damaged. Please save it again and upload the new file."))
    if _APPENDED_SIGNATURES.search(content, last_eof + 5):
        raise _hidden_content()
    pypdf_logger = logging.getLogger("pypdf")
    previous_level = pypdf_logger.level
    pypdf_logger.setLevel(logging.CRITICAL)  # a damaged upload is reported to the uploader, not logged
    try:
        return _inspect_pdf(content, max_pages)
    except UploadRefused:
        raise
    except Exception as error:  # any parser failure means a damaged file
        raise _malformed(
            _("The PDF document is damaged and cannot be read. Please save it again and upload the new file.")
        ) from error
    finally:
        pypdf_logger.setLevel(previous_level)


def _inspect_pdf(content: bytes, max_pages: int) -> int:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content), strict=False)
    if reader.is_encrypted:
        raise UploadRefused(
            RefusalCode.ENCRYPTED,
            _(
                "The PDF document is password-protected or encrypted. Please save or print it as an "
                "unprotected PDF and upload that file."
            ),
        )
    check_pdf_inflation(reader, len(content), refuse=lambda message: UploadRefused(RefusalCode.TOO_LARGE, message))
    found = _find_active_content(reader)
    if found:
        raise UploadRefused(
            RefusalCode.ACTIVE_CONTENT,
            _(
                "The PDF document contains %(what)s, which we do not accept for security reasons. Please print "
                "it to a new PDF (or scan it) and upload that file."
            )
            % {"what": ", ".join(found)},
        )
    page_count = len(reader.pages)
    if page_count == 0:
        raise _malformed(_("The PDF document has no pages."))
    if page_count > max_pages:
        raise UploadRefused(
            RefusalCode.TOO_MANY_PAGES,
            _(
                "The PDF document has %(count)d pages; at most %(limit)d are allowed. "
                "Please upload only the pages needed."
            )
            % {"count": page_count, "limit": max_pages},
        )
    return page_count


def _find_active_content(reader: Any) -> list[str]:
    """What active content the PDF holds, walking every object reachable from the trailer and every
    object the cross-reference table lists (a viewer may reach objects our walk would not)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found: dict[str, None] = {}
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    for generation, numbers in reader.xref.items():
        stack.extend(IndirectObject(number, generation, reader) for number in numbers)
    for number in reader.xref_objStm:
        stack.append(IndirectObject(number, 0, reader))
    walked = 0
    while stack:
        item = stack.pop()
        walked += 1
        if walked > MAX_PDF_OBJECTS:
            raise _malformed(
                _("The PDF document is too complex to check. Please print it to a new PDF and upload that.")
            )
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for name, value in item.items():
                if name in _ACTIVE_KEYS:
                    found[str(_ACTIVE_KEYS[name])] = None
                stack.append(value)
            for key_name, table in (("/S", _ACTIVE_ACTIONS), ("/Subtype", _ACTIVE_SUBTYPES), ("/Type", _ACTIVE_TYPES)):
                value = item.get(key_name)
                if isinstance(value, IndirectObject):
                    value = value.get_object()
                if isinstance(value, str) and value in table:
                    found[str(table[value])] = None
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return list(found)


# --- images ------------------------------------------------------------------------------------


def _broken_image(label: str) -> UploadRefused:
    return _malformed(
        _("The file is %(actual)s, but it is incomplete or damaged. Please save it again and upload the new file.")
        % {"actual": label}
    )


def _check_pixels(width: int, height: int, label: str) -> tuple[int, int]:
    if width <= 0 or height <= 0:
        raise _broken_image(label)
    if width * height > MAX_IMAGE_PIXELS:
        raise UploadRefused(
            RefusalCode.TOO_MANY_PIXELS,
            _("The image is %(width)d × %(height)d pixels, which is too large. Please upload a smaller scan.")
            % {"width": width, "height": height},
        )
    return width, height


def _check_png(content: bytes) -> tuple[int, int]:
    label = ContentType.PNG.label
    position = len(_PNG_SIGNATURE)
    width = height = 0
    first = True
    while True:
        if position + 12 > len(content):
            raise _broken_image(label)
        (length,) = struct.unpack(">I", content[position : position + 4])
        chunk_type = content[position + 4 : position + 8]
        end = position + 12 + length
        if length > 0x7FFFFFFF or end > len(content) or not chunk_type.isalpha():
            raise _broken_image(label)
        chunk_data = content[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", content[end - 4 : end])
        if zlib.crc32(chunk_type + chunk_data) != crc:
            raise _broken_image(label)
        if first:
            if chunk_type != b"IHDR" or length != 13:
                raise _broken_image(label)
            width, height = struct.unpack(">II", chunk_data[:8])
            first = False
        position = end
        if chunk_type == b"IEND":
            break
    if _APPENDED_SIGNATURES.search(content, position):
        raise _hidden_content()
    return _check_pixels(width, height, label)


_JPEG_FRAME_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _check_jpeg(content: bytes) -> tuple[int, int]:
    label = ContentType.JPEG.label
    position = 2
    size = len(content)
    width = height = 0
    scanned = False
    while True:
        while position < size and content[position] == 0xFF and position + 1 < size and content[position + 1] == 0xFF:
            position += 1  # fill bytes
        if position + 2 > size or content[position] != 0xFF:
            raise _broken_image(label)
        marker = content[position + 1]
        position += 2
        if marker == 0xD9:  # end of image
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if position + 2 > size:
            raise _broken_image(label)
        (length,) = struct.unpack(">H", content[position : position + 2])
        if length < 2 or position + length > size:
            raise _broken_image(label)
        if marker in _JPEG_FRAME_MARKERS:
            if length < 7:
                raise _broken_image(label)
            height, width = struct.unpack(">HH", content[position + 3 : position + 7])
        position += length
        if marker == 0xDA:  # start of scan: skip the entropy-coded data up to the next marker
            scanned = True
            while True:
                position = content.find(b"\xff", position)
                if position < 0 or position + 1 >= size:
                    raise _broken_image(label)
                following = content[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    position += 1 if following == 0xFF else 2
                    continue
                break
    if not scanned or not width:
        raise _broken_image(label)
    if _APPENDED_SIGNATURES.search(content, position):
        raise _hidden_content()
    return _check_pixels(width, height, label)

"""A file's metadata removed before it leaves the server for someone who must not learn whose it is.

A PDF keeps its pages and loses the document information dictionary (Author, Creator, Producer,
Title, Subject, Keywords, dates) and every XMP metadata stream (the document's and those of pages,
images and fonts) and application data (``/PieceInfo``); it is rewritten from its page tree, so no
orphaned copy of them stays in the file. A JPEG loses its EXIF and XMP (APP1), IPTC/Photoshop
(APP13) and every other application segment but the JFIF header, the ICC colour profile and
Adobe's colour-transform marker, and its comments; the compressed image is copied byte for byte
(no re-encoding, no loss). A PNG keeps only the chunks that draw the image (header, palette,
transparency, colour space, pixel size, image data, animation) and loses text, EXIF and time chunks.

The content itself is not touched: a diploma still prints its holder's name. Pure: bytes in,
bytes out; :class:`MetadataNotRemovable` when a file cannot be read well enough to rewrite it.
"""

from __future__ import annotations

import io
import logging
import struct
import zlib
from typing import Any

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

# Keys that carry metadata wherever they are in a PDF: XMP streams and application data.
_PDF_METADATA_KEYS = ("/Metadata", "/PieceInfo")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_KEPT = frozenset(
    {
        b"IHDR",
        b"PLTE",
        b"IDAT",
        b"IEND",
        b"tRNS",
        b"gAMA",
        b"cHRM",
        b"sRGB",
        b"iCCP",
        b"sBIT",
        b"pHYs",
        b"bKGD",
        b"hIST",
        b"acTL",
        b"fcTL",
        b"fdAT",
    }
)
_JPEG_APP0 = 0xE0
_JPEG_APP2 = 0xE2
_JPEG_APP14 = 0xEE
_JPEG_COMMENT = 0xFE
_JPEG_START_OF_SCAN = 0xDA
_JPEG_END_OF_IMAGE = 0xD9


class MetadataNotRemovable(ValueError):
    """The file is not what its type says, or too damaged to rewrite without its metadata."""


def without_metadata(content: bytes, content_type: str) -> bytes:
    """``content`` (a PDF, JPEG or PNG) without its metadata; any other type is refused."""
    try:
        if content_type == PDF:
            return _pdf(content)
        if content_type == JPEG:
            return _jpeg(content)
        if content_type == PNG:
            return _png(content)
    except MetadataNotRemovable:
        raise
    except Exception as error:  # a parser's own errors: the file cannot be rewritten
        raise MetadataNotRemovable(str(error)) from error
    raise MetadataNotRemovable(f"no way to remove the metadata of {content_type!r}")


def _drop_metadata_keys(root: Any) -> None:
    """Remove the metadata keys from every dictionary reachable from ``root`` (each visited once)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[int] = set()
    pending = [root]
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key in _PDF_METADATA_KEYS:
                if key in item:
                    del item[key]
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)


def _pdf_rewritten(content: bytes) -> bytes:
    """The catalogue and what it reaches (pages, outlines, forms) without the metadata keys, and
    not the trailer's /Info; objects that only the removed keys pointed to are still written."""
    from pypdf import PdfReader, PdfWriter  # a second to import: only when a PDF is cleaned

    reader = PdfReader(io.BytesIO(content), strict=False)
    if reader.is_encrypted:
        raise MetadataNotRemovable("encrypted PDF")
    writer = PdfWriter()
    writer.clone_reader_document_root(reader)
    writer.metadata = None
    _drop_metadata_keys(writer.root_object)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _pdf(content: bytes) -> bytes:
    logger = logging.getLogger("pypdf")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)  # a damaged file is the caller's answer, not a log line
    try:
        # Twice: the second copy starts from a catalogue without metadata, so the orphaned
        # metadata streams the first one still carried are not reached and not written.
        return _pdf_rewritten(_pdf_rewritten(content))
    finally:
        logger.setLevel(previous)


def _keep_jpeg_segment(marker: int, payload: bytes) -> bool:
    if marker == _JPEG_COMMENT:
        return False
    if not 0xE0 <= marker <= 0xEF:
        return True
    if marker == _JPEG_APP0:
        return payload.startswith((b"JFIF\x00", b"JFXX\x00"))
    if marker == _JPEG_APP2:
        return payload.startswith(b"ICC_PROFILE\x00")
    if marker == _JPEG_APP14:
        return payload.startswith(b"Adobe")
    return False


def _jpeg(content: bytes) -> bytes:
    if not content.startswith(b"\xff\xd8"):
        raise MetadataNotRemovable("not a JPEG")
    output = bytearray(b"\xff\xd8")
    position = 2
    size = len(content)
    while True:
        while position + 1 < size and content[position] == 0xFF and content[position + 1] == 0xFF:
            position += 1  # fill bytes
        if position + 2 > size or content[position] != 0xFF:
            raise MetadataNotRemovable("broken JPEG")
        marker = content[position + 1]
        if marker == _JPEG_END_OF_IMAGE:
            output += b"\xff\xd9"
            return bytes(output)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            output += content[position : position + 2]
            position += 2
            continue
        if position + 4 > size:
            raise MetadataNotRemovable("broken JPEG")
        (length,) = struct.unpack(">H", content[position + 2 : position + 4])
        end = position + 2 + length
        if length < 2 or end > size:
            raise MetadataNotRemovable("broken JPEG")
        if _keep_jpeg_segment(marker, content[position + 4 : end]):
            output += content[position:end]
        position = end
        if marker == _JPEG_START_OF_SCAN:
            # The entropy-coded data runs to the next marker that is not a stuffed byte or a restart.
            scan_start = position
            while True:
                position = content.find(b"\xff", position)
                if position < 0 or position + 1 >= size:
                    raise MetadataNotRemovable("broken JPEG")
                following = content[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    position += 2
                    continue
                if following == 0xFF:
                    position += 1
                    continue
                break
            output += content[scan_start:position]


def _png(content: bytes) -> bytes:
    if not content.startswith(_PNG_SIGNATURE):
        raise MetadataNotRemovable("not a PNG")
    output = bytearray(_PNG_SIGNATURE)
    position = len(_PNG_SIGNATURE)
    while True:
        if position + 12 > len(content):
            raise MetadataNotRemovable("broken PNG")
        (length,) = struct.unpack(">I", content[position : position + 4])
        chunk_type = content[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(content):
            raise MetadataNotRemovable("broken PNG")
        (crc,) = struct.unpack(">I", content[end - 4 : end])
        if zlib.crc32(content[position + 4 : end - 4]) != crc:
            raise MetadataNotRemovable("broken PNG")
        if chunk_type in _PNG_KEPT:
            output += content[position:end]
        position = end
        if chunk_type == b"IEND":
            return bytes(output)

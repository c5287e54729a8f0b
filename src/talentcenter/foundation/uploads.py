"""Checks of uploaded files that know no app: the PDF decompression-bomb check.

A PDF's streams are usually compressed (``/FlateDecode``), and a few kilobytes of zlib inflate to
hundreds of megabytes: a *decompression bomb* that exhausts the memory of whoever opens the file
(our reviewers' viewers, the stamping of the review copy, a virus scanner). :func:`check_pdf_inflation`
walks every stream of a parsed PDF and inflates it *incrementally*, counting bytes and keeping at most
one chunk in memory, and refuses the file as soon as the total passes :func:`inflation_limit`. So the
check itself cannot be made to use unbounded memory or time: it stops after at most
``MAX_PDF_INFLATED_BYTES`` of output and ``MAX_PDF_STREAMS`` streams, whatever the file says.

Every stage of a filter chain counts (``[/FlateDecode /FlateDecode]`` is a bomb twice over).
Filters that only ever shrink their input (hexadecimal, ASCII85) or are bounded by pypdf's own
output limit (LZW) are decoded whole, which is safe because their input is already bounded by the
budget. Image codecs (JPEG, JPEG 2000, CCITT, JBIG2) end the chain: their pixels are not inflated
here (pixel bombs in pictures are refused by the image checks).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from typing import Any

from django.utils.translation import gettext as _

PDF_INFLATION_RATIO = 100
"""A PDF may inflate to this many times its size on disk ..."""
MIN_PDF_INFLATED_BYTES = 16 * 1024 * 1024
"""... but a small one always to this much (a one-page scan with a lossless image inflates far) ..."""
MAX_PDF_INFLATED_BYTES = 200 * 1024 * 1024
"""... and none to more than this."""
MAX_PDF_STREAMS = 200_000
"""Objects looked at in one PDF before it is refused as too complex to check."""
MAX_RUN_LENGTH_INPUT = 8 * 1024 * 1024
"""Bytes of run-length data decoded in one PDF before it is refused as too complex to check."""
_CHUNK = 64 * 1024

_FLATE = {"/FlateDecode", "/Fl"}
_RUN_LENGTH = {"/RunLengthDecode", "/RL"}
_SHRINKING = {"/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85", "/LZWDecode", "/LZW"}


class _Exceeded(Exception):
    pass


class _TooManyObjects(Exception):
    pass


def inflation_limit(file_size: int) -> int:
    """How many bytes a PDF of ``file_size`` bytes may inflate to, all streams and stages together."""
    return min(MAX_PDF_INFLATED_BYTES, max(PDF_INFLATION_RATIO * file_size, MIN_PDF_INFLATED_BYTES))


def check_pdf_inflation(reader: Any, file_size: int, *, refuse: Callable[[str], Exception]) -> int:
    """Refuse (raise ``refuse(message)``) a PDF whose streams inflate beyond :func:`inflation_limit`.

    ``reader`` is a ``pypdf.PdfReader`` of the file; nothing is decoded through it (pypdf decodes
    lazily), only the raw stream bytes are read. Returns the inflated size counted.
    """
    limit = inflation_limit(file_size)
    budget = _Budget(limit)
    try:
        for stream in _streams(reader):
            _inflate(stream, budget)
    except _Exceeded:
        raise refuse(
            _(
                "The PDF document unpacks to more than %(limit)s MB of content, far more than a document of "
                "its size holds. We do not accept such files for security reasons. Please print it to a new "
                "PDF (or scan it) and upload that file."
            )
            % {"limit": f"{limit / (1024 * 1024):.0f}"}
        ) from None
    except _TooManyObjects:
        raise refuse(
            _("The PDF document is too complex to check. Please print it to a new PDF and upload that.")
        ) from None
    return budget.used


class _Budget:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self.run_length_input = 0

    def count(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            self.used += len(chunk)
            if self.used > self.limit:
                raise _Exceeded
            yield chunk

    def collect(self, chunks: Iterator[bytes]) -> bytes:
        """The whole output of a stage (already counted, so at most the budget)."""
        return b"".join(chunks)


def _streams(reader: Any) -> Iterator[Any]:
    from pypdf.generic import IndirectObject, StreamObject

    looked_at = 0
    for generation, numbers in reader.xref.items():
        for number in numbers:
            looked_at += 1
            if looked_at > MAX_PDF_STREAMS:
                raise _TooManyObjects
            try:
                item = IndirectObject(number, generation, reader).get_object()
            except Exception:  # noqa: S112 - a damaged object is the parser's business, not a bomb
                continue
            if isinstance(item, StreamObject):
                yield item


def _filters(stream: Any) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    value = value.get_object() if hasattr(value, "get_object") else value
    if isinstance(value, list):
        return [str(item.get_object() if hasattr(item, "get_object") else item) for item in value]
    return [str(value)]


def _inflate(stream: Any, budget: _Budget) -> None:
    raw = stream._data  # the stored (encoded) bytes; pypdf decodes only on get_data()
    if not isinstance(raw, bytes):
        return
    chunks: Iterator[bytes] = budget.count(iter([raw]))
    for name in _filters(stream):
        if name in _FLATE:
            chunks = budget.count(_flate(chunks))
        elif name in _RUN_LENGTH:
            chunks = budget.count(_run_length(chunks, budget))
        elif name in _SHRINKING:
            chunks = budget.count(_decode_whole(name, budget.collect(chunks)))
        else:  # an image codec or an unknown filter ends what we inflate
            break
    for _chunk in chunks:
        pass


def _flate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """zlib-inflate ``chunks``, yielding at most ``_CHUNK`` bytes at a time; stops at damaged data."""
    inflater = zlib.decompressobj()
    try:
        for chunk in chunks:
            pending = chunk
            while pending and not inflater.eof:
                out = inflater.decompress(pending, _CHUNK)
                if out:
                    yield out
                pending = inflater.unconsumed_tail
            if inflater.eof:
                return
        tail = inflater.flush()
        if tail:
            yield tail
    except zlib.error:
        return


def _run_length(chunks: Iterator[bytes], budget: _Budget) -> Iterator[bytes]:
    """Decode ``/RunLengthDecode`` (at most 64 times larger) a piece at a time; its input is bounded
    by ``MAX_RUN_LENGTH_INPUT`` (all streams together) so that the byte-by-byte walk stays quick."""
    pending = b""
    for chunk in chunks:
        budget.run_length_input += len(chunk)
        if budget.run_length_input > MAX_RUN_LENGTH_INPUT:
            raise _TooManyObjects
        pending += chunk
        out = bytearray()
        position, size = 0, len(pending)
        while position < size:
            length = pending[position]
            if length == 128:
                if out:
                    yield bytes(out)
                return
            if length < 128:
                end = position + length + 2
                if end > size:
                    break
                out += pending[position + 1 : end]
                position = end
            else:
                if position + 1 >= size:
                    break
                out += pending[position + 1 : position + 2] * (257 - length)
                position += 2
            if len(out) >= _CHUNK:
                yield bytes(out)
                out.clear()
        pending = pending[position:]
        if out:
            yield bytes(out)


def _decode_whole(name: str, data: bytes) -> Iterator[bytes]:
    from pypdf import filters

    decoder: Any = {
        "/ASCIIHexDecode": filters.ASCIIHexDecode,
        "/AHx": filters.ASCIIHexDecode,
        "/ASCII85Decode": filters.ASCII85Decode,
        "/A85": filters.ASCII85Decode,
        "/LZWDecode": filters.LZWDecode,
        "/LZW": filters.LZWDecode,
    }[name]
    try:
        decoded = decoder.decode(data)
    except Exception:  # damaged data decodes to nothing more
        return
    if isinstance(decoded, str):
        decoded = decoded.encode("latin-1", "replace")
    for start in range(0, len(decoded), _CHUNK):
        yield decoded[start : start + _CHUNK]

"""A PDF whose streams inflate far beyond its size is refused, like a picture that is a pixel bomb.

Every fixture is built here: the bombs are a few dozen kilobytes on disk.
"""

from __future__ import annotations

import io
import tracemalloc
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from talentcenter.cases.uploads import ExpectedKind, RefusalCode, UploadRefused, check_upload
from talentcenter.foundation.uploads import (
    MAX_PDF_INFLATED_BYTES,
    MIN_PDF_INFLATED_BYTES,
    check_pdf_inflation,
    inflation_limit,
)

MB = 1024 * 1024


def pdf_with_streams(*streams: tuple[bytes, str]) -> bytes:
    """A valid one-page PDF whose page has the given content streams, each ``(raw bytes, /Filter)``."""
    objects: list[bytes] = []
    contents = " ".join(f"{4 + index} 0 R" for index in range(len(streams)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [{contents}] >>".encode())
    for data, filters in streams:
        head = f"<< /Length {len(data)}{' /Filter ' + filters if filters else ''} >>\nstream\n".encode()
        objects.append(head + data + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.writelines(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def deflated_zeros(size: int) -> bytes:
    compressor = zlib.compressobj(9)
    block = bytes(MB)
    parts = [compressor.compress(block) for _ in range(size // MB)]
    return b"".join([*parts, compressor.compress(bytes(size % MB)), compressor.flush()])


def refused(pdf: bytes) -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        check_upload(name="diploma.pdf", data=pdf, kind=ExpectedKind.PDF)
    return caught.value


def test_a_pdf_bomb_is_refused_with_a_clear_message():
    # Given a PDF of some 60 KB whose one stream inflates to 60 MB
    pdf = pdf_with_streams((deflated_zeros(60 * MB), "/FlateDecode"))
    assert len(pdf) < 100 * 1024
    # When it is uploaded, then it is refused as too large once unpacked
    error = refused(pdf)
    assert error.code is RefusalCode.TOO_LARGE
    assert "unpacks to more than 16 MB" in error.message


def test_a_bomb_spread_over_many_streams_is_refused():
    # Each stream inflates to 2 MB only, but ten of them exceed the 16 MB a small PDF may hold
    stream = (deflated_zeros(2 * MB), "/FlateDecode")
    assert refused(pdf_with_streams(*[stream] * 10)).code is RefusalCode.TOO_LARGE


def test_a_bomb_inside_a_bomb_is_refused_without_inflating_it_all():
    # Given a stream compressed twice: 64 MB of zeros in a file of a few kilobytes
    inner = deflated_zeros(64 * MB)
    pdf = pdf_with_streams((zlib.compress(inner, 9), "[/FlateDecode /FlateDecode]"))
    assert len(pdf) < 64 * 1024
    # When it is checked, memory stays bounded: the check keeps one chunk, not the 64 MB
    tracemalloc.start()
    try:
        error = refused(pdf)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code is RefusalCode.TOO_LARGE
    assert peak < 8 * MB


def test_a_run_length_bomb_behind_flate_is_refused():
    # 2 bytes that repeat a byte 128 times, 2 million times over, deflated: 256 MB from a few kilobytes
    run_length = zlib.compress(b"\x81\x00" * 2_000_000 + b"\x80", 9)
    pdf = pdf_with_streams((run_length, "[/FlateDecode /RunLengthDecode]"))
    assert refused(pdf).code is RefusalCode.TOO_LARGE


def test_run_length_data_decodes_to_what_it_says():
    # A literal run of 3 bytes, then "z" repeated 5 times, then the end marker: 8 bytes inflated
    pdf = pdf_with_streams((b"\x02abc\xfcz\x80", "/RunLengthDecode"))
    assert check_pdf_inflation(PdfReader(io.BytesIO(pdf)), len(pdf), refuse=ValueError) == 7 + 8


def test_a_normal_pdf_passes():
    # Given a PDF drawn by reportlab (the library of the project's renderer), compressed as usual
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pageCompression=1)
    for page in range(3):
        drawing.drawString(72, 720, f"Certificate of employment, page {page + 1}")
        drawing.showPage()
    drawing.save()
    pdf = out.getvalue()
    # Then the upload is accepted and the check counted what the streams hold
    assert check_upload(name="certificate.pdf", data=pdf, kind=ExpectedKind.PDF).page_count == 3
    assert 0 < check_pdf_inflation(PdfReader(io.BytesIO(pdf)), len(pdf), refuse=ValueError) < MIN_PDF_INFLATED_BYTES


def test_a_lossless_scan_that_inflates_within_the_floor_passes():
    # A page-sized white image compresses some 1,000 times; it stays under the 16 MB floor
    pdf = pdf_with_streams((deflated_zeros(9 * MB), "/FlateDecode"))
    assert check_upload(name="scan.pdf", data=pdf, kind=ExpectedKind.PDF).page_count == 1


@settings(max_examples=50, deadline=None)
@given(size=st.integers(min_value=1, max_value=20 * MB))
def test_the_limit_is_a_hundred_times_the_size_between_the_floor_and_the_ceiling(size):
    limit = inflation_limit(size)
    assert MIN_PDF_INFLATED_BYTES <= limit <= MAX_PDF_INFLATED_BYTES
    assert limit == min(MAX_PDF_INFLATED_BYTES, max(100 * size, MIN_PDF_INFLATED_BYTES))

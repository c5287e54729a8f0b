"""Uploads are judged by their content: every fixture is generated here (reportlab, pypdf, zlib)."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject
from reportlab.pdfgen import canvas

from talentcenter.cases.uploads import (
    DEFAULT_MAX_BYTES,
    CheckedUpload,
    ContentType,
    ExpectedKind,
    RefusalCode,
    UploadRefused,
    check_upload,
)

# --- fixtures built in code ----------------------------------------------------------------------


def make_pdf(pages: int = 1) -> bytes:
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    for number in range(pages):
        document.drawString(72, 720, f"Certificate of employment, page {number + 1}")
        document.showPage()
    document.save()
    return buffer.getvalue()


def rewrite(pdf: bytes, change) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    change(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def set_root(key: str, value) -> object:
    def change(writer: PdfWriter) -> None:
        writer._root_object[NameObject(key)] = value

    return change


def action(kind: str, **entries) -> DictionaryObject:
    result = DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        result[NameObject(f"/{key}")] = value
    return result


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def make_png(width: int = 2, height: int = 2) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(rows))
        + png_chunk(b"IEND", b"")
    )


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def make_jpeg(width: int = 16, height: int = 8) -> bytes:
    """A structurally complete baseline JPEG (markers, frame, scan with stuffed bytes, end)."""
    frame = struct.pack(">BHHB", 8, height, width, 1) + bytes([1, 0x11, 0])
    scan_header = bytes([1, 1, 0x00, 0, 63, 0])
    entropy = b"\x12\x34\xff\x00\x56\xff\xd0\x78"  # a stuffed 0xFF and a restart marker
    return (
        b"\xff\xd8"
        + jpeg_segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + jpeg_segment(0xC0, frame)
        + jpeg_segment(0xDA, scan_header)
        + entropy
        + b"\xff\xd9"
    )


def refusal(**arguments) -> UploadRefused:
    arguments.setdefault("kind", ExpectedKind.PDF_OR_IMAGE)
    with pytest.raises(UploadRefused) as caught:
        check_upload(**arguments)
    return caught.value


# --- accepted --------------------------------------------------------------------------------------


def test_a_plain_pdf_is_accepted_with_its_facts():
    pdf = make_pdf(pages=3)

    checked = check_upload(name="C:\\Users\\kim\\졸업 증명서.PDF", data=pdf, kind=ExpectedKind.PDF)

    assert isinstance(checked, CheckedUpload)
    assert checked.content_type is ContentType.PDF
    assert checked.size == len(pdf)
    assert checked.page_count == 3
    assert checked.sha256 == __import__("hashlib").sha256(pdf).hexdigest()
    assert checked.original_name == "졸업 증명서.PDF"
    assert checked.stored_name == f"졸업-증명서-{checked.sha256[:12]}.pdf"
    assert checked.content == pdf


def test_a_pdf_that_opens_on_a_page_is_not_active_content():
    pdf = rewrite(make_pdf(), lambda writer: writer.set_page_layout("/SinglePage"))
    pdf = rewrite(
        pdf,
        lambda writer: writer._root_object.__setitem__(
            NameObject("/OpenAction"), ArrayObject([writer.pages[0].indirect_reference, NameObject("/Fit")])
        ),
    )

    assert check_upload(name="offer.pdf", data=pdf, kind=ExpectedKind.PDF).page_count == 1


def test_png_and_jpeg_are_accepted_with_dimensions():
    png = check_upload(name="photo.png", data=make_png(3, 5), kind=ExpectedKind.IMAGE)
    jpeg = check_upload(name="scan.JPEG", data=make_jpeg(640, 480), kind=ExpectedKind.PDF_OR_IMAGE)

    assert (png.content_type, png.width, png.height, png.page_count) == (ContentType.PNG, 3, 5, 1)
    assert (jpeg.content_type, jpeg.width, jpeg.height) == (ContentType.JPEG, 640, 480)
    assert jpeg.stored_name.endswith(".jpg")


def test_a_django_uploaded_file_is_read_from_the_start():
    upload = SimpleUploadedFile("contract.pdf", make_pdf(), content_type="application/octet-stream")
    upload.read(10)

    checked = check_upload(name=upload.name, data=upload, kind=ExpectedKind.PDF)

    assert checked.size == upload.size


def test_a_name_without_extension_is_accepted_and_stored_with_the_detected_one():
    checked = check_upload(name="../../etc/passwd", data=make_png(), kind=ExpectedKind.IMAGE)

    assert checked.stored_name == f"passwd-{checked.sha256[:12]}.png"


# --- refused ----------------------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    assert refusal(name="a.pdf", data=b"").code is RefusalCode.EMPTY


def test_a_file_over_the_limit_is_refused_without_reading_it_all():
    upload = SimpleUploadedFile("big.pdf", make_pdf())
    upload.size = DEFAULT_MAX_BYTES + 1

    error = refusal(name="big.pdf", data=upload)

    assert error.code is RefusalCode.TOO_LARGE
    assert "10 MB" in error.message
    assert refusal(name="a.pdf", data=make_pdf(), max_bytes=100).code is RefusalCode.TOO_LARGE


def test_too_many_pages_are_refused():
    error = refusal(name="thesis.pdf", data=make_pdf(pages=4), max_pages=3)

    assert error.code is RefusalCode.TOO_MANY_PAGES
    assert error.message == (
        "The PDF document has 4 pages; at most 3 are allowed. Please upload only the pages needed."
    )


@pytest.mark.parametrize("user_password", ["", "secret"])
def test_encrypted_pdfs_are_refused_even_without_an_opening_password(user_password):
    pdf = rewrite(make_pdf(), lambda writer: writer.encrypt(user_password, "owner", algorithm="AES-128"))

    assert refusal(name="a.pdf", data=pdf).code is RefusalCode.ENCRYPTED


ACTIVE_PDFS = {
    "document JavaScript": (lambda writer: writer.add_open_action(JavaScript("app.alert('x');")), "JavaScript"),
    "open action with JavaScript": (
        set_root("/OpenAction", action("/JavaScript", JS=TextStringObject("app.alert(1)"))),
        "JavaScript",
    ),
    "launch action": (
        set_root("/OpenAction", action("/Launch", F=TextStringObject("calc.exe"))),
        "an action that launches a program",
    ),
    "additional actions": (
        set_root("/AA", DictionaryObject({NameObject("/WC"): action("/GoTo", D=ArrayObject([NumberObject(0)]))})),
        "automatic actions",
    ),
    "embedded file": (lambda writer: writer.add_attachment("payload.exe", b"MZ..."), "embedded files"),
    "XFA form": (
        set_root(
            "/AcroForm",
            DictionaryObject({NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): ArrayObject()}),
        ),
        "an XFA form",
    ),
    "rich media annotation": (
        lambda writer: writer.pages[0].__setitem__(
            NameObject("/Annots"),
            ArrayObject(
                [
                    DictionaryObject(
                        {NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/RichMedia")}
                    )
                ]
            ),
        ),
        "rich media",
    ),
}


@pytest.mark.parametrize("case", list(ACTIVE_PDFS), ids=list(ACTIVE_PDFS))
def test_pdfs_with_active_content_are_refused_naming_what_they_hold(case):
    change, named = ACTIVE_PDFS[case]
    pdf = rewrite(make_pdf(), change)

    error = refusal(name="a.pdf", data=pdf)

    assert error.code is RefusalCode.ACTIVE_CONTENT
    assert error.message == (
        f"The PDF document contains {named}, which we do not accept for security reasons. "
        "Please print it to a new PDF (or scan it) and upload that file."
    )


def test_javascript_hidden_under_an_escaped_name_is_found():
    pdf = make_pdf()
    pdf = pdf.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /J#53 (app.alert(1)) >>", 1)

    assert pdf.count(b"/J#53") == 1
    assert refusal(name="a.pdf", data=pdf).code is RefusalCode.ACTIVE_CONTENT


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n",  # no end of file
        b"%PDF-1.4\ngarbage garbage\n%%EOF\n",
        make_pdf()[:-400] + b"%%EOF",
    ],
    ids=["no-eof", "garbage", "truncated"],
)
def test_malformed_pdfs_are_refused(data):
    assert refusal(name="a.pdf", data=data).code is RefusalCode.MALFORMED


def build_pdf(*objects: bytes) -> bytes:
    """A hand-written PDF with a correct cross-reference table, for shapes reportlab will not produce."""
    output = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    output += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    output += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return output


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


def test_a_page_tree_that_loops_or_nests_too_deep_is_refused_as_damaged():
    looping = build_pdf(CATALOG, b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", b"<< /Type /Page /Parent 2 0 R >>")
    nested = build_pdf(
        b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 5000 + b"]" * 5000 + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R >>",
    )

    assert refusal(name="a.pdf", data=looping).code is RefusalCode.MALFORMED
    assert refusal(name="a.pdf", data=nested).code is RefusalCode.MALFORMED


def test_a_pdf_with_an_ordinary_web_link_is_accepted():
    pdf = build_pdf(
        CATALOG,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Annots [<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://www.kotra.or.kr) >> >>] >>",
    )

    assert check_upload(name="a.pdf", data=pdf, kind=ExpectedKind.PDF).page_count == 1


def test_a_stream_longer_than_the_limit_is_refused_after_reading_just_past_it():
    stream = io.BytesIO(make_pdf() + b"\n" * 5000)

    error = refusal(name="a.pdf", data=stream, max_bytes=2000)

    assert error.code is RefusalCode.TOO_LARGE
    assert stream.tell() == 2001


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"MZ\x90\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode", "a Windows program"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "a Linux program"),
        (b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml....word/document.xml", "a Word document"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00secret.txt", "a ZIP archive"),
        (b"<!DOCTYPE html><html><body>Diploma</body></html>", "a web page or markup file"),
        (b"\xef\xbb\xbf<script>alert(1)</script>", "a web page or markup file"),
        (b"#!/bin/sh\nrm -rf /\n", "a script"),
        (b"@echo off\r\ndel *.*\r\n", "a script"),
        (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
        (b"just some notes\nabout my degree\n", "a text file"),
    ],
)
def test_disguised_files_are_refused_saying_what_they_are(data, what):
    error = refusal(name="diploma.pdf", data=data, kind=ExpectedKind.PDF)

    assert error.code is RefusalCode.UNSUPPORTED
    assert error.message == f"The file is {what}, not a PDF document. Please upload a PDF document."


def test_unrecognisable_bytes_are_refused():
    error = refusal(name="x.pdf", data=bytes(range(256)) * 4)

    assert error.code is RefusalCode.UNSUPPORTED
    assert error.message.startswith("We could not recognise this file's content.")


def test_an_image_where_a_pdf_is_expected_is_the_wrong_kind():
    error = refusal(name="contract.png", data=make_png(), kind=ExpectedKind.PDF)

    assert error.code is RefusalCode.WRONG_KIND
    assert error.message == "The file is a PNG image, not a PDF document. Please upload a PDF document."


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("diploma.pdf", make_jpeg(), "The file is a JPEG image, but its name ends in “.pdf”."),
        ("photo.jpg", make_png(), "The file is a PNG image, but its name ends in “.jpg”."),
        ("scan.png", make_pdf(), "The file is a PDF document, but its name ends in “.png”."),
        ("contract.docx", make_pdf(), "The file is a PDF document, but its name ends in “.docx”."),
    ],
    # Named, not described by their bytes: a generated PDF differs at every collection, and every
    # parallel worker must collect the same tests.
    ids=["jpeg-named-pdf", "png-named-jpg", "pdf-named-png", "pdf-named-docx"],
)
def test_a_name_that_contradicts_the_content_is_refused(name, data, message):
    error = refusal(name=name, data=data)

    assert error.code is RefusalCode.EXTENSION_MISMATCH
    assert error.message.startswith(message)


@pytest.mark.parametrize(
    ("make", "name"),
    [(make_png, "a.png"), (make_jpeg, "a.jpg"), (make_pdf, "a.pdf")],
)
def test_a_file_appended_after_the_end_is_refused(make, name):
    data = make() + b"PK\x03\x04\x14\x00\x00\x00payload.exe"

    assert refusal(name=name, data=data).code is RefusalCode.HIDDEN_CONTENT


def test_harmless_trailing_bytes_after_a_jpeg_are_accepted():
    """Some phone cameras append their own metadata after the end of the image."""
    data = make_jpeg() + b"SEFHmetadata\x00\x01\x02"

    assert check_upload(name="a.jpg", data=data, kind=ExpectedKind.IMAGE).size == len(data)


@pytest.mark.parametrize(
    "data",
    [
        make_png()[:-6],  # truncated before IEND's checksum
        make_png().replace(b"IDAT", b"IDAX"),  # checksum no longer matches
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IDAT", b"x") + png_chunk(b"IEND", b""),  # IHDR missing
        make_jpeg()[:-2],  # no end of image
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9",  # no frame, no scan
        make_png(0, 3),
    ],
    ids=["png-truncated", "png-crc", "png-no-header", "jpeg-truncated", "jpeg-empty", "png-zero-width"],
)
def test_broken_images_are_refused(data):
    assert refusal(name="image", data=data).code is RefusalCode.MALFORMED


def test_an_image_with_too_many_pixels_is_refused():
    header = struct.pack(">IIBBBBB", 20_000, 20_000, 8, 0, 0, 0, 0)
    bomb = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IEND", b"")

    assert refusal(name="a.png", data=bomb).code is RefusalCode.TOO_MANY_PIXELS


# --- properties -------------------------------------------------------------------------------------

VALID_PDF = make_pdf(pages=2)


def outcome(**arguments) -> CheckedUpload | UploadRefused:
    """The upload checked, or the refusal: anything else escapes and fails the test."""
    try:
        return check_upload(**arguments)
    except UploadRefused as error:
        return error


def assert_clean(result: CheckedUpload | UploadRefused) -> None:
    if isinstance(result, UploadRefused):
        assert isinstance(result.code, RefusalCode)
        assert result.message
    else:
        assert result.page_count >= 1
        assert result.stored_name.endswith("." + result.content_type.extension)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4096), name=st.text(max_size=40), kind=st.sampled_from(list(ExpectedKind)))
def test_random_bytes_are_either_accepted_or_refused_cleanly(data, name, kind):
    assert_clean(outcome(name=name, data=data, kind=kind))


@settings(max_examples=300, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(VALID_PDF)), noise=st.binary(max_size=64))
def test_truncated_or_corrupted_pdfs_are_refused_cleanly(cut, noise):
    assert_clean(outcome(name="a.pdf", data=VALID_PDF[:cut] + noise, kind=ExpectedKind.PDF))


@settings(max_examples=200, deadline=None)
@given(position=st.integers(min_value=0), replacement=st.binary(min_size=1, max_size=16))
def test_pdfs_with_bytes_overwritten_are_refused_cleanly(position, replacement):
    position %= len(VALID_PDF)
    data = VALID_PDF[:position] + replacement + VALID_PDF[position + len(replacement) :]
    assert_clean(outcome(name="a.pdf", data=data, kind=ExpectedKind.PDF))


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=512), prefix=st.sampled_from([b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"%PDF-1.7\n"]))
def test_random_bytes_behind_a_real_signature_are_refused_cleanly(data, prefix):
    assert_clean(outcome(name="x", data=prefix + data, kind=ExpectedKind.PDF_OR_IMAGE))

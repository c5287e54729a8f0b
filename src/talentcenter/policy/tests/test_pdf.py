"""The self-check PDF: one bilingual document from the signed state, nothing stored, bad state → 400."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from PIL import Image

from talentcenter.audit.models import AuditEvent
from talentcenter.policy.engine.evaluate import ENGINE_VERSION
from talentcenter.policy.engine.parameters import baseline
from talentcenter.policy.engine.programmes import TRACKS
from talentcenter.policy.models import Assessment
from talentcenter.policy.pathfinder_state import state_dump
from talentcenter.policy.pdf import STATUS_LABELS
from talentcenter.policy.tests.examples import example_applicant
from talentcenter.policy.views_pdf import result_pdf

pytestmark = pytest.mark.django_db

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdftoppm", "pdffonts"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="needs poppler-utils (apt-get install poppler-utils)")

APPLICANT: dict[str, Any] = example_applicant()


def _post(data: dict[str, str], language: str = "en") -> HttpResponse:
    request = RequestFactory().post(f"/{language}/pathfinder/result.pdf", data)
    request.user = AnonymousUser()
    with translation.override(language):
        return result_pdf(request)


def _state(as_of: str = "2026-07-02", applicant: Any = None) -> str:
    return state_dump({"applicant": APPLICANT if applicant is None else applicant, "as_of": as_of, "step": 5})


def _text(path: Path) -> str:
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(raw.split())


@pytest.fixture
def pdf_file(tmp_path: Path) -> Path:
    response = _post({"state": _state()})
    assert response.status_code == 200
    path = tmp_path / "result.pdf"
    path.write_bytes(response.content)
    return path


def test_the_pdf_is_an_attachment_named_after_the_date() -> None:
    response = _post({"state": _state("2026-07-02")})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="talentcenter-self-check-2026-07-02.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")


def test_nothing_is_stored() -> None:
    _post({"state": _state()})

    assert Assessment.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@needs_poppler
def test_track_labels_and_statuses_read_back_in_korean_and_english(pdf_file: Path) -> None:
    text = _text(pdf_file)

    for language in ("ko", "en"):
        with translation.override(language):
            for track in TRACKS:
                assert str(track.label) in text, (language, str(track.label))
            for status in ("eligible", "not_eligible"):
                assert str(STATUS_LABELS[status]) in text
    # The parameter labels come from the YAML in both languages.
    parameter_set = baseline()
    assert parameter_set["ktech_pass.salary_gni_multiple"].label_ko in text
    assert parameter_set["ktech_pass.salary_gni_multiple"].label_en in text
    assert "KRW 52,416,000" in text  # the GNI in force on 2026-07-02


@needs_poppler
def test_date_engine_version_digest_lists_and_disclaimer(pdf_file: Path) -> None:
    text = _text(pdf_file)

    assert "2026-07-02" in text
    assert ENGINE_VERSION in text
    assert baseline().digest in text
    assert "QS World University Rankings 2026" in text
    assert "partial list: a name that is not on it is unknown (needs review), not refused" in text
    assert "The official decision is made by the responsible authority when you apply" in text
    assert "Massachusetts Institute of Technology: rank 1" in text  # evidence


@needs_poppler
def test_fonts_embedded_and_every_page_renders(pdf_file: Path, tmp_path: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(pdf_file)], check=True, capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)

    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf_file), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    info = subprocess.run(["pdfinfo", str(pdf_file)], check=True, capture_output=True, text=True).stdout
    assert f"Pages:           {len(pages)}" in info
    for page in pages:
        assert sum(Image.open(page).convert("L").histogram()[:200]) > 300, page.name


def _expired_state() -> str:
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 3 * 24 * 3600):
        return _state()


@pytest.mark.parametrize(
    "state",
    [
        "",
        "not-a-signed-state",
        pytest.param("tampered", id="tampered"),
        pytest.param("expired", id="expired"),
        pytest.param("bad-applicant", id="bad-applicant"),
        pytest.param("bad-date", id="bad-date"),
        pytest.param("not-a-dict", id="not-a-dict"),
    ],
)
def test_a_state_that_cannot_be_used_answers_400_with_a_message(state: str) -> None:
    if state == "tampered":
        good = _state()
        state = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")
    elif state == "expired":
        state = _expired_state()
    elif state == "bad-applicant":
        state = _state(applicant={**APPLICANT, "unknown_field": 1})
    elif state == "bad-date":
        state = _state(as_of="2026-02-30")
    elif state == "not-a-dict":
        from django.core import signing

        from talentcenter.policy.pathfinder_state import SALT

        state = signing.dumps(["a", "list"], salt=SALT, compress=True)

    response = _post({"state": state})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "the self-check has expired or was changed" in response.content.decode()


def test_get_is_not_allowed() -> None:
    request = RequestFactory().get("/en/pathfinder/result.pdf")
    request.user = AnonymousUser()

    assert result_pdf(request).status_code == 405


def test_the_routed_url_answers_through_the_middleware(client: Any) -> None:
    with translation.override("ko"):
        url = reverse("policy:pathfinder_pdf")

    assert client.get(url).status_code == 405
    assert client.post(url, {"state": "garbage"}).status_code == 400
    response = client.post(url, {"state": _state("2026-07-02")})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="talentcenter-self-check-2026-07-02.pdf"'

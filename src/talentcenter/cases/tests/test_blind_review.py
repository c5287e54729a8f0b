"""Blind external review: the pseudonymised evaluator view (web and API), identity documents
withheld, files without metadata, and the automatic conflict check at assignment."""

from __future__ import annotations

import io
import json

import pytest
from conftest import staff_client_with_second_factor
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, StreamObject

from talentcenter.accounts.enums import Role
from talentcenter.accounts.services import user_set_organisation
from talentcenter.audit.models import AuditEvent
from talentcenter.cases import blind, services
from talentcenter.cases.checks import check_blind_review_setting
from talentcenter.cases.conflicts import normalised_organisation, organisation_key
from talentcenter.cases.enums import CaseType, KTechTrack
from talentcenter.cases.models import Case, EvaluatorAssignment
from tests.api import ApiClient, token_for
from tests.cases import CasePeople, pdf_bytes, start, walk
from tests.factories import UserFactory

CANARY = "Canary-Metadata-7f3e"


def canary_pdf() -> bytes:
    """A PDF whose information dictionary and XMP stream both name its author."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("Publications and patents"))))
    writer.add_metadata({"/Author": CANARY, "/Title": f"{CANARY} title", "/Creator": CANARY, "/Subject": CANARY})
    xmp = StreamObject()
    xmp.set_data(
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>'
        + CANARY.encode()
        + b'</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    xmp.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    writer.root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def canary_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = CANARY  # Artist
    exif[0x010E] = CANARY  # ImageDescription
    output = io.BytesIO()
    Image.new("RGB", (48, 32), (180, 40, 40)).save(output, "JPEG", exif=exif)
    return output.getvalue()


def evaluating(people: CasePeople, *, blind_setting: list[str]) -> Case:
    """A K-Tech Pass qualitative case in external evaluation, its evidence a PDF with metadata and
    its diploma a JPEG with EXIF, every evaluator having declared no conflict."""
    with override_settings(TALENTCENTER_BLIND_REVIEW=blind_setting):
        case = start(people, CaseType.KTECH_PASS, KTechTrack.QUALITATIVE)
        services.case_document_upload(
            actor=people.talent, case=case, requirement="qualitative-evidence", name="Jane CV.pdf", data=canary_pdf()
        )
        services.case_document_upload(
            actor=people.talent, case=case, requirement="diploma-1", name="Jane MIT.jpg", data=canary_jpeg()
        )
        return walk(case, people, "in_evaluation")


def canaries(people: CasePeople) -> list[str]:
    profile = people.talent.talent_profile
    return [
        profile.full_name,
        profile.given_name,
        profile.family_name,
        people.talent.email,
        "1987-03-14",
        "India",
        "Massachusetts Institute of Technology",
        "Samsung Electronics",
        people.company.name_en,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("is_blind", [True, False], ids=["blind", "named"])
def test_a_blind_review_shows_the_evaluator_a_pseudonym_and_only_the_evidence(is_blind: bool) -> None:
    people = CasePeople.create()
    case = evaluating(people, blind_setting=["ktech_pass/qualitative"] if is_blind else [])
    evaluator, other = people.evaluators[0], people.evaluators[1]
    assignment = case.evaluations.get(evaluator=evaluator)
    client = staff_client_with_second_factor(evaluator)
    api = ApiClient(token=token_for(evaluator))
    passport = case.documents.get(requirement="passport", version=1)
    diploma = case.documents.get(requirement="diploma-1", version=1)

    answer = api.get(f"evaluations/{assignment.pk}")
    listed = api.get("evaluations")
    page = client.get(reverse("evaluations:detail", args=[assignment.pk])).content.decode()
    other_page = staff_client_with_second_factor(other).get(
        reverse("evaluations:detail", args=[case.evaluations.get(evaluator=other).pk])
    )
    passport_download = client.get(reverse("evaluations:document", args=[assignment.pk, passport.pk]))
    diploma_download = client.get(reverse("evaluations:document", args=[assignment.pk, diploma.pk]))

    body = answer.json()
    api_text = json.dumps([body, listed.json()], ensure_ascii=False)
    found_on_page = [canary for canary in canaries(people) if canary in page]
    found_in_api = [canary for canary in canaries(people) if canary in api_text]
    assert body["blind"] is is_blind and listed.json()["items"][0]["blind"] is is_blind
    passport_url = reverse("evaluations:document", args=[assignment.pk, passport.pk])
    checklist = [line["requirement"] for line in body["file"]["checklist"]]
    if is_blind:
        pseudonym = blind.pseudonym(assignment)
        assert (found_on_page, found_in_api) == ([], [])
        assert 'id="blind-review"' in page and "This review is blind" in page
        assert pseudonym in page and body["applicant_name"] == pseudonym and pseudonym.startswith("Applicant ")
        assert pseudonym == blind.pseudonym(case.evaluations.get(pk=assignment.pk))
        assert pseudonym != blind.pseudonym(case.evaluations.get(evaluator=other))
        assert body["file"]["applicant"]["education"] == [{"level": "doctorate", "field": "Electrical engineering"}]
        assert body["file"]["applicant"]["experience_years"] > 10
        assert "passport" not in checklist and "qualitative-evidence" in checklist
        assert passport_url not in page and "passport" not in page
        assert passport_download.status_code == 404
        assert diploma_download.status_code == 200
        assert 'filename="diploma-1-v1.jpg"' in diploma_download["Content-Disposition"]
        assert diploma_download["Cache-Control"] == "private, no-store"
    else:
        named = {people.talent.talent_profile.full_name, "Massachusetts Institute of Technology", "1987-03-14"}
        assert named <= set(found_on_page) and named <= set(found_in_api)
        assert 'id="blind-review"' not in page
        assert body["applicant_name"] == people.talent.talent_profile.full_name
        assert "passport" in checklist and passport_url in page
        assert (passport_download.status_code, diploma_download.status_code) == (200, 200)
    logged = AuditEvent.objects.filter(action="personal_data.viewed", subject_id=str(people.talent.pk))
    assert other_page.status_code == 200
    assert {(event.actor_id, event.changes["what"], event.changes["via"]) for event in logged} == {
        (evaluator.pk, "case", "api"),  # the page read just after is within the same five minutes
        (evaluator.pk, "case_document", "web"),
        (other.pk, "case", "web"),
    }


@pytest.mark.django_db
def test_a_blind_evaluator_gets_the_evidence_without_its_metadata() -> None:
    people = CasePeople.create()
    case = evaluating(people, blind_setting=["ktech_pass/qualitative"])
    evaluator = people.evaluators[0]
    assignment = case.evaluations.get(evaluator=evaluator)
    client = staff_client_with_second_factor(evaluator)
    evidence = case.documents.get(requirement="qualitative-evidence", version=1)
    diploma = case.documents.get(requirement="diploma-1", version=1)
    with evidence.file.open("rb") as stored:
        assert PdfReader(stored).metadata["/Author"] == CANARY  # what the talent uploaded

    pdf = client.get(reverse("evaluations:document", args=[assignment.pk, evidence.pk]))
    jpeg = client.get(reverse("evaluations:document", args=[assignment.pk, diploma.pk]))

    assert (pdf.status_code, jpeg.status_code) == (200, 200)
    assert 'filename="qualitative-evidence-v1.pdf"' in pdf["Content-Disposition"]
    reader = PdfReader(io.BytesIO(pdf.content))
    info = reader.metadata or {}
    assert not {"/Author", "/Title", "/Creator", "/Producer", "/Subject", "/Keywords"} & set(info)
    assert reader.xmp_metadata is None and "/Metadata" not in reader.trailer["/Root"]
    assert "Publications and patents" in reader.pages[0].extract_text()
    image = Image.open(io.BytesIO(jpeg.content))
    image.load()
    assert dict(image.getexif()) == {} and "exif" not in image.info and image.size == (48, 32)
    assert CANARY.encode() not in pdf.content and CANARY.encode() not in jpeg.content


@pytest.mark.django_db
def test_the_automatic_check_refuses_an_evaluator_of_the_applicants_employer_unless_staff_give_a_reason() -> None:
    people = CasePeople.create()
    with override_settings(TALENTCENTER_BLIND_REVIEW=["ktech_pass/qualitative"]):
        case = walk(start(people, CaseType.KTECH_PASS, KTechTrack.QUALITATIVE), people, "in_validation")
    evaluator = UserFactory(roles=[Role.EXTERNAL_EVALUATOR])
    user_set_organisation(user=evaluator, organisation="Hanyang University; SAMSUNG ELECTRONICS CO., LTD.")
    staff = staff_client_with_second_factor(people.reviewer)
    page = reverse("cases_backoffice:detail", args=[case.pk])
    assign = reverse("cases_backoffice:evaluator_assign", args=[case.pk])
    events = AuditEvent.objects.filter(subject_id=str(case.pk), action="case.evaluator_assigned")

    form = staff.get(page).content.decode()
    refused = staff.post(assign, {"evaluator-evaluator": evaluator.pk})
    with pytest.raises(ValidationError) as error:
        services.evaluator_assign(actor=people.reviewer, case=case, evaluator=evaluator)

    assert "possible conflict of interest: SAMSUNG ELECTRONICS CO., LTD. is the applicant&#x27;s employer" in form
    assert refused.status_code == 400 and "Possible conflict of interest" in refused.content.decode()
    assert list(error.value.error_dict) == ["conflict_override_reason"]
    assert not EvaluatorAssignment.objects.filter(case=case, evaluator=evaluator).exists() and not events.exists()

    accepted = staff.post(
        assign, {"evaluator-evaluator": evaluator.pk, "evaluator-conflict_override_reason": "Another division."}
    )

    assert accepted.status_code == 302
    assignment = EvaluatorAssignment.objects.get(case=case, evaluator=evaluator)
    assert assignment.conflict_override_reason == "Another division."
    assert assignment.detected_conflicts == [
        {
            "evaluator_organisation": "SAMSUNG ELECTRONICS CO., LTD.",
            "applicant_organisation": "Samsung Electronics",
            "source": "employer",
        }
    ]
    event = events.get()
    assert event.reason == "Another division."
    assert event.changes["detected_conflicts"] == assignment.detected_conflicts
    assert event.changes["blind_review"] is True
    case.refresh_from_db()
    with override_settings(TALENTCENTER_BLIND_REVIEW=[]):  # the case keeps what applied at the first assignment
        assert case.blind_review is True and blind.is_blind_review(case)
        assert 'id="blind-review" data-blind="true"' in staff.get(page).content.decode()


@given(st.text(max_size=40))
def test_the_organisation_name_normaliser_is_idempotent(name: str) -> None:
    once = normalised_organisation(name)

    assert normalised_organisation(once) == once
    assert organisation_key(once) == organisation_key(name)


LETTERS = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 삼성전자서울한양"
NAMES = st.text(alphabet=st.sampled_from(LETTERS))
SUFFIXES = [
    " Co., Ltd.",
    " Inc.",
    " co ltd",
    " Corporation",
    " 주식회사",
    "주식회사",
    " (주)",
    "㈜",
    " University",
    "대학교",
]


@given(NAMES, st.sampled_from(SUFFIXES), st.booleans())
def test_the_organisation_key_ignores_legal_forms_and_case(name: str, suffix: str, upper: bool) -> None:
    written = (name.upper() if upper else name) + suffix

    assert organisation_key(written) == organisation_key(name)
    assert organisation_key("(주)" + written) == organisation_key(name)


def test_a_blind_review_setting_naming_no_case_type_stops_the_start() -> None:
    with override_settings(TALENTCENTER_BLIND_REVIEW=["ktech_pass/qualitative", "kotra_recomendation"]):
        errors = check_blind_review_setting()

    assert [error.id for error in errors] == ["cases.E001"]
    assert "kotra_recomendation" in errors[0].msg

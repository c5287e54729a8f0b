"""The applications portal of the talent and the company, through the Django test client."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import pytest
import time_machine
from conftest import staff_client_with_second_factor
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from talentcenter.audit.models import AuditEvent
from talentcenter.cases import selectors, services
from talentcenter.cases.enums import CaseType
from talentcenter.cases.models import Case, CaseDocument
from tests.cases import OFFER, CasePeople, invite, open_request, pdf_bytes, start, upload_everything, walk
from tests.factories import MembershipFactory, TalentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

SEOUL = datetime.timezone(datetime.timedelta(hours=9))


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people() -> CasePeople:
    return CasePeople.create()


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name: str, case: Case | None = None, **kwargs: Any) -> str:
    if case is not None:
        kwargs["pk"] = case.pk
    return reverse(f"cases:{name}", kwargs=kwargs)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def audit_count(case: Case) -> int:
    return AuditEvent.objects.filter(subject_type="cases.case", subject_id=str(case.pk)).count()


def first_talent_requirement(case: Case) -> str:
    return next(item.code for item in selectors.case_requirements(case) if item.party == "talent")


# --- Starting ----------------------------------------------------------------------------------


def company_start_data(people: CasePeople, **changes: Any) -> dict[str, Any]:
    data = {
        "company": people.company.pk,
        "case_type": CaseType.KOTRA_RECOMMENDATION,
        "talent_email": people.talent.email.upper(),
        "track": "",
        "job_title": OFFER["job_title"],
        "occupation_code": OFFER["occupation_code"],
        "annual_salary_krw": OFFER["annual_salary_krw"],
        "start_date": "2027-03-02",
        "technology_field": OFFER["technology_field"],
    }
    return {**data, **changes}


def test_a_company_member_starts_a_kotra_recommendation_for_a_named_talent(people: CasePeople) -> None:
    client = client_for(people.company_member)

    response = client.post(url("start_company"), company_start_data(people))

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", case)
    assert (case.case_type, case.status, case.started_by_party) == (
        CaseType.KOTRA_RECOMMENDATION,
        "invited",
        "company",
    )
    assert (case.talent, case.invited_email.lower()) == (None, people.talent.email)  # as typed
    assert case.annual_salary_krw == 160_000_000
    assert case.technology_field == "digital_electronics"
    assert case.company_confirmed_at is not None
    assert case.talent_consented_at is None


def test_the_start_form_for_companies_offers_the_eight_kotra_fields_by_name(people: CasePeople) -> None:
    response = client_for(people.company_member).get(url("start_company"))

    assert f'<option value="{people.company.pk}" selected>' in response.content.decode()
    field = response.context["form"].fields["technology_field"]
    assert len([value for value, _label in field.choices if value]) == 8
    assert ("digital_electronics", "Digital electronics") in [(value, str(label)) for value, label in field.choices]


@pytest.mark.parametrize("email", ["talent", "nobody@example.com", "no-profile@example.com"])
def test_a_company_naming_any_e_mail_gets_one_answer_an_invitation(people: CasePeople, email: str) -> None:
    UserFactory(email="no-profile@example.com")
    email = people.talent.email if email == "talent" else email

    client = client_for(people.company_member)
    response = client.post(url("start_company"), company_start_data(people, talent_email=email), follow=True)

    case = Case.objects.get()
    assert response.redirect_chain == [(url("detail", case), 302)]
    assert (case.status, case.talent, case.invited_email) == ("invited", None, email)
    page = response.content.decode()
    assert "We have invited the talent: you will see their details once they accept." in page
    assert people.talent.talent_profile.full_name not in page


def test_a_kotra_recommendation_needs_the_technology_field(people: CasePeople) -> None:
    response = client_for(people.company_member).post(
        url("start_company"), company_start_data(people, technology_field="")
    )

    assert response.context["form"].errors["technology_field"] == ["Choose the KOTRA technology field of the position."]
    assert not Case.objects.exists()


def test_a_member_of_an_unverified_company_cannot_start(pending_company: Any) -> None:
    member = pending_company.memberships.get().user

    response = client_for(member).get(url("start_company"))

    assert response.status_code == 302
    assert response["Location"] == url("start")


def test_a_talent_starts_a_ktech_pass_application_with_a_verified_company(people: CasePeople) -> None:
    client = client_for(people.talent)
    found = client.get(url("start_talent"), {"q": people.company.business_registration_number})
    assert list(found.context["form"].fields["company"].queryset) == [people.company]
    assert f'<option value="{people.company.pk}">{people.company.name} (' in found.content.decode()

    response = client.post(url("start_talent"), {"company": people.company.pk, "track": "standard"})

    case = Case.objects.get()
    assert response["Location"] == url("detail", case)
    assert (case.case_type, case.track, case.started_by_party) == (CaseType.KTECH_PASS, "standard", "talent")
    assert case.talent_consented_at is not None
    assert case.company_confirmed_at is None


def test_the_talent_start_page_shows_the_engine_hint_for_each_track(people: CasePeople) -> None:
    response = client_for(people.talent).get(url("start_talent"))

    assert response.status_code == 200
    tracks = {value: hint for value, _label, hint in response.context["tracks"]}
    assert set(tracks) == {"standard", "qualitative", "government-programme"}


def test_a_talent_cannot_pick_an_unverified_company(people: CasePeople, pending_company: Any) -> None:
    response = client_for(people.talent).post(url("start_talent"), {"company": pending_company.pk, "track": "standard"})

    assert response.status_code == 200
    assert "company" in response.context["form"].errors
    assert not Case.objects.exists()


# --- Preparing and submitting ------------------------------------------------------------------


def test_the_talent_agrees_to_an_application_the_company_started(people: CasePeople) -> None:
    case = start(people)

    response = client_for(people.talent).post(url("consent", case))

    case.refresh_from_db()
    assert response["Location"] == url("detail", case)
    assert case.talent_consented_at is not None
    assert AuditEvent.objects.filter(action="case.consent_given", subject_id=str(case.pk)).count() == 1


def test_the_company_confirms_and_edits_the_offer_while_draft(people: CasePeople) -> None:
    case = services.case_start(
        actor=people.talent, case_type=CaseType.KTECH_PASS, talent=people.talent.talent_profile, company=people.company
    )
    client = client_for(people.company_member)
    refused = client.post(url("confirm_offer", case))
    assert "Enter the job title and the annual salary before confirming the offer." in refused.content.decode()

    response = client.post(
        url("offer_edit", case),
        {"job_title": "Engineer", "occupation_code": "2211", "annual_salary_krw": "90000000", "track": "qualitative"},
    )

    case.refresh_from_db()
    assert response["Location"] == url("detail", case)
    assert (case.job_title, case.annual_salary_krw, case.track) == ("Engineer", 90_000_000, "qualitative")
    assert case.company_confirmed_by == people.company_member


def test_the_talent_changes_the_track_but_not_the_offer(people: CasePeople) -> None:
    case = start(people)
    client = client_for(people.talent)

    page = client.get(url("offer_edit", case)).content.decode()
    response = client.post(
        url("offer_edit", case), {"job_title": "X", "annual_salary_krw": "1", "track": "government-programme"}
    )

    case.refresh_from_db()
    assert "Change the track" in page
    assert 'name="job_title"' not in page
    assert response["Location"] == url("detail", case)
    assert (case.job_title, case.annual_salary_krw) == (OFFER["job_title"], OFFER["annual_salary_krw"])
    assert case.track == "government-programme"


def test_the_talent_of_a_kotra_application_has_nothing_to_change(people: CasePeople) -> None:
    case = start(people, CaseType.KOTRA_RECOMMENDATION)
    before = audit_count(case)

    response = client_for(people.talent).post(url("offer_edit", case), {"job_title": "X", "annual_salary_krw": "1"})

    case.refresh_from_db()
    assert response.status_code == 403
    assert case.job_title == OFFER["job_title"]
    assert audit_count(case) == before


def test_uploading_a_document_stores_a_new_version(people: CasePeople) -> None:
    case = start(people)
    requirement = first_talent_requirement(case)
    client = client_for(people.talent)

    for _number in range(2):
        response = client.post(
            url("upload", case),
            {"requirement": requirement, "file": SimpleUploadedFile("scan.pdf", pdf_bytes(), "application/pdf")},
        )
        assert response.status_code == 302

    versions = list(CaseDocument.objects.filter(case=case, requirement=requirement).values_list("version", flat=True))
    assert sorted(versions) == [1, 2]
    page = client.get(url("detail", case)).content.decode()
    assert "Earlier versions" in page
    assert 'accept=".pdf,.jpg,.jpeg,.png"' in page


def test_a_word_document_renamed_pdf_is_refused_and_nothing_is_stored(people: CasePeople) -> None:
    case = start(people)
    requirement = first_talent_requirement(case)
    before = audit_count(case)

    response = client_for(people.talent).post(
        url("upload", case),
        {"requirement": requirement, "file": SimpleUploadedFile("cv.pdf", docx_bytes(), "application/pdf")},
    )

    assert response.status_code == 200
    assert "The file is a Word document, not" in response.content.decode()
    assert not CaseDocument.objects.exists()
    assert audit_count(case) == before


def test_an_upload_for_a_requirement_not_on_the_checklist_is_a_bad_request(people: CasePeople) -> None:
    case = start(people)

    response = client_for(people.talent).post(
        url("upload", case), {"requirement": "../../etc", "file": SimpleUploadedFile("a.pdf", pdf_bytes())}
    )

    assert response.status_code == 400
    assert "This document is not on the checklist of this application." in response.content.decode()
    assert not CaseDocument.objects.exists()


def test_an_upload_without_a_file_shows_the_field_error(people: CasePeople) -> None:
    case = start(people)

    response = client_for(people.talent).post(url("upload", case), {"requirement": first_talent_requirement(case)})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not CaseDocument.objects.exists()


def test_checking_eligibility_shows_the_engines_answer(people: CasePeople) -> None:
    case = start(people)
    client = client_for(people.talent)

    client.post(url("check_eligibility", case))

    case.refresh_from_db()
    assert case.eligibility["status"] == "eligible"
    page = client.get(url("detail", case)).content.decode()
    assert "Eligible" in page
    assert case.eligibility["en"]["label"] in page


def test_submitting_an_incomplete_application_lists_the_problems(people: CasePeople) -> None:
    case = start(people)

    response = client_for(people.company_member).post(url("submit", case))

    case.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 200
    assert case.status == "draft"
    assert "The talent has not agreed to the application yet." not in page  # accepting was agreeing
    assert "Missing document:" in page


def test_a_complete_application_is_submitted(people: CasePeople) -> None:
    case = start(people)
    services.case_give_consent(actor=people.talent, case=case)
    upload_everything(case, people)

    response = client_for(people.talent).post(url("submit", case))

    case.refresh_from_db()
    assert response["Location"] == url("detail", case)
    assert case.status == "submitted"
    assert case.due_on is not None


def test_a_move_the_case_no_longer_allows_becomes_a_message(people: CasePeople) -> None:
    case = walk(start(people), people, "submitted")
    client = client_for(people.company_member)

    response = client.post(url("confirm_offer", case), follow=True)

    assert response.redirect_chain == [(url("detail", case), 302)]
    assert "This is now “Submitted”" in response.content.decode()


# --- Requests, withdrawal, issued documents ----------------------------------------------------


def test_the_talent_answers_a_request_after_uploading_what_was_asked(people: CasePeople) -> None:
    case = walk(start(people), people, "information_requested")
    client = client_for(people.talent)
    page = client.get(url("detail", case)).content.decode()
    assert "Upload a clearer scan of the passport photo page." in page
    too_early = client.post(url("answer", case), {"note": "Here"})
    assert "Upload a new version of: Passport (photo page)." in too_early.content.decode()
    assert open_request(case).status == "open"

    client.post(
        url("upload", case),
        {"requirement": "passport", "file": SimpleUploadedFile("passport.pdf", pdf_bytes(), "application/pdf")},
    )
    response = client.post(url("answer", case), {"note": "A clearer scan."})

    case.refresh_from_db()
    assert response["Location"] == url("detail", case)
    assert case.status == "in_review"
    assert case.requests.get().answer_note == "A clearer scan."


def test_a_request_opened_by_staff_shows_its_answer_by_date(people: CasePeople) -> None:
    case = walk(start(people), people, "in_review")
    services.case_request_information(
        actor=people.reviewer,
        case=case,
        items=[services.RequestedItem("new", "The signed employment contract.")],
        message="Please send the contract.",
        respond_by=datetime.date(2027, 1, 15),
    )

    page = client_for(people.company_member).get(url("detail", case)).content.decode()

    assert open_request(case).message in page
    assert "The signed employment contract." in page
    assert "Answer by Jan. 15, 2027." in page


def test_withdrawing_asks_first_then_withdraws_with_the_reason(people: CasePeople) -> None:
    case = start(people)
    client = client_for(people.company_member)
    assert client.get(url("withdraw", case)).status_code == 200
    case.refresh_from_db()
    assert case.status == "draft"

    response = client.post(url("withdraw", case), {"reason": "The position was filled."})

    case.refresh_from_db()
    assert response["Location"] == url("detail", case)
    assert (case.status, case.withdrawn_reason) == ("withdrawn", "The position was filled.")
    assert client.get(url("withdraw", case))["Location"] == url("detail", case)


def test_the_issued_pdf_downloads_as_an_attachment_named_by_its_serial(people: CasePeople) -> None:
    case = walk(start(people), people, "issued")
    document = case.issued_document
    client = client_for(people.talent)
    page = client.get(url("detail", case)).content.decode()
    assert document.serial in page
    assert reverse("documents:result", kwargs={"serial": document.serial}) in page

    response = client.get(url("issued_download", case))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{document.serial}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    document.file.open("rb")
    assert b"".join(response.streaming_content) == document.file.read()


def test_the_issued_pdf_is_not_found_before_issuance(people: CasePeople) -> None:
    case = start(people)

    assert client_for(people.talent).get(url("issued_download", case)).status_code == 404


def test_the_company_records_the_e7_application_of_an_issued_kotra_letter(people: CasePeople) -> None:
    case = walk(start(people, CaseType.KOTRA_RECOMMENDATION), people, "issued")
    filed_on = case.issued_document.issued_on

    response = client_for(people.company_member).post(
        url("record_use", case), {"filed_on": filed_on.isoformat(), "application_number": "E7-77"}
    )

    case.refresh_from_db()
    assert response["Location"] == url("detail", case)
    assert (case.status, case.e7_application_number) == ("used", "E7-77")


def test_an_uploaded_document_downloads_with_its_type_and_nosniff(people: CasePeople) -> None:
    case = start(people)
    data = pdf_bytes()
    document = services.case_document_upload(
        actor=people.talent, case=case, requirement=first_talent_requirement(case), name="scan.pdf", data=data
    )

    response = client_for(people.company_member).get(url("document_download", case, document_pk=document.pk))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="scan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == data


def test_a_document_of_another_case_is_not_found(people: CasePeople) -> None:
    case = start(people)
    other_people = CasePeople.create(evaluators=0)
    other_case = start(other_people)
    document = services.case_document_upload(
        actor=other_people.talent,
        case=other_case,
        requirement=first_talent_requirement(other_case),
        name="scan.pdf",
        data=pdf_bytes(),
    )

    response = client_for(people.talent).get(url("document_download", case, document_pk=document.pk))

    assert response.status_code == 404


# --- Who may see and do what -------------------------------------------------------------------

PAGES = ["detail", "withdraw", "offer_edit", "issued_download"]
ACTIONS = ["check_eligibility", "confirm_offer", "consent", "upload", "submit", "answer", "withdraw", "record_use"]


@pytest.fixture
def outsiders(people: CasePeople) -> dict[str, Any]:
    return {"unrelated talent": TalentProfileFactory().user, "other company member": MembershipFactory().user}


@pytest.mark.parametrize("name", [*PAGES, "document_download"])
def test_anonymous_visitors_are_sent_to_sign_in(people: CasePeople, name: str) -> None:
    case = start(people)
    kwargs = {"document_pk": 1} if name == "document_download" else {}

    response = Client().get(url(name, case, **kwargs))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["list", "start", "start_talent", "start_company"])
def test_anonymous_visitors_are_sent_to_sign_in_from_the_portal_pages(name: str) -> None:
    response = Client().get(url(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("outsider", ["unrelated talent", "other company member"])
@pytest.mark.parametrize("name", [*PAGES, "document_download"])
def test_people_outside_the_case_do_not_find_its_pages(
    people: CasePeople, outsiders: dict[str, Any], outsider: str, name: str
) -> None:
    case = walk(start(people), people, "draft")
    document = case.documents.first()

    kwargs = {"document_pk": document.pk} if name == "document_download" else {}
    response = client_for(outsiders[outsider]).get(url(name, case, **kwargs))

    assert response.status_code == 404


@pytest.mark.parametrize("outsider", ["unrelated talent", "other company member"])
@pytest.mark.parametrize("name", ACTIONS)
def test_actions_by_people_outside_the_case_change_nothing(
    people: CasePeople, outsiders: dict[str, Any], outsider: str, name: str
) -> None:
    case = start(people)
    before = audit_count(case)
    consented_at = case.talent_consented_at
    data = {
        "requirement": first_talent_requirement(case),
        "file": SimpleUploadedFile("scan.pdf", pdf_bytes(), "application/pdf"),
        "reason": "no",
        "note": "no",
        "filed_on": "2026-01-01",
    }

    response = client_for(outsiders[outsider]).post(url(name, case), data)

    assert response.status_code == 404
    after = Case.objects.get(pk=case.pk)
    assert (after.status, after.talent_consented_at, after.eligibility) == ("draft", consented_at, {})
    assert audit_count(case) == before
    assert not CaseDocument.objects.exists()


@pytest.mark.parametrize("party", ["talent", "company_member"])
@pytest.mark.parametrize("name", ["detail", "withdraw"])
def test_both_parties_see_the_case(people: CasePeople, party: str, name: str) -> None:
    case = start(people)

    response = client_for(getattr(people, party)).get(url(name, case))

    assert response.status_code == 200


@pytest.mark.parametrize("name", ACTIONS)
def test_actions_do_not_answer_get(people: CasePeople, name: str) -> None:
    case = start(people)
    before = audit_count(case)

    response = client_for(people.talent).get(url(name, case))

    assert response.status_code == (200 if name == "withdraw" else 405)
    assert audit_count(case) == before


def test_staff_are_not_parties(people: CasePeople) -> None:
    case = start(people)

    client = staff_client_with_second_factor(people.reviewer)

    assert client.get(url("detail", case)).status_code == 404


# --- The list, Korean, query counts ------------------------------------------------------------


def test_the_list_shows_the_cases_of_both_roles_and_nothing_else(people: CasePeople) -> None:
    mine = start(people)
    start(CasePeople.create(evaluators=0))
    walk(mine, people, "information_requested")

    response = client_for(people.company_member).get(url("list"))

    rows = response.context["rows"]
    assert [row.case.pk for row in rows] == [mine.pk]
    assert rows[0].other_party == str(people.talent.talent_profile)
    assert rows[0].clock.value == "paused"
    page = response.content.decode()
    assert mine.reference in page
    assert "Waiting for the applicant" in page
    assert "Request to answer" in page


def test_the_list_shows_the_due_date_state(people: CasePeople) -> None:
    with time_machine.travel(datetime.datetime(2026, 11, 2, 10, tzinfo=SEOUL), tick=False):
        case = walk(start(people), people, "submitted")
    with time_machine.travel(datetime.datetime(2026, 12, 31, 10, tzinfo=SEOUL), tick=False):
        response = client_for(people.talent).get(url("list"))

    assert response.context["rows"][0].other_party == people.company.name
    assert response.context["rows"][0].clock.value == "overdue"
    assert case.due_on.strftime("%Y") == "2026"


def test_the_list_reads_a_bounded_number_of_queries(people: CasePeople, django_assert_max_num_queries: Any) -> None:
    client = client_for(people.company_member)
    for _number in range(6):
        talent = TalentProfileFactory()
        services.case_accept(
            actor=talent.user,
            case=services.case_invite(
                actor=people.company_member,
                case_type=CaseType.KOTRA_RECOMMENDATION,
                company=people.company,
                email=talent.user.email,
                **OFFER,
            ),
        )

    # 8, and the access log for the six talents named: one SELECT and one bulk INSERT
    with django_assert_max_num_queries(10):
        response = client.get(url("list"))

    assert len(response.context["rows"]) == 6


def test_the_list_pages(people: CasePeople, settings: Any) -> None:
    settings.TALENTCENTER_PAGE_SIZE = 2
    for number in range(3):
        services.case_invite(
            actor=people.company_member,
            case_type=CaseType.KOTRA_RECOMMENDATION,
            company=people.company,
            email=f"invited{number}@example.org",
            **OFFER,
        )
    client = client_for(people.company_member)

    assert len(client.get(url("list")).context["rows"]) == 2
    assert len(client.get(url("list"), {"page": "2"}).context["rows"]) == 1
    assert len(client.get(url("list"), {"page": "nonsense"}).context["rows"]) == 2


def test_the_case_page_renders_in_korean(people: CasePeople) -> None:
    case = start(people)

    response = client_for(people.talent).get(f"/ko/applications/{case.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ko">' in page
    assert "작성 중" in page


def test_the_list_renders_in_korean(people: CasePeople) -> None:
    start(people)

    response = client_for(people.talent).get("/ko/applications/")

    assert response.status_code == 200
    assert "작성 중" in response.content.decode()


def test_the_case_page_reads_a_bounded_number_of_queries(
    people: CasePeople, django_assert_max_num_queries: Any
) -> None:
    case = walk(start(people), people, "issued", with_request=True)
    client = client_for(people.talent)

    with django_assert_max_num_queries(40):
        response = client.get(url("detail", case))

    assert response.status_code == 200


def test_the_history_lists_the_events_in_order_in_seoul_time(people: CasePeople) -> None:
    with time_machine.travel(datetime.datetime(2026, 11, 2, 23, 30, tzinfo=datetime.UTC), tick=False):
        case = invite(people)
    with time_machine.travel(datetime.datetime(2026, 11, 3, 1, 0, tzinfo=datetime.UTC), tick=False):
        services.case_accept(actor=people.talent, case=case)

    response = client_for(people.talent).get(url("detail", case))

    assert [event.label for event in response.context["timeline"]] == [
        "Application started",
        "Talent agreed to the application",
    ]
    page = response.content.decode()
    assert page.index("Application started") < page.index("Talent agreed to the application")
    assert "Nov. 3, 2026, 8:30 a.m." in page
    assert "Nov. 3, 2026, 10 a.m." in page

"""The parties' side of a case: start, confirm, consent, checklist, uploads, submit, withdraw."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader, PdfWriter

from talentcenter.audit.models import AuditEvent
from talentcenter.cases import selectors, services
from talentcenter.cases.enums import CaseType, KTechTrack, Party
from talentcenter.cases.models import Case, CaseDocument
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.talent.enums import EducationLevel
from tests.cases import CasePeople, eligible_profile, invite, pdf_bytes, start, upload_everything, walk
from tests.factories import EducationFactory, MembershipFactory, TalentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def events_of(case: Case) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_type="cases.case", subject_id=str(case.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def codes(case: Case) -> list[str]:
    return [requirement.code for requirement in selectors.case_requirements(case)]


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("", "owner", algorithm="AES-128")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


# --- start ---------------------------------------------------------------------------------------


def test_the_talent_starts_a_ktech_pass_and_the_company_still_has_to_confirm():
    people = CasePeople.create()

    case = services.case_start(
        actor=people.talent,
        case_type=CaseType.KTECH_PASS,
        talent=people.talent.talent_profile,
        company=people.company,
        job_title="Engineer",
    )

    assert case.status == "draft"
    assert case.started_by_party == Party.TALENT
    assert case.track == KTechTrack.STANDARD
    assert case.talent_consented_at is not None
    assert case.company_confirmed_at is None
    assert case.reference == f"KTA-{case.created_at.year}-{case.pk:06d}"
    assert events_of(case) == ["case.started"]


def test_the_company_starts_a_kotra_case_as_an_invitation_the_talent_accepts():
    people = CasePeople.create()

    case = invite(people, CaseType.KOTRA_RECOMMENDATION)

    assert case.status == "invited"
    assert case.started_by_party == Party.COMPANY
    assert case.track == ""
    assert case.company_confirmed_by == people.company_member
    assert (case.talent, case.invited_email, case.talent_consented_at) == (None, people.talent.email, None)
    assert case.reference.startswith("KRA-")

    case = services.case_accept(actor=people.talent, case=case)

    assert case.status == "draft"
    assert case.talent == people.talent.talent_profile
    assert case.talent_accepted_at is not None
    assert case.talent_consented_at == case.talent_accepted_at


def test_the_talent_cannot_start_a_kotra_recommendation():
    people = CasePeople.create()

    with pytest.raises(PermissionDenied):
        services.case_start(
            actor=people.talent,
            case_type=CaseType.KOTRA_RECOMMENDATION,
            talent=people.talent.talent_profile,
            company=people.company,
        )

    assert Case.objects.count() == 0


@pytest.mark.parametrize("who", ["unrelated_talent", "other_company_member", "reviewer"])
def test_strangers_cannot_start_a_case_for_someone_else(who):
    people = CasePeople.create()
    actor = {
        "unrelated_talent": lambda: TalentProfileFactory().user,
        "other_company_member": lambda: MembershipFactory().user,
        "reviewer": lambda: people.reviewer,
    }[who]()

    with pytest.raises(PermissionDenied):
        services.case_start(
            actor=actor, case_type=CaseType.KTECH_PASS, talent=people.talent.talent_profile, company=people.company
        )

    assert Case.objects.count() == 0
    assert AuditEvent.objects.filter(action="case.started").count() == 0


def test_a_second_open_case_of_the_same_kind_for_the_same_people_is_refused():
    people = CasePeople.create()
    first = start(people)

    with pytest.raises(ValidationError) as raised:
        start(people)

    assert raised.value.messages == [
        f"An application of this kind for this talent and company is already open ({first.reference})."
    ]


# --- confirm, consent, draft ---------------------------------------------------------------------


def test_the_company_confirms_the_offer_of_a_case_the_talent_started():
    people = CasePeople.create()
    case = services.case_start(
        actor=people.talent,
        case_type=CaseType.KTECH_PASS,
        talent=people.talent.talent_profile,
        company=people.company,
        job_title="Engineer",
        annual_salary_krw=160_000_000,
    )

    case = services.case_confirm_offer(actor=people.company_member, case=case)

    assert case.company_confirmed_by == people.company_member
    assert events_of(case) == ["case.started", "case.offer_confirmed"]


def test_the_talent_cannot_confirm_the_offer():
    people = CasePeople.create()
    case = services.case_start(
        actor=people.talent,
        case_type=CaseType.KTECH_PASS,
        talent=people.talent.talent_profile,
        company=people.company,
        job_title="Engineer",
        annual_salary_krw=160_000_000,
    )

    with pytest.raises(PermissionDenied):
        services.case_confirm_offer(actor=people.talent, case=case)

    case.refresh_from_db()
    assert case.company_confirmed_at is None


def test_an_offer_without_salary_cannot_be_confirmed():
    people = CasePeople.create()
    case = services.case_start(
        actor=people.talent, case_type=CaseType.KTECH_PASS, talent=people.talent.talent_profile, company=people.company
    )

    with pytest.raises(ValidationError) as raised:
        services.case_confirm_offer(actor=people.company_member, case=case)

    assert raised.value.messages == ["Enter the job title and the annual salary before confirming the offer."]


def test_the_talent_consents_once_and_only_the_talent_can():
    people = CasePeople.create()
    case = start(people)

    with pytest.raises(PermissionDenied):
        services.case_give_consent(actor=people.company_member, case=case)
    services.case_give_consent(actor=people.talent, case=case)
    services.case_give_consent(actor=people.talent, case=case)

    # (accepting the invitation was the agreement; consenting again records nothing)
    assert events_of(case) == ["case.started", "case.consent_given"]


def test_the_talent_cannot_change_the_offer_but_may_change_the_track():
    people = CasePeople.create()
    case = start(people)

    with pytest.raises(PermissionDenied):
        services.case_update_draft(actor=people.talent, case=case, annual_salary_krw=1)
    case = services.case_update_draft(actor=people.talent, case=case, track=KTechTrack.QUALITATIVE)

    assert case.track == KTechTrack.QUALITATIVE
    assert case.annual_salary_krw == 160_000_000


def test_a_company_change_to_the_offer_confirms_it_again():
    people = CasePeople.create()
    case = services.case_start(
        actor=people.talent, case_type=CaseType.KTECH_PASS, talent=people.talent.talent_profile, company=people.company
    )

    case = services.case_update_draft(actor=people.company_member, case=case, annual_salary_krw=170_000_000)

    assert case.annual_salary_krw == 170_000_000
    assert case.company_confirmed_by == people.company_member


def test_a_submitted_case_is_no_longer_a_draft_to_change():
    people = CasePeople.create()
    case = walk(start(people), people, "submitted")

    with pytest.raises(TransitionNotAllowed):
        services.case_update_draft(actor=people.company_member, case=case, annual_salary_krw=170_000_000)


# --- eligibility and checklist -------------------------------------------------------------------


def test_eligibility_confirmation_keeps_the_engines_answer_in_both_languages():
    people = CasePeople.create()
    case = start(people, annual_salary_krw=30_000_000)

    case = services.case_check_eligibility(actor=people.talent, case=case)

    assert case.eligibility["status"] == "not_eligible"
    assert "Annual salary of at least the multiple of per-capita GNI" in case.eligibility["en"]["missing"]
    assert case.eligibility["ko"]["missing"]
    assert events_of(case)[-1] == "case.eligibility_checked"


def test_a_stranger_cannot_check_eligibility():
    people = CasePeople.create()
    case = start(people)

    with pytest.raises(PermissionDenied):
        services.case_check_eligibility(actor=MembershipFactory().user, case=case)

    case.refresh_from_db()
    assert case.eligibility == {}


def test_the_checklist_follows_the_claims_of_a_standard_ktech_pass():
    people = CasePeople.create()

    case = start(people)

    assert codes(case) == ["passport", "diploma-1", "employment-certificate-1", "employment-contract"]


def test_each_degree_and_position_needs_its_own_proof():
    profile = eligible_profile()
    EducationFactory(profile=profile, level=EducationLevel.MASTER, institution="KAIST")
    membership = MembershipFactory()
    case = services.case_start(
        actor=profile.user, case_type=CaseType.KTECH_PASS, talent=profile, company=membership.company
    )

    assert codes(case) == ["passport", "diploma-1", "diploma-2", "employment-certificate-1"]


def test_without_a_salary_no_contract_is_asked_for():
    people = CasePeople.create()

    case = start(people, annual_salary_krw=None)

    assert "employment-contract" not in codes(case)


def test_kotra_asks_the_company_for_its_hiring_statement():
    people = CasePeople.create()

    case = start(people, CaseType.KOTRA_RECOMMENDATION)

    requirements = {requirement.code: requirement for requirement in selectors.case_requirements(case)}
    assert list(requirements) == [
        "passport",
        "diploma-1",
        "employment-certificate-1",
        "employment-contract",
        "hiring-statement",
    ]
    assert requirements["hiring-statement"].party == Party.COMPANY
    assert requirements["employment-contract"].party == Party.COMPANY
    assert requirements["diploma-1"].party == Party.TALENT


def test_the_qualitative_track_needs_the_evidence_for_the_evaluators():
    people = CasePeople.create()

    case = start(people, track=KTechTrack.QUALITATIVE)

    assert codes(case)[-1] == "qualitative-evidence"


def test_the_government_programme_track_needs_the_programme_letter():
    people = CasePeople.create()

    case = start(people, track=KTechTrack.GOVERNMENT_PROGRAMME, government_programme="kasa-scholar-recruitment")

    assert codes(case)[-1] == "programme-letter"
    assert selectors.case_requirements(case)[-1].label == (
        "Confirmation letter of the government programme (kasa-scholar-recruitment)"
    )


# --- uploads -------------------------------------------------------------------------------------


def test_a_second_upload_is_version_two_and_version_one_stays():
    people = CasePeople.create()
    case = start(people)
    first_data, second_data = pdf_bytes("First scan"), pdf_bytes("Second scan")

    first = services.case_document_upload(
        actor=people.talent, case=case, requirement="passport", name="passport.pdf", data=first_data
    )
    second = services.case_document_upload(
        actor=people.talent, case=case, requirement="passport", name="passport-new.pdf", data=second_data
    )

    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.file.read() == first_data
    assert second.file.read() == second_data
    [line] = [line for line in selectors.case_checklist(case) if line.requirement.code == "passport"]
    assert [document.version for document in line.versions] == [2, 1]
    assert line.latest == second


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"MZ\x90\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode",
            "The file is a Windows program, not a PDF document or a JPEG or PNG image. "
            "Please upload a PDF document or a JPEG or PNG image.",
        ),
        (
            encrypted_pdf(),
            "The PDF document is password-protected or encrypted. Please save or print it as an unprotected PDF "
            "and upload that file.",
        ),
    ],
    ids=["disguised program", "encrypted pdf"],
)
def test_a_refused_upload_says_why_and_stores_nothing(data, message):
    people = CasePeople.create()
    case = start(people)

    with pytest.raises(ValidationError) as raised:
        services.case_document_upload(actor=people.talent, case=case, requirement="passport", name="p.pdf", data=data)

    assert raised.value.message_dict == {"file": [message]}
    assert CaseDocument.objects.filter(case=case).count() == 0
    assert "case.document_uploaded" not in events_of(case)


def test_a_document_not_on_the_checklist_is_refused():
    people = CasePeople.create()
    case = start(people)

    with pytest.raises(ValidationError) as raised:
        services.case_document_upload(
            actor=people.talent, case=case, requirement="qualitative-evidence", name="e.pdf", data=pdf_bytes()
        )

    assert raised.value.message_dict == {"requirement": ["This document is not on the checklist of this application."]}


def test_a_stranger_cannot_upload():
    people = CasePeople.create()
    case = start(people)

    with pytest.raises(PermissionDenied):
        services.case_document_upload(
            actor=TalentProfileFactory().user, case=case, requirement="passport", name="p.pdf", data=pdf_bytes()
        )

    assert CaseDocument.objects.filter(case=case).count() == 0


def test_nothing_is_uploaded_while_the_center_reviews():
    people = CasePeople.create()
    case = walk(start(people), people, "in_review")

    with pytest.raises(TransitionNotAllowed):
        services.case_document_upload(
            actor=people.talent, case=case, requirement="passport", name="p.pdf", data=pdf_bytes()
        )


# --- submit --------------------------------------------------------------------------------------


def ready(people: CasePeople, **offer) -> Case:
    case = start(people, **offer)
    services.case_give_consent(actor=people.talent, case=case)
    upload_everything(case, people)
    return case


def test_a_complete_application_is_submitted_frozen_and_on_the_clock():
    people = CasePeople.create()
    case = ready(people)

    case = services.case_submit(actor=people.talent, case=case)

    assert case.status == "submitted"
    assert case.submitted_at is not None
    assert case.clock_started_at == case.submitted_at
    assert case.due_on is not None
    assert case.eligibility["status"] == "eligible"
    assert case.applicant["offer"]["annual_salary_krw"] == 160_000_000
    assert sorted(case.records.values_list("kind", "position", "requirement")) == [
        ("education", 1, "diploma-1"),
        ("experience", 1, "employment-certificate-1"),
        ("identity", 0, "passport"),
        ("offer", 0, "employment-contract"),
    ]
    assert events_of(case)[-1] == "case.submit"


def test_submit_waits_for_the_talents_consent():
    # Given a draft from before invitations: the company started it, the talent never agreed
    people = CasePeople.create()
    case = start(people)
    Case.objects.filter(pk=case.pk).update(talent_consented_at=None, talent_accepted_at=None)
    case.refresh_from_db()
    upload_everything(case, people)

    with pytest.raises(ValidationError) as raised:
        services.case_submit(actor=people.company_member, case=case)

    assert raised.value.messages == ["The talent has not agreed to the application yet."]
    case.refresh_from_db()
    assert case.status == "draft"


def test_submit_waits_for_the_company_to_confirm_the_offer():
    people = CasePeople.create()
    case = services.case_start(
        actor=people.talent,
        case_type=CaseType.KTECH_PASS,
        talent=people.talent.talent_profile,
        company=people.company,
        job_title="Engineer",
        annual_salary_krw=160_000_000,
        technology_field="digital_electronics",
    )
    upload_everything(case, people)

    with pytest.raises(ValidationError) as raised:
        services.case_submit(actor=people.talent, case=case)

    assert raised.value.messages == ["The hiring company has not confirmed the offer yet."]


def test_submit_lists_every_missing_document():
    people = CasePeople.create()
    case = start(people)
    services.case_give_consent(actor=people.talent, case=case)
    services.case_document_upload(
        actor=people.talent, case=case, requirement="passport", name="p.pdf", data=pdf_bytes()
    )

    with pytest.raises(ValidationError) as raised:
        services.case_submit(actor=people.talent, case=case)

    assert raised.value.messages == [
        "Missing document: Degree certificate: Doctorate, Massachusetts Institute of Technology.",
        "Missing document: Certificate of employment: Samsung Electronics.",
        "Missing document: Signed employment contract or offer letter with the annual salary.",
    ]
    assert events_of(case).count("case.submit") == 0


def test_submit_is_refused_when_the_rules_rule_the_application_out_and_says_what_is_missing():
    people = CasePeople.create()
    case = ready(people, annual_salary_krw=30_000_000)

    with pytest.raises(ValidationError) as raised:
        services.case_submit(actor=people.talent, case=case)

    [message] = raised.value.messages
    assert message.startswith("The rules rule this application out today: ")
    assert "Annual salary of at least the multiple of per-capita GNI" in message
    case.refresh_from_db()
    assert case.status == "draft"
    assert case.submitted_at is None


def test_a_stranger_cannot_submit():
    people = CasePeople.create()
    case = ready(people)

    with pytest.raises(PermissionDenied):
        services.case_submit(actor=people.reviewer, case=case)

    case.refresh_from_db()
    assert case.status == "draft"


def test_a_case_is_submitted_once():
    people = CasePeople.create()
    case = walk(start(people), people, "submitted")

    with pytest.raises(TransitionNotAllowed):
        services.case_submit(actor=people.talent, case=case)

    assert events_of(case).count("case.submit") == 1


# --- withdraw ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["talent", "company_member"])
@pytest.mark.parametrize("status", ["draft", "submitted", "in_review", "information_requested", "in_validation"])
def test_either_party_withdraws_before_the_decision(who, status):
    people = CasePeople.create()
    case = walk(start(people), people, status)

    case = services.case_withdraw(actor=getattr(people, who), case=case, reason="The talent took another job.")

    assert case.status == "withdrawn"
    assert case.withdrawn_reason == "The talent took another job."
    assert case.paused_since is None
    assert not case.requests.filter(status="open").exists()
    assert events_of(case)[-1] == "case.withdraw"


@pytest.mark.parametrize("status", ["approved", "issued"])
def test_no_withdrawal_after_the_decision(status):
    people = CasePeople.create()
    case = walk(start(people), people, status)

    with pytest.raises(TransitionNotAllowed):
        services.case_withdraw(actor=people.talent, case=case, reason="Too late")

    case.refresh_from_db()
    assert case.status == status
    assert "case.withdraw" not in events_of(case)


def test_staff_cannot_withdraw_for_the_applicant():
    people = CasePeople.create()
    case = walk(start(people), people, "submitted")

    with pytest.raises(PermissionDenied):
        services.case_withdraw(actor=people.reviewer, case=case, reason="")

    case.refresh_from_db()
    assert case.status == "submitted"


def test_another_user_without_roles_cannot_do_anything_with_a_draft():
    people = CasePeople.create()
    case = start(people)
    nobody = UserFactory()

    for call in (
        lambda: services.case_give_consent(actor=nobody, case=case),
        lambda: services.case_confirm_offer(actor=nobody, case=case),
        lambda: services.case_submit(actor=nobody, case=case),
        lambda: services.case_withdraw(actor=nobody, case=case),
    ):
        with pytest.raises(PermissionDenied):
            call()

    assert events_of(case) == ["case.started", "case.consent_given"]

"""Starting, preparing, submitting and withdrawing an application (the parties' side)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.audit import events
from talentcenter.cases import checklist, notices, workflow
from talentcenter.cases import policies as case_policies
from talentcenter.cases.clock import seoul_date
from talentcenter.cases.enums import (
    OPEN_STATUSES,
    UPLOAD_STATUSES,
    CaseStatus,
    CaseType,
    KTechTrack,
    Party,
    RecordKind,
)
from talentcenter.cases.models import (
    Case,
    CaseDocument,
    CaseRecord,
)
from talentcenter.cases.selectors import (
    case_applicant_data,
    case_requirements,
    track_of,
)
from talentcenter.cases.services._common import (
    audit,
    close_open_request,
    current_time,
    eligibility_answer,
    lock_case,
    refresh_due_date,
    require,
    required_text,
    transition,
    validated_applicant,
)
from talentcenter.cases.uploads import ExpectedKind, UploadRefused, check_upload
from talentcenter.foundation.i18n import current_language
from talentcenter.organizations.models import Company
from talentcenter.talent.models import TalentProfile

REFERENCE_PREFIXES: dict[str, str] = {CaseType.KTECH_PASS: "KTA", CaseType.KOTRA_RECOMMENDATION: "KRA"}
OFFER_FIELDS = ("job_title", "occupation_code", "annual_salary_krw", "start_date", "technology_field")
DRAFT_FIELDS = ("track", "government_programme")


def _offer_values(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(OFFER_FIELDS) - set(DRAFT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: {fields}.").format(fields=", ".join(sorted(unknown))))
    if "track" in values and values["track"] not in ("", *KTechTrack.values):
        raise ValidationError({"track": _("Choose one of the K-Tech Pass tracks.")})
    salary = values.get("annual_salary_krw")
    if salary is not None and not (0 < int(salary) <= 10_000_000_000):
        raise ValidationError({"annual_salary_krw": _("Enter the annual salary in won (KRW).")})
    return values


def _draft_values(case_type: str, values: dict[str, Any]) -> dict[str, Any]:
    values = _offer_values(values)
    if case_type != CaseType.KTECH_PASS:
        values.pop("track", None)
    elif not values.get("track"):
        values["track"] = KTechTrack.STANDARD
    return values


def _refuse_duplicate(duplicates: QuerySet[Case]) -> None:
    duplicate = duplicates.filter(status__in=[CaseStatus.INVITED, CaseStatus.DRAFT, *sorted(OPEN_STATUSES)]).first()
    if duplicate is not None:
        raise ValidationError(
            _("An application of this kind for this talent and company is already open ({reference}).").format(
                reference=duplicate.reference
            ),
            code="duplicate",
        )


def _give_reference(case: Case) -> None:
    case.reference = f"{REFERENCE_PREFIXES[case.case_type]}-{seoul_date(case.created_at).year}-{case.pk:06d}"
    case.save(update_fields=["reference"])


@transaction.atomic
def case_start(
    *,
    actor: User,
    case_type: str,
    talent: TalentProfile,
    company: Company,
    **values: Any,
) -> Case:
    """The talent opens a draft K-Tech Pass application with a verified hiring company (sharing their
    profile with it by doing so); the company is asked to confirm the offer. A company starts a case
    by inviting the talent instead (:func:`case_invite`)."""
    if case_type not in CaseType.values:
        raise ValidationError({"case_type": _("Choose a kind of application.")})
    require(case_type == CaseType.KTECH_PASS and talent.user_id == actor.pk)
    if not company.is_verified:
        raise ValidationError({"company": _("The hiring company must be verified by the center first.")})
    values = _draft_values(case_type, values)
    _refuse_duplicate(Case.objects.filter(case_type=case_type, talent=talent, company=company))
    now = current_time()
    case = Case.objects.create(
        reference=uuid.uuid4().hex[:20],
        case_type=case_type,
        started_by_party=Party.TALENT,
        talent=talent,
        company=company,
        created_by=actor,
        talent_accepted_at=now,
        talent_consented_at=now,
        **values,
    )
    _give_reference(case)
    audit(actor, "case.started", case, {"case_type": case_type, "started_by_party": Party.TALENT, **values})
    notices.case_started(case)
    return case


@transaction.atomic
def case_invite(*, actor: User, case_type: str, company: Company, email: str, **values: Any) -> Case:
    """A member of a verified company starts a K-Tech Pass application or asks for a KOTRA
    recommendation for the person with this e-mail: an invitation, which that person accepts or
    declines. Until they accept, the company sees nothing of them.

    The answer is the same whether or not anybody has a profile with this e-mail: the invitation is
    recorded either way (someone who signs up with the address later sees it and may accept), and
    the person is told only if an account has proved it owns the address."""
    if case_type not in CaseType.values:
        raise ValidationError({"case_type": _("Choose a kind of application.")})
    require(case_policies.can_start_cases_for_company(actor, company.pk))
    email = required_text(email, "email", _("Enter the e-mail address of the talent."))[:254]
    values = _draft_values(case_type, values)
    # Only cases the company is already a party of: a refusal tells it nothing it does not see.
    _refuse_duplicate(
        Case.objects.filter(case_type=case_type, company=company).filter(
            Q(invited_email__iexact=email) | Q(talent__user__email__iexact=email)
        )
    )
    case = Case.objects.create(
        reference=uuid.uuid4().hex[:20],
        case_type=case_type,
        status=CaseStatus.INVITED,
        started_by_party=Party.COMPANY,
        invited_email=email,
        company=company,
        created_by=actor,
        company_confirmed_at=current_time(),
        company_confirmed_by=actor,
        **values,
    )
    _give_reference(case)
    audit(
        actor,
        "case.started",
        case,
        {"case_type": case_type, "started_by_party": Party.COMPANY, "invited_email": email, **values},
    )
    notices.invited(case)
    return case


@transaction.atomic
def case_accept(*, actor: User, case: Case) -> Case:
    """The person invited accepts: their profile becomes the case's talent, and they agree (with the
    time) to the application and to sharing their profile with this company for it; the case is a
    draft as any other."""
    case = lock_case(case)
    require(case_policies.is_invitee(actor, case))
    workflow.target_of(case, "accept")
    profile = TalentProfile.objects.filter(user=actor).first()
    if profile is None:
        raise ValidationError(_("Create your talent profile first: the application is made from it."))
    _refuse_duplicate(Case.objects.filter(case_type=case.case_type, talent=profile, company_id=case.company_id))
    now = current_time()
    case.talent, case.talent_accepted_at, case.talent_consented_at = profile, now, now
    old, new = workflow.move(case, "accept")
    case.save()
    # Accepting is the talent's agreement to the application (the trail's "consent given").
    audit(actor, "case.consent_given", case, {"status": [old, new], "talent_accepted_at": now})
    notices.invitation_answered(case)
    return case


@transaction.atomic
def case_decline(*, actor: User, case: Case) -> Case:
    """The person invited declines: the case is closed, and the company learns only that."""
    case = lock_case(case)
    require(case_policies.is_invitee(actor, case))
    transition(actor, case, "decline")
    notices.invitation_answered(case)
    return case


@transaction.atomic
def case_update_draft(*, actor: User, case: Case, **values: Any) -> Case:
    """Change the offer (company members only; that confirms it again) or the track of a draft."""
    case = lock_case(case)
    values = _offer_values(values)
    is_company = case_policies.is_case_company_member(actor, case)
    require(case_policies.is_party(actor, case))
    if set(values) & set(OFFER_FIELDS):
        require(is_company)
    if case.status != CaseStatus.DRAFT:
        raise workflow.not_allowed(case, "update")
    if case.case_type != CaseType.KTECH_PASS:
        values.pop("track", None)
    before = events.snapshot(case, list(values))
    for field, value in values.items():
        setattr(case, field, value)
    if set(values) & set(OFFER_FIELDS):
        case.company_confirmed_at, case.company_confirmed_by = current_time(), actor
    case.full_clean(exclude=["talent", "company", "created_by", "reference"])
    case.save()
    audit(actor, "case.updated", case, events.diff(before=before, after=events.snapshot(case, list(values))))
    return case


@transaction.atomic
def case_confirm_offer(*, actor: User, case: Case) -> Case:
    """The hiring company confirms the offer (salary, role, industry) of an application."""
    case = lock_case(case)
    require(case_policies.is_case_company_member(actor, case))
    if case.status != CaseStatus.DRAFT:
        raise workflow.not_allowed(case, "confirm_offer")
    if not case.annual_salary_krw or not case.job_title:
        raise ValidationError(_("Enter the job title and the annual salary before confirming the offer."))
    case.company_confirmed_at, case.company_confirmed_by = current_time(), actor
    case.save(update_fields=["company_confirmed_at", "company_confirmed_by", "updated_at"])
    audit(actor, "case.offer_confirmed", case, {"annual_salary_krw": case.annual_salary_krw})
    notices.offer_confirmed(case)
    return case


@transaction.atomic
def case_give_consent(*, actor: User, case: Case) -> Case:
    """The talent agrees to the application made for them and to the center processing their file."""
    case = lock_case(case)
    require(case_policies.is_case_talent(actor, case))
    if case.status != CaseStatus.DRAFT:
        raise workflow.not_allowed(case, "consent")
    if case.talent_consented_at is None:
        case.talent_consented_at = current_time()
        case.talent_accepted_at = case.talent_accepted_at or case.talent_consented_at
        case.save(update_fields=["talent_consented_at", "talent_accepted_at", "updated_at"])
        audit(actor, "case.consent_given", case)
        notices.consent_given(case)
    return case


@transaction.atomic
def case_check_eligibility(*, actor: User, case: Case) -> Case:
    """Eligibility confirmation: run the engine on the application as it stands today and keep
    the answer (status, points, what is missing) on the case for both parties to see."""
    case = lock_case(case)
    require(case_policies.is_party(actor, case))
    if not case_policies.sees_talent_data(actor, case):
        raise workflow.not_allowed(case, "check_eligibility")
    applicant = validated_applicant(case_applicant_data(case))
    case.eligibility = eligibility_answer(case, applicant, timezone.localdate())
    case.eligibility_checked_at = current_time()
    case.save(update_fields=["eligibility", "eligibility_checked_at", "updated_at"])
    audit(actor, "case.eligibility_checked", case, {"status": case.eligibility["status"]})
    return case


def upload_refusal(party: str) -> str:
    """Why a party may not upload a document the other party provides."""
    if party == Party.COMPANY:
        return _("Only the hiring company can upload this document.")
    return _("Only the talent can upload this document.")


def _upload_allowed(case: Case) -> None:
    """Documents are added while preparing the application and while a request is open."""
    if case.status not in UPLOAD_STATUSES:
        raise workflow.not_allowed(case, "upload")


@transaction.atomic
def case_document_upload(*, actor: User, case: Case, requirement: str, name: str, data: bytes) -> CaseDocument:
    """Add a new version of a required document, checked by content, size and page count.
    Earlier versions stay as they were."""
    case = lock_case(case)
    require(case_policies.is_party(actor, case))
    _upload_allowed(case)
    owners = {item.code: item.party for item in case_requirements(case)}
    if requirement not in owners:
        raise ValidationError({"requirement": _("This document is not on the checklist of this application.")})
    if not case_policies.provides_requirement(actor, case, owners[requirement]):
        raise PermissionDenied(upload_refusal(owners[requirement]))
    try:
        checked = check_upload(name=name, data=data, kind=ExpectedKind.PDF_OR_IMAGE)
    except UploadRefused as refused:
        raise ValidationError({"file": refused.message}, code=refused.code) from None
    version = (case.documents.filter(requirement=requirement).aggregate(Max("version"))["version__max"] or 0) + 1
    document = CaseDocument(
        case=case,
        requirement=requirement,
        version=version,
        original_name=checked.original_name[:255],
        stored_name=checked.stored_name,
        content_type=str(checked.content_type),
        size=checked.size,
        pages=checked.page_count,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    document.file.save(checked.stored_name, ContentFile(data), save=False)
    document.save()
    audit(
        actor,
        "case.document_uploaded",
        case,
        {"requirement": requirement, "version": version, "sha256": checked.sha256, "size": checked.size},
    )
    return document


def _records_from(case: Case, applicant: dict[str, Any]) -> list[CaseRecord]:
    requirements = {
        (requirement.record_kind, requirement.record_position): requirement.code
        for requirement in case_requirements(case)
        if requirement.record_kind
    }
    records = [CaseRecord(case=case, kind=RecordKind.IDENTITY, data=dict(applicant.get("person") or {}))]
    for position, education in enumerate(applicant.get("education") or [], start=1):
        records.append(CaseRecord(case=case, kind=RecordKind.EDUCATION, position=position, data=education))
    for position, experience in enumerate(applicant.get("experience") or [], start=1):
        records.append(CaseRecord(case=case, kind=RecordKind.EXPERIENCE, position=position, data=experience))
    offer = applicant.get("offer") or {}
    records.append(CaseRecord(case=case, kind=RecordKind.OFFER, data=offer))
    if case.case_type == CaseType.KOTRA_RECOMMENDATION:
        records.append(CaseRecord(case=case, kind=RecordKind.COMPANY, data={"company": offer.get("company")}))
    if case.government_programme and track_of(case) == KTechTrack.GOVERNMENT_PROGRAMME:
        records.append(CaseRecord(case=case, kind=RecordKind.PROGRAMME, data={"programme": case.government_programme}))
    for record in records:
        record.requirement = requirements.get((record.kind, record.position), "")
    return records


def freeze_application(case: Case) -> None:
    """Copy the application into the case and rebuild its records (before validation only)."""
    applicant = case_applicant_data(case)
    validated_applicant(applicant)
    case.applicant = applicant
    case.records.all().delete()
    case.submitted_at = case.submitted_at or current_time()  # the checklist reads the frozen application
    CaseRecord.objects.bulk_create(_records_from(case, applicant))


@transaction.atomic
def case_submit(*, actor: User, case: Case) -> Case:
    """Submit the application: both parties have confirmed, the engine does not rule it out, and
    every document on the checklist is uploaded. Freezes the application and starts the clock."""
    case = lock_case(case)
    require(case_policies.is_party(actor, case))
    workflow.target_of(case, "submit")
    problems = []
    if case.company_confirmed_at is None:
        problems.append(_("The hiring company has not confirmed the offer yet."))
    if case.talent_consented_at is None:
        problems.append(_("The talent has not agreed to the application yet."))
    applicant = validated_applicant(case_applicant_data(case))
    case.eligibility = eligibility_answer(case, applicant, timezone.localdate())
    case.eligibility_checked_at = current_time()
    if case.eligibility["status"] == "not_eligible":
        problems.append(
            _("The rules rule this application out today: {missing}.").format(
                missing="; ".join(case.eligibility[current_language()]["missing"]) or "-"
            )
        )
    if case.eligibility["status"] == "not_in_force":
        problems.append(_("This track is not in force today."))
    lacking = checklist.missing(case_requirements(case), case.documents.values_list("requirement", flat=True))
    problems += [_("Missing document: {document}.").format(document=item.label) for item in lacking]
    if problems:
        case.save(update_fields=["eligibility", "eligibility_checked_at", "updated_at"])
        raise ValidationError(problems, code="not_ready")
    now = current_time()
    case.submitted_at = now
    case.clock_started_at = now
    freeze_application(case)
    refresh_due_date(case)
    transition(actor, case, "submit", changes={"due_on": case.due_on, "eligibility": case.eligibility["status"]})
    notices.submitted(case)
    return case


@transaction.atomic
def case_withdraw(*, actor: User, case: Case, reason: str = "") -> Case:
    """The talent or the company withdraws the application at any time before the decision."""
    case = lock_case(case)
    require(case_policies.is_party(actor, case))
    # An invitation is withdrawn by the company; the person invited declines it.
    require(case.status != CaseStatus.INVITED or case_policies.is_case_company_member(actor, case))
    workflow.target_of(case, "withdraw")
    close_open_request(case)
    case.withdrawn_reason = reason.strip()[:4000]
    transition(actor, case, "withdraw", reason=case.withdrawn_reason)
    notices.withdrawn(case, actor)
    return case

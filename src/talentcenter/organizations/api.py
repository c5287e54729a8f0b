"""Companies as permitted to the caller, their members and invitations, and staff verification.

Reads go through ``selectors`` and the ``access_*`` policies (404 for what the caller may not see,
403 for what it may see but not do); writes through ``services``, which check the actor again.
"""

from datetime import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from talentcenter.accounts.api_auth import OPTIONAL
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.api.schemas import InputSchema, ObjectId, Pagination, PlainText
from talentcenter.organizations import policies, selectors, services
from talentcenter.organizations.enums import CompanyStatus, MemberRole, SizeClass
from talentcenter.organizations.models import Company, CompanyInvitation, CompanyMembership
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_list_access
from talentcenter.reference.enums import AdvancedIndustry

router = Router(tags=["companies"])
staff_router = Router()


# --- Schemas ----------------------------------------------------------------------------------
class CompanyOut(Schema):
    id: int
    business_registration_number: str = Field(description="10 digits")
    name_en: str
    name_ko: str
    industry: AdvancedIndustry
    size_class: SizeClass
    postal_code: str
    address: str
    address_detail: str
    website: str
    status: CompanyStatus
    status_reason: str
    verified_at: datetime | None
    created_at: datetime


class CompanyIn(InputSchema):
    business_registration_number: str = Field(
        min_length=10, max_length=12, pattern=r"^[0-9]{3}-?[0-9]{2}-?[0-9]{5}$", description="e.g. 123-45-67891"
    )
    name_en: Annotated[str, PlainText(200, min_length=1)]
    name_ko: Annotated[str, PlainText(200, min_length=1)]
    industry: AdvancedIndustry
    size_class: SizeClass
    postal_code: str = Field(pattern=r"^[0-9]{5}$")
    address: Annotated[str, PlainText(300, min_length=1)]
    address_detail: Annotated[str, PlainText(200)] = ""
    website: Annotated[str, PlainText(200)] = ""


class CompanyPatchIn(InputSchema):
    name_en: Annotated[str, PlainText(200, min_length=1)] = ""
    name_ko: Annotated[str, PlainText(200, min_length=1)] = ""
    industry: AdvancedIndustry = AdvancedIndustry.SEMICONDUCTOR
    size_class: SizeClass = SizeClass.SME
    postal_code: str = Field("", pattern=r"^[0-9]{5}$")
    address: Annotated[str, PlainText(300, min_length=1)] = ""
    address_detail: Annotated[str, PlainText(200)] = ""
    website: Annotated[str, PlainText(200)] = ""


class CompanyFilters(Schema):
    search: Annotated[str, PlainText(100)] = Field("", description="Part of a name, or the first digits of the number")
    industry: AdvancedIndustry | None = None
    size_class: SizeClass | None = None
    status: CompanyStatus | None = None


class MemberOut(Schema):
    id: int
    email: str
    display_name: str
    role: MemberRole
    joined_at: datetime

    @staticmethod
    def resolve_email(obj: CompanyMembership) -> str:
        return obj.user.email

    @staticmethod
    def resolve_display_name(obj: CompanyMembership) -> str:
        return obj.user.display_name


class InvitationOut(Schema):
    id: int
    email: str
    role: MemberRole
    created_at: datetime
    expires_at: datetime


class InvitationIn(InputSchema):
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
    role: MemberRole


class PendingCompanyOut(CompanyOut):
    member_count: int


class VerifyIn(InputSchema):
    note: Annotated[str, PlainText(2000)] = ""


class RejectIn(InputSchema):
    reason: Annotated[str, PlainText(2000, min_length=1)] = Field(description="The company will read it")


def _enum_values(payload: InputSchema) -> dict[str, Any]:
    values = payload.model_dump(exclude_unset=True)
    return {key: getattr(value, "value", value) for key, value in values.items()}


# --- Companies --------------------------------------------------------------------------------
@router.get("", response=list[CompanyOut], auth=OPTIONAL, summary="List companies")
@paginate(Pagination)
def company_list(request: HttpRequest, filters: Query[CompanyFilters]) -> Any:
    """Verified companies for everyone; also one's own, and every company for staff."""
    return selectors.company_list_visible_to(
        user=request.user,
        search=filters.search,
        industry=filters.industry.value if filters.industry else "",
        size_class=filters.size_class.value if filters.size_class else "",
        status=filters.status.value if filters.status else "",
    )


@router.post("", response={201: CompanyOut}, summary="Register a company")
def company_create(request: HttpRequest, payload: CompanyIn) -> Status[Company]:
    """The caller becomes its owner; the center verifies it before it can act."""
    company = services.company_register(actor=signed_in_user(request), **_enum_values(payload))
    return Status(201, company)


@router.get("/{company_id}", response=CompanyOut, auth=OPTIONAL, summary="Read a company")
def company_read(request: HttpRequest, company_id: ObjectId) -> Company:
    return policies.access_company_for_viewing(user=request.user, company_id=company_id)


@router.patch("/{company_id}", response=CompanyOut, summary="Correct a company's details (owners)")
def company_update(request: HttpRequest, company_id: ObjectId, payload: CompanyPatchIn) -> Company:
    company = policies.access_company_for_member_management(user=request.user, company_id=company_id)
    return services.company_update(company=company, actor=signed_in_user(request), **_enum_values(payload))


@router.post("/{company_id}/resubmit", response=CompanyOut, summary="Ask again for verification (owners)")
def company_resubmit(request: HttpRequest, company_id: ObjectId) -> Company:
    company = policies.access_company_for_member_management(user=request.user, company_id=company_id)
    return services.company_resubmit(company=company, actor=signed_in_user(request))


# --- Members and invitations (owners) ---------------------------------------------------------
@router.get("/{company_id}/members", response=list[MemberOut], summary="List members (owners)")
def member_list(request: HttpRequest, company_id: ObjectId) -> Any:
    company = policies.access_company_for_member_management(user=request.user, company_id=company_id)
    members = list(selectors.members_of(company=company))
    record_personal_data_list_access(
        viewer=signed_in_user(request),
        subjects=[member.user for member in members],
        what=AccessWhat.COMPANY_MEMBERS,
        via="api",
    )
    return members


@router.delete("/{company_id}/members/{membership_id}", response={204: None}, summary="Remove a member (owners)")
def member_remove(request: HttpRequest, company_id: ObjectId, membership_id: ObjectId) -> Status[None]:
    company = policies.access_company_for_member_management(user=request.user, company_id=company_id)
    membership = selectors.members_of(company=company).filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    services.company_membership_remove(membership=membership, actor=signed_in_user(request))
    return Status(204, None)


@router.get("/{company_id}/invitations", response=list[InvitationOut], summary="List open invitations (owners)")
def invitation_list(request: HttpRequest, company_id: ObjectId) -> Any:
    company = policies.access_company_for_member_management(user=request.user, company_id=company_id)
    return selectors.open_invitations_of(company=company)


@router.post("/{company_id}/invitations", response={201: InvitationOut}, summary="Invite a colleague (owners)")
def invitation_create(request: HttpRequest, company_id: ObjectId, payload: InvitationIn) -> Status[CompanyInvitation]:
    """The link goes to the colleague by e-mail; it is never in the answer."""
    company = policies.access_company_for_member_management(user=request.user, company_id=company_id)
    invitation, _secret = services.company_invitation_create(
        company=company, actor=signed_in_user(request), email=payload.email, role=payload.role.value
    )
    return Status(201, invitation)


@router.delete(
    "/{company_id}/invitations/{invitation_id}", response={204: None}, summary="Withdraw an invitation (owners)"
)
def invitation_revoke(request: HttpRequest, company_id: ObjectId, invitation_id: ObjectId) -> Status[None]:
    company = policies.access_company_for_member_management(user=request.user, company_id=company_id)
    invitation = selectors.open_invitations_of(company=company).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    services.company_invitation_revoke(invitation=invitation, actor=signed_in_user(request))
    return Status(204, None)


# --- Staff: verification ----------------------------------------------------------------------
@staff_router.get("/verifications", response=list[PendingCompanyOut], summary="Companies awaiting verification")
@paginate(Pagination)
def verification_list(request: HttpRequest) -> Any:
    return selectors.companies_pending_verification()


@staff_router.post("/companies/{company_id}/verify", response=CompanyOut, summary="Verify a company")
def company_verify(request: HttpRequest, company_id: ObjectId, payload: VerifyIn) -> Company:
    company = policies.access_company_for_verification(user=request.user, company_id=company_id)
    return services.company_verify(company=company, actor=signed_in_user(request), note=payload.note)


@staff_router.post("/companies/{company_id}/reject", response=CompanyOut, summary="Reject a company")
def company_reject(request: HttpRequest, company_id: ObjectId, payload: RejectIn) -> Company:
    company = policies.access_company_for_verification(user=request.user, company_id=company_id)
    return services.company_reject(company=company, actor=signed_in_user(request), reason=payload.reason)

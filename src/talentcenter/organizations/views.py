"""The company portal: thin views over the organization services, selectors and policies."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from talentcenter.accounts.models import hash_token
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.forms import add_service_errors
from talentcenter.organizations import policies, selectors, services
from talentcenter.organizations.enums import MemberRole
from talentcenter.organizations.forms import CompanyRegisterForm, CompanyUpdateForm, InvitationForm
from talentcenter.organizations.models import Company, CompanyInvitation, CompanyMembership
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_list_access

MAX_SECRET_LENGTH = 100


def _with_errors(*forms_on_page: Any) -> list[Any]:
    return [form for form in forms_on_page if form is not None and form.errors]


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The companies I belong to, and the way to register one."""
    memberships = selectors.memberships_of_user(user=signed_in_user(request))
    return render(request, "organizations/mine.html", {"memberships": memberships})


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = CompanyRegisterForm(request.POST)
        if form.is_valid():
            try:
                company = services.company_register(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(company)s is registered and awaits verification by the center.") % {"company": company},
                )
                return redirect("organizations:detail", pk=company.pk)
    else:
        form = CompanyRegisterForm()
    return render(request, "organizations/register.html", {"form": form, "error_forms": _with_errors(form)})


def _detail_context(
    request: HttpRequest,
    company: Company,
    *,
    invitation_form: InvitationForm | None = None,
    action_errors: list[str] | None = None,
) -> dict[str, Any]:
    """What the company page shows: members and invitations only to members, forms only to owners."""
    membership = policies.membership_of(request.user, company)
    is_owner = membership is not None and policies.can_manage_members(request.user, company)
    can_invite = is_owner and policies.company_can_act(company)
    if can_invite and invitation_form is None:
        invitation_form = InvitationForm()
    members = list(selectors.members_of(company=company)) if membership else []
    if members:
        record_personal_data_list_access(
            viewer=signed_in_user(request),
            subjects=[member.user for member in members],
            what=AccessWhat.COMPANY_MEMBERS,
        )
    owners = [member.pk for member in members if member.role == MemberRole.OWNER]
    return {
        "company": company,
        "membership": membership,
        "is_owner": is_owner,
        "can_invite": can_invite,
        "members": members,
        # The last owner cannot be removed (the service refuses), so no link is offered for them.
        "removable_member_ids": {member.pk for member in members if is_owner and owners != [member.pk]},
        "invitations": list(selectors.open_invitations_of(company=company)) if is_owner else [],
        "invitation_form": invitation_form if can_invite else None,
        "error_forms": _with_errors(invitation_form),
        "action_errors": action_errors or [],
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    company = policies.access_company_for_viewing(user=request.user, company_id=pk)
    return render(request, "organizations/detail.html", _detail_context(request, company))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    company = policies.access_company_for_member_management(user=request.user, company_id=pk)
    if request.method == "POST":
        form = CompanyUpdateForm(request.POST, instance=Company(status=company.status))
        if form.is_valid():
            try:
                services.company_update(company=company, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The company details are saved."))
                return redirect("organizations:detail", pk=company.pk)
    else:
        form = CompanyUpdateForm(instance=company)
    return render(
        request, "organizations/edit.html", {"company": company, "form": form, "error_forms": _with_errors(form)}
    )


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    company = policies.access_company_for_member_management(user=request.user, company_id=pk)
    form = InvitationForm(request.POST)
    action_errors: list[str] = []
    if form.is_valid():
        try:
            invitation, _secret = services.company_invitation_create(
                company=company,
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                action_errors = error.messages
        else:
            messages.success(request, _("The invitation is on its way to %(email)s.") % {"email": invitation.email})
            return redirect("organizations:detail", pk=company.pk)
    context = _detail_context(request, company, invitation_form=form, action_errors=action_errors)
    return render(request, "organizations/detail.html", context)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    company = policies.access_company_for_member_management(user=request.user, company_id=pk)
    invitation = get_object_or_404(CompanyInvitation, pk=invitation_pk, company=company)
    services.company_invitation_revoke(invitation=invitation, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})
    return redirect("organizations:detail", pk=company.pk)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    company = policies.access_company_for_member_management(user=request.user, company_id=pk)
    membership = get_object_or_404(CompanyMembership.objects.select_related("user"), pk=membership_pk, company=company)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.company_membership_remove(membership=membership, actor=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(person)s is no longer a member.") % {"person": membership.user})
            if membership.user_id == request.user.pk:
                return redirect("organizations:mine")
            return redirect("organizations:detail", pk=company.pk)
    return render(
        request, "organizations/member_remove.html", {"company": company, "membership": membership, "errors": errors}
    )


@login_required
@require_POST
def resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    company = policies.access_company_for_member_management(user=request.user, company_id=pk)
    try:
        services.company_resubmit(company=company, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        context = _detail_context(request, company, action_errors=error.messages)
        return render(request, "organizations/detail.html", context)
    messages.success(request, _("The company is sent to the center for verification again."))
    return redirect("organizations:detail", pk=company.pk)


def _invitation_for_secret(secret: str) -> CompanyInvitation:
    if len(secret) > MAX_SECRET_LENGTH:
        raise Http404
    invitation = (
        CompanyInvitation.objects.select_related("company", "invited_by").filter(token_hash=hash_token(secret)).first()
    )
    if invitation is None:
        raise Http404
    return invitation


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, secret: str) -> HttpResponse:
    """The link in the invitation e-mail: shows the invitation; accepting it makes a membership."""
    invitation = _invitation_for_secret(secret)
    errors: list[str] = []
    if request.method == "POST":
        try:
            membership = services.company_invitation_accept(secret=secret, user=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Welcome to %(company)s. You are now a member as %(role)s.")
                % {"company": membership.company, "role": membership.get_role_display()},
            )
            return redirect("organizations:detail", pk=membership.company_id)
    elif not invitation.is_open:
        errors = [_("This invitation is no longer valid. Ask the company for a new one.")]
    return render(request, "organizations/invitation_accept.html", {"invitation": invitation, "errors": errors})

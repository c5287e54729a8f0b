"""The account of the caller and their personal API tokens."""

from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Annotated, Any

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from talentcenter.accounts import policies, selectors, services
from talentcenter.accounts.enums import TokenScope
from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.api.errors import ApiError, ErrorCode
from talentcenter.foundation.api.schemas import InputSchema, ObjectId, PlainText, WholeNumber

router = Router(tags=["account"])


class Language(StrEnum):
    KOREAN = "ko"
    ENGLISH = "en"


class AccountOut(Schema):
    id: int
    email: str
    display_name: str
    language: Language
    roles: list[str]
    is_back_office: bool
    organisation: str = Field(
        description=(
            "Where an external evaluator works or studies, several separated by `;`: the automatic "
            "conflict-of-interest check compares it with each application they are assigned. Empty for "
            "everyone else."
        )
    )


class AccountPatchIn(InputSchema):
    language: Language | None = Field(None, description="The language of notices and e-mails.")
    organisation: Annotated[str, PlainText(300, min_length=1)] | None = Field(
        None,
        description=(
            "External evaluators only (403 for anyone else): where you work or study, several separated "
            "by `;`. Checked against each application the center asks you to evaluate."
        ),
    )


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str
    scopes: list[TokenScope]
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    is_active: bool


class ApiTokenCreatedOut(ApiTokenOut):
    secret: str


class TokenLifetime(IntEnum):
    DAYS_30 = 30
    DAYS_90 = 90
    DAYS_365 = 365


class ApiTokenIn(InputSchema):
    name: Annotated[str, PlainText(80, min_length=1)]
    scopes: list[TokenScope] = Field(
        min_length=1,
        max_length=len(TokenScope),
        description="What the token may do: `<area>:read` (GET) or `<area>:write` (every method).",
    )
    expires_in_days: Annotated[TokenLifetime, WholeNumber] = Field(
        TokenLifetime.DAYS_90, description="How long the token works: 30, 90 or 365 days."
    )


def _account(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": user.display_name,
        "language": user.preferred_language,
        "roles": sorted(user.role_names),
        "is_back_office": user.is_back_office,
        "organisation": user.organisation,
    }


@router.get("/me", response=AccountOut, summary="Read my account")
def me_read(request: HttpRequest) -> dict[str, Any]:
    return _account(request.user)  # type: ignore[arg-type]


@router.patch("/me", response=AccountOut, summary="Change my preferred language or my organisation")
def me_update(request: HttpRequest, payload: AccountPatchIn) -> dict[str, Any]:
    """Only the fields sent change. ``organisation`` is for external evaluators (403 for anyone
    else, and nothing changes); the change is in the audit trail."""
    user = signed_in_user(request)
    if payload.organisation is not None and not policies.is_external_evaluator(user):
        raise ApiError(
            status=403,
            code=ErrorCode.PERMISSION_DENIED,
            message=_("Only external evaluators give an organisation to the center."),
        )
    with transaction.atomic():
        if payload.language is not None:
            user = services.user_set_language(user=user, language=payload.language.value)
        if payload.organisation is not None:
            user = services.user_set_organisation(user=user, organisation=payload.organisation, actor=user)
    return _account(user)


@router.get("/me/tokens", response=list[ApiTokenOut], summary="List my API tokens")
def token_list(request: HttpRequest) -> Any:
    return selectors.api_tokens_of(user=request.user)  # type: ignore[arg-type]


@router.post("/me/tokens", response={201: ApiTokenCreatedOut}, summary="Create an API token")
def token_create(request: HttpRequest, payload: ApiTokenIn) -> Status[Any]:
    """The secret is in this answer only; it is stored as a hash and cannot be shown again.

    Only a signed-in browser session may create a token (for staff, one that passed the second
    factor): a token cannot mint tokens (403).
    """
    if getattr(request, "api_token_authenticated", False):
        raise ApiError(
            status=403,
            code=ErrorCode.PERMISSION_DENIED,
            message=_("API tokens are created from a signed-in browser session, not with another token."),
        )
    token, secret = services.api_token_create(
        user=signed_in_user(request),
        name=payload.name,
        scopes=[scope.value for scope in payload.scopes],
        lifetime_days=payload.expires_in_days.value,
    )
    token.secret = secret  # type: ignore[attr-defined]
    return Status(201, token)


@router.delete("/me/tokens/{token_id}", response={204: None}, summary="Revoke one of my API tokens")
def token_revoke(request: HttpRequest, token_id: ObjectId) -> Status[None]:
    token = selectors.api_token_of(user=request.user, token_id=token_id)  # type: ignore[arg-type]
    if token is None:
        raise Http404
    services.api_token_revoke(token=token, actor=request.user)  # type: ignore[arg-type]
    return Status(204, None)

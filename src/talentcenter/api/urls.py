"""The REST API under ``/api/v1/``: the routers of the domain apps, assembled with one auth, one
throttle and one error contract. OpenAPI 3.1 at ``openapi.json``, Swagger UI at ``docs``.

Each operation's OpenAPI entry lists every status it can answer with, so that clients and the
fuzzer (schemathesis) can rely on it: the assembly adds the error statuses that follow from how the
operation is built (authentication, inputs, method), with the :class:`ErrorOut` body.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.operation import Operation
from ninja.router import BoundRouter

from talentcenter.accounts.api import router as accounts_router
from talentcenter.accounts.api_auth import SIGNED_IN, STAFF, THROTTLES, Anonymous
from talentcenter.api import audit as audit_api
from talentcenter.cases.api import evaluator as cases_evaluator_api
from talentcenter.cases.api import party as cases_party_api
from talentcenter.cases.api import staff as cases_staff_api
from talentcenter.concierge.api import person as concierge_person_api
from talentcenter.concierge.api import staff as concierge_staff_api
from talentcenter.documents import api as documents_api
from talentcenter.events.api import interviews as events_interviews_api
from talentcenter.events.api import outcomes as events_outcomes_api
from talentcenter.events.api import public as events_public_api
from talentcenter.events.api import schedules as events_schedules_api
from talentcenter.events.api import staff as events_staff_api
from talentcenter.events.api import talent as events_talent_api
from talentcenter.events.api import tickets as events_tickets_api
from talentcenter.foundation.api.errors import (
    ErrorCode,
    ErrorOut,
    error_response,
    install_error_handlers,
    refuse_nul_in_json,
)
from talentcenter.guides.api import public as guides_public_api
from talentcenter.guides.api import staff as guides_staff_api
from talentcenter.inquiries import api as inquiries_api
from talentcenter.jobs.api import openings as jobs_openings_api
from talentcenter.jobs.api import requests as jobs_requests_api
from talentcenter.jobs.api import talent as jobs_talent_api
from talentcenter.organizations import api as organizations_api
from talentcenter.policy import api as policy_api
from talentcenter.talent import api as talent_api

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return error_response(status=404, code=ErrorCode.NOT_FOUND, message=_("Not found."))


def _json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ninja answers an unknown method with Django's empty 405; give it the contract's body."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            response = error_response(
                status=405,
                code=ErrorCode.METHOD_NOT_ALLOWED,
                message=_("This method is not allowed here. Allowed: %(methods)s.") % {"methods": allowed},
            )
            response["Allow"] = allowed
        return response

    return wrapper


DOCS_URL_NAMES = frozenset({"openapi-json", "openapi-view"})


def _docs_switch(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The docs and the OpenAPI document answer 404 unless ``settings.TALENTCENTER_API_DOCS``."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.TALENTCENTER_API_DOCS:
            return api_not_found(request)
        return view(request, *args, **kwargs)

    return wrapper


class TalentCenterApi(NinjaAPI):
    def _get_bound_routers(self) -> list[BoundRouter]:
        first_time = self._bound_routers_cache is None
        bound_routers = super()._get_bound_routers()
        if first_time:
            for bound_router in bound_routers:
                for path_view in bound_router.path_operations.values():
                    for operation in path_view.operations:
                        _declare_error_responses(operation)
        return bound_routers

    def _get_urls(self) -> list[URLPattern | URLResolver]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_method_not_allowed(refuse_nul_in_json(pattern.callback))
                if pattern.name in DOCS_URL_NAMES:
                    pattern.callback = _docs_switch(pattern.callback)
        patterns.append(re_path(r"^.*$", api_not_found, name="not-found"))
        return patterns


def _declare_error_responses(operation: Operation) -> None:
    """Add the error statuses this operation can answer with, unless it declared them itself."""
    sources = {getattr(model, "__ninja_param_source__", "") for model in operation.models}
    is_public = any(isinstance(callback, Anonymous) for callback in operation.auth_callbacks)
    codes = {401, 403, 404, 429}
    if "body" in sources:
        codes.add(400)
    if sources:
        codes.add(422)
    if UNSAFE_METHODS & set(operation.methods):
        codes.update({409, 422})  # services refuse invalid states with a ValidationError
    for code in sorted(codes):
        operation.response_models.setdefault(code, operation._create_response_model(ErrorOut))
    if is_public:
        extra = dict(operation.openapi_extra or {})
        extra["security"] = [{"BearerTokenAuth": []}, {"SessionAuth": []}, {}]
        operation.openapi_extra = extra


api = TalentCenterApi(
    title="Global Talent Center API",
    version="1",
    description=(
        "Talent profiles, companies and the center's back office. Authenticate with a personal API "
        "token (`Authorization: Bearer tc_…`, create one with `POST /api/v1/me/tokens`) or the "
        "browser session (send `X-CSRFToken` on unsafe methods). Every error answers "
        '`{"code", "message", "fields"}`; messages follow `Accept-Language` (ko, en).'
    ),
    urls_namespace="api",
    auth=SIGNED_IN,
    throttle=THROTTLES,
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)

api.add_router("", accounts_router)
api.add_router("/me/profile", talent_api.router)
api.add_router("/companies", organizations_api.router)
api.add_router("/staff", organizations_api.staff_router, auth=STAFF, tags=["staff"])
api.add_router("/staff/talents", talent_api.staff_router, auth=STAFF, tags=["staff"])
api.add_router("/staff/audit", audit_api.router, auth=STAFF, tags=["staff"])
api.add_router("", policy_api.router)
api.add_router("/staff/assessments", policy_api.staff_router, auth=STAFF, tags=["staff"])
api.add_router("/verifications", documents_api.router)
api.add_router("/staff/documents", documents_api.staff_router, auth=STAFF, tags=["staff"])
api.add_router("/cases", cases_party_api.router)
api.add_router("/staff/cases", cases_staff_api.router, auth=STAFF, tags=["staff"])
api.add_router("/evaluations", cases_evaluator_api.router)
api.add_router("/openings", jobs_openings_api.router)
api.add_router("/me/jobs", jobs_talent_api.router)
api.add_router("/talent-requests", jobs_requests_api.router)
api.add_router("/staff/talent-requests", jobs_requests_api.staff_router, auth=STAFF, tags=["staff"])
api.add_router("/events", events_public_api.router)
api.add_router("/events/booths", events_interviews_api.company_router)
api.add_router("/me/events", events_talent_api.router)
api.add_router("/me/events", events_interviews_api.talent_router)
api.add_router("/staff/events", events_staff_api.router, auth=STAFF, tags=["staff"])
api.add_router("/staff/events", events_interviews_api.staff_router, auth=STAFF, tags=["staff"])
api.add_router("/inquiries", inquiries_api.router)
api.add_router("/staff/inquiries", inquiries_api.staff_router, auth=STAFF, tags=["staff"])
api.add_router("/events/booths", events_schedules_api.company_router)
api.add_router("/me/events", events_schedules_api.talent_router)
api.add_router("/staff/events", events_schedules_api.staff_router, auth=STAFF, tags=["staff"])
api.add_router("/me/events", events_outcomes_api.talent_router)
api.add_router("/staff/events", events_outcomes_api.staff_router, auth=STAFF, tags=["staff"])
api.add_router("/me/events", events_tickets_api.talent_router)
api.add_router("/events/booths", events_tickets_api.company_router)
api.add_router("/staff/events", events_tickets_api.staff_router, auth=STAFF, tags=["staff"])
api.add_router("", guides_public_api.router)
api.add_router("/staff/guides", guides_staff_api.router, auth=STAFF, tags=["staff"])
api.add_router("/staff/notices", guides_staff_api.notices_router, auth=STAFF, tags=["staff"])
api.add_router("/me/concierge", concierge_person_api.router)
# The concierge role is not back-office staff: the router checks the desk itself (403).
api.add_router("/staff/concierge", concierge_staff_api.router, tags=["staff"])

__all__ = ["api"]

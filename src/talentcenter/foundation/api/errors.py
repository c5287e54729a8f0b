"""The one error contract of the API: ``{"code", "message", "fields"}`` for every error.

Every exception an endpoint, a service or ninja itself raises ends here and leaves as JSON with a
code from :class:`ErrorCode`, a message translated into the request's language (``Accept-Language``)
and, for invalid input, the messages per field. Nothing leaks a traceback.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from enum import StrEnum
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from talentcenter.foundation.i18n import current_language
from talentcenter.foundation.korean import fix_particles
from talentcenter.foundation.workflow import TransitionNotAllowed

logger = logging.getLogger(__name__)


class ErrorCode(StrEnum):
    """What went wrong, stable for programs; the message says it for people."""

    BAD_REQUEST = "bad_request"
    VALIDATION_ERROR = "validation_error"
    NOT_AUTHENTICATED = "not_authenticated"
    PERMISSION_DENIED = "permission_denied"
    SECOND_FACTOR_REQUIRED = "second_factor_required"
    INSUFFICIENT_SCOPE = "insufficient_scope"
    CSRF_FAILED = "csrf_failed"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    CONFLICT = "conflict"
    # No longer sent: a refused status change is a ``conflict`` (the record has moved on). Kept in
    # the published enum so that clients written against it keep validating.
    INVALID_TRANSITION = "invalid_transition"
    THROTTLED = "throttled"
    SERVER_ERROR = "server_error"


class ErrorOut(Schema):
    """An error. ``fields`` maps an input field (``__all__`` for the whole input) to its messages."""

    code: ErrorCode
    message: str = Field(description="A human-readable explanation in the language asked for.")
    fields: dict[str, list[str]] = Field(default_factory=dict)


class ApiError(Exception):
    """Raised by endpoints for an error that has no Django exception of its own."""

    def __init__(
        self,
        *,
        status: int,
        code: ErrorCode,
        message: str,
        fields: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}


def error_response(
    *,
    status: int,
    code: ErrorCode,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> JsonResponse:
    """The one shape of every error; in Korean with the particles chosen for the words before them."""
    polish = fix_particles if current_language() == "ko" else str
    body = {
        "code": code.value,
        "message": polish(str(message)),
        "fields": {field: [polish(str(text)) for text in texts] for field, texts in (fields or {}).items()},
    }
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _pydantic_message(error: dict[str, Any]) -> str:
    """A translated sentence for one pydantic error; pydantic's own texts are English only."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("This field is not allowed.")
    if kind in {"string_too_long", "too_long"}:
        return _("Ensure this value has at most %(limit)s characters or items.") % {
            "limit": context.get("max_length", "?")
        }
    if kind in {"string_too_short", "too_short"}:
        return _("Ensure this value has at least %(limit)s characters or items.") % {
            "limit": context.get("min_length", "?")
        }
    if kind in {"string_type", "string_unicode"}:
        return _("Enter text.")
    if kind == "string_pattern_mismatch":
        return _("Enter a value in the expected format.")
    if kind.startswith("int_") or kind == "int_type":
        return _("Enter a whole number.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Ensure this value is greater than or equal to %(limit)s.") % {
            "limit": context.get("ge", context.get("gt", "?"))
        }
    if kind in {"less_than_equal", "less_than"}:
        return _("Ensure this value is less than or equal to %(limit)s.") % {
            "limit": context.get("le", context.get("lt", "?"))
        }
    if kind.startswith("bool"):
        return _("Enter true or false.")
    if kind.startswith(("date", "datetime")):
        return _("Enter a valid date (YYYY-MM-DD).")
    if kind in {"enum", "literal_error"}:
        return _("Select a valid choice.")
    if kind in {"list_type", "dict_type", "model_type", "model_attributes_type"}:
        return _("Enter a value of the expected type.")
    if kind == "value_error":
        message = str(context.get("error", ""))
        return message.removeprefix("Value error, ") or _("Enter a valid value.")
    if kind.startswith("url"):
        return _("Enter a valid URL.")
    return _("Enter a valid value.")


def _field_name(location: tuple[Any, ...] | list[Any]) -> str:
    """``("body", "payload", "family_name")`` becomes ``family_name``; the source is dropped."""
    parts = [str(part) for part in location[1:] if part != "payload"]
    return ".".join(parts) or NON_FIELD_ERRORS


def _on_ninja_validation(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for item in error.errors:
        fields.setdefault(_field_name(item.get("loc", ())), []).append(_pydantic_message(item))
    return error_response(
        status=422, code=ErrorCode.VALIDATION_ERROR, message=_("Please correct the errors below."), fields=fields
    )


def _on_django_validation(request: HttpRequest, error: DjangoValidationError) -> HttpResponse:
    if hasattr(error, "error_dict"):
        fields = {field: [str(message) for message in messages] for field, messages in error.message_dict.items()}
    else:
        fields = {NON_FIELD_ERRORS: [str(message) for message in error.messages]}
    messages = [message for field_messages in fields.values() for message in field_messages]
    if isinstance(error, TransitionNotAllowed) or getattr(error, "code", None) == "conflict":
        # The object has moved on (another status, already answered…): reload, do not correct the input.
        return error_response(status=409, code=ErrorCode.CONFLICT, message=messages[0], fields=fields)
    message = messages[0] if len(messages) == 1 else _("Please correct the errors below.")
    return error_response(status=422, code=ErrorCode.VALIDATION_ERROR, message=message, fields=fields)


def _on_api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
    return error_response(status=error.status, code=error.code, message=error.message, fields=error.fields)


def _on_permission_denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    # A service may say why (e.g. four eyes: the reviewer cannot validate); otherwise the general sentence.
    reason = error.args[0] if error.args and isinstance(error.args[0], str) else ""
    return error_response(
        status=403, code=ErrorCode.PERMISSION_DENIED, message=str(reason or _("You are not allowed to do this."))
    )


def _on_not_found(request: HttpRequest, error: Exception) -> HttpResponse:
    return error_response(status=404, code=ErrorCode.NOT_FOUND, message=_("Not found."))


def _on_integrity_error(request: HttpRequest, error: IntegrityError) -> HttpResponse:
    return error_response(
        status=409,
        code=ErrorCode.CONFLICT,
        message=_("This conflicts with data that already exists. Reload and try again."),
    )


def _on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    if isinstance(error, AuthenticationError) or error.status_code == 401:
        response = error_response(
            status=401,
            code=ErrorCode.NOT_AUTHENTICATED,
            message=_("Sign in or send a valid API token: Authorization: Bearer tc_…"),
        )
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    if isinstance(error, Throttled):
        return error_response(
            status=429, code=ErrorCode.THROTTLED, message=_("Too many requests. Wait a moment and try again.")
        )
    if error.status_code == 403 and "csrf" in str(error).lower():
        return error_response(
            status=403,
            code=ErrorCode.CSRF_FAILED,
            message=_("The CSRF check failed. Send the X-CSRFToken header with the csrftoken cookie's value."),
        )
    if error.status_code == 403:
        return _on_permission_denied(request, PermissionDenied())
    if error.status_code == 404:
        return _on_not_found(request, error)
    if error.status_code == 400:
        return error_response(status=400, code=ErrorCode.BAD_REQUEST, message=_("The request body is not valid JSON."))
    return error_response(status=error.status_code, code=ErrorCode.BAD_REQUEST, message=str(error))


def _on_bad_multipart(request: HttpRequest, error: MultiPartParserError) -> HttpResponse:
    return error_response(
        status=400, code=ErrorCode.BAD_REQUEST, message=_("The uploaded form data could not be read.")
    )


def _on_unexpected(request: HttpRequest, error: Exception) -> HttpResponse:
    logger.exception("Unexpected error in %s %s", request.method, request.path, exc_info=error)
    return error_response(
        status=500,
        code=ErrorCode.SERVER_ERROR,
        message=_("Something went wrong on our side. The error has been logged; please try again later."),
    )


NUL = "\x00"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Ninja reads any other body as JSON, whatever its content type says.
FORM_CONTENT_TYPES = ("multipart/", "application/x-www-form-urlencoded")


def nul_location(value: Any) -> str | None:
    """Where a parsed JSON value holds a NUL character (in a key or a string, at any depth), or None.

    The answer is the dotted path of the field (``items.0.name``; ``__all__`` for the top level).
    PostgreSQL cannot store NUL in text or JSON, so such input is refused before anything reads it.
    Walks the value without recursion, so any depth json.loads accepts is fine.
    """
    pending: list[tuple[Any, tuple[str, ...]]] = [(value, ())]
    while pending:
        current, path = pending.pop()
        if isinstance(current, str):
            if NUL in current:
                return ".".join(path) or NON_FIELD_ERRORS
        elif isinstance(current, dict):
            for key, item in current.items():
                if NUL in key:
                    return ".".join(path) or NON_FIELD_ERRORS
                pending.append((item, (*path, key)))
        elif isinstance(current, list):
            pending.extend((item, (*path, str(index))) for index, item in enumerate(current))
    return None


def refuse_nul_in_json(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 422 ``validation_error`` to a JSON body with a NUL character anywhere in it.

    Wraps every API view once, so each operation (free-form dict and list fields included) is
    covered; a body that is not JSON is left to ninja (400).
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (
            request.method in BODY_METHODS
            and not (request.content_type or "").startswith(FORM_CONTENT_TYPES)
            and b"\\u0000" in request.body
        ):
            try:
                data = json.loads(request.body)
            except (ValueError, RecursionError):
                data = None
            field = nul_location(data)
            if field is not None:
                return error_response(
                    status=422,
                    code=ErrorCode.VALIDATION_ERROR,
                    message=_("Please correct the errors below."),
                    fields={field: [_("Remove the control characters.")]},
                )
        return view(request, *args, **kwargs)

    return wrapper


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default handlers so every error follows the contract."""
    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (Exception, _on_unexpected),
        (ApiError, _on_api_error),
        (NinjaValidationError, _on_ninja_validation),
        (DjangoValidationError, _on_django_validation),
        (PermissionDenied, _on_permission_denied),
        (Http404, _on_not_found),
        (ObjectDoesNotExist, _on_not_found),
        (IntegrityError, _on_integrity_error),
        (HttpError, _on_http_error),
        (MultiPartParserError, _on_bad_multipart),
    ]
    for exception_class, handler in handlers:
        api.add_exception_handler(exception_class, cast(Any, handler))

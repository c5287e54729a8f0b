"""The one guard for pages restricted to a role, and the one way a button runs a service.

Every restricted page answers the same three ways: an anonymous visitor is sent to sign in and
brought back, a signed-in person with the role sees the page, and anybody else is refused. The
predicate comes from the app's ``policies.py`` (e.g. ``cases.policies.is_case_staff``), so this
module knows no app.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

ViewT = TypeVar("ViewT", bound=Callable[..., HttpResponseBase])


def role_required(predicate: Callable[[Any], bool], *, refuse: type[Exception] = Http404) -> Callable[[ViewT], ViewT]:
    """Guard a view with a role predicate taking the signed-in user.

    ``refuse`` is what a signed-in person without the role gets: ``Http404`` (the default) where
    the pages should not even exist for them, as in the back office; ``PermissionDenied`` (403)
    where they may know the pages exist but not use them.
    """

    def decorator(view: ViewT) -> ViewT:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise refuse
            return view(request, *args, **kwargs)

        return cast(ViewT, guarded)

    return decorator


def act_and_return(request: HttpRequest, action: Callable[[], object], *, done: str, to: str) -> HttpResponse:
    """Run the service behind a posted button, then go back to ``to`` (a URL name or path): its
    refusal (a ``ValidationError``, already in the reader's language) is shown as an error, its
    success as ``done``."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(to)

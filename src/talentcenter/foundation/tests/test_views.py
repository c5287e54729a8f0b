"""``role_required``: sign in first, then the role, else the page's refusal."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from talentcenter.foundation.views import role_required


def _has_role(user: Any) -> bool:
    return bool(getattr(user, "has_role", False))


@role_required(_has_role)
def hidden_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A page that does not exist for people without the role."""
    return HttpResponse(f"page {pk}")


@role_required(_has_role, refuse=PermissionDenied)
def forbidden_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A page people without the role may know of but not use."""
    return HttpResponse(f"page {pk}")


def _request(user: Any, path: str = "/en/somewhere/?tab=2") -> HttpRequest:
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_an_anonymous_visitor_is_sent_to_sign_in_and_back() -> None:
    # when
    response = hidden_page(_request(AnonymousUser()), pk=3)

    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/en/somewhere/%3Ftab%3D2"


def test_a_person_with_the_role_sees_the_page_with_its_arguments() -> None:
    # when
    response = hidden_page(_request(SimpleNamespace(is_authenticated=True, has_role=True)), pk=3)

    # then
    assert response.status_code == 200
    assert response.content == b"page 3"


@pytest.mark.parametrize(("view", "refusal"), [(hidden_page, Http404), (forbidden_page, PermissionDenied)])
def test_a_person_without_the_role_gets_the_pages_refusal(view: Any, refusal: type[Exception]) -> None:
    # given
    request = _request(SimpleNamespace(is_authenticated=True, has_role=False))

    # when / then
    with pytest.raises(refusal):
        view(request, pk=3)


def test_the_guarded_view_keeps_its_name_and_docstring() -> None:
    assert hidden_page.__name__ == "hidden_page"
    assert hidden_page.__doc__ == "A page that does not exist for people without the role."

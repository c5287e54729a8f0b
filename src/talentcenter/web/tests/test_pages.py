"""The site shell: home, dashboard, language switching and the error pages."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from talentcenter.web import views

pytestmark = pytest.mark.django_db


def test_home_renders_the_krds_shell_in_korean_by_default(client: Client) -> None:
    # when
    response = client.get("/ko/")
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ko">' in html
    assert 'id="krds-skip-link"' in html
    assert 'id="krds-masthead"' in html
    assert 'id="krds-header"' in html
    assert 'id="krds-footer"' in html
    assert 'class="krds-identifier"' in html
    assert html.count("<h1") == 1
    assert '<main id="main-content"' in html


def test_home_in_english_links_to_the_korean_page(client: Client) -> None:
    # when
    response = client.get("/en/")
    # then
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert 'href="/ko/" class="item-link" lang="ko"' in html
    assert "Global Talent Center" in html


def test_root_redirects_to_a_language_prefix(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] in {"/ko/", "/en/"}


def test_anonymous_dashboard_redirects_to_sign_in(client: Client) -> None:
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_dashboard_shows_the_member_companies(client: Client, company_member) -> None:
    # given
    client.force_login(company_member)
    company = company_member.memberships.get().company
    # when
    with translation.override("en"):
        response = client.get(reverse("web:dashboard"))
    # then
    assert response.status_code == 200
    assert company.name_en in response.content.decode() or company.name_ko in response.content.decode()


def test_dashboard_of_staff_links_to_the_back_office(staff_client: Client) -> None:
    response = staff_client.get("/en/dashboard/")
    assert response.status_code == 200
    assert reverse("backoffice:index", kwargs={}).replace("/ko/", "/en/") in response.content.decode()


def test_unknown_page_renders_the_translated_404_page(client: Client) -> None:
    # when
    english = client.get("/en/no-such-page/")
    korean = client.get("/ko/no-such-page/")
    # then
    assert english.status_code == 404
    assert "Page not found" in english.content.decode()
    assert 'id="krds-header"' in english.content.decode()
    assert korean.status_code == 404
    assert '<html lang="ko">' in korean.content.decode()


def test_forbidden_handler_renders_the_403_page() -> None:
    # given
    request = RequestFactory().get("/en/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    # when
    with translation.override("en"):
        response = views.forbidden(request, PermissionError())
    # then
    assert response.status_code == 403
    assert "You are not allowed to do this" in response.content.decode()


def test_server_error_page_needs_no_request_context() -> None:
    # when
    with translation.override("en"):
        response = views.server_error(RequestFactory().get("/en/"))
    # then
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "krds.min.css" in html


@override_settings(DEBUG=False)
def test_pages_have_no_inline_scripts_or_styles(client: Client) -> None:
    html = client.get("/en/").content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html

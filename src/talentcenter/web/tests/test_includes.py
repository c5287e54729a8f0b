"""The includes other pages build on: step indicator and pagination."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


def test_step_indicator_marks_done_current_and_future_steps() -> None:
    # given
    steps = [
        {"label": "Personal details", "url": "/en/talent/profile/personal/", "state": "done"},
        {"label": "Education", "url": "/en/talent/profile/education/", "state": "active"},
        {"label": "Experience", "url": "", "state": ""},
    ]
    # when
    with translation.override("en"):
        html = render_to_string("includes/step_indicator.html", {"steps": steps})
    # then
    assert '<ol class="krds-step-wrap"' in html
    assert '<li class="done">' in html
    assert '<li class="active" aria-current="step">' in html
    assert 'href="/en/talent/profile/personal/"' in html
    assert 'href="/en/talent/profile/education/"' not in html
    assert "Step 3" in html


def test_pagination_keeps_the_filters_and_marks_the_current_page() -> None:
    # given
    page = Paginator(list(range(100)), 10).get_page(5)
    request = RequestFactory().get("/en/backoffice/talents/", {"q": "kim", "page": "5"})
    request.user = AnonymousUser()
    # when
    with translation.override("en"):
        html = render_to_string("includes/pagination.html", {"page": page}, request=request)
    # then
    assert 'href="?q=kim&amp;page=4"' in html
    assert 'href="?q=kim&amp;page=6"' in html
    assert 'aria-current="page"' in html
    assert 'class="page-link link-dot"' in html

"""Guides: revisions, publishing in both languages, restore, the public sees the published
revision only, cited parameters with their values and sources, and the review flag when policy
staff publish a change to a parameter a guide cites."""

from __future__ import annotations

import datetime

import pytest
from conftest import staff_client_with_second_factor
from django.core.exceptions import ValidationError
from django.test import Client

from talentcenter.accounts.enums import Role
from talentcenter.audit.models import AuditEvent
from talentcenter.guides import services
from talentcenter.guides.enums import GuideStatus
from talentcenter.guides.models import Guide
from talentcenter.guides.seed import GUIDES
from talentcenter.notifications.models import Notification
from talentcenter.policy import services as policy_services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEXT = services.GuideText(
    title_ko="시험 안내",
    title_en="Test guide",
    summary_ko="요약입니다.",
    summary_en="A summary.",
    body_ko="## 요건\n연봉은 GNI의 [[ktech_pass.salary_gni_multiple]] 이상입니다.",
    body_en="## Rules\nA salary of [[ktech_pass.salary_gni_multiple]] GNI.",
)


def test_the_shipped_guides_are_published_with_their_citations() -> None:
    guides = {guide.slug: guide for guide in Guide.objects.select_related("published_revision")}
    assert set(guides) == {data["slug"] for data in GUIDES}
    assert all(guide.status == GuideStatus.PUBLISHED for guide in guides.values())
    kotra = guides["kotra-e7-recommendation"].published_revision
    assert kotra is not None and len(kotra.steps("ko")) == len(kotra.steps("en")) == 7
    assert "ktech_pass.salary_gni_multiple" in guides["k-tech-pass"].reviewed_values


def test_every_save_is_a_revision_publishing_needs_both_languages_and_restore_keeps_everything() -> None:
    staff = UserFactory(roles=[Role.STAFF_REVIEWER])
    guide = services.guide_create(
        actor=staff, slug="test-guide", programme="ktech-pass", text=services.GuideText(title_en="Only English")
    )
    with pytest.raises(ValidationError):
        services.guide_publish(actor=staff, guide=guide)
    services.guide_save(actor=staff, guide=guide, text=TEXT, note="both languages")
    guide = services.guide_publish(actor=staff, guide=guide)
    assert guide.published_revision is not None and guide.published_revision.number == 2
    assert guide.published_revision.parameters == ["ktech_pass.salary_gni_multiple"]
    services.guide_save(
        actor=staff, guide=guide, text=services.GuideText(**{**TEXT.__dict__, "title_en": "Draft title"})
    )
    client = Client()
    page = client.get("/en/guides/test-guide/")
    assert "Test guide" in page.content.decode() and "Draft title" not in page.content.decode()
    assert "3×" in page.content.decode() and "/en/pathfinder/?programme=ktech-pass" in page.content.decode()
    restored = services.guide_restore(actor=staff, guide=guide, number=1)
    assert (restored.number, restored.restored_from, restored.title_en) == (4, 1, "Only English")
    assert guide.revisions.count() == 4
    assert AuditEvent.objects.filter(action__startswith="guides.guide_").count() == 5


def test_staff_pages_edit_history_and_publish_and_others_get_404() -> None:
    staff = UserFactory(roles=[Role.STAFF_REVIEWER])
    client = staff_client_with_second_factor(staff)
    guide = Guide.objects.get(slug="k-star")
    data = {
        "slug": "ignored",
        "programme": "k-star",
        "position": 50,
        **{name: getattr(TEXT, name) for name in ("title_ko", "summary_ko", "summary_en", "body_ko", "body_en")},
        "title_en": "K-STAR, edited",
        "parameters": "k_star.degree_minimum_level",
        "note": "shorter",
    }
    assert client.post(f"/en/backoffice/guides/{guide.pk}/edit/", data).status_code == 302
    history = client.get(f"/en/backoffice/guides/{guide.pk}/history/")
    assert "K-STAR, edited" in history.content.decode() and "<ins>" in history.content.decode()
    assert client.post(f"/en/backoffice/guides/{guide.pk}/publish/").status_code == 302
    assert "K-STAR, edited" in Client().get("/en/guides/k-star/").content.decode()
    outsider = Client()
    outsider.force_login(UserFactory(roles=[Role.TALENT]))
    assert outsider.get(f"/en/backoffice/guides/{guide.pk}/").status_code == 404
    assert outsider.post(f"/en/backoffice/guides/{guide.pk}/withdraw/", {"reason": "x"}).status_code == 404
    assert Guide.objects.get(pk=guide.pk).status == GuideStatus.PUBLISHED


def test_a_published_parameter_change_flags_the_guides_citing_it_and_tells_their_editors() -> None:
    editor = UserFactory(roles=[Role.STAFF_REVIEWER])
    analyst = UserFactory(roles=[Role.POLICY_ANALYST])
    variant = policy_services.variant_create(actor=analyst, slug="higher-salary", name="Higher salary")
    policy_services.variant_set_value(
        actor=analyst,
        variant=variant,
        parameter="ktech_pass.salary_gni_multiple",
        effective_from=datetime.date(2027, 1, 1),
        value=3.5,
        source="https://example.org/notice",
    )
    policy_services.variant_publish(actor=analyst, variant=variant)
    flagged = set(Guide.objects.filter(needs_review=True).values_list("slug", flat=True))
    assert flagged == {"k-tech-pass"}
    notice = Notification.objects.get(recipient=editor, kind="guides.review_needed")
    assert "k-tech-pass" in notice.body_en and "/backoffice/guides/" in notice.link
    page = staff_client_with_second_factor(editor).get("/en/backoffice/guides/?review=1")
    assert 'data-guide="k-tech-pass"' in page.content.decode() and 'data-guide="k-star"' not in page.content.decode()


def test_the_values_remembered_at_a_review_do_not_depend_on_the_language_of_the_moment() -> None:
    from django.utils import translation

    from talentcenter.guides import citations

    names = ["k_star.degree_minimum_level", "ktech_pass.salary_gni_multiple"]
    with translation.override("ko"):
        korean_moment = citations.snapshot(names)
    assert korean_moment == citations.snapshot(names)
    assert citations.moved(names, korean_moment) == []

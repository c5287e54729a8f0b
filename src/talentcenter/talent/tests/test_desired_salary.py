"""The lowest salary a talent would accept: checked, saved by the wizard and the API, audited,
and every profile change announced to the matching index."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from talentcenter.accounts.services import api_token_create
from talentcenter.audit.models import AuditEvent
from talentcenter.talent import services
from talentcenter.talent.enums import ProfileStep, Visibility
from talentcenter.talent.models import TalentProfile
from talentcenter.talent.signals import profile_changed
from tests.factories import TalentProfileFactory


def _preferences(profile: TalentProfile, **values: Any) -> TalentProfile:
    return services.talent_preferences_update(
        profile=profile,
        actor=profile.user,
        desired_industry_codes=["ai"],
        visibility=Visibility.PRIVATE,
        consent_profile_sharing=False,
        consent_marketing=False,
        **values,
    )


def test_the_salary_is_saved_audited_kept_when_left_out_and_cleared_with_none(db: None) -> None:
    profile = TalentProfileFactory()

    _preferences(profile, desired_salary_krw=72_000_000)
    profile.refresh_from_db()
    assert profile.desired_salary_krw == 72_000_000
    event = AuditEvent.objects.filter(action="talent.preferences_updated").latest("pk")
    assert event.changes["desired_salary_krw"] == [None, 72_000_000]

    _preferences(profile)  # not given: kept
    profile.refresh_from_db()
    assert profile.desired_salary_krw == 72_000_000

    _preferences(profile, desired_salary_krw=None)
    profile.refresh_from_db()
    assert profile.desired_salary_krw is None


@pytest.mark.parametrize("salary", [9_999_999, 2_000_000_001, 0])
def test_a_salary_out_of_range_is_refused_and_nothing_changes(db: None, salary: int) -> None:
    profile = TalentProfileFactory()

    with pytest.raises(ValidationError) as error:
        _preferences(profile, desired_salary_krw=salary)

    assert "desired_salary_krw" in error.value.message_dict
    profile.refresh_from_db()
    assert profile.desired_salary_krw is None
    assert not profile.desired_industries.exists()


@pytest.mark.parametrize("salary", [10_000_000, 2_000_000_000])
def test_the_bounds_themselves_are_accepted(db: None, salary: int) -> None:
    profile = _preferences(TalentProfileFactory(), desired_salary_krw=salary)
    assert profile.desired_salary_krw == salary


def test_the_preferences_step_shows_and_saves_the_salary(db: None) -> None:
    profile = TalentProfileFactory()
    client = Client()
    client.force_login(profile.user)
    with translation.override("en"):
        url = reverse("talent:step", kwargs={"step": str(ProfileStep.PREFERENCES)})
        page = client.get(url).content.decode()
        assert 'name="desired_salary_krw"' in page
        assert "Lowest annual salary you would accept (KRW)" in page

        refused = client.post(url, {"visibility": Visibility.PRIVATE, "desired_salary_krw": "500", "action": "next"})
        assert refused.status_code == 200
        profile.refresh_from_db()
        assert profile.desired_salary_krw is None

        client.post(url, {"visibility": Visibility.PRIVATE, "desired_salary_krw": "65000000", "action": "next"})
    profile.refresh_from_db()
    assert profile.desired_salary_krw == 65_000_000


@pytest.mark.parametrize(
    ("language", "salary", "shown"),
    [("en", 72_000_000, "KRW 72,000,000"), ("ko", 72_000_000, "72,000,000원"), ("en", None, "–")],
)
def test_the_review_step_shows_the_salary_as_money(db: None, language: str, salary: int | None, shown: str) -> None:
    # given a talent who gave (or left out) the lowest salary they would accept
    profile = _preferences(TalentProfileFactory(), desired_salary_krw=salary)
    client = Client()
    client.force_login(profile.user)

    # when they reach the review step
    with translation.override(language):
        page = client.get(reverse("talent:step", kwargs={"step": str(ProfileStep.REVIEW)})).content.decode()

    # then the amount is shown through the display layer, never as the stored digits
    assert f'<td data-field="desired_salary_krw">{shown}</td>' in page
    assert "72000000" not in page


def test_the_api_reads_and_writes_the_salary(db: None) -> None:
    profile = TalentProfileFactory()
    _token, secret = api_token_create(user=profile.user, name="tests")
    client = Client(headers={"Authorization": f"Bearer {secret}"})

    def patch(body: str) -> Any:
        return client.patch("/api/v1/me/profile", data=body, content_type="application/json")

    saved = patch('{"desired_salary_krw": 80000000}')
    assert saved.status_code == 200, saved.content
    assert saved.json()["desired_salary_krw"] == 80_000_000
    assert client.get("/api/v1/me/profile").json()["desired_salary_krw"] == 80_000_000

    # Other preferences sent alone keep the salary.
    assert patch('{"desired_industries": ["bio"]}').json()["desired_salary_krw"] == 80_000_000

    for bad in ('{"desired_salary_krw": 5}', '{"desired_salary_krw": "80000000"}', '{"desired_salary_krw": true}'):
        refused = patch(bad)
        assert refused.status_code == 422, bad
        assert "desired_salary_krw" in refused.content.decode()
    profile.refresh_from_db()
    assert profile.desired_salary_krw == 80_000_000

    assert patch('{"desired_salary_krw": null}').json()["desired_salary_krw"] is None


def test_every_profile_service_announces_the_change_inside_its_transaction(db: None) -> None:
    profile = TalentProfileFactory()
    user = profile.user
    heard: list[tuple[int, bool]] = []

    def listen(sender: Any, *, profile_id: int, **kwargs: Any) -> None:
        from django.db import connection

        heard.append((profile_id, connection.in_atomic_block))

    profile_changed.connect(listen, dispatch_uid="test-listen")
    try:
        services.talent_profile_update_personal(profile=profile, actor=user, headline="Battery scientist")
        education = services.education_add(
            profile=profile, actor=user, level=40, field="Chemistry", institution="KAIST", country="KR"
        )
        services.education_update(education=education, actor=user, field="Electrochemistry")
        services.education_remove(education=education, actor=user)
        experience = services.experience_add(
            profile=profile,
            actor=user,
            organization="LG Energy Solution",
            organization_kind="company",
            role="Engineer",
            field="Cells",
            started_on="2019-01-01",
        )
        services.experience_update(experience=experience, actor=user, role="Senior engineer")
        services.experience_remove(experience=experience, actor=user)
        skill = services.skill_set(profile=profile, actor=user, skill_code="battery.cathode", proficiency=3)
        services.skill_remove(entry=skill, actor=user)
        language = services.language_set(profile=profile, actor=user, language="ko", test="topik", level="4")
        services.language_remove(entry=language, actor=user)
        _preferences(profile, desired_salary_krw=50_000_000)
    finally:
        profile_changed.disconnect(dispatch_uid="test-listen")

    assert len(heard) == 12
    assert all(profile_id == profile.pk and atomic for profile_id, atomic in heard)

"""The profile wizard through HTTP: every step saves, errors keep the draft, others' entries are 404."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from talentcenter.accounts.enums import ConsentKind
from talentcenter.accounts.selectors import consent_current
from talentcenter.audit.models import AuditEvent
from talentcenter.reference.models import Skill
from talentcenter.talent.enums import EducationLevel, LanguageTest, Proficiency, ProfileStep, Visibility
from talentcenter.talent.models import Education, Experience, LanguageEntry, SkillEntry, TalentProfile
from tests.factories import EducationFactory, ExperienceFactory, TalentProfileFactory, UserFactory

PERSONAL = {
    "family_name": "Nguyen",
    "given_name": "Thi Lan",
    "name_hangul": "",
    "birth_date": "1990-03-14",
    "nationality": "VN",
    "country_of_residence": "DE",
    "phone": "+49 151 2345 6789",
    "contact_email": "lan@example.org",
    "headline": "Battery materials scientist",
}
EDUCATION = {
    "education-level": str(EducationLevel.DOCTORATE.value),
    "education-field": "Materials science",
    "education-institution": "RWTH Aachen University",
    "education-country": "DE",
    "education-completed_on": "2018-06-30",
}
EXPERIENCE = {
    "experience-organization": "Fraunhofer ISE",
    "experience-organization_kind": "research_institute",
    "experience-role": "Postdoctoral researcher",
    "experience-field": "Solid-state batteries",
    "experience-started_on": "2018-09-01",
    "experience-ended_on": "2021-08-31",
    "experience-is_postdoctoral": "on",
}


def step_url(step: ProfileStep | str) -> str:
    return reverse("talent:step", kwargs={"step": str(step)})


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def audit_count() -> int:
    return AuditEvent.objects.count()


@pytest.fixture(autouse=True)
def english() -> Any:
    """Pages under /en/, so that assertions can name the English messages."""
    with translation.override("en"):
        yield


@pytest.fixture
def talent_client(talent: Any) -> Client:
    return client_for(talent)


@pytest.fixture
def profile(talent: Any) -> TalentProfile:
    return talent.talent_profile


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("talent:profile", {}),
        ("talent:step", {"step": "personal"}),
        ("talent:step", {"step": "review"}),
        ("talent:education_edit", {"pk": 1}),
        ("talent:experience_remove", {"pk": 1}),
    ],
)
def test_anonymous_people_are_sent_to_sign_in(db: None, name: str, kwargs: dict[str, Any]) -> None:
    response = Client().get(reverse(name, kwargs=kwargs))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_first_visit_creates_the_profile_and_starts_at_the_first_step(db: None) -> None:
    user = UserFactory()

    response = client_for(user).get(reverse("talent:profile"))

    assert response.status_code == 302
    assert response["Location"] == step_url(ProfileStep.PERSONAL)
    assert TalentProfile.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.filter(action="talent.profile_created").count() == 1


def test_an_unknown_step_is_not_found(talent_client: Client) -> None:
    assert talent_client.get(step_url("nonsense")).status_code == 404


@pytest.mark.parametrize("step", list(ProfileStep))
def test_every_step_renders_with_the_step_indicator(talent_client: Client, step: ProfileStep) -> None:
    response = talent_client.get(step_url(step))

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "krds-step-wrap" in content
    assert [item["state"] for item in response.context["steps"]].count("active") == 1


# --- personal -----------------------------------------------------------------------------------


def test_personal_details_are_saved_and_the_person_moves_on(talent_client: Client, profile: TalentProfile) -> None:
    response = talent_client.post(step_url(ProfileStep.PERSONAL), {**PERSONAL, "action": "next"})

    assert response.status_code == 302
    assert response["Location"] == step_url(ProfileStep.EDUCATION)
    profile.refresh_from_db()
    assert (profile.family_name, profile.given_name, profile.nationality.code) == ("Nguyen", "Thi Lan", "VN")
    assert profile.birth_date == datetime.date(1990, 3, 14)
    assert AuditEvent.objects.filter(action="talent.personal_updated", subject_id=str(profile.pk)).count() == 1


def test_save_and_continue_later_keeps_the_data_and_leaves_for_the_dashboard(
    talent_client: Client, profile: TalentProfile
) -> None:
    response = talent_client.post(step_url(ProfileStep.PERSONAL), {**PERSONAL, "action": "later"})

    assert response.status_code == 302
    assert response["Location"] == reverse("web:dashboard")
    again = talent_client.get(step_url(ProfileStep.PERSONAL))
    assert 'value="Thi Lan"' in again.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("family_name", "<script>alert(1)</script>", "Use the Latin letters of your passport."),
        ("given_name", "A" * 81, "Ensure this value has at most 80 characters"),
        ("birth_date", "2024-02-30", "Enter a valid date."),
        ("birth_date", (timezone.localdate() + datetime.timedelta(days=30)).isoformat(), "Enter a date between"),
        ("nationality", "XX", "Select a valid choice."),
        ("phone", "12345", "international form"),
        ("contact_email", "not-an-address", "Enter a valid email address."),
    ],
)
def test_a_personal_error_keeps_what_was_typed_and_changes_nothing(
    talent_client: Client, profile: TalentProfile, field: str, value: str, message: str
) -> None:
    before = TalentProfile.objects.values().get(pk=profile.pk)
    events = audit_count()

    response = talent_client.post(step_url(ProfileStep.PERSONAL), {**PERSONAL, field: value, "action": "next"})

    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert 'id="error-summary"' in content
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in content or (
        f'aria-describedby="id_{field}_error"' in content
    )
    assert 'value="Battery materials scientist"' in content  # the rest of the draft is still there
    assert 'value="+49 151 2345 6789"' in content or field == "phone"
    assert TalentProfile.objects.values().get(pk=profile.pk) == before
    assert audit_count() == events


def test_script_tags_in_free_text_are_shown_as_text(talent_client: Client, profile: TalentProfile) -> None:
    talent_client.post(step_url(ProfileStep.PERSONAL), {**PERSONAL, "headline": "<script>alert(1)</script>"})

    response = talent_client.get(reverse("talent:profile"))

    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()


def test_errors_on_the_korean_pages_are_translated(talent_client: Client) -> None:
    with translation.override("ko"):
        url = step_url(ProfileStep.PERSONAL)

    response = talent_client.post(url, {**PERSONAL, "birth_date": "x"})

    assert response.status_code == 200
    assert url.startswith("/ko/")
    assert "Enter a valid date." not in response.content.decode()
    assert "올바른 날짜를 입력하세요." in response.content.decode()


# --- education and experience ------------------------------------------------------------------


def test_education_is_added_and_the_person_stays_to_add_more(talent_client: Client, profile: TalentProfile) -> None:
    response = talent_client.post(step_url(ProfileStep.EDUCATION), {**EDUCATION, "action": "add_education"})

    assert response.status_code == 302
    assert response["Location"] == step_url(ProfileStep.EDUCATION)
    education = Education.objects.get(profile=profile)
    assert (education.level, education.institution, education.country.code) == (50, "RWTH Aachen University", "DE")
    profile.refresh_from_db()
    assert profile.highest_education_level == EducationLevel.DOCTORATE


def test_continuing_with_an_empty_entry_form_moves_on_without_saving(
    talent_client: Client, profile: TalentProfile
) -> None:
    events = audit_count()

    response = talent_client.post(
        step_url(ProfileStep.EDUCATION), {"education-level": "", "education-country": "", "action": "next"}
    )

    assert response["Location"] == step_url(ProfileStep.EXPERIENCE)
    assert not Education.objects.filter(profile=profile).exists()
    assert audit_count() == events


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("education-level", "99", "Select a valid choice."),
        ("education-institution", "x" * 201, "Ensure this value has at most 200 characters"),
        ("education-completed_on", "1900-01-01", "Enter a date between"),
        ("education-country", "", "This field is required."),
    ],
)
def test_an_education_error_keeps_the_draft_and_saves_nothing(
    talent_client: Client, profile: TalentProfile, field: str, value: str, message: str
) -> None:
    events = audit_count()

    response = talent_client.post(step_url(ProfileStep.EDUCATION), {**EDUCATION, field: value, "action": "next"})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="Materials science"' in response.content.decode()
    assert not Education.objects.filter(profile=profile).exists()
    assert audit_count() == events


def test_experience_is_saved_with_the_post_doctoral_flag(talent_client: Client, profile: TalentProfile) -> None:
    response = talent_client.post(step_url(ProfileStep.EXPERIENCE), {**EXPERIENCE, "action": "next"})

    assert response["Location"] == step_url(ProfileStep.SKILLS)
    experience = Experience.objects.get(profile=profile)
    assert experience.is_postdoctoral is True
    assert experience.ended_on == datetime.date(2021, 8, 31)


def test_an_end_before_the_start_is_refused_with_the_draft_kept(talent_client: Client, profile: TalentProfile) -> None:
    events = audit_count()

    response = talent_client.post(
        step_url(ProfileStep.EXPERIENCE), {**EXPERIENCE, "experience-ended_on": "2017-01-01", "action": "next"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "The end cannot be before the start." in content
    assert 'value="Fraunhofer ISE"' in content
    assert not Experience.objects.filter(profile=profile).exists()
    assert audit_count() == events


def test_an_education_entry_is_edited(talent_client: Client, profile: TalentProfile) -> None:
    education = EducationFactory(profile=profile)
    url = reverse("talent:education_edit", kwargs={"pk": education.pk})
    data = {key.removeprefix("education-"): value for key, value in EDUCATION.items()}

    assert talent_client.get(url).status_code == 200
    response = talent_client.post(url, {**data, "field": "Chemistry"})

    assert response["Location"] == step_url(ProfileStep.EDUCATION)
    education.refresh_from_db()
    assert education.field == "Chemistry"
    assert AuditEvent.objects.filter(action="talent.education_updated").count() == 1


def test_an_experience_entry_is_removed_after_confirmation(talent_client: Client, profile: TalentProfile) -> None:
    experience = ExperienceFactory(profile=profile)
    url = reverse("talent:experience_remove", kwargs={"pk": experience.pk})

    assert talent_client.get(url).status_code == 200
    assert Experience.objects.filter(pk=experience.pk).exists()
    response = talent_client.post(url)

    assert response["Location"] == step_url(ProfileStep.EXPERIENCE)
    assert not Experience.objects.filter(pk=experience.pk).exists()


@pytest.mark.parametrize("name", ["education_edit", "education_remove", "experience_edit", "experience_remove"])
def test_another_talents_entry_is_not_found_and_stays_unchanged(
    talent_client: Client, other_talent: Any, name: str
) -> None:
    other_profile = other_talent.talent_profile
    entry = (EducationFactory if name.startswith("education") else ExperienceFactory)(profile=other_profile)
    url = reverse(f"talent:{name}", kwargs={"pk": entry.pk})
    events = audit_count()

    assert talent_client.get(url).status_code == 404
    assert talent_client.post(url, {"field": "Hacked", "role": "Hacked"}).status_code == 404

    entry.refresh_from_db()
    assert entry.field != "Hacked"
    assert audit_count() == events


def test_another_talents_skill_and_language_cannot_be_removed(talent_client: Client, other_talent: Any) -> None:
    other_profile = other_talent.talent_profile
    skill = SkillEntry.objects.create(profile=other_profile, skill=Skill.objects.first(), proficiency=3)
    language = LanguageEntry.objects.create(profile=other_profile, language="ko", test="topik", level="3")

    for name, entry in [
        ("skill_remove", skill),
        ("skill_edit", skill),
        ("language_remove", language),
        ("language_edit", language),
    ]:
        assert (
            talent_client.post(reverse(f"talent:{name}", kwargs={"pk": entry.pk}), {"proficiency": "1"}).status_code
            == 404
        )
    assert SkillEntry.objects.filter(pk=skill.pk).exists()
    assert LanguageEntry.objects.filter(pk=language.pk).exists()


# --- skills and languages ---------------------------------------------------------------------


def test_a_skill_and_a_language_are_added_in_one_submit(talent_client: Client, profile: TalentProfile) -> None:
    skill = Skill.objects.get(code="semi.lithography")

    response = talent_client.post(
        step_url(ProfileStep.SKILLS),
        {
            "skill-skill": skill.code,
            "skill-proficiency": str(Proficiency.EXPERT.value),
            "language-language": "ko",
            "language-test": LanguageTest.TOPIK,
            "language-level": "4",
            "action": "next",
        },
    )

    assert response["Location"] == step_url(ProfileStep.PREFERENCES)
    assert SkillEntry.objects.get(profile=profile).skill == skill
    language = LanguageEntry.objects.get(profile=profile)
    assert (language.language, language.test, language.level) == ("ko", "topik", "4")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"skill-skill": "no.such.skill", "skill-proficiency": "2"}, "Select a valid choice."),
        ({"skill-skill": "semi.lithography", "skill-proficiency": "9"}, "Select a valid choice."),
        ({"language-language": "ko", "language-test": "topik", "language-level": "7"}, "between 1 and 6"),
        ({"language-language": "ko", "language-test": "cefr", "language-level": "Z9"}, "CEFR level from A1 to C2"),
        ({"language-language": "klingon", "language-test": "none"}, "Select a valid choice."),
    ],
)
def test_a_bad_skill_or_language_is_refused_with_the_draft_kept(
    talent_client: Client, profile: TalentProfile, data: dict[str, str], message: str
) -> None:
    events = audit_count()

    response = talent_client.post(step_url(ProfileStep.SKILLS), {**data, "action": "next"})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SkillEntry.objects.filter(profile=profile).exists()
    assert not LanguageEntry.objects.filter(profile=profile).exists()
    assert audit_count() == events


def test_a_skills_proficiency_and_a_languages_level_are_edited(talent_client: Client, profile: TalentProfile) -> None:
    skill = SkillEntry.objects.create(profile=profile, skill=Skill.objects.first(), proficiency=2)
    language = LanguageEntry.objects.create(profile=profile, language="ko", test="topik", level="3")

    skill_response = talent_client.post(reverse("talent:skill_edit", kwargs={"pk": skill.pk}), {"proficiency": "4"})
    language_response = talent_client.post(
        reverse("talent:language_edit", kwargs={"pk": language.pk}), {"test": "topik", "level": "5"}
    )

    assert skill_response["Location"] == language_response["Location"] == step_url(ProfileStep.SKILLS)
    skill.refresh_from_db()
    language.refresh_from_db()
    assert (skill.proficiency, language.level) == (4, "5")


def test_a_bad_language_level_on_edit_keeps_the_draft_and_the_old_level(
    talent_client: Client, profile: TalentProfile
) -> None:
    language = LanguageEntry.objects.create(profile=profile, language="ko", test="topik", level="3")
    events = audit_count()

    response = talent_client.post(
        reverse("talent:language_edit", kwargs={"pk": language.pk}), {"test": "toeic", "level": "5000"}
    )

    assert response.status_code == 200
    assert "between 10 and 990" in response.content.decode()
    assert 'value="5000"' in response.content.decode()
    language.refresh_from_db()
    assert (language.test, language.level) == ("topik", "3")
    assert audit_count() == events


def test_a_skill_is_removed(talent_client: Client, profile: TalentProfile) -> None:
    entry = SkillEntry.objects.create(profile=profile, skill=Skill.objects.first(), proficiency=2)

    response = talent_client.post(reverse("talent:skill_remove", kwargs={"pk": entry.pk}))

    assert response["Location"] == step_url(ProfileStep.SKILLS)
    assert not SkillEntry.objects.filter(pk=entry.pk).exists()


# --- preferences and review -------------------------------------------------------------------


def test_preferences_and_consents_are_saved(talent_client: Client, talent: Any, profile: TalentProfile) -> None:
    response = talent_client.post(
        step_url(ProfileStep.PREFERENCES),
        {
            "desired_industries": ["semiconductor", "ai"],
            "visibility": Visibility.VERIFIED_COMPANIES,
            "consent_profile_sharing": "on",
            "action": "next",
        },
    )

    assert response["Location"] == step_url(ProfileStep.REVIEW)
    profile.refresh_from_db()
    assert profile.visibility == Visibility.VERIFIED_COMPANIES
    assert sorted(profile.desired_industries.values_list("code", flat=True)) == ["ai", "semiconductor"]
    assert consent_current(user=talent, kind=ConsentKind.PROFILE_SHARING) is True
    assert consent_current(user=talent, kind=ConsentKind.MARKETING) is False


def test_visibility_without_consent_is_refused_and_the_choices_are_kept(
    talent_client: Client, talent: Any, profile: TalentProfile
) -> None:
    events = audit_count()

    response = talent_client.post(
        step_url(ProfileStep.PREFERENCES),
        {"desired_industries": ["bio"], "visibility": Visibility.VERIFIED_COMPANIES, "action": "next"},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "agree to share your profile with verified companies" in content
    assert 'value="bio" id="id_desired_industries_3" checked' in content or (
        'value="bio"' in content and "checked" in content
    )
    profile.refresh_from_db()
    assert profile.visibility == Visibility.PRIVATE
    assert not profile.desired_industries.exists()
    assert consent_current(user=talent, kind=ConsentKind.PROFILE_SHARING) is False
    assert audit_count() == events


def test_an_unknown_industry_is_refused(talent_client: Client, profile: TalentProfile) -> None:
    response = talent_client.post(
        step_url(ProfileStep.PREFERENCES), {"desired_industries": ["tourism"], "visibility": "private"}
    )

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()


def test_an_incomplete_profile_cannot_be_marked_complete(talent_client: Client, profile: TalentProfile) -> None:
    events = audit_count()

    response = talent_client.post(step_url(ProfileStep.REVIEW), {"action": "complete"})

    assert response.status_code == 200
    assert "At least one degree or school." in response.content.decode()
    profile.refresh_from_db()
    assert profile.completed_at is None
    assert audit_count() == events


def test_a_full_profile_is_marked_complete(talent_client: Client, profile: TalentProfile) -> None:
    EducationFactory(profile=profile)
    ExperienceFactory(profile=profile)
    SkillEntry.objects.create(profile=profile, skill=Skill.objects.first(), proficiency=3)

    response = talent_client.post(step_url(ProfileStep.REVIEW), {"action": "complete"})

    assert response["Location"] == reverse("talent:profile")
    profile.refresh_from_db()
    assert profile.completed_at is not None
    assert AuditEvent.objects.filter(action="talent.profile_completed").count() == 1


def add_entries(profile: TalentProfile, count: int) -> None:
    skills = list(Skill.objects.all()[:count])
    for index in range(count):
        EducationFactory(profile=profile, field=f"Field {index}")
        ExperienceFactory(profile=profile, role=f"Role {index}")
        SkillEntry.objects.create(profile=profile, skill=skills[index], proficiency=2)
    languages = ["ko", "en", "de", "fr", "ja", "zh"][:count]
    for language in languages:
        LanguageEntry.objects.create(profile=profile, language=language, test="none")
    profile.desired_industries.set([])


@pytest.mark.parametrize("url_name", ["review", "profile"])
def test_the_review_and_overview_pages_use_a_fixed_number_of_queries(db: None, url_name: str) -> None:
    small, large = TalentProfileFactory(), TalentProfileFactory()
    add_entries(small, 1)
    add_entries(large, 6)
    url = step_url(ProfileStep.REVIEW) if url_name == "review" else reverse("talent:profile")
    counts = []
    for profile in (small, large):
        client = client_for(profile.user)
        client.get(url)  # warm the session and the site's caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert counts[1] <= 20

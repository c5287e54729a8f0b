import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from talentcenter.accounts.enums import ConsentKind
from talentcenter.accounts.selectors import consent_current
from talentcenter.audit.models import AuditEvent
from talentcenter.talent import services
from talentcenter.talent.enums import EducationLevel, Visibility
from talentcenter.talent.models import Experience, TalentProfile
from tests.factories import EducationFactory, TalentProfileFactory, UserFactory


def test_a_new_profile_is_created_once_with_the_talent_role(db: None) -> None:
    user = UserFactory()

    first = services.talent_profile_get_or_create(user=user)
    second = services.talent_profile_get_or_create(user=user)

    assert first.pk == second.pk
    assert user.has_role(services.Role.TALENT)
    assert AuditEvent.objects.filter(action="talent.profile_created").count() == 1


def test_personal_details_are_saved_audited_and_searchable(db: None) -> None:
    profile = TalentProfileFactory(given_name="Ana", family_name="Silva")

    services.talent_profile_update_personal(
        profile=profile, actor=profile.user, given_name="Ana Luísa", name_hangul="실바", nationality="BR"
    )

    profile.refresh_from_db()
    assert (profile.given_name, profile.name_hangul, profile.nationality.code) == ("Ana Luísa", "실바", "BR")
    assert "ana luísa silva 실바" in profile.search_document
    event = AuditEvent.objects.get(action="talent.personal_updated")
    assert event.changes["given_name"] == ["Ana", "Ana Luísa"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"given_name": "<script>alert(1)</script>"}, "given_name"),
        ({"name_hangul": "Kim"}, "name_hangul"),
        ({"family_name": "x" * 81}, "family_name"),
        ({"birth_date": datetime.date.today()}, "birth_date"),
        ({"birth_date": datetime.date(1900, 1, 1)}, "birth_date"),
        ({"phone": "010-1234"}, "phone"),
        ({"nationality": "XX"}, "nationality"),
        ({"is_staff": True}, "is_staff"),
    ],
)
def test_invalid_personal_details_change_nothing(db: None, values: dict, field: str) -> None:
    profile = TalentProfileFactory(given_name="Ana")
    before = TalentProfile.objects.filter(pk=profile.pk).values().get()

    with pytest.raises(ValidationError) as error:
        services.talent_profile_update_personal(profile=profile, actor=profile.user, **values)

    assert field in error.value.message_dict
    assert TalentProfile.objects.filter(pk=profile.pk).values().get() == before
    assert not AuditEvent.objects.exists()


def test_only_the_owner_changes_a_profile(db: None) -> None:
    profile = TalentProfileFactory()

    with pytest.raises(PermissionDenied):
        services.talent_profile_update_personal(profile=profile, actor=UserFactory(), given_name="Mallory")


def test_highest_degree_follows_the_educations(db: None) -> None:
    profile = TalentProfileFactory()
    services.education_add(
        profile=profile,
        actor=profile.user,
        level=EducationLevel.BACHELOR,
        field="Physics",
        institution="Seoul National University",
        country="KR",
        completed_on=datetime.date(2012, 2, 20),
    )
    doctorate = services.education_add(
        profile=profile,
        actor=profile.user,
        level=EducationLevel.DOCTORATE,
        field="Physics",
        institution="ETH Zurich",
        country="CH",
        completed_on=datetime.date(2018, 6, 1),
    )
    profile.refresh_from_db()
    assert profile.highest_education_level == EducationLevel.DOCTORATE

    services.education_remove(education=doctorate, actor=profile.user)

    profile.refresh_from_db()
    assert profile.highest_education_level == EducationLevel.BACHELOR


def test_experience_cannot_end_before_it_starts(db: None) -> None:
    profile = TalentProfileFactory()

    with pytest.raises(ValidationError) as error:
        services.experience_add(
            profile=profile,
            actor=profile.user,
            organization="Samsung Electronics",
            organization_kind="company",
            role="Engineer",
            field="DRAM",
            started_on=datetime.date(2020, 1, 1),
            ended_on=datetime.date(2019, 1, 1),
        )

    assert "ended_on" in error.value.message_dict
    assert not Experience.objects.exists()


@pytest.mark.parametrize(
    ("test", "level", "accepted"),
    [
        ("topik", "3", "3"),
        ("topik", "7", None),
        ("ielts", "7.5", "7.5"),
        ("cefr", "b2", "B2"),
        ("cefr", "D1", None),
        ("toeic", "abc", None),
        ("none", "fluent", "fluent"),
    ],
)
def test_language_levels_are_checked_against_the_test(db: None, test: str, level: str, accepted: str | None) -> None:
    profile = TalentProfileFactory()

    if accepted is None:
        with pytest.raises(ValidationError):
            services.language_set(profile=profile, actor=profile.user, language="ko", test=test, level=level)
        assert not profile.languages.exists()
    else:
        entry = services.language_set(profile=profile, actor=profile.user, language="ko", test=test, level=level)
        assert entry.level == accepted


def test_companies_see_a_profile_only_with_consent(db: None) -> None:
    profile = TalentProfileFactory()

    with pytest.raises(ValidationError) as error:
        services.talent_preferences_update(
            profile=profile,
            actor=profile.user,
            desired_industry_codes=["ai"],
            visibility=Visibility.VERIFIED_COMPANIES,
            consent_profile_sharing=False,
            consent_marketing=False,
        )
    assert "consent_profile_sharing" in error.value.message_dict

    services.talent_preferences_update(
        profile=profile,
        actor=profile.user,
        desired_industry_codes=["ai", "robotics"],
        visibility=Visibility.VERIFIED_COMPANIES,
        consent_profile_sharing=True,
        consent_marketing=False,
    )
    profile.refresh_from_db()
    assert profile.visibility == Visibility.VERIFIED_COMPANIES
    assert sorted(profile.desired_industries.values_list("code", flat=True)) == ["ai", "robotics"]
    assert consent_current(user=profile.user, kind=ConsentKind.PROFILE_SHARING) is True


def test_completion_lists_what_is_missing(db: None) -> None:
    profile = TalentProfileFactory()
    EducationFactory(profile=profile)

    with pytest.raises(ValidationError) as error:
        services.talent_profile_complete(profile=profile, actor=profile.user)

    assert len(error.value.messages) == 2  # no experience, no skill
    assert profile.completed_at is None


class ExperienceDatesProperty(TestCase):
    @settings(max_examples=40, deadline=None)
    @given(
        start=st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2035, 1, 1)),
        end=st.none() | st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2035, 1, 1)),
    )
    def test_any_pair_of_dates_is_stored_only_if_it_makes_sense(
        self, start: datetime.date, end: datetime.date | None
    ) -> None:
        profile = TalentProfileFactory()
        today = datetime.date.today()
        sensible = datetime.date(1940, 1, 1) <= start <= today and (end is None or (start <= end <= today))
        try:
            services.experience_add(
                profile=profile,
                actor=profile.user,
                organization="KAIST",
                organization_kind="university",
                role="Researcher",
                field="Robotics",
                started_on=start,
                ended_on=end,
            )
            stored = True
        except ValidationError:
            stored = False
        assert stored == sensible
        assert profile.experiences.count() == (1 if sensible else 0)


def test_age_limits_work_on_leap_days() -> None:
    assert services.years_before(datetime.date(2028, 2, 29), 15) == datetime.date(2013, 2, 28)
    assert services.years_before(datetime.date(2028, 2, 29), 100) == datetime.date(1928, 2, 29)

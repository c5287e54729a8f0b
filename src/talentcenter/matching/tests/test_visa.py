"""Visa fit from the policy engine: a hire that qualifies for the K-Tech Pass and one that does not."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talentcenter.matching.query import OfferFacts
from talentcenter.matching.visa import offer_data, visa_fit_for_profiles
from talentcenter.talent.enums import EducationLevel
from tests.cases import eligible_profile
from tests.factories import EducationFactory, TalentProfileFactory

AS_OF = datetime.date(2026, 11, 23)
OFFER = OfferFacts(
    company_name="Hanbit Semiconductor",
    company_size="sme",
    industry="semiconductor",
    annual_salary_krw=160_000_000,
    occupation_code="2211",
    technology_field="digital_electronics",
)


def junior_profile():
    profile = TalentProfileFactory(nationality="VN", birth_date=datetime.date(2000, 1, 1))
    EducationFactory(profile=profile, level=EducationLevel.BACHELOR, field="History", country="VN")
    return profile


def test_the_offer_is_the_engines_offer_object():
    assert offer_data(OFFER) == {
        "company": "Hanbit Semiconductor",
        "company_size": "sme",
        "industry": "semiconductor",
        "technology_field": "digital_electronics",
        "annual_salary_krw": 160_000_000,
        "occupation": "2211",
    }
    assert offer_data(OfferFacts(company_size="mid_sized", industry="not-a-code"))["company_size"] == "midsize"
    assert offer_data(OfferFacts(industry="not-a-code"))["industry"] is None


@pytest.mark.django_db
def test_a_qualifying_hire_is_eligible_for_the_ktech_pass_and_a_junior_one_gets_hints(django_assert_max_num_queries):
    strong, junior = eligible_profile(), junior_profile()

    with django_assert_max_num_queries(12):
        fits = visa_fit_for_profiles([strong.pk, junior.pk], OFFER, as_of=AS_OF, hints_for=[junior.pk])

    strong_fit, junior_fit = fits[strong.pk], fits[junior.pk]
    standard = {(track.programme, track.track): track.status for track in strong_fit.tracks}
    assert standard[("ktech-pass", "standard")] == "eligible"
    assert strong_fit.fast_track and strong_fit.score == 1.0
    assert strong_fit.best is not None and strong_fit.best.programme == "ktech-pass"
    assert strong_fit.hints == ()  # no hints asked for, none computed

    assert not junior_fit.fast_track
    assert junior_fit.near_miss is not None and junior_fit.near_miss.fast_track
    assert junior_fit.hints and all(isinstance(hint, str) and hint for hint in junior_fit.hints)
    assert junior_fit.score < 1.0


@pytest.mark.django_db
def test_the_profiles_load_in_the_same_number_of_queries_whatever_their_number():
    profiles = [eligible_profile() for _ in range(4)]
    visa_fit_for_profiles([profiles[0].pk], OFFER, as_of=AS_OF)  # the catalogue is cached from here on

    with CaptureQueriesContext(connection) as one:
        visa_fit_for_profiles([profiles[0].pk], OFFER, as_of=AS_OF)
    with CaptureQueriesContext(connection) as four:
        fits = visa_fit_for_profiles([profile.pk for profile in profiles], OFFER, as_of=AS_OF)

    assert len(fits) == 4 and all(fit.fast_track for fit in fits.values())
    assert len(four) == len(one) <= 6


@pytest.mark.django_db
def test_profiles_read_in_bulk_are_what_the_pathfinder_reads_one_by_one():
    from talentcenter.matching.visa import applicant_data_for_profiles
    from talentcenter.policy.selectors import applicant_data_from_profile
    from talentcenter.talent.enums import LanguageTest
    from talentcenter.talent.models import LanguageEntry
    from talentcenter.talent.selectors import talent_profile_detail

    strong, junior = eligible_profile(), junior_profile()
    LanguageEntry.objects.create(profile=junior, language="ko", test=LanguageTest.TOPIK, level="4")
    LanguageEntry.objects.create(profile=junior, language="en", test=LanguageTest.IELTS, level="7")

    bulk = applicant_data_for_profiles([strong.pk, junior.pk])

    for profile in (strong, junior):
        assert bulk[profile.pk] == applicant_data_from_profile(talent_profile_detail(profile_id=profile.pk))


@pytest.mark.django_db
def test_the_same_question_is_answered_from_the_cache_and_a_changed_profile_is_asked_again():
    from talentcenter.matching import visa

    visa._cache.clear()
    junior = junior_profile()
    first = visa_fit_for_profiles([junior.pk], OFFER, as_of=AS_OF, hints_for=[junior.pk])[junior.pk]
    assert len(visa._cache.entries) == 1

    again = visa_fit_for_profiles([junior.pk], OFFER, as_of=AS_OF, hints_for=[junior.pk])[junior.pk]
    assert again == first and len(visa._cache.entries) == 1

    EducationFactory(profile=junior, level=EducationLevel.DOCTORATE, field="Electrical engineering", country="DE")
    changed = visa_fit_for_profiles([junior.pk], OFFER, as_of=AS_OF, hints_for=[junior.pk])[junior.pk]
    assert len(visa._cache.entries) == 2
    assert changed.score >= first.score

"""The ranking's visa fit (stored engine data, one batch, hints only for the rows returned) gives
the full engine's answer: the same status on every track, the same near miss and the same hints,
in the request's language, for a table of profiles and offers."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation

from talentcenter.matching import services, visa
from talentcenter.matching.models import ProfileVector
from talentcenter.matching.query import OfferFacts
from talentcenter.policy.engine import ApplicantIn, baseline, explain, prepare
from talentcenter.policy.engine.fields import classifier
from talentcenter.policy.selectors import applicant_data_from_profile, catalogue
from talentcenter.policy.translation import translated
from talentcenter.talent.enums import EducationLevel, LanguageTest, OrganizationKind, SpokenLanguage
from talentcenter.talent.models import LanguageEntry
from talentcenter.talent.selectors import talent_profile_detail
from tests.cases import eligible_profile
from tests.factories import EducationFactory, ExperienceFactory, TalentProfileFactory

AS_OF = datetime.date(2026, 11, 23)
OFFERS = {
    "semiconductor SME, KRW 160m": OfferFacts(
        company_name="Hanbit Semiconductor",
        company_size="sme",
        industry="semiconductor",
        annual_salary_krw=160_000_000,
        occupation_code="2211",
        technology_field="digital_electronics",
    ),
    "AI, large company, KRW 60m": OfferFacts(
        company_name="Example AI", company_size="large", industry="ai", annual_salary_krw=60_000_000
    ),
    "too broad an occupation": OfferFacts(
        company_name="Example Holdings",
        company_size="mid_sized",
        industry="bio",
        annual_salary_krw=95_000_000,
        occupation_code="1120",
    ),
    "no industry, no salary": OfferFacts(company_name="Unknown Co."),
}


def _profiles() -> list[Any]:
    strong = eligible_profile()
    junior = TalentProfileFactory(nationality="VN", birth_date=datetime.date(2000, 1, 1))
    EducationFactory(profile=junior, level=EducationLevel.BACHELOR, field="History", country="VN")
    postdoc = TalentProfileFactory(nationality="DE", birth_date=datetime.date(1990, 6, 1))
    EducationFactory(
        profile=postdoc,
        level=EducationLevel.DOCTORATE,
        field="Molecular biology",
        institution="Heidelberg University",
        country="DE",
        completed_on=datetime.date(2019, 9, 30),
    )
    ExperienceFactory(
        profile=postdoc,
        organization="Max Planck Institute",
        organization_kind=OrganizationKind.RESEARCH_INSTITUTE,
        field="Cell and gene therapy",
        started_on=datetime.date(2019, 10, 1),
        ended_on=datetime.date(2023, 3, 31),
        is_postdoctoral=True,
    )
    LanguageEntry.objects.create(profile=postdoc, language=SpokenLanguage.KOREAN, test=LanguageTest.TOPIK, level="5")
    unknown = TalentProfileFactory(nationality="US", birth_date=None)
    EducationFactory(profile=unknown, level=EducationLevel.MASTER, field="", institution="Some Institute of Tech")
    ExperienceFactory(
        profile=unknown,
        organization="A startup",
        organization_kind=OrganizationKind.COMPANY,
        field="",
        started_on=datetime.date(2022, 1, 1),
        ended_on=None,
    )
    empty = TalentProfileFactory(nationality="CN")
    profiles = [strong, junior, postdoc, unknown, empty]
    for profile in profiles[:-1]:
        services.profile_vector_refresh(profile_id=profile.pk)  # the engine data kept with the row
    return profiles  # the last one has no index row: read from the talent tables


def _full_engine(profile: Any, offer: OfferFacts, language: str) -> tuple[dict[Any, str], dict[Any, list[str]]]:
    """Every hire track's status and hints as the pathfinder's engine call gives them."""
    data = applicant_data_from_profile(talent_profile_detail(profile_id=profile.pk))
    applicant = ApplicantIn.model_validate({**data, "offer": visa.offer_data(offer)})
    prepared = prepare(applicant, AS_OF, catalogue(), classifier())
    answer = explain(prepared, baseline(), AS_OF, visa.HIRE_TRACKS, language)
    statuses = {(result["programme"], result["track"]): result["status"] for result in answer["results"]}
    hints = {
        (result["programme"], result["track"]): translated(result["hints"], language) for result in answer["results"]
    }
    return statuses, hints


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_rankings_visa_fit_is_the_full_engines_answer(language: str) -> None:
    profiles = _profiles()
    ids = [profile.pk for profile in profiles]
    assert ProfileVector.objects.filter(pk__in=ids, applicant__isnull=False).count() == len(ids) - 1

    compared_hints = 0
    for name, offer in OFFERS.items():
        visa.clear_caches()
        with translation.override(language):
            ranking = visa.OfferFits(offer, as_of=AS_OF)
            ranking.fits(ids)
            fits = ranking.with_hints(ids[::2])  # hints for some rows only, as for the rows returned
            labels = {track.key: translated(track.label, language) for track in visa.HIRE_TRACKS}
        for profile in profiles:
            statuses, hints = _full_engine(profile, offer, language)
            fit = fits[profile.pk]
            assert {(track.programme, track.track): track.status for track in fit.tracks} == {
                key: status for key, status in statuses.items() if status != "not_in_force"
            }, (name, profile.pk)
            assert all(track.label == labels[f"{track.programme}/{track.track}"] for track in fit.tracks)
            if profile.pk in ids[::2] and fit.near_miss is not None:
                assert list(fit.hints) == hints[fit.near_miss.programme, fit.near_miss.track], (name, profile.pk)
                compared_hints += bool(fit.hints)
            else:
                assert fit.hints == ()
    assert compared_hints >= 4  # the table does reach the hints


@pytest.mark.django_db
def test_the_stored_engine_data_is_what_the_talent_tables_say() -> None:
    profiles = _profiles()[:-1]

    stored = dict(ProfileVector.objects.filter(pk__in=[p.pk for p in profiles]).values_list("pk", "applicant"))

    assert stored == visa.applicant_data_for_profiles([profile.pk for profile in profiles])

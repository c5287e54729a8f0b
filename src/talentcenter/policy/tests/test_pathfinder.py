"""The pathfinder: each step's validation, the signed state, storing nothing, saving and who sees what."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentcenter.audit.models import AuditEvent
from talentcenter.policy.enums import AssessmentKind
from talentcenter.policy.models import Assessment
from talentcenter.policy.pathfinder_state import state_dump, state_load
from talentcenter.policy.tests.examples import example_applicant
from tests.factories import EducationFactory, ExperienceFactory, TalentProfileFactory

URL = "/en/pathfinder/"
SAVE_URL = "/en/pathfinder/save/"
EXAMPLE: dict[str, Any] = example_applicant()
EXAMPLE["offer"]["region"] = "gyeonggi"
OFFER_POST = {
    "has_offer": "yes",
    "company": "Example Semi Co.",
    "company_size": "sme",
    "industry": "semiconductor",
    "technology_field": "digital_electronics",
    "annual_salary_krw": "160,000,000",
    "occupation": "2211",
    "region": "gyeonggi",
    "topik_level": "3",
    "government_programme": "",
    "as_of": "2026-11-23",
}


def token_in(response: Any) -> str:
    match = re.search(r'name="state" value="([^"]+)"', response.content.decode())
    assert match, "no state on the page"
    return match[1]


def state_of(response: Any) -> dict[str, Any]:
    state = state_load(token_in(response))
    assert state is not None
    return state


def token(step: int, applicant: dict[str, Any] | None = None, as_of: str = "2026-11-23", **extra: Any) -> str:
    return state_dump({"applicant": applicant or {}, "as_of": as_of, "step": step, "drafts": {}, **extra})


def post(client: Client, state: str, data: dict[str, str] | None = None, action: str = "next") -> Any:
    return client.post(URL, {"state": state, "action": action, **(data or {})})


def education_rows(*rows: dict[str, str]) -> dict[str, str]:
    data = {"education-TOTAL_FORMS": str(len(rows)), "education-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"education-{index}-{key}": value for key, value in row.items()})
    return data


def experience_rows(*rows: dict[str, str]) -> dict[str, str]:
    data = {"experience-TOTAL_FORMS": str(len(rows)), "experience-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"experience-{index}-{key}": value for key, value in row.items()})
    return data


MIT = {
    "level": "doctorate",
    "field": "electrical engineering",
    "institution": "Massachusetts Institute of Technology",
    "country": "US",
    "completed": "2014-05-31",
}
SAMSUNG = {
    "organization": "Samsung Electronics",
    "kind": "company",
    "field": "semiconductor",
    "start": "2014-07-01",
    "current": "on",
}


def run_example(client: Client) -> Any:
    """Every step with the example applicant; the answer page's response."""
    response = client.get(URL)
    response = post(client, token_in(response), {"nationality": "IN", "birth_date": "1987-03-14"})
    response = post(client, token_in(response), education_rows(MIT))
    response = post(client, token_in(response), experience_rows(SAMSUNG))
    return post(client, token_in(response), OFFER_POST)


# State -----------------------------------------------------------------------------------------


def test_state_round_trips_and_refuses_tampering() -> None:
    state = {"applicant": EXAMPLE, "as_of": "2026-11-23", "step": 4, "drafts": {}}
    dumped = state_dump(state)
    assert state_load(dumped) == state
    tampered = dumped[:-3] + ("AAA" if not dumped.endswith("AAA") else "BBB")
    assert state_load(tampered) is None
    assert state_load("") is None
    assert state_load("not a token") is None


def test_state_expires_after_a_day(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    real = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: real - 24 * 60 * 60 - 5)
    old = state_dump({"applicant": {}, "as_of": "2026-11-23", "step": 1})
    monkeypatch.setattr(signing.time, "time", lambda: real)
    assert state_load(old) is None


@pytest.mark.django_db
def test_a_tampered_state_restarts_politely(client: Client) -> None:
    good = token(3, EXAMPLE)
    response = post(client, good[:-4] + "abcd", experience_rows(SAMSUNG))
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()
    assert response.context["step_number"] == 1
    assert state_of(response)["applicant"] == {}


@pytest.mark.django_db
def test_a_well_signed_but_malformed_state_restarts(client: Client) -> None:
    malformed = state_dump({"applicant": [], "as_of": "tomorrow", "step": 99})
    response = post(client, malformed)
    assert response.status_code == 200
    assert response.context["step_number"] == 1
    assert "could not be read" in response.content.decode()


# Step 1 ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_first_step_is_public_and_starts_empty(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["step_number"] == 1
    state = state_of(response)
    assert state["applicant"] == {}
    assert state["as_of"] == timezone.localdate().isoformat()
    assert "Start from my profile" not in response.content.decode()


@pytest.mark.django_db
def test_about_you_is_optional_but_checked(client: Client) -> None:
    response = post(client, token(1), {"nationality": "XX", "birth_date": "1800-01-01"})
    assert response.context["step_number"] == 1
    form = response.context["form"]
    assert "nationality" in form.errors
    assert form.errors["birth_date"] == ["Enter a date between 1900-01-01 and 2100-01-01."]
    # What was typed is shown again.
    assert 'value="1800-01-01"' in response.content.decode()

    response = post(client, token(1), {})
    assert response.context["step_number"] == 2
    assert state_of(response)["applicant"]["person"] is None

    response = post(client, token(1), {"nationality": "IN", "birth_date": "1987-03-14"})
    assert state_of(response)["applicant"]["person"] == {
        "nationality": "IN",
        "birth_date": "1987-03-14",
        "current_visa": None,
    }


# Step 2 ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_education_needs_a_degree_with_level_field_and_institution(client: Client) -> None:
    response = post(client, token(2), education_rows({"level": "", "field": "", "institution": ""}))
    assert response.context["step_number"] == 2
    errors = response.context["formset"].forms[0].errors
    assert set(errors) == {"level", "field", "institution"}
    assert '<a href="#id_education-0-level">Degree 1 · Level: This field is required.</a>' in response.content.decode()

    response = post(client, token(2), education_rows())
    assert response.context["step_number"] == 2
    assert response.context["non_form_errors"] == ["Add at least one degree."]


@pytest.mark.django_db
def test_education_refuses_more_than_five_and_bad_dates(client: Client) -> None:
    response = post(client, token(2), education_rows(*[MIT] * 6))
    assert response.context["step_number"] == 2
    response = post(client, token(2), education_rows({**MIT, "completed": "1066-10-14"}))
    assert response.context["formset"].forms[0].errors["completed"] == [
        "Enter a date between 1940-01-01 and 2100-01-01."
    ]


@pytest.mark.django_db
def test_rows_are_added_and_removed_without_losing_what_was_typed(client: Client) -> None:
    second = {**MIT, "level": "master", "institution": "Seoul National University", "country": "KR"}
    response = post(client, token(2), education_rows(MIT, second), action="add")
    formset = response.context["formset"]
    assert len(formset.forms) == 3
    assert not formset.is_bound  # no errors shown for the new, empty row
    assert formset.forms[1].initial["institution"] == "Seoul National University"

    response = post(client, token(2), education_rows(MIT, second, {}), action="remove-0")
    formset = response.context["formset"]
    assert [form.initial["institution"] for form in formset.forms] == ["Seoul National University", ""]
    # Nothing was written to the state by adding or removing.
    assert state_of(response)["applicant"] == {}

    response = post(client, token(2), education_rows(MIT, second, {"level": ""}))
    assert response.context["step_number"] == 3
    assert [row["institution"] for row in state_of(response)["applicant"]["education"]] == [
        "Massachusetts Institute of Technology",
        "Seoul National University",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("completed", "next_step"),
    [pytest.param("2026-11-23", 3, id="on the date to assess"), pytest.param("2026-11-24", 2, id="the day after")],
)
def test_a_completion_after_the_date_to_assess_is_refused_on_its_field(
    client: Client, completed: str, next_step: int
) -> None:
    response = post(client, token(2, as_of="2026-11-23"), education_rows({**MIT, "completed": completed}))

    assert response.context["step_number"] == next_step
    if next_step == 2:
        assert response.context["formset"].forms[0].errors["completed"] == [
            "Enter a completion date on or before the date to assess (2026-11-23), "
            "or leave it empty if you are still studying."
        ]


@pytest.mark.django_db
def test_a_completion_after_the_date_to_assess_is_refused_in_korean(client: Client) -> None:
    response = client.post(
        "/ko/pathfinder/",
        {"state": token(2, as_of="2026-11-23"), "action": "next", **education_rows({**MIT, "completed": "2026-11-24"})},
    )

    (message,) = response.context["formset"].forms[0].errors["completed"]
    assert "2026-11-23" in message
    assert "Enter a completion date" not in message


@pytest.mark.django_db
def test_a_birth_date_after_the_date_to_assess_is_refused_on_its_field(client: Client) -> None:
    response = post(client, token(1, as_of="2026-11-23"), {"birth_date": "2026-11-24"})
    assert response.context["step_number"] == 1
    assert response.context["form"].errors["birth_date"] == [
        "Enter a date of birth on or before the date to assess (2026-11-23)."
    ]

    response = post(client, token(1, as_of="2026-11-23"), {"birth_date": "2026-11-23"})
    assert response.context["step_number"] == 2


@pytest.mark.django_db
def test_a_date_to_assess_before_a_completion_is_refused_on_the_last_step(client: Client) -> None:
    applicant = {**EXAMPLE, "education": [{**EXAMPLE["education"][0], "completed": "2026-06-30"}]}

    response = post(client, token(4, applicant, as_of="2026-11-23"), {**OFFER_POST, "as_of": "2026-06-29"})
    assert response.context["step_number"] == 4
    assert response.context["form"].errors["as_of"] == [
        "Choose a date to assess on or after your date of birth and the completion dates of your degrees."
    ]

    response = post(client, token(4, applicant, as_of="2026-11-23"), {**OFFER_POST, "as_of": "2026-06-30"})
    assert response.context["step_label"] == "Your answer"


# Step 3 ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_experience_checks_dates_and_skips_blank_rows(client: Client) -> None:
    response = post(client, token(3), experience_rows({**SAMSUNG, "current": "", "end": ""}))
    assert response.context["formset"].forms[0].errors["end"] == ["Enter the end date, or tick “I work here now”."]

    response = post(client, token(3), experience_rows({**SAMSUNG, "current": "", "end": "2010-01-01"}))
    assert response.context["formset"].forms[0].errors["end"] == ["The end cannot be before the start."]

    response = post(client, token(3), experience_rows({**SAMSUNG, "start": "1930-01-01"}))
    assert "start" in response.context["formset"].forms[0].errors

    response = post(client, token(3), experience_rows({}))
    assert response.context["step_number"] == 4
    assert state_of(response)["applicant"]["experience"] == []

    response = post(client, token(3), experience_rows({**SAMSUNG, "end": "2020-01-01"}, {}))
    assert state_of(response)["applicant"]["experience"] == [
        {
            "organization": "Samsung Electronics",
            "kind": "company",
            "field": "semiconductor",
            "start": "2014-07-01",
            "end": None,
            "postdoctoral": False,
            "internship": False,
        }
    ]


# Step 4 ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_offer_needs_a_salary_and_known_codes(client: Client) -> None:
    response = post(client, token(4, EXAMPLE), {**OFFER_POST, "annual_salary_krw": ""})
    assert response.context["step_number"] == 4
    assert response.context["form"].errors["annual_salary_krw"] == [
        "Enter the annual salary of the offer, or choose “No job offer yet”."
    ]
    response = post(client, token(4, EXAMPLE), {**OFFER_POST, "annual_salary_krw": "lots", "industry": "mining"})
    errors = response.context["form"].errors
    assert errors["annual_salary_krw"] == ["Enter the salary in won, digits only, e.g. 160000000."]
    assert "industry" in errors
    response = post(client, token(4, EXAMPLE), {**OFFER_POST, "as_of": "1999-01-01"})
    assert "as_of" in response.context["form"].errors


@pytest.mark.django_db
def test_no_offer_drops_the_offer_and_keeps_other_languages(client: Client) -> None:
    applicant = {**EXAMPLE, "languages": [*EXAMPLE["languages"], {"language": "ko", "test": "KIIP", "level": 4}]}
    response = post(client, token(4, applicant), {**OFFER_POST, "has_offer": "no", "topik_level": "5"})
    assert response.context["step_label"] == "Your answer"
    state = state_of(response)
    assert state["applicant"]["offer"] is None
    assert state["applicant"]["languages"] == [
        {"language": "ko", "test": "KIIP", "level": 4},
        {"language": "ko", "test": "TOPIK", "level": 5},
    ]
    assert state["step"] == 5


@pytest.mark.django_db
def test_the_example_applicant_is_eligible_for_the_k_tech_pass_with_the_trace(client: Client) -> None:
    response = run_example(client)
    assert response.status_code == 200
    tracks = {track["label"]: track for track in response.context["tracks"]}
    standard = tracks["K-Tech Pass - standard track"]
    assert standard["status"] == "eligible"
    salary = next(row for row in standard["criteria"] if row["input"] == "KRW 160,000,000")
    assert salary["threshold"] == "KRW 157,248,000"
    assert {parameter["effective_from"] for parameter in salary["parameters"]} == {
        date(2026, 4, 1),
        date(2025, 4, 2),
    }
    assert any("Massachusetts Institute of Technology: rank 1" in line for line in standard["evidence"])
    page = response.content.decode()
    assert "The official decision is made on your application" in page
    assert 'href="https://newsweb.kbs.co.kr/news/pc/view/view.do?ncd=8216834"' in page


@pytest.mark.django_db
def test_a_lower_salary_earlier_gives_the_shortfall_hint(client: Client) -> None:
    response = post(client, token(4, EXAMPLE), {**OFFER_POST, "annual_salary_krw": "140000000", "as_of": "2025-06-01"})
    tracks = {track["label"]: track for track in response.context["tracks"]}
    standard = tracks["K-Tech Pass - standard track"]
    assert standard["status"] == "not_eligible"
    assert "KRW 9,865,000 short of the salary threshold of KRW 149,865,000." in standard["hints"]


@pytest.mark.django_db
def test_an_invalid_applicant_in_the_state_sends_back_to_the_step_with_the_error(client: Client) -> None:
    applicant = {**EXAMPLE, "education": [{**EXAMPLE["education"][0], "institution": ""}]}
    response = post(client, token(4, applicant), OFFER_POST)
    assert response.context["step_number"] == 2
    assert "institution" in response.context["formset"].forms[0].errors
    assert "Please complete this step to see your answer." in response.content.decode()


@pytest.mark.django_db
def test_errors_of_the_interchange_model_land_on_the_field_they_name() -> None:
    from pydantic import ValidationError

    from talentcenter.policy import pathfinder_forms
    from talentcenter.policy.engine import ApplicantIn
    from talentcenter.policy.views import _add_applicant_errors

    formset = pathfinder_forms.DegreeFormSet(education_rows(MIT), prefix="education")
    assert formset.is_valid()
    with pytest.raises(ValidationError) as raised:
        ApplicantIn.model_validate({"education": [{**EXAMPLE["education"][0], "country": "ZZ"}], "offer": {"x": 1}})
    assert _add_applicant_errors(2, formset, raised.value) is True
    assert formset.forms[0].errors["country"] == ["Choose a country from the list."]

    form = pathfinder_forms.OfferForm(OFFER_POST)
    assert form.is_valid()
    assert _add_applicant_errors(4, form, raised.value) is True
    assert form.non_field_errors() == ["Please check this value."]
    assert _add_applicant_errors(1, pathfinder_forms.AboutForm({}), raised.value) is False


# Back and next ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_back_and_next_keep_everything_even_what_did_not_validate(client: Client) -> None:
    response = post(client, token(3, EXAMPLE), experience_rows({**SAMSUNG, "start": "not a date"}), action="back")
    assert response.context["step_number"] == 2
    assert response.context["formset"].forms[0].initial["institution"] == "Massachusetts Institute of Technology"
    response = post(client, token_in(response), education_rows(MIT))
    assert response.context["step_number"] == 3
    formset = response.context["formset"]
    assert formset.forms[0]["start"].value() == "not a date"
    assert "start" in formset.forms[0].errors

    response = post(client, token_in(response), experience_rows(SAMSUNG), action="back")
    response = post(client, token_in(response), education_rows(MIT))
    assert not response.context["formset"].is_bound
    assert response.context["formset"].forms[0].initial["organization"] == "Samsung Electronics"


@pytest.mark.django_db
def test_change_answers_from_the_answer_goes_back_to_the_first_step_with_everything(client: Client) -> None:
    response = run_example(client)
    response = post(client, token_in(response), action="change")
    assert response.context["step_number"] == 1
    assert response.context["form"].initial["nationality"] == "IN"
    assert state_of(response)["applicant"]["offer"]["annual_salary_krw"] == 160_000_000


# Nothing stored --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_anonymous_run_stores_nothing(client: Client) -> None:
    before = (Assessment.objects.count(), Session.objects.count(), AuditEvent.objects.count())
    response = run_example(client)
    assert response.status_code == 200
    assert (Assessment.objects.count(), Session.objects.count(), AuditEvent.objects.count()) == before
    assert "sessionid" not in client.cookies
    assert "Save this result" not in response.content.decode()


# Signed in -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_requires_sign_in(client: Client) -> None:
    response = client.post(SAVE_URL, {"state": token(5, EXAMPLE)})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/en/pathfinder/"
    assert Assessment.objects.count() == 0
    assert not AuditEvent.objects.filter(action="policy.self_check_saved").exists()


@pytest.mark.django_db
def test_a_talent_starts_from_the_profile_and_saves_one_assessment(client: Client) -> None:
    profile = TalentProfileFactory(nationality="IN")
    EducationFactory(profile=profile, institution="Massachusetts Institute of Technology", country="US")
    ExperienceFactory(profile=profile, organization="Samsung Electronics")
    client.force_login(profile.user)

    response = client.get(URL)
    assert "Start from my profile" in response.content.decode()
    response = post(client, "", action="from_profile")
    assert response.context["step_number"] == 1
    state = state_of(response)
    assert state["applicant"]["education"][0]["institution"] == "Massachusetts Institute of Technology"
    assert state["applicant"]["experience"][0]["organization"] == "Samsung Electronics"
    assert response.context["form"].initial["nationality"] == "IN"

    response = post(client, token_in(response), {"nationality": "IN", "birth_date": "1988-04-12"})
    response = post(client, token_in(response), education_rows({**MIT, "field": "Electrical engineering"}))
    response = post(client, token_in(response), experience_rows(SAMSUNG))
    response = post(client, token_in(response), OFFER_POST)
    assert "Save this result" in response.content.decode()

    audit_before = AuditEvent.objects.count()
    response = client.post(SAVE_URL, {"state": token_in(response)})
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/pathfinder/saved/{assessment.pk}/"
    assert assessment.kind == AssessmentKind.SELF_CHECK
    assert assessment.subject == profile
    assert assessment.created_by == profile.user
    assert assessment.as_of == date(2026, 11, 23)
    assert assessment.summary["ktech-pass/standard"] == "eligible"
    assert AuditEvent.objects.count() == audit_before + 1
    assert AuditEvent.objects.filter(action="policy.self_check_saved").count() == 1

    listing = client.get("/en/pathfinder/saved/")
    assert [check["assessment"] for check in listing.context["checks"]] == [assessment]
    detail = client.get(f"/en/pathfinder/saved/{assessment.pk}/")
    assert detail.status_code == 200
    assert "K-Tech Pass - standard track" in detail.content.decode()


@pytest.mark.django_db
def test_a_check_saved_in_english_reads_in_korean_on_a_korean_page(client: Client) -> None:
    # Given a self-check saved from the English pages
    profile = TalentProfileFactory()
    client.force_login(profile.user)
    client.post(SAVE_URL, {"state": token(5, EXAMPLE)})
    assessment = Assessment.objects.get()
    assert assessment.result["language"] == "en"

    # When its owner opens it on the Korean pages
    korean = client.get(f"/ko/pathfinder/saved/{assessment.pk}/")

    # Then it is told in Korean, with the statuses it was saved with
    shown = korean.context["result"]
    assert shown["language"] == "ko"
    assert [(item["programme"], item["status"]) for item in shown["results"]] == [
        (item["programme"], item["status"]) for item in assessment.result["results"]
    ]
    assert "K-Tech Pass - standard track" not in korean.content.decode()
    assert "K-테크패스" in korean.content.decode()
    # And the stored answer is unchanged
    assessment.refresh_from_db()
    assert assessment.result["language"] == "en"


@pytest.mark.django_db
def test_a_saved_check_is_only_for_its_owner(client: Client, other_talent: Any) -> None:
    profile = TalentProfileFactory()
    client.force_login(profile.user)
    client.post(SAVE_URL, {"state": token(5, EXAMPLE)})
    assessment = Assessment.objects.get()

    assert client.get(f"/en/pathfinder/saved/{assessment.pk}/").status_code == 200
    other = Client()
    other.force_login(other_talent)
    assert other.get(f"/en/pathfinder/saved/{assessment.pk}/").status_code == 404
    assert other.get("/en/pathfinder/saved/").context["checks"] == []
    anonymous = Client().get(f"/en/pathfinder/saved/{assessment.pk}/")
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


@pytest.mark.django_db
def test_saving_a_tampered_state_stores_nothing(client: Client, talent: Any) -> None:
    client.force_login(talent)
    response = client.post(SAVE_URL, {"state": "forged"})
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()
    assert Assessment.objects.count() == 0


# No 500 on any input ----------------------------------------------------------------------------

FIELD_NAMES = [
    "nationality",
    "birth_date",
    "has_offer",
    "annual_salary_krw",
    "industry",
    "as_of",
    "topik_level",
    "current_visa",
    "korean_employees",
    "foreign_employees",
    "host_type",
    "local_designated_industry",
    "recommended_by_kotra",
    "education-TOTAL_FORMS",
    "education-0-level",
    "education-0-completed",
    "education-0-in_progress",
    "experience-TOTAL_FORMS",
    "experience-0-start",
    "experience-0-end",
    "experience-0-current",
    "experience-0-internship",
    "action",
]
texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "-1", "0", "99999999999999999999", "2026-02-30", "remove-9", "remove-x", "add", "back"]),
)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    step=st.integers(min_value=1, max_value=5),
    data=st.dictionaries(st.sampled_from(FIELD_NAMES), texts, max_size=8),
    forged=st.booleans(),
)
def test_no_input_gives_a_server_error(client: Client, step: int, data: dict[str, str], forged: bool) -> None:
    state = "x" + token(step, EXAMPLE) if forged else token(step, EXAMPLE)
    response = client.post(URL, {"state": state, **{key: value.replace("\x00", "") for key, value in data.items()}})
    assert response.status_code in {200, 302, 400}


# Facts that settle a route: status of stay, degrees in progress, internships, the employer's
# headcounts, the place of the job and recommendations ---------------------------------------------

HEADCOUNT_HINT = "Give the employer's number of insured Korean employees and its number of foreign employees."
# A KAIST master's graduate on the job-seeking visa, offered a job in Pyeongchang-gun (a
# population-decline area of Gangwon) with TOPIK level 4.
REGIONAL: dict[str, Any] = {
    "person": {"nationality": "VN", "birth_date": "1994-02-01", "current_visa": "D-10-1"},
    "education": [
        {
            "level": "master",
            "field": "electrical engineering",
            "institution": "Korea Advanced Institute of Science and Technology",
            "country": "KR",
            "completed": "2025-02-20",
        }
    ],
    "experience": [],
}
REGIONAL_OFFER = {
    **OFFER_POST,
    "company": "Pyeongchang Smart Farm Co.",
    "industry": "",
    "technology_field": "",
    "annual_salary_krw": "52,000,000",
    "region": "gangwon",
    "topik_level": "4",
}
PLACE_AND_RECOMMENDATION = {
    "district": "Pyeongchang-gun",
    "local_designated_industry": "yes",
    "recommended_by_local_government": "yes",
}


def statuses(response: Any) -> dict[str, str]:
    return {track["label"]: track["status"] for track in response.context["tracks"]}


def hints_of(response: Any, label: str) -> list[str]:
    return next(track["hints"] for track in response.context["tracks"] if track["label"] == label)


@pytest.mark.django_db
def test_the_employers_headcounts_give_a_firm_e7_1_answer(client: Client) -> None:
    # Given the example applicant's offer without the employer's headcounts: E-7-1 needs review
    before = post(client, token(4, EXAMPLE), OFFER_POST)
    assert statuses(before)["E-7-1 professional visa"] == "needs_review"
    assert HEADCOUNT_HINT in hints_of(before, "E-7-1 professional visa")

    # When the step gives 120 insured Korean employees and 6 foreign employees (7 of 120 with the hire)
    after = post(client, token(4, EXAMPLE), {**OFFER_POST, "korean_employees": "120", "foreign_employees": "6"})

    # Then the answer is firm, and nobody is asked for the headcounts again
    assert statuses(after)["E-7-1 professional visa"] == "eligible"
    assert HEADCOUNT_HINT not in hints_of(after, "E-7-1 professional visa")
    offer = state_of(after)["applicant"]["offer"]
    assert (offer["korean_employees"], offer["foreign_employees"]) == (120, 6)

    # And an employer with no insured Korean employee cannot take a foreign one: firmly not eligible
    none = post(client, token(4, EXAMPLE), {**OFFER_POST, "korean_employees": "0", "foreign_employees": "6"})
    assert statuses(none)["E-7-1 professional visa"] == "not_eligible"


@pytest.mark.django_db
def test_the_place_of_the_job_and_the_recommendation_give_a_firm_f2_r_answer(client: Client) -> None:
    before = post(client, token(4, REGIONAL), REGIONAL_OFFER)
    assert statuses(before)["F-2-R regional talent visa"] == "needs_review"

    after = post(client, token(4, REGIONAL), {**REGIONAL_OFFER, **PLACE_AND_RECOMMENDATION})

    assert statuses(after)["F-2-R regional talent visa"] == "eligible"
    assert hints_of(after, "F-2-R regional talent visa") == []
    applicant = state_of(after)["applicant"]
    assert applicant["offer"]["district"] == "Pyeongchang-gun"
    assert applicant["offer"]["local_designated_industry"] is True
    # Only the recommendation answered is known; the others stay unknown, not "no"
    assert applicant["recommendations"] == {
        "university_president": None,
        "kotra": None,
        "ministry": None,
        "local_government": True,
    }

    # An E-9 holder may not switch to F-2-R, whatever else is met
    e9 = {**REGIONAL, "person": {**REGIONAL["person"], "current_visa": "E-9"}}
    refused = post(client, token(4, e9), {**REGIONAL_OFFER, **PLACE_AND_RECOMMENDATION})
    assert statuses(refused)["F-2-R regional talent visa"] == "not_eligible"


@pytest.mark.django_db
def test_unknown_answers_stay_unknown_and_no_answers_are_kept_as_no(client: Client) -> None:
    response = post(client, token(4, EXAMPLE), OFFER_POST)
    applicant = state_of(response)["applicant"]
    assert applicant["recommendations"] is None
    offer = applicant["offer"]
    assert [offer[key] for key in ("district", "host_type", "korean_employees", "local_designated_industry")] == [
        None,
        None,
        None,
        None,
    ]

    answered = {"local_designated_industry": "no", "recommended_by_kotra": "no", "host_type": "venture"}
    response = post(client, token(4, EXAMPLE), {**OFFER_POST, **answered})
    applicant = state_of(response)["applicant"]
    assert applicant["offer"]["local_designated_industry"] is False
    assert applicant["offer"]["host_type"] == "venture"
    assert applicant["recommendations"]["kotra"] is False
    assert applicant["recommendations"]["ministry"] is None

    # Going back to the step shows the answers as given, "0" employees included
    response = post(
        client, token(4, EXAMPLE), {**OFFER_POST, **answered, "korean_employees": "0", "foreign_employees": "0"}
    )
    response = post(client, token_in(response), action="back")
    form = response.context["form"]
    assert form["local_designated_industry"].value() == "no"
    assert form["recommended_by_kotra"].value() == "no"
    assert form["recommended_by_ministry"].value() == ""
    assert form["korean_employees"].value() == "0"


@pytest.mark.django_db
def test_the_current_status_of_stay_is_kept_and_shown_in_words(client: Client) -> None:
    response = post(client, token(1), {"nationality": "VN", "current_visa": "D-10-3"})
    assert state_of(response)["applicant"]["person"]["current_visa"] == "D-10-3"

    response = client.get("/ko/pathfinder/")
    page = response.content.decode()
    assert "D-10-3 · 첨단기술인턴" in page
    assert "E-9 · 비전문취업" in page

    response = post(client, token(1), {"current_visa": "Z-1"})
    assert response.context["step_number"] == 1
    assert "current_visa" in response.context["form"].errors


@pytest.mark.django_db
def test_a_degree_still_being_studied_is_assessed_as_in_progress(client: Client) -> None:
    # An MIT master's student in electrical engineering, for an internship at a corporate research institute
    student = {**MIT, "level": "master", "completed": ""}
    offer = {
        **OFFER_POST,
        "host_type": "corporate_research_institute",
        "korean_employees": "200",
        "foreign_employees": "2",
    }
    label = "D-10-3 high-tech internship"
    recent = "Current student, or graduated within the window"

    def criterion_status(response: Any) -> str:
        track = next(track for track in response.context["tracks"] if track["label"] == label)
        return next(row["status"] for row in track["criteria"] if row["label"] == recent)

    # Without saying so, a degree with no completion date cannot be placed in time
    response = post(client, token(2), education_rows(student))
    assert state_of(response)["applicant"]["education"][0]["in_progress"] is False
    unsure = post(client, token(4, state_of(response)["applicant"]), offer)
    assert criterion_status(unsure) == "needs_review"

    # Ticked "still studying", the degree is in progress and the person a current student
    response = post(client, token(2), education_rows({**student, "in_progress": "on"}))
    applicant = state_of(response)["applicant"]
    assert applicant["education"][0]["in_progress"] is True
    assert applicant["education"][0]["completed"] is None
    answer = post(client, token(4, applicant), offer)
    assert criterion_status(answer) == "met"
    assert statuses(answer)[label] == "eligible"


@pytest.mark.django_db
def test_an_internship_is_kept_on_its_position(client: Client) -> None:
    response = post(client, token(3), experience_rows({**SAMSUNG, "internship": "on"}))
    assert state_of(response)["applicant"]["experience"][0]["internship"] is True
    # Adding a row keeps the ticked boxes of both steps' rows
    response = post(client, token(3), experience_rows({**SAMSUNG, "internship": "on"}), action="add")
    assert response.context["formset"].forms[0].initial["internship"] is True
    response = post(client, token(2), education_rows({**MIT, "completed": "", "in_progress": "on"}), action="add")
    assert response.context["formset"].forms[0].initial["in_progress"] is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        pytest.param("/en", "Enter a number of employees in digits, 0 or more, e.g. 25.", id="en"),
        pytest.param("/ko", "직원 수를 0 이상의 숫자로 입력하세요(예: 25).", id="ko"),
    ],
)
def test_invalid_headcounts_are_refused_with_a_translated_message(client: Client, prefix: str, message: str) -> None:
    state = token(4, EXAMPLE)
    for value in ("-1", "many", "2.5"):
        response = client.post(
            f"{prefix}/pathfinder/", {"state": state, "action": "next", **OFFER_POST, "korean_employees": value}
        )
        assert response.context["step_number"] == 4
        assert response.context["form"].errors["korean_employees"] == [message]
        # Nothing changed in the state
        assert state_of(response)["applicant"] == EXAMPLE

    response = client.post(
        f"{prefix}/pathfinder/", {"state": state, "action": "next", **OFFER_POST, "foreign_employees": "10000001"}
    )
    assert "foreign_employees" in response.context["form"].errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        pytest.param(
            "/en",
            "A degree you are still studying for has no completion date: leave the date empty, or untick "
            "“I am still studying for this degree”.",
            id="en",
        ),
        pytest.param(
            "/ko",
            "재학 중인 학위에는 졸업일이 없습니다. 졸업일을 비우거나 ‘이 학위 과정에 재학 중입니다’ 선택을 해제하세요.",
            id="ko",
        ),
    ],
)
def test_still_studying_with_a_completion_date_is_refused_on_the_date(
    client: Client, prefix: str, message: str
) -> None:
    state = token(2, EXAMPLE)
    response = client.post(
        f"{prefix}/pathfinder/", {"state": state, "action": "next", **education_rows({**MIT, "in_progress": "on"})}
    )
    assert response.context["step_number"] == 2
    assert response.context["formset"].forms[0].errors["completed"] == [message]
    assert state_of(response)["applicant"] == EXAMPLE


@pytest.mark.django_db
def test_the_answer_and_the_saved_check_show_the_answers_in_words_in_both_languages(client: Client) -> None:
    applicant = {
        **REGIONAL,
        "education": [{**REGIONAL["education"][0], "completed": None, "in_progress": True}],
        "experience": [
            {
                "organization": "KAIST",
                "kind": "university",
                "field": "robotics",
                "start": "2024-03-01",
                "end": "2024-08-31",
                "internship": True,
            }
        ],
    }
    given = {
        **REGIONAL_OFFER,
        **PLACE_AND_RECOMMENDATION,
        "host_type": "government_research_institute",
        "korean_employees": "40",
        "foreign_employees": "2",
        "recommended_by_kotra": "no",
    }
    english = post(client, token(4, applicant), given)
    answers = {
        (group["title"], row["label"]): row["value"] for group in english.context["answers"] for row in group["rows"]
    }
    assert answers[("About you", "Current status of stay")] == "D-10-1 · Job seeking"
    assert answers[("Degree 1", "I am still studying for this degree")] == "Yes"
    assert answers[("Position 1", "This position is an internship")] == "Yes"
    offer = "Job offer and language"
    assert answers[(offer, "Type of employer")] == "Government research institute"
    assert answers[(offer, "City, county or district of the workplace")] == "Pyeongchang-gun"
    assert answers[(offer, "Number of insured Korean employees")] == "40"
    assert answers[(offer, "Number of foreign employees")] == "2"
    assert answers[(offer, "Is the job in an industry the local government designated for the regional visa?")] == "Yes"
    assert answers[(offer, "Has KOTRA recommended your employment?")] == "No"
    assert answers[(offer, "Has a ministry recommended your employment?")] == "I don't know"
    assert answers[(offer, "Has the local government recommended you?")] == "Yes"
    # An empty choice is named as the step names it, not by the select's "Choose…"
    assert answers[(offer, "Government programme")] == "None"
    page = english.content.decode()
    assert "Your answers" in page
    assert "government_research_institute" not in page.split("Your answers", 1)[1].split('name="state"')[0]

    korean = client.post("/ko/pathfinder/", {"state": token(4, applicant), "action": "next", **given})
    text = korean.content.decode()
    for shown in (
        "입력한 답변",
        "D-10-1 · 구직",
        "정부출연연구기관",
        "Pyeongchang-gun",
        "모름",
        "고용보험 가입 내국인 직원 수",
    ):
        assert shown in text, shown

    # Saved, the check shows the same answers in words, in either language
    profile = TalentProfileFactory()
    client.force_login(profile.user)
    client.post(SAVE_URL, {"state": token_in(english)})
    assessment = Assessment.objects.get()
    saved = client.get(f"/ko/pathfinder/saved/{assessment.pk}/").content.decode()
    for shown in ("입력한 답변", "정부출연연구기관", "지방자치단체", "모름"):
        assert shown in saved, shown
    saved_english = client.get(f"/en/pathfinder/saved/{assessment.pk}/")
    assert ("Has the local government recommended you?", "Yes") in [
        (row["label"], row["value"]) for group in saved_english.context["answers"] for row in group["rows"]
    ]

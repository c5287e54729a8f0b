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
    assert state_of(response)["applicant"]["person"] == {"nationality": "IN", "birth_date": "1987-03-14"}


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
    "education-TOTAL_FORMS",
    "education-0-level",
    "education-0-completed",
    "experience-TOTAL_FORMS",
    "experience-0-start",
    "experience-0-end",
    "experience-0-current",
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

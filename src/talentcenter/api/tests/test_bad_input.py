"""Malformed or hostile input: a 4xx in the error contract, a field named, and no change at all."""

from __future__ import annotations

from typing import Any

import pytest

from talentcenter.api.tests.test_authorization import state
from tests.api import ApiClient, token_for
from tests.factories import EducationFactory, ExperienceFactory, valid_brn

VALID_COMPANY = {
    "business_registration_number": valid_brn(424242),
    "name_en": "Hanbit Robotics",
    "name_ko": "한빛로보틱스",
    "industry": "robotics",
    "size_class": "sme",
    "postal_code": "06164",
    "address": "513 Yeongdong-daero, Gangnam-gu, Seoul",
}


def _broken_brn() -> str:
    number = valid_brn(424242)
    return number[:9] + str((int(number[9]) + 1) % 10)


BAD_INPUT: list[tuple[str, str, str, Any, str]] = [
    # (case, method, path, body, the field named in the answer)
    ("wrong type", "PATCH", "me/profile", {"birth_date": 12.5e300}, "birth_date"),
    ("wrong type for a list", "PATCH", "me/profile", {"desired_industries": "ai"}, "desired_industries"),
    ("overlong string", "PATCH", "me/profile", {"headline": "x" * 161}, "headline"),
    ("invalid date", "PATCH", "me/profile", {"birth_date": "1990-02-30"}, "birth_date"),
    ("date out of range", "PATCH", "me/profile", {"birth_date": "2025-01-01"}, "birth_date"),
    ("script tag", "PATCH", "me/profile", {"headline": "<script>alert(1)</script>"}, "headline"),
    ("digits in a name", "PATCH", "me/profile", {"family_name": "R2D2"}, "family_name"),
    ("unknown field", "PATCH", "me/profile", {"is_superuser": True}, "is_superuser"),
    ("unknown choice", "PATCH", "me/profile", {"visibility": "everyone"}, "visibility"),
    (
        "sharing without consent",
        "PATCH",
        "me/profile",
        {"visibility": "verified_companies", "consent_profile_sharing": False},
        "consent_profile_sharing",
    ),
    (
        "end before start",
        "POST",
        "me/profile/experiences",
        {
            "organization": "Samsung",
            "organization_kind": "company",
            "role": "Engineer",
            "field": "Memory",
            "started_on": "2020-05-01",
            "ended_on": "2019-05-01",
        },
        "ended_on",
    ),
    (
        "end before start on change",
        "PATCH",
        "me/profile/experiences/{experience}",
        {"ended_on": "2000-01-01"},
        "ended_on",
    ),
    (
        "missing field",
        "POST",
        "me/profile/educations",
        {"level": 30, "institution": "KAIST", "country": "KR"},
        "field",
    ),
    ("invalid country", "PATCH", "me/profile/educations/{education}", {"country": "XX"}, "country"),
    ("lower-case country", "PATCH", "me/profile/educations/{education}", {"country": "de"}, "country"),
    ("unknown skill", "POST", "me/profile/skills", {"skill": "juggling", "proficiency": 2}, "skill"),
    (
        "proficiency out of range",
        "POST",
        "me/profile/skills",
        {"skill": "semi.lithography", "proficiency": 9},
        "proficiency",
    ),
    (
        "TOPIK level out of range",
        "POST",
        "me/profile/languages",
        {"language": "ko", "test": "topik", "level": "7"},
        "level",
    ),
    (
        "invalid business number",
        "POST",
        "companies",
        {**VALID_COMPANY, "business_registration_number": _broken_brn()},
        "business_registration_number",
    ),
    (
        "business number of letters",
        "POST",
        "companies",
        {**VALID_COMPANY, "business_registration_number": "abc-de-fghij"},
        "business_registration_number",
    ),
    ("script in a company name", "POST", "companies", {**VALID_COMPANY, "name_en": "<b>Evil</b>"}, "name_en"),
    ("unknown industry", "POST", "companies", {**VALID_COMPANY, "industry": "tobacco"}, "industry"),
    ("unknown company field", "POST", "companies", {**VALID_COMPANY, "status": "verified"}, "status"),
    ("empty token name", "POST", "me/tokens", {"name": ""}, "name"),
    ("overlong token name", "POST", "me/tokens", {"name": "t" * 81}, "name"),
    ("id too large", "DELETE", "me/tokens/99999999999999999999999", None, "token_id"),
    ("negative limit", "GET", "companies?limit=-1", None, "limit"),
    ("huge offset", "GET", "companies?offset=99999999999999999999", None, "offset"),
    ("unknown programme", "POST", "assessments", {"programmes": ["h1b"]}, "programmes.0"),
    ("unknown applicant field", "POST", "assessments", {"person": {"age": 30}}, "person.age"),
    ("date as a number", "POST", "assessments", {"as_of": 20260101}, "as_of"),
    ("number as text", "POST", "assessments", {"offer": {"annual_salary_krw": "1"}}, "offer.annual_salary_krw"),
    ("bad rules date", "GET", "rules?as_of=0", None, "as_of"),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [pytest.param(method, path, body, field, id=case) for case, method, path, body, field in BAD_INPUT],
)
def test_bad_input_is_refused_with_the_contract_and_changes_nothing(
    talent: Any, method: str, path: str, body: Any, field: str
) -> None:
    # Given a talent with an education and an experience
    profile = talent.talent_profile
    ids = {"education": EducationFactory(profile=profile).pk, "experience": ExperienceFactory(profile=profile).pk}
    client = ApiClient(token=token_for(talent))
    before = state()

    # When the input is bad
    response = client.request(method, path.format(**ids), body)

    # Then the answer is a 422 naming the field, and nothing changed
    assert response.status_code == 422, response.content
    answer = response.json()
    assert answer["code"] == "validation_error"
    assert field in answer["fields"], answer
    assert all(isinstance(message, str) and message for message in answer["fields"][field])
    assert state() == before


def test_a_body_that_is_not_json_is_a_400(talent_api: ApiClient) -> None:
    response = talent_api.client.post(
        "/api/v1/me/tokens", data="{not json", content_type="application/json", headers=talent_api.headers
    )

    assert response.status_code == 400
    assert response.json() == {"code": "bad_request", "message": "The request body is not valid JSON.", "fields": {}}


def test_a_valid_company_registration_succeeds(talent_api: ApiClient) -> None:
    # The happy path next to the bad ones: the same body, valid, is accepted
    response = talent_api.post("companies", VALID_COMPANY)

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"


def test_an_unknown_path_is_a_404_in_the_contract(anonymous: ApiClient) -> None:
    response = anonymous.get("no-such-thing")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found.", "fields": {}}


def test_an_unknown_method_is_a_405_in_the_contract(talent_api: ApiClient) -> None:
    response = talent_api.request("PUT", "me", {})

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert sorted(response["Allow"].split(", ")) == ["GET", "PATCH"]


def test_an_unexpected_error_is_a_500_in_the_contract(talent_api: ApiClient, monkeypatch: Any) -> None:
    # Given a selector that fails in a way nobody planned for
    from talentcenter.accounts import selectors

    def explode(**kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "api_tokens_of", explode)

    # Then the caller gets the contract, without the traceback
    response = talent_api.get("me/tokens")

    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "boom" not in response.content.decode()


def test_too_many_requests_is_a_429_in_the_contract(talent_api: ApiClient, settings: Any) -> None:
    settings.TALENTCENTER_API_THROTTLE_RATES = {"signed_in": "2/m", "anonymous": "2/m"}

    statuses = [talent_api.get("me").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    response = talent_api.get("me")
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_messages_follow_accept_language(talent: Any) -> None:
    client = ApiClient(token=token_for(talent), language="ko")

    response = client.patch("me/profile", {"unknown": 1})

    assert response.status_code == 422
    answer = response.json()
    assert answer["message"] != "Please correct the errors below."
    assert any("가" <= char <= "힣" for char in answer["message"])
    assert answer["fields"] == {"unknown": ["허용되지 않는 항목입니다."]}

"""The policy engine's API: public assessments, the rules in force, programmes, and staff's
official assessments (record, read, replay)."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from talentcenter.audit.models import AuditEvent
from talentcenter.policy import selectors
from talentcenter.policy.api import AssessmentOut, RecordedAssessmentOut, ReplayOut, RulesOut
from talentcenter.policy.engine import PROGRAMMES, TRACKS, ApplicantIn, baseline
from talentcenter.policy.enums import AssessmentKind
from talentcenter.policy.models import Assessment
from talentcenter.policy.tests.examples import example_applicant
from tests.api import ApiClient, token_for

pytestmark = pytest.mark.django_db


APPLICANT: dict[str, Any] = example_applicant()


def _nothing_stored() -> tuple[int, int]:
    return Assessment.objects.count(), AuditEvent.objects.count()


# --- POST /assessments --------------------------------------------------------------------------
def test_anyone_may_assess_an_applicant_and_nothing_is_stored(anonymous: ApiClient) -> None:
    # Given the example applicant of the interchange format, and nothing stored
    before = _nothing_stored()

    # When an anonymous caller asks for an assessment as of a date
    response = anonymous.post("assessments", {**APPLICANT, "as_of": "2026-11-23"})

    # Then the answer is the engine's, in the documented shape, and nothing was written
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    answer = response.json()
    AssessmentOut.model_validate(answer)
    assert answer["as_of"] == "2026-11-23"
    assert answer["engine_version"] == "2.0.0"
    assert answer["parameter_set"] == {"id": "baseline", "digest": baseline().digest}
    assert [(item["programme"], item["track"]) for item in answer["results"]] == [
        (track.programme, track.track) for track in TRACKS
    ]
    standard = answer["results"][0]
    assert (standard["programme"], standard["track"], standard["status"]) == ("ktech-pass", "standard", "eligible")
    salary = next(criterion for criterion in standard["criteria"] if criterion["id"] == "salary")
    assert salary["met"] is True
    assert salary["parameter"]["name"] == "ktech_pass.salary_gni_multiple"
    assert salary["parameter"]["source"].startswith("https://")
    assert _nothing_stored() == before


def test_the_answer_is_the_engines_own(anonymous: ApiClient) -> None:
    # Given what the service answers for the applicant
    expected = selectors_free_run(date(2026, 3, 1), ["top-tier-visa"])

    # When the API is asked the same
    response = anonymous.post("assessments", {**APPLICANT, "as_of": "2026-03-01", "programmes": ["top-tier-visa"]})

    # Then the answer is identical, key for key
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(expected))


def selectors_free_run(as_of: date, programmes: list[str] | None) -> dict[str, Any]:
    from talentcenter.policy.services import assessment_run

    return assessment_run(ApplicantIn.model_validate(APPLICANT), as_of=as_of, programmes=programmes, language="en")


def test_programmes_narrow_the_answer(anonymous: ApiClient) -> None:
    response = anonymous.post("assessments", {**APPLICANT, "programmes": ["ktech-pass", "e7-1", "ktech-pass"]})

    assert response.status_code == 200
    assert [(item["programme"], item["track"]) for item in response.json()["results"]] == [
        ("ktech-pass", "standard"),
        ("ktech-pass", "qualitative"),
        ("ktech-pass", "government-programme"),
        ("e7-1", "standard"),
    ]


def test_the_date_defaults_to_today_in_korea(anonymous: ApiClient) -> None:
    response = anonymous.post("assessments", {})

    assert response.status_code == 200
    assert response.json()["as_of"] == timezone.localdate().isoformat()


def test_a_date_before_a_track_starts_says_not_in_force(anonymous: ApiClient) -> None:
    response = anonymous.post("assessments", {**APPLICANT, "as_of": "2024-01-01", "programmes": ["ktech-pass"]})

    assert response.status_code == 200
    assert {item["status"] for item in response.json()["results"]} == {"not_in_force"}


def test_the_answer_follows_accept_language() -> None:
    # Given the Korean and English labels of a parameter
    parameter = baseline()["ktech_pass.salary_gni_multiple"]
    assert parameter.label_ko != parameter.label_en

    def salary_label(language: str) -> str:
        response = ApiClient(language=language).post("assessments", {**APPLICANT, "programmes": ["ktech-pass"]})
        assert response.status_code == 200
        assert response.json()["language"] == language
        criteria = response.json()["results"][0]["criteria"]
        return next(item for item in criteria if item["id"] == "salary")["parameter"]["label"]

    # Then each language gets its own
    assert salary_label("ko") == parameter.label_ko
    assert salary_label("en") == parameter.label_en


def test_a_signed_in_caller_may_assess_too(talent_api: ApiClient) -> None:
    response = talent_api.post("assessments", APPLICANT)

    assert response.status_code == 200
    assert Assessment.objects.count() == 0


def test_an_anonymous_assessment_needs_no_query_once_the_catalogue_is_known(
    anonymous: ApiClient, settings: Any
) -> None:
    # Given no rate limit (its counts live in the cache, which is the database here), and a
    # catalogue version checked a moment ago
    settings.TALENTCENTER_API_THROTTLE_RATES = {}
    settings.TESTING = False  # as in production: the version is trusted for a few seconds
    anonymous.post("assessments", APPLICANT)
    selectors._checked_version = (selectors.time.monotonic(), selectors.catalogue_version())

    # When an anonymous caller asks again, outside a transaction as in production
    with CaptureQueriesContext(connection) as queries, _outside_the_test_transaction():
        response = anonymous.post("assessments", {**APPLICANT, "as_of": "2026-01-02"})

    # Then neither the catalogue nor the editions in force need the database
    assert response.status_code == 200
    assert [query["sql"] for query in queries.captured_queries] == []


class _outside_the_test_transaction:  # noqa: N801 - used as a context manager
    """pytest-django wraps each test in a transaction; pretend, for reads, that there is none."""

    def __enter__(self) -> None:
        self.saved = connection.in_atomic_block
        connection.in_atomic_block = False

    def __exit__(self, *exc: object) -> None:
        connection.in_atomic_block = self.saved


def test_the_catalogue_version_is_read_in_one_query() -> None:
    with CaptureQueriesContext(connection) as queries:
        selectors.catalogue_version()

    assert len(queries.captured_queries) == 1


def test_a_new_edition_changes_the_catalogue_version() -> None:
    from talentcenter.reference.enums import ListKind
    from talentcenter.reference.models import ListEdition

    before = selectors.catalogue_version()
    ListEdition.objects.create(kind=ListKind.QS_WORLD, edition="2099", entries_expected=1)

    assert selectors.catalogue_version() != before


# --- Bad input ------------------------------------------------------------------------------------
BAD_BODIES: list[tuple[str, Any, str]] = [
    ("unknown field", {**APPLICANT, "salary": 1}, "salary"),
    ("unknown nested field", {"person": {"age": 30}}, "person.age"),
    ("unknown programme", {"programmes": ["h1b"]}, "programmes.0"),
    ("programmes not a list", {"programmes": "ktech-pass"}, "programmes"),
    ("invalid date", {"as_of": "2026-02-30"}, "as_of"),
    ("date out of range", {"as_of": "0001-01-01"}, "as_of"),
    ("date as a number", {"person": {"birth_date": 0}}, "person.birth_date"),
    ("date as digits", {"person": {"birth_date": "0"}}, "person.birth_date"),
    ("date with a time", {"as_of": "2026-01-01T00:00:00"}, "as_of"),
    ("number as text", {"languages": [{"language": "ko", "level": "3"}]}, "languages.0.level"),
    ("number as a boolean", {"offer": {"annual_salary_krw": True}}, "offer.annual_salary_krw"),
    ("fractional whole number", {"offer": {"annual_salary_krw": 1.5}}, "offer.annual_salary_krw"),
    ("boolean as text", {"experience": [{"start": "2020-01-01", "postdoctoral": "yes"}]}, "experience.0.postdoctoral"),
    ("unknown degree level", {"education": [{"level": "phd"}]}, "education.0.level"),
    ("unknown country", {"person": {"nationality": "XX"}}, "person.nationality"),
    ("unknown industry", {"offer": {"industry": "tobacco"}}, "offer.industry"),
    ("end before start", {"experience": [{"start": "2020-01-01", "end": "2019-01-01"}]}, "experience.0.end"),
    ("salary out of range", {"offer": {"annual_salary_krw": -1}}, "offer.annual_salary_krw"),
    (
        "degree completed the day after as_of",
        {
            "as_of": "2026-11-23",
            "education": [
                {"level": "master", "completed": "2014-05-31"},
                {"level": "doctorate", "completed": "2026-11-24"},
            ],
        },
        "education.1.completed",
    ),
    ("born the day after as_of", {"as_of": "2026-11-23", "person": {"birth_date": "2026-11-24"}}, "person.birth_date"),
    (
        "degree completed after today, no as_of",
        {"education": [{"level": "master", "completed": "2100-12-31"}]},
        "education.0.completed",
    ),
    (
        "score out of range",
        {"qualitative_scores": {"technical_expertise": 101}},
        "qualitative_scores.technical_expertise",
    ),
    ("a list, not an object", [APPLICANT], "__all__"),
    ("null", None, "__all__"),
]


@pytest.mark.parametrize(("body", "field"), [pytest.param(body, field, id=case) for case, body, field in BAD_BODIES])
def test_a_malformed_body_is_a_422_naming_the_field(anonymous: ApiClient, body: Any, field: str) -> None:
    before = _nothing_stored()

    response = anonymous.request("POST", "assessments", body) if body is not None else _post_raw(anonymous, "null")

    assert response.status_code == 422, response.content
    answer = response.json()
    assert answer["code"] == "validation_error"
    assert field in answer["fields"], answer
    assert all(isinstance(message, str) and message for message in answer["fields"][field])
    assert _nothing_stored() == before


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"education": [{"level": "master", "completed": "2026-11-23"}]}, id="completed on as_of"),
        pytest.param({"person": {"birth_date": "2026-11-23"}}, id="born on as_of"),
        pytest.param({"experience": [{"start": "2026-11-24"}]}, id="a job starting after as_of counts nothing"),
    ],
)
def test_facts_dated_on_the_as_of_date_are_accepted(anonymous: ApiClient, body: dict[str, Any]) -> None:
    response = anonymous.post("assessments", {**body, "as_of": "2026-11-23", "programmes": ["ktech-pass"]})

    assert response.status_code == 200, response.content


def test_a_degree_completed_after_as_of_is_refused_in_the_callers_language() -> None:
    body = {"as_of": "2026-11-23", "education": [{"level": "master", "completed": "2026-11-24"}]}

    english = ApiClient().post("assessments", body).json()["fields"]["education.0.completed"]
    korean = ApiClient(language="ko").post("assessments", body).json()["fields"]["education.0.completed"]

    assert english == [
        "The completion date 2026-11-24 is after the date assessed (2026-11-23); "
        "leave it empty for a degree not yet completed."
    ]
    assert korean != english and "2026-11-24" in korean[0]


def test_an_official_assessment_refuses_a_degree_completed_after_as_of(staff: Any) -> None:
    client = ApiClient(token=token_for(staff))
    before = _nothing_stored()
    body = {"as_of": "2026-11-23", "education": [{"level": "master", "completed": "2026-11-24"}]}

    response = client.post("staff/assessments", body)

    assert response.status_code == 422
    assert "education.0.completed" in response.json()["fields"]
    assert _nothing_stored() == before


def _post_raw(client: ApiClient, data: str) -> Any:
    return client.client.post("/api/v1/assessments", data=data, content_type="application/json", headers=client.headers)


def test_a_body_that_is_not_json_is_a_400(anonymous: ApiClient) -> None:
    response = _post_raw(anonymous, '{"person": ')

    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_an_empty_body_is_a_422(anonymous: ApiClient) -> None:
    response = _post_raw(anonymous, "")

    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_errors_follow_accept_language() -> None:
    response = ApiClient(language="ko").post("assessments", {"salary": 1})

    assert response.status_code == 422
    assert response.json()["fields"] == {"salary": ["허용되지 않는 항목입니다."]}


def test_anonymous_callers_are_held_to_the_anonymous_rate(anonymous: ApiClient, settings: Any) -> None:
    settings.TALENTCENTER_API_THROTTLE_RATES = {"anonymous": "2/m", "signed_in": ""}

    statuses = [anonymous.post("assessments", {}).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert anonymous.post("assessments", {}).json()["code"] == "throttled"


def test_signed_in_callers_are_held_to_their_own_rate(talent: Any, settings: Any) -> None:
    # Given an anonymous rate that is already used up, and a signed-in rate of 3
    settings.TALENTCENTER_API_THROTTLE_RATES = {"anonymous": "1/m", "signed_in": "3/m"}
    ApiClient().post("assessments", {})
    client = ApiClient(token=token_for(talent))

    statuses = [client.post("assessments", {}).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


# --- OpenAPI ----------------------------------------------------------------------------------------
def test_the_operations_are_documented_with_their_schemas(anonymous: ApiClient) -> None:
    document = anonymous.get("openapi.json").json()
    schemas = document["components"]["schemas"]

    assess = document["paths"]["/api/v1/assessments"]["post"]
    assert set(assess["responses"]) == {"200", "400", "401", "403", "404", "409", "422", "429"}
    assert assess["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/AssessmentOut"
    }
    assert {"BearerTokenAuth": []} in assess["security"] and {} in assess["security"]
    assert set(schemas["AssessmentOut"]["required"]) >= {"as_of", "engine_version", "parameter_set", "results"}
    result = schemas["TrackResultOut"]
    assert set(result["required"]) >= {"programme", "track", "status", "points", "max_points", "criteria", "hints"}
    body = schemas["AssessmentIn"]
    assert body["additionalProperties"] is False
    assert body["properties"]["programmes"]["items"]["enum"] == list(PROGRAMMES)
    assert document["paths"]["/api/v1/rules"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/RulesOut"
    }
    staff = document["paths"]["/api/v1/staff/assessments"]["post"]
    assert "201" in staff["responses"]
    assert staff["tags"] == ["staff"]


# --- GET /rules and /programmes ---------------------------------------------------------------------
def test_the_rules_list_every_track_with_the_values_in_force(anonymous: ApiClient) -> None:
    response = anonymous.get("rules?as_of=2026-01-01")

    assert response.status_code == 200
    answer = response.json()
    RulesOut.model_validate(answer)
    assert answer["as_of"] == "2026-01-01"
    tracks = {
        (programme["programme"], track["track"]): track
        for programme in answer["programmes"]
        for track in programme["tracks"]
    }
    assert set(tracks) == {(track.programme, track.track) for track in TRACKS}
    standard = tracks[("ktech-pass", "standard")]
    assert standard["in_force"] is True
    multiple = next(item for item in standard["parameters"] if item["name"] == "ktech_pass.salary_gni_multiple")
    expected = baseline()["ktech_pass.salary_gni_multiple"].at(date(2026, 1, 1))
    assert expected is not None
    assert multiple["value"] == expected.value
    assert multiple["effective_from"] == expected.effective_from.isoformat()
    assert multiple["source"] == expected.source
    assert multiple["label"] == baseline()["ktech_pass.salary_gni_multiple"].label_en


def test_the_rules_include_tracks_not_yet_in_force(anonymous: ApiClient) -> None:
    response = anonymous.get("rules?as_of=2024-01-01")

    assert response.status_code == 200
    tracks = [track for programme in response.json()["programmes"] for track in programme["tracks"]]
    assert len(tracks) == len(TRACKS)
    assert any(track["in_force"] is False for track in tracks)


def test_the_rules_default_to_today(anonymous: ApiClient) -> None:
    response = anonymous.get("rules")

    assert response.status_code == 200
    assert response.json()["as_of"] == timezone.localdate().isoformat()


@pytest.mark.parametrize("value", ["0", "2026-02-30", "20260101", "0001-01-01", "tomorrow"])
def test_a_bad_rules_date_is_a_422_naming_it(anonymous: ApiClient, value: str) -> None:
    response = anonymous.get(f"rules?as_of={value}")

    assert response.status_code == 422
    assert "as_of" in response.json()["fields"]


def test_the_programmes_list_every_programme_and_track(anonymous: ApiClient) -> None:
    response = anonymous.get("programmes")

    assert response.status_code == 200
    answer = response.json()
    assert [item["programme"] for item in answer] == list(PROGRAMMES)
    assert sum(len(item["tracks"]) for item in answer) == len(TRACKS)
    assert all(track["label"] for item in answer for track in item["tracks"])


# --- Staff: official assessments --------------------------------------------------------------------
def test_staff_record_an_official_assessment_of_a_talent(staff: Any, talent: Any) -> None:
    # Given staff with a token and a talent's profile
    client = ApiClient(token=token_for(staff))
    profile = talent.talent_profile

    # When staff record an official assessment
    response = client.post(
        "staff/assessments",
        {**APPLICANT, "as_of": "2026-11-23", "programmes": ["ktech-pass"], "talent_profile_id": profile.pk},
    )

    # Then it is stored with engine version, parameter snapshot and trace, and audited
    assert response.status_code == 201, response.content
    answer = response.json()
    RecordedAssessmentOut.model_validate(answer)
    assessment = Assessment.objects.get(pk=answer["id"])
    assert assessment.kind == AssessmentKind.OFFICIAL
    assert assessment.subject == profile
    assert assessment.created_by == staff
    assert assessment.as_of == date(2026, 11, 23)
    assert assessment.programmes == ["ktech-pass"]
    assert assessment.applicant == ApplicantIn.model_validate(APPLICANT).model_dump(mode="json")
    assert assessment.parameter_snapshot.digest == baseline().digest
    assert answer["parameter_set"] == {"id": "baseline", "digest": baseline().digest}
    assert answer["summary"] == {
        "ktech-pass/standard": "eligible",
        "ktech-pass/qualitative": assessment.summary["ktech-pass/qualitative"],
        "ktech-pass/government-programme": assessment.summary["ktech-pass/government-programme"],
    }
    assert answer["result"]["results"][0]["criteria"]
    event = AuditEvent.objects.get(action="policy.assessment_recorded")
    assert event.actor_id == staff.pk


def test_staff_read_and_replay_a_recorded_assessment(staff: Any) -> None:
    # Given an official assessment recorded through the API
    client = ApiClient(token=token_for(staff))
    created = client.post("staff/assessments", {**APPLICANT, "as_of": "2026-06-30"}).json()

    # When staff read it
    read = client.get(f"staff/assessments/{created['id']}")

    # Then they get the stored record
    assert read.status_code == 200
    record = read.json()
    RecordedAssessmentOut.model_validate(record)
    assert record == created
    assert record["engine_version"] == "2.0.0"
    assert record["talent_profile_id"] is None

    # And replaying it gives the same results, and stores nothing
    before = _nothing_stored()
    replay = client.post(f"staff/assessments/{created['id']}/replay")
    assert replay.status_code == 200
    answer = replay.json()
    ReplayOut.model_validate(answer)
    assert answer["identical"] is True
    assert answer["result"]["results"] == created["result"]["results"]
    assert _nothing_stored() == before


def test_a_replay_that_differs_says_so(staff: Any) -> None:
    # Given a recorded assessment whose stored result no longer matches what the engine says
    client = ApiClient(token=token_for(staff))
    created = client.post("staff/assessments", {**APPLICANT, "programmes": ["e7-1"]}).json()
    assessment = Assessment.objects.get(pk=created["id"])
    tampered = copy.deepcopy(assessment.result)
    tampered["results"][0]["status"] = "not_eligible" if tampered["results"][0]["status"] == "eligible" else "eligible"
    Assessment.objects.filter(pk=assessment.pk).update(result=tampered)

    # When it is replayed
    response = client.post(f"staff/assessments/{created['id']}/replay")

    # Then the answer says the results are not identical
    assert response.status_code == 200
    assert response.json()["identical"] is False


def test_an_unknown_talent_is_a_422_and_nothing_is_stored(staff: Any) -> None:
    client = ApiClient(token=token_for(staff))
    before = _nothing_stored()

    response = client.post("staff/assessments", {"talent_profile_id": 999999})

    assert response.status_code == 422
    assert "talent_profile_id" in response.json()["fields"]
    assert _nothing_stored() == before


def test_a_malformed_official_assessment_is_a_422_and_nothing_is_stored(staff: Any) -> None:
    client = ApiClient(token=token_for(staff))
    before = _nothing_stored()

    response = client.post("staff/assessments", {"talent_profile_id": "1"})

    assert response.status_code == 422
    assert "talent_profile_id" in response.json()["fields"]
    assert _nothing_stored() == before


def test_an_unknown_assessment_is_a_404(staff_api: ApiClient) -> None:
    assert staff_api.get("staff/assessments/999999").status_code == 404
    assert staff_api.post("staff/assessments/999999/replay").status_code == 404


def test_a_staff_session_with_a_second_factor_may_record(staff_session_with_mfa: ApiClient) -> None:
    response = staff_session_with_mfa.post("staff/assessments", APPLICANT)

    assert response.status_code == 201


def test_a_replay_the_rules_can_no_longer_run_is_a_409(staff: Any) -> None:
    # Given an assessment recorded under a parameter set that lacks a parameter today's rules read
    # (the rules gained a parameter after it was recorded)
    from talentcenter.policy.engine.parameters import ParameterSet
    from talentcenter.policy.services import parameter_snapshot_for

    client = ApiClient(token=token_for(staff))
    created = client.post("staff/assessments", {**APPLICANT, "programmes": ["ktech-pass"]}).json()
    parameters = dict(baseline().parameters)
    del parameters["ktech_pass.salary_gni_multiple"]
    older = parameter_snapshot_for(ParameterSet(id="baseline", parameters=parameters))
    Assessment.objects.filter(pk=created["id"]).update(parameter_snapshot=older)

    # When it is replayed
    response = client.post(f"staff/assessments/{created['id']}/replay")

    # Then the answer says why it cannot be, in the error contract
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert "ktech_pass.salary_gni_multiple" in response.json()["message"]

"""The cases API: who may call what (the authorization matrix), a KOTRA recommendation from the
company's first call to the used letter, conflicts, upload refusals, the staff queue, and
(schemathesis over these operations: test_api_fuzz.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from talentcenter.accounts.enums import Role
from talentcenter.audit.models import AuditEvent
from talentcenter.cases import services
from talentcenter.cases.enums import CaseType
from talentcenter.cases.models import Case, CaseDocument, CaseRecord, EvaluatorAssignment, InformationRequest
from talentcenter.documents.models import IssuedDocument
from tests.api import ApiClient, token_for
from tests.cases import CasePeople, pdf_bytes, start, walk
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ACTORS = (
    "anonymous",
    "talent",
    "other_talent",
    "company_member",
    "other_company_member",
    "reviewer",
    "second_staff",
    "lead",
    "evaluator",
    "other_evaluator",
)
NOT_A_PARTY = dict.fromkeys(("other_talent", "other_company_member", "reviewer", "second_staff", "lead"), 404) | {
    "evaluator": 404,
    "other_evaluator": 404,
    "anonymous": 401,
}
NOT_STAFF = dict.fromkeys(
    ("talent", "other_talent", "company_member", "other_company_member", "evaluator", "other_evaluator"), 403
) | {"anonymous": 401}
NOT_THE_EVALUATOR = dict.fromkeys(ACTORS[1:8], 404) | {"anonymous": 401, "other_evaluator": 404}


@dataclass
class World:
    people: CasePeople
    users: dict[str, Any]
    clients: dict[str, ApiClient]
    case: Case

    def call(self, actor: str, method: str, path: str, body: Any = None) -> Any:
        return self.clients[actor].request(method, path.format(**self.ids()), body)

    def ids(self) -> dict[str, Any]:
        self.case.refresh_from_db()
        record = self.case.records.order_by("pk").first()
        assignment = self.case.evaluations.filter(evaluator=self.people.evaluators[0]).first()
        return {
            "case": self.case.pk,
            "record": record.pk if record else 0,
            "assignment": assignment.pk if assignment else 0,
            "second_staff": self.users["second_staff"].pk,
            "evaluator": self.users["evaluator"].pk,
            "talent_email": self.people.talent.email,
        }


@pytest.fixture(autouse=True)
def _no_throttling(settings: Any) -> None:
    settings.TALENTCENTER_API_THROTTLE_RATES = {}


def make_world(case_type: str = CaseType.KTECH_PASS) -> World:
    people = CasePeople.create()
    other_talent = walk_free_talent()
    other_company_member = other_member()
    users = {
        "talent": people.talent,
        "other_talent": other_talent,
        "company_member": people.company_member,
        "other_company_member": other_company_member,
        "reviewer": people.reviewer,
        "second_staff": people.validator,
        "lead": people.lead,
        "evaluator": people.evaluators[0],
        "other_evaluator": UserFactory(roles=[Role.EXTERNAL_EVALUATOR]),
    }
    clients = {"anonymous": ApiClient(), **{name: ApiClient(token=token_for(user)) for name, user in users.items()}}
    return World(people=people, users=users, clients=clients, case=start(people, case_type))


def walk_free_talent() -> Any:
    from tests.factories import TalentProfileFactory

    return TalentProfileFactory().user


def other_member() -> Any:
    from tests.factories import MembershipFactory

    return MembershipFactory().user


def state() -> tuple[Any, ...]:
    """Everything a call could change, to compare before and after a refusal."""
    return (
        AuditEvent.objects.count(),
        list(Case.objects.order_by("pk").values()),
        list(CaseDocument.objects.order_by("pk").values("pk", "version")),
        list(CaseRecord.objects.order_by("pk").values()),
        list(InformationRequest.objects.order_by("pk").values()),
        list(EvaluatorAssignment.objects.order_by("pk").values()),
        IssuedDocument.objects.count(),
    )


# --- Preparing the case for an endpoint ------------------------------------------------------
def draft(world: World) -> None:
    """As started by the company: the talent has not consented yet."""


def ready_draft(world: World) -> None:
    walk(world.case, world.people, "draft")


def at(status: str, *, with_request: bool = False) -> Callable[[World], None]:
    def prepare(world: World) -> None:
        walk(world.case, world.people, status, with_request=with_request)

    return prepare


def request_answered_by_upload(world: World) -> None:
    walk(world.case, world.people, "information_requested")
    services.case_document_upload(
        actor=world.people.talent, case=world.case, requirement="passport", name="passport.pdf", data=pdf_bytes()
    )


def validated(world: World) -> None:
    case = walk(world.case, world.people, "in_validation")
    for record in case.records.all():
        services.record_validate(actor=world.people.validator, record=record, verified=True)


def evaluators_assigned(world: World) -> None:
    validated(world)
    for evaluator in world.people.evaluators:
        services.evaluator_assign(actor=world.people.reviewer, case=world.case, evaluator=evaluator)


def kotra(prepare: Callable[[World], None]) -> Callable[[World], None]:
    prepare.kotra = True  # type: ignore[attr-defined]
    return prepare


def expect(**statuses: int) -> dict[str, int]:
    assert set(statuses) == set(ACTORS), set(ACTORS) ^ set(statuses)
    return statuses


PARTIES_READ = expect(**NOT_A_PARTY, talent=200, company_member=200)
STAFF_READ = expect(**NOT_STAFF, reviewer=200, second_staff=200, lead=200)
START_BODY = {"case_type": "kotra_recommendation", "talent_email": "{talent_email}", "job_title": "Process engineer"}

# (name, prepare, method, path, body, expected status per actor). Refusals run first; the callers
# who may act run last in the order of ACTORS, so a second caller after a transition gets 409.
MATRIX: list[tuple[str, Callable[[World], None], str, str, Any, dict[str, int]]] = [
    ("list my cases", draft, "GET", "cases", None, expect(**dict.fromkeys(ACTORS[1:], 200), anonymous=401)),
    (
        "start a case",
        draft,
        "POST",
        "cases",
        START_BODY,
        # Members of verified companies may ask for a named talent; the talent names no company here.
        expect(
            **NOT_STAFF | {"evaluator": 403, "other_evaluator": 403},
            reviewer=403,
            second_staff=403,
            lead=403,
        )
        | {"company_member": 201, "other_company_member": 201},
    ),
    ("read a case", draft, "GET", "cases/{case}", None, PARTIES_READ),
    (
        "change the offer",
        draft,
        "PATCH",
        "cases/{case}",
        {"job_title": "Lead process engineer"},
        expect(**NOT_A_PARTY, talent=403, company_member=200),
    ),
    ("consent", draft, "POST", "cases/{case}/consent", None, expect(**NOT_A_PARTY, talent=200, company_member=403)),
    (
        "confirm the offer",
        draft,
        "POST",
        "cases/{case}/confirm-offer",
        None,
        expect(**NOT_A_PARTY, talent=403, company_member=200),
    ),
    ("check eligibility", draft, "POST", "cases/{case}/eligibility", None, PARTIES_READ),
    ("submit", ready_draft, "POST", "cases/{case}/submit", None, expect(**NOT_A_PARTY, talent=200, company_member=409)),
    (
        "answer a request",
        request_answered_by_upload,
        "POST",
        "cases/{case}/answer",
        {"note": "A clearer scan."},
        expect(**NOT_A_PARTY, talent=200, company_member=409),
    ),
    (
        "withdraw",
        at("submitted"),
        "POST",
        "cases/{case}/withdraw",
        {"reason": "The offer fell through."},
        expect(**NOT_A_PARTY, talent=200, company_member=409),
    ),
    ("download the issued document", at("issued"), "GET", "cases/{case}/document", None, PARTIES_READ),
    (
        "record the E-7 application",
        kotra(at("issued")),
        "POST",
        "cases/{case}/record-use",
        {"filed_on": "{today}", "application_number": "E7-2026-1"},
        expect(**NOT_A_PARTY, talent=403, company_member=200),
    ),
    ("queue", draft, "GET", "staff/cases", None, STAFF_READ),
    ("read a case (staff)", draft, "GET", "staff/cases/{case}", None, STAFF_READ),
    (
        "assign",
        at("submitted"),
        "POST",
        "staff/cases/assign",
        {"case_ids": ["{case}"], "reviewer_id": "{second_staff}"},
        STAFF_READ,
    ),
    (
        "start review",
        at("submitted"),
        "POST",
        "staff/cases/{case}/transitions/start_review",
        None,
        expect(**NOT_STAFF, reviewer=200, second_staff=409, lead=409),
    ),
    (
        "request information",
        at("in_review"),
        "POST",
        "staff/cases/{case}/requests",
        {"items": [{"requirement": "passport", "instruction": "A clearer scan, please."}]},
        expect(**NOT_STAFF, reviewer=201, second_staff=409, lead=409),
    ),
    (
        "send to validation",
        at("in_review"),
        "POST",
        "staff/cases/{case}/transitions/start_validation",
        {},
        expect(**NOT_STAFF, reviewer=200, second_staff=409, lead=409),
    ),
    (
        "validate a record",
        at("in_validation"),
        "POST",
        "staff/cases/{case}/records/{record}",
        {"verified": True},
        expect(**NOT_STAFF, reviewer=403, second_staff=200, lead=200),  # four eyes
    ),
    (
        "assign an evaluator",
        at("in_validation"),
        "POST",
        "staff/cases/{case}/evaluators",
        {"evaluator_id": "{evaluator}"},
        expect(**NOT_STAFF, reviewer=201, second_staff=201, lead=201),
    ),
    (
        "approve",
        validated,
        "POST",
        "staff/cases/{case}/transitions/approve",
        {"reason": "Meets every criterion."},
        expect(**NOT_STAFF, reviewer=200, second_staff=409, lead=409),
    ),
    (
        "reject",
        at("in_review"),
        "POST",
        "staff/cases/{case}/transitions/reject",
        {"reason": "The diploma cannot be verified."},
        expect(**NOT_STAFF, reviewer=200, second_staff=409, lead=409),
    ),
    (
        "reopen",
        at("approved"),
        "POST",
        "staff/cases/{case}/transitions/reopen",
        {"reason": "The employer withdrew the offer."},
        expect(**NOT_STAFF, reviewer=403, second_staff=403, lead=200),  # leads only
    ),
    (
        "list my evaluations",
        evaluators_assigned,
        "GET",
        "evaluations",
        None,
        expect(**dict.fromkeys(ACTORS[1:8], 403), anonymous=401, evaluator=200, other_evaluator=200),
    ),
    (
        "read an evaluation",
        evaluators_assigned,
        "GET",
        "evaluations/{assignment}",
        None,
        expect(**NOT_THE_EVALUATOR, evaluator=200),
    ),
    (
        "declare a conflict",
        evaluators_assigned,
        "POST",
        "evaluations/{assignment}/declaration",
        {"conflict": False},
        expect(**NOT_THE_EVALUATOR, evaluator=200),
    ),
    (
        "score",
        at("in_evaluation"),
        "POST",
        "evaluations/{assignment}/scores",
        {"technical_expertise": 16, "strategic_value": 11.5, "recommends": True},
        expect(**NOT_THE_EVALUATOR, evaluator=200),
    ),
]


def _filled(body: Any, ids: dict[str, Any]) -> Any:
    if isinstance(body, dict):
        return {key: _filled(value, ids) for key, value in body.items()}
    if isinstance(body, list):
        return [_filled(value, ids) for value in body]
    if isinstance(body, str) and body.startswith("{") and body.endswith("}"):
        return ids[body[1:-1]]
    return body


@pytest.mark.parametrize(
    ("prepare", "method", "path", "body", "expected"),
    [pytest.param(*row[1:], id=row[0]) for row in MATRIX],
)
def test_authorization_matrix(
    prepare: Callable[[World], None], method: str, path: str, body: Any, expected: dict[str, int]
) -> None:
    # Given the case in the status the endpoint acts on
    world = make_world(CaseType.KOTRA_RECOMMENDATION if getattr(prepare, "kotra", False) else CaseType.KTECH_PASS)
    prepare(world)
    refusals = [actor for actor in ACTORS if expected[actor] >= 400 and expected[actor] != 409]
    callers = [actor for actor in ACTORS if actor not in refusals]

    for actor in refusals + callers:
        ids = {**world.ids(), "today": datetime.date.today().isoformat()}
        if world.case.issued_document_id:
            ids["today"] = world.case.issued_document.issued_on.isoformat()  # type: ignore[union-attr]
        before = state()

        # When the actor calls the endpoint
        response = world.clients[actor].request(method, path.format(**ids), _filled(body, ids))

        # Then the status is exactly the expected one
        assert response.status_code == expected[actor], (actor, response.content)
        if response.status_code >= 400:
            # and a refusal follows the contract, changes nothing and writes no audit event
            assert set(response.json()) == {"code", "message", "fields"}
            assert state() == before, actor


# --- Conflicts, refusals and what the answers say ----------------------------------------------
def test_a_repeated_transition_answers_409_conflict_and_changes_nothing() -> None:
    # Given a submitted case that the reviewer has just taken into review
    world = make_world()
    walk(world.case, world.people, "submitted")
    first = world.call("reviewer", "POST", "staff/cases/{case}/transitions/start_review")
    assert first.status_code == 200
    assert first.json()["status"] == "in_review"
    before = state()

    # When the same transition is asked for again
    second = world.call("second_staff", "POST", "staff/cases/{case}/transitions/start_review")

    # Then it is a conflict with a message to reload, and nothing changes
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "conflict"
    assert body["message"] == (
        "This is now “Document review”, so it cannot be done any more. Reload the page to see its current state."
    )
    assert state() == before


def test_an_unknown_transition_name_is_422_and_a_rejection_needs_a_reason() -> None:
    world = make_world()
    walk(world.case, world.people, "in_review")
    before = state()

    unknown = world.call("reviewer", "POST", "staff/cases/{case}/transitions/issue", {})
    no_reason = world.call("reviewer", "POST", "staff/cases/{case}/transitions/reject", {})
    extra_field = world.call("reviewer", "POST", "staff/cases/{case}/transitions/reject", {"reason": "x", "why": 1})

    assert unknown.status_code == 422
    assert set(unknown.json()["fields"]) == {"name"}
    assert no_reason.status_code == 422
    assert no_reason.json()["fields"] == {"reason": ["Give the reasons for the rejection."]}
    assert extra_field.status_code == 422
    assert set(extra_field.json()["fields"]) == {"why"}
    assert state() == before


def upload(client: ApiClient, case_id: int, requirement: str, name: str, data: bytes) -> Any:
    return client.client.post(
        f"/api/v1/cases/{case_id}/documents",
        data={"requirement": requirement, "file": SimpleUploadedFile(name, data)},
        headers=client.headers,
    )


def test_an_upload_refused_by_its_content_is_422_with_the_reason_and_stores_nothing() -> None:
    # Given a draft and a file that claims to be a PDF but is an executable
    world = make_world()
    before = state()

    # When the talent uploads it
    response = upload(world.clients["talent"], world.case.pk, "passport", "passport.pdf", b"MZ\x90\x00" + b"\x00" * 200)

    # Then it is refused with the reason, for the file field, and nothing is stored
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["fields"] == {"file": [body["message"]]}
    assert body["message"] == (
        "The file is a Windows program, not a PDF document or a JPEG or PNG image. "
        "Please upload a PDF document or a JPEG or PNG image."
    )
    assert state() == before


def test_an_upload_for_a_document_not_on_the_checklist_or_without_a_file_is_422() -> None:
    world = make_world()
    before = state()

    unknown = upload(world.clients["talent"], world.case.pk, "tax-return", "tax.pdf", pdf_bytes())
    no_file = world.clients["talent"].client.post(
        f"/api/v1/cases/{world.case.pk}/documents",
        data={"requirement": "passport"},
        headers=world.clients["talent"].headers,
    )

    assert unknown.status_code == 422
    assert unknown.json()["fields"] == {"requirement": ["This document is not on the checklist of this application."]}
    assert no_file.status_code == 422
    assert set(no_file.json()["fields"]) == {"file"}
    assert state() == before


def test_submitting_an_unready_draft_lists_what_is_missing() -> None:
    world = make_world()

    response = world.call("company_member", "POST", "cases/{case}/submit")

    assert response.status_code == 422
    messages = response.json()["fields"]["__all__"]
    assert "The talent has not agreed to the application yet." not in messages  # accepting was agreeing
    assert "Missing document: Passport (photo page)." in messages
    world.case.refresh_from_db()
    assert world.case.status == "draft"


def test_the_party_view_has_no_file_links_and_lists_the_actions_of_the_caller() -> None:
    world = make_world()
    walk(world.case, world.people, "draft")

    talent_view = world.call("talent", "GET", "cases/{case}").json()
    company_view = world.call("company_member", "GET", "cases/{case}").json()

    assert talent_view["actions"] == ["update", "check_eligibility", "upload", "submit", "withdraw"]
    assert company_view["actions"] == ["update", "check_eligibility", "upload", "submit", "withdraw"]  # confirmed
    passport = next(line for line in talent_view["checklist"] if line["requirement"] == "passport")
    assert passport["versions"] == 1
    assert set(passport["latest"]) == {"version", "original_name", "content_type", "size", "pages", "uploaded_at"}
    assert "url" not in str(talent_view["checklist"]).lower()


def test_a_talent_starts_a_ktech_pass_application_with_the_company() -> None:
    world = make_world()

    response = world.call(
        "other_talent", "POST", "cases", {"case_type": "ktech_pass", "company_id": world.people.company.pk}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft"
    assert body["started_by_party"] == "talent"
    assert body["track"] == "standard"
    assert body["actions"] == ["update", "check_eligibility", "upload", "submit", "withdraw"]


# --- Staff queue --------------------------------------------------------------------------------
def test_the_queue_filters_by_reviewer_and_pause_and_orders_by_due_date() -> None:
    # Given a case in review by the reviewer and another waiting for the applicant
    world = make_world()
    in_review = walk(world.case, world.people, "in_review")
    other = start(world.people, CaseType.KOTRA_RECOMMENDATION)
    waiting = walk(other, world.people, "information_requested")
    services.case_assign(actor=world.people.lead, cases=[waiting], reviewer=world.people.validator)

    mine = world.call("reviewer", "GET", "staff/cases?reviewer=me").json()
    paused = world.call("reviewer", "GET", "staff/cases?paused=true").json()
    kotra_only = world.call("reviewer", "GET", "staff/cases?case_type=kotra_recommendation").json()
    everything = world.call("reviewer", "GET", "staff/cases").json()
    unknown_status = world.call("reviewer", "GET", "staff/cases?status=lost")

    assert [item["id"] for item in mine["items"]] == [in_review.pk]
    assert [item["id"] for item in paused["items"]] == [waiting.pk]
    assert paused["items"][0]["paused"] is True
    assert [item["id"] for item in kotra_only["items"]] == [waiting.pk]
    assert everything["count"] == 2
    assert [item["id"] for item in everything["items"]] == [in_review.pk, waiting.pk]  # by due date, then id
    assert unknown_status.status_code == 422


def test_the_queue_shows_overdue_cases() -> None:
    world = make_world()
    case = walk(world.case, world.people, "in_review")
    Case.objects.filter(pk=case.pk).update(due_on=datetime.date(2020, 1, 2))

    overdue = world.call("reviewer", "GET", "staff/cases?overdue=true").json()
    detail = world.call("reviewer", "GET", "staff/cases/{case}").json()

    assert [item["id"] for item in overdue["items"]] == [case.pk]
    assert detail["due_on"] == "2020-01-02"
    assert "start_validation" in detail["actions"]


def test_bulk_assignment_is_all_or_nothing() -> None:
    # Given a submitted case and a draft
    world = make_world()
    submitted = walk(world.case, world.people, "submitted")
    draft_case = start(world.people, CaseType.KOTRA_RECOMMENDATION)
    before = state()

    refused = world.call(
        "lead",
        "POST",
        "staff/cases/assign",
        {"case_ids": [submitted.pk, draft_case.pk], "reviewer_id": world.people.reviewer.pk},
    )
    not_staff = world.call(
        "lead", "POST", "staff/cases/assign", {"case_ids": [submitted.pk], "reviewer_id": world.people.talent.pk}
    )

    assert refused.status_code == 409
    assert not_staff.status_code == 422
    assert not_staff.json()["fields"] == {"reviewer_id": ["Only center staff can review applications."]}
    assert state() == before


# --- The whole way through the API ------------------------------------------------------------
def test_a_kotra_recommendation_through_the_api_from_the_first_call_to_the_used_letter() -> None:
    people = CasePeople.create()
    second_staff = people.validator
    api = {
        name: ApiClient(token=token_for(user))
        for name, user in {
            "talent": people.talent,
            "company": people.company_member,
            "reviewer": people.reviewer,
            "validator": second_staff,
        }.items()
    }
    evaluators = [ApiClient(token=token_for(user)) for user in people.evaluators]

    # The company asks for a recommendation for the talent
    started = api["company"].post(
        "cases",
        {
            "case_type": "kotra_recommendation",
            "talent_email": people.talent.email,
            "job_title": "Principal process engineer",
            "occupation_code": "2211",
            "annual_salary_krw": 160_000_000,
            "start_date": "2027-03-02",
            "technology_field": "digital_electronics",
        },
    )
    assert started.status_code == 201, started.content
    case_id = started.json()["id"]
    assert started.json()["reference"].startswith("KRA-")
    assert started.json()["status_label"] == "Invitation sent"

    # The talent accepts, both upload their documents, the talent checks eligibility and submits
    accepted = api["talent"].post(f"cases/{case_id}/accept")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "draft"
    for line in api["talent"].get(f"cases/{case_id}").json()["checklist"]:
        uploader = api["company"] if line["party"] == "company" else api["talent"]
        response = upload(uploader, case_id, line["requirement"], f"{line['requirement']}.pdf", pdf_bytes())
        assert response.status_code == 201, response.content
        assert response.json()["latest"]["version"] == 1
    eligibility = api["talent"].post(f"cases/{case_id}/eligibility").json()["eligibility"]
    assert eligibility["status"] != "not_eligible"
    submitted = api["talent"].post(f"cases/{case_id}/submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["clock"]["state"] in {"running", "due_soon"}

    # The reviewer takes it and asks for a clearer passport scan; the clock stops
    assert api["reviewer"].post(f"staff/cases/{case_id}/transitions/start_review").status_code == 200
    requested = api["reviewer"].post(
        f"staff/cases/{case_id}/requests",
        {"items": [{"requirement": "passport", "instruction": "A clearer scan of the photo page."}], "message": "Hi"},
    )
    assert requested.status_code == 201, requested.content
    party_view = api["talent"].get(f"cases/{case_id}").json()
    assert party_view["status"] == "information_requested"
    assert party_view["open_request"]["items"] == [
        {"requirement": "passport", "instruction": "A clearer scan of the photo page."}
    ]
    assert party_view["clock"]["state"] == "paused"

    # The talent uploads a new version and answers
    assert upload(api["talent"], case_id, "passport", "passport-v2.pdf", pdf_bytes("Passport")).status_code == 201
    answered = api["talent"].post(f"cases/{case_id}/answer", {"note": "A clearer scan."})
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "in_review"

    # Validation by a second member of staff, then three evaluators
    assert api["reviewer"].post(f"staff/cases/{case_id}/transitions/start_validation").status_code == 200
    records = api["reviewer"].get(f"staff/cases/{case_id}").json()["records"]
    for record in records:
        response = api["validator"].post(f"staff/cases/{case_id}/records/{record['id']}", {"verified": True})
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "verified"
    for evaluator in people.evaluators:
        response = api["reviewer"].post(f"staff/cases/{case_id}/evaluators", {"evaluator_id": evaluator.pk})
        assert response.status_code == 201, response.content
    assert api["reviewer"].post(f"staff/cases/{case_id}/transitions/start_evaluation").status_code == 200
    for client in evaluators:
        listed = client.get("evaluations").json()
        assert listed["count"] == 1
        assignment = listed["items"][0]
        assert assignment["file"] is None  # not before the declaration
        declared = client.post(f"evaluations/{assignment['id']}/declaration", {"conflict": False})
        assert declared.status_code == 200
        assert declared.json()["file"]["records"]
        scored = client.post(
            f"evaluations/{assignment['id']}/scores",
            {"technical_expertise": 16, "strategic_value": 11, "recommends": True, "comment": "Strong."},
        )
        assert scored.status_code == 200, scored.content
        assert scored.json()["submitted_at"] is not None

    # The reviewer approves; the worker issues the letter
    approved = api["reviewer"].post(f"staff/cases/{case_id}/transitions/approve", {"reason": "Meets every criterion."})
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    assert [evaluation["total"] for evaluation in approved.json()["evaluations"]] == [27.0, 27.0, 27.0]
    services.case_issue(case_id=case_id)

    # The parties see the letter and download it; the company records its use
    view = api["company"].get(f"cases/{case_id}").json()
    assert view["status"] == "issued"
    assert view["status_label"] == "Letter issued"
    assert view["decision"]["decision"] == "approve"
    assert view["document"]["serial"].startswith("KRL-")
    assert view["document"]["verification_url"].endswith(f"/verify/{view['document']['serial']}/")
    download = api["talent"].get(f"cases/{case_id}/document")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    used = api["company"].post(
        f"cases/{case_id}/record-use", {"filed_on": view["document"]["issued_on"], "application_number": "E7-1"}
    )
    assert used.status_code == 200, used.content
    assert used.json()["status"] == "used"
    assert used.json()["e7_application_number"] == "E7-1"


# --- The published document ---------------------------------------------------------------------
PUBLISHED_OPERATION_IDS = {
    f"talentcenter_cases_api_{name}"
    for name in (
        "case_accept",
        "case_answer",
        "case_confirm_offer",
        "case_consent",
        "case_decline",
        "case_document_download",
        "case_document_upload",
        "case_eligibility",
        "case_list",
        "case_read",
        "case_record_use",
        "case_start",
        "case_submit",
        "case_update",
        "case_withdraw",
        "evaluation_declare",
        "evaluation_list",
        "evaluation_read",
        "evaluation_score",
        "staff_case_assign",
        "staff_case_list",
        "staff_case_read",
        "staff_case_request",
        "staff_case_transition",
        "staff_evaluator_assign",
        "staff_record_validate",
    )
}


def test_the_cases_operations_keep_the_ids_they_were_published_with() -> None:
    # The routers live in a package now; clients generated from the document name these ids.
    document = Client().get("/api/v1/openapi.json").json()

    ids = {
        operation["operationId"]
        for path, operations in document["paths"].items()
        if path.startswith(("/api/v1/cases", "/api/v1/staff/cases", "/api/v1/evaluations"))
        for operation in operations.values()
    }

    assert ids == PUBLISHED_OPERATION_IDS

"""The external evaluator's organisation, which the automatic conflict check compares: stated by the
evaluator on their evaluations page or over the API, corrected by staff in the back office, audited,
refused when it is not plain text of at most 300 characters, and used by the next assignment."""

from __future__ import annotations

import html
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from talentcenter.accounts.enums import Role
from talentcenter.audit.models import AuditEvent
from talentcenter.cases import services
from talentcenter.cases.enums import CaseType
from talentcenter.cases.models import EvaluatorAssignment
from talentcenter.privacy.selectors import personal_data_export
from tests.api import ApiClient, token_for
from tests.cases import CasePeople, start, walk
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "talent", "company_member", "evaluator", "staff"]


def person(who: str) -> Any:
    return {
        "anonymous": lambda: None,
        "talent": lambda: UserFactory(roles=[Role.TALENT]),
        "company_member": lambda: MembershipFactory().user,
        "evaluator": lambda: UserFactory(roles=[Role.EXTERNAL_EVALUATOR]),
        "staff": lambda: UserFactory(roles=[Role.STAFF_REVIEWER]),
    }[who]()


def client_of(user: Any) -> Client:
    return Client() if user is None else staff_client_with_second_factor(user)


def changes_of(user: Any) -> list[tuple[Any, Any]]:
    """Every audited change of ``user``'s organisation: (actor id, [old, new])."""
    return [
        (event.actor_id, event.changes["organisation"])
        for event in AuditEvent.objects.filter(action="account.organisation_changed", subject_id=str(user.pk)).order_by(
            "pk"
        )
    ]


def organisation_of(user: Any) -> str:
    user.refresh_from_db(fields=["organisation"])
    return str(user.organisation)


# --- Who may set it ------------------------------------------------------------------------------

# What each caller gets: (evaluator's page POST, staff page GET, staff page POST, API PATCH /me).
EXPECTED = {
    "anonymous": (302, 302, 302, 401),
    "talent": (404, 404, 404, 403),
    "company_member": (404, 404, 404, 403),
    "evaluator": (302, 404, 404, 200),
    "staff": (404, 200, 302, 403),
}


@pytest.mark.parametrize("who", ROLES)
def test_only_the_evaluator_and_staff_set_an_evaluators_organisation(who: str) -> None:
    # Given an evaluator without an organisation, and the caller
    evaluator = UserFactory(roles=[Role.EXTERNAL_EVALUATOR])
    caller = evaluator if who == "evaluator" else person(who)
    client = client_of(caller)
    api = ApiClient(token=token_for(caller)) if caller is not None else ApiClient()
    staff_page = reverse("cases_backoffice:evaluator_organisation", args=[evaluator.pk])

    # When the caller uses each way in: the evaluator's page, the staff page, the API
    own = client.post(reverse("evaluations:organisation"), {"organisation": "Hanyang University"})
    staff_get = client.get(staff_page)
    staff_post = client.post(staff_page, {"organisation": "KAIST"})
    patched = api.patch("me", {"organisation": "Korea University"})

    # Then only the evaluator (own page, API) and staff (their page) get through, each audited
    # with its actor; anyone else changes nothing and writes no audit row
    codes = (own.status_code, staff_get.status_code, staff_post.status_code, patched.status_code)
    assert codes == EXPECTED[who]
    if who == "anonymous":
        assert all("/accounts/login/" in response["Location"] for response in (own, staff_get, staff_post))
    final = {"evaluator": "Korea University", "staff": "KAIST"}.get(who, "")
    assert organisation_of(evaluator) == final
    if who == "evaluator":
        assert own["Location"] == reverse("evaluations:list")
        assert patched.json()["organisation"] == "Korea University"
        assert changes_of(evaluator) == [
            (evaluator.pk, ["", "Hanyang University"]),
            (evaluator.pk, ["Hanyang University", "Korea University"]),
        ]
    elif who == "staff":
        assert staff_post["Location"] == reverse("cases_backoffice:evaluators")
        assert changes_of(evaluator) == [(caller.pk, ["", "KAIST"])]
    else:
        assert changes_of(evaluator) == []
    if who in ("talent", "company_member", "staff"):
        assert patched.json()["code"] == "permission_denied"
        assert organisation_of(caller) == "" and changes_of(caller) == []


def test_staff_reach_only_external_evaluators() -> None:
    # Given staff and a talent (not an evaluator)
    staff = staff_client_with_second_factor(UserFactory(roles=[Role.STAFF_REVIEWER]))
    talent = UserFactory(roles=[Role.TALENT])

    # When staff open or post the talent's organisation page
    page = staff.get(reverse("cases_backoffice:evaluator_organisation", args=[talent.pk]))
    posted = staff.post(reverse("cases_backoffice:evaluator_organisation", args=[talent.pk]), {"organisation": "X"})

    # Then it does not exist for them, and nothing changed
    assert (page.status_code, posted.status_code) == (404, 404)
    assert organisation_of(talent) == "" and changes_of(talent) == []


# --- What may be stored --------------------------------------------------------------------------

BAD = {
    "too_long": ("A" * 301, "300"),
    # The API refuses a NUL anywhere in a body before it reads the fields (``foundation.api.errors``).
    "nul": ("Seoul\x00National", "null 문자는 사용할 수 없습니다."),
    "control": ("Seoul\x07National", "제어 문자를 지우세요."),
    "markup": ("<b>KAIST</b>", "< 와 > 문자를 지우세요."),
}


@pytest.mark.parametrize("way", ["evaluator_page", "staff_page", "api"])
@pytest.mark.parametrize("bad", sorted(BAD))
def test_bad_input_is_refused_with_a_translated_error_and_changes_nothing(way: str, bad: str) -> None:
    # Given an evaluator whose organisation is stated, and a value that is not plain text of 300 characters
    evaluator = UserFactory(roles=[Role.EXTERNAL_EVALUATOR], organisation="KAIST")
    value, message = BAD[bad]
    if bad == "nul" and way == "api":
        message = "제어 문자를 지우세요."

    # When it is sent, in Korean, by the evaluator or by staff
    if way == "api":
        response = ApiClient(token=token_for(evaluator), language="ko").patch("me", {"organisation": value})
        shown = " ".join(" ".join(errors) for errors in response.json().get("fields", {}).values())
    else:
        with translation.override("ko"):
            if way == "evaluator_page":
                client, url = staff_client_with_second_factor(evaluator), reverse("evaluations:organisation")
            else:
                client = staff_client_with_second_factor(UserFactory(roles=[Role.STAFF_REVIEWER]))
                url = reverse("cases_backoffice:evaluator_organisation", args=[evaluator.pk])
        assert url.startswith("/ko/")
        response = client.post(url, {"organisation": value})
        shown = html.unescape(response.content.decode())

    # Then it is refused with the error in Korean, and nothing changed
    assert response.status_code == (422 if way == "api" else 400)
    assert message in shown, shown[:2000]
    if bad == "too_long" and way != "api":
        assert "최대 300" in shown
    assert organisation_of(evaluator) == "KAIST" and changes_of(evaluator) == []


def test_the_service_refuses_what_no_form_stopped_and_normalises_the_list() -> None:
    # Given an evaluator
    evaluator = UserFactory(roles=[Role.EXTERNAL_EVALUATOR])
    from talentcenter.accounts.services import user_set_organisation

    # When the service is given direction controls, a list too long once joined, no name at all, or a list
    for value in ("KAIST\u202e", "B" * 150 + " ; " + "C" * 150, " ; \n "):
        with pytest.raises(ValidationError) as error:
            user_set_organisation(user=evaluator, organisation=value, actor=evaluator)
        assert list(error.value.error_dict) == ["organisation"]
    user_set_organisation(
        user=evaluator, organisation="  Hanyang   University；KAIST\nLG Electronics; ", actor=evaluator
    )

    # Then the refused ones changed nothing, and the list is stored one way
    assert organisation_of(evaluator) == "Hanyang University; KAIST; LG Electronics"
    assert changes_of(evaluator) == [(evaluator.pk, ["", "Hanyang University; KAIST; LG Electronics"])]


# --- The page, and what the check does with it ---------------------------------------------------


def test_the_evaluations_page_asks_for_the_organisation_until_it_is_given() -> None:
    # Given an evaluator without an organisation
    evaluator = UserFactory(roles=[Role.EXTERNAL_EVALUATOR])
    client = staff_client_with_second_factor(evaluator)

    # When they open their evaluations page, fill in the organisation and open it again
    with translation.override("ko"):
        url = reverse("evaluations:list")
    before = client.get(url).content.decode()
    client.post(reverse("evaluations:organisation"), {"organisation": "서울대학교"})
    after = client.get(url).content.decode()

    # Then the notice (in Korean) is gone and the organisation shows, and their data export holds it
    assert 'id="organisation-missing"' in before and "소속 기관을 입력해 주세요" in before
    assert 'id="organisation-missing"' not in after and "서울대학교" in after
    evaluator.refresh_from_db()
    assert personal_data_export(user=evaluator)["account"]["organisation"] == "서울대학교"


def test_a_saved_organisation_makes_the_next_assignment_find_the_conflict() -> None:
    # Given a case whose applicant works at Samsung Electronics, one evaluator already assigned and
    # one not, neither with an organisation
    people = CasePeople.create(evaluators=2)
    case = walk(start(people, CaseType.KTECH_PASS), people, "in_validation")
    assigned, next_one = people.evaluators
    services.evaluator_assign(actor=people.reviewer, case=case, evaluator=assigned)
    staff = staff_client_with_second_factor(people.reviewer)

    # When the first states Samsung on their page and staff correct the second's organisation
    staff_client_with_second_factor(assigned).post(
        reverse("evaluations:organisation"), {"organisation": "Samsung Electronics Co., Ltd."}
    )
    case_page = reverse("cases_backoffice:detail", args=[case.pk])
    corrected = staff.post(
        reverse("cases_backoffice:evaluator_organisation", args=[next_one.pk]),
        {"organisation": "KAIST; Samsung Research America", "next": case_page},
    )
    again = staff.post(
        reverse("cases_backoffice:evaluator_organisation", args=[next_one.pk]),
        {"organisation": "KAIST; SAMSUNG ELECTRONICS", "next": "https://elsewhere.example/"},
    )
    page = staff.get(case_page).content.decode()

    # Then staff went back where they came from (never off the site), the next assignment finds the
    # tie and is refused without a reason, and the case page shows the tie found since the first
    # evaluator was assigned
    assert corrected["Location"] == case_page and again["Location"] == reverse("cases_backoffice:evaluators")
    next_one.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.evaluator_assign(actor=people.reviewer, case=case, evaluator=next_one)
    assert list(error.value.error_dict) == ["conflict_override_reason"]
    assert "SAMSUNG ELECTRONICS is the applicant's employer (Samsung Electronics)" in error.value.messages[0]
    assert not EvaluatorAssignment.objects.filter(case=case, evaluator=next_one).exists()
    assert "data-found-since" in page
    assert f'{reverse("cases_backoffice:evaluator_organisation", args=[assigned.pk])}?next={case_page}"' in page
    assert "Samsung Electronics Co., Ltd. is the applicant&#x27;s employer (Samsung Electronics)" in page
    assert changes_of(next_one) == [
        (people.reviewer.pk, ["", "KAIST; Samsung Research America"]),
        (people.reviewer.pk, ["KAIST; Samsung Research America", "KAIST; SAMSUNG ELECTRONICS"]),
    ]


# The session, the user, their groups, the evaluators in one query, the unread notices in the header.
QUERIES = 5


def test_the_evaluator_list_reads_a_fixed_number_of_queries(django_assert_num_queries: Any) -> None:
    # Given staff and evaluators, one without an organisation
    staff = staff_client_with_second_factor(UserFactory(roles=[Role.STAFF_REVIEWER]))
    UserFactory(roles=[Role.EXTERNAL_EVALUATOR], organisation="KAIST")
    UserFactory(roles=[Role.EXTERNAL_EVALUATOR])
    url = reverse("cases_backoffice:evaluators")
    staff.get(url)

    # When staff open the list with two evaluators, then with five
    with django_assert_num_queries(QUERIES) as few:
        first = staff.get(url)
    for _number in range(3):
        UserFactory(roles=[Role.EXTERNAL_EVALUATOR], organisation="LG Electronics")
    with django_assert_num_queries(QUERIES):
        second = staff.get(url)

    # Then both read the same number of queries, and the one without an organisation is pointed out
    assert first.status_code == second.status_code == 200 and len(few.captured_queries) == QUERIES
    assert 'id="organisations-missing"' in second.content.decode()

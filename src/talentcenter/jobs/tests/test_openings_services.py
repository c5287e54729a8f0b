"""The opening services: validation, transitions (every refused one), audit, search text and the
matching index row kept in step, and the daily automatic closing."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from talentcenter.audit.models import AuditEvent
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.jobs.enums import CloseReason, OpeningStatus
from talentcenter.jobs.models import Opening
from talentcenter.jobs.services import openings as services
from talentcenter.jobs.tests.test_openings_support import OTHER_SKILL, SKILL, draft, people, published, today
from talentcenter.matching.index import shared_openings
from talentcenter.matching.models import OpeningVector
from talentcenter.organizations.enums import CompanyStatus

pytestmark = pytest.mark.django_db


def actions(opening: Opening) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_type="jobs.opening", subject_id=str(opening.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def open_in_index(opening: Opening) -> bool:
    return opening.pk in shared_openings().records


def problems(call: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.message_dict


# --- Creating ---------------------------------------------------------------------------------
def test_a_member_of_a_verified_company_creates_a_draft_with_skills_languages_and_search_text():
    given = people()

    opening = draft(given.member, given.company)

    assert opening.status == OpeningStatus.DRAFT
    assert opening.occupation is not None and opening.occupation.code == "2211"
    assert sorted(opening.skills.values_list("skill__code", "weight", "required")) == [
        (SKILL, 5, True),
        (OTHER_SKILL, 2, False),
    ]
    assert sorted(opening.languages.values_list("language", "minimum_level", "required")) == [
        ("en", 4, True),
        ("ko", 2, False),
    ]
    text = Opening.objects.get(pk=opening.pk).search_text
    for part in (
        "machine learning engineer",
        "머신러닝 엔지니어",
        given.company.name_en.lower(),
        "lithography",
        "기계학습",
    ):
        assert part in text
    assert text == text.lower()
    assert actions(opening) == ["jobs.opening_create"]
    vector = OpeningVector.objects.get(opening_id=opening.pk)
    assert vector.open is False
    assert [SKILL, 5, True] in vector.payload["skills"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title_en": "", "title_ko": ""}, "title_ko"),
        ({"salary_min_krw": 90_000_000, "salary_max_krw": 60_000_000}, "salary_max_krw"),
        ({"salary_min_krw": 9_999_999}, "salary_min_krw"),
        ({"salary_max_krw": 2_000_000_001}, "salary_max_krw"),
        ({"closing_date": datetime.date(2020, 1, 1)}, "closing_date"),
        ({"start_date": datetime.date(2020, 1, 1)}, "start_date"),
        ({"start_date": datetime.date.today() + datetime.timedelta(days=5)}, "start_date"),
        ({"start_date": datetime.date.today() + datetime.timedelta(days=365 * 4)}, "start_date"),
        ({"skills": []}, "skills"),
        ({"skills": [(f"x{index}", 3, True) for index in range(21)]}, "skills"),
        ({"skills": [("no.such_skill", 3, True)]}, "skills"),
        ({"skills": [(SKILL, 0, True)]}, "skills"),
        ({"skills": [(SKILL, 6, True)]}, "skills"),
        ({"skills": [(SKILL, 3, True), (SKILL, 2, False)]}, "skills"),
        ({"languages": [("xx", 3, True)]}, "languages"),
        ({"languages": [("en", 7, True)]}, "languages"),
        ({"languages": [("en", 0, True)]}, "languages"),
        ({"languages": [("en", 3, True), ("en", 4, False)]}, "languages"),
        ({"occupation": "9999"}, "occupation"),
        ({"industry": "farming"}, "industry"),
        ({"region": ""}, "region"),
        ({"sponsorship": "always"}, "sponsorship"),
        ({"min_years": 41}, "min_years"),
        ({"min_education_level": 35}, "min_education_level"),
        ({"title_en": "x" * 161}, "title_en"),
    ],
)
def test_invalid_values_are_refused_by_field_and_nothing_is_created(overrides: dict[str, Any], field: str):
    given = people()

    found = problems(lambda: draft(given.member, given.company, **overrides))

    assert field in found and all(found[field])
    assert not Opening.objects.exists()


@pytest.mark.parametrize("who", ["talent", "other_member", "unverified_member", "staff"])
def test_only_members_of_the_verified_company_create_openings(who: str):
    given = people()

    with pytest.raises(PermissionDenied):
        draft(getattr(given, who), given.company)

    assert not Opening.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="jobs.").exists()


# --- Publishing and the index -----------------------------------------------------------------
def test_publishing_puts_the_opening_on_the_board_and_in_the_matching_index():
    given = people()
    opening = draft(given.member, given.company)

    services.opening_publish(actor=given.member, opening=opening)

    opening.refresh_from_db()
    assert opening.status == OpeningStatus.PUBLISHED and opening.published_at is not None
    assert actions(opening) == ["jobs.opening_create", "jobs.opening_publish"]
    assert OpeningVector.objects.get(opening_id=opening.pk).open is True
    assert open_in_index(opening)


def test_unpublishing_takes_it_out_of_the_index_and_publishing_again_keeps_the_first_date():
    given = people()
    opening = published(given.member, given.company)
    first = Opening.objects.get(pk=opening.pk).published_at

    services.opening_unpublish(actor=given.member, opening=opening)
    assert not open_in_index(opening)
    assert OpeningVector.objects.get(opening_id=opening.pk).open is False

    services.opening_publish(actor=given.member, opening=opening)
    assert open_in_index(opening)
    assert Opening.objects.get(pk=opening.pk).published_at == first


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description_en": "", "description_ko": ""}, "description_ko"),
        ({"industry": ""}, "industry"),
        ({"skills": [(SKILL, 3, False)]}, "skills"),
    ],
)
def test_publishing_needs_a_description_an_industry_and_a_required_skill(overrides: dict[str, Any], field: str):
    given = people()
    opening = draft(given.member, given.company, **overrides)

    found = problems(lambda: services.opening_publish(actor=given.member, opening=opening))

    assert field in found
    assert Opening.objects.get(pk=opening.pk).status == OpeningStatus.DRAFT
    assert not open_in_index(opening)


def test_publishing_refuses_a_closing_date_that_has_passed():
    given = people()
    opening = draft(given.member, given.company)
    Opening.objects.filter(pk=opening.pk).update(closing_date=today() - datetime.timedelta(days=1))

    found = problems(lambda: services.opening_publish(actor=given.member, opening=opening))

    assert "closing_date" in found


def test_a_company_that_lost_its_verification_cannot_publish():
    given = people()
    opening = draft(given.member, given.company)
    type(given.company).objects.filter(pk=given.company.pk).update(status=CompanyStatus.PENDING)

    with pytest.raises(PermissionDenied):
        services.opening_publish(actor=given.member, opening=opening)
    assert Opening.objects.get(pk=opening.pk).status == OpeningStatus.DRAFT


REFUSED = [
    (OpeningStatus.PUBLISHED, "publish"),
    (OpeningStatus.DRAFT, "unpublish"),
    (OpeningStatus.UNPUBLISHED, "unpublish"),
    (OpeningStatus.CLOSED, "publish"),
    (OpeningStatus.CLOSED, "unpublish"),
    (OpeningStatus.CLOSED, "close"),
]


def _bring_to(status: str, given: Any) -> Opening:
    opening = draft(given.member, given.company)
    if status in (OpeningStatus.PUBLISHED, OpeningStatus.UNPUBLISHED):
        services.opening_publish(actor=given.member, opening=opening)
    if status == OpeningStatus.UNPUBLISHED:
        services.opening_unpublish(actor=given.member, opening=opening)
    if status == OpeningStatus.CLOSED:
        services.opening_close(actor=given.member, opening=opening, reason=CloseReason.CANCELLED)
    return Opening.objects.get(pk=opening.pk)


@pytest.mark.parametrize(("status", "transition"), REFUSED)
def test_every_transition_the_map_does_not_allow_is_refused_with_a_conflict(status: str, transition: str):
    given = people()
    opening = _bring_to(status, given)
    before = actions(opening)
    call = {
        "publish": lambda: services.opening_publish(actor=given.member, opening=opening),
        "unpublish": lambda: services.opening_unpublish(actor=given.member, opening=opening),
        "close": lambda: services.opening_close(actor=given.member, opening=opening, reason=CloseReason.FILLED),
    }[transition]

    with pytest.raises(TransitionNotAllowed) as raised:
        call()

    assert raised.value.code == "conflict"
    assert Opening.objects.get(pk=opening.pk).status == status
    assert actions(opening) == before


@pytest.mark.parametrize("status", [OpeningStatus.DRAFT, OpeningStatus.PUBLISHED, OpeningStatus.UNPUBLISHED])
def test_closing_records_the_reason_and_leaves_the_index(status: str):
    given = people()
    opening = _bring_to(status, given)

    services.opening_close(actor=given.member, opening=opening, reason=CloseReason.FILLED)

    opening.refresh_from_db()
    assert opening.status == OpeningStatus.CLOSED and opening.close_reason == CloseReason.FILLED
    assert opening.closed_at is not None
    assert actions(opening)[-1] == "jobs.opening_close"
    assert not open_in_index(opening)


def test_closing_needs_a_known_reason():
    given = people()
    opening = draft(given.member, given.company)

    assert "reason" in problems(lambda: services.opening_close(actor=given.member, opening=opening, reason="bored"))
    assert Opening.objects.get(pk=opening.pk).status == OpeningStatus.DRAFT


@pytest.mark.parametrize("verb", ["publish", "unpublish", "close", "update"])
@pytest.mark.parametrize("who", ["talent", "other_member", "unverified_member", "staff"])
def test_outsiders_change_nothing(verb: str, who: str):
    given = people()
    opening = published(given.member, given.company)
    before = (Opening.objects.get(pk=opening.pk).status, actions(opening))
    actor = getattr(given, who)
    call = {
        "publish": lambda: services.opening_publish(actor=actor, opening=opening),
        "unpublish": lambda: services.opening_unpublish(actor=actor, opening=opening),
        "close": lambda: services.opening_close(actor=actor, opening=opening, reason=CloseReason.FILLED),
        "update": lambda: services.opening_update(actor=actor, opening=opening, title_en="Hacked"),
    }[verb]

    with pytest.raises(PermissionDenied):
        call()

    assert (Opening.objects.get(pk=opening.pk).status, actions(opening)) == before
    assert Opening.objects.get(pk=opening.pk).title_en == "Machine learning engineer"


# --- Editing ----------------------------------------------------------------------------------
def test_editing_a_published_opening_is_allowed_audited_and_reindexed():
    given = people()
    opening = published(given.member, given.company)

    services.opening_update(
        actor=given.member,
        opening=opening,
        title_en="Senior ML engineer",
        salary_max_krw=110_000_000,
        skills=[(SKILL, 5, True), ("ai.deep_learning", 3, True)],
    )

    opening.refresh_from_db()
    assert opening.status == OpeningStatus.PUBLISHED
    event = AuditEvent.objects.filter(action="jobs.opening_update", subject_id=str(opening.pk)).get()
    assert event.changes["title_en"] == ["Machine learning engineer", "Senior ML engineer"]
    assert event.changes["salary_max_krw"] == [90_000_000, 110_000_000]
    assert "skills" in event.changes
    assert "senior ml engineer" in opening.search_text and "딥러닝" in opening.search_text
    payload = OpeningVector.objects.get(opening_id=opening.pk).payload
    assert payload["salary_max_krw"] == 110_000_000
    assert ["ai.deep_learning", 3, True] in payload["skills"]
    assert open_in_index(opening)


def test_a_published_opening_cannot_lose_what_publishing_needs():
    given = people()
    opening = published(given.member, given.company)

    found = problems(lambda: services.opening_update(actor=given.member, opening=opening, skills=[(SKILL, 3, False)]))

    assert "skills" in found
    assert opening.skills.filter(required=True).exists()


def test_a_closed_opening_cannot_be_edited():
    given = people()
    opening = _bring_to(OpeningStatus.CLOSED, given)

    with pytest.raises(TransitionNotAllowed):
        services.opening_update(actor=given.member, opening=opening, title_en="Again")


def test_an_unchanged_save_writes_no_event():
    given = people()
    opening = draft(given.member, given.company)

    services.opening_update(actor=given.member, opening=opening, title_en="Machine learning engineer")

    assert actions(opening) == ["jobs.opening_create"]


# --- The daily closing ------------------------------------------------------------------------
def test_openings_past_their_closing_date_are_closed_once():
    given = people()
    due_published = published(given.member, given.company)
    due_unpublished = _bring_to(OpeningStatus.UNPUBLISHED, given)
    due_draft = draft(given.member, given.company)
    not_due = published(given.member, given.company)
    no_date = published(given.member, given.company, closing_date=None)
    yesterday = today() - datetime.timedelta(days=1)
    Opening.objects.filter(pk__in=[due_published.pk, due_unpublished.pk, due_draft.pk]).update(closing_date=yesterday)

    assert services.openings_close_due(today=today()) == 2
    assert services.openings_close_due(today=today()) == 0

    statuses = dict(Opening.objects.values_list("pk", "status"))
    assert statuses[due_published.pk] == statuses[due_unpublished.pk] == OpeningStatus.CLOSED
    assert statuses[due_draft.pk] == OpeningStatus.DRAFT
    assert statuses[not_due.pk] == statuses[no_date.pk] == OpeningStatus.PUBLISHED
    closed = Opening.objects.get(pk=due_published.pk)
    assert closed.close_reason == CloseReason.DEADLINE
    event = AuditEvent.objects.get(action="jobs.opening_close", subject_id=str(closed.pk))
    assert event.actor is None and event.actor_label == "system"
    assert not open_in_index(closed) and open_in_index(not_due)


def test_the_management_command_closes_due_openings():
    given = people()
    opening = published(given.member, given.company)
    Opening.objects.filter(pk=opening.pk).update(closing_date=today() - datetime.timedelta(days=3))
    output = StringIO()

    call_command("jobs_close_due", stdout=output)

    assert "Closed 1 opening" in output.getvalue()
    assert Opening.objects.get(pk=opening.pk).status == OpeningStatus.CLOSED

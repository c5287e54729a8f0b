"""The staff case queue costs the same number of queries for every filter, search and page (issue 14).

A new N+1 in any variant (a per-row query for the talent, the company, the reviewer or the access
log) fails here: each variant lists at least two cases where it can, on a page of three.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from talentcenter.accounts.enums import Role
from talentcenter.cases import backoffice, queues
from talentcenter.cases.clock import ClockState
from talentcenter.cases.enums import CaseType, KTechTrack, Party
from talentcenter.cases.models import Case
from tests.factories import CompanyFactory, TalentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

# session, user, roles, reviewers (filter form), count, the page with its talents, companies and
# reviewers joined in, the access log (one INSERT ... SELECT), the four tab counts (one statement),
# unread notices in the header.
QUEUE_QUERIES = 9
# An empty result has no page to read and nobody to log.
EMPTY_QUEUE_QUERIES = 7
PAGE_SIZE = 3


def _seed(reviewer: Any) -> dict[str, Any]:
    """Fourteen cases: two talents, two companies, two reviewers, every clock state, decided and
    withdrawn ones. Written as rows (no services): only the queue's columns matter here."""
    other_reviewer = UserFactory(roles=[Role.STAFF_REVIEWER])
    garcia = TalentProfileFactory(given_name="Maria", family_name="Garcia", name_hangul="마리아 가르시아")
    watanabe = TalentProfileFactory(given_name="Kenji", family_name="Watanabe", nationality="JP")
    companies = [CompanyFactory(), CompanyFactory()]
    today = queues.seoul_today()
    overdue, running = today - datetime.timedelta(days=10), today + datetime.timedelta(days=30)
    now = timezone.now()
    ktp, kra = CaseType.KTECH_PASS, CaseType.KOTRA_RECOMMENDATION
    plan = [
        # (case type, status, due on, reviewer, talent)
        (ktp, "in_review", today, reviewer, garcia),
        (kra, "submitted", today, None, watanabe),
        (ktp, "in_review", overdue, reviewer, garcia),
        (kra, "in_validation", overdue, other_reviewer, watanabe),
        (ktp, "in_review", overdue, None, garcia),
        (ktp, "information_requested", today, reviewer, garcia),
        (kra, "information_requested", running, None, watanabe),
        (kra, "in_evaluation", running, other_reviewer, garcia),
        (ktp, "submitted", running, reviewer, watanabe),
        (kra, "in_review", None, reviewer, watanabe),
        (ktp, "issued", overdue, reviewer, garcia),
        (kra, "issued", overdue, other_reviewer, watanabe),
        (ktp, "withdrawn", None, None, garcia),
        (kra, "withdrawn", None, None, watanabe),
    ]
    Case.objects.bulk_create(
        Case(
            reference=f"{'KTA' if case_type == ktp else 'KRA'}-2026-{number:06d}",
            case_type=case_type,
            status=status,
            track=KTechTrack.STANDARD if case_type == ktp else "",
            started_by_party=Party.COMPANY,
            talent=talent,
            talent_accepted_at=now,
            company=companies[number % 2],
            created_by=reviewer,
            job_title="Process engineer",
            annual_salary_krw=160_000_000,
            submitted_at=now,
            clock_started_at=now,
            due_on=due_on,
            paused_since=now if status == "information_requested" else None,
            reviewer=assigned,
            decision="approve" if status == "issued" else "",
            decided_at=now if status == "issued" else None,
        )
        for number, (case_type, status, due_on, assigned, talent) in enumerate(plan, start=1)
    )
    return {"other_reviewer": other_reviewer.pk}


# (id, query, cases listed) — every filter of the form, every kind of search, and pages; ``{other}``
# is the other reviewer's id. Ten of the fourteen cases are open: four pages of three.
VARIANTS = [
    ("default", {}, 3),
    ("clock due soon", {"clock": "due_soon"}, 2),
    ("clock overdue", {"clock": "overdue"}, 3),
    ("clock paused", {"clock": "paused"}, 2),
    ("clock running", {"clock": "running"}, 3),
    ("reviewer me", {"reviewer": "me"}, 3),
    ("reviewer nobody", {"reviewer": "unassigned"}, 3),
    ("reviewer by id", {"reviewer": "{other}"}, 2),
    ("type", {"case_type": CaseType.KOTRA_RECOMMENDATION}, 3),
    ("status open", {"status": "in_review"}, 3),
    ("status decided", {"status": "issued"}, 2),
    ("status withdrawn", {"status": "withdrawn"}, 2),
    ("search whole reference", {"q": "KTA-2026-000001"}, 1),
    ("search reference start", {"q": "kta-2026"}, 3),
    ("search reference number", {"q": "3"}, 1),
    ("search name", {"q": "garcia"}, 3),
    ("search hangul name", {"q": "가르시아"}, 3),
    ("page 2", {"page": "2"}, 3),
    ("page past the end", {"page": "999"}, 1),
    ("page not a number", {"page": "x"}, 3),
    ("invalid filters", {"clock": "never", "status": "nonsense"}, 3),
    ("everything", {"clock": "overdue", "reviewer": "me", "case_type": CaseType.KTECH_PASS, "q": "Garcia"}, 1),
]


@pytest.mark.parametrize(("query", "listed"), [v[1:] for v in VARIANTS], ids=[v[0] for v in VARIANTS])
def test_every_queue_variant_costs_the_same_queries(
    query: dict[str, str], listed: int, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    # given fourteen cases, pages of three, and a reviewer signed in with a second factor
    monkeypatch.setattr(backoffice, "QUEUE_PAGE_SIZE", PAGE_SIZE)
    reviewer = UserFactory(roles=[Role.STAFF_REVIEWER])
    ids = _seed(reviewer)
    client = staff_client_with_second_factor(reviewer)
    params = {name: value.format(other=ids["other_reviewer"]) for name, value in query.items()}
    # when
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("cases_backoffice:queue"), params)
    # then
    assert response.status_code == 200
    assert response.content.decode().count('name="cases"') == listed


def test_an_empty_queue_costs_two_queries_less(django_assert_num_queries: Any) -> None:
    # given
    reviewer = UserFactory(roles=[Role.STAFF_REVIEWER])
    _seed(reviewer)
    client = staff_client_with_second_factor(reviewer)
    # when nothing matches, there is no page to read and nobody to log
    with django_assert_num_queries(EMPTY_QUEUE_QUERIES):
        response = client.get(reverse("cases_backoffice:queue"), {"q": "nobody-by-that-name"})
    # then
    assert response.status_code == 200
    assert "No case matches." in response.content.decode()


def test_a_second_look_at_the_queue_costs_the_same_queries(django_assert_num_queries: Any) -> None:
    # given the queue read once: every listed talent is in the access log already
    reviewer = UserFactory(roles=[Role.STAFF_REVIEWER])
    _seed(reviewer)
    client = staff_client_with_second_factor(reviewer)
    client.get(reverse("cases_backoffice:queue"))
    # when / then the access log's statement runs (and writes nothing): the count does not change
    with django_assert_num_queries(QUEUE_QUERIES):
        assert client.get(reverse("cases_backoffice:queue")).status_code == 200


def test_a_queue_row_shows_every_column_in_the_page_s_language() -> None:
    # given
    reviewer = UserFactory(roles=[Role.STAFF_REVIEWER], email="reviewer@talentcenter.example")
    _seed(reviewer)
    case = Case.objects.select_related("company").get(reference="KTA-2026-000003")  # in review, 10 days late
    left = queues.working_days_left(case, queues.seoul_today())
    assert left is not None and left < 0
    unassigned = Case.objects.get(reference="KRA-2026-000002")  # submitted, due today, nobody yet
    client = staff_client_with_second_factor(reviewer)
    for language in ("ko", "en"):
        with translation.override(language):
            url = reverse("cases_backoffice:queue")
            detail = reverse("cases_backoffice:detail", args=[case.pk])
            expected = [
                f'<tr data-reference="{case.reference}">',
                f'<span class="sr-only">{_("Select")} {case.reference}</span>',
                f'<a href="{detail}">{case.reference}</a>',
                f"<td>{CaseType.KTECH_PASS.label}</td>",
                '<td>Maria Garcia <span lang="ko">(마리아 가르시아)</span></td>',
                f"<td>{case.company.name}</td>",
                f"<td>{case.status_label}</td>",
                f"<td>{reviewer.email}</td>",
                f'<time datetime="{case.due_on:%Y-%m-%d}">{case.due_on:%Y-%m-%d}</time>',
                f'<span class="krds-badge bg-light-danger" data-clock="overdue">{ClockState.OVERDUE.label}</span>',
                ngettext("%(count)d working day late", "%(count)d working days late", -left) % {"count": -left},
                f'<tr data-reference="{unassigned.reference}">',
                f'<span class="krds-badge bg-light-gray">{_("Unassigned")}</span>',
                f'data-clock="due_soon">{ClockState.DUE_SOON.label}</span>',
            ]
        # when
        html = client.get(url).content.decode()
        # then
        for cell in expected:
            assert cell in html, (language, cell)

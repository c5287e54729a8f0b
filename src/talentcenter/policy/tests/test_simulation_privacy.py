"""Analysts see aggregates, not people, in simulations too.

A simulation over the stored pool runs on real people's latest assessments: its list of flips (one
row per person whose outcome changes, with industry, company size, nationality and degree tier) and
its small counts would single them out. Only those who may open individual assessments see the rows
and the CSV; a policy analyst gets the counts, small cells suppressed as in the assessment
statistics. Synthetic and uploaded pools are nobody's records and stay whole.
"""

from __future__ import annotations

import datetime
import importlib
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.test import Client
from django.urls import reverse
from django.utils import translation

from talentcenter.accounts.enums import Role
from talentcenter.policy import services
from talentcenter.policy.enums import PoolKind, SimulationStatus
from talentcenter.policy.models import ParameterVariant, Simulation
from talentcenter.policy.selectors import simulation_result_in_aggregate
from tests.factories import UserFactory

TRACK = "ktech-pass/standard"
ROLES: dict[str, list[Role] | None] = {
    "anonymous": None,
    "talent": [Role.TALENT],
    "company_member": [Role.COMPANY_MEMBER],
    "evaluator": [Role.EXTERNAL_EVALUATOR],
    "reviewer": [Role.STAFF_REVIEWER],
    "analyst": [Role.POLICY_ANALYST],
    "administrator": [Role.ADMINISTRATOR],
    "analyst_and_reviewer": [Role.POLICY_ANALYST, Role.STAFF_REVIEWER],
}
REFUSED = {"anonymous": 302, "talent": 403, "company_member": 403, "evaluator": 403, "reviewer": 403}
# The flips CSV, per pool kind: the analyst is answered 404 for a stored pool, as for an assessment.
CSV_STATUS = {
    PoolKind.STORED: {**REFUSED, "analyst": 404, "administrator": 200, "analyst_and_reviewer": 200},
    PoolKind.SYNTHETIC: {**REFUSED, "analyst": 200, "administrator": 200, "analyst_and_reviewer": 200},
}


def stored_result() -> dict[str, Any]:
    """A stored pool of 100: the baseline's 3 "needs review" and the 1 lost are small cells; so is Kenya (2)."""
    return {
        "as_of": "2027-03-01",
        "pool": {"kind": "stored", "size": 100},
        "baseline": {"id": "baseline", "digest": "aaaa1111bbbb2222"},
        "variant": {"id": "variant:salary-2027", "digest": "cccc3333dddd4444"},
        "tracks": [
            {
                "key": TRACK,
                "label": "K-Tech Pass - standard track",
                "baseline": {"eligible": 30, "needs_review": 3, "not_eligible": 67, "not_in_force": 0},
                "variant": {"eligible": 38, "needs_review": 7, "not_eligible": 55, "not_in_force": 0},
                "gained": 9,
                "lost": 1,
            }
        ],
        "segments": {
            "industry": [],
            "company_size": [],
            "nationality": [
                {"segment": "KE", "label": "Kenya", "track": TRACK, "total": 2, "baseline_eligible": 0,
                 "variant_eligible": 1},
                {"segment": "IN", "label": "India", "track": TRACK, "total": 60, "baseline_eligible": 20,
                 "variant_eligible": 25},
                {"segment": "VN", "label": "Viet Nam", "track": TRACK, "total": 38, "baseline_eligible": 10,
                 "variant_eligible": 12},
            ],
            "degree_tier": [],
        },
        "flips": [
            {"row": "A-000007", "track": TRACK, "from": "not_eligible", "to": "eligible",
             "industry": "Semiconductor manufacturing", "company_size": "Small business", "nationality": "Uruguay",
             "degree_tier": "Top 100"},
        ],
        "flips_total": 10,
        "timing": {"seconds": 0.1},
    }  # fmt: skip


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def variant(policy_analyst: Any) -> ParameterVariant:
    return services.variant_create(actor=policy_analyst, slug="salary-2027", name="Salary 2027")


def finished(variant: ParameterVariant, pool_kind: str = PoolKind.STORED) -> Simulation:
    result = stored_result()
    result["pool"]["kind"] = pool_kind
    return Simulation.objects.create(
        name="Salary run",
        variant=variant,
        as_of=datetime.date(2027, 3, 1),
        pool_kind=pool_kind,
        pool_size=100,
        status=SimulationStatus.FINISHED,
        progress=100,
        result=result,
    )


def _client(actor: str) -> Client:
    roles = ROLES[actor]
    return Client() if roles is None else staff_client_with_second_factor(UserFactory(roles=roles))


def _detail(client: Client, simulation: Simulation) -> Any:
    return client.get(reverse("policy_backoffice:simulation_detail", args=[simulation.pk]))


@pytest.mark.django_db
@pytest.mark.parametrize("pool_kind", [PoolKind.STORED, PoolKind.SYNTHETIC])
@pytest.mark.parametrize("actor", list(ROLES))
def test_who_may_download_the_flips(actor: str, pool_kind: str, variant: ParameterVariant) -> None:
    # Given a finished simulation
    simulation = finished(variant, pool_kind)
    # When someone asks for its flips as CSV
    response = _client(actor).get(reverse("policy_backoffice:simulation_flips_csv", args=[simulation.pk]))
    # Then only those who may see its rows get them, and they are the rows
    assert response.status_code == CSV_STATUS[pool_kind][actor]
    assert ("A-000007" in response.content.decode()) is (response.status_code == 200)


@pytest.mark.django_db
def test_an_analyst_sees_a_stored_simulation_in_aggregate_only(
    policy_client: Client, variant: ParameterVariant
) -> None:
    # Given a finished simulation over the stored pool
    simulation = finished(variant)
    # When a policy analyst opens it
    response = _detail(policy_client, simulation)
    # Then no row of a person is shown, nor the way to download them
    assert response.status_code == 200
    page = response.content.decode()
    assert "A-000007" not in page and "Uruguay" not in page and "Semiconductor manufacturing" not in page
    assert 'id="flips-caption"' not in page
    assert reverse("policy_backoffice:simulation_flips_csv", args=[simulation.pk]) not in page
    assert list(response.context["flips_page"]) == []
    assert "10 outcomes change between the baseline and the variant." in page
    assert "Changes per person are not shown for stored applications; the counts above cover them." in page
    # And the small cells are hidden, with the count that would give them away
    [track] = response.context["tracks"]
    assert track["baseline"] == {
        "eligible": "<5", "needs_review": "<5", "not_eligible": 67, "not_in_force": 0, "total": None, "rate": None
    }  # fmt: skip
    assert (track["baseline_text"], track["variant_text"], track["change"]) == ("–", "38.0 %", None)
    assert (track["gained"], track["lost"]) == ("<5", "<5")
    nationality = next(segment for segment in response.context["segments"] if segment["key"] == "nationality")
    assert [(row["label"], row["total"], row["baseline"], row["variant"]) for row in nationality["rows"]] == [
        ("Kenya", "<5", "<5", "<5"),
        ("India", 60, 20, 25),
        ("Viet Nam", "<5", "<5", "<5"),
    ]
    assert [(row["baseline_rate"], row["difference"]) for row in nationality["rows"]] == [
        ("–", "–"),
        ("33.3 %", 5),
        ("–", "–"),
    ]
    assert "&lt;5" in page


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["administrator", "analyst_and_reviewer"])
def test_staff_who_may_open_assessments_see_the_rows_of_a_stored_simulation(
    actor: str, variant: ParameterVariant
) -> None:
    # Given a finished simulation over the stored pool
    simulation = finished(variant)
    # When someone who may open individual assessments views it
    response = _detail(_client(actor), simulation)
    # Then the rows, the CSV link and the exact counts are there
    page = response.content.decode()
    assert "A-000007" in page and "Uruguay" in page
    assert reverse("policy_backoffice:simulation_flips_csv", args=[simulation.pk]) in page
    [track] = response.context["tracks"]
    assert (track["baseline"]["needs_review"], track["lost"], track["baseline_text"]) == (3, 1, "30.0 %")
    assert "&lt;5" not in page


@pytest.mark.django_db
def test_an_analyst_sees_a_synthetic_simulation_whole(policy_client: Client, variant: ParameterVariant) -> None:
    # Given the same result over a synthetic pool, which is nobody's record
    simulation = finished(variant, PoolKind.SYNTHETIC)
    # When the analyst opens it, then the rows and exact counts are shown
    response = _detail(policy_client, simulation)
    page = response.content.decode()
    assert "A-000007" in page and "Uruguay" in page and "&lt;5" not in page
    assert [row["row"] for row in response.context["flips_page"]] == ["A-000007"]


@pytest.mark.parametrize(
    ("flips_total", "shown"), [(0, 0), (1, None), (4, None), (5, 5)], ids=["none", "one", "four", "five"]
)
def test_the_number_of_changes_is_a_suppressed_count(flips_total: int, shown: int | None) -> None:
    aggregate = simulation_result_in_aggregate({**stored_result(), "flips_total": flips_total})
    assert (aggregate["flips"], aggregate["flips_total"]) == ([], shown)


@pytest.mark.parametrize("result", [None, [], {"tracks": "x", "segments": {"industry": [1, {"total": "x"}]}}])
def test_a_malformed_result_is_aggregated_without_an_error(result: Any) -> None:
    aggregate = simulation_result_in_aggregate(result)
    assert aggregate.get("flips", []) == [] and aggregate.get("tracks", []) == []


def test_results_saved_before_name_no_assessment_any_more() -> None:
    migration = importlib.import_module(
        "talentcenter.policy.migrations.0002_stored_simulation_rows_without_assessment_ids"
    )
    flips = [{"row": "assessment #41"}, {"row": "assessment #41"}, {"row": "assessment #7"}, {"row": "S-000001"}]
    result = {"flips": [dict(flip) for flip in flips]}
    assert migration.relabel(result) is True
    assert [flip["row"] for flip in result["flips"]] == ["A-000001", "A-000001", "A-000002", "S-000001"]
    assert migration.relabel({"flips": "x"}) is False

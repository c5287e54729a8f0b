"""The policy back office: who may use it, what each form accepts and refuses, and fixed query counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from talentcenter.accounts.enums import Role
from talentcenter.audit.models import AuditEvent
from talentcenter.policy import services
from talentcenter.policy.enums import PoolKind, SimulationStatus, VariantStatus
from talentcenter.policy.models import ParameterVariant, Simulation
from talentcenter.reference.enums import ListKind
from talentcenter.reference.models import ListEdition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SALARY = "ktech_pass.salary_gni_multiple"
TRACK = "ktech-pass/standard"


@pytest.fixture(autouse=True)
def english() -> Any:
    """Pages in English (``reverse`` then gives ``/en/`` addresses), so messages read as written."""
    with translation.override("en"):
        yield


@pytest.fixture
def variant(policy_analyst: Any) -> ParameterVariant:
    return services.variant_create(actor=policy_analyst, slug="salary-2027", name="Salary 2027")


@pytest.fixture
def changed_variant(policy_analyst: Any, variant: ParameterVariant) -> ParameterVariant:
    return services.variant_set_value(
        actor=policy_analyst,
        variant=variant,
        parameter=SALARY,
        effective_from=datetime.date(2027, 1, 1),
        value=2.5,
        source="https://example.org/decree",
        note="Draft",
    )


def result_of(*, flips: int = 3) -> dict[str, Any]:
    """A finished simulation's result in the format the simulation service writes."""
    return {
        "as_of": "2027-03-01",
        "pool": {"kind": "synthetic", "size": 1000},
        "baseline": {"id": "baseline", "digest": "aaaa1111bbbb2222"},
        "variant": {"id": "variant:salary-2027", "digest": "cccc3333dddd4444"},
        "tracks": [
            {
                "key": TRACK,
                "label": "K-Tech Pass - standard track",
                "baseline": {"eligible": 100, "needs_review": 50, "not_eligible": 850, "not_in_force": 0},
                "variant": {"eligible": 160, "needs_review": 45, "not_eligible": 795, "not_in_force": 0},
                "gained": 62,
                "lost": 2,
            },
            {
                "key": "ktech-pass/qualitative",
                "label": "K-Tech Pass - qualitative track",
                "baseline": {"eligible": 0, "needs_review": 0, "not_eligible": 0, "not_in_force": 1000},
                "variant": {"eligible": 0, "needs_review": 0, "not_eligible": 0, "not_in_force": 1000},
                "gained": 0,
                "lost": 0,
            },
        ],
        "segments": {
            "industry": [
                {
                    "segment": "semiconductor",
                    "label": "Semiconductor",
                    "track": TRACK,
                    "total": 400,
                    "baseline_eligible": 40,
                    "variant_eligible": 70,
                },
                {
                    "segment": "bio",
                    "label": "Bio",
                    "track": "ktech-pass/qualitative",
                    "total": 10,
                    "baseline_eligible": 1,
                    "variant_eligible": 1,
                },
            ],
            "company_size": [
                {
                    "segment": "sme",
                    "label": "SME",
                    "track": TRACK,
                    "total": 500,
                    "baseline_eligible": 30,
                    "variant_eligible": 55,
                }
            ],
            "nationality": [],
            "degree_tier": [],
        },
        "flips": [
            {
                "row": number,
                "track": TRACK,
                "from": "not_eligible",
                "to": "eligible",
                "industry": "semiconductor",
                "company_size": "sme",
                "nationality": "IN",
                "degree_tier": "top100",
            }
            for number in range(1, flips + 1)
        ],
        "flips_total": flips,
        "timing": {"seconds": 0.42},
    }


def make_simulation(variant: ParameterVariant, **fields: Any) -> Simulation:
    values: dict[str, Any] = {
        "name": "Salary run",
        "variant": variant,
        "as_of": datetime.date(2027, 3, 1),
        "pool_kind": PoolKind.SYNTHETIC,
        "pool_size": 1000,
        "status": SimulationStatus.FINISHED,
        "progress": 100,
        "result": result_of(),
    }
    values.update(fields)
    return Simulation.objects.create(**values)


def _get_urls(variant: ParameterVariant, simulation: Simulation) -> list[str]:
    return [
        reverse("policy_backoffice:index"),
        reverse("policy_backoffice:variant_create"),
        reverse("policy_backoffice:variant_detail", args=[variant.slug]),
        reverse("policy_backoffice:variant_edit", args=[variant.slug]) + f"?parameter={SALARY}",
        reverse("policy_backoffice:variant_publish", args=[variant.slug]),
        reverse("policy_backoffice:simulations"),
        reverse("policy_backoffice:simulation_start"),
        reverse("policy_backoffice:simulation_detail", args=[simulation.pk]),
        reverse("policy_backoffice:simulation_progress", args=[simulation.pk]),
        reverse("policy_backoffice:editions"),
        reverse("policy_backoffice:edition_import"),
    ]


def _posts(variant: ParameterVariant) -> list[tuple[str, dict[str, Any]]]:
    return [
        (reverse("policy_backoffice:variant_create"), {"slug": "sneaky", "name": "Sneaky"}),
        (
            reverse("policy_backoffice:variant_edit", args=[variant.slug]),
            {"parameter": SALARY, "effective_from": "2028-01-01", "value": "1", "source": "x"},
        ),
        (
            reverse("policy_backoffice:variant_remove_value", args=[variant.slug]),
            {"parameter": SALARY, "effective_from": "2027-01-01"},
        ),
        (reverse("policy_backoffice:variant_publish", args=[variant.slug]), {}),
        (
            reverse("policy_backoffice:simulation_start"),
            {
                "name": "x",
                "variant": variant.slug,
                "as_of": "2027-01-01",
                "pool_kind": "synthetic",
                "pool_size": "1000",
                "seed": "1",
            },
        ),
        (
            reverse("policy_backoffice:edition_import"),
            {"kind": "qs_world", "edition": "2099", "published_on": "2099-01-01", "entries_expected": "1"},
        ),
    ]


def _state(variant: ParameterVariant) -> tuple[Any, ...]:
    variant.refresh_from_db()
    return (
        variant.overrides,
        variant.status,
        ParameterVariant.objects.count(),
        Simulation.objects.count(),
        ListEdition.objects.count(),
        AuditEvent.objects.count(),
    )


# --- who may enter ----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, changed_variant: ParameterVariant) -> None:
    # given
    simulation = make_simulation(changed_variant)
    before = _state(changed_variant)
    # when / then
    for url in _get_urls(changed_variant, simulation):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    for url, data in _posts(changed_variant):
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    assert _state(changed_variant) == before


@pytest.mark.parametrize("who", ["talent", "company_member", "staff"])
def test_people_without_the_policy_role_are_refused(
    who: str, request: pytest.FixtureRequest, changed_variant: ParameterVariant
) -> None:
    # given: a talent, a company member, and a staff reviewer who passed the second factor
    user = request.getfixturevalue(who)
    client = staff_client_with_second_factor(user) if who == "staff" else Client()
    if who != "staff":
        client.force_login(user)
    simulation = make_simulation(changed_variant)
    before = _state(changed_variant)
    # when / then: every page and every change is forbidden, and nothing changes or is audited
    for url in _get_urls(changed_variant, simulation):
        assert client.get(url).status_code == 403, url
    for url, data in _posts(changed_variant):
        assert client.post(url, data).status_code == 403, url
    assert _state(changed_variant) == before


def test_an_analyst_without_a_second_factor_in_the_session_is_sent_to_set_one_up(
    policy_analyst: Any, changed_variant: ParameterVariant
) -> None:
    # given
    client = Client()
    client.force_login(policy_analyst)
    simulation = make_simulation(changed_variant)
    before = _state(changed_variant)
    # when / then
    for url in _get_urls(changed_variant, simulation):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, reverse("mfa_activate_totp")), url
    for url, data in _posts(changed_variant):
        assert client.post(url, data).status_code == 302, url
    assert _state(changed_variant) == before


@pytest.mark.parametrize("role", [Role.POLICY_ANALYST, Role.ADMINISTRATOR])
def test_analysts_and_administrators_with_a_second_factor_see_every_page(
    role: Role, changed_variant: ParameterVariant
) -> None:
    # given
    client = staff_client_with_second_factor(UserFactory(roles=[role]))
    simulation = make_simulation(changed_variant)
    # when / then
    for url in _get_urls(changed_variant, simulation):
        assert client.get(url).status_code == 200, url


def test_the_analyst_sees_policy_links_but_not_the_talent_and_company_pages(
    policy_client: Client, staff_client: Client
) -> None:
    # when
    analyst_page = policy_client.get(reverse("policy_backoffice:index")).content.decode()
    # then
    assert reverse("policy_backoffice:simulations") in analyst_page
    assert reverse("backoffice:talents") not in analyst_page
    assert policy_client.get(reverse("backoffice:talents")).status_code == 404
    assert reverse("policy_backoffice:index") not in staff_client.get(reverse("backoffice:index")).content.decode()


def test_changes_without_the_csrf_token_are_refused(policy_analyst: Any, changed_variant: ParameterVariant) -> None:
    # given: an analyst's browser session, and a form posted from elsewhere
    client = staff_client_with_second_factor(policy_analyst)
    client.handler.enforce_csrf_checks = True
    before = _state(changed_variant)
    # when / then
    for url, data in _posts(changed_variant):
        assert client.post(url, data).status_code == 403, url
    assert _state(changed_variant) == before


# --- parameter sets ---------------------------------------------------------------------------


def test_the_index_shows_the_baseline_with_values_in_force_and_the_variants(
    policy_client: Client, changed_variant: ParameterVariant
) -> None:
    # when
    response = policy_client.get(reverse("policy_backoffice:index"))
    # then
    page = response.content.decode()
    groups = {group["key"]: group for group in response.context["groups"]}
    industries = next(p for p in groups["ktech-pass"]["parameters"] if p["name"] == "ktech_pass.industries")
    assert [row["in_force"] for row in industries["values"]] == [False, True]
    assert "Semiconductor" in industries["values"][1]["value"]
    assert response.context["baseline"].digest in page
    assert [(item["variant"].slug, item["changed"]) for item in response.context["variants"]] == [("salary-2027", 1)]
    assert "In force today" in page


INDEX_QUERIES = 6  # +1: the unread-notices count in the header


@pytest.mark.parametrize("count", [1, 8])
def test_the_index_issues_a_fixed_number_of_queries(
    count: int, policy_client: Client, policy_analyst: Any, django_assert_num_queries: Any
) -> None:
    # given
    for number in range(count):
        services.variant_create(actor=policy_analyst, slug=f"v{number}", name=f"V{number}")
    # when
    with django_assert_num_queries(INDEX_QUERIES):
        response = policy_client.get(reverse("policy_backoffice:index"))
    # then
    assert len(response.context["variants"]) == count


# --- variants ---------------------------------------------------------------------------------


def test_creating_a_variant_copies_another_and_refuses_a_used_identifier(
    policy_client: Client, changed_variant: ParameterVariant
) -> None:
    # when
    created = policy_client.post(
        reverse("policy_backoffice:variant_create"),
        {"slug": "copy", "name": "Copy", "description": "", "copy_of": changed_variant.slug},
    )
    refused = policy_client.post(reverse("policy_backoffice:variant_create"), {"slug": "copy", "name": "Again"})
    reserved = policy_client.post(reverse("policy_backoffice:variant_create"), {"slug": "new", "name": "New"})
    # then
    assert created["Location"] == reverse("policy_backoffice:variant_detail", args=["copy"])
    assert ParameterVariant.objects.get(slug="copy").overrides == changed_variant.overrides
    assert refused.status_code == 400
    assert refused.context["form"].errors["slug"] == ["This identifier is already used."]
    assert 'value="Again"' in refused.content.decode()
    assert reserved.status_code == 400
    assert ParameterVariant.objects.count() == 2


def test_the_variant_page_compares_shipped_and_variant_values_and_shows_the_history(
    policy_client: Client, changed_variant: ParameterVariant
) -> None:
    # when
    response = policy_client.get(reverse("policy_backoffice:variant_detail", args=[changed_variant.slug]))
    # then
    [change] = response.context["changes"]
    assert change["name"] == SALARY
    assert [(str(row["effective_from"]), row["baseline"], row["variant"], row["added"]) for row in change["rows"]] == [
        ("2025-04-02", "3× per-capita GNI", "3× per-capita GNI", False),
        ("2027-01-01", "3× per-capita GNI", "2.5× per-capita GNI", True),
    ]
    history = response.context["history"]
    assert [item["event"].action for item in history] == ["policy.variant_changed", "policy.variant_created"]
    assert history[0]["lines"] == [
        ("Parameter", f"Minimum salary as a multiple of per-capita GNI ({SALARY})"),
        ("Effective from", "2027-01-01"),
        ("Before", "–"),
        ("After", "2027-01-01: 2.5× per-capita GNI"),
    ]
    assert "Parameter variant changed" in response.content.decode()


def _edit(client: Client, variant: ParameterVariant, **data: Any) -> Any:
    return client.post(reverse("policy_backoffice:variant_edit", args=[variant.slug]), data)


@pytest.mark.parametrize(
    ("parameter", "typed", "stored"),
    [
        (SALARY, {"value": "2.5"}, 2.5),
        ("gni.per_capita_krw", {"value": "55000000"}, 55000000),
        ("ktech_pass.degree_minimum_level", {"value": "4"}, 4),
        ("e7_1.salary_floor_gni_share", {"value": "0.75"}, 0.75),
        ("ktech_pass.qualitative.in_force_from", {"value": "2026-09-01"}, "2026-09-01"),
        (
            "ktech_pass.industries",
            {"value": ["semiconductor", "ai"], "other_codes": "quantum"},
            ["semiconductor", "ai", "quantum"],
        ),
        ("ktech_pass.qualitative.salary_points", {"value": "4:15\n3 : 12\n\n1.5:5"}, [[4, 15], [3, 12], [1.5, 5]]),
        ("top_tier_visa.topik_minimum_level", {"clear": "on"}, None),
    ],
)
def test_a_dated_value_is_typed_per_unit_and_saved(
    parameter: str, typed: dict[str, Any], stored: Any, policy_client: Client, variant: ParameterVariant
) -> None:
    # when
    response = _edit(
        policy_client, variant, parameter=parameter, effective_from="2027-01-01", source="https://example.org", **typed
    )
    # then
    assert response.status_code == 302, response.context["form"].errors
    variant.refresh_from_db()
    [entry] = variant.overrides[parameter]
    assert (entry["from"], entry["value"], entry["source"]) == ("2027-01-01", stored, "https://example.org")
    assert AuditEvent.objects.filter(action="policy.variant_changed", subject_id=str(variant.pk)).count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"value": "2.5", "source": ""}, "source", "This field is required."),
        ({"value": "-1", "source": "s"}, "value", "Ensure this value is greater than or equal to 0."),
        ({"value": "two", "source": "s"}, "value", "Enter a number."),
        ({"value": "", "source": "s"}, "value", "Enter a value, or tick “No value from this date”."),
        ({"value": "2.5", "source": "s", "effective_from": "2027-02-30"}, "effective_from", "Enter a valid date."),
    ],
)
def test_a_wrong_value_is_shown_again_with_a_message_and_nothing_changes(
    data: dict[str, Any], field: str, message: str, policy_client: Client, variant: ParameterVariant
) -> None:
    # given
    before = _state(variant)
    # when
    response = _edit(policy_client, variant, parameter=SALARY, **{"effective_from": "2027-01-01", **data})
    # then
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert f'value="{data["value"]}"' in response.content.decode() or data["value"] == ""
    assert _state(variant) == before


@pytest.mark.parametrize(
    ("parameter", "value", "message"),
    [
        ("ktech_pass.qualitative.salary_points", "4-15", "Line 1: write a band as minimum:points, e.g. 4:15."),
        ("ktech_pass.qualitative.salary_points", "4:15\n3:-2", "Line 2: points cannot be negative."),
        ("ktech_pass.qualitative.salary_points", "nan:1", "Line 1: not a number."),
        ("ktech_pass.industries", [], "Choose at least one code, or tick “No value from this date”."),
    ],
)
def test_bands_and_code_lists_are_checked_line_by_line(
    parameter: str, value: Any, message: str, policy_client: Client, variant: ParameterVariant
) -> None:
    # when
    response = _edit(policy_client, variant, parameter=parameter, effective_from="2027-01-01", value=value, source="s")
    # then
    assert response.status_code == 400
    assert response.context["form"].errors["value"] == [message]


def test_odd_input_never_causes_a_server_error(policy_client: Client, variant: ParameterVariant) -> None:
    # given
    url = reverse("policy_backoffice:variant_edit", args=[variant.slug])
    odd = [
        {"parameter": "no.such.parameter", "effective_from": "2027-01-01", "value": "1", "source": "s"},
        {
            "parameter": "ktech_pass.industries",
            "effective_from": "2027-01-01",
            "other_codes": "Bad Code!",
            "source": "s",
        },
        {"parameter": SALARY, "effective_from": "99999-01-01", "value": "1e400", "source": "s"},
        {"parameter": "ktech_pass.industries", "effective_from": "2027-01-01", "value": "not-a-code", "source": "s"},
        {},
    ]
    # when / then
    for data in odd:
        assert policy_client.post(url, data).status_code == 400, data
    assert policy_client.get(url, {"parameter": "<script>"}).status_code == 200
    assert (
        policy_client.post(reverse("policy_backoffice:variant_remove_value", args=[variant.slug]), {}).status_code
        == 400
    )
    assert policy_client.get(reverse("policy_backoffice:variant_detail", args=["missing"])).status_code == 404
    assert policy_client.get(reverse("policy_backoffice:simulation_detail", args=[999])).status_code == 404
    assert AuditEvent.objects.filter(action="policy.variant_changed").count() == 0


def test_the_editor_starts_from_the_value_in_force_and_lists_known_codes(
    policy_client: Client, variant: ParameterVariant
) -> None:
    # when
    response = policy_client.get(
        reverse("policy_backoffice:variant_edit", args=[variant.slug]), {"parameter": "ktech_pass.industries"}
    )
    # then
    form = response.context["form"]
    assert [code for code, _label in form.fields["value"].choices] == [
        "semiconductor",
        "display",
        "secondary_battery",
        "bio",
        "robotics",
        "defence",
        "ai",
        "advanced_mobility",
    ]
    assert sorted(form.initial["value"]) == sorted(code for code, _label in form.fields["value"].choices)


def test_removing_a_value_and_publishing(
    policy_client: Client, policy_analyst: Any, changed_variant: ParameterVariant
) -> None:
    # given: a second value to remove
    services.variant_set_value(
        actor=policy_analyst,
        variant=changed_variant,
        parameter=SALARY,
        effective_from=datetime.date(2028, 1, 1),
        value=2.0,
        source="s",
    )
    # when
    removed = policy_client.post(
        reverse("policy_backoffice:variant_remove_value", args=[changed_variant.slug]),
        {"parameter": SALARY, "effective_from": "2028-01-01"},
    )
    confirm = policy_client.get(reverse("policy_backoffice:variant_publish", args=[changed_variant.slug]))
    published = policy_client.post(reverse("policy_backoffice:variant_publish", args=[changed_variant.slug]))
    # then
    assert removed.status_code == 302
    assert confirm.status_code == 200
    assert "Publishing freezes the variant" in confirm.content.decode()
    assert published.status_code == 302
    changed_variant.refresh_from_db()
    assert [entry["from"] for entry in changed_variant.overrides[SALARY]] == ["2027-01-01"]
    assert changed_variant.status == VariantStatus.PUBLISHED
    assert changed_variant.digest == changed_variant.parameter_set().digest


def test_a_published_variant_cannot_be_changed(policy_client: Client, changed_variant: ParameterVariant) -> None:
    # given
    policy_client.post(reverse("policy_backoffice:variant_publish", args=[changed_variant.slug]))
    before = _state(changed_variant)
    # when
    edit = _edit(policy_client, changed_variant, parameter=SALARY, effective_from="2029-01-01", value="1", source="s")
    remove = policy_client.post(
        reverse("policy_backoffice:variant_remove_value", args=[changed_variant.slug]),
        {"parameter": SALARY, "effective_from": "2027-01-01"},
    )
    publish_again = policy_client.post(reverse("policy_backoffice:variant_publish", args=[changed_variant.slug]))
    # then
    assert edit.status_code == 302
    assert remove.status_code == 400
    assert "A published variant cannot be changed" in remove.content.decode()
    assert publish_again.status_code == 400
    assert _state(changed_variant) == before


# --- simulations ------------------------------------------------------------------------------


SIMULATION_LIST_QUERIES = 6  # +1: the unread-notices count in the header


@pytest.mark.parametrize("count", [2, 30])
def test_the_simulation_list_issues_a_fixed_number_of_queries(
    count: int, policy_client: Client, variant: ParameterVariant, django_assert_num_queries: Any
) -> None:
    # given
    for _number in range(count):
        make_simulation(variant, baseline_variant=variant, created_by=variant.created_by)
    # when
    with django_assert_num_queries(SIMULATION_LIST_QUERIES):
        response = policy_client.get(reverse("policy_backoffice:simulations"))
    # then
    assert len(response.context["page"].object_list) == min(count, 25)


def test_a_running_simulation_polls_its_progress_until_it_ends(
    policy_client: Client, variant: ParameterVariant
) -> None:
    # given
    simulation = make_simulation(variant, status=SimulationStatus.RUNNING, progress=40, result={})
    progress_url = reverse("policy_backoffice:simulation_progress", args=[simulation.pk])
    # when
    page = policy_client.get(reverse("policy_backoffice:simulation_detail", args=[simulation.pk])).content.decode()
    polled = policy_client.get(progress_url, headers={"HX-Request": "true"})
    simulation.status, simulation.progress = SimulationStatus.FINISHED, 100
    simulation.save()
    ended = policy_client.get(progress_url, headers={"HX-Request": "true"})
    # then
    assert f'hx-get="{progress_url}"' in page
    assert 'value="40"' in page
    assert "HX-Refresh" not in polled
    assert 'hx-trigger="every 2s"' in polled.content.decode()
    assert ended["HX-Refresh"] == "true"
    assert "hx-get" not in ended.content.decode()


def test_the_result_page_shows_tracks_chart_segments_and_flips(
    policy_client: Client, variant: ParameterVariant
) -> None:
    # given
    simulation = make_simulation(variant)
    # when
    response = policy_client.get(reverse("policy_backoffice:simulation_detail", args=[simulation.pk]))
    # then
    page = response.content.decode()
    standard = response.context["tracks"][0]
    assert (standard["baseline_text"], standard["variant_text"], standard["change"]) == ("10.0 %", "16.0 %", 6.0)
    assert (standard["gained"], standard["lost"]) == (62, 2)
    assert response.context["tracks"][1]["baseline_text"] == "–"  # not in force for anybody
    assert '<svg class="policy-chart"' in page
    assert 'width="20"' in page and 'width="32"' in page  # 10 % and 16 % of 200
    assert "Baseline 10.0 %, variant 16.0 %." in page
    industry = response.context["segments"][0]
    assert [(row["label"], row["baseline"], row["variant"]) for row in industry["rows"]] == [("Semiconductor", 40, 70)]
    assert [row["to"] for row in response.context["flips_page"]] == ["Eligible"] * 3
    assert reverse("policy_backoffice:simulation_flips_csv", args=[simulation.pk]) in page


def test_segments_follow_the_chosen_track_and_flips_are_paginated(
    policy_client: Client, variant: ParameterVariant
) -> None:
    # given
    simulation = make_simulation(variant, result=result_of(flips=1200))
    url = reverse("policy_backoffice:simulation_detail", args=[simulation.pk])
    # when
    chosen = policy_client.get(url, {"track": "ktech-pass/qualitative", "page": "20"})
    odd = policy_client.get(url, {"track": "<nope>", "page": "x"})
    # then
    assert [row["label"] for row in chosen.context["segments"][0]["rows"]] == ["Bio"]
    page = chosen.context["flips_page"]
    assert (page.number, page.paginator.num_pages, page.paginator.count) == (20, 20, 1000)
    assert next(iter(page))["row"] == 951
    assert "1,200 outcomes change between the baseline and the variant." in chosen.content.decode()
    assert "The first 1,000 are listed here" in chosen.content.decode()
    assert odd.context["chosen_track"] == TRACK
    assert odd.context["flips_page"].number == 1


@pytest.mark.parametrize("result", [{}, {"tracks": "x"}, {"tracks": [{"key": 1, "baseline": "x"}], "flips": [1]}])
def test_a_malformed_result_is_reported_without_a_server_error(
    result: dict[str, Any], policy_client: Client, variant: ParameterVariant
) -> None:
    # given
    simulation = make_simulation(variant, result=result)
    # when
    response = policy_client.get(reverse("policy_backoffice:simulation_detail", args=[simulation.pk]))
    # then
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"pool_kind": "synthetic", "pool_size": "999"},
            "pool_size",
            "Ensure this value is greater than or equal to 1000.",
        ),
        (
            {"pool_kind": "synthetic", "pool_size": "1000001"},
            "pool_size",
            "Ensure this value is less than or equal to 1000000.",
        ),
        ({"pool_kind": "synthetic", "pool_size": ""}, "pool_size", "Give the size of the synthetic pool."),
        ({"pool_kind": "csv"}, "pool_file", "Choose the CSV file of the pool."),
        (
            {"pool_kind": "csv", "pool_file": SimpleUploadedFile("p.csv", b"\xff\xfe\x00bad")},
            "pool_file",
            "The file is not UTF-8 text.",
        ),
        (
            {"pool_kind": "csv", "pool_file": SimpleUploadedFile("p.csv", b"just one column\n")},
            "pool_file",
            "The first row must be a header naming the columns, with at least id.",
        ),
        ({"pool_kind": "moon"}, "pool_kind", "Select a valid choice. moon is not one of the available choices."),
        (
            {"baseline": "salary-2027"},
            "baseline",
            "Select a valid choice. salary-2027 is not one of the available choices.",
        ),
    ],
)
def test_the_start_form_explains_what_is_wrong(
    data: dict[str, Any], field: str, message: str, policy_client: Client, variant: ParameterVariant
) -> None:
    # given: the variant is a draft, so it cannot serve as the baseline
    form = {"name": "Run", "variant": variant.slug, "as_of": "2027-01-01", "pool_kind": "stored", "seed": "2026"}
    # when
    response = policy_client.post(reverse("policy_backoffice:simulation_start"), {**form, **data})
    # then
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert Simulation.objects.count() == 0


@pytest.mark.skipif(not hasattr(services, "simulation_start"), reason="simulation_start is not written yet")
def test_starting_a_synthetic_simulation(policy_client: Client, changed_variant: ParameterVariant) -> None:
    # when
    response = policy_client.post(
        reverse("policy_backoffice:simulation_start"),
        {
            "name": "Run",
            "variant": changed_variant.slug,
            "as_of": "2027-03-01",
            "pool_kind": "synthetic",
            "pool_size": "1000",
            "seed": "7",
        },
    )
    # then
    simulation = Simulation.objects.get()
    assert response["Location"] == reverse("policy_backoffice:simulation_detail", args=[simulation.pk])
    assert (simulation.variant, simulation.pool_size, simulation.seed) == (changed_variant, 1000, 7)


# --- reference editions -----------------------------------------------------------------------


EDITION_LIST_QUERIES = 5  # +1: the unread-notices count in the header


def test_the_edition_list_shows_which_edition_is_in_force(
    policy_client: Client, django_assert_num_queries: Any
) -> None:
    # given: a newer edition not yet published today, and an older one
    ListEdition.objects.create(
        kind=ListKind.QS_WORLD, edition="2099", published_on=datetime.date(2099, 6, 1), entries_expected=100
    )
    ListEdition.objects.create(
        kind=ListKind.QS_WORLD, edition="2020", published_on=datetime.date(2020, 6, 1), entries_expected=100
    )
    # when
    with django_assert_num_queries(EDITION_LIST_QUERIES):
        response = policy_client.get(reverse("policy_backoffice:editions"))
    # then
    qs = next(group for group in response.context["groups"] if group["kind"] == ListKind.QS_WORLD)
    assert [edition.edition for edition in qs["editions"]] == ["2099", "2026", "2020"]
    assert qs["in_force"].edition == "2026"
    assert qs["editions"][1].entry_count == qs["editions"][1].entries.count() > 0


def _import(client: Client, content: bytes, **fields: Any) -> Any:
    data = {
        "kind": "qs_world",
        "edition": "2027",
        "published_on": "2026-06-18",
        "entries_expected": "100",
        "csv_file": SimpleUploadedFile("ranking.csv", content, content_type="text/csv"),
        **fields,
    }
    return client.post(reverse("policy_backoffice:edition_import"), data)


def test_an_edition_is_imported_and_audited(policy_client: Client, policy_analyst: Any) -> None:
    # given
    content = (
        b"# QS 2027, first rows only\nrank,institution,country_iso2,source_url\n"
        b"1,Massachusetts Institute of Technology,US,https://www.topuniversities.com\n=2,Imperial College London,gb,\n"
    )
    # when
    response = _import(policy_client, content)
    # then
    assert response["Location"] == reverse("policy_backoffice:editions")
    edition = ListEdition.objects.get(kind=ListKind.QS_WORLD, edition="2027")
    assert (edition.is_partial, edition.notes) == (True, "QS 2027, first rows only")
    assert list(edition.entries.values_list("rank", "rank_label", "name", "country")) == [
        (1, "1", "Massachusetts Institute of Technology", "US"),
        (2, "=2", "Imperial College London", "GB"),
    ]
    event = AuditEvent.objects.get(action="reference.edition_imported")
    assert (event.actor, event.changes) == (policy_analyst, {"entries": 2, "partial": True})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00\x00", "The file is not UTF-8 text."),
        (b"", "The submitted file is empty."),
        (b"# notes only\n\n", "The file is empty."),
        (
            b"position,university\n1,MIT\n",
            "Line 1: the header must name the columns rank and name (or institution, or company).",
        ),
        (b"rank,name\n", "The file has a header but no rows."),
        (b"rank,name\n1,MIT\nfirst,Oxford\n", "Line 3: the rank 'first' is not a number."),
        (b"rank,name\n1,MIT\n2,\n", "Line 3: the name is empty."),
        (b"rank,name\n1,MIT\n2,MIT\n", "Line 3: the name is already on line 2."),
        (b"rank,name,country_iso2\n1,MIT,USA\n", "Line 2: the country is not a two-letter code."),
        (b"rank,name,source_url\n1,MIT,javascript:alert(1)\n", "Line 2: the source is not a web address."),
        (b"rank,name\n-3,MIT\n", "Line 2: the rank '-3' is not a number."),
        (b"rank,name\n" + b"1,x\n" * 600_000, "The file is larger than 2 MB."),
    ],
)
def test_a_wrong_edition_file_is_refused_with_the_line_at_fault(
    content: bytes, message: str, policy_client: Client
) -> None:
    # given
    before = (ListEdition.objects.count(), AuditEvent.objects.count())
    # when
    response = _import(policy_client, content)
    # then
    assert response.status_code == 400
    assert response.context["form"].errors["csv_file"] == [message]
    assert (ListEdition.objects.count(), AuditEvent.objects.count()) == before


def test_edition_fields_are_checked(policy_client: Client) -> None:
    # when
    response = _import(
        policy_client, b"rank,name\n1,MIT\n", kind="nope", edition="<b>", published_on="x", entries_expected="0"
    )
    # then
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"kind", "edition", "published_on", "entries_expected"}


@pytest.mark.skipif(not hasattr(services, "simulation_start"), reason="simulation_start is not written yet")
def test_an_uploaded_pool_is_checked_by_the_service_and_its_rows_reported(
    policy_client: Client, changed_variant: ParameterVariant
) -> None:
    # given: a file with a header but a wrong country on line 2
    upload = SimpleUploadedFile("pool.csv", b"id,nationality\nA-1,XX\n", content_type="text/csv")
    form = {"name": "Run", "variant": changed_variant.slug, "as_of": "2027-03-01", "pool_kind": "csv", "seed": "1"}
    # when
    response = policy_client.post(reverse("policy_backoffice:simulation_start"), {**form, "pool_file": upload})
    # then
    assert response.status_code == 400
    assert any("2" in error for error in response.context["form"].errors["pool_file"])
    assert Simulation.objects.count() == 0


def test_the_flips_export_is_a_csv_attachment_of_a_finished_simulation(
    policy_client: Client, variant: ParameterVariant
) -> None:
    # given
    finished = make_simulation(variant, result=result_of(flips=2))
    running = make_simulation(variant, status=SimulationStatus.RUNNING, result={})
    # when
    response = policy_client.get(reverse("policy_backoffice:simulation_flips_csv", args=[finished.pk]))
    # then
    lines = response.content.decode().splitlines()
    assert response["Content-Disposition"] == f'attachment; filename="simulation-{finished.pk}-flips.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(lines) == 3  # a header and two flips
    assert policy_client.get(reverse("policy_backoffice:simulation_flips_csv", args=[running.pk])).status_code == 404

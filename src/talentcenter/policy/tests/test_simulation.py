"""What-if simulation: synthetic pools, the comparison, CSV pools, the service, the task and the CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from talentcenter.audit.models import AuditEvent
from talentcenter.policy import selectors, services
from talentcenter.policy.engine import ApplicantIn, baseline, bundled_catalogue
from talentcenter.policy.engine.evaluate import evaluate
from talentcenter.policy.engine.facts import FALSE, TRUE, UNKNOWN, FactFrame, prepare
from talentcenter.policy.engine.fields import classifier
from talentcenter.policy.engine.parameters import ParameterSet
from talentcenter.policy.engine.pools import (
    COLUMNS,
    PoolError,
    applicants_from_csv,
    pool_from_applicants,
    pool_from_csv,
)
from talentcenter.policy.engine.programmes import TRACKS
from talentcenter.policy.engine.simulation import NATIONALITIES_SHOWN, simulate
from talentcenter.policy.engine.synthetic import synthetic_applicants, synthetic_pool
from talentcenter.policy.enums import AssessmentKind, PoolKind, SimulationStatus
from talentcenter.policy.models import Assessment, ParameterVariant, Simulation

AS_OF = date(2026, 7, 15)
CHANGE_FROM = "2026-07-02"
EXAMPLE_CSV = Path(__file__).resolve().parents[1] / "data" / "pool_example.csv"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}


def lower_salary_multiple(multiple: float = 2.5) -> ParameterSet:
    return baseline().with_overrides(
        "variant:lower-salary",
        {"ktech_pass.salary_gni_multiple": [{"from": CHANGE_FROM, "value": multiple, "source": "test"}]},
    )


# Synthetic pools -------------------------------------------------------------------------------


def test_synthetic_pool_is_the_same_for_the_same_seed_and_differs_for_another() -> None:
    first = synthetic_pool(5_000, seed=7, as_of=AS_OF)
    again = synthetic_pool(5_000, seed=7, as_of=AS_OF)
    other = synthetic_pool(5_000, seed=8, as_of=AS_OF)

    for kind in ("numbers", "flags", "categories"):
        for name, column in getattr(first.frame, kind).items():
            np.testing.assert_array_equal(column, getattr(again.frame, kind)[name], err_msg=name)
    for name, codes in first.segments.items():
        np.testing.assert_array_equal(codes, again.segments[name])
    assert not np.array_equal(first.frame.number("salary_krw"), other.frame.number("salary_krw"), equal_nan=True)
    assert synthetic_applicants(30, seed=3) == synthetic_applicants(30, seed=3)
    assert synthetic_applicants(30, seed=3) != synthetic_applicants(30, seed=4)


def test_synthetic_pool_has_the_spread_the_rules_need() -> None:
    pool = synthetic_pool(50_000, seed=1, as_of=AS_OF)
    frame = pool.frame
    gni = float(baseline().resolve(AS_OF).value("gni.per_capita_krw"))
    salary = frame.number("salary_krw")
    with np.errstate(invalid="ignore"):
        near_threshold = np.count_nonzero((salary >= 2.5 * gni) & (salary < 3 * gni))
    assert near_threshold > 1_000
    assert np.count_nonzero(frame.number("rank_level_3") == 0) > 0  # Korean equivalents
    uncertain = np.isnan(frame.number("rank_level_3")) & (frame.number("rank_level_3_best") == 0)
    assert np.count_nonzero(uncertain) > 0
    sizes = np.bincount(pool.segments["company_size"], minlength=5)
    assert sizes[1] == sizes.max()  # SMEs are the largest group
    assert np.count_nonzero(pool.frame.categories["government_programme"]) > 0
    assert np.count_nonzero(~np.isnan(frame.number("technical_expertise_score"))) > 0
    # The best case is never worse than the certain value.
    for fact in ("global_company_years", "institute_postdoc_years", "related_degree_level"):
        assert np.all(frame.number(f"{fact}_best") >= frame.number(fact))
    certain_rank = frame.number("rank_level_3")
    assert np.all(np.isnan(certain_rank) | (frame.number("rank_level_3_best") <= certain_rank))


# The comparison --------------------------------------------------------------------------------


def test_the_same_parameters_on_both_sides_change_nothing() -> None:
    pool = synthetic_pool(20_000, seed=2, as_of=AS_OF)

    result = simulate(pool, baseline(), baseline(), AS_OF)

    assert result["flips"] == []
    assert result["flips_total"] == 0
    for track in result["tracks"]:
        assert track["baseline"] == track["variant"]
        assert track["gained"] == track["lost"] == 0
    json.dumps(result)  # JSON-ready as it is


def _kleene_at_least(value: np.ndarray, best: np.ndarray, limit: float) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.where(value >= limit, TRUE, np.where(best >= limit, UNKNOWN, FALSE))


def _estimated_at_least(value: np.ndarray, limit: float) -> np.ndarray:
    """A salary test on the GNI applied from 2026-04-01, an estimate (00_common.yaml): certainly
    met from 0.5 % above the threshold, to be reviewed from 5 % below it; a salary not given is unknown."""
    with np.errstate(invalid="ignore"):
        met = np.where(value >= limit * 1.005, TRUE, np.where(value >= limit * 0.95, UNKNOWN, FALSE))
    return np.where(np.isnan(value), UNKNOWN, met)


def _ktech_standard_without_salary(frame: FactFrame, parameters: ParameterSet) -> tuple[np.ndarray, float]:
    """Everything in the K-Tech Pass standard track except the 3x salary test, written independently
    (with the GNI in force, for the salary thresholds)."""
    resolved = parameters.resolve(AS_OF)
    gni = float(resolved.value("gni.per_capita_krw"))
    number = frame.number
    industries = set(resolved.value("ktech_pass.industries"))
    vocabulary = frame.categories["offer_industry"]
    from talentcenter.policy.engine.facts import CATEGORY_FACTS

    wanted = [CATEGORY_FACTS["offer_industry"].index(code) for code in industries]
    industry = np.where(np.isin(vocabulary, wanted), TRUE, FALSE)
    offer = frame.flag("has_offer").astype(np.int64)
    with np.errstate(invalid="ignore"):
        degree = np.where(
            number("rank_level_3") <= 100, TRUE, np.where(number("rank_level_3_best") <= 100, UNKNOWN, FALSE)
        )
    total = _kleene_at_least(number("experience_years"), number("experience_years"), 8)
    global_company = _kleene_at_least(number("global_company_years"), number("global_company_years_best"), 3)
    postdoc = _kleene_at_least(number("postdoc_years"), number("postdoc_years"), 5)
    institute = _kleene_at_least(number("institute_postdoc_years"), number("institute_postdoc_years_best"), 3)
    experience = np.maximum(np.minimum(total, global_company), np.minimum(postdoc, institute))
    waiver = _estimated_at_least(number("salary_krw"), round(4 * gni, 2))
    qualification = np.maximum(np.minimum(degree, experience), np.minimum(waiver, np.maximum(degree, experience)))
    return np.minimum.reduce([offer, industry, qualification]), gni


def test_lowering_the_salary_multiple_only_gains_and_flips_exactly_the_salaries_between_the_thresholds() -> None:
    pool = synthetic_pool(60_000, seed=3, as_of=AS_OF)
    variant = lower_salary_multiple(2.5)

    result = simulate(pool, baseline(), variant, AS_OF, max_flips=100_000)

    rest, gni = _ktech_standard_without_salary(pool.frame, baseline())
    salary = pool.frame.number("salary_krw")
    before = np.minimum(_estimated_at_least(salary, round(3.0 * gni, 2)), rest)
    after = np.minimum(_estimated_at_least(salary, round(2.5 * gni, 2)), rest)
    # The independent computation agrees with the engine on the baseline...
    engine = evaluate(pool.frame, baseline(), AS_OF, [TRACKS[0]])["ktech-pass/standard"].status
    np.testing.assert_array_equal(engine, before)
    # ...and predicts exactly who flips: only gains, from salaries between the thresholds' bands.
    expected_rows = sorted(f"S-{row + 1:06d}" for row in np.flatnonzero(after != before))
    standard = next(track for track in result["tracks"] if track["key"] == "ktech-pass/standard")
    flipped = sorted(flip["row"] for flip in result["flips"] if flip["track"] == "ktech-pass/standard")
    assert bool(np.all(after >= before))
    assert standard["lost"] == 0
    assert flipped == expected_rows
    assert len(expected_rows) > 20
    assert standard["gained"] == int(np.count_nonzero((after == TRUE) & (before != TRUE)))
    assert all(
        flip["from"] in {"not_eligible", "needs_review"}
        for flip in result["flips"]
        if flip["track"] == "ktech-pass/standard"
    )
    # Nothing else reads that parameter.
    assert {flip["track"] for flip in result["flips"]} == {"ktech-pass/standard"}


def test_segment_tables_add_up_to_the_pool_and_to_the_track_totals() -> None:
    pool = synthetic_pool(30_000, seed=4, as_of=AS_OF)
    variant = lower_salary_multiple(2.0)

    result = simulate(pool, baseline(), variant, AS_OF)

    by_track = {track["key"]: track for track in result["tracks"]}
    for dimension in ("industry", "company_size", "nationality", "degree_tier"):
        rows = result["segments"][dimension]
        for key, track in by_track.items():
            mine = [row for row in rows if row["track"] == key]
            assert sum(row["total"] for row in mine) == pool.size
            assert sum(row["baseline_eligible"] for row in mine) == track["baseline"]["eligible"]
            assert sum(row["variant_eligible"] for row in mine) == track["variant"]["eligible"]
            assert all(isinstance(row["label"], str) and row["label"] for row in mine)
    nationalities = {row["segment"] for row in result["segments"]["nationality"]}
    assert len(nationalities) == NATIONALITIES_SHOWN + 1
    assert "other" in nationalities
    assert result["pool"] == {"kind": "synthetic", "size": 30_000}
    assert result["variant"] == {"id": variant.id, "digest": variant.digest}


def test_progress_is_reported_up_to_one_hundred() -> None:
    seen: list[int] = []
    simulate(synthetic_pool(1_000, seed=5, as_of=AS_OF), baseline(), baseline(), AS_OF, progress=seen.append)
    assert seen[0] == 0
    assert seen[-1] == 100
    assert seen == sorted(seen)


def test_the_list_of_flips_is_capped_but_all_are_counted() -> None:
    pool = synthetic_pool(30_000, seed=6, as_of=AS_OF)
    result = simulate(pool, baseline(), lower_salary_multiple(1.5), AS_OF, max_flips=10)
    assert len(result["flips"]) == 10
    assert result["flips_total"] > 10
    flip = result["flips"][0]
    assert set(flip) == {"row", "track", "from", "to", "industry", "company_size", "nationality", "degree_tier"}


# CSV pools -------------------------------------------------------------------------------------


def test_the_example_csv_is_a_valid_pool() -> None:
    pool = pool_from_csv(
        EXAMPLE_CSV.read_text(encoding="utf-8"), as_of=AS_OF, catalogue=bundled_catalogue(), classifier=classifier()
    )
    assert pool.kind == "csv"
    assert pool.row_labels is not None
    assert pool.row_labels[0] == "A-001"
    assert pool.size == len(pool.row_labels) == 12
    result = simulate(pool, baseline(), lower_salary_multiple(2.0), AS_OF)
    assert {flip["row"] for flip in result["flips"]} <= set(pool.row_labels)


def test_csv_problems_name_the_row_and_the_column() -> None:
    text = (
        "# a comment line\n"
        "id,nationality,degree1_level,offer_salary_krw,job1_start,offer_industry\n"
        "X1,ZZ,phd,12a,2020-13-01,semiconductor\n"
        'X2,IN,master,"150,000,000",2020-01-01,steel\n'
        "X1,IN,master,1,,\n"
        ",IN,,,,\n"
        "X5,IN\n"
    )
    with pytest.raises(PoolError) as raised:
        applicants_from_csv(text)
    problems = {(row, column) for row, column, _message in raised.value.problems}
    assert problems == {
        (3, "nationality"),
        (3, "degree1_level"),
        (3, "offer_salary_krw"),
        (3, "job1_start"),
        (4, "offer_industry"),
        (5, "id"),
        (6, "id"),
        (7, ""),
    }
    assert "row 3, nationality" in str(raised.value)


def test_csv_header_problems_are_reported_before_any_row() -> None:
    with pytest.raises(PoolError) as raised:
        applicants_from_csv("nationality,salary\nIN,1\n")
    assert {(column, row) for row, column, _message in raised.value.problems} == {("salary", 1), ("id", 1)}
    with pytest.raises(PoolError):
        applicants_from_csv("")


def test_csv_accepts_semicolons_and_every_documented_column() -> None:
    assert applicants_from_csv("id;nationality;topik_level\nR1;VN;4\n")[1] == ["R1"]
    header = ",".join(COLUMNS)
    applicants, labels = applicants_from_csv(header + "\n" + "R1" + "," * (len(COLUMNS) - 1) + "\n")
    assert labels == ["R1"]
    assert applicants[0].offer is None


# The service and the task ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def english() -> Any:
    """These tests read messages in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def variant(policy_analyst: Any) -> ParameterVariant:
    created = services.variant_create(actor=policy_analyst, slug="lower-salary", name="Lower salary")
    return services.variant_set_value(
        actor=policy_analyst,
        variant=created,
        parameter="ktech_pass.salary_gni_multiple",
        effective_from=date(2026, 7, 2),
        value=2.5,
        source="test",
    )


@pytest.mark.parametrize("who", ["talent", "staff", "anonymous"])
def test_only_policy_managers_may_start_a_simulation(who: str, request: pytest.FixtureRequest, variant: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    actor = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    events_before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        services.simulation_start(
            actor=actor, name="x", variant=variant, as_of=AS_OF, pool_kind=PoolKind.SYNTHETIC, pool_size=1_000
        )

    assert Simulation.objects.count() == 0
    assert AuditEvent.objects.count() == events_before


def test_a_synthetic_simulation_runs_end_to_end(
    policy_analyst: Any, variant: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = IMMEDIATE_TASKS

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        simulation = services.simulation_start(
            actor=policy_analyst,
            name="Salary 2.5x",
            variant=variant,
            as_of=AS_OF,
            pool_kind=PoolKind.SYNTHETIC,
            pool_size=20_000,
            seed=11,
        )

    assert len(callbacks) == 1
    simulation.refresh_from_db()
    assert simulation.status == SimulationStatus.FINISHED
    assert simulation.progress == 100
    assert simulation.error == ""
    assert simulation.started_at is not None
    assert simulation.finished_at is not None
    assert simulation.result["pool"] == {"kind": "synthetic", "size": 20_000}
    assert simulation.result["variant"]["id"] == "variant:lower-salary"
    standard = next(track for track in simulation.result["tracks"] if track["key"] == "ktech-pass/standard")
    assert standard["gained"] > 0
    assert standard["lost"] == 0
    event = AuditEvent.objects.get(action="policy.simulation_started")
    assert event.subject_id == str(simulation.pk)

    # The flips export has a header and one line per listed flip.
    rows = list(csv.reader(io.StringIO(selectors.simulation_flips_csv(simulation))))
    assert len(rows) == 1 + len(simulation.result["flips"])
    assert rows[1][0].startswith("S-")
    assert rows[1][1] == "ktech-pass/standard"

    # Running it again (a retried task) does not redo it.
    finished_at = simulation.finished_at
    again = services.simulation_run(simulation_id=simulation.pk)
    assert again.finished_at == finished_at


def test_a_csv_simulation_runs_on_the_uploaded_rows(
    policy_analyst: Any, variant: Any, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = IMMEDIATE_TASKS
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("pool.csv", EXAMPLE_CSV.read_bytes(), content_type="text/csv")

    with django_capture_on_commit_callbacks(execute=True):
        simulation = services.simulation_start(
            actor=policy_analyst, name="CSV", variant=variant, as_of=AS_OF, pool_kind=PoolKind.CSV, pool_file=upload
        )

    simulation.refresh_from_db()
    assert simulation.status == SimulationStatus.FINISHED, simulation.error
    assert simulation.pool_size == 12
    assert simulation.result["pool"] == {"kind": "csv", "size": 12}
    assert all(flip["row"].startswith("A-") for flip in simulation.result["flips"])


def test_a_bad_csv_or_size_is_refused_before_anything_is_queued(
    policy_analyst: Any, variant: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("pool.csv", b"id,nationality\nA,ZZ\n", content_type="text/csv")

    with pytest.raises(ValidationError) as raised:
        services.simulation_start(
            actor=policy_analyst, name="CSV", variant=variant, as_of=AS_OF, pool_kind=PoolKind.CSV, pool_file=upload
        )
    assert "pool_file" in raised.value.message_dict
    assert any("row 2, nationality" in message for message in raised.value.message_dict["pool_file"])

    with pytest.raises(ValidationError) as raised:
        services.simulation_start(
            actor=policy_analyst,
            name="Big",
            variant=variant,
            as_of=AS_OF,
            pool_kind=PoolKind.SYNTHETIC,
            pool_size=1_000_001,
        )
    assert "pool_size" in raised.value.message_dict

    with pytest.raises(ValidationError) as raised:
        services.simulation_start(actor=policy_analyst, name="Stored", variant=variant, as_of=AS_OF, pool_kind="stored")
    assert "pool_kind" in raised.value.message_dict
    assert Simulation.objects.count() == 0
    assert not AuditEvent.objects.filter(action="policy.simulation_started").exists()


def test_the_stored_pool_takes_the_latest_assessment_per_talent(
    policy_analyst: Any, staff: Any, talent: Any, variant: Any
) -> None:
    applicants = synthetic_applicants(3, seed=9)
    profile = talent.talent_profile
    for applicant in applicants[:2]:  # two assessments of the same talent: only the latest counts
        services.assessment_record(
            actor=staff, applicant=applicant, as_of=AS_OF, kind=AssessmentKind.OFFICIAL, subject=profile
        )
    services.assessment_record(actor=staff, applicant=applicants[2], as_of=AS_OF, kind=AssessmentKind.OFFICIAL)
    latest = Assessment.objects.filter(subject=profile).order_by("-created_at", "-id").first()
    assert latest is not None

    stored, labels = selectors.simulation_stored_applicants()

    assert len(stored) == 2  # one for the talent, one for the staff member's assessment without a talent
    assert labels == ["A-000001", "A-000002"]  # numbered in pool order, never by assessment id
    assert ApplicantIn.model_validate(latest.applicant) in stored
    simulation = services.simulation_start(
        actor=policy_analyst, name="Stored", variant=variant, as_of=AS_OF, pool_kind=PoolKind.STORED
    )
    finished = services.simulation_run(simulation_id=simulation.pk)
    assert finished.status == SimulationStatus.FINISHED, finished.error
    assert finished.result["pool"] == {"kind": "stored", "size": 2}


def test_progress_is_saved_in_steps_of_about_ten_percent(policy_analyst: Any, variant: Any) -> None:
    simulation = Simulation.objects.create(
        name="Steps",
        variant=variant,
        as_of=AS_OF,
        pool_kind=PoolKind.SYNTHETIC,
        pool_size=10,
        status=SimulationStatus.RUNNING,
        created_by=policy_analyst,
    )
    report = services._progress_reporter(simulation.pk)
    saved = []
    for percent in (5, 12, 15, 23, 100):
        report(percent)
        simulation.refresh_from_db()
        saved.append(simulation.progress)
    assert saved == [0, 12, 12, 23, 99]  # 100 is written only with the result


def test_a_run_that_cannot_read_its_pool_is_marked_failed(policy_analyst: Any, variant: Any) -> None:
    simulation = Simulation.objects.create(
        name="Broken", variant=variant, as_of=AS_OF, pool_kind=PoolKind.CSV, created_by=policy_analyst
    )

    finished = services.simulation_run(simulation_id=simulation.pk)

    assert finished.status == SimulationStatus.FAILED
    assert "missing" in finished.error


def test_pool_from_applicants_prepares_every_row_like_prepare_does() -> None:
    applicants = synthetic_applicants(2_500, seed=13)  # more than one chunk
    seen: list[int] = []
    pool = pool_from_applicants(
        applicants,
        [str(index) for index in range(2_500)],
        AS_OF,
        bundled_catalogue(),
        classifier(),
        progress=seen.append,
    )
    one_by_one = FactFrame.from_rows(
        [prepare(applicant, AS_OF, bundled_catalogue(), classifier()).values for applicant in applicants]
    )
    for kind in ("numbers", "flags", "categories"):
        for name, column in getattr(one_by_one, kind).items():
            np.testing.assert_array_equal(getattr(pool.frame, kind)[name], column, err_msg=name)
    assert seen[-1] == 100


def test_pool_from_applicants_labels_rows_and_nationalities() -> None:
    applicants = synthetic_applicants(40, seed=12)
    labels = [f"row {index}" for index in range(40)]
    pool = pool_from_applicants(applicants, labels, AS_OF, bundled_catalogue(), classifier())
    assert pool.row_label(5) == "row 5"
    codes = [applicant.person.nationality or "" for applicant in applicants if applicant.person]
    assert len(pool.segment_labels["nationality"]) == len(set(codes))


# The CLI ---------------------------------------------------------------------------------------


def test_cli_prints_a_table_and_json_without_the_database(capsys: pytest.CaptureFixture[str]) -> None:
    change = f"--set=ktech_pass.salary_gni_multiple=2.5@{CHANGE_FROM}"
    call_command("simulate", change, "--pool=synthetic:5000", "--as-of=2026-07-15", "--seed=3")
    table = capsys.readouterr().out
    assert "ktech-pass/standard" in table
    assert "Gained" in table

    call_command("simulate", change, "--pool=synthetic:5000", "--as-of=2026-07-15", "--seed=3", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["pool"] == {"kind": "synthetic", "size": 5000}
    standard = next(track for track in result["tracks"] if track["key"] == "ktech-pass/standard")
    assert standard["lost"] == 0


@pytest.mark.django_db
def test_cli_runs_a_stored_variant_on_a_csv_pool(variant: Any, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("simulate", "--variant=lower-salary", f"--pool=csv:{EXAMPLE_CSV}", "--as-of=2026-07-15", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["variant"]["id"] == "variant:lower-salary"
    assert result["pool"] == {"kind": "csv", "size": 12}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["--variant=no-such-variant"],
        ["--set=no.such.parameter=1@2026-01-01"],
        ["--set=ktech_pass.salary_gni_multiple=high@2026-01-01"],
        ["--set=ktech_pass.salary_gni_multiple=2.5"],
        ["--set=ktech_pass.salary_gni_multiple=2.5@2026-01-01", "--as-of=2026-02-30"],
        ["--set=ktech_pass.salary_gni_multiple=2.5@2026-01-01", "--pool=synthetic:1000001"],
        ["--set=ktech_pass.salary_gni_multiple=2.5@2026-01-01", "--pool=synthetic:many"],
        ["--set=ktech_pass.salary_gni_multiple=2.5@2026-01-01", "--pool=csv:/no/such/file.csv"],
        ["--set=ktech_pass.salary_gni_multiple=2.5@2026-01-01", "--pool=stored"],
        ["--set=ktech_pass.salary_gni_multiple=2.5@2026-01-01", "--pool=elsewhere"],
    ],
)
def test_cli_errors_exit_with_code_2(arguments: list[str]) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("simulate", *arguments)
    assert raised.value.returncode == 2


@pytest.mark.django_db
def test_cli_reports_a_bad_csv_pool_with_code_2(tmp_path: Path) -> None:
    path = tmp_path / "pool.csv"
    path.write_text("id,nationality\nA,ZZ\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("simulate", "--set=ktech_pass.salary_gni_multiple=2@2026-01-01", f"--pool=csv:{path}")
    assert raised.value.returncode == 2
    assert "row 2, nationality" in str(raised.value)

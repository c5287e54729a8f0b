"""`talentcenter assess`: the engine's answer as JSON on standard output, exit code 2 on bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from talentcenter.policy.engine import TRACKS, ApplicantIn, baseline
from talentcenter.policy.services import assessment_run
from talentcenter.policy.tests.test_api import APPLICANT

ROOT = Path(__file__).resolve().parents[4]


def run(*arguments: str, stdin: str = "") -> tuple[int, str, str]:
    """``call_command`` as the console would: the exit code, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command("assess", *arguments, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def applicant_file(tmp_path: Path) -> Path:
    path = tmp_path / "applicant.json"
    path.write_text(json.dumps(APPLICANT), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_assess_prints_the_engines_answer(applicant_file: Path) -> None:
    # When the example applicant is assessed as of a date for one programme
    code, out, err = run("--as-of", "2026-11-23", "--programme", "ktech-pass", str(applicant_file))

    # Then the JSON on standard output is exactly what the service answers
    assert (code, err) == (0, "")
    answer = json.loads(out)
    expected = assessment_run(
        ApplicantIn.model_validate(APPLICANT),
        as_of=date(2026, 11, 23),
        programmes=["ktech-pass"],
        language="en",
    )
    assert answer == json.loads(json.dumps(expected))
    assert answer["parameter_set"]["digest"] == baseline().digest
    assert out.startswith('{\n  "as_of": "2026-11-23"')  # pretty-printed


@pytest.mark.django_db
def test_assess_reads_standard_input_and_every_programme_by_default() -> None:
    code, out, _err = run("-", stdin=json.dumps(APPLICANT))

    assert code == 0
    assert len(json.loads(out)["results"]) == len(TRACKS)


@pytest.mark.django_db
def test_assess_speaks_korean_when_asked(applicant_file: Path) -> None:
    code, out, _err = run("--language", "ko", "--programme", "ktech-pass", str(applicant_file))

    assert code == 0
    criteria = json.loads(out)["results"][0]["criteria"]
    salary = next(item for item in criteria if item["id"] == "salary")
    assert salary["parameter"]["label"] == baseline()["ktech_pass.salary_gni_multiple"].label_ko


BAD_INPUT: list[tuple[str, list[str], str, str]] = [
    # (case, arguments, standard input, what standard error must name)
    ("bad JSON", ["-"], '{"person": ', "not valid JSON"),
    ("unknown field", ["-"], '{"salary": 1}', "salary"),
    ("wrong type", ["-"], '{"languages": [{"language": "ko", "level": "3"}]}', "languages.0.level"),
    ("date as digits", ["-"], '{"person": {"birth_date": "0"}}', "person.birth_date"),
    (
        "impossible date",
        ["-"],
        '{"education": [{"level": "master", "completed": "2020-02-30"}]}',
        "education.0.completed",
    ),
    ("unknown programme", ["--programme", "h1b", "-"], "{}", "--programme"),
    ("bad date", ["--as-of", "2026-13-01", "-"], "{}", "--as-of"),
    ("date with a time", ["--as-of", "2026-01-01T00:00", "-"], "{}", "--as-of"),
    ("missing file", ["/nonexistent/applicant.json"], "", "no such file"),
    (
        "end before start",
        ["-"],
        '{"experience": [{"start": "2020-01-01", "end": "2019-12-31"}]}',
        "experience.0.end",
    ),
    (
        "degree completed the day after --as-of",
        ["--as-of", "2026-11-23", "-"],
        '{"education": [{"level": "master", "completed": "2026-11-24"}]}',
        "education.0.completed",
    ),
    (
        "born the day after --as-of",
        ["--as-of", "2026-11-23", "-"],
        '{"person": {"birth_date": "2026-11-24"}}',
        "person.birth_date",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "stdin", "named"), [pytest.param(a, s, n, id=case) for case, a, s, n in BAD_INPUT]
)
def test_bad_input_exits_with_2_naming_the_problem(arguments: list[str], stdin: str, named: str) -> None:
    code, out, err = run(*arguments, stdin=stdin)

    assert code == 2
    assert out == ""
    assert err.startswith("assess: ")
    assert named in err


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("applicant", "field"),
    [
        pytest.param(
            {"education": [{"level": "master", "completed": "2026-11-24"}]}, "education.0.completed", id="degree"
        ),
        pytest.param({"person": {"birth_date": "2026-11-24"}}, "person.birth_date", id="birth"),
    ],
)
def test_a_fact_dated_after_the_as_of_date_is_one_line_naming_the_field(applicant: dict[str, Any], field: str) -> None:
    code, out, err = run("--as-of", "2026-11-23", "-", stdin=json.dumps(applicant))

    assert (code, out) == (2, "")
    assert err.splitlines() == [err.rstrip("\n")]  # one line
    assert err.startswith(f"assess: {field}: ")
    assert "2026-11-24" in err
    assert "2026-11-23" in err

    # On the as-of date itself the same fact is accepted.
    same_day = json.loads(json.dumps(applicant).replace("2026-11-24", "2026-11-23"))
    code, out, err = run("--as-of", "2026-11-23", "--programme", "ktech-pass", "-", stdin=json.dumps(same_day))
    assert (code, err) == (0, "")


# --- As a separate process, the way people run it ---------------------------------------------------
# (each start costs seconds: the exit codes of every other bad input are checked in process above)
@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A migrated SQLite database of its own: the subprocess cannot see the test database."""
    path = tmp_path_factory.mktemp("assess") / "cli.sqlite3"
    # PYTHONPATH: the code of this checkout, whichever one the environment installed.
    environment = {
        **os.environ,
        "SQLITE_PATH": str(path),
        "TALENTCENTER_ENV": "development",
        "PYTHONPATH": str(ROOT / "src"),
    }
    for name in ("DATABASE_URL", "PYTHONIOENCODING", "PYTHONUTF8"):
        environment.pop(name, None)
    subprocess.run(
        [sys.executable, "-m", "talentcenter", "migrate", "--no-input", "-v", "0"],
        env=environment,
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    return environment


def talentcenter(environment: dict[str, str], *arguments: str, stdin: str = "") -> Any:
    return subprocess.run(
        [sys.executable, "-m", "talentcenter", "assess", *arguments],
        env=environment,
        cwd=ROOT,
        input=stdin.encode(),
        capture_output=True,
        timeout=120,
    )


def test_the_command_prints_utf8_json_and_exits_0(database: dict[str, str], applicant_file: Path) -> None:
    completed = talentcenter(
        {**database, "LANG": "C", "LC_ALL": "C"}, "--language", "ko", "--as-of", "2026-11-23", str(applicant_file)
    )

    assert completed.returncode == 0, completed.stderr
    answer = json.loads(completed.stdout.decode("utf-8"))
    assert answer["as_of"] == "2026-11-23"
    assert answer["language"] == "ko"
    assert any("가" <= char <= "힣" for char in completed.stdout.decode("utf-8"))  # Korean, not \\u escapes


def test_the_command_reads_standard_input(database: dict[str, str]) -> None:
    completed = talentcenter(database, "--programme", "e7-1", "-", stdin=json.dumps(APPLICANT))

    assert completed.returncode == 0, completed.stderr
    assert [item["programme"] for item in json.loads(completed.stdout)["results"]] == ["e7-1"]


def test_the_command_exits_2_on_a_malformed_file(database: dict[str, str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"offer": {"annual_salary_krw": "a lot"}}', encoding="utf-8")

    completed = talentcenter(database, str(broken))

    assert completed.returncode == 2
    assert completed.stdout == b""
    assert b"offer.annual_salary_krw" in completed.stderr


# --- Many applicants: a JSON array or JSON Lines in, one answer a line out ---------------------------
OTHER_APPLICANT: dict[str, Any] = {**APPLICANT, "offer": {**APPLICANT["offer"], "annual_salary_krw": 30_000_000}}


def _expected(applicant: dict[str, Any]) -> dict[str, Any]:
    answer = assessment_run(
        ApplicantIn.model_validate(applicant), as_of=date(2026, 11, 23), programmes=["e7-1"], language="ko"
    )
    return json.loads(json.dumps(answer))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        pytest.param(json.dumps([APPLICANT, OTHER_APPLICANT]), id="array"),
        pytest.param(f"{json.dumps(APPLICANT)}\n\n{json.dumps(OTHER_APPLICANT)}\n", id="json-lines"),
    ],
)
def test_many_applicants_give_one_answer_a_line_in_order(text: str) -> None:
    # When a file of two applicants is assessed
    code, out, err = run("--as-of", "2026-11-23", "--programme", "e7-1", "--language", "ko", "-", stdin=text)

    # Then each answer is one line of JSON, in the input's order, the same as one applicant's answer
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert [json.loads(line) for line in lines] == [_expected(APPLICANT), _expected(OTHER_APPLICANT)]
    assert json.loads(lines[0])["results"][0]["status"] != json.loads(lines[1])["results"][0]["status"]


@pytest.mark.django_db
def test_a_json_lines_file_of_one_applicant_gives_one_line(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(APPLICANT) + "\n", encoding="utf-8")

    code, out, _err = run("--as-of", "2026-11-23", "--programme", "e7-1", "--language", "ko", str(path))

    assert code == 0
    assert out.count("\n") == 1
    assert json.loads(out) == _expected(APPLICANT)


MANY_BAD: list[tuple[str, str, list[str]]] = [
    # (case, standard input, what standard error must say, line by line)
    (
        "bad field on line 3",
        f"{json.dumps(APPLICANT)}\n\n"
        + json.dumps({**APPLICANT, "offer": {"annual_salary_krw": "a lot"}})
        + f"\n{json.dumps(APPLICANT)}\n",
        ["assess: line 3: offer.annual_salary_krw: Input should be a valid integer"],
    ),
    (
        "bad JSON on line 2",
        f'{json.dumps(APPLICANT)}\n{{"person": \n',
        ["assess: line 2: not valid JSON"],
    ),
    ("not an object", f"{json.dumps(APPLICANT)}\n[1]\n", ["assess: line 2: (the applicant): "]),
    (
        "bad item of an array",
        json.dumps([APPLICANT, {"person": {"nationality": "XX"}}]),
        ["assess: item 2: person.nationality: Value error, 'XX' is not an ISO 3166 country code"],
    ),
    ("empty array", "[]", ["assess: the file holds no applicants"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("stdin", "said"), [pytest.param(s, said, id=case) for case, s, said in MANY_BAD])
def test_a_bad_applicant_among_many_exits_2_naming_its_line_and_field(stdin: str, said: list[str]) -> None:
    code, out, err = run("-", stdin=stdin)

    # Then nothing is assessed, and standard error names where the problem is, without a traceback
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == len(said)
    for line, start in zip(lines, said, strict=True):
        assert line.startswith(start)
    assert "Traceback" not in err


def test_a_fresh_install_assesses_from_the_shipped_lists(tmp_path: Path, applicant_file: Path) -> None:
    # Given a database path where nothing was ever migrated
    environment = {**os.environ, "SQLITE_PATH": str(tmp_path / "fresh.sqlite3"), "PYTHONPATH": str(ROOT / "src")}
    environment["TALENTCENTER_ENV"] = "development"
    for name in ("DATABASE_URL", "PYTHONIOENCODING", "PYTHONUTF8"):
        environment.pop(name, None)

    # When an applicant and then a file of two are assessed
    one = talentcenter(environment, "--as-of", "2026-11-23", "--programme", "ktech-pass", str(applicant_file))
    many = talentcenter(environment, "--as-of", "2026-11-23", "-", stdin=json.dumps([APPLICANT, OTHER_APPLICANT]))

    # Then both answer from the lists shipped with the package, saying so in one line, and exit 0
    for completed in (one, many):
        assert completed.returncode == 0, completed.stderr
        assert completed.stderr.decode().count("\n") <= 1
        assert b"using the lists shipped with talentcenter" in completed.stderr
        assert b"Traceback" not in completed.stderr
    answer = json.loads(one.stdout)
    assert answer["results"][0]["status"] == "eligible"
    assert {item["kind"] for item in answer["reference_lists"]} == {"qs_world", "usnews_global", "fortune_global_500"}
    assert len(many.stdout.decode().splitlines()) == 2

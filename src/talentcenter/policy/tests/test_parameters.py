"""Dated parameters: every value sourced and dated, units checked, variants and digests."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from talentcenter.policy.engine.parameters import (
    PARAMETERS_DIR,
    UNITS,
    ParameterError,
    ParameterSet,
    baseline,
    coerce_value,
    parameter_set_from_dict,
    parameters_from_documents,
)
from talentcenter.policy.engine.sources import source_from_text

GNI_CSV = Path(__file__).resolve().parents[2] / "reference" / "data" / "korea_gni_per_capita.csv"


def documents() -> list[tuple[str, dict[str, Any]]]:
    return [
        (path.name, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in sorted(PARAMETERS_DIR.glob("*.yaml"))
    ]


def raw_parameters() -> list[tuple[str, dict[str, Any]]]:
    return [(filename, raw) for filename, document in documents() for raw in document["parameters"]]


def test_there_are_parameter_files() -> None:
    assert len(documents()) >= 6
    assert len(baseline().parameters) == len(raw_parameters())


@pytest.mark.parametrize(
    ("filename", "raw"), raw_parameters(), ids=lambda value: value if isinstance(value, str) else value["name"]
)
def test_every_value_is_dated_sourced_and_fits_its_unit(filename: str, raw: dict[str, Any]) -> None:
    assert raw["unit"] in UNITS
    assert raw["label_en"].strip()
    assert raw["label_ko"].strip()
    assert raw["values"], "a parameter needs at least one value"
    dates = []
    for value in raw["values"]:
        # Shipped values list their sources with a kind (official, press, guide, or the center's
        # working assumption), never as one untyped line.
        assert "source" not in value, f"{raw['name']} {value['from']}: list 'sources' with their kinds"
        kinds = [source["kind"] for source in value["sources"]]
        assert kinds and set(kinds) <= {"official", "press", "guide", "center"}, f"{raw['name']} {value['from']}"
        assert isinstance(value["from"], date), f"{raw['name']}: {value['from']!r} is not a YAML date"
        coerce_value(raw["name"], raw["unit"], value["value"])
        dates.append(value["from"])
    assert dates == sorted(dates), "values are listed oldest first"
    assert len(set(dates)) == len(dates), "one value per date"


def test_parameter_names_are_unique_and_prefixed_by_programme() -> None:
    names = [raw["name"] for _filename, raw in raw_parameters()]
    assert len(names) == len(set(names))
    prefixes = {
        "common": "gni.",
        "ktech-pass": "ktech_pass.",
        "top-tier-visa": "top_tier_visa.",
        "kotra-recommendation": "kotra_recommendation.",
        "e7-1": "e7_1.",
    }
    for _filename, document in documents():
        prefix = prefixes.get(document["programme"])
        if prefix:
            assert all(raw["name"].startswith(prefix) for raw in document["parameters"]), document["programme"]


def test_date_parameters_take_effect_on_their_own_date() -> None:
    for name, parameter in baseline().parameters.items():
        if parameter.unit == "date":
            for dated in parameter.values:
                assert dated.value == dated.effective_from, name


# coerce_value -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "raw"),
    [
        ("krw", "149865000"),
        ("krw", True),
        ("krw", -1),
        ("krw", [1]),
        ("years", "8"),
        ("points", -5),
        ("multiple", -0.5),
        ("multiple", "3"),
        ("multiple", False),
        ("share", {"value": 0.7}),
        ("date", "2025-13-01"),
        ("date", "tomorrow"),
        ("codes", "semiconductor"),
        ("codes", ["semiconductor", ""]),
        ("codes", [1, 2]),
        ("bands", []),
        ("bands", "10:5"),
        ("bands", [[1]]),
        ("bands", [[1, 2, 3]]),
        ("bands", [[1, -2]]),
        ("bands", [[True, 2]]),
        ("bands", [["1", 2]]),
        ("furlongs", 1),
    ],
)
def test_coerce_value_refuses_bad_input(unit: str, raw: Any) -> None:
    with pytest.raises(ParameterError):
        coerce_value("some.parameter", unit, raw)


@pytest.mark.parametrize(
    ("unit", "raw", "expected"),
    [
        ("krw", 149_865_000, 149_865_000),
        ("krw", None, None),
        ("multiple", 3, 3.0),
        ("share", 0.7, 0.7),
        ("date", "2025-04-02", date(2025, 4, 2)),
        ("date", date(2025, 4, 2), date(2025, 4, 2)),
        ("codes", ["ai", "bio"], ("ai", "bio")),
        ("codes", [], ()),  # a variant may list no code at all (nobody qualifies)
        ("bands", [[3, 12], [4, 15], [1.5, 5]], ((4.0, 15.0), (3.0, 12.0), (1.5, 5.0))),
    ],
)
def test_coerce_value_accepts_and_normalises(unit: str, raw: Any, expected: Any) -> None:
    assert coerce_value("some.parameter", unit, raw) == expected


def test_malformed_documents_are_refused() -> None:
    def document(values: list[dict[str, Any]], unit: str = "krw") -> list[dict[str, Any]]:
        return [
            {
                "programme": "x",
                "parameters": [{"name": "x.a", "unit": unit, "label_en": "A", "label_ko": "A", "values": values}],
            }
        ]

    with pytest.raises(ParameterError, match="source"):
        parameters_from_documents(document([{"from": date(2025, 1, 1), "value": 1, "source": " "}]))
    with pytest.raises(ParameterError, match="same day"):
        parameters_from_documents(
            document(
                [{"from": "2025-01-01", "value": 1, "source": "s"}, {"from": "2025-01-01", "value": 2, "source": "s"}]
            )
        )
    with pytest.raises(ParameterError, match="unknown unit"):
        parameters_from_documents(document([{"from": "2025-01-01", "value": 1, "source": "s"}], unit="furlongs"))
    with pytest.raises(ParameterError, match="YYYY-MM-DD"):
        parameters_from_documents(document([{"from": "1 April 2025", "value": 1, "source": "s"}]))


# resolving, variants and digests ---------------------------------------------------------------


def test_value_in_force_on_a_date() -> None:
    resolved = baseline().resolve(date(2025, 3, 31))
    assert resolved.value("gni.per_capita_krw") == 44_051_000
    assert baseline().resolve(date(2025, 4, 1)).value("gni.per_capita_krw") == 49_955_000
    assert baseline().resolve(date(2024, 3, 31)).entry("gni.per_capita_krw") is None
    with pytest.raises(ParameterError):
        baseline()["no.such.parameter"]


def test_with_overrides_replaces_a_value_on_the_same_date() -> None:
    base = baseline()
    variant = base.with_overrides(
        "variant:test",
        {"gni.per_capita_krw": [{"from": "2025-04-01", "value": 50_000_000, "source": "a test"}]},
    )
    before = [(dated.effective_from, dated.value) for dated in base["gni.per_capita_krw"].values]
    after = [(dated.effective_from, dated.value) for dated in variant["gni.per_capita_krw"].values]
    assert len(after) == len(before)
    assert (date(2025, 4, 1), 50_000_000) in after
    assert (date(2025, 4, 1), 49_955_000) not in after
    assert variant["gni.per_capita_krw"].values[1].source == "a test"
    assert (variant.id, variant.based_on) == ("variant:test", "baseline")
    assert base.resolve(date(2025, 6, 1)).value("gni.per_capita_krw") == 49_955_000  # the baseline is untouched
    assert variant["ktech_pass.experience_years"] is base["ktech_pass.experience_years"]


def test_with_overrides_adds_a_new_date_in_order() -> None:
    variant = baseline().with_overrides(
        "variant:test",
        {"ktech_pass.salary_gni_multiple": [{"from": "2027-01-01", "value": 2.5, "source": "a test"}]},
    )
    values = variant["ktech_pass.salary_gni_multiple"].values
    assert [dated.effective_from for dated in values] == [date(2025, 4, 2), date(2027, 1, 1)]
    assert variant.resolve(date(2026, 12, 31)).value("ktech_pass.salary_gni_multiple") == 3.0
    assert variant.resolve(date(2027, 1, 1)).value("ktech_pass.salary_gni_multiple") == 2.5


@pytest.mark.parametrize(
    "overrides",
    [
        {"no.such.parameter": [{"from": "2027-01-01", "value": 1, "source": "s"}]},
        {"ktech_pass.salary_gni_multiple": [{"from": "2027-01-01", "value": "three", "source": "s"}]},
        {"ktech_pass.salary_gni_multiple": [{"from": "2027-01-01", "value": 3, "source": ""}]},
        {"ktech_pass.salary_gni_multiple": [{"value": 3, "source": "s"}]},
        {"ktech_pass.industries": [{"from": "2027-01-01", "value": "ai", "source": "s"}]},
    ],
)
def test_with_overrides_refuses_bad_values(overrides: dict[str, Any]) -> None:
    with pytest.raises(ParameterError):
        baseline().with_overrides("variant:bad", overrides)


def test_digest_is_stable_and_follows_content() -> None:
    base = baseline()
    assert len(base.digest) == 16
    rebuilt = parameter_set_from_dict(base.as_dict())
    assert rebuilt.digest == base.digest
    reordered = ParameterSet(id="other-id", parameters=dict(reversed(list(base.parameters.items()))))
    assert reordered.digest == base.digest  # content, not order or name
    same_value = base.with_overrides(
        "v",
        {
            "gni.per_capita_krw": [
                {
                    "from": "2025-04-01",
                    "value": 49_955_000,
                    "sources": [source.as_dict() for source in base["gni.per_capita_krw"].values[1].sources],
                    "note_en": base["gni.per_capita_krw"].values[1].note_en,
                    "note_ko": base["gni.per_capita_krw"].values[1].note_ko,
                }
            ]
        },
    )
    assert same_value.digest == base.digest
    changed = base.with_overrides(
        "v", {"gni.per_capita_krw": [{"from": "2025-04-01", "value": 49_955_001, "source": "s"}]}
    )
    assert changed.digest != base.digest


def test_snapshot_with_a_wrong_digest_is_refused() -> None:
    data = baseline().as_dict()
    data["parameters"][0]["values"][0]["value"] = 1
    with pytest.raises(ParameterError, match="digest"):
        parameter_set_from_dict(data)


# GNI against the reference series --------------------------------------------------------------


def gni_rows_from_csv() -> dict[date, tuple[int, str]]:
    """Rule: the provisional figure released in March of year Y applies from 1 April of Y."""
    lines = [
        line for line in GNI_CSV.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")
    ]
    derived: dict[date, tuple[int, str]] = {}
    for row in csv.DictReader(lines):
        release = row["release_date"]
        if row["status"] != "provisional" or not row["krw"] or release[5:7] != "03":
            continue
        release_year = int(release[:4])
        assert int(row["year"]) == release_year - 1, "a March release gives the previous year's figure"
        derived[date(release_year, 4, 1)] = (int(row["krw"]), row["source_url"])
    return derived


def test_gni_parameter_agrees_with_the_reference_series() -> None:
    derived = gni_rows_from_csv()
    values = baseline()["gni.per_capita_krw"].values
    first = values[0].effective_from
    # The press report the reference series cites is among the value's sources (after the Bank of
    # Korea's release, the official source).
    assert {
        dated.effective_from: (dated.value, url)
        for dated in values
        for url in (source.url for source in dated.cited())
        if url in {row[1] for row in derived.values()}
    } == {day: row for day, row in derived.items() if day >= first}
    assert all(dated.cited()[0].kind == "official" for dated in values)


def test_gni_series_covers_the_documented_thresholds() -> None:
    # The figures officials and the press quoted: 3x and 4x of 49,955,000 (REFERENCE.md section 5).
    gni = baseline().resolve(date(2025, 4, 2)).value("gni.per_capita_krw")
    assert (3 * gni, 4 * gni) == (149_865_000, 199_820_000)


# sources -----------------------------------------------------------------------------------------


def _one_value(**written: Any) -> dict[str, Any]:
    values = [{"from": "2025-01-01", "value": 1, **written}]
    return {
        "programme": "x",
        "parameters": [{"name": "x.a", "unit": "number", "label_en": "A", "label_ko": "A", "values": values}],
    }


def test_sources_are_ranked_official_first_whatever_order_they_are_written_in() -> None:
    # given a value whose sources are written press first, with a guide and an official notice
    document = _one_value(
        sources=[
            {"kind": "press", "url": "https://news.example/a"},
            {"kind": "guide", "url": "https://guide.example/b"},
            {"kind": "official", "title_en": "Notice 2025-1", "title_ko": "고시 제2025-1호"},
            {"kind": "press", "url": "https://news.example/c"},
        ]
    )
    # when it is read
    dated = parameters_from_documents([document])["x.a"].values[0]
    # then the official notice comes first, the press reports keep their order, and the one-line
    # source is the official notice
    assert [(source.kind, source.url) for source in dated.cited()] == [
        ("official", ""),
        ("press", "https://news.example/a"),
        ("press", "https://news.example/c"),
        ("guide", "https://guide.example/b"),
    ]
    assert dated.source == "Notice 2025-1"


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ({"sources": []}, "at least one"),
        ({"sources": [{"kind": "rumour", "url": "https://x.example"}]}, "kind"),
        ({"sources": [{"kind": "press", "url": "news.example/a"}]}, "web address"),
        ({"sources": [{"kind": "official"}]}, "address or a title"),
        ({"sources": [{"kind": "press", "url": "https://x.example", "page": 3}]}, "unknown keys"),
        ({"sources": [{"kind": "center"}], "source": "s"}, "not both"),
    ],
)
def test_malformed_sources_are_refused(written: dict[str, Any], problem: str) -> None:
    with pytest.raises(ParameterError, match=problem):
        parameters_from_documents([_one_value(**written)])


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("https://www.moj.go.kr/notice/1", "official"),
        ("https://www.investkorea.org/ik-en/cntnts/i-436/web.do", "official"),
        ("https://www.hikorea.go.kr/info", "official"),
        ("https://www.fnnews.com/news/1", "press"),
        ("https://not-investkorea.org/x", "press"),
        ("center", "center"),
        ("talentcenter default (sub-items not published; REFERENCE.md §1.6)", "center"),
        ("Draft decree", "other"),
    ],
)
def test_a_one_line_source_is_read_as_a_source_of_a_kind(line: str, kind: str) -> None:
    assert source_from_text(line).kind == kind


def test_a_snapshot_stored_before_sources_had_kinds_keeps_its_digest() -> None:
    # given a snapshot as older versions stored it: one source line per value, no "sources"
    stored = baseline().as_dict()
    for parameter in stored["parameters"]:
        for value in parameter["values"]:
            value.pop("sources", None)
    stored["digest"] = ""
    stored["digest"] = parameter_set_from_dict(stored).digest
    # when it is read back, then its digest is the stored one and it is written back without "sources"
    restored = parameter_set_from_dict(stored)
    assert restored.digest == stored["digest"]
    assert all(
        "sources" not in value for parameter in restored.as_dict()["parameters"] for value in parameter["values"]
    )
    # and its one line still gives a source to show, the center's assumption in words included
    pass_mark = restored["ktech_pass.qualitative.pass_mark"].values[0]
    assert [source.kind for source in pass_mark.cited()] == ["center"]

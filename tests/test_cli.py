"""The `talentcenter` command lists its own commands before Django's and accepts dashed names."""

from __future__ import annotations

import pytest

from talentcenter.cli import main

OWN = ["serve", "worker", "periodic", "demo", "assess", "simulate", "import-reference", "matching-index", "totp"]


@pytest.mark.parametrize("argv", [[], ["--help"], ["-h"], ["help"]])
def test_help_lists_own_commands_first_then_djangos(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    # When the command is run bare or asked for help
    main(["talentcenter", *argv])

    # Then every product command is listed, with its help, before Django's commands
    output = capsys.readouterr().out
    assert output.startswith("Usage: talentcenter <command>")
    own, _, django = output.partition("talentcenter's commands:")[2].partition("Django's commands:")
    listed = [line.split()[0] for line in own.splitlines() if line.startswith("  ") and line.strip()]
    assert listed[: len(OWN)] == OWN
    assert "Unknown command" not in output
    assert "Serve the web application" in own
    assert "    migrate" in django
    assert "  serve" not in django


def test_a_commands_own_help_accepts_dashes(capsys: pytest.CaptureFixture[str]) -> None:
    # When one command's help is asked for with its dashed name, both ways
    main(["talentcenter", "help", "import-reference"])
    with pytest.raises(SystemExit) as exit_status:
        main(["talentcenter", "matching-index", "--help"])

    # Then each prints its own options
    output = capsys.readouterr().out
    assert exit_status.value.code == 0
    assert "usage: talentcenter import_reference" in output
    assert "--edition" in output
    assert "usage: talentcenter matching_index" in output

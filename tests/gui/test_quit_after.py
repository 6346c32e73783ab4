"""``vnsearch gui --quit-after``: the start-up check that make package-smoke runs."""

from __future__ import annotations

import pytest

from tests.gui.conftest import run_offscreen
from vnsearch.cli.main import build_parser


def test_quit_after_shows_first_run_dialog(tmp_path):
    data_dir = tmp_path / "data"

    result = run_offscreen(
        ["-m", "vnsearch", "--data-dir", str(data_dir), "gui", "--quit-after", "1"],
        home=tmp_path / "home",
    )

    assert result.returncode == 0, result.stderr
    log = (data_dir / "logs" / "vnsearch.log").read_text("utf-8")
    assert "Start-up check: visible windows: firstRunDialog" in log
    assert "no model installed yet" in log
    assert "The desktop app closed" in log


@pytest.mark.parametrize("value", ["0", "-1", "3601", "soon"])
def test_quit_after_rejects_bad_duration(value, capsys):
    with pytest.raises(SystemExit) as raised:
        build_parser().parse_args(["gui", "--quit-after", value])

    assert raised.value.code == 2
    assert "invalid duration" in capsys.readouterr().err


def test_quit_after_parses_seconds():
    args = build_parser().parse_args(["gui", "--quit-after", "2.5"])

    assert args.quit_after == 2.5

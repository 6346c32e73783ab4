"""``vnsearch gui --quit-after``: the start-up check that make package-smoke runs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO
from vnsearch.cli.main import build_parser


def test_quit_after_shows_first_run_dialog(tmp_path):
    data_dir = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home")}

    result = subprocess.run(
        [sys.executable, "-m", "vnsearch", "--data-dir", str(data_dir), "gui", "--quit-after", "1"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=REPO,
        check=False,
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

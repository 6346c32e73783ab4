"""Worker launch commands and stream set-up for source installs and the frozen app."""

from __future__ import annotations

import sys

import pytest

from vnsearch import frozen
from vnsearch.cli.main import main
from vnsearch.frozen import WORKER_OPTION, run_worker, worker_command


def test_worker_command_source_install_uses_module():
    command = worker_command("finetune", ["/tmp/run/config.json"], frozen=False)

    assert command == [sys.executable, "-m", "vnsearch.finetune.worker", "/tmp/run/config.json"]


def test_worker_command_frozen_reruns_executable():
    command = worker_command("finetune", ["/tmp/run/config.json"], frozen=True)

    assert command == [sys.executable, WORKER_OPTION, "finetune", "/tmp/run/config.json"]


def test_worker_command_follows_sys_frozen(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)

    assert frozen.is_frozen()
    assert worker_command("finetune", ["c.json"])[1:3] == [WORKER_OPTION, "finetune"]


def test_worker_command_unknown_worker_raises():
    with pytest.raises(ValueError, match="Invalid worker name 'train'"):
        worker_command("train", [])


def test_run_worker_runs_finetune_main(capsys):
    # The fine-tuning worker prints its usage and returns 2 without a config path.
    code = run_worker(["finetune"])

    assert code == 2
    assert "usage: python -m vnsearch.finetune.worker" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["nope"]])
def test_run_worker_bad_name_returns_2(argv, capsys):
    code = run_worker(argv)

    assert code == 2
    assert "finetune" in capsys.readouterr().err


def test_cli_main_dispatches_worker_option(capsys):
    code = main([WORKER_OPTION, "finetune"])

    assert code == 2
    assert "usage" in capsys.readouterr().err


def test_replace_missing_streams_sets_null_device(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)

    frozen.replace_missing_streams()
    try:
        assert sys.stdout is not None
        assert sys.stderr is not None
        print("dropped")
        sys.stderr.write("dropped\n")
    finally:
        sys.stdout.close()
        sys.stderr.close()


def test_bundle_dir_none_outside_bundle(monkeypatch):
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)

    assert frozen.bundle_dir() is None

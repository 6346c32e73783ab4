"""The index's writer lock: one indexing run or model switch at a time, across processes."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from vnsearch.cli.main import main
from vnsearch.engine import Engine
from vnsearch.errors import IndexBusyError
from vnsearch.store.writer_lock import LOCK_FILE, WriterLock

# Holds the lock of the index folder given as argv[1] until killed.
_HOLDER = """
import sys, time
from pathlib import Path
from vnsearch.store.writer_lock import WriterLock
with WriterLock(Path(sys.argv[1])).hold("indexing"):
    print("held", flush=True)
    time.sleep(300)
"""


def _docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "quy-dinh.txt").write_text("Nhân viên được nghỉ phép 12 ngày mỗi năm.", "utf-8")
    return folder


def _start_holder(index_dir: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(index_dir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "held"
    return process


def _stop_holder(process: subprocess.Popen[str], sig: int = signal.SIGKILL) -> None:
    process.send_signal(sig)
    process.wait()
    assert process.stdout is not None
    process.stdout.close()


def test_writer_lock_refuses_second_thread(tmp_path):
    lock = WriterLock(tmp_path)
    acquired, release = threading.Event(), threading.Event()

    def hold() -> None:
        with lock.hold("a model switch"):
            acquired.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert acquired.wait(30)
        busy = r"busy: a model switch started at .* by process"
        with pytest.raises(IndexBusyError, match=busy), WriterLock(tmp_path).hold("indexing"):
            pass
    finally:
        release.set()
        thread.join()

    with WriterLock(tmp_path).hold("indexing"):
        assert (tmp_path / LOCK_FILE).exists()


def test_writer_lock_is_reentrant_in_one_thread(tmp_path):
    lock = WriterLock(tmp_path)
    with lock.hold("re-indexing"), lock.hold("indexing"):
        pass
    with WriterLock(tmp_path).hold("indexing"):
        pass


def test_engine_index_refused_while_other_process_writes(tmp_path):
    engine = Engine(tmp_path / "data")
    holder = _start_holder(engine.store.index_dir)
    try:
        with pytest.raises(IndexBusyError) as error:
            engine.index([_docs(tmp_path)])
        assert "indexing started at" in str(error.value)
        assert f"by process {holder.pid}" in str(error.value)
        with pytest.raises(IndexBusyError):
            engine.activate_model("multilingual-e5-small")
    finally:
        _stop_holder(holder)
    assert engine.store.meta is None  # nothing was written while refused


def test_killed_writer_releases_lock(tmp_path):
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    holder = _start_holder(index_dir)
    _stop_holder(holder)

    deadline = time.monotonic() + 10
    while True:
        try:
            with WriterLock(index_dir).hold("indexing"):
                break
        except IndexBusyError:
            assert time.monotonic() < deadline, "the lock outlived its killed holder"
            time.sleep(0.1)


def test_cli_index_reports_busy_index(tmp_path, capsys):
    data = tmp_path / "data"
    holder = _start_holder(Engine(data).store.index_dir)
    try:
        code = main(["--data-dir", str(data), "index", str(_docs(tmp_path))])
    finally:
        _stop_holder(holder)
    err = capsys.readouterr().err
    assert code != 0
    assert "is busy: indexing started at" in err
    assert "Wait until it finishes" in err

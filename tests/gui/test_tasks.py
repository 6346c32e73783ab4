"""The background-task helper: results, progress and errors come back on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from vnsearch.errors import ModelError
from vnsearch.gui.tasks import THREAD_PREFIX, cancel_all_tasks, run_task


@pytest.fixture
def owner(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_run_task_delivers_result_on_gui_thread(qtbot, owner):
    seen: dict[str, object] = {}

    def work(_context):
        seen["worker"] = threading.current_thread().name
        return 42

    def on_result(value: int) -> None:
        seen["value"] = value
        seen["callback"] = threading.current_thread()

    task = run_task(owner, "answer", work, on_result=on_result, failure_text="failed")
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)

    assert seen["value"] == 42
    assert seen["callback"] is threading.main_thread()
    assert seen["worker"] == THREAD_PREFIX + "answer"
    assert task.wait(5)


def test_run_task_delivers_progress_in_order(qtbot, owner):
    progress: list[int] = []
    done: list[bool] = []

    def work(context):
        for step in range(5):
            context.report(step)
        return None

    run_task(
        owner,
        "steps",
        work,
        on_progress=progress.append,
        on_result=lambda _none: done.append(True),
        failure_text="failed",
    )
    qtbot.waitUntil(lambda: bool(done), timeout=5000)

    assert progress == [0, 1, 2, 3, 4]


def test_run_task_cancel_sets_event(qtbot, owner):
    started = threading.Event()
    results: list[bool] = []

    def work(context):
        started.set()
        return context.cancel.wait(10)

    task = run_task(owner, "cancellable", work, on_result=results.append, failure_text="failed")
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: bool(results), timeout=5000)

    assert results == [True]


def test_run_task_error_goes_to_on_error(qtbot, owner):
    errors: list[BaseException] = []

    def work(_context):
        raise ModelError("model missing")

    run_task(
        owner,
        "failing",
        work,
        on_result=lambda _v: None,
        on_error=errors.append,
        failure_text="failed",
    )
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)

    assert isinstance(errors[0], ModelError)


def test_run_task_error_without_handler_shows_message(qtbot, owner):
    owner.show()

    def work(_context):
        raise ModelError("model missing")

    run_task(owner, "failing", work, on_result=lambda _v: None, failure_text="Loading failed.")
    qtbot.waitUntil(lambda: bool(owner.findChildren(QMessageBox)), timeout=5000)

    box = owner.findChildren(QMessageBox)[0]
    assert box.text().startswith("Loading failed.")
    assert "Models page" in box.text()
    assert "model missing" in box.detailedText()


def test_run_task_skips_callbacks_of_deleted_owner(qtbot):
    owner = QWidget()
    release = threading.Event()
    results: list[int] = []
    task = run_task(
        owner, "orphan", lambda _c: release.wait(5) and 1, on_result=results.append, failure_text=""
    )
    owner.deleteLater()
    qtbot.wait(50)
    release.set()
    assert task.wait(5)
    qtbot.wait(100)

    assert results == []


def test_cancel_all_tasks_stops_running_work(qtbot, owner):
    run_task(owner, "long", lambda c: c.cancel.wait(30), on_result=lambda _v: None, failure_text="")

    assert cancel_all_tasks(timeout=5)

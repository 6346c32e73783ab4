"""Run slow work (indexing, model loading, searches, extraction) off the GUI thread.

Widgets never touch threads: they call :func:`run_task` (a worker thread) or
:func:`run_process_task` (a child process, for work that holds Python's interpreter
lock for long: model loading, embedding) with a function and callbacks. The function
gets a context for progress and cancellation; its progress, result or exception come
back to the GUI thread through Qt signals, and callbacks of a widget that was deleted
meanwhile are dropped. Failures without an ``on_error`` callback go to
:func:`messages.report_error`.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QWidget

from vnsearch.gui.messages import log_data_dir, report_error
from vnsearch.gui.process_worker import child_main
from vnsearch.gui.signals import emit

logger = logging.getLogger("vnsearch.gui")

T = TypeVar("T")
THREAD_PREFIX = "vnsearch-task-"
PROCESS_PREFIX = "vnsearch-process-"
_POLL_S = 0.1
_running: set[BackgroundTask[Any]] = set()
_running_lock = threading.Lock()


class TaskCancelled(Exception):
    """Raised in place of a result when a process task was stopped by cancellation."""


class TaskContext:
    """What the background function receives.

    Attributes:
        cancel: set when the user cancels; long functions check it between steps.
    """

    def __init__(self, task: BackgroundTask[Any]) -> None:
        self._task = task
        self.cancel = task.cancel_event

    @property
    def cancelled(self) -> bool:
        """True once cancellation was requested."""
        return self.cancel.is_set()

    def report(self, progress: object) -> None:
        """Queue a progress payload for the GUI thread; safe from any thread, no waiting."""
        self._task._emit_from_worker(self._task._progress_from_worker, progress)


class BackgroundTask(QObject, Generic[T]):
    """One function run once on a worker thread named ``vnsearch-task-<name>``.

    Signals (all delivered on the GUI thread):
        progress(object): a payload the function passed to ``TaskContext.report``.
        succeeded(object): the function's return value, of type ``T``.
        failed(object): the exception the function raised.
        finished(): after ``succeeded`` or ``failed``.
    """

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()
    _progress_from_worker = Signal(object)
    _done_from_worker = Signal(object, object)

    def __init__(self, name: str, function: Callable[[TaskContext], T]) -> None:
        super().__init__()
        if not name:
            raise ValueError("A background task needs a name for its thread and the log.")
        self.name = name
        self.cancel_event = threading.Event()
        self._function = function
        self._thread: threading.Thread | None = None
        # Queued connections: the worker emits, this object's thread (the GUI) runs.
        queued = Qt.ConnectionType.QueuedConnection
        self._progress_from_worker.connect(self._on_progress_from_worker, queued)
        self._done_from_worker.connect(self._on_done_from_worker, queued)

    def start(self) -> None:
        """Start the worker thread; a task runs once."""
        if self._thread is not None:
            raise RuntimeError(f"Task {self.name} was already started.")
        with _running_lock:
            _running.add(self)
        self._thread = threading.Thread(
            target=self._run, name=THREAD_PREFIX + self.name, daemon=True
        )
        self._thread.start()

    def cancel(self) -> None:
        """Ask the function to stop; it decides where (see TaskContext.cancel)."""
        self.cancel_event.set()

    def is_running(self) -> bool:
        """True from start() until the worker thread has returned."""
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker thread ends; True when it did within ``timeout`` seconds."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        context = TaskContext(self)
        try:
            result = self._function(context)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self._emit_from_worker(self._done_from_worker, None, exc)
        else:
            self._emit_from_worker(self._done_from_worker, result, None)

    def _emit_from_worker(self, signal: Any, *args: object) -> None:
        try:
            emit(signal, *args)
        except RuntimeError:
            # The QObject was deleted while the application shuts down, so no receiver exists.
            logger.debug("Task %s finished after its receiver was deleted", self.name)

    @Slot(object)
    def _on_progress_from_worker(self, payload: object) -> None:
        emit(self.progress, payload)

    @Slot(object, object)
    def _on_done_from_worker(self, result: object, error: object) -> None:
        with _running_lock:
            _running.discard(self)
        if error is None:
            emit(self.succeeded, result)
        else:
            logger.debug("Task %s failed: %r", self.name, error)
            emit(self.failed, error)
        emit(self.finished)


def _guarded(owner: QWidget, callback: Callable[..., None]) -> Callable[..., None]:
    """Wrap ``callback`` so that it is skipped once ``owner`` has been deleted."""

    def call(*args: Any) -> None:
        if shiboken6.isValid(owner):
            callback(*args)

    return call


def run_task(
    owner: QWidget,
    name: str,
    function: Callable[[TaskContext], T],
    *,
    on_result: Callable[[T], None],
    failure_text: str,
    on_progress: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_finished: Callable[[], None] | None = None,
) -> BackgroundTask[T]:
    """Run ``function`` on a worker thread and call back on the GUI thread.

    Args:
        owner: the widget that asked; callbacks are skipped after it is deleted.
        name: short id for the thread name and the log ("search", "index").
        function: the work; it receives a :class:`TaskContext`.
        on_result: called with the return value.
        failure_text: translated sentence shown when the function raises and no
            ``on_error`` is given ("The search failed.").
        on_progress: called with each payload the function reports.
        on_error: called with the exception instead of the default error dialog.
        on_finished: called last, after success or failure.
    """
    task: BackgroundTask[T] = BackgroundTask(name, function)
    task.succeeded.connect(_guarded(owner, on_result))
    if on_progress is not None:
        task.progress.connect(_guarded(owner, on_progress))
    if on_error is not None:
        task.failed.connect(_guarded(owner, on_error))
    else:

        def show(error: object) -> None:
            assert isinstance(error, BaseException)
            if isinstance(error, TaskCancelled):
                logger.debug("%s", error)
                return
            report_error(owner.window(), error, failure_text)

        task.failed.connect(_guarded(owner, show))
    if on_finished is not None:
        task.finished.connect(_guarded(owner, on_finished))
    task.start()
    return task


def _relay_process(
    name: str,
    function: Callable[..., T],
    args: tuple[Any, ...],
    context: TaskContext,
    kill_on_cancel: bool,
) -> T:
    """Start ``function(*args)`` in a spawned child and relay its queue (worker thread)."""
    spawn = multiprocessing.get_context("spawn")
    messages = spawn.Queue()
    cancel_flag = spawn.Event()
    process = spawn.Process(
        target=child_main,
        args=(function, args, messages, cancel_flag, log_data_dir()),
        name=PROCESS_PREFIX + name,
        daemon=True,
    )
    process.start()
    try:
        while True:
            if context.cancelled:
                cancel_flag.set()
                if kill_on_cancel:
                    process.terminate()
                    raise TaskCancelled(f"The {name} task was cancelled.")
            try:
                kind, payload = messages.get(timeout=_POLL_S)
            except queue.Empty:
                if not process.is_alive():
                    raise RuntimeError(
                        f"The {name} worker process ended unexpectedly (exit code "
                        f"{process.exitcode})."
                    ) from None
                continue
            if kind == "progress":
                context.report(payload)
            elif kind == "error":
                raise payload
            else:
                return payload
    finally:
        process.join(timeout=30)
        if process.is_alive():
            logger.warning("Worker process %s did not exit; terminating it", process.name)
            process.terminate()
            process.join()
        messages.close()
        messages.join_thread()


def run_process_task(
    owner: QWidget,
    name: str,
    function: Callable[..., T],
    args: tuple[Any, ...],
    *,
    on_result: Callable[[T], None],
    failure_text: str,
    on_progress: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_finished: Callable[[], None] | None = None,
    kill_on_cancel: bool = False,
) -> BackgroundTask[T]:
    """Run ``function(context, *args)`` in a child process; callbacks as in run_task.

    ``function`` must be importable from a Qt-free module (the child is spawned, not
    forked), and its arguments, progress payloads and result must be picklable. The
    child gets a :class:`process_worker.ProcessContext`; cancelling the returned task
    sets its ``cancel`` event. With ``kill_on_cancel`` the child is terminated at once
    instead, and the task fails with :class:`TaskCancelled`: only for work that writes
    nothing, such as a measurement.
    """
    return run_task(
        owner,
        name,
        lambda context: _relay_process(name, function, args, context, kill_on_cancel),
        on_result=on_result,
        failure_text=failure_text,
        on_progress=on_progress,
        on_error=on_error,
        on_finished=on_finished,
    )


def running_tasks() -> list[BackgroundTask[Any]]:
    """Return the tasks started and not yet delivered to the GUI thread."""
    with _running_lock:
        return list(_running)


def cancel_all_tasks(timeout: float = 30.0) -> bool:
    """Cancel every running task and wait for the worker threads; True when all ended.

    Called when the main window closes, so that no worker writes to the index while
    the process exits. Indexing stops after the batch in flight is committed.
    """
    tasks = running_tasks()
    for task in tasks:
        task.cancel()
    ended = all(task.wait(timeout) for task in tasks)
    if not ended:
        logger.warning("Some background tasks did not stop within %.0f s", timeout)
    return ended

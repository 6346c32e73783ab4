"""The child side of process tasks: run one function and send its outcome to a queue.

Qt-free on purpose: a spawned child imports this module and the task's own module,
never PySide6. Messages on the queue are ``("progress", payload)``, then exactly one
``("result", value)`` or ``("error", exception)``.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

logger = logging.getLogger("vnsearch.gui")

_CANCEL_POLL_S = 0.1
_NICE = 10  # POSIX niceness of worker processes; 0 is normal, 19 the lowest


class WorkContext(Protocol):
    """What a task function receives, in a thread or in a child process."""

    cancel: threading.Event

    @property
    def cancelled(self) -> bool:
        """True once cancellation was requested."""
        ...

    def report(self, progress: object) -> None:
        """Send a progress payload to the GUI."""
        ...


class ProcessContext:
    """The WorkContext of a child process; payloads must be picklable."""

    def __init__(self, queue: Any, cancel: threading.Event) -> None:
        self._queue = queue
        self.cancel = cancel

    @property
    def cancelled(self) -> bool:
        """True once the GUI asked the task to stop."""
        return self.cancel.is_set()

    def report(self, progress: object) -> None:
        """Queue a progress payload for the GUI process."""
        self._queue.put(("progress", progress))


def _picklable(error: BaseException) -> BaseException:
    """Return ``error``, or a RuntimeError with its text when it cannot cross processes."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def _lower_priority() -> None:
    """Let the GUI process win the CPU over background work on busy machines."""
    import psutil

    try:
        if psutil.WINDOWS:
            psutil.Process().nice(psutil.BELOW_NORMAL_PRIORITY_CLASS)
        else:
            psutil.Process().nice(_NICE)
    except (psutil.Error, OSError) as error:
        logger.info("Could not lower the worker's priority: %s", error)


def child_main(
    function: Callable[..., Any],
    args: tuple[Any, ...],
    queue: Any,
    cancel_flag: Any,
    log_data_dir: Path | None,
) -> None:
    """Entry point of the child process (see ``tasks.run_process_task``)."""
    if log_data_dir is not None:
        from vnsearch.logs import setup_logging

        setup_logging(log_data_dir, console=False)
    _lower_priority()
    cancel = threading.Event()

    def watch() -> None:
        # The engine takes a threading.Event; mirror the cross-process flag into it.
        while not cancel.is_set():
            if cancel_flag.wait(_CANCEL_POLL_S):
                cancel.set()

    watcher = threading.Thread(target=watch, name="vnsearch-cancel-watch", daemon=True)
    watcher.start()
    try:
        result = function(ProcessContext(queue, cancel), *args)
    except BaseException as error:
        logger.info("Process task %s failed: %s", getattr(function, "__name__", function), error)
        queue.put(("error", _picklable(error)))
    else:
        queue.put(("result", result))
    finally:
        cancel.set()
        watcher.join()
    _exit_now(queue)


def _exit_now(queue: Any) -> None:
    """End the child as soon as its last message is in the pipe.

    A normal interpreter exit finalizes torch, LanceDB and ONNX Runtime. In a child
    with lowered priority on a busy machine that took over 30 s, and the parent waits
    for the exit before it reports the result. The task functions return only after
    their writes are committed, so skipping the finalization loses nothing they wrote.
    """
    queue.close()
    queue.join_thread()
    logging.shutdown()
    os._exit(0)

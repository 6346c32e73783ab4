"""Indexing runs started from the GUI: the wizard, the index manager and the benchmark.

All of them go through :func:`start_indexing`, so the stall benchmark measures the
same path the user's clicks take. The run happens in a child process (see
:mod:`vnsearch.gui.process_jobs` for why); afterwards the GUI's engine reopens the
index to see what the child wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from vnsearch.engine import Engine
from vnsearch.gui.process_jobs import EngineSpec, IndexRequest, ModelProgress, index_job
from vnsearch.gui.tasks import BackgroundTask, run_process_task, running_tasks
from vnsearch.indexing.progress import IndexReport
from vnsearch.store.index_store import IndexStore

__all__ = ["IndexRequest", "ModelProgress", "is_indexing", "reload_index", "start_indexing"]

TASK_NAME = "index"


def reload_index(engine: Engine) -> None:
    """Reopen the index, so that the GUI sees the tables and model another process wrote.

    LanceDB table handles keep reading the version they opened.
    """
    engine.store = IndexStore(engine.store.index_dir)


def is_indexing() -> bool:
    """True while an indexing run started from the GUI is running."""
    return any(task.name == TASK_NAME and task.is_running() for task in running_tasks())


def start_indexing(
    owner: QWidget,
    engine: Engine,
    request: IndexRequest,
    *,
    on_progress: Callable[[Any], None],
    on_result: Callable[[IndexReport], None],
    failure_text: str,
    on_error: Callable[[BaseException], None] | None = None,
    on_finished: Callable[[], None] | None = None,
) -> BackgroundTask[IndexReport]:
    """Index in a child process; progress payloads are IndexProgress or ModelProgress.

    Raises RuntimeError when another run is in progress: two processes writing the
    same index would conflict.
    """
    if not request.paths:
        raise ValueError("An index request needs at least one folder.")
    if is_indexing():
        raise RuntimeError("Another indexing run is in progress; wait for it to finish.")

    def finished() -> None:
        reload_index(engine)
        if on_finished is not None:
            on_finished()

    return run_process_task(
        owner,
        TASK_NAME,
        index_job,
        (EngineSpec.of(engine), request),
        on_result=on_result,
        on_progress=on_progress,
        on_error=on_error,
        on_finished=finished,
        failure_text=failure_text,
    )

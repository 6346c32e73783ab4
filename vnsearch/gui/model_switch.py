"""Switching the index's embedding model from the GUI: activation and rollback.

The switch runs in a child process with :meth:`Engine.activate_model` or
:meth:`Engine.rollback_model`, so embedding every chunk again never stalls the window
and searches keep using the current model until the switch. Afterwards the GUI's
engine is reopened with the new model (see :meth:`AppContext.reload_engine`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict

from PySide6.QtWidgets import QWidget

from vnsearch.gui.context import AppContext
from vnsearch.gui.i18n import format_duration, format_int, translate
from vnsearch.gui.indexing import is_indexing
from vnsearch.gui.process_jobs import switch_model_job
from vnsearch.gui.tasks import BackgroundTask, run_process_task, running_tasks
from vnsearch.store.switch import SwitchProgress, SwitchReport

logger = logging.getLogger("vnsearch.gui")

TASK_NAME = "switch-model"


def is_switching() -> bool:
    """True while a model switch started from the GUI is running."""
    return any(task.name == TASK_NAME and task.is_running() for task in running_tasks())


def start_model_switch(
    owner: QWidget,
    context: AppContext,
    name: str | None,
    *,
    on_progress: Callable[[SwitchProgress], None],
    on_result: Callable[[SwitchReport], None],
    on_error: Callable[[BaseException], None],
    on_finished: Callable[[], None] | None = None,
    allow_not_recommended: bool = False,
) -> BackgroundTask[SwitchReport]:
    """Activate model ``name``, or roll back to the previous model when ``name`` is None.

    The context's engine is reopened before ``on_result`` runs when the switch
    happened. Cancelling the returned task stops after the batch in flight and leaves
    the current model active; a later switch to the same model resumes.

    Raises:
        RuntimeError: when an indexing run or another switch is in progress, because
            the switch would miss the chunks that run writes.
    """
    if is_indexing() or is_switching():
        raise RuntimeError("Indexing or another model switch is in progress.")

    def delivered(report: SwitchReport) -> None:
        # A search that runs between the child's swap of meta.json and this reload
        # fails with IndexMismatchError; the search page reopens the engine and retries.
        if report.switched:
            context.reload_engine()
            logger.info("The index now uses model %s", report.model_id)
        on_result(report)

    # NOTE: indexing started while this switch runs is not blocked. The catch-up lock
    # covers one process only, so chunks that another process writes in the switch's
    # last seconds can be missing from the new table until that folder is indexed again.
    return run_process_task(
        owner,
        TASK_NAME,
        switch_model_job,
        (context.data_dir, asdict(context.engine.settings), name, allow_not_recommended),
        on_progress=lambda payload: (
            on_progress(payload) if isinstance(payload, SwitchProgress) else None
        ),
        on_result=delivered,
        on_error=on_error,
        on_finished=on_finished,
        failure_text=translate("ModelSwitch", "The model could not be switched."),
    )


def switch_progress_text(progress: SwitchProgress) -> str:
    """Return one translated line describing ``progress``."""
    count = (
        translate("ModelSwitch", "%1 of %2")
        .replace("%1", format_int(progress.done))
        .replace("%2", format_int(progress.total))
    )
    if progress.phase == "preparing":
        return translate("ModelSwitch", "Preparing the switch…")
    if progress.phase == "embedding" and progress.unit == "documents":
        text = translate("ModelSwitch", "Reading and splitting the documents again: %1")
    elif progress.phase == "embedding":
        text = translate("ModelSwitch", "Embedding the passages with the new model: %1")
    elif progress.phase == "catching_up":
        text = translate("ModelSwitch", "Adding passages that changed meanwhile: %1")
    elif progress.phase == "switching":
        return translate("ModelSwitch", "Switching to the new model…")
    else:
        return translate("ModelSwitch", "Done.")
    line = text.replace("%1", count)
    if progress.eta_seconds is not None:
        line += " " + translate("ModelSwitch", "(about %1 left)").replace(
            "%1", format_duration(progress.eta_seconds)
        )
    return line

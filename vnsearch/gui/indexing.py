"""Indexing runs started from the GUI: the wizard, the index manager and the benchmark.

All of them go through :func:`start_indexing`, so the stall benchmark measures the
same path the user's clicks take.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from vnsearch.engine import Engine
from vnsearch.gui.tasks import BackgroundTask, TaskContext, run_task
from vnsearch.indexing.progress import IndexReport
from vnsearch.indexing.sidecar import DocMetadata


@dataclass(frozen=True)
class IndexRequest:
    """What to index and how.

    Attributes:
        paths: folders (or files) to index.
        defaults: metadata for files no sidecar describes (None: the engine's defaults).
        suffixes: file types to include, such as ".pdf" (None: every supported type).
        exclude: glob patterns of files and folders to leave out.
    """

    paths: tuple[Path, ...]
    defaults: DocMetadata | None = None
    suffixes: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModelProgress:
    """A step of preparing the embedding model before indexing starts."""

    message: str


def index_in_task(engine: Engine, request: IndexRequest, context: TaskContext) -> IndexReport:
    """Run ``engine.index`` for ``request``, reporting progress through ``context``."""
    return engine.index(
        list(request.paths),
        request.defaults,
        request.suffixes,
        request.exclude,
        on_progress=context.report,
        cancel=context.cancel,
        model_progress=lambda message: context.report(ModelProgress(message)),
    )


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
    """Index in the background; progress payloads are IndexProgress or ModelProgress."""
    if not request.paths:
        raise ValueError("An index request needs at least one folder.")
    return run_task(
        owner,
        "index",
        lambda context: index_in_task(engine, request, context),
        on_result=on_result,
        on_progress=on_progress,
        on_error=on_error,
        on_finished=on_finished,
        failure_text=failure_text,
    )


def paths_of(folders: Sequence[str]) -> tuple[Path, ...]:
    """Return the folder strings as Paths, in order, without duplicates."""
    return tuple(Path(f) for f in dict.fromkeys(folders))

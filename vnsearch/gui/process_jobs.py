"""Indexing work that runs in a child process, away from the GUI's interpreter lock.

Measured with ``bench/bench_gui_stall.py``: importing torch, loading the model and
embedding in a thread of the GUI process stalled the event loop for up to seconds,
because those steps hold Python's global interpreter lock. A child process has its
own. Qt-free, so that the child never imports PySide6.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from vnsearch.config import Settings
from vnsearch.engine import Engine
from vnsearch.gui.process_worker import WorkContext
from vnsearch.indexing.progress import IndexReport
from vnsearch.indexing.scanner import ScannedFile
from vnsearch.indexing.sidecar import DocMetadata


@dataclass(frozen=True)
class IndexRequest:
    """An indexing request: the folders, their default metadata and the file filters.

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


@dataclass(frozen=True)
class EngineSpec:
    """The data folder, settings and model a child process opens to match the GUI's engine.

    Attributes:
        data_dir: the data folder.
        settings: the engine's settings as a dict.
        model_path, model_id: a model folder given to the GUI's engine directly (tests,
            evaluation), or None to use the index's own installed model.
        device: the compute device for that model.
        encoder: that model's encoder choice, when the Embedder has one.
    """

    data_dir: Path
    settings: dict[str, Any]
    model_path: Path | None = None
    model_id: str | None = None
    device: str = "auto"
    encoder: str | None = None

    @classmethod
    def of(cls, engine: Engine) -> EngineSpec:
        """Describe ``engine`` for a child process."""
        # NOTE: reads Engine._embedder, because Engine has no public way to tell an
        # injected model from the index's installed one.
        embedder = getattr(engine, "_embedder", None)
        if embedder is None:
            return cls(engine.data_dir, asdict(engine.settings))
        return cls(
            engine.data_dir,
            asdict(engine.settings),
            embedder.path,
            embedder.model_id,
            embedder.device,
            getattr(embedder, "encoder", None),
        )

    def open(self) -> Engine:
        """Open the engine in the child process."""
        settings = Settings(**self.settings)
        if self.model_path is None or self.model_id is None:
            return Engine(self.data_dir, settings)
        from vnsearch.models.embedder import Embedder

        if self.encoder:
            embedder = Embedder(self.model_path, self.model_id, self.device, self.encoder)
        else:
            embedder = Embedder(self.model_path, self.model_id, self.device)
        return Engine(self.data_dir, settings, embedder=embedder)


def index_job(context: WorkContext, spec: EngineSpec, request: IndexRequest) -> IndexReport:
    """Run ``Engine.index`` for ``request``, reporting IndexProgress and ModelProgress."""
    engine = spec.open()
    return engine.index(
        list(request.paths),
        request.defaults,
        request.suffixes,
        request.exclude,
        on_progress=context.report,
        cancel=context.cancel,
        model_progress=lambda message: context.report(ModelProgress(message)),
    )


def measure_job(context: WorkContext, spec: EngineSpec, sample: list[ScannedFile]) -> Any:
    """Time extraction, chunking and embedding of ``sample`` (see estimate.measure_rate)."""
    from vnsearch.gui.import_wizard.estimate import measure_rate

    return measure_rate(spec.open(), sample, context.cancel)


def cuda_job(_context: WorkContext) -> bool:
    """Return True when PyTorch finds a usable CUDA GPU (importing torch takes seconds)."""
    import torch

    return bool(torch.cuda.is_available())


def install_default_job(context: WorkContext, data_dir: Path) -> Any:
    """Build the default model into ``data_dir``, reporting steps as text."""
    from vnsearch.models.registry import install_default

    return install_default(data_dir, context.report)


def import_model_job(context: WorkContext, data_dir: Path, folder: Path) -> Any:
    """Check a model folder by loading it, then copy it into ``data_dir``."""
    from vnsearch.models.registry import import_model

    context.report(str(folder))
    return import_model(data_dir, folder)

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
from vnsearch.store.switch import SwitchReport


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


def import_model_job(
    context: WorkContext, data_dir: Path, folder: Path, kind: str = "embedding"
) -> Any:
    """Check a model folder of ``kind`` ("embedding" or "reranker") by loading it, then
    copy it into ``data_dir``."""
    from vnsearch.models.registry import import_model

    context.report(str(folder))
    return import_model(data_dir, folder, kind=kind)  # type: ignore[arg-type]


def switch_model_job(
    context: WorkContext,
    data_dir: Path,
    settings: dict[str, Any],
    name: str | None,
    allow_not_recommended: bool = False,
) -> SwitchReport:
    """Make ``name`` the index's model, or roll back when ``name`` is None.

    Reports SwitchProgress; the switch embeds every chunk again while searches in
    other processes keep using the current model (see ``Engine.activate_model``).
    """
    engine = Engine(data_dir, Settings(**settings))
    if name is None:
        return engine.rollback_model(context.report, context.cancel)
    return engine.activate_model(
        name, context.report, context.cancel, allow_not_recommended=allow_not_recommended
    )


class JobCancelled(Exception):
    """Raised inside a child process when the GUI cancelled the job between two steps."""


def compare_job(
    context: WorkContext,
    data_dir: Path,
    dataset: Path,
    models: list[str],
    modes: list[str],
    split: str,
    settings: dict[str, Any],
    limit: int | None,
) -> Path:
    """Evaluate ``models`` in ``modes`` on a question set and write the report.

    Progress payloads are the runner's English step messages. The report goes into
    ``<data dir>/reports/<time>/`` like ``vnsearch eval``; returns its HTML path.

    Raises:
        JobCancelled: at the next step after the GUI cancelled, so temporary indexes
            are removed on the way out.
    """
    from vnsearch.evaluation.compare import default_report_dir, run_comparison
    from vnsearch.evaluation.report import write_report

    def step(message: str) -> None:
        if context.cancelled:
            raise JobCancelled("The model comparison was cancelled.")
        context.report(message)

    comparison = run_comparison(
        dataset,
        data_dir,
        models=models,
        modes=modes,
        split=split,
        settings=Settings(**settings),
        limit=limit,
        progress=step,
    )
    html_path, _json_path = write_report(comparison, default_report_dir(data_dir))
    return html_path

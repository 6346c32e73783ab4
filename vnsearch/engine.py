"""The engine facade: one data folder, its index, its model, indexing and search.

The CLI and the GUI both go through :class:`Engine`, so they behave the same way.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from vnsearch.chunking import Chunker, ChunkingSettings
from vnsearch.config import Settings, load_settings
from vnsearch.errors import ConfigError, IndexMismatchError, ModelError
from vnsearch.finetune.manifest import read_finetune_manifest
from vnsearch.indexing.indexer import Indexer, IndexJob, ProgressCallback
from vnsearch.indexing.progress import FileIssue, IndexProgress, IndexReport
from vnsearch.indexing.sidecar import DocMetadata
from vnsearch.models.e5_convert import DEFAULT_MODEL_NAME, ProgressFn
from vnsearch.models.embedder import Embedder
from vnsearch.models.registry import get_model, install_default
from vnsearch.search.rerank import CrossEncoderReranker
from vnsearch.search.searcher import Searcher, SearchMode, SearchResponse
from vnsearch.search.stages import RankingStages
from vnsearch.store.filters import SearchFilters, check_access_level
from vnsearch.store.index_store import IndexStore
from vnsearch.store.meta import IndexMeta
from vnsearch.store.switch import (
    ModelSwitch,
    SwitchProgress,
    SwitchProgressCallback,
    SwitchReport,
    needs_rechunk,
)
from vnsearch.store.writer_lock import WriterLock

if TYPE_CHECKING:
    from vnsearch.accounts import User

logger = logging.getLogger("vnsearch.engine")

INDEX_DIR = "index"

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _exclusive(
    operation: str,
) -> Callable[[Callable[Concatenate[Engine, _P], _R]], Callable[Concatenate[Engine, _P], _R]]:
    """Run an Engine method holding the index's writer lock (see :class:`WriterLock`)."""

    def decorate(
        method: Callable[Concatenate[Engine, _P], _R],
    ) -> Callable[Concatenate[Engine, _P], _R]:
        @functools.wraps(method)
        def run(self: Engine, *args: _P.args, **kwargs: _P.kwargs) -> _R:
            with self.writer.hold(operation):
                return method(self, *args, **kwargs)

        return run

    return decorate


class Engine:
    """Index and search one data folder.

    Args:
        data_dir: the data folder (index, models, settings).
        settings: overrides the settings stored in the data folder.
        model_name: embedding model for a new index; an existing index always uses the
            model it was built with.
        embedder: an already loaded model to use instead of looking it up (evaluation
            runs share one model across temporary indexes).
        reranker: a re-ranker to use instead of the one installed in ``data_dir``.
        reranker_type: the class that runs installed re-rankers (see
            :class:`~vnsearch.search.stages.RankingStages`).
    """

    def __init__(
        self,
        data_dir: Path,
        settings: Settings | None = None,
        model_name: str | None = None,
        embedder: Embedder | None = None,
        reranker: CrossEncoderReranker | None = None,
        reranker_type: type[CrossEncoderReranker] = CrossEncoderReranker,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.settings = settings or load_settings(self.data_dir)
        self.settings.validate()
        self.store = IndexStore(self.data_dir / INDEX_DIR)
        # Indexing and model switches write the index one at a time, across processes.
        self.writer = WriterLock(self.store.index_dir)
        self._requested_model = model_name
        self._embedder: Embedder | None = embedder
        self._fixed_embedder = embedder is not None
        if embedder is not None:
            self._requested_model = embedder.model_id
        # Loaded models by id: the active one and, after a switch, the previous one.
        self._embedders: dict[str, Embedder] = {}
        # Set by a model switch: from then on the index's model decides, not the
        # embedder passed to the constructor.
        self._switched = False
        self._lock = threading.RLock()
        self.ranking = RankingStages(self.data_dir, reranker, reranker_type)

    # -- model ------------------------------------------------------------

    @property
    def model_name(self) -> str:
        """The embedding model of the index, or the one a new index will use."""
        if self.store.meta is not None:
            return self.store.meta.model_id
        return self._requested_model or DEFAULT_MODEL_NAME

    def embedder(self, progress: ProgressFn | None = None) -> Embedder:
        """Return the index's embedding model, building the default one on first use.

        An embedder passed to the constructor is returned until a model switch. When
        it differs from the index's model, indexing raises IndexMismatchError instead
        of mixing vectors.
        """
        with self._lock:
            if self._fixed_embedder and self._embedder is not None and not self._switched:
                return self._embedder
            return self.embedder_for(self.model_name, progress)

    def embedder_for(self, name: str, progress: ProgressFn | None = None) -> Embedder:
        """Return the installed embedding model ``name``, loading it once per engine.

        Raises:
            ModelError: when no model of that name is installed.
        """
        with self._lock:
            if self._embedder is not None and self._embedder.model_id == name:
                return self._embedder
            cached = self._embedders.get(name)
            if cached is None:
                if name == DEFAULT_MODEL_NAME:
                    info = install_default(self.data_dir, progress)
                else:
                    info = get_model(self.data_dir, name)
                if info.kind != "embedding":
                    raise ModelError(f"Model {name!r} is a {info.kind}, not an embedding model.")
                cached = Embedder(
                    info.path,
                    info.name,
                    self.settings.device,
                    encoder=self.settings.encoder,
                    progress=progress,
                )
                self._embedders[name] = cached
            return cached

    def chunking(self) -> ChunkingSettings:
        """Chunking settings: the index's own, or the configured ones for a new index."""
        meta = self.store.meta
        if meta is not None:
            return ChunkingSettings(meta.chunk_tokens, meta.chunk_overlap_tokens)
        return ChunkingSettings(self.settings.chunk_tokens, self.settings.chunk_overlap_tokens)

    # -- indexing ---------------------------------------------------------

    @_exclusive("indexing")
    def index(
        self,
        paths: Sequence[Path],
        defaults: DocMetadata | None = None,
        suffixes: Sequence[str] | None = None,
        exclude: Sequence[str] = (),
        on_progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        model_progress: ProgressFn | None = None,
    ) -> IndexReport:
        """Index folders or files incrementally; see :class:`Indexer`."""
        if not paths:
            raise ConfigError("No folder given; pass at least one folder or file to index.")
        embedder = self.embedder(model_progress)
        chunker = Chunker(embedder, self.chunking())
        job = IndexJob(
            paths=[Path(p) for p in paths],
            defaults=defaults or DocMetadata(),
            suffixes=suffixes,
            exclude=exclude,
            batch_size=self.settings.batch_size,
            commit_chunks=self.settings.commit_chunks,
        )
        return Indexer(self.store, embedder, chunker).run(job, on_progress, cancel)

    @_exclusive("re-indexing")
    def reindex(
        self,
        model_name: str | None = None,
        chunk_tokens: int | None = None,
        overlap_tokens: int | None = None,
        on_progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        model_progress: ProgressFn | None = None,
    ) -> IndexReport:
        """Extract, chunk and embed every indexed file again, then index new files.

        The rebuild goes into a second chunks table while search keeps using the
        current one (see :meth:`activate_model`). Afterwards every known folder is
        indexed incrementally, which adds new files and removes deleted ones.
        """
        old = self.store.meta
        if old is None:
            if model_name:
                self._requested_model = model_name
            return IndexReport()
        chunking = ChunkingSettings(
            chunk_tokens or old.chunk_tokens,
            overlap_tokens if overlap_tokens is not None else old.chunk_overlap_tokens,
        )
        embedder = self.embedder_for(model_name or old.model_id, model_progress)
        self._switched = True
        switch = ModelSwitch(
            self.store,
            embedder,
            chunking,
            rechunk=True,
            batch_size=self.settings.batch_size,
            commit_chunks=self.settings.commit_chunks,
        )
        progress = _index_progress_adapter(on_progress)
        switched = switch.run(progress, cancel, fresh=True)
        self._after_switch(switched)

        report = IndexReport(
            updated=switched.documents,
            chunks_added=switched.embedded,
            cancelled=switched.cancelled,
            elapsed_seconds=switched.elapsed_seconds,
            issues=[FileIssue(path, "unreadable", reason) for path, reason in switched.issues],
        )
        if switched.cancelled:
            return report
        for source in old.sources:
            defaults = DocMetadata().merged(
                {k: v for k, v in source.defaults.items() if v not in (None, "")}
            )
            part = self.index([Path(source.root)], defaults, None, (), on_progress, cancel)
            _merge_reports(report, part)
        return report

    # -- model switch -----------------------------------------------------

    @_exclusive("a model switch")
    def activate_model(
        self,
        name: str,
        on_progress: SwitchProgressCallback | None = None,
        cancel: threading.Event | None = None,
        allow_not_recommended: bool = False,
    ) -> SwitchReport:
        """Make ``name`` the index's embedding model without interrupting search.

        Every chunk is embedded again into a second table in committed batches while
        searches keep using the current model; then ``meta.json`` is replaced
        atomically. The current model stays recorded for :meth:`rollback_model` until
        :meth:`remove_previous`. A cancelled or crashed run leaves the current model
        serving, and calling this again resumes where it stopped.

        Args:
            allow_not_recommended: activate a fine-tuned model that did not beat its
                base model on the held-out split.

        Raises:
            ModelError: when ``name`` is not an installed embedding model.
            ConfigError: when ``name`` is a fine-tuned model marked not recommended
                and ``allow_not_recommended`` is False.
        """
        embedder = self.embedder_for(name)
        record = read_finetune_manifest(embedder.path)
        if record is not None and not record.recommended and not allow_not_recommended:
            raise ConfigError(
                f"Model {name!r} is not recommended: {record.reason} Activate it anyway "
                f"with: vnsearch models activate {name} --force"
            )
        meta = self.store.meta
        if meta is None:
            self._requested_model = name
            self._switched = True
            return SwitchReport(name, None, "", switched=True)
        if meta.model_id == name:
            self._discard_pending(meta)
            return SwitchReport(name, _previous_id(meta), meta.chunks_table, switched=False)
        chunking = self.chunking()
        return self._switch_to(embedder, chunking, on_progress, cancel)

    @_exclusive("a model rollback")
    def rollback_model(
        self,
        on_progress: SwitchProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> SwitchReport:
        """Switch back to the model that the last switch replaced.

        Its table was kept, so only chunks that changed since the switch are embedded.

        Raises:
            ConfigError: when no previous model is recorded.
        """
        meta = self.store.meta
        previous = meta.previous if meta is not None else None
        if previous is None:
            raise ConfigError("There is no previous model to roll back to.")
        embedder = self.embedder_for(previous.model_id)
        chunking = ChunkingSettings(previous.chunk_tokens, previous.chunk_overlap_tokens)
        return self._switch_to(embedder, chunking, on_progress, cancel)

    @_exclusive("removing the previous model")
    def remove_previous(self) -> str | None:
        """Drop the previous model's chunks table; returns its model id, or None.

        After this, :meth:`rollback_model` is no longer possible; activating the old
        model again embeds every chunk.
        """
        meta = self.store.meta
        if meta is None or meta.previous is None:
            return None
        previous = meta.previous
        self.store.commit_meta(replace(meta, previous=None))
        self.store.drop_table(previous.chunks_table)
        with self._lock:
            self._embedders.pop(previous.model_id, None)
        logger.info("Removed table %s of model %s", previous.chunks_table, previous.model_id)
        return previous.model_id

    def _discard_pending(self, meta: IndexMeta) -> None:
        """Forget an unfinished switch and drop its table (unless rollback needs it)."""
        pending = meta.pending
        if pending is None:
            return
        self.store.commit_meta(replace(meta, pending=None))
        if meta.previous is None or pending.chunks_table != meta.previous.chunks_table:
            self.store.drop_table(pending.chunks_table)
        logger.info("Discarded the unfinished switch to %s", pending.model_id)

    def _switch_to(
        self,
        embedder: Embedder,
        chunking: ChunkingSettings,
        on_progress: SwitchProgressCallback | None,
        cancel: threading.Event | None,
    ) -> SwitchReport:
        meta = self.store.meta
        assert meta is not None
        # From here on the index's meta picks the model, so a search that reads the
        # new meta never gets the constructor's embedder.
        self._switched = True
        current = self._installed_embedder(meta.model_id)
        rechunk = needs_rechunk(meta, chunking, current, embedder, self.store)
        switch = ModelSwitch(
            self.store,
            embedder,
            chunking,
            rechunk=rechunk,
            batch_size=self.settings.batch_size,
            commit_chunks=self.settings.commit_chunks,
        )
        report = switch.run(on_progress, cancel)
        self._after_switch(report)
        return report

    def _installed_embedder(self, name: str) -> Embedder | None:
        """Return the model ``name``, or None when it is no longer installed."""
        try:
            return self.embedder_for(name)
        except ModelError:
            return None

    def _after_switch(self, report: SwitchReport) -> None:
        """Drop loaded models that are neither active nor kept for rollback."""
        if not report.switched:
            return
        with self._lock:
            keep = {report.model_id, report.previous_model_id}
            self._embedders = {k: v for k, v in self._embedders.items() if k in keep}

    # -- search -----------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        access_level: int,
        filters: SearchFilters | None = None,
        top_k: int = 10,
        mode: SearchMode = "hybrid",
        user: User | None = None,
        stages: Sequence[str] | None = None,
    ) -> SearchResponse:
        """Search the index as a user of ``access_level``; see :class:`Searcher`.

        Args:
            user: the searching user; ``access_level`` may not exceed their level.
            stages: ranking stages to run after fusion, in order; None runs the
                ``search_stages`` setting. A "rerank" stage is skipped while no
                re-ranker is installed, which ``SearchResponse.stages`` shows.
        """
        check_access_level(access_level)
        if user is not None and access_level > user.access_level:
            raise ConfigError(
                f"Invalid access level {access_level} for user {user.name!r}, whose level "
                f"is {user.access_level}."
            )
        # One snapshot of meta.json per search: the query is embedded with the model
        # whose vectors the pinned table contains, even while a switch swaps them.
        view = self.store.pinned()
        meta = view.meta
        embedder = self._search_embedder(meta) if mode != "fts" and meta is not None else None
        if embedder is not None and meta is not None and embedder.model_id != meta.model_id:
            raise IndexMismatchError(
                f"The index contains vectors of '{meta.model_id}', not '{embedder.model_id}'. "
                f"Search with the index's model or re-index: vnsearch reindex --model "
                f"{embedder.model_id}"
            )
        searcher = Searcher(
            view,
            embedder,
            candidates=self.settings.candidates,
            fusion=self.settings.fusion,  # type: ignore[arg-type]
            dense_weight=self.settings.dense_weight,
            stages=self.ranking.build(
                self.settings.search_stages if stages is None else stages,
                self.settings,
                access_level,
                embedder,
            ),
        )
        return searcher.search(
            query, access_level=access_level, filters=filters, top_k=top_k, mode=mode
        )

    def _search_embedder(self, meta: IndexMeta) -> Embedder:
        """Return the model of ``meta``; before any switch, the constructor's embedder."""
        if self._fixed_embedder and not self._switched:
            return self.embedder()
        return self.embedder_for(meta.model_id)

    # -- status -----------------------------------------------------------

    def status(self, access_level: int = 3) -> dict[str, Any]:
        """Summarise the index as seen by a user of ``access_level``."""
        level = check_access_level(access_level)
        docs = self.store.document_rows(f"access_level <= {level}")
        by_status: dict[str, int] = {}
        for row in docs:
            by_status[row["status"]] = by_status.get(row["status"], 0) + 1
        meta = self.store.meta
        return {
            "data_dir": str(self.data_dir),
            "model_id": meta.model_id if meta else None,
            "dimension": meta.dimension if meta else None,
            "chunk_tokens": meta.chunk_tokens if meta else None,
            "chunk_overlap_tokens": meta.chunk_overlap_tokens if meta else None,
            "documents": by_status,
            "chunks": self.store.chunk_count(f"access_level <= {level}"),
            "sources": [s.root for s in meta.sources] if meta else [],
            "issues": [
                {"path": r["path"], "code": r["error_code"], "reason": r["error_reason"]}
                for r in docs
                if r["status"] != "indexed"
            ],
        }


def _previous_id(meta: IndexMeta) -> str | None:
    return meta.previous.model_id if meta.previous is not None else None


def _index_progress_adapter(
    on_progress: ProgressCallback | None,
) -> SwitchProgressCallback | None:
    """Report a re-chunking switch as indexing progress (documents as files)."""
    if on_progress is None:
        return None
    callback = on_progress

    def forward(event: SwitchProgress) -> None:
        phase = "done" if event.phase == "done" else "indexing"
        callback(
            IndexProgress(
                phase,
                event.done,
                event.total,
                chunks_per_second=event.per_second,
                eta_seconds=event.eta_seconds,
            )
        )

    return forward


def _merge_reports(total: IndexReport, part: IndexReport) -> None:
    for name in ("added", "updated", "unchanged", "metadata_updated", "deleted", "chunks_added"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.issues.extend(part.issues)
    total.cancelled = total.cancelled or part.cancelled
    total.elapsed_seconds += part.elapsed_seconds

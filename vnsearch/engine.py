"""The engine facade: one data folder, its index, its model, indexing and search.

The CLI and the GUI both go through :class:`Engine`, so they behave the same way.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vnsearch.chunking import Chunker, ChunkingSettings
from vnsearch.config import Settings, load_settings
from vnsearch.errors import ConfigError, IndexMismatchError
from vnsearch.indexing.indexer import Indexer, IndexJob, ProgressCallback
from vnsearch.indexing.progress import IndexReport
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

if TYPE_CHECKING:
    from vnsearch.accounts import User

logger = logging.getLogger("vnsearch.engine")

INDEX_DIR = "index"


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
    """

    def __init__(
        self,
        data_dir: Path,
        settings: Settings | None = None,
        model_name: str | None = None,
        embedder: Embedder | None = None,
        reranker: CrossEncoderReranker | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.settings = settings or load_settings(self.data_dir)
        self.settings.validate()
        self.store = IndexStore(self.data_dir / INDEX_DIR)
        self._requested_model = model_name
        self._embedder: Embedder | None = embedder
        self._fixed_embedder = embedder is not None
        if embedder is not None:
            self._requested_model = embedder.model_id
        self._lock = threading.RLock()
        self.ranking = RankingStages(self.data_dir, reranker)

    # -- model ------------------------------------------------------------

    @property
    def model_name(self) -> str:
        """The embedding model of the index, or the one a new index will use."""
        if self.store.meta is not None:
            return self.store.meta.model_id
        return self._requested_model or DEFAULT_MODEL_NAME

    def embedder(self, progress: ProgressFn | None = None) -> Embedder:
        """Return the index's embedding model, building the default one on first use.

        An embedder passed to the constructor is always returned; when it differs from
        the index's model, indexing raises IndexMismatchError instead of mixing vectors.
        """
        with self._lock:
            if self._fixed_embedder and self._embedder is not None:
                return self._embedder
            if self._embedder is None or self._embedder.model_id != self.model_name:
                name = self.model_name
                if name == DEFAULT_MODEL_NAME:
                    info = install_default(self.data_dir, progress)
                else:
                    info = get_model(self.data_dir, name)
                self._embedder = Embedder(info.path, info.name, self.settings.device)
            return self._embedder

    def chunking(self) -> ChunkingSettings:
        """Chunking settings: the index's own, or the configured ones for a new index."""
        meta = self.store.meta
        if meta is not None:
            return ChunkingSettings(meta.chunk_tokens, meta.chunk_overlap_tokens)
        return ChunkingSettings(self.settings.chunk_tokens, self.settings.chunk_overlap_tokens)

    # -- indexing ---------------------------------------------------------

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

    def reindex(
        self,
        model_name: str | None = None,
        chunk_tokens: int | None = None,
        overlap_tokens: int | None = None,
        on_progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        model_progress: ProgressFn | None = None,
    ) -> IndexReport:
        """Drop every vector and re-index all known folders with a model and settings.

        Search returns nothing until the run finishes. TODO(finetune): switch models
        through a second table so search keeps working during the rebuild.
        """
        old = self.store.meta
        name = model_name or (old.model_id if old else DEFAULT_MODEL_NAME)
        chunking = ChunkingSettings(
            chunk_tokens or (old.chunk_tokens if old else self.settings.chunk_tokens),
            overlap_tokens
            if overlap_tokens is not None
            else (old.chunk_overlap_tokens if old else self.settings.chunk_overlap_tokens),
        )
        self._requested_model = name
        with self._lock:
            if self.store.meta is not None:
                self.store.meta.model_id = name  # so that embedder() loads the new model
            self._embedder = None
        embedder = self.embedder(model_progress)
        sources = list(old.sources) if old else []
        self.store.reset_chunks(
            IndexMeta(name, embedder.dimension, chunking.chunk_tokens, chunking.overlap_tokens)
        )
        report = IndexReport()
        for source in sources:
            defaults = DocMetadata().merged(
                {k: v for k, v in source.defaults.items() if v not in (None, "")}
            )
            part = self.index([Path(source.root)], defaults, None, (), on_progress, cancel)
            _merge_reports(report, part)
        return report

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
        meta = self.store.meta
        embedder = self.embedder() if mode != "fts" and meta is not None else None
        if embedder is not None and meta is not None and embedder.model_id != meta.model_id:
            raise IndexMismatchError(
                f"The index contains vectors of '{meta.model_id}', not '{embedder.model_id}'. "
                f"Search with the index's model or re-index: vnsearch reindex --model "
                f"{embedder.model_id}"
            )
        searcher = Searcher(
            self.store,
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


def _merge_reports(total: IndexReport, part: IndexReport) -> None:
    for name in ("added", "updated", "unchanged", "metadata_updated", "deleted", "chunks_added"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.issues.extend(part.issues)
    total.cancelled = total.cancelled or part.cancelled
    total.elapsed_seconds += part.elapsed_seconds

"""Hybrid search: dense and full-text legs, fused, re-scored by stages, grouped by document.

The user's access level is a required argument and becomes a prefilter inside both
LanceDB queries, so chunks above the level are never read, ranked, counted or turned
into snippets. Ranking stages (re-ranking, feedback) run after fusion and only
re-score the chunks that the prefilter let through.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from lancedb.query import FullTextOperator, MultiMatchQuery

from vnsearch.errors import ConfigError
from vnsearch.models.embedder import Embedder
from vnsearch.search.fusion import (
    DENSE_WEIGHT,
    FUSION_METHODS,
    FusionMethod,
    reciprocal_rank_fusion,
    score_fusion,
)
from vnsearch.search.snippets import Snippet, make_snippet
from vnsearch.store.filters import SearchFilters, build_where
from vnsearch.store.index_store import IndexStore
from vnsearch.store.vector_index import tune_vector_query
from vnsearch.textutil import collapse_spaces, fold_diacritics, nfc, with_bigrams

logger = logging.getLogger("vnsearch.search")

SearchMode = Literal["dense", "fts", "hybrid"]
SEARCH_MODES: tuple[SearchMode, ...] = ("dense", "fts", "hybrid")
RESULT_COLUMNS = [
    "chunk_id",
    "doc_id",
    "text",
    "heading",
    "title",
    "path",
    "page_start",
    "page_end",
    "access_level",
    "department",
    "doc_type",
    "tags",
    "modified",
]
# Exact-diacritic matches count double, so "nghỉ phép" ranks text with those accents
# above text that only matches after folding.
_EXACT_BOOST = 2.0
_FOLDED_BOOST = 1.0
_MAX_QUERY_CHARS = 1000
# Runs the full-text leg of hybrid searches while the calling thread embeds the query
# and runs the dense leg. Both legs spend their time in native code that releases the
# GIL, so a hybrid search costs about the slower leg instead of the sum of both. The
# pool lives as long as the process; its idle threads are not per-search workers.
_FTS_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="fts-leg")


@dataclass(frozen=True)
class SearchHit:
    """One document in the results, represented by its best-matching chunk."""

    doc_id: str
    path: str
    title: str
    doc_type: str
    department: str
    access_level: int
    tags: tuple[str, ...]
    modified: int
    chunk_id: str
    text: str
    heading: str
    page_start: int | None
    page_end: int | None
    score: float
    snippet: Snippet
    dense_rank: int | None = None
    fts_rank: int | None = None
    matched_chunks: int = 1

    def to_json(self) -> dict[str, Any]:
        """Return the hit as plain JSON-ready values."""
        return {
            "doc_id": self.doc_id,
            "path": self.path,
            "title": self.title,
            "doc_type": self.doc_type,
            "department": self.department,
            "access_level": self.access_level,
            "tags": list(self.tags),
            "modified": self.modified,
            "chunk_id": self.chunk_id,
            "heading": self.heading,
            "page": self.page_start,
            "page_end": self.page_end,
            "score": round(self.score, 6),
            "snippet": self.snippet.text,
            "highlights": [list(s) for s in self.snippet.spans],
            "dense_rank": self.dense_rank,
            "fts_rank": self.fts_rank,
            "matched_chunks": self.matched_chunks,
        }


@dataclass
class SearchResponse:
    """Results of one search, best first.

    Attributes:
        stages: the ranking stages that ran after fusion, in order, for example
            ``["rerank", "feedback"]``. Without an installed re-ranker "rerank" is
            missing, so the interface can show that re-ranking is off.
        reranker_id: the re-ranking model, or "" when re-ranking did not run.
    """

    query: str
    mode: SearchMode
    access_level: int
    hits: list[SearchHit] = field(default_factory=list)
    elapsed_ms: float = 0.0
    model_id: str = ""
    stages: list[str] = field(default_factory=list)
    reranker_id: str = ""


class RankingStage(Protocol):
    """A step that re-scores fused candidate chunks before they are grouped by document.

    Attributes:
        name: the name reported in :attr:`SearchResponse.stages`.
        model_id: the model the stage runs, or "".
    """

    name: str
    model_id: str

    def rescore(
        self, query: str, rows: Mapping[str, Mapping[str, Any]], scores: Mapping[str, float]
    ) -> dict[str, float]:
        """Return a new score for every chunk id in ``scores``; ``rows`` maps ids to columns.

        A stage may reorder candidates but must keep every one of them, because the
        access-level prefilter already chose what the user may see.
        """
        ...


class Searcher:
    """Run searches against an :class:`IndexStore` with the model that built it.

    Args:
        store: the index.
        embedder: the model whose vectors the index holds.
        candidates: chunks fetched from each leg before fusion.
        fusion: "zscore" (standardised score mix) or "rrf" (reciprocal rank fusion).
        dense_weight: weight of the dense leg in score fusion, from 0 to 1.
        stages: ranking stages that re-score the fused chunks, in order.
    """

    def __init__(
        self,
        store: IndexStore,
        embedder: Embedder | None,
        candidates: int = 50,
        fusion: FusionMethod = "zscore",
        dense_weight: float = DENSE_WEIGHT,
        stages: Sequence[RankingStage] = (),
    ) -> None:
        if candidates < 1:
            raise ConfigError(f"Invalid candidate count {candidates}; use 1 or more.")
        if fusion not in FUSION_METHODS:
            raise ConfigError(
                f"Invalid fusion {fusion!r}; use one of: {', '.join(FUSION_METHODS)}."
            )
        if not 0.0 <= dense_weight <= 1.0:
            raise ConfigError(f"Invalid dense weight {dense_weight}; use a value from 0 to 1.")
        self.store = store
        self.embedder = embedder
        self.candidates = candidates
        self.fusion = fusion
        self.dense_weight = dense_weight
        self.stages = list(stages)

    def search(
        self,
        query: str,
        *,
        access_level: int,
        filters: SearchFilters | None = None,
        top_k: int = 10,
        mode: SearchMode = "hybrid",
    ) -> SearchResponse:
        """Return up to ``top_k`` documents for ``query`` visible at ``access_level``."""
        if mode not in SEARCH_MODES:
            raise ConfigError(
                f"Invalid search mode {mode!r}; use one of: {', '.join(SEARCH_MODES)}."
            )
        if top_k < 1:
            raise ConfigError(f"Invalid result count {top_k}; use 1 or more.")
        where = build_where(access_level, filters)
        started = time.perf_counter()
        text = collapse_spaces(nfc(query))[:_MAX_QUERY_CHARS]
        response = SearchResponse(text, mode, access_level)
        if not text or not self.store.has_chunks():
            return response
        if mode != "fts" and self.embedder is None:
            raise ConfigError("Dense search needs the index's embedding model; it is not loaded.")
        if self.embedder is not None:
            response.model_id = self.embedder.model_id

        if mode == "hybrid":
            pending = _FTS_POOL.submit(self.fts_leg, text, where)
            try:
                dense = self.dense_leg(text, where)
            finally:
                lexical = pending.result()
        else:
            dense = self.dense_leg(text, where) if mode == "dense" else []
            lexical = self.fts_leg(text, where) if mode == "fts" else []
        rows = {r["chunk_id"]: r for r in (*lexical, *dense)}
        scores = self._fuse(dense, lexical)
        for stage in self.stages:
            scores = stage.rescore(text, rows, scores)
            response.stages.append(stage.name)
            if stage.name == "rerank":
                response.reranker_id = stage.model_id
        response.hits = _group_by_document(text, rows, scores, dense, lexical, top_k)
        response.elapsed_ms = (time.perf_counter() - started) * 1000
        logger.debug(
            "Search %r (%s, level %d) took %.1f ms", text, mode, access_level, response.elapsed_ms
        )
        return response

    def dense_leg(self, query: str, where: str) -> list[dict[str, Any]]:
        """Return the nearest chunks by cosine similarity, prefiltered by ``where``."""
        assert self.embedder is not None
        vector = self.embedder.encode_query(query)
        search = (
            self.store.chunks.search(vector, vector_column_name="vector")
            .distance_type("cosine")
            .where(where, prefilter=True)
        )
        # Past the index threshold, probe enough partitions to keep recall with filters.
        search = tune_vector_query(search, self.store.chunk_count())
        return search.select([*RESULT_COLUMNS, "_distance"]).limit(self.candidates).to_list()

    def fts_leg(self, query: str, where: str) -> list[dict[str, Any]]:
        """Return the best BM25 chunks over exact and diacritic-folded text."""
        folded = fold_diacritics(query)
        if not folded.strip():
            return []
        match = MultiMatchQuery(
            with_bigrams(query),
            ["fts_text", "fts_folded"],
            boosts=[_EXACT_BOOST, _FOLDED_BOOST],
            operator=FullTextOperator.OR,
        )
        return (
            self.store.chunks.search(match, query_type="fts")
            .where(where, prefilter=True)
            .select([*RESULT_COLUMNS, "_score"])
            .limit(self.candidates)
            .to_list()
        )

    def _fuse(self, dense: list[dict[str, Any]], lexical: list[dict[str, Any]]) -> dict[str, float]:
        """Return the fused score of every candidate chunk id."""
        if self.fusion == "rrf":
            dense_ids = [r["chunk_id"] for r in dense]
            fts_ids = [r["chunk_id"] for r in lexical]
            return reciprocal_rank_fusion([ids for ids in (dense_ids, fts_ids) if ids])
        return score_fusion(
            {r["chunk_id"]: 1.0 - float(r["_distance"]) for r in dense},
            {r["chunk_id"]: float(r["_score"]) for r in lexical},
            self.dense_weight,
            lexical_complete=len(lexical) < self.candidates,
        )


def hit_from_row(
    row: Mapping[str, Any],
    query: str,
    score: float,
    *,
    dense_rank: int | None = None,
    fts_rank: int | None = None,
    matched_chunks: int = 1,
) -> SearchHit:
    """Build a hit from a chunk row that has the :data:`RESULT_COLUMNS`."""
    return SearchHit(
        doc_id=row["doc_id"],
        path=row["path"],
        title=row["title"],
        doc_type=row["doc_type"],
        department=row["department"],
        access_level=int(row["access_level"]),
        tags=tuple(row["tags"] or ()),
        modified=int(row["modified"] or 0),
        chunk_id=row["chunk_id"],
        text=row["text"],
        heading=row["heading"],
        page_start=row["page_start"],
        page_end=row["page_end"],
        score=score,
        snippet=make_snippet(row["text"], query),
        dense_rank=dense_rank,
        fts_rank=fts_rank,
        matched_chunks=matched_chunks,
    )


def _group_by_document(
    query: str,
    rows: Mapping[str, Mapping[str, Any]],
    scores: Mapping[str, float],
    dense: Sequence[Mapping[str, Any]],
    lexical: Sequence[Mapping[str, Any]],
    top_k: int,
) -> list[SearchHit]:
    """Return the ``top_k`` best documents, each represented by its best-scoring chunk."""
    dense_rank = {r["chunk_id"]: i for i, r in enumerate(dense, start=1)}
    fts_rank = {r["chunk_id"]: i for i, r in enumerate(lexical, start=1)}

    # The best chunk represents its document; ties keep the earlier chunk.
    best: dict[str, tuple[float, str]] = {}
    counts: dict[str, int] = {}
    for cid, score in sorted(scores.items(), key=lambda kv: -kv[1]):
        doc_id = rows[cid]["doc_id"]
        counts[doc_id] = counts.get(doc_id, 0) + 1
        if doc_id not in best:
            best[doc_id] = (score, cid)
    ranked = sorted(best.items(), key=lambda kv: -kv[1][0])[:top_k]

    return [
        hit_from_row(
            rows[cid],
            query,
            score,
            dense_rank=dense_rank.get(cid),
            fts_rank=fts_rank.get(cid),
            matched_chunks=counts[doc_id],
        )
        for doc_id, (score, cid) in ranked
    ]

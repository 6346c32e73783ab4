"""Feedback signal: earlier judgements for similar queries move documents up or down.

A judgement counts for a search when all of these hold:

* its document's level (when judged) is at or below the searcher's level;
* its author's current level is at or above the searcher's level, so users of a
  lower level never steer the results of a higher one, and a deleted author's
  judgements no longer count because their level is unknown;
* its query equals the search query after NFC, space collapsing and case folding,
  or the cosine similarity of the two query embeddings reaches the threshold.

Each counting judgement votes +1 (relevant) or -1 (not relevant) for its document.
A document's votes are summed and clipped to [-1, 1], and its chunks' scores change
by ``cap * clipped votes * spread``, where spread is the standard deviation of the
leading candidates' scores. A rejection therefore lowers a document by a bounded
amount and never removes it, and one confirmation cannot lift a document past others
that score more than ``cap`` spreads higher.
"""

from __future__ import annotations

import logging
import statistics
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from vnsearch.accounts import UserStore
from vnsearch.errors import ConfigError
from vnsearch.feedback import Feedback, FeedbackStore, normalize_query
from vnsearch.models.embedder import Embedder
from vnsearch.store.filters import check_access_level

logger = logging.getLogger("vnsearch.search")

# On the vi-regulations train questions (multilingual-e5-small), pairs of different
# questions about the same passage have a median query cosine of 0.90, and pairs about
# different passages reach 0.93 at their 99th percentile. At 0.92, 69 % of the query
# pairs above the threshold share their passage; at 0.85 only 5 % do.
# The cap was measured with feedback from a random half of the train questions (seed 0,
# hybrid search). On the other half, whose passages the feedback covers, MRR@10 rose
# from 0.895 to 0.908 at cap 0.5. On the dev questions, whose passages it never covers,
# MRR@10 stayed at 0.916. Cap 1.0 with threshold 0.90 gained more on the train half
# (0.920) but cost 0.022 on dev.
# NOTE: measured on one dataset and one model, with a one-off script that is not in
# the repository.
DEFAULT_THRESHOLD = 0.92
DEFAULT_CAP = 0.5
# The spread that scales the boost is measured over this many best chunks, because
# the long tail of weak candidates would otherwise widen it.
SPREAD_CHUNKS = 30
_ENCODE_BATCH = 32


def same_query_key(query: str) -> str:
    """Return the form under which two queries count as the same: NFC, spaces, case."""
    return normalize_query(query).casefold()


def eligible_feedback(
    rows: Iterable[Feedback], author_levels: Mapping[int, int], access_level: int
) -> list[Feedback]:
    """Return the judgements that may influence a search at ``access_level``.

    ``author_levels`` maps user ids to their current access level; judgements by
    users missing from it (deleted users) are left out.
    """
    level = check_access_level(access_level)
    return [
        row
        for row in rows
        if row.doc_level <= level and author_levels.get(row.user_id, -1) >= level
    ]


def document_signals(votes: Iterable[tuple[str, int]]) -> dict[str, float]:
    """Sum ``(doc_id, +1 or -1)`` votes per document and clip each sum to [-1, 1]."""
    totals: dict[str, float] = {}
    for doc_id, direction in votes:
        totals[doc_id] = totals.get(doc_id, 0.0) + direction
    return {doc_id: max(-1.0, min(1.0, total)) for doc_id, total in totals.items()}


def score_spread(scores: Mapping[str, float]) -> float:
    """Return the standard deviation of the best :data:`SPREAD_CHUNKS` scores (1.0 if none)."""
    best = sorted(scores.values(), reverse=True)[:SPREAD_CHUNKS]
    spread = statistics.pstdev(best) if len(best) > 1 else 0.0
    return spread if spread > 0 else 1.0


def apply_signals(
    scores: Mapping[str, float],
    rows: Mapping[str, Mapping[str, Any]],
    signals: Mapping[str, float],
    cap: float,
) -> dict[str, float]:
    """Return ``scores`` with every chunk of a signalled document moved by its capped boost."""
    if not signals or cap == 0:
        return dict(scores)
    unit = cap * score_spread(scores)
    return {
        cid: score + unit * signals.get(rows[cid]["doc_id"], 0.0) for cid, score in scores.items()
    }


class FeedbackBooster:
    """Turn stored relevance judgements into per-document score changes.

    Args:
        db_path: the app database with the feedback and users tables (normally
            ``<data dir>/app.db``); while it does not exist, no feedback applies.
        cap: largest score change, in spreads of the leading candidates' scores.
        threshold: cosine similarity from which an earlier query counts as similar.

    Embeddings of stored queries are cached per model, so each stored query is
    encoded once per session.
    """

    def __init__(
        self, db_path: Path, cap: float = DEFAULT_CAP, threshold: float = DEFAULT_THRESHOLD
    ) -> None:
        if not 0.0 <= cap <= 10.0:
            raise ConfigError(f"Invalid feedback cap {cap}; use 0 to 10.")
        if not 0.5 <= threshold <= 1.0:
            raise ConfigError(f"Invalid feedback threshold {threshold}; use 0.5 to 1.")
        self.db_path = Path(db_path)
        self.cap = cap
        self.threshold = threshold
        self._stores: tuple[FeedbackStore, UserStore] | None = None
        self._vectors: dict[tuple[str, str], np.ndarray] = {}
        self._lock = threading.Lock()

    def signals(self, query: str, access_level: int, embedder: Embedder | None) -> dict[str, float]:
        """Return ``doc_id -> clipped vote sum`` from judgements that count for ``query``.

        Without an embedder (full-text searches) only exact normalised matches count.
        """
        level = check_access_level(access_level)
        if not self.db_path.is_file():
            return {}
        feedback, users = self._open()
        author_levels = {user.user_id: user.access_level for user in users.list_users()}
        rows = eligible_feedback(feedback.list(level), author_levels, level)
        if not rows:
            return {}

        key = same_query_key(query)
        similar = self._similar_queries(query, {row.query for row in rows}, embedder)
        votes = [
            (row.doc_id, 1 if row.label == "relevant" else -1)
            for row in rows
            if same_query_key(row.query) == key or row.query in similar
        ]
        return document_signals(votes)

    def _open(self) -> tuple[FeedbackStore, UserStore]:
        with self._lock:
            if self._stores is None:
                self._stores = (FeedbackStore(self.db_path), UserStore(self.db_path))
            return self._stores

    def _similar_queries(self, query: str, stored: set[str], embedder: Embedder | None) -> set[str]:
        """Return the stored queries whose embedding cosine with ``query`` reaches the threshold."""
        if embedder is None or not stored:
            return set()
        vector = embedder.encode_query(query)
        names = sorted(stored)
        matrix = self._vectors_for(embedder, names)
        similarity = matrix @ vector
        return {
            text for text, value in zip(names, similarity, strict=True) if value >= self.threshold
        }

    def _vectors_for(self, embedder: Embedder, texts: list[str]) -> np.ndarray:
        """Return the query embeddings of ``texts``, encoding the uncached ones in batches.

        The batch goes to the sentence-transformers model directly, with the model's
        query prompt, so that hundreds of stored queries neither take one model pass
        each nor evict the user's recent searches from the embedder's query cache.
        """
        with self._lock:
            missing = [t for t in texts if (embedder.model_id, t) not in self._vectors]
        if missing:
            encoded = embedder.model.encode(
                missing,
                prompt=embedder.query_prompt or None,
                batch_size=_ENCODE_BATCH,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            with self._lock:
                for text, vector in zip(missing, encoded, strict=True):
                    self._vectors[(embedder.model_id, text)] = np.asarray(vector, dtype=np.float32)
        with self._lock:
            return np.stack([self._vectors[(embedder.model_id, t)] for t in texts])

    def stage(self, access_level: int, embedder: Embedder | None) -> FeedbackStage:
        """Return the ranking stage that applies this booster to one search."""
        return FeedbackStage(self, check_access_level(access_level), embedder)


class FeedbackStage:
    """The ranking stage of :class:`FeedbackBooster` for one searcher's level."""

    name = "feedback"
    model_id = ""

    def __init__(self, booster: FeedbackBooster, access_level: int, embedder: Embedder | None):
        self.booster = booster
        self.access_level = access_level
        self.embedder = embedder

    def rescore(
        self, query: str, rows: Mapping[str, Mapping[str, Any]], scores: Mapping[str, float]
    ) -> dict[str, float]:
        """Return ``scores`` moved by the feedback that counts for ``query``."""
        signals = self.booster.signals(query, self.access_level, self.embedder)
        if signals:
            logger.debug("Feedback moves %d documents for %r", len(signals), query)
        return apply_signals(scores, rows, signals, self.booster.cap)

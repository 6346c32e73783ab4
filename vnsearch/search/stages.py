"""Assembly of the ranking stages that follow fusion: re-ranking and feedback.

The engine builds the stages for every search from the current settings, so a
re-ranker installed or a setting changed while the app runs applies to the next
search. Loaded models are kept between searches.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

from vnsearch.accounts import APP_DB_NAME
from vnsearch.config import SEARCH_STAGES, Settings
from vnsearch.errors import ConfigError
from vnsearch.models.embedder import Embedder
from vnsearch.search.feedback_boost import FeedbackBooster
from vnsearch.search.rerank import CrossEncoderReranker, choose_reranker
from vnsearch.search.searcher import RankingStage

logger = logging.getLogger("vnsearch.search")


class RankingStages:
    """Build the ranking stages of one data folder's searches.

    Args:
        data_dir: the data folder with the installed re-rankers and ``app.db``.
        reranker: a re-ranker to use instead of looking one up in ``data_dir``
            (evaluation runs on temporary data folders pass one).
        reranker_type: the class that runs installed re-rankers; the GUI passes one
            that keeps the model in a child process.
    """

    def __init__(
        self,
        data_dir: Path,
        reranker: CrossEncoderReranker | None = None,
        reranker_type: type[CrossEncoderReranker] = CrossEncoderReranker,
    ) -> None:
        self.data_dir = Path(data_dir)
        self._fixed_reranker = reranker
        self._reranker_type = reranker_type
        self._reranker: CrossEncoderReranker | None = None
        self._booster: FeedbackBooster | None = None
        self._warned_no_reranker = False
        self._lock = threading.Lock()

    def build(
        self,
        names: Sequence[str],
        settings: Settings,
        access_level: int,
        embedder: Embedder | None,
    ) -> list[RankingStage]:
        """Return the stages called ``names``, in that order, that can run now.

        "rerank" is left out while no re-ranker is installed; "feedback" always runs.
        """
        stages: list[RankingStage] = []
        for name in names:
            if name not in SEARCH_STAGES:
                raise ConfigError(
                    f"Invalid search stage {name!r}; use one of: {', '.join(SEARCH_STAGES)}."
                )
            if name == "rerank":
                reranker = self.reranker(settings)
                if reranker is not None:
                    stages.append(reranker)
            else:
                stages.append(self.booster(settings).stage(access_level, embedder))
        return stages

    def reranker(self, settings: Settings) -> CrossEncoderReranker | None:
        """Return the re-ranker chosen by ``settings.reranker``, or None when none is installed."""
        if self._fixed_reranker is not None:
            return self._fixed_reranker
        info = choose_reranker(self.data_dir, settings.reranker)
        with self._lock:
            if info is None:
                if not self._warned_no_reranker:
                    logger.info("No re-ranker installed; searching without re-ranking.")
                    self._warned_no_reranker = True
                return None
            current = self._reranker
            if current is None or not current.runs_model_of(info, settings):
                if current is not None:
                    current.close()
                current = self._reranker_type.from_settings(info, settings)
                self._reranker = current
            # Neither needs the model reloaded (nor a child process restarted).
            current.candidates = settings.rerank_candidates
            current.weight = settings.rerank_weight
            return current

    def close(self) -> None:
        """Close the re-ranker these stages started (a child process in the GUI)."""
        with self._lock:
            if self._reranker is not None:
                self._reranker.close()
                self._reranker = None

    def booster(self, settings: Settings) -> FeedbackBooster:
        """Return the feedback booster for ``<data dir>/app.db`` with the current cap."""
        with self._lock:
            booster = self._booster
            if booster is None:
                booster = FeedbackBooster(
                    self.data_dir / APP_DB_NAME,
                    cap=settings.feedback_cap,
                    threshold=settings.feedback_threshold,
                )
                self._booster = booster
            else:
                # The cache of query embeddings survives a change of cap or threshold.
                booster.cap = settings.feedback_cap
                booster.threshold = settings.feedback_threshold
            return booster

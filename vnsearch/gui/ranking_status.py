"""Whether searches re-rank their results, judged from the installed models and settings.

Mirrors the rule of :meth:`vnsearch.search.stages.RankingStages.reranker`: the
``reranker`` setting names a model, or "" takes the first installed one by name, and
the "rerank" search stage must be enabled. Qt-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vnsearch.config import Settings
from vnsearch.models.registry import ModelInfo


@dataclass(frozen=True)
class RerankingState:
    """The re-ranker that searches use, or the reason there is none.

    Attributes:
        active: the re-ranker that searches use, or None when re-ranking is off.
        disabled_by_settings: an installed re-ranker that the search stages leave out.
        missing: a re-ranker named in the settings that is not installed.
    """

    active: str | None = None
    disabled_by_settings: str | None = None
    missing: str | None = None


def reranking_state(models: Sequence[ModelInfo], settings: Settings) -> RerankingState:
    """Return the re-ranking state for the installed ``models`` and ``settings``."""
    installed = sorted(m.name for m in models if m.kind == "reranker")
    if settings.reranker:
        if settings.reranker not in installed:
            return RerankingState(missing=settings.reranker)
        chosen: str | None = settings.reranker
    else:
        chosen = installed[0] if installed else None
    if chosen is None:
        return RerankingState()
    if "rerank" not in settings.search_stages:
        return RerankingState(disabled_by_settings=chosen)
    return RerankingState(active=chosen)

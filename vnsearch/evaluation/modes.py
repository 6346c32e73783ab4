"""Evaluation modes: a search mode plus the ranking stages that run after fusion."""

from __future__ import annotations

from typing import Any

from vnsearch.config import SEARCH_STAGES, Settings
from vnsearch.errors import ConfigError
from vnsearch.search.searcher import SearchMode

EVAL_MODES = (
    "dense",
    "fts",
    "hybrid",
    "hybrid+rerank",
    "hybrid+feedback",
    "hybrid+rerank+feedback",
)


def modes_for_option(option: str) -> list[str]:
    """Return the evaluation modes of a ``--mode`` value (rerank, feedback and all included)."""
    if option == "all":
        return list(EVAL_MODES)
    if option in ("rerank", "feedback"):
        return [f"hybrid+{option}"]
    if option in EVAL_MODES:
        return [option]
    raise ConfigError(f"Invalid mode {option!r}; use dense, fts, hybrid, rerank, feedback or all.")


def mode_plan(mode: str, settings: Settings) -> tuple[SearchMode, list[str]]:
    """Return the search mode and the ranking stages, in order, of an evaluation mode.

    The stages of a combined mode follow the ``search_stages`` setting's order.
    """
    if mode not in EVAL_MODES:
        raise ConfigError(f"Invalid evaluation mode {mode!r}; use one of: {', '.join(EVAL_MODES)}.")
    search_mode, _, rest = mode.partition("+")
    requested = set(rest.split("+")) if rest else set()
    order = [s for s in settings.search_stages if s in requested]
    order += [s for s in SEARCH_STAGES if s in requested and s not in order]
    return search_mode, order  # type: ignore[return-value]


def settings_record(settings: Settings) -> dict[str, Any]:
    """Return the settings that shape indexing and ranking, for the report."""
    return {
        "chunk_tokens": settings.chunk_tokens,
        "chunk_overlap_tokens": settings.chunk_overlap_tokens,
        "fusion": settings.fusion,
        "dense_weight": settings.dense_weight,
        "candidates": settings.candidates,
        "device": settings.device,
        "batch_size": settings.batch_size,
        "reranker": settings.reranker,
        "rerank_candidates": settings.rerank_candidates,
        "rerank_weight": settings.rerank_weight,
        "search_stages": list(settings.search_stages),
        "feedback_cap": settings.feedback_cap,
        "feedback_threshold": settings.feedback_threshold,
    }

"""Re-ranking of fused candidates with a sentence-transformers cross-encoder.

A cross-encoder reads the query and a passage together, so it judges relevance better
than the vector and BM25 scores, but it costs one model pass per pair. It therefore
scores only the best ``candidates`` fused chunks of a search.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from vnsearch.chunking import compose_embed_text
from vnsearch.config import Settings
from vnsearch.errors import ConfigError, ModelError
from vnsearch.models.backends import check_encoder, choose_encoder, cpu_has_bf16
from vnsearch.models.cross_int8 import (
    OnnxInt8CrossEncoder,
    bf16_scores,
    build_cross_int8_onnx,
    torch_scores,
)
from vnsearch.models.embedder import quiet_transformers, resolve_device
from vnsearch.models.registry import ModelInfo, list_models
from vnsearch.search.fusion import standardise

if TYPE_CHECKING:
    from sentence_transformers import CrossEncoder

logger = logging.getLogger("vnsearch.search")

# Blending the re-ranker's z-scored logits half and half with the fused scores was
# the best setting measured (bench/bench_rerank.py, 30 candidates, a cross-encoder
# trained here from multilingual-e5-small, docs/benchmarks.md). MRR@10 on vi-regulations
# dev: hybrid 0.925, re-ranker alone 0.874, blend 0.5 0.925; on 200 vi-covid-faq dev
# questions: 0.419, 0.401 and 0.439. A strong general re-ranker may do best alone
# (weight 1); the evaluation report shows which holds for a company's questions.
# NOTE: measured with one re-ranker, since none can be downloaded on these machines.
DEFAULT_WEIGHT = 0.5
# Chunks beyond the re-ranked ones are placed below the lowest re-ranked score, this
# far apart, so they keep their fused order.
_TAIL_STEP = 1e-3


def choose_reranker(data_dir: Path, name: str = "") -> ModelInfo | None:
    """Return the installed re-ranker called ``name``, or the first one when ``name`` is "".

    Returns None when no re-ranker is installed, or when ``name`` is not installed (with
    a warning naming the installed ones), so that search keeps working without one.
    """
    installed = list_models(data_dir, kind="reranker")
    if not name:
        return installed[0] if installed else None
    for info in installed:
        if info.name == name:
            return info
    logger.warning(
        "Re-ranker %r is not installed (installed: %s); searching without re-ranking.",
        name,
        ", ".join(m.name for m in installed) or "none",
    )
    return None


def blend_scores(
    reranked: Mapping[str, float], fused: Mapping[str, float], weight: float
) -> dict[str, float]:
    """Return ``weight * z(reranked) + (1 - weight) * z(fused)`` for each candidate.

    Both score lists are standardised over the re-ranked candidates, so the blend does
    not depend on the scale of the re-ranker's logits.
    """
    z_reranked, z_fused = standardise(reranked), standardise(fused)
    return {cid: weight * z_reranked[cid] + (1.0 - weight) * z_fused[cid] for cid in reranked}


def place_below(head: Mapping[str, float], tail: Sequence[str]) -> dict[str, float]:
    """Return ``head`` plus the ``tail`` ids, in their order, scored below every head score."""
    scores = dict(head)
    floor = min(head.values(), default=0.0)
    for position, cid in enumerate(tail, start=1):
        scores[cid] = floor - _TAIL_STEP * position
    return scores


def passage_text(row: Mapping[str, Any]) -> str:
    """Return the text the re-ranker reads for a chunk row: title, heading and body."""
    return compose_embed_text(row.get("title") or "", row.get("heading") or "", row["text"])


class CrossEncoderReranker:
    """Re-score the best fused chunks of a search with a cross-encoder.

    The model is loaded on first use, so building a re-ranker is cheap.

    Args:
        path: a sentence-transformers cross-encoder folder (one output label).
        model_id: the installed model's name, reported in search responses.
        device: "auto", "cpu" or "cuda".
        candidates: best fused chunks to score again; the rest keep their fused order
            below them.
        batch_size: query-passage pairs per model pass.
        weight: share of the cross-encoder in the new scores (see :func:`blend_scores`);
            1 keeps its logits alone.
        encoder: "auto", "torch" or "onnx-int8". "auto" scores under bf16 autocast
            on CPUs that compute bf16 natively and in fp32 elsewhere. "onnx-int8" uses
            the int8 ONNX model, which measured less accurate for re-rankers.

    Scores are the model's raw logits, not sigmoid probabilities: a sigmoid squeezes
    confident scores together near 0 and 1, where a later stage's capped shift would
    reorder them.

    Example::

        reranker = CrossEncoderReranker(info.path, info.name, candidates=30)
        scores = reranker.rescore(query, rows, fused_scores)
    """

    name = "rerank"

    def __init__(
        self,
        path: Path,
        model_id: str,
        device: str = "auto",
        candidates: int = 30,
        batch_size: int = 32,
        encoder: str = "auto",
        weight: float = DEFAULT_WEIGHT,
    ) -> None:
        if not Path(path).is_dir():
            raise ModelError(
                f"Re-ranker folder {path} does not exist. Import a cross-encoder with "
                "'vnsearch models import PATH --kind reranker'."
            )
        if device not in ("auto", "cpu", "cuda"):
            raise ConfigError(f"Invalid device {device!r}; use 'auto', 'cpu' or 'cuda'.")
        if candidates < 1:
            raise ConfigError(f"Invalid re-rank candidate count {candidates}; use 1 or more.")
        if batch_size < 1:
            raise ConfigError(f"Invalid batch size {batch_size}; use 1 or more.")
        if not 0.0 <= weight <= 1.0:
            raise ConfigError(f"Invalid re-ranker weight {weight}; use 0 to 1.")
        self.path = Path(path)
        self.model_id = model_id
        self.device = device
        self.candidates = candidates
        self.batch_size = batch_size
        self.encoder = check_encoder(encoder)
        self.weight = weight
        self._model: CrossEncoder | None = None
        self._int8: OnnxInt8CrossEncoder | None = None
        self._active_encoder: str | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, info: ModelInfo, settings: Settings) -> Self:
        """Return a re-ranker for the installed model ``info`` with the search settings."""
        return cls(
            info.path,
            info.name,
            settings.device,
            candidates=settings.rerank_candidates,
            batch_size=settings.batch_size,
            encoder=settings.encoder,
            weight=settings.rerank_weight,
        )

    def runs_model_of(self, info: ModelInfo, settings: Settings) -> bool:
        """Return whether this re-ranker runs ``info`` as ``settings`` ask.

        Only what the loaded model depends on counts (folder, device, batch size,
        encoder path); the candidate count and the weight can change in place.
        """
        return (self.path, self.device, self.batch_size, self.encoder) == (
            info.path,
            settings.device,
            settings.batch_size,
            settings.encoder,
        )

    @property
    def model(self) -> CrossEncoder:
        """The loaded cross-encoder (loads it on first access)."""
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self) -> CrossEncoder:
        from sentence_transformers import CrossEncoder

        device = resolve_device(self.device)
        quiet_transformers()
        logger.info("Loading re-ranker %s from %s on %s", self.model_id, self.path, device)
        try:
            return CrossEncoder(str(self.path), device=device, local_files_only=True)
        except (OSError, ValueError, RuntimeError, KeyError) as exc:
            raise ModelError(
                f"Could not load the re-ranker from {self.path}: {exc}. Re-import the folder "
                "with 'vnsearch models import PATH --kind reranker'."
            ) from exc

    @property
    def active_encoder(self) -> str:
        """The scoring path, "torch", "torch-bf16" or "onnx-int8" (chosen on first use)."""
        model = self.model
        with self._lock:
            if self._active_encoder is None:
                self._active_encoder = self._start_encoder(model)
            return self._active_encoder

    def _start_encoder(self, model: CrossEncoder) -> str:
        device = resolve_device(self.device)
        if self.encoder == "auto":
            # bf16 autocast rather than int8: on vi-regulations dev the int8 model lost
            # 0.016 MRR@10 against fp32 while bf16 lost nothing and ran as fast
            # (bench/bench_rerank.py, docs/benchmarks.md).
            return "torch-bf16" if device == "cpu" and cpu_has_bf16() else "torch"
        chosen = choose_encoder(self.encoder, device, model)
        if chosen == "onnx-int8":
            self._int8 = OnnxInt8CrossEncoder(model, build_cross_int8_onnx(self.path, model))
            logger.info("Re-ranking with %s", self._int8.path)
        return chosen

    def score(self, query: str, passages: list[str]) -> list[float]:
        """Return the model's relevance logit of each passage for ``query``."""
        if not passages:
            return []
        encoder = self.active_encoder
        model = self.model
        pairs = [(query, passage) for passage in passages]
        with self._lock:
            if encoder == "onnx-int8" and self._int8 is not None:
                values = self._int8.score(pairs, self.batch_size)
            elif encoder == "torch-bf16":
                values = bf16_scores(model, pairs, self.batch_size)
            else:
                values = torch_scores(model, pairs, self.batch_size)
        return [float(v) for v in values]

    def close(self) -> None:
        """Release what the re-ranker holds beyond memory; nothing for an in-process model."""

    def rescore(
        self, query: str, rows: Mapping[str, Mapping[str, Any]], scores: Mapping[str, float]
    ) -> dict[str, float]:
        """Return new scores for the best ``candidates`` chunks, the rest below them.

        The new score is the cross-encoder's logit, blended with the fused score by
        ``weight`` (see :func:`blend_scores`). Chunks outside the re-ranked set keep
        their previous order and are scored below every re-ranked chunk, so none of
        them is dropped.
        """
        order = sorted(scores, key=lambda cid: -scores[cid])
        head, tail = order[: self.candidates], order[self.candidates :]
        values = self.score(query, [passage_text(rows[cid]) for cid in head])
        rescored = dict(zip(head, values, strict=True))
        if self.weight < 1.0:
            rescored = blend_scores(rescored, {cid: scores[cid] for cid in head}, self.weight)

        return place_below(rescored, tail)

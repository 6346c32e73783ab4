"""Locations of the data folder and the settings stored in it.

The data folder contains the LanceDB index, the installed models and the settings file.
It defaults to the platform's user data directory and can be overridden with the
``--data-dir`` option or the ``VNSEARCH_DATA_DIR`` environment variable.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from vnsearch.errors import ConfigError

logger = logging.getLogger("vnsearch.config")

APP_NAME = "vnsearch"
DATA_DIR_ENV = "VNSEARCH_DATA_DIR"
SETTINGS_FILE = "settings.json"
# Ranking stages that can follow fusion; the default order is this one.
SEARCH_STAGES = ("rerank", "feedback")


def default_data_dir() -> Path:
    """Return the data folder: ``$VNSEARCH_DATA_DIR`` if set, else the user data dir."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(option: str | os.PathLike[str] | None) -> Path:
    """Return the data folder given by an explicit option, else the default one."""
    if option:
        return Path(option).expanduser().resolve()
    return default_data_dir()


@dataclass
class Settings:
    """User settings stored as JSON in the data folder.

    Attributes:
        device: compute device for models: "auto", "cpu" or "cuda".
        encoder: how models run on the CPU: "torch" (fp32), "onnx-int8", or "auto".
            "auto" runs embedding models in int8 on CPUs with AVX512-VNNI and re-rankers
            under bf16 autocast on CPUs with native bf16, and torch fp32 elsewhere.
        language: interface language code ("vi" or "en").
        chunk_tokens: target chunk size in model tokens, prefix and context included.
        chunk_overlap_tokens: tokens repeated between consecutive chunks of a section.
        batch_size: passages per embedding batch.
        commit_chunks: chunks embedded before each commit to the index; smaller values
            lose less work to a crash, larger ones pad batches less.
        fusion: how hybrid search merges its legs: "zscore" or "rrf".
        dense_weight: weight of the dense leg in "zscore" fusion (0 to 1).
        candidates: chunks each search leg returns before fusion.
        reranker: installed re-ranker model to use, or "" for the first installed one.
        rerank_candidates: best fused chunks that the re-ranker scores again.
        rerank_weight: share of the re-ranker in the re-ranked candidates' scores (0
            to 1): ``w * z(re-ranker logits) + (1 - w) * z(fused scores)``; 1 uses the
            re-ranker's logits alone.
        search_stages: ranking stages after fusion, in order: "rerank", "feedback".
        feedback_cap: largest score change from feedback, in standard deviations of
            the leading candidates' scores.
        feedback_threshold: cosine similarity from which an earlier query counts as
            similar for feedback (an exact normalised match always counts).
    """

    device: str = "auto"
    encoder: str = "auto"
    language: str = "vi"
    chunk_tokens: int = 256
    chunk_overlap_tokens: int = 32
    batch_size: int = 32
    commit_chunks: int = 192
    fusion: str = "zscore"
    dense_weight: float = 0.5
    candidates: int = 50
    reranker: str = ""
    rerank_candidates: int = 30
    # Measured default; vnsearch.search.rerank explains the measurement.
    rerank_weight: float = 0.5
    search_stages: list[str] = field(default_factory=lambda: list(SEARCH_STAGES))
    # Measured defaults; vnsearch.search.feedback_boost explains the measurement.
    feedback_cap: float = 0.5
    feedback_threshold: float = 0.92
    extra: dict[str, Any] = field(default_factory=dict)

    def validate(self) -> None:
        """Raise :class:`ConfigError` naming the first invalid value."""
        if self.device not in ("auto", "cpu", "cuda"):
            raise ConfigError(f"Invalid device {self.device!r}; use 'auto', 'cpu' or 'cuda'.")
        from vnsearch.models.backends import check_encoder  # imports no model library

        check_encoder(self.encoder)
        if self.language not in ("vi", "en"):
            raise ConfigError(f"Invalid language {self.language!r}; use 'vi' or 'en'.")
        if not 32 <= self.chunk_tokens <= 8192:
            raise ConfigError(
                f"Invalid chunk size {self.chunk_tokens} tokens; use a value from 32 to 8192."
            )
        if not 0 <= self.chunk_overlap_tokens < self.chunk_tokens // 2:
            raise ConfigError(
                f"Invalid chunk overlap {self.chunk_overlap_tokens} tokens; use a value from 0 "
                f"to less than half the chunk size ({self.chunk_tokens // 2})."
            )
        if self.fusion not in ("zscore", "rrf"):
            raise ConfigError(f"Invalid fusion {self.fusion!r}; use 'zscore' or 'rrf'.")
        if not 0.0 <= self.dense_weight <= 1.0:
            raise ConfigError(f"Invalid dense weight {self.dense_weight}; use 0 to 1.")
        if not 1 <= self.candidates <= 1000:
            raise ConfigError(f"Invalid candidate count {self.candidates}; use 1 to 1000.")
        if not 1 <= self.commit_chunks <= 100_000:
            raise ConfigError(f"Invalid commit size {self.commit_chunks} chunks; use 1 to 100000.")
        if not 1 <= self.batch_size <= 1024:
            raise ConfigError(f"Invalid batch size {self.batch_size}; use 1 to 1024.")
        self._validate_ranking()

    def _validate_ranking(self) -> None:
        if not isinstance(self.reranker, str):
            raise ConfigError(f"Invalid re-ranker {self.reranker!r}; use a model name or ''.")
        if not 1 <= self.rerank_candidates <= 1000:
            raise ConfigError(
                f"Invalid re-rank candidate count {self.rerank_candidates}; use 1 to 1000."
            )
        if not 0.0 <= self.rerank_weight <= 1.0:
            raise ConfigError(f"Invalid re-ranker weight {self.rerank_weight}; use 0 to 1.")
        stages = self.search_stages
        if (
            not isinstance(stages, list)
            or any(stage not in SEARCH_STAGES for stage in stages)
            or len(set(stages)) != len(stages)
        ):
            raise ConfigError(
                f"Invalid search stages {stages!r}; use a list of distinct names from: "
                f"{', '.join(SEARCH_STAGES)}."
            )
        if not 0.0 <= self.feedback_cap <= 10.0:
            raise ConfigError(f"Invalid feedback cap {self.feedback_cap}; use 0 to 10.")
        if not 0.5 <= self.feedback_threshold <= 1.0:
            raise ConfigError(
                f"Invalid feedback threshold {self.feedback_threshold}; use 0.5 to 1."
            )


def load_settings(data_dir: Path) -> Settings:
    """Read the settings file, falling back to defaults when it is missing or invalid."""
    path = data_dir / SETTINGS_FILE
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        known = {k: v for k, v in raw.items() if k in Settings.__dataclass_fields__}
        settings = Settings(**known)
        settings.validate()
    except (OSError, ValueError, TypeError, ConfigError) as exc:
        logger.warning("Ignoring invalid settings file %s: %s", path, exc)
        return Settings()
    return settings


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Validate and write the settings atomically (temporary file, then rename)."""
    settings.validate()
    data_dir.mkdir(parents=True, exist_ok=True)
    write_json_atomic(data_dir / SETTINGS_FILE, asdict(settings))


def write_json_atomic(path: Path, payload: Any) -> None:
    """Write JSON so that readers see either the old or the new file, never a torn one."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)

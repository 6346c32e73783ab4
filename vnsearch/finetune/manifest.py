"""The fine-tuning record stored beside a fine-tuned model's weights.

``vnsearch_model.json`` (see :mod:`vnsearch.models.registry`) describes every model;
a fine-tuned one also has ``vnsearch_finetune.json`` with its base model, the
held-out comparison and whether it is recommended for activation.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger("vnsearch.train")

FINETUNE_FILE = "vnsearch_finetune.json"


@dataclass
class FineTuneManifest:
    """Summary of one fine-tuning run.

    Attributes:
        base_model: name of the model that training started from.
        recommended: True when the new model beat the base on the held-out split.
        reason: one sentence that explains ``recommended``.
        created_at: ISO time when training finished.
        train_pairs, eval_queries: sizes of the training set and the held-out split.
        held_out: metric -> {"base": value, "new": value} on the held-out split.
    """

    base_model: str
    recommended: bool
    reason: str
    created_at: str
    train_pairs: int
    eval_queries: int
    held_out: dict[str, dict[str, float]] = field(default_factory=dict)

    def write(self, folder: Path) -> None:
        """Write the record as ``vnsearch_finetune.json`` into ``folder``."""
        text = json.dumps(asdict(self), ensure_ascii=False, indent=2)
        (folder / FINETUNE_FILE).write_text(text + "\n", encoding="utf-8")


def read_finetune_manifest(folder: Path) -> FineTuneManifest | None:
    """Return the fine-tuning record of a model folder, or None for other models."""
    path = Path(folder) / FINETUNE_FILE
    if not path.is_file():
        return None
    try:
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        known = {k: v for k, v in raw.items() if k in FineTuneManifest.__dataclass_fields__}
        return FineTuneManifest(**known)
    except (OSError, ValueError, TypeError) as exc:
        logger.warning("Ignoring invalid fine-tuning record %s: %s", path, exc)
        return None

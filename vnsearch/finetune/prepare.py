"""Collect, split and validate training data for a fine-tuning run.

:func:`prepare_training_data` is the first step of the wizard and of
``vnsearch finetune``. It gathers pairs from the chosen sources and holds out an
evaluation split by query. It then picks the passages used for evaluation and mining,
and returns the cleaned data with its :class:`ValidationReport`.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from pathlib import Path

from vnsearch.accounts import APP_DB_NAME
from vnsearch.engine import Engine
from vnsearch.errors import ConfigError
from vnsearch.feedback import FeedbackStore
from vnsearch.finetune.corpus import IndexCorpus
from vnsearch.finetune.data import (
    TrainingData,
    TrainingPair,
    count_duplicates,
    load_beir_pairs,
    load_eval_pairs,
    load_hard_negatives,
    load_positive_pairs,
    merge_pairs,
    pairs_from_feedback,
    remove_eval_queries,
    split_by_query,
)
from vnsearch.finetune.validate import ValidationReport, validate_training_data
from vnsearch.store.filters import check_access_level

logger = logging.getLogger("vnsearch.train")

# Distractor passages ranked against held-out queries besides their positives.
# Encoding them twice (base and new model) must stay fast on a CPU.
MAX_EVAL_CORPUS = 2000
# Passages that hard negatives are mined from.
MAX_MINING_CORPUS = 20000


@dataclass
class DataSources:
    """Sources of training data. At least one training source is required.

    Attributes:
        from_feedback: confirmed and not-relevant judgements in the data folder.
        pairs_files: ``positive_pairs.jsonl`` files.
        hard_negative_files: ``hard_negatives.jsonl`` files.
        beir_dir, beir_split: a BEIR folder and the split to train on.
        eval_pairs_file: ``eval_pairs.jsonl`` with the held-out pairs.
        eval_beir_split: a split of ``beir_dir`` to hold out (e.g. "dev").
        eval_fraction, seed: the automatic split when no evaluation source is given.
    """

    from_feedback: bool = False
    pairs_files: list[Path] = field(default_factory=list)
    hard_negative_files: list[Path] = field(default_factory=list)
    beir_dir: Path | None = None
    beir_split: str = "train"
    eval_pairs_file: Path | None = None
    eval_beir_split: str | None = None
    eval_fraction: float = 0.2
    seed: int = 13


@dataclass
class PreparedData:
    """Validated data for :class:`vnsearch.finetune.job.FineTuneJob`.

    Attributes:
        data: training pairs, held-out pairs and the evaluation distractors.
        report: what validation found.
        mining_corpus: passages that hard negatives are mined from.
    """

    data: TrainingData
    report: ValidationReport
    mining_corpus: list[str]


def _sample(texts: dict[str, str], limit: int, seed: int) -> dict[str, str]:
    if len(texts) <= limit:
        return dict(texts)
    keys = random.Random(seed).sample(sorted(texts), limit)
    return {key: texts[key] for key in keys}


def prepare_training_data(engine: Engine, sources: DataSources, max_level: int) -> PreparedData:
    """Gather, split and validate training data as an admin of ``max_level``.

    Judgements, index chunks and file pairs whose passage is indexed above
    ``max_level`` are left out, so the model never learns from text that this admin
    may not read.

    Raises:
        ConfigError: when no training source is given or a file is invalid.
    """
    level = check_access_level(max_level)
    chosen = sources.from_feedback or sources.pairs_files or sources.hard_negative_files
    if not chosen and sources.beir_dir is None:
        raise ConfigError(
            "No training data chosen: use feedback, a positive_pairs.jsonl or "
            "hard_negatives.jsonl file, or a BEIR folder."
        )
    index = IndexCorpus.from_store(engine.store)

    groups: list[list[TrainingPair]] = []
    beir_corpus: dict[str, str] = {}
    if sources.from_feedback:
        groups.append(pairs_from_feedback(FeedbackStore(engine.data_dir / APP_DB_NAME), level))
    groups.extend(load_positive_pairs(Path(p)) for p in sources.pairs_files)
    groups.extend(load_hard_negatives(Path(p)) for p in sources.hard_negative_files)
    if sources.beir_dir is not None:
        beir_pairs, beir_corpus = load_beir_pairs(Path(sources.beir_dir), sources.beir_split)
        groups.append(beir_pairs)
    duplicates = sum(count_duplicates(group) for group in groups)
    pairs = merge_pairs(*groups)

    removed = 0
    if sources.eval_pairs_file is not None:
        held_out = load_eval_pairs(Path(sources.eval_pairs_file))
        train, removed = remove_eval_queries(pairs, held_out)
    elif sources.eval_beir_split is not None and sources.beir_dir is not None:
        held_out, _ = load_beir_pairs(Path(sources.beir_dir), sources.eval_beir_split)
        train, removed = remove_eval_queries(pairs, held_out)
    else:
        train, held_out = split_by_query(pairs, sources.eval_fraction, sources.seed)

    visible = beir_corpus or index.texts(level)
    held_positives = {p.positive for p in held_out}
    distractors = _sample(visible, MAX_EVAL_CORPUS, sources.seed)
    mining = [
        text
        for text in _sample(visible, MAX_MINING_CORPUS, sources.seed).values()
        if text not in held_positives
    ]

    embedder = engine.embedder()
    data, report = validate_training_data(
        TrainingData(train, held_out, distractors, removed, duplicates),
        max_level=level,
        max_tokens=embedder.max_seq_length,
        count_tokens=embedder.count_tokens,
        index=index if len(index) else None,
    )
    logger.info(
        "Prepared %d training and %d held-out pairs (%d findings)",
        report.train_pairs,
        report.eval_pairs,
        len(report.findings),
    )
    return PreparedData(data, report, mining)

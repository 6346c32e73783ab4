"""How long a fine-tuning run will take, scaled from an encoding speed measured here.

The data check encodes a sample of the training texts with the base model on this
computer. A training step costs about three encoding passes per text (the forward
pass plus a backward pass of about twice its cost), and evaluation and mining are
plain encoding, so the estimate adds those counts up. Qt-free.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from vnsearch.finetune.devices import CPU_COMFORT_PAIRS, TrainingOptions

# Forward plus backward pass per training text, in forward passes. A common rule of
# thumb for transformer training, not a measurement of this code.
TRAIN_PASS_FACTOR = 3.0
# Training queries that the worker scores for the report's "train" split.
TRAIN_SAMPLE = 100


@dataclass(frozen=True)
class EncodingRate:
    """Encoding speed of the base model measured during the data check.

    Attributes:
        texts: texts encoded for the measurement.
        seconds: time those texts took.
        load_seconds: time to load the model and encode a first text.
    """

    texts: int
    seconds: float
    load_seconds: float

    @property
    def seconds_per_text(self) -> float:
        """Average encoding time of one text."""
        return self.seconds / self.texts if self.texts else 0.0


@dataclass(frozen=True)
class DataSizes:
    """The counts that decide a run's length (from the prepared data)."""

    train_pairs: int
    eval_pairs: int
    eval_queries: int
    distractors: int
    mining_passages: int


def planned_steps(train_pairs: int, options: TrainingOptions) -> int:
    """Return the optimizer steps of a run that is not stopped early."""
    per_epoch = max(1, math.ceil(train_pairs / options.batch_size))
    total = per_epoch * options.epochs
    return min(total, options.max_steps) if options.max_steps else total


def estimate_seconds(rate: EncodingRate, sizes: DataSizes, options: TrainingOptions) -> float:
    """Return the estimated wall time of a run in seconds.

    Counts: loading the model once, the base and the new model each encoding the
    held-out and the training sample splits, the held-out evaluation after every
    epoch, mining, and the training steps themselves.
    """
    # NOTE: writing a checkpoint after each evaluation and the final model is not
    # counted. For a model of a few hundred MB on a slow disk, that adds noticeably.
    per_text = rate.seconds_per_text
    sample = min(sizes.train_pairs, TRAIN_SAMPLE)
    held_out_texts = sizes.distractors + sizes.eval_pairs + sizes.eval_queries
    split_texts = held_out_texts + sizes.distractors + 2 * sample
    evaluations = min(options.epochs, planned_steps(sizes.train_pairs, options))
    mining = 0
    if options.mine_negatives and options.num_negatives:
        mining = sizes.mining_passages + 2 * sizes.train_pairs
    steps = planned_steps(sizes.train_pairs, options)
    texts_per_step = options.batch_size * (2 + options.num_negatives)
    training = steps * texts_per_step * TRAIN_PASS_FACTOR
    encoded = 2 * split_texts + evaluations * held_out_texts + mining + training
    return rate.load_seconds + encoded * per_text


def cpu_step_cap(batch_size: int) -> int:
    """Return the most steps offered on a CPU: one pass over CPU_COMFORT_PAIRS pairs."""
    return max(1, math.ceil(CPU_COMFORT_PAIRS / max(1, batch_size)))

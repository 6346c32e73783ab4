"""Training device detection and the default hyperparameters for that device.

:func:`detect_device` reports the CUDA GPU (name, memory, bf16 support) or the CPU,
and :func:`recommend_options` picks epochs, batch size and learning rate for that
device and data size, each with a one-line reason that the wizard shows.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Literal

logger = logging.getLogger("vnsearch.train")

DeviceKind = Literal["cuda", "cpu"]
# Pairs above which a CPU run takes hours rather than minutes (see docs/finetuning.md).
CPU_COMFORT_PAIRS = 2000


@dataclass(frozen=True)
class DeviceInfo:
    """The training device.

    Attributes:
        kind: "cuda" or "cpu".
        name: GPU name, or the CPU core count in words.
        memory_gib: GPU memory in GiB, or None on the CPU.
        bf16: True when the device computes in bfloat16 natively (a CUDA GPU with bf16,
            or a CPU with AVX512-BF16 or AMX); training then runs in mixed precision.
        note: one sentence for the user about what this device means for training.
    """

    kind: DeviceKind
    name: str
    memory_gib: float | None
    bf16: bool
    note: str


def detect_device(requested: str = "auto") -> DeviceInfo:
    """Return the device that training will use: a CUDA GPU when usable, else the CPU.

    Args:
        requested: "auto", "cuda" or "cpu" (the ``device`` setting).
    """
    import torch

    if requested not in ("auto", "cuda", "cpu"):
        raise ValueError(f"Invalid device {requested!r}; use 'auto', 'cuda' or 'cpu'.")
    if requested != "cpu" and torch.cuda.is_available():
        props = torch.cuda.get_device_properties(0)
        memory = props.total_memory / 2**30
        return DeviceInfo(
            "cuda",
            props.name,
            round(memory, 1),
            bool(torch.cuda.is_bf16_supported()),
            f"Training on {props.name} ({memory:.0f} GiB) with mixed precision.",
        )
    from vnsearch.models.backends import cpu_has_bf16

    cores = os.cpu_count() or 1
    bf16 = cpu_has_bf16()
    precision = " in bfloat16 mixed precision" if bf16 else ""
    note = (
        f"No CUDA GPU found: training runs on the CPU ({cores} cores){precision}. That suits "
        f"a few hundred pairs; above about {CPU_COMFORT_PAIRS} pairs use a machine with an "
        "NVIDIA GPU or cap the run with a maximum number of steps."
    )
    return DeviceInfo("cpu", f"{cores} CPU cores", None, bf16, note)


@dataclass
class TrainingOptions:
    """Hyperparameters and switches of one fine-tuning run.

    Attributes:
        epochs: passes over the training pairs.
        batch_size: pairs per step; the other pairs of a batch are each query's
            in-batch negatives.
        learning_rate: peak AdamW learning rate.
        warmup_ratio: share of the steps over which the rate rises to its peak.
        max_steps: stop after this many steps (None = run all epochs).
        max_seq_length: tokens per text during training (longer texts are cut).
        cached_loss: use CachedMultipleNegativesRankingLoss (a large batch computed in
            mini-batches of ``mini_batch_size``); None decides from the device.
        mini_batch_size: mini-batch of the cached loss.
        freeze_embeddings: keep the token-embedding table fixed.
        num_negatives: hard negatives per pair (judged ones first, then mined).
        mine_negatives: mine hard negatives from the index or corpus.
        relative_margin: a mined negative must score at least this share below the
            positive, so near-duplicates of the positive are not used as negatives.
        early_stopping_patience: evaluations without improvement before stopping.
        eval_fraction: share of the queries held out when no evaluation file is given.
        seed: seed of the split, the sampling and the training.
        device: "auto", "cuda" or "cpu".
        explanations: option name -> one-line reason for its default value.
    """

    epochs: int = 1
    batch_size: int = 32
    learning_rate: float = 2e-5
    warmup_ratio: float = 0.1
    max_steps: int | None = None
    max_seq_length: int = 256
    cached_loss: bool | None = None
    mini_batch_size: int = 16
    freeze_embeddings: bool = True
    num_negatives: int = 1
    mine_negatives: bool = True
    relative_margin: float = 0.05
    early_stopping_patience: int = 2
    eval_fraction: float = 0.2
    seed: int = 13
    device: str = "auto"
    explanations: dict[str, str] = field(default_factory=dict)

    def validate(self) -> None:
        """Raise ValueError naming the first invalid value and the accepted range."""
        checks = [
            (1 <= self.epochs <= 100, f"epochs {self.epochs}; use 1 to 100"),
            (2 <= self.batch_size <= 4096, f"batch size {self.batch_size}; use 2 to 4096"),
            (0 < self.learning_rate < 1e-2, f"learning rate {self.learning_rate}; use 0 to 0.01"),
            (0 <= self.warmup_ratio < 1, f"warmup ratio {self.warmup_ratio}; use 0 to <1"),
            (
                self.max_steps is None or self.max_steps >= 1,
                f"max steps {self.max_steps}; use 1 or more",
            ),
            (
                16 <= self.max_seq_length <= 8192,
                f"max sequence length {self.max_seq_length}; use 16 to 8192",
            ),
            (0 <= self.num_negatives <= 10, f"negatives {self.num_negatives}; use 0 to 10"),
            (0 <= self.relative_margin < 1, f"margin {self.relative_margin}; use 0 to <1"),
            (0 < self.eval_fraction < 1, f"evaluation share {self.eval_fraction}; use 0 to 1"),
            (self.device in ("auto", "cuda", "cpu"), f"device {self.device!r}"),
        ]
        for ok, what in checks:
            if not ok:
                raise ValueError(f"Invalid {what}.")

    def use_cached_loss(self, device: DeviceInfo) -> bool:
        """Decide whether the memory-saving cached loss is needed."""
        if self.cached_loss is not None:
            return self.cached_loss
        # Attention activations grow with every text of a batch. On a CPU, batch 32 with
        # one negative at 256 tokens (96 texts) passed 11.8 GB of RAM in fp32 and was
        # killed. Under bf16 autocast a bare training loop on the same batch peaked at 6.5 GB.
        # NOTE: the worker process itself reached 15.6-16.5 GB in full runs with these
        # settings; where that memory goes was not measured.
        # NOTE: the GPU thresholds are estimates for BERT-size models, not measurements.
        if device.kind == "cpu":
            return self.batch_size * (1 + self.num_negatives) > (64 if device.bf16 else 32)
        small_gpu = device.memory_gib is not None and device.memory_gib < 12
        return self.batch_size > 128 or (small_gpu and self.batch_size > 32)


def recommend_options(device: DeviceInfo, train_pairs: int, max_seq_length: int) -> TrainingOptions:
    """Return default options for ``device`` and a training set of ``train_pairs``.

    Args:
        max_seq_length: the index's chunk size in tokens; longer training texts are cut.
    """
    small = train_pairs < 1000
    epochs = 3 if small else 1
    # On a CPU with native bf16 a bare training step of 32 pairs peaked at 6.5 GB without
    # the cached loss.
    batch = 32 if device.bf16 else 16
    if device.kind == "cuda":
        batch = 64 if (device.memory_gib or 0) >= 16 else 32
    batch = max(2, min(batch, train_pairs))
    options = TrainingOptions(
        epochs=epochs,
        batch_size=batch,
        max_seq_length=max_seq_length,
        device=device.kind,
    )
    options.explanations = {
        "epochs": (
            f"{epochs} epochs: small sets need a few passes, large ones improve in one; "
            "early stopping ends the run when the held-out score stops rising."
        ),
        "batch_size": (
            f"{batch} pairs per step: every other pair in a batch is a negative for each "
            "query, so larger batches train better while memory allows."
        ),
        "learning_rate": (
            "2e-5: the usual rate for fine-tuning BERT-size encoders; higher rates make "
            "the model forget what it knew."
        ),
        "warmup_ratio": "10% warmup: the rate rises slowly so the first batches do no harm.",
        "freeze_embeddings": (
            "The token-embedding table stays fixed: it is most of a multilingual model's "
            "weights, so steps get cheaper and rare words keep their meaning."
        ),
        "device": device.note,
    }
    return options

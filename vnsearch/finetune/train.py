"""One fine-tuning run with ``SentenceTransformerTrainer``; runs inside the worker process.

Steps of :func:`run_training`: load the base model, measure it on the held-out split,
mine hard negatives, train with MultipleNegativesRankingLoss (hard negatives as extra
columns, no duplicate texts per batch, warmup, mixed precision on CUDA, evaluation
and a checkpoint at each epoch, best checkpoint kept, early stopping), measure the
result and write the model folder with its reports. Progress goes to ``emit`` as
plain dictionaries, which the worker sends to the parent as JSON lines.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from vnsearch.finetune.data import TrainingPair, read_pairs
from vnsearch.finetune.devices import DeviceInfo, TrainingOptions, detect_device
from vnsearch.finetune.evaluate import RetrievalTask, evaluate_splits
from vnsearch.finetune.mining import fill_random_negatives, mine_negatives
from vnsearch.finetune.package import PackageInputs, write_package
from vnsearch.models.embedder import embedding_dimension

logger = logging.getLogger("vnsearch.train")

Emit = Callable[[dict[str, Any]], None]
EVAL_NAME = "heldout"
BEST_METRIC = f"eval_{EVAL_NAME}_cosine_mrr@10"
# Training queries measured for the "train" split of the report (a fit check).
_TRAIN_SAMPLE = 100


@dataclass
class WorkerConfig:
    """Everything the worker process needs, written by the parent as JSON.

    Attributes:
        base_model: name of the base model; base_model_path: its folder.
        name: name of the new model.
        output_dir: folder that receives the finished model (the parent moves it into
            the models folder only after the worker succeeds).
        work_dir: scratch folder for checkpoints.
        train_file, eval_file: pairs written by :func:`vnsearch.finetune.data.write_pairs`.
        corpus_file: JSON with "mining" (texts negatives are mined from) and
            "distractors" (id -> text ranked against held-out queries).
        options: :class:`TrainingOptions` as a dictionary.
        validation: the validation report as text, copied into the package.
    """

    base_model: str
    base_model_path: str
    name: str
    output_dir: str
    work_dir: str
    train_file: str
    eval_file: str
    corpus_file: str
    options: dict[str, Any] = field(default_factory=dict)
    validation: str = ""

    def write(self, path: Path) -> None:
        """Write the configuration as JSON to ``path``."""
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), "utf-8")

    @classmethod
    def read(cls, path: Path) -> WorkerConfig:
        """Read a configuration written by :meth:`write`."""
        return cls(**json.loads(Path(path).read_text("utf-8")))


def _make_progress_callback(emit: Emit) -> Any:
    from transformers import TrainerCallback

    class ProgressCallback(TrainerCallback):
        """Send step, loss, held-out score and time left after every step."""

        def __init__(self) -> None:
            self.started = time.monotonic()
            self.loss: float | None = None
            self.score: float | None = None

        def _send(self, state: Any) -> None:
            elapsed = time.monotonic() - self.started
            step, total = int(state.global_step), int(state.max_steps or 0)
            eta = elapsed / step * (total - step) if step else None
            emit(
                {
                    "event": "progress",
                    "phase": "training",
                    "step": step,
                    "total_steps": total,
                    "epoch": float(state.epoch or 0.0),
                    "loss": self.loss,
                    "eval_score": self.score,
                    "eta_seconds": eta,
                }
            )

        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            self._send(state)

        def on_log(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            logs = kwargs.get("logs") or {}
            if "loss" in logs:
                self.loss = float(logs["loss"])
                self._send(state)

        def on_evaluate(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            metrics = kwargs.get("metrics") or {}
            if BEST_METRIC in metrics:
                self.score = float(metrics[BEST_METRIC])
                self._send(state)

    return ProgressCallback()


def _column_prompts(model: Any, negatives: int) -> dict[str, str]:
    """Map dataset columns to the base model's prompts (e.g. e5's "query: ", "passage: ")."""
    prompts = getattr(model, "prompts", None) or {}
    query = prompts.get("query") or ""
    passage = prompts.get("passage") or prompts.get("document") or ""
    mapping = {"query": query, "positive": passage}
    mapping.update({f"negative_{i}": passage for i in range(1, negatives + 1)})
    return {column: prompt for column, prompt in mapping.items() if prompt}


def _dataset(pairs: list[TrainingPair], negatives: int) -> Any:
    from datasets import Dataset

    columns: dict[str, list[str]] = {
        "query": [p.query for p in pairs],
        "positive": [p.positive for p in pairs],
    }
    for i in range(negatives):
        columns[f"negative_{i + 1}"] = [p.negatives[i] for p in pairs]
    return Dataset.from_dict(columns)


def _freeze_token_embeddings(model: Any) -> None:
    module = model[0]
    inner = getattr(module, "model", None) or module.auto_model
    inner.get_input_embeddings().weight.requires_grad_(False)


def _encoding_precision(device: DeviceInfo) -> contextlib.AbstractContextManager[Any]:
    """Return bf16 autocast for the worker's encoding passes on CPUs with native bf16.

    Measuring the base and the new model and mining negatives encode thousands of
    passages. On such CPUs bf16 autocast encoded 3.6 times faster than fp32 with equal
    MRR@10 (bench/bench_encoding.py). Both models are measured the same way, so the
    comparison stays fair.
    """
    import torch

    if device.kind == "cpu" and device.bf16:
        logger.info("Encoding for evaluation and mining under bfloat16 autocast")
        return torch.autocast("cpu", dtype=torch.bfloat16)
    return contextlib.nullcontext()


@contextlib.contextmanager
def _cpu_mixed_precision(model: Any, device: DeviceInfo) -> Iterator[None]:
    """Run the transformer's forward passes under bf16 autocast while training on such a CPU.

    The trainer's own ``bf16`` switch autocasts only the first forward pass, and the
    cached loss replays its mini-batches during backward, outside that context. Wrapping the
    transformer's ``forward`` covers both passes, while the weights, the optimizer state
    and the loss stay fp32. Measured on 2 AVX512-BF16 cores (batch 32, one negative, 256
    tokens): 12.8 s per step and 6.5 GB against 24 s with the cached loss in fp32.
    """
    if device.kind != "cpu" or not device.bf16:
        yield
        return

    import torch

    module = model[0]
    inner = getattr(module, "model", None) or module.auto_model
    logger.info("Training under bfloat16 autocast on the CPU")
    inner.forward = torch.autocast("cpu", dtype=torch.bfloat16)(inner.forward)
    try:
        yield
    finally:
        del inner.forward


def _training_arguments(
    config: WorkerConfig,
    options: TrainingOptions,
    device: DeviceInfo,
    steps_per_epoch: int,
    prompts: dict[str, str],
) -> Any:
    from sentence_transformers import SentenceTransformerTrainingArguments
    from sentence_transformers.base.sampler import BatchSamplers

    total = options.max_steps or steps_per_epoch * options.epochs
    # Evaluate and keep a checkpoint once per epoch, or once at the end of a short
    # run capped by max_steps.
    every = max(1, min(steps_per_epoch, total))
    return SentenceTransformerTrainingArguments(
        output_dir=str(Path(config.work_dir) / "checkpoints"),
        num_train_epochs=options.epochs,
        max_steps=options.max_steps or -1,
        per_device_train_batch_size=options.batch_size,
        per_device_eval_batch_size=options.batch_size,
        learning_rate=options.learning_rate,
        warmup_steps=options.warmup_ratio,
        batch_sampler=BatchSamplers.NO_DUPLICATES,
        eval_strategy="steps",
        eval_steps=every,
        save_strategy="steps",
        save_steps=every,
        save_total_limit=2,
        save_only_model=True,
        load_best_model_at_end=True,
        metric_for_best_model=BEST_METRIC,
        greater_is_better=True,
        logging_steps=1 if total <= 100 else 10,
        report_to="none",
        disable_tqdm=True,
        seed=options.seed,
        bf16=device.kind == "cuda" and device.bf16,
        fp16=device.kind == "cuda" and not device.bf16,
        use_cpu=device.kind == "cpu",
        dataloader_pin_memory=device.kind == "cuda",
        prompts=prompts,
    )


def run_training(config: WorkerConfig, emit: Emit) -> dict[str, Any]:
    """Train, evaluate and write the model folder; returns the result summary."""
    from sentence_transformers import SentenceTransformer, SentenceTransformerTrainer
    from sentence_transformers.sentence_transformer.evaluation import (
        InformationRetrievalEvaluator,
    )
    from sentence_transformers.sentence_transformer.losses import (
        CachedMultipleNegativesRankingLoss,
        MultipleNegativesRankingLoss,
    )
    from transformers import EarlyStoppingCallback

    started = time.monotonic()
    options = TrainingOptions(**config.options)
    options.validate()
    device = detect_device(options.device)
    train = read_pairs(Path(config.train_file))
    held_out = read_pairs(Path(config.eval_file))
    corpus = json.loads(Path(config.corpus_file).read_text("utf-8"))

    def phase(name: str, message: str) -> None:
        emit({"event": "progress", "phase": name, "message": message})

    phase("loading", f"Loading {config.base_model} on {device.name}")
    model = SentenceTransformer(config.base_model_path, device=device.kind, local_files_only=True)
    base_max_length = int(model.max_seq_length or options.max_seq_length)

    phase("evaluating_base", "Measuring the base model on the held-out split")
    tasks = {
        "held_out": RetrievalTask.from_pairs(held_out, corpus["distractors"]),
        "train": RetrievalTask.from_pairs(train[:_TRAIN_SAMPLE], corpus["distractors"]),
    }
    with _encoding_precision(device):
        base_scores = evaluate_splits(model, tasks, options.batch_size)

    if options.num_negatives and corpus["mining"]:
        if options.mine_negatives:
            phase("mining", f"Mining hard negatives among {len(corpus['mining'])} passages")
            with _encoding_precision(device):
                train = mine_negatives(
                    train,
                    model,
                    corpus["mining"],
                    options.num_negatives,
                    options.relative_margin,
                    options.batch_size,
                )
        train = fill_random_negatives(train, corpus["mining"], options.num_negatives, options.seed)
        negatives = options.num_negatives
    else:
        negatives = 0

    phase("training", f"Training on {len(train)} pairs")
    # The generated model card would quote training passages; write_package replaces
    # it, so skip the examples and any hub lookup.
    model.model_card_data.local_files_only = True
    model.model_card_data.generate_widget_examples = False
    model.max_seq_length = min(options.max_seq_length, base_max_length)
    if options.freeze_embeddings:
        _freeze_token_embeddings(model)
    if options.use_cached_loss(device):
        loss: Any = CachedMultipleNegativesRankingLoss(
            model, mini_batch_size=options.mini_batch_size
        )
    else:
        loss = MultipleNegativesRankingLoss(model)
    held = tasks["held_out"]
    prompts = getattr(model, "prompts", None) or {}
    evaluator = InformationRetrievalEvaluator(
        dict[str, Any](held.queries),
        dict[str, Any](held.corpus),
        held.relevant,
        name=EVAL_NAME,
        batch_size=options.batch_size,
        query_prompt=prompts.get("query") or None,
        corpus_prompt=prompts.get("passage") or prompts.get("document") or None,
        write_csv=False,
        show_progress_bar=False,
    )
    steps_per_epoch = max(1, math.ceil(len(train) / options.batch_size))
    args = _training_arguments(
        config, options, device, steps_per_epoch, _column_prompts(model, negatives)
    )
    trainer = SentenceTransformerTrainer(
        model=model,
        args=args,
        train_dataset=_dataset(train, negatives),
        loss=loss,
        evaluator=evaluator,
        callbacks=[
            _make_progress_callback(emit),
            EarlyStoppingCallback(early_stopping_patience=options.early_stopping_patience),
        ],
    )
    with _cpu_mixed_precision(model, device):
        trainer.train()
    train_seconds = time.monotonic() - started

    phase("evaluating", "Measuring the new model on the held-out split")
    model.max_seq_length = base_max_length
    with _encoding_precision(device):
        new_scores = evaluate_splits(model, tasks, options.batch_size)

    phase("saving", f"Writing {config.name}")
    output = Path(config.output_dir)
    model.save(str(output))
    summary = write_package(
        PackageInputs(
            folder=output,
            name=config.name,
            base_model=config.base_model,
            dimension=embedding_dimension(model) or 0,
            device=device,
            options=options,
            trainer_args=args.to_dict(),
            train_pairs=len(train),
            held_out=held,
            base_scores=base_scores,
            new_scores=new_scores,
            validation=config.validation,
            train_seconds=train_seconds,
            steps=int(trainer.state.global_step),
        )
    )
    return summary

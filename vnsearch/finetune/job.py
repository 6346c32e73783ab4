"""A fine-tuning run as a background operation: worker process, progress, cancel.

:class:`FineTuneJob` writes the prepared data and a configuration into a run folder,
starts :mod:`vnsearch.finetune.worker` as a separate process (through
:func:`vnsearch.frozen.worker_command`, so that the frozen app can start it too),
turns its JSON lines into :class:`TrainingProgress` callbacks and, when the worker
succeeds, moves the finished model folder into ``<data dir>/models/<name>/``. A
cancel or a failure terminates the worker and deletes the unfinished folder, so no
partial model is ever registered and the active model is never touched.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from vnsearch.errors import ConfigError, VnsearchError
from vnsearch.finetune.data import TrainingData, write_pairs
from vnsearch.finetune.devices import TrainingOptions
from vnsearch.finetune.train import WorkerConfig
from vnsearch.finetune.worker import MARKER
from vnsearch.frozen import worker_command
from vnsearch.models.e5_convert import DEFAULT_MODEL_NAME
from vnsearch.models.registry import ModelInfo, get_model, install_default, models_dir

logger = logging.getLogger("vnsearch.train")

RUNS_DIR = "finetune-runs"
_VALID_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
# Seconds a terminated worker gets to exit before it is killed.
_TERMINATE_GRACE_S = 10.0


class TrainingError(VnsearchError):
    """Fine-tuning failed; the message names the cause and the log file."""


@dataclass(frozen=True)
class TrainingProgress:
    """A snapshot of a running fine-tuning job.

    Attributes:
        phase: "starting", "loading", "evaluating_base", "mining", "training",
            "evaluating", "saving" or "done".
        step, total_steps: optimizer steps done and planned (0 outside training).
        epoch: fractional epoch reached.
        loss: the last logged training loss, or None.
        eval_score: the last held-out MRR@10, or None before the first evaluation.
        eta_seconds: estimated training time left, or None.
        message: one line for the user.
    """

    phase: str
    step: int = 0
    total_steps: int = 0
    epoch: float = 0.0
    loss: float | None = None
    eval_score: float | None = None
    eta_seconds: float | None = None
    message: str = ""


TrainingProgressCallback = Callable[[TrainingProgress], None]


@dataclass
class FineTuneResult:
    """Outcome of a fine-tuning job.

    Attributes:
        name: the new model's name.
        path: its folder in the models folder, or None when cancelled.
        recommended: True when it beat the base model on the held-out split.
        reason: one sentence explaining ``recommended``.
        metrics: split -> {"queries", "base", "new"} with MRR@10, Hit@1 and NDCG@10.
        device: where it trained; train_seconds: wall time of the worker's run.
        cancelled: True when the user cancelled (nothing was registered).
        log_path: the worker's log file.
    """

    name: str
    path: Path | None = None
    recommended: bool = False
    reason: str = ""
    metrics: dict[str, Any] = field(default_factory=dict)
    device: str = ""
    train_seconds: float = 0.0
    steps: int = 0
    cancelled: bool = False
    log_path: Path | None = None


def check_model_name(data_dir: Path, name: str) -> str:
    """Return ``name`` if it is a valid, unused model name, else raise ConfigError."""
    if not isinstance(name, str) or not _VALID_NAME.match(name):
        raise ConfigError(
            f"Invalid model name {name!r}; use 1 to 80 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit."
        )
    if (models_dir(data_dir) / name).exists():
        raise ConfigError(f"A model named {name!r} is already installed; choose another name.")
    return name


class FineTuneJob:
    """Fine-tune ``base_model`` on prepared data in a worker process.

    Args:
        data_dir: the data folder; the model is installed into its models folder.
        base_model: installed embedding model to start from.
        name: name of the new model (see :func:`check_model_name`).
        data: validated training and held-out pairs (:mod:`vnsearch.finetune.prepare`).
        mining_corpus: passages to mine hard negatives from.
        options: hyperparameters (see :func:`vnsearch.finetune.devices.recommend_options`).
        validation_text: the validation report, copied into the model folder.

    Example::

        job = FineTuneJob(data_dir, "multilingual-e5-small", "e5-company", prepared.data,
                          prepared.mining_corpus, options)
        result = job.run(on_progress=print, cancel=threading.Event())
    """

    def __init__(
        self,
        data_dir: Path,
        base_model: str,
        name: str,
        data: TrainingData,
        mining_corpus: Sequence[str],
        options: TrainingOptions,
        validation_text: str = "",
    ) -> None:
        self.data_dir = Path(data_dir)
        self.name = check_model_name(self.data_dir, name)
        if not data.train or not data.eval:
            raise ConfigError("Training needs at least one training pair and one held-out pair.")
        options.validate()
        self.base = self._base_info(base_model)
        self.data = data
        self.mining_corpus = list(mining_corpus)
        self.options = options
        self.validation_text = validation_text
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        self.run_dir = self.data_dir / RUNS_DIR / f"{name}-{stamp}"
        self.staging = models_dir(self.data_dir) / f".{name}.partial"

    def _base_info(self, base_model: str) -> ModelInfo:
        if base_model == DEFAULT_MODEL_NAME:
            return install_default(self.data_dir)
        info = get_model(self.data_dir, base_model)
        if info.kind != "embedding":
            raise ConfigError(f"Model {base_model!r} is a {info.kind}, not an embedding model.")
        return info

    def _write_inputs(self) -> Path:
        """Write pairs, corpus and configuration into the run folder; return the config."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        write_pairs(self.run_dir / "train.jsonl", self.data.train)
        write_pairs(self.run_dir / "eval.jsonl", self.data.eval)
        corpus = {"mining": self.mining_corpus, "distractors": self.data.corpus}
        (self.run_dir / "corpus.json").write_text(json.dumps(corpus, ensure_ascii=False), "utf-8")
        options = asdict(self.options)
        options.pop("explanations", None)
        config = WorkerConfig(
            base_model=self.base.name,
            base_model_path=str(self.base.path),
            name=self.name,
            output_dir=str(self.staging),
            work_dir=str(self.run_dir),
            train_file=str(self.run_dir / "train.jsonl"),
            eval_file=str(self.run_dir / "eval.jsonl"),
            corpus_file=str(self.run_dir / "corpus.json"),
            options=options,
            validation=self.validation_text,
        )
        path = self.run_dir / "config.json"
        config.write(path)
        return path

    def run(
        self,
        on_progress: TrainingProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> FineTuneResult:
        """Train, then register the model; blocks until done, cancelled or failed.

        Raises:
            TrainingError: when the worker fails; the message ends with the log path.
        """
        emit = on_progress or (lambda _p: None)
        cancel = cancel or threading.Event()
        if self.staging.exists():
            shutil.rmtree(self.staging)
        config_path = self._write_inputs()
        log_path = self.run_dir / "worker.log"
        emit(TrainingProgress("starting", message=f"Starting training of {self.name}"))
        logger.info(
            "Starting fine-tuning of %s from %s in %s", self.name, self.base.name, self.run_dir
        )

        env = {**os.environ, "PYTHONUNBUFFERED": "1", "TOKENIZERS_PARALLELISM": "false"}
        with open(log_path, "w", encoding="utf-8") as log:
            process = subprocess.Popen(
                worker_command("finetune", [str(config_path)]),
                stdout=subprocess.PIPE,
                stderr=log,
                stdin=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                env=env,
            )
            events: queue.Queue[dict[str, Any] | None] = queue.Queue()
            reader = threading.Thread(
                target=_read_events,
                args=(process, events),
                name="vnsearch-finetune-reader",
                daemon=True,
            )
            reader.start()
            try:
                final = self._pump(process, events, emit, cancel)
            finally:
                _stop(process)
                reader.join()
                if process.stdout is not None:
                    process.stdout.close()

        if final is None:
            self._discard()
            emit(TrainingProgress("done", message="Training cancelled; nothing was installed."))
            logger.info("Fine-tuning of %s cancelled", self.name)
            return FineTuneResult(self.name, cancelled=True, log_path=log_path)
        if final.get("event") != "result" or process.returncode != 0:
            self._discard()
            message = final.get("message") or f"the worker exited with code {process.returncode}"
            raise TrainingError(f"Fine-tuning failed: {message}. Details: {log_path}")

        target = models_dir(self.data_dir) / self.name
        self.staging.rename(target)
        shutil.rmtree(self.run_dir / "checkpoints", ignore_errors=True)
        emit(TrainingProgress("done", message=final["reason"]))
        logger.info("Installed fine-tuned model %s (%s)", self.name, final["reason"])
        return FineTuneResult(
            name=self.name,
            path=target,
            recommended=bool(final["recommended"]),
            reason=str(final["reason"]),
            metrics=final["metrics"],
            device=str(final["device"]),
            train_seconds=float(final["train_seconds"]),
            steps=int(final["steps"]),
            log_path=log_path,
        )

    def _pump(
        self,
        process: subprocess.Popen[str],
        events: queue.Queue[dict[str, Any] | None],
        emit: TrainingProgressCallback,
        cancel: threading.Event,
    ) -> dict[str, Any] | None:
        """Forward events until the worker ends; return its last event, None on cancel."""
        last: dict[str, Any] = {}
        while True:
            if cancel.is_set():
                return None
            try:
                event = events.get(timeout=0.2)
            except queue.Empty:
                continue
            if event is None:
                process.wait()
                return last
            last = event
            if event.get("event") == "progress":
                emit(_progress(event))

    def _discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        shutil.rmtree(self.run_dir / "checkpoints", ignore_errors=True)


def _progress(event: dict[str, Any]) -> TrainingProgress:
    known = {k: v for k, v in event.items() if k in TrainingProgress.__dataclass_fields__}
    return TrainingProgress(**known)


def _read_events(process: subprocess.Popen[str], out: queue.Queue[dict[str, Any] | None]) -> None:
    """Queue the worker's event lines (ignoring other output) until its stdout closes."""
    assert process.stdout is not None
    try:
        for line in process.stdout:
            if line.startswith(MARKER):
                try:
                    out.put(json.loads(line[len(MARKER) :]))
                except ValueError:
                    logger.warning("Ignoring a malformed event line from the worker")
    finally:
        out.put(None)


def _stop(process: subprocess.Popen[str]) -> None:
    """Terminate the worker if it still runs, killing it after a grace period."""
    if process.poll() is not None:
        return
    process.terminate()
    deadline = time.monotonic() + _TERMINATE_GRACE_S
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if process.poll() is None:
        process.kill()
    process.wait()

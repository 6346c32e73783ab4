"""Benchmark: fine-tune the default model on one BEIR set and measure both sets before/after.

Trains on ``<train set>/train`` (held-out split: ``<train set>/dev``), then runs the
full search pipeline (dense and hybrid) with the base and the new model on the dev
split of the trained set and of the other set, to show the gain on the trained domain
and what the other domain lost. Targets: +0.05 dense MRR@10 on the trained set, a
loss of at most 0.02 on the other.

Usage (the data sets are research-only and live outside the repository)::

    python bench/bench_finetune.py --train vi-covid-faq --max-steps 200
    python bench/bench_finetune.py --train vi-regulations --epochs 3

A full run on a 2-core CPU takes hours; ``--max-steps`` caps the training and
``--limit`` the evaluated queries per set.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
EVAL_ROOT = REPO.parent / "shared" / "eval"
SETS = ("vi-covid-faq", "vi-regulations")
MODES = ("dense", "hybrid")


def _install_base(data_dir: Path) -> None:
    """Link the default model built by the tests into ``data_dir`` (or build it)."""
    from vnsearch.models.e5_convert import DEFAULT_MODEL_NAME
    from vnsearch.models.registry import install_default

    cached = REPO / ".cache" / "test-data" / "models" / DEFAULT_MODEL_NAME
    target = data_dir / "models" / DEFAULT_MODEL_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    if cached.is_dir() and not target.exists():
        target.symlink_to(cached, target_is_directory=True)
    install_default(data_dir)


def _evaluate(
    dataset: Path, data_dir: Path, model: str, limit: int | None, encoder: str
) -> dict[str, Any]:
    from vnsearch.config import Settings
    from vnsearch.evaluation.runner import run_evaluation

    started = time.perf_counter()
    result = run_evaluation(
        dataset,
        data_dir,
        split="dev",
        modes=MODES,
        model_name=model,
        settings=Settings(device="auto", encoder=encoder),
        limit=limit,
        progress=lambda message: logging.info("%s", message),
    )
    return {
        mode: {k: round(result["results"][mode][k], 4) for k in ("mrr@10", "hit@1", "ndcg@10")}
        | {
            "queries": result["queries"],
            "index_and_search_seconds": round(time.perf_counter() - started, 1),
        }
        for mode in MODES
    }


def _train(args: argparse.Namespace, data_dir: Path) -> Any:
    from vnsearch.config import Settings
    from vnsearch.engine import Engine
    from vnsearch.finetune.devices import detect_device, recommend_options
    from vnsearch.finetune.job import FineTuneJob
    from vnsearch.finetune.prepare import DataSources, prepare_training_data

    engine = Engine(data_dir, Settings(device="auto"))
    sources = DataSources(
        beir_dir=EVAL_ROOT / args.train, beir_split="train", eval_beir_split="dev"
    )
    prepared = prepare_training_data(engine, sources, max_level=3)
    print(prepared.report.to_text(), file=sys.stderr)
    device = detect_device("auto")
    options = recommend_options(device, prepared.report.train_pairs, 256)
    options.max_steps = args.max_steps
    if args.epochs:
        options.epochs = args.epochs
    if args.batch_size:
        options.batch_size = args.batch_size

    def show(event: Any) -> None:
        if event.phase == "training" and event.total_steps:
            score = f"{event.eval_score:.3f}" if event.eval_score is not None else "-"
            print(
                f"\rstep {event.step}/{event.total_steps} loss {event.loss} held-out {score}",
                end="",
                file=sys.stderr,
            )
        elif event.message:
            print(f"\n{event.message}", file=sys.stderr)

    name = f"e5-ft-{args.train}"
    job = FineTuneJob(
        data_dir,
        engine.model_name,
        name,
        prepared.data,
        prepared.mining_corpus,
        options,
        prepared.report.to_text(),
    )
    return job.run(show, threading.Event()), options, device


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", choices=SETS, default="vi-covid-faq", help="set to train on")
    parser.add_argument("--max-steps", type=int, help="stop training after this many steps")
    parser.add_argument("--epochs", type=int, help="passes over the training pairs")
    parser.add_argument("--batch-size", type=int, help="pairs per step")
    parser.add_argument("--limit", type=int, help="evaluate only the first N dev queries per set")
    parser.add_argument(
        "--sets",
        default=",".join(SETS),
        help="comma-separated sets to evaluate before/after (default: both)",
    )
    parser.add_argument(
        "--encoder",
        default="torch",
        help="embedding path for both models (default torch: a fine-tuned model may fail "
        "the int8 drift check and fall back to fp32, and the two paths score differently)",
    )
    parser.add_argument("--data-dir", type=Path, help="keep the data folder here (default: temp)")
    parser.add_argument("--out", type=Path, help="also write the result JSON to this file")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    if not EVAL_ROOT.is_dir():
        print(f"{EVAL_ROOT} not found; the benchmark needs the shared evaluation sets.")
        return 2

    with tempfile.TemporaryDirectory(prefix="vnsearch-bench-ft-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        _install_base(data_dir)
        started = time.perf_counter()
        result, options, device = _train(args, data_dir)
        train_seconds = time.perf_counter() - started
        report: dict[str, Any] = {
            "trained_on": f"{args.train}/train",
            "device": device.name,
            "encoder": args.encoder,
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "options": {
                "epochs": options.epochs,
                "batch_size": options.batch_size,
                "max_steps": options.max_steps,
                "learning_rate": options.learning_rate,
            },
            "steps": result.steps,
            "train_seconds": round(train_seconds, 1),
            "held_out_during_training": result.metrics.get("held_out"),
            "recommended": result.recommended,
            "sets": {},
        }
        for name in [n.strip() for n in args.sets.split(",") if n.strip()]:
            dataset = EVAL_ROOT / name
            base = _evaluate(dataset, data_dir, "multilingual-e5-small", args.limit, args.encoder)
            new = _evaluate(dataset, data_dir, result.name, args.limit, args.encoder)
            report["sets"][name] = {
                mode: {
                    "base": base[mode],
                    "new": new[mode],
                    "mrr@10_change": round(new[mode]["mrr@10"] - base[mode]["mrr@10"], 4),
                }
                for mode in MODES
            }
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

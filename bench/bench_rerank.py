"""Quality and speed of the re-rank stage for each scoring path, candidate count and blend.

For each evaluation set this script indexes the corpus with the default embedding
model, runs the real hybrid search for every question of the split and records its
fused candidates. It then scores the best ``--candidates`` of them once per re-ranker
path (torch fp32, torch bf16 autocast where the CPU computes bf16 natively, ONNX
Runtime int8 where it has AVX512-VNNI) and prints, from this one run:

* seconds per question for each path and the ratio to torch fp32,
* MRR@10 and Hit@1 for hybrid alone, for re-ranking with each path, for fewer
  candidates, and for blends of the re-ranker's z-scored logits with the fused
  score (``rerank_weight``),
* MRR@10 of feedback applied after hybrid and after re-ranking, with the logits the
  stage now returns and with sigmoid probabilities, as the stage returned before.

Feedback is simulated as in ``vnsearch eval``: a level-3 user confirmed the relevant
passage of every train question.

Usage::

    python bench/bench_rerank.py --reranker DIR [--sets vi-regulations,vi-covid-faq]
        [--split dev] [--limit N] [--candidates 30]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np

REPO = Path(__file__).resolve().parents[1]
EVAL_ROOT = REPO.parent / "shared" / "eval"


class CandidateRecorder:
    """A ranking stage that records the fused candidates of each search and changes nothing."""

    name = "rerank"
    model_id = "recorder"

    def __init__(self) -> None:
        self.last: tuple[dict[str, Mapping[str, Any]], dict[str, float]] = ({}, {})

    def rescore(
        self, query: str, rows: Mapping[str, Mapping[str, Any]], scores: Mapping[str, float]
    ) -> dict[str, float]:
        self.last = (dict(rows), dict(scores))
        return dict(scores)


def document_ranking(
    scores: Mapping[str, float], rows: Mapping[str, Mapping[str, Any]], top_k: int = 10
) -> list[str]:
    """Return document ids by their best chunk's score, as the searcher groups hits."""
    best: dict[str, float] = {}
    for cid, score in scores.items():
        doc = str(rows[cid]["doc_id"])
        best[doc] = max(score, best.get(doc, -math.inf))
    return sorted(best, key=lambda d: -best[d])[:top_k]


def _paths(
    reranker_dir: Path, batch_size: int
) -> dict[str, Callable[[list[tuple[str, str]]], Any]]:
    """Return a scoring function per path that can run on this CPU."""
    from sentence_transformers import CrossEncoder

    from vnsearch.models.backends import cpu_has_bf16, cpu_has_vnni
    from vnsearch.models.cross_int8 import (
        OnnxInt8CrossEncoder,
        bf16_scores,
        build_cross_int8_onnx,
        torch_scores,
    )

    model = CrossEncoder(str(reranker_dir), device="cpu", local_files_only=True)
    paths: dict[str, Callable[[list[tuple[str, str]]], Any]] = {
        "torch fp32": lambda pairs: torch_scores(model, pairs, batch_size)
    }
    if cpu_has_bf16():
        paths["torch bf16"] = lambda pairs: bf16_scores(model, pairs, batch_size)
    if cpu_has_vnni():
        int8 = OnnxInt8CrossEncoder(model, build_cross_int8_onnx(reranker_dir, model))
        paths["onnx int8"] = lambda pairs: int8.score(pairs, batch_size)
    return paths


def collect(dataset_dir: Path, split: str, limit: int | None, data_dir: Path) -> dict[str, Any]:
    """Index one set and return its questions with their fused candidates and feedback."""
    from vnsearch.accounts import APP_DB_NAME
    from vnsearch.config import Settings
    from vnsearch.engine import Engine
    from vnsearch.evaluation.datasets import load_dataset
    from vnsearch.evaluation.feedback_sim import feedback_source, simulate_feedback
    from vnsearch.evaluation.runner import index_corpus, load_model_info
    from vnsearch.models.embedder import Embedder
    from vnsearch.search.feedback_boost import FeedbackBooster
    from vnsearch.search.rerank import passage_text

    settings = Settings()
    dataset = load_dataset(dataset_dir, split)
    queries = dataset.queries[:limit] if limit else dataset.queries
    info = load_model_info(data_dir, None)
    embedder = Embedder(info.path, info.name, settings.device, encoder=settings.encoder)
    recorder = CandidateRecorder()
    with tempfile.TemporaryDirectory(prefix="vnsearch-bench-rerank-") as tmp:
        engine = Engine(Path(tmp), settings, embedder=embedder, reranker=recorder)  # type: ignore[arg-type]
        index_corpus(engine, dataset, settings)
        train, _ = feedback_source(dataset_dir, split)
        judgements = simulate_feedback(engine, train) if train is not None else 0
        booster = FeedbackBooster(Path(tmp) / APP_DB_NAME)
        items = []
        for query in queries:
            engine.search(query.text, access_level=3, top_k=10, mode="hybrid", stages=["rerank"])
            rows, scores = recorder.last
            order = sorted(scores, key=lambda cid: -scores[cid])
            items.append(
                {
                    "query": query.text,
                    "relevant": {k: v for k, v in query.relevant.items() if v > 0},
                    "order": order,
                    "scores": scores,
                    "rows": {cid: {"doc_id": rows[cid]["doc_id"]} for cid in order},
                    "texts": {cid: passage_text(rows[cid]) for cid in order},
                    "signals": booster.signals(query.text, 3, embedder) if judgements else {},
                }
            )
    return {"name": dataset.name, "items": items, "judgements": judgements}


def evaluate(
    items: Sequence[dict[str, Any]], ranked: Sequence[dict[str, float]]
) -> dict[str, float]:
    from vnsearch.evaluation.metrics import summarise

    rankings = [
        document_ranking(scores, item["rows"]) for item, scores in zip(items, ranked, strict=True)
    ]
    metrics = summarise(rankings, [item["relevant"] for item in items])
    return {"mrr@10": metrics["mrr@10"], "hit@1": metrics["hit@1"]}


def rerank_scores(
    item: dict[str, Any], logits: np.ndarray, count: int, weight: float = 1.0, sigmoid: bool = False
) -> dict[str, float]:
    """Return the stage's scores: re-scored head (optionally blended), fused tail below it."""
    from vnsearch.search.rerank import blend_scores, place_below

    head = item["order"][:count]
    values = np.asarray(logits[:count], dtype=np.float64)
    if sigmoid:
        values = 1.0 / (1.0 + np.exp(-values))
    scores = dict(zip(head, values.tolist(), strict=True))
    if weight < 1.0:
        scores = blend_scores(scores, {cid: item["scores"][cid] for cid in head}, weight)
    return place_below(scores, item["order"][count:])


def with_feedback(item: dict[str, Any], scores: dict[str, float]) -> dict[str, float]:
    from vnsearch.search.feedback_boost import DEFAULT_CAP, apply_signals

    return apply_signals(scores, item["rows"], item["signals"], DEFAULT_CAP)


def run_set(dataset_dir: Path, args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    collected = collect(dataset_dir, args.split, args.limit, data_dir)
    items = collected["items"]
    paths = _paths(args.reranker, args.batch_size)
    count = args.candidates

    logits: dict[str, list[np.ndarray]] = {}
    seconds: dict[str, float] = {}
    for name, score in paths.items():
        score([("khởi động", "một đoạn văn ngắn")])
        started = time.perf_counter()
        logits[name] = [
            np.asarray(
                score([(item["query"], item["texts"][cid]) for cid in item["order"][:count]])
            )
            for item in items
        ]
        seconds[name] = (time.perf_counter() - started) / max(1, len(items))

    rows: list[tuple[str, dict[str, float], str]] = []
    rows.append(("hybrid", evaluate(items, [item["scores"] for item in items]), ""))
    for name in paths:
        ranked = [
            rerank_scores(item, lg, count) for item, lg in zip(items, logits[name], strict=True)
        ]
        rows.append(
            (f"re-rank {count}, {name}", evaluate(items, ranked), f"{seconds[name]:.2f} s/question")
        )
    reference = logits["torch fp32"]
    for fewer in (10, 20):
        if fewer < count:
            ranked = [
                rerank_scores(item, lg, fewer) for item, lg in zip(items, reference, strict=True)
            ]
            rows.append((f"re-rank {fewer}, torch fp32", evaluate(items, ranked), ""))
    for weight in (0.25, 0.5, 0.75):
        ranked = [
            rerank_scores(item, lg, count, weight)
            for item, lg in zip(items, reference, strict=True)
        ]
        rows.append((f"blend, rerank_weight {weight}", evaluate(items, ranked), ""))
    if collected["judgements"]:
        rows.append(
            (
                "hybrid + feedback",
                evaluate(items, [with_feedback(item, item["scores"]) for item in items]),
                "",
            )
        )
        for label, sigmoid in (("logits", False), ("sigmoid", True)):
            ranked = [
                with_feedback(item, rerank_scores(item, lg, count, sigmoid=sigmoid))
                for item, lg in zip(items, reference, strict=True)
            ]
            rows.append((f"re-rank + feedback, {label}", evaluate(items, ranked), ""))

    agreement = {}
    for name in paths:
        if name != "torch fp32":
            correlations = [
                float(np.corrcoef(a, b)[0, 1])
                for a, b in zip(reference, logits[name], strict=True)
                if len(a) > 2 and a.std() > 0 and b.std() > 0
            ]
            agreement[name] = {
                "median_correlation": statistics.median(correlations) if correlations else None,
                "speedup": seconds["torch fp32"] / seconds[name],
            }
    return {
        "set": collected["name"],
        "questions": len(items),
        "judgements": collected["judgements"],
        "rows": [{"name": n, **m, "note": note} for n, m, note in rows],
        "seconds_per_question": seconds,
        "agreement": agreement,
    }


def print_table(result: dict[str, Any]) -> None:
    print(
        f"\n{result['set']}: {result['questions']} questions, "
        f"{result['judgements']} simulated judgements"
    )
    print(f"{'ranking':40} {'MRR@10':>8} {'Hit@1':>8}  note")
    for row in result["rows"]:
        print(f"{row['name']:40} {row['mrr@10']:8.3f} {row['hit@1']:8.3f}  {row['note']}")
    for name, values in result["agreement"].items():
        corr = values["median_correlation"]
        corr_text = f"{corr:.4f}" if corr is not None else "n/a"
        print(
            f"{name}: {values['speedup']:.2f} x torch fp32, median correlation of logits "
            f"with fp32 {corr_text}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reranker", type=Path, required=True, help="cross-encoder folder")
    parser.add_argument("--sets", default="vi-regulations", help="comma-separated eval sets")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=None, help="questions per set")
    parser.add_argument("--candidates", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument(
        "--model-data-dir",
        type=Path,
        default=REPO / ".cache" / "test-data",
        help="data folder with the default embedding model (built there when missing)",
    )
    parser.add_argument("--out", type=Path, default=None, help="also write the results as JSON")
    args = parser.parse_args()
    if not EVAL_ROOT.is_dir():
        print(f"{EVAL_ROOT} not found; this benchmark needs the shared evaluation sets.")
        return 2
    if not args.reranker.is_dir():
        print(f"{args.reranker} is not a folder; pass a cross-encoder folder with --reranker.")
        return 2

    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f}; re-ranker {args.reranker}"
    )
    results = []
    for name in args.sets.split(","):
        result = run_set(EVAL_ROOT / name.strip(), args, args.model_data_dir)
        print_table(result)
        results.append(result)
    print(f"Load average at the end: {os.getloadavg()[0]:.1f}")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Indexing throughput and search latency on the bundled sample documents.

Prints, from one run on this machine:
* chunks per second of the full pipeline (scan, extract, chunk, embed, store),
* chunks per second of bare ``model.encode`` on the same chunk texts,
* their ratio (target >= 0.85: the pipeline should cost little beyond the model),
* median and p95 latency of hybrid searches over the sample questions.

Usage: python bench/bench_indexing.py [--model-data-dir DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from vnsearch.chunking import compose_embed_text
from vnsearch.config import Settings
from vnsearch.engine import Engine
from vnsearch.models.embedder import Embedder
from vnsearch.models.registry import get_model, install_default

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "resources" / "samples"


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--model-data-dir",
        type=Path,
        default=REPO / ".cache" / "test-data",
        help="data folder holding the default model (built when missing)",
    )
    parser.add_argument("--repeat", type=int, default=2, help="timed repetitions of each side")
    args = parser.parse_args()

    install_default(args.model_data_dir)
    info = get_model(args.model_data_dir, "multilingual-e5-small")
    embedder = Embedder(info.path, info.name, "cpu")
    settings = Settings(device="cpu")
    _ = embedder.dimension  # load the model outside the timings

    pipeline_rates: list[float] = []
    encode_rates: list[float] = []
    texts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="vnsearch-bench-") as tmp:
        for run in range(args.repeat):
            # Full pipeline into a fresh index.
            data_dir = Path(tmp) / f"data{run}"
            engine = Engine(data_dir, settings, embedder=embedder)
            started = time.perf_counter()
            report = engine.index([SAMPLES])
            pipeline_rates.append(report.chunks_added / (time.perf_counter() - started))

            # Bare encode of exactly the texts the pipeline embedded.
            rows = (
                engine.store.chunks.search()
                .select(["title", "heading", "text"])
                .limit(None)
                .to_arrow()
                .to_pylist()
            )
            texts = [compose_embed_text(r["title"], r["heading"], r["text"]) for r in rows]
            started = time.perf_counter()
            embedder.encode_passages(texts, batch_size=settings.batch_size)
            encode_rates.append(len(texts) / (time.perf_counter() - started))
            if run < args.repeat - 1:
                shutil.rmtree(data_dir)

        # Search latency over the sample questions, model warm.
        questions = [
            json.loads(line)["query"]
            for line in (SAMPLES / "questions.jsonl").read_text("utf-8").splitlines()
            if line.strip()
        ]
        engine.search(questions[0], access_level=3)
        latencies = []
        for question in questions:
            embedder._query_cache.clear()  # measure the query embedding too
            started = time.perf_counter()
            engine.search(question, access_level=3, top_k=10)
            latencies.append((time.perf_counter() - started) * 1000)

    pipeline = max(pipeline_rates)
    encode = max(encode_rates)
    print(
        f"machine: {platform.processor() or platform.machine()}, "
        f"{__import__('os').cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"chunks: {len(texts)} from {SAMPLES.relative_to(REPO)}")
    print(f"pipeline throughput:     {pipeline:7.2f} chunks/s (best of {args.repeat})")
    print(f"bare model.encode:       {encode:7.2f} chunks/s (best of {args.repeat})")
    print(f"pipeline / encode ratio: {pipeline / encode:7.3f} (target >= 0.85)")
    print(
        f"hybrid search latency:   p50 {statistics.median(latencies):.1f} ms, "
        f"p95 {_percentile(latencies, 95):.1f} ms over {len(latencies)} questions"
    )
    return 0 if pipeline / encode >= 0.85 else 1


if __name__ == "__main__":
    raise SystemExit(main())

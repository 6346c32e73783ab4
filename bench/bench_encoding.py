"""Passage throughput, query latency and retrieval quality of each encoder path.

Prints, from one run on this machine, side by side for torch fp32, torch bf16
(autocast, only on CPUs with AVX512-BF16 or AMX) and ONNX Runtime int8 (only on
CPUs with AVX512-VNNI):
* passages per second of ``Embedder.encode_passages`` over the chunk texts of the
  bundled samples, and the ratio to torch fp32 (target >= 2 for the int8 path),
* median single-query embedding latency (target <= 10 ms),
* MRR@10 of dense and hybrid search on vi-regulations dev when ../shared is present,
  else on the sample questions, and the change from torch fp32 (target >= -0.005),
* the lowest cosine between each path's passage vectors and the fp32 ones.

The load average is printed too: on a shared machine other processes slow every
path, so compare ratios from one run rather than rates from different runs.

Usage: python bench/bench_encoding.py [--model-data-dir DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import torch

from vnsearch.chunking import compose_embed_text
from vnsearch.config import Settings
from vnsearch.engine import Engine
from vnsearch.evaluation import runner
from vnsearch.models.backends import cpu_has_vnni
from vnsearch.models.embedder import Embedder
from vnsearch.models.registry import get_model, install_default

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "resources" / "samples"
VI_REGULATIONS = REPO.parent / "shared" / "eval" / "vi-regulations"
QUERIES = (
    "Mỗi năm tôi được nghỉ phép bao nhiêu ngày?",
    "Quy định về công tác phí khi đi nước ngoài",
    "mat khau may tinh doi bao lau mot lan",
    "Ai phê duyệt đề nghị tạm ứng trên 50 triệu đồng?",
    "Thời gian thử việc của nhân viên mới",
)


class Bf16Embedder(Embedder):
    """The torch encoder under bfloat16 autocast; a measured candidate, not a setting."""

    def _encode(
        self, texts: list[str], prompt: str, batch_size: int, progress_bar: bool
    ) -> np.ndarray:
        with torch.autocast("cpu", dtype=torch.bfloat16):
            return super()._encode(texts, prompt, batch_size, progress_bar)


def _cpu_capabilities() -> dict[str, Any]:
    get_capabilities = getattr(torch.cpu, "get_capabilities", None)  # torch >= 2.10
    return dict(get_capabilities()) if get_capabilities else {}


def _machine() -> str:
    caps = _cpu_capabilities()
    flags = [f for f in ("avx512_vnni", "avx_vnni", "avx512_bf16", "amx_int8") if caps.get(f)]
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"machine: {caps.get('cpu_name') or platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs ({', '.join(flags) or 'no int8/bf16 extensions'}), "
        f"load average {load}, Python {platform.python_version()}, torch {torch.__version__}"
    )


def _sample_chunks(embedder: Embedder) -> list[str]:
    """Index the bundled samples and return the texts the indexer embedded."""
    with tempfile.TemporaryDirectory(prefix="vnsearch-bench-") as tmp:
        engine = Engine(Path(tmp), Settings(device="cpu"), embedder=embedder)
        engine.index([SAMPLES])
        rows = (
            engine.store.chunks.search()
            .select(["title", "heading", "text"])
            .limit(None)
            .to_arrow()
            .to_pylist()
        )
    return [compose_embed_text(r["title"], r["heading"], r["text"]) for r in rows]


def _passages_per_second(
    embedder: Embedder, texts: list[str], repeat: int
) -> tuple[float, np.ndarray]:
    """Return the best rate of ``repeat`` runs and the vectors of the last one."""
    embedder.encode_passages(texts[:8])  # warm up: first batches allocate
    rates = []
    vectors = np.zeros((0, 0), dtype=np.float32)
    for _ in range(repeat):
        started = time.perf_counter()
        vectors = embedder.encode_passages(texts, batch_size=32)
        rates.append(len(texts) / (time.perf_counter() - started))
    return max(rates), vectors


def _query_latency_ms(embedder: Embedder, repeat: int) -> float:
    embedder.encode_query("khởi động")
    latencies = []
    for _ in range(repeat):
        for query in QUERIES:
            embedder._query_cache.clear()  # measure the model, not the cache
            started = time.perf_counter()
            embedder.encode_query(query)
            latencies.append((time.perf_counter() - started) * 1000)
    return statistics.median(latencies)


def _mrr(embedder: Embedder, dataset: Path, data_dir: Path) -> dict[str, float]:
    # NOTE: run_evaluation builds its own Embedder, without an encoder argument, so the
    # embedder under test replaces that class inside the runner for this call.
    with mock.patch.object(runner, "Embedder", return_value=embedder):
        result = runner.run_evaluation(
            dataset,
            data_dir,
            split="dev",
            modes=("dense", "hybrid"),
            settings=Settings(device="cpu"),
        )
    return {mode: float(m["mrr@10"]) for mode, m in result["results"].items()}


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
    parser.add_argument("--repeat", type=int, default=2, help="timed repetitions of each path")
    args = parser.parse_args()

    install_default(args.model_data_dir)
    info = get_model(args.model_data_dir, "multilingual-e5-small")
    paths: dict[str, Embedder] = {"torch fp32": Embedder(info.path, info.name, "cpu", "torch")}
    caps = _cpu_capabilities()
    if caps.get("avx512_bf16") or caps.get("amx_bf16"):
        paths["torch bf16"] = Bf16Embedder(info.path, info.name, "cpu", "torch")
    if cpu_has_vnni():
        paths["onnx int8"] = Embedder(info.path, info.name, "cpu", "onnx-int8", progress=print)
    for embedder in paths.values():
        _ = embedder.active_encoder  # load, and build the int8 model, outside the timings

    dataset = VI_REGULATIONS if VI_REGULATIONS.is_dir() else SAMPLES
    texts = _sample_chunks(paths.get("onnx int8", paths["torch fp32"]))

    rows: dict[str, dict[str, Any]] = {}
    reference = np.zeros((0, 0), dtype=np.float32)
    for name, embedder in paths.items():
        rate, vectors = _passages_per_second(embedder, texts, args.repeat)
        if name == "torch fp32":
            reference = vectors
        rows[name] = {
            "rate": rate,
            "latency": _query_latency_ms(embedder, args.repeat),
            "cosine": float(np.min(np.sum(vectors * reference, axis=1))),
            "mrr": _mrr(embedder, dataset, args.model_data_dir),
        }
        print(f"measured {name}", flush=True)

    base = rows["torch fp32"]
    print(_machine())
    print(f"passages: {len(texts)} chunks of {SAMPLES.relative_to(REPO)}; MRR@10 on {dataset.name}")
    print(
        f"{'path':12}{'passages/s':>12}{'ratio':>8}{'query p50 ms':>14}{'min cosine':>12}"
        f"{'dense MRR':>11}{'change':>9}{'hybrid MRR':>12}{'change':>9}"
    )
    for name, row in rows.items():
        print(
            f"{name:12}{row['rate']:12.2f}{row['rate'] / base['rate']:8.2f}"
            f"{row['latency']:14.1f}{row['cosine']:12.4f}"
            f"{row['mrr']['dense']:11.4f}{row['mrr']['dense'] - base['mrr']['dense']:+9.4f}"
            f"{row['mrr']['hybrid']:12.4f}{row['mrr']['hybrid'] - base['mrr']['hybrid']:+9.4f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

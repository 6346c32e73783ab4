"""Index a labelled dataset into a temporary store and measure each search mode."""

from __future__ import annotations

import logging
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from vnsearch.chunking import Chunker
from vnsearch.config import Settings
from vnsearch.engine import Engine
from vnsearch.evaluation.datasets import EvalDataset, load_dataset
from vnsearch.evaluation.metrics import first_relevant_rank, summarise
from vnsearch.extract import Block, ExtractedDocument
from vnsearch.indexing.indexer import Indexer
from vnsearch.indexing.sidecar import DocMetadata
from vnsearch.models.e5_convert import DEFAULT_MODEL_NAME
from vnsearch.models.embedder import Embedder
from vnsearch.models.registry import get_model, install_default
from vnsearch.search.searcher import SearchMode

logger = logging.getLogger("vnsearch.eval")

TOP_K = 10


def _load_embedder(data_dir: Path, name: str | None, settings: Settings) -> Embedder:
    name = name or DEFAULT_MODEL_NAME
    info = install_default(data_dir) if name == DEFAULT_MODEL_NAME else get_model(data_dir, name)
    return Embedder(info.path, info.name, settings.device)


def _index_corpus(engine: Engine, dataset: EvalDataset, settings: Settings) -> None:
    embedder = engine.embedder()
    indexer = Indexer(engine.store, embedder, Chunker(embedder, engine.chunking()))
    items = []
    for cid, (title, text) in dataset.corpus.items():
        blocks = [Block(p.strip(), "paragraph", None) for p in text.split("\n") if p.strip()]
        doc = ExtractedDocument(Path(f"/eval/{cid}"), title or "", blocks, None, "txt", [])
        items.append((cid, doc, DocMetadata()))
    indexer.index_extracted(items, batch_size=settings.batch_size)


def run_evaluation(
    dataset_path: Path,
    data_dir: Path,
    split: str = "dev",
    modes: Sequence[SearchMode] = ("dense", "fts", "hybrid"),
    model_name: str | None = None,
    settings: Settings | None = None,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Return metrics per mode plus per-query ranks for one dataset and model."""
    say = progress or (lambda msg: logger.info("%s", msg))
    settings = settings or Settings()
    dataset = load_dataset(Path(dataset_path), split)
    queries = dataset.queries[:limit] if limit else dataset.queries
    embedder = _load_embedder(data_dir, model_name, settings)

    with tempfile.TemporaryDirectory(prefix="vnsearch-eval-") as tmp:
        engine = Engine(Path(tmp), settings, embedder=embedder)
        started = time.perf_counter()
        if dataset.folder is not None:
            say(f"Indexing {dataset.folder} …")
            engine.index([dataset.folder])
        else:
            say(f"Indexing {len(dataset.corpus)} passages …")
            _index_corpus(engine, dataset, settings)
        index_seconds = time.perf_counter() - started
        chunks = engine.store.chunk_count()

        results: dict[str, Any] = {}
        per_query: list[dict[str, Any]] = [{"id": q.query_id, "query": q.text} for q in queries]
        for mode in modes:
            say(f"Searching {len(queries)} queries in {mode} mode …")
            rankings, latencies = [], []
            for i, query in enumerate(queries):
                t0 = time.perf_counter()
                response = engine.search(query.text, access_level=3, top_k=TOP_K, mode=mode)
                latencies.append((time.perf_counter() - t0) * 1000)
                ranking = [_result_key(hit.path, hit.doc_id, dataset) for hit in response.hits]
                rankings.append(ranking)
                per_query[i][mode] = first_relevant_rank(ranking, query.relevant)
            metrics = summarise(rankings, [q.relevant for q in queries])
            metrics["latency_ms_p50"] = statistics.median(latencies) if latencies else 0.0
            metrics["latency_ms_p95"] = _percentile(latencies, 95)
            results[mode] = metrics

    return {
        "dataset": dataset.name,
        "split": split,
        "model_id": embedder.model_id,
        "queries": len(queries),
        "documents": len(dataset.corpus) if dataset.folder is None else None,
        "chunks": chunks,
        "index_seconds": round(index_seconds, 2),
        "settings": {
            "chunk_tokens": settings.chunk_tokens,
            "chunk_overlap_tokens": settings.chunk_overlap_tokens,
            "fusion": settings.fusion,
            "dense_weight": settings.dense_weight,
            "candidates": settings.candidates,
            "device": settings.device,
        },
        "results": results,
        "per_query": per_query,
    }


def _result_key(path: str, doc_id: str, dataset: EvalDataset) -> str:
    if dataset.folder is None:
        return doc_id
    return Path(path).resolve().relative_to(dataset.folder.resolve()).as_posix()


def _percentile(values: Sequence[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def format_table(result: dict[str, Any]) -> str:
    """Format metrics per mode as a fixed-width text table."""
    names = ["mrr@10", "hit@1", "hit@5", "recall@10", "ndcg@10", "latency_ms_p50"]
    header = f"{'mode':8}" + "".join(f"{n:>16}" for n in names)
    lines = [
        f"Dataset {result['dataset']} ({result['queries']} queries, {result['chunks']} chunks, "
        f"indexed in {result['index_seconds']} s) with model {result['model_id']}",
        header,
    ]
    for mode, metrics in result["results"].items():
        lines.append(f"{mode:8}" + "".join(f"{metrics[n]:>16.4f}" for n in names))
    return "\n".join(lines)

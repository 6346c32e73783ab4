"""Index a labelled dataset into a temporary store and measure each search mode.

Evaluation modes are a search mode plus the ranking stages after fusion:
``hybrid+rerank`` re-ranks hybrid results with the installed cross-encoder, and
``hybrid+feedback`` applies feedback simulated from the train split (see
:mod:`vnsearch.evaluation.feedback_sim`).
"""

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
from vnsearch.evaluation.datasets import EvalDataset, EvalQuery, load_dataset
from vnsearch.evaluation.feedback_sim import feedback_coverage, feedback_source, simulate_feedback
from vnsearch.evaluation.metrics import first_relevant_rank, summarise
from vnsearch.evaluation.modes import mode_plan, settings_record
from vnsearch.evaluation.resources import PeakMemory
from vnsearch.extract import Block, ExtractedDocument
from vnsearch.indexing.indexer import Indexer
from vnsearch.indexing.sidecar import DocMetadata
from vnsearch.models.e5_convert import DEFAULT_MODEL_NAME
from vnsearch.models.embedder import Embedder, resolve_device
from vnsearch.models.registry import ModelInfo, get_model, install_default
from vnsearch.search.rerank import CrossEncoderReranker, choose_reranker

logger = logging.getLogger("vnsearch.eval")

TOP_K = 10
# A drop of MRR@10 this small is within the noise of a few hundred questions.
RERANK_TOLERANCE = 0.005
NO_RERANKER_NOTE = (
    "Re-rank rows not run: no re-ranker installed. Import a cross-encoder folder with "
    "'vnsearch models import --kind reranker PATH' or in the models page."
)


def load_model_info(data_dir: Path, name: str | None) -> ModelInfo:
    """Return the installed embedding model ``name`` (the default one is built if missing)."""
    name = name or DEFAULT_MODEL_NAME
    return install_default(data_dir) if name == DEFAULT_MODEL_NAME else get_model(data_dir, name)


def load_reranker(
    data_dir: Path, name: str, settings: Settings
) -> tuple[CrossEncoderReranker | None, ModelInfo | None]:
    """Return the re-ranker ``name`` ("" for the first installed one) and its model info."""
    info = choose_reranker(data_dir, name)
    if info is None:
        return None, None
    reranker = CrossEncoderReranker.from_settings(info, settings)
    return reranker, info


def index_corpus(engine: Engine, dataset: EvalDataset, settings: Settings) -> None:
    embedder = engine.embedder()
    indexer = Indexer(engine.store, embedder, Chunker(embedder, engine.chunking()))
    items = []
    for cid, (title, text) in dataset.corpus.items():
        blocks = [Block(p.strip(), "paragraph", None) for p in text.split("\n") if p.strip()]
        doc = ExtractedDocument(Path(f"/eval/{cid}"), title or "", blocks, None, "txt", [])
        items.append((cid, doc, DocMetadata()))
    indexer.index_extracted(items, batch_size=settings.batch_size)


def _runnable_modes(
    modes: Sequence[str],
    reranker: CrossEncoderReranker | None,
    dataset_path: Path,
    split: str,
) -> tuple[list[str], dict[str, str], list[str], EvalDataset | None]:
    """Return the modes that can run, the others with the reason, notes and the train split."""
    runnable, skipped, notes = list(modes), {}, []
    if reranker is None and any("rerank" in m for m in modes):
        skipped.update({m: NO_RERANKER_NOTE for m in runnable if "rerank" in m})
        runnable = [m for m in runnable if "rerank" not in m]
        notes.append(NO_RERANKER_NOTE)
    train = None
    if any("feedback" in m for m in runnable):
        train, note = feedback_source(dataset_path, split)
        notes.append(note)
        if train is None:
            skipped.update({m: note for m in runnable if "feedback" in m})
            runnable = [m for m in runnable if "feedback" not in m]
    return runnable, skipped, notes, train


def run_evaluation(
    dataset_path: Path,
    data_dir: Path,
    split: str = "dev",
    modes: Sequence[str] = ("dense", "fts", "hybrid"),
    model_name: str | None = None,
    settings: Settings | None = None,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
    reranker: CrossEncoderReranker | None = None,
) -> dict[str, Any]:
    """Return metrics per mode plus per-query ranks for one dataset and embedding model.

    Modes that need a missing re-ranker (pass ``reranker`` or install one) or a missing
    train split are left out of ``results``. ``skipped`` maps each of them to the reason,
    so the report still shows the stage as its own row.
    """
    say = progress or (lambda msg: logger.info("%s", msg))
    settings = settings or Settings()
    for mode in modes:
        mode_plan(mode, settings)
    if reranker is None and any("rerank" in m for m in modes):
        reranker, _ = load_reranker(data_dir, settings.reranker, settings)
    dataset = load_dataset(Path(dataset_path), split)
    queries = dataset.queries[:limit] if limit else dataset.queries
    info = load_model_info(data_dir, model_name)
    embedder = Embedder(info.path, info.name, settings.device, encoder=settings.encoder)
    runnable, skipped, notes, train = _runnable_modes(modes, reranker, Path(dataset_path), split)
    device = resolve_device(settings.device)

    with (
        PeakMemory(device) as memory,
        tempfile.TemporaryDirectory(prefix="vnsearch-eval-") as tmp,
    ):
        engine = Engine(Path(tmp), settings, embedder=embedder, reranker=reranker)
        started = time.perf_counter()
        if dataset.folder is not None:
            say(f"Indexing {dataset.folder} with {info.name} …")
            engine.index([dataset.folder])
        else:
            say(f"Indexing {len(dataset.corpus)} passages with {info.name} …")
            index_corpus(engine, dataset, settings)
        index_seconds = time.perf_counter() - started
        chunks = engine.store.chunk_count()

        if train is not None:
            count = simulate_feedback(engine, train)
            covered = feedback_coverage(train, queries)
            notes.append(
                f"{count} judgements recorded; {covered} of the {len(queries)} evaluated "
                "questions have a relevant passage that the train feedback confirmed."
            )

        encoding = _time_query_encoding(embedder, queries)
        results: dict[str, Any] = {}
        per_query: list[dict[str, Any]] = [
            {"id": q.query_id, "query": q.text, "relevant": _relevant(q)} for q in queries
        ]
        for mode in runnable:
            say(f"Searching {len(queries)} queries in {mode} mode with {info.name} …")
            results[mode] = _evaluate_mode(engine, dataset, queries, mode, settings, per_query)
    if reranker is not None:
        notes.extend(rerank_verdict(results, reranker.model_id))

    return {
        "dataset": dataset.name,
        "split": split,
        "model_id": embedder.model_id,
        "model": _model_record(info),
        "reranker_id": reranker.model_id if reranker is not None else None,
        "queries": len(queries),
        "documents": len(dataset.corpus) if dataset.folder is None else None,
        "chunks": chunks,
        "index_seconds": round(index_seconds, 2),
        "chunks_per_second": round(chunks / index_seconds, 2) if index_seconds else None,
        "query_encoding_ms_p50": round(statistics.median(encoding), 2) if encoding else None,
        "query_encoding_ms_p95": round(percentile(encoding, 95), 2) if encoding else None,
        "peak_rss_mb": round(memory.peak_rss_mb, 1),
        "peak_gpu_mb": round(memory.peak_gpu_mb, 1) if memory.peak_gpu_mb is not None else None,
        "device": device,
        "settings": settings_record(settings),
        "stages": {mode: mode_plan(mode, settings)[1] for mode in runnable},
        "notes": notes,
        "skipped": skipped,
        "results": results,
        "per_query": per_query,
    }


def rerank_verdict(results: dict[str, Any], reranker_id: str) -> list[str]:
    """Return a note when re-ranking lowered MRR@10 below hybrid search on these questions.

    Re-ranking is on by default once a re-ranker is installed, so a model that does
    not suit the company's documents would quietly make every search worse.
    """
    if "hybrid" not in results or "hybrid+rerank" not in results:
        return []
    before = results["hybrid"]["mrr@10"]
    after = results["hybrid+rerank"]["mrr@10"]
    if after >= before - RERANK_TOLERANCE:
        return []
    return [
        f"Re-ranking with {reranker_id} lowered MRR@10 from {before:.3f} to {after:.3f} on "
        "these questions. Consider another re-ranker, or turn re-ranking off by removing "
        "'rerank' from the search stages in the settings."
    ]


def _evaluate_mode(
    engine: Engine,
    dataset: EvalDataset,
    queries: Sequence[EvalQuery],
    mode: str,
    settings: Settings,
    per_query: list[dict[str, Any]],
) -> dict[str, float]:
    """Search every query in ``mode``, store each query's rank, return the metrics.

    Latencies exclude query encoding, which :func:`_time_query_encoding` measures once
    per model: each query's embedding is computed before its search is timed, so the
    modes compare alike however many queries the embedder's cache holds. One untimed
    search first loads the re-ranker and the feedback stage's embeddings.
    """
    search_mode, stages = mode_plan(mode, settings)
    embedder = engine.embedder()
    if queries:
        engine.search(queries[0].text, access_level=3, mode=search_mode, stages=stages)
    rankings, latencies = [], []
    for i, query in enumerate(queries):
        embedder.encode_query(query.text)
        started = time.perf_counter()
        response = engine.search(
            query.text, access_level=3, top_k=TOP_K, mode=search_mode, stages=stages
        )
        latencies.append((time.perf_counter() - started) * 1000)
        ranking = [_result_key(hit.path, hit.doc_id, dataset) for hit in response.hits]
        rankings.append(ranking)
        per_query[i][mode] = first_relevant_rank(ranking, query.relevant)
    metrics = summarise(rankings, [q.relevant for q in queries])
    metrics["latency_ms_p50"] = statistics.median(latencies) if latencies else 0.0
    metrics["latency_ms_p95"] = percentile(latencies, 95)
    return metrics


def _time_query_encoding(embedder: Embedder, queries: Sequence[EvalQuery]) -> list[float]:
    """Return the milliseconds that encoding each query took (the embedder caches them)."""
    timings = []
    for query in queries:
        started = time.perf_counter()
        embedder.encode_query(query.text)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _model_record(info: ModelInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "kind": info.kind,
        "dimension": info.dimension,
        "source": info.source,
        "installed_at": info.installed_at,
    }


def _relevant(query: EvalQuery) -> list[str]:
    return [doc_id for doc_id, grade in query.relevant.items() if grade > 0]


def _result_key(path: str, doc_id: str, dataset: EvalDataset) -> str:
    if dataset.folder is None:
        return doc_id
    return Path(path).resolve().relative_to(dataset.folder.resolve()).as_posix()


def percentile(values: Sequence[float], pct: float) -> float:
    """Return the nearest-rank ``pct`` percentile of ``values`` (0.0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def format_table(result: dict[str, Any]) -> str:
    """Format one model's metrics per mode as a fixed-width text table."""
    names = ["mrr@10", "hit@1", "hit@5", "recall@10", "ndcg@10", "latency_ms_p50"]
    width = max([8, *(len(mode) + 2 for mode in result["results"])])
    header = f"{'mode':{width}}" + "".join(f"{n:>16}" for n in names)
    lines = [
        f"Dataset {result['dataset']} ({result['queries']} queries, {result['chunks']} chunks, "
        f"indexed in {result['index_seconds']} s) with model {result['model_id']}",
        header,
    ]
    for mode, metrics in result["results"].items():
        lines.append(f"{mode:{width}}" + "".join(f"{metrics[n]:>16.4f}" for n in names))
    lines.extend(result.get("notes", []))
    return "\n".join(lines)

"""Index build time, disk size, search latency and vector recall on large synthetic indexes.

For each size, one run builds a chunks table with the real schema and the real
``IndexStore`` (write, then ``optimize()``: full-text, scalar and vector indexes and
compaction), then runs the real ``Searcher`` with the access-level prefilter of level 1.
It prints one table with:
* build time per step and disk size,
* p50/p95 latency of dense, full-text and hybrid searches (targets: hybrid p95 under
  30 ms at 100k chunks and under 150 ms at 1M),
* recall@10 of the dense leg against exact search over the same prefiltered rows
  (target >= 0.98), exact top 10 computed with numpy while the data is written.

Data: 384-dim unit vectors from a Gaussian mixture (topic clusters, documents inside
topics, chunks inside documents, with a decaying spectrum like sentence embeddings),
Vietnamese text of Zipf-distributed words built from generated syllables, 40% of the
documents at access levels 2-3. Query vectors come from the same mixture, so search
runs without a language model.

Usage: python bench/bench_scale.py [--sizes 10000,100000,1000000] [--queries 200] [--out DIR]

On 2 CPU cores shared with other work the default sizes took 24.5 minutes, 21 of them
for 1M chunks (mostly the full-text indexes). ``--sizes 10000,100000`` takes about 4.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import shutil
import statistics
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from vnsearch.search.searcher import RESULT_COLUMNS, Searcher
from vnsearch.store.filters import build_where
from vnsearch.store.index_store import IndexStore
from vnsearch.store.schema import DOC_TYPES, chunks_schema
from vnsearch.store.vector_index import (
    VECTOR_COLUMN,
    describe_vector_index,
)
from vnsearch.textutil import fold_diacritics, syllable_bigrams, with_bigrams

DIMENSION = 384
ACCESS_LEVEL = 1
TOP_K = 10
BATCH_ROWS = 25_000
SEED = 20240611
# Share of documents at access levels 0, 1, 2 and 3.
LEVEL_SHARES = (0.35, 0.25, 0.25, 0.15)
DEPARTMENTS = ("Nhân sự", "Kế toán", "Công nghệ thông tin", "Kinh doanh", "Pháp chế", "Sản xuất")
TAGS = ("nội bộ", "quy trình", "biểu mẫu", "hợp đồng", "đào tạo", "an toàn")
# Disk per chunk with all indexes: about 9 KB at 100k and 1M chunks. The margin covers
# table versions kept until optimize() prunes them.
DISK_BYTES_PER_CHUNK = 20_000
TARGET_RECALL = 0.98
# A flat search takes about 0.7 s at 1M chunks, so only this many queries run flat.
FLAT_QUERIES = 50
TARGET_HYBRID_P95_MS = {100_000: 30.0, 1_000_000: 150.0}

# fmt: off
_ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh",
           "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]
_VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ia", "iê", "ươ", "uô",
           "oa"]
# fmt: on
_CODAS = ["", "", "", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u"]
# Vietnamese tones as combining marks: none, sắc, huyền, hỏi, ngã, nặng.
_TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]


# -- synthetic data -------------------------------------------------------------


def _syllables(rng: np.random.Generator, count: int) -> list[str]:
    """Return ``count`` distinct syllables built from Vietnamese onsets, vowels and tones."""
    found: dict[str, None] = {}
    while len(found) < count:
        vowel = _VOWELS[rng.integers(len(_VOWELS))]
        tone = _TONES[rng.integers(len(_TONES))]
        # The tone mark sits on the last vowel letter of the nucleus.
        toned = vowel[:-1] + unicodedata.normalize("NFC", vowel[-1] + tone)
        syllable = _ONSETS[rng.integers(len(_ONSETS))] + toned + _CODAS[rng.integers(len(_CODAS))]
        found[unicodedata.normalize("NFC", syllable)] = None
    return list(found)


def _zipf_weights(count: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, count + 1) ** exponent
    return weights / weights.sum()


class SyntheticCorpus:
    """Deterministic generator of chunk rows and matching queries.

    Vectors: ``topic + document + chunk`` offsets, each drawn with per-axis scales that
    decay as a power law and then rotated, and normalised to unit length. Real sentence
    embeddings have such a decaying spectrum, which ANN indexes rely on. Uniform noise
    would make every neighbour almost equally far and understate recall.
    """

    def __init__(self, total_rows: int, seed: int = SEED) -> None:
        self.rng = np.random.default_rng(seed)
        scales = np.arange(1, DIMENSION + 1, dtype=np.float32) ** -0.5
        rotation, _ = np.linalg.qr(self.rng.standard_normal((DIMENSION, DIMENSION)))
        self._basis = (scales[:, None] * rotation.T).astype(np.float32)
        topic_count = max(64, total_rows // 400)
        self._topics = self._spectral(topic_count)

        syllables = _syllables(self.rng, 3000)
        syllable_p = _zipf_weights(len(syllables), 0.9)
        word_count = 40_000
        lengths = self.rng.choice([1, 2, 3], size=word_count, p=[0.3, 0.6, 0.1])
        picks = self.rng.choice(len(syllables), size=int(lengths.sum()), p=syllable_p)
        ends = np.cumsum(lengths)
        self.words = [
            " ".join(syllables[s] for s in picks[end - n : end])
            for n, end in zip(lengths, ends, strict=True)
        ]
        # Folding word by word gives the same text as folding the joined chunk.
        self.folded_words = [fold_diacritics(w) for w in self.words]
        self.word_p = _zipf_weights(word_count, 1.05)
        self._build_sentences(min(200_000, max(20_000, total_rows * 2)))
        self.rows_written = 0
        self.docs_written = 0

    def _spectral(self, count: int) -> np.ndarray:
        return self.rng.standard_normal((count, DIMENSION), dtype=np.float32) @ self._basis

    def _build_sentences(self, count: int) -> None:
        """Build a pool of sentences with their folded form and syllable bigrams.

        Chunks are drawn as runs of pooled sentences because ``with_bigrams`` on every
        chunk would take most of the run at 1M chunks. Bigrams never span the ". "
        between sentences, so a chunk's bigrams are its sentences' bigrams in order and
        ``batch`` checks that equality with ``with_bigrams`` on one chunk per batch.
        """
        lengths = self.rng.integers(6, 20, size=count)
        picks = self.rng.choice(len(self.words), size=int(lengths.sum()), p=self.word_p)
        ends = np.cumsum(lengths)
        self.sentences: list[str] = []
        self.folded_sentences: list[str] = []
        self.sentence_bigrams: list[str] = []
        self.folded_sentence_bigrams: list[str] = []
        for n, end in zip(lengths, ends, strict=True):
            ids = picks[end - n : end]
            text = " ".join(self.words[w] for w in ids)
            folded = " ".join(self.folded_words[w] for w in ids)
            self.sentences.append(text)
            self.folded_sentences.append(folded)
            self.sentence_bigrams.append(" ".join(syllable_bigrams(text)))
            self.folded_sentence_bigrams.append(" ".join(syllable_bigrams(folded)))

    def _fts_forms(self, title: int, body: np.ndarray) -> tuple[str, str, str, str]:
        """Return (title, text, fts_text, fts_folded) of a chunk made of pooled sentences."""
        ids = [title, *body.tolist()]
        title_text = self.sentences[title]
        text = ". ".join(self.sentences[i] for i in body) + "."
        folded = ". ".join(self.folded_sentences[i] for i in body) + "."
        exact_pairs = " ".join(self.sentence_bigrams[i] for i in ids if self.sentence_bigrams[i])
        folded_pairs = " ".join(
            self.folded_sentence_bigrams[i] for i in ids if self.folded_sentence_bigrams[i]
        )
        fts_text = f"{title_text}\n{text}\n{exact_pairs}"
        fts_folded = f"{self.folded_sentences[title]}\n{folded}\n{folded_pairs}"
        return title_text, text, fts_text, fts_folded

    def batch(self, rows: int) -> tuple[pa.Table, np.ndarray, np.ndarray, list[str]]:
        """Return the next ``rows`` chunks as (table, vectors, access levels, chunk ids)."""
        doc_sizes: list[int] = []
        while sum(doc_sizes) < rows:
            doc_sizes.append(min(int(self.rng.integers(1, 25)), rows - sum(doc_sizes)))
        doc_topics = self.rng.integers(len(self._topics), size=len(doc_sizes))
        doc_vectors = self._topics[doc_topics] + 0.6 * self._spectral(len(doc_sizes))
        per_chunk_doc = np.repeat(np.arange(len(doc_sizes)), doc_sizes)
        vectors = doc_vectors[per_chunk_doc] + 0.45 * self._spectral(rows)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        doc_levels = self.rng.choice(4, size=len(doc_sizes), p=LEVEL_SHARES).astype(np.int32)
        sentence_ids = self.rng.integers(len(self.sentences), size=(rows, 9))

        columns: dict[str, list[Any]] = {f.name: [] for f in chunks_schema(DIMENSION)}
        row = 0
        for doc, size in enumerate(doc_sizes):
            number = self.docs_written + doc
            doc_id = f"d{number:08d}"
            title_id = int(sentence_ids[row, 0])
            department = DEPARTMENTS[number % len(DEPARTMENTS)]
            doc_type = DOC_TYPES[number % len(DOC_TYPES)]
            for seq in range(size):
                body = sentence_ids[row, 1 : 6 + row % 4]
                title, text, fts_text, fts_folded = self._fts_forms(title_id, body)
                columns["chunk_id"].append(f"{doc_id}-{seq:05d}")
                columns["doc_id"].append(doc_id)
                columns["seq"].append(seq)
                columns["text"].append(text)
                columns["heading"].append(title)
                columns["title"].append(title)
                columns["path"].append(f"/data/{department}/{doc_id}.docx")
                columns["page_start"].append(seq // 3 + 1)
                columns["page_end"].append(seq // 3 + 1)
                columns["token_count"].append(len(text) // 4)
                columns["fts_text"].append(fts_text)
                columns["fts_folded"].append(fts_folded)
                columns["access_level"].append(doc_levels[doc])
                columns["department"].append(department)
                columns["doc_type"].append(doc_type)
                columns["tags"].append([TAGS[number % len(TAGS)]])
                columns["modified"].append(1_600_000_000 + number * 37)
                row += 1

        searchable = f"{columns['title'][0]}\n{columns['text'][0]}"
        if columns["fts_text"][0] != with_bigrams(searchable) or columns["fts_folded"][
            0
        ] != with_bigrams(fold_diacritics(searchable)):
            raise AssertionError("pooled bigrams differ from vnsearch.textutil.with_bigrams")
        columns["vector"] = pa.FixedSizeListArray.from_arrays(
            pa.array(vectors.reshape(-1), pa.float32()), DIMENSION
        )
        table = pa.Table.from_pydict(columns, schema=chunks_schema(DIMENSION))
        self.rows_written += rows
        self.docs_written += len(doc_sizes)
        return table, vectors, doc_levels[per_chunk_doc], columns["chunk_id"]

    def queries(self, count: int) -> list[tuple[str, np.ndarray]]:
        """Return ``count`` (text, unit vector) pairs drawn like the chunks, but new points."""
        rng = np.random.default_rng(SEED + 1)
        topics = self._topics[rng.integers(len(self._topics), size=count)]
        noise = rng.standard_normal((count, DIMENSION), dtype=np.float32) @ self._basis
        vectors = topics + np.sqrt(0.6**2 + 0.45**2) * noise
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        # Queries use content words: skip the most frequent ones, as users do.
        out: list[tuple[str, np.ndarray]] = []
        seen: set[str] = set()
        while len(out) < count:
            ids = rng.integers(50, 5000, size=int(rng.integers(2, 5)))
            text = " ".join(self.words[w] for w in ids)
            if text not in seen:
                seen.add(text)
                out.append((text, vectors[len(out)]))
        return out


class PrecomputedEmbedder:
    """Stands in for the model: returns the vector prepared for each query text."""

    model_id = "synthetic-384"
    dimension = DIMENSION

    def __init__(self, queries: list[tuple[str, np.ndarray]]) -> None:
        self._vectors = {text: vector for text, vector in queries}

    def encode_query(self, text: str) -> np.ndarray:
        return self._vectors[text]


class ExactTopK:
    """Exact top-k by cosine over the rows visible at one level, merged batch by batch."""

    def __init__(self, query_vectors: np.ndarray, level: int, k: int = TOP_K) -> None:
        self.queries = query_vectors
        self.level = level
        self.k = k
        self.scores = np.full((len(query_vectors), k), -np.inf, dtype=np.float32)
        self.ids = np.full((len(query_vectors), k), "", dtype=object)

    def add(self, vectors: np.ndarray, levels: np.ndarray, chunk_ids: list[str]) -> None:
        visible = np.flatnonzero(levels <= self.level)
        if visible.size == 0:
            return
        similarity = self.queries @ vectors[visible].T
        ids = np.asarray(chunk_ids, dtype=object)[visible]
        scores = np.concatenate([self.scores, similarity], axis=1)
        all_ids = np.concatenate([self.ids, np.broadcast_to(ids, similarity.shape)], axis=1)
        best = np.argsort(-scores, axis=1)[:, : self.k]
        self.scores = np.take_along_axis(scores, best, axis=1)
        self.ids = np.take_along_axis(all_ids, best, axis=1)


# -- measurement ----------------------------------------------------------------


@dataclass
class SizeResult:
    """Figures measured for one table size."""

    rows: int
    build_s: dict[str, float] = field(default_factory=dict)
    disk_bytes: int = 0
    latency_ms: dict[str, list[float]] = field(default_factory=dict)
    recall: float = 0.0
    flat_recall: float = 0.0
    vector_index: str = ""
    load: tuple[float, float] = (0.0, 0.0)


def _timed_create_index(table: Any, timings: dict[str, float]) -> Callable[..., Any]:
    original = table.create_index

    def create_index(column: str, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        result = original(column, *args, **kwargs)
        if column.startswith("fts_"):
            step = "fts"
        elif column == VECTOR_COLUMN:
            step = "vector"
        else:
            step = "scalar"
        timings[step] = timings.get(step, 0.0) + time.perf_counter() - started
        return result

    return create_index


def _disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def build_index(
    folder: Path, corpus: SyntheticCorpus, rows: int, queries: list[tuple[str, np.ndarray]]
) -> tuple[IndexStore, ExactTopK, dict[str, float]]:
    """Write ``rows`` chunks of ``corpus`` into a new index at ``folder`` and optimise it."""
    shutil.rmtree(folder, ignore_errors=True)  # a kept index from an earlier run
    exact = ExactTopK(np.stack([v for _, v in queries]), ACCESS_LEVEL)
    store = IndexStore(folder)
    store.bind_model(PrecomputedEmbedder.model_id, DIMENSION, 256, 32)
    timings: dict[str, float] = {"generate": 0.0, "write": 0.0}

    def generate() -> Iterator[pa.RecordBatch]:
        for start in range(0, rows, BATCH_ROWS):
            started = time.perf_counter()
            table, vectors, levels, chunk_ids = corpus.batch(min(BATCH_ROWS, rows - start))
            exact.add(vectors, levels, chunk_ids)
            timings["generate"] += time.perf_counter() - started
            yield from table.to_batches()

    # One streamed write: the table starts as large fragments, one batch in memory at a time.
    started = time.perf_counter()
    store.chunks.add(pa.RecordBatchReader.from_batches(chunks_schema(DIMENSION), generate()))
    timings["write"] = time.perf_counter() - started - timings["generate"]

    store.chunks.create_index = _timed_create_index(store.chunks, timings)
    started = time.perf_counter()
    store.optimize()
    index_steps = sum(timings.get(k, 0.0) for k in ("fts", "scalar", "vector"))
    timings["compact"] = time.perf_counter() - started - index_steps
    del store.chunks.create_index
    return store, exact, timings


def measure_searches(
    store: IndexStore, exact: ExactTopK, queries: list[tuple[str, np.ndarray]], result: SizeResult
) -> None:
    """Time the three search modes and the dense leg's recall@10 against ``exact``."""
    searcher = Searcher(store, PrecomputedEmbedder(queries))  # type: ignore[arg-type]
    where = build_where(ACCESS_LEVEL)
    for text, _ in queries[:5]:
        searcher.search(text, access_level=ACCESS_LEVEL)  # warm caches and index files

    for mode in ("dense", "fts", "hybrid"):
        latencies = []
        for text, _ in queries:
            started = time.perf_counter()
            searcher.search(text, access_level=ACCESS_LEVEL, mode=mode)  # type: ignore[arg-type]
            latencies.append((time.perf_counter() - started) * 1000)
        result.latency_ms[mode] = latencies

    # Recall and latency of the dense leg alone, then of an exact flat search.
    found = 0
    for i, (text, _) in enumerate(queries):
        started = time.perf_counter()
        rows = searcher.dense_leg(text, where)
        result.latency_ms.setdefault("dense leg", []).append((time.perf_counter() - started) * 1000)
        if any(r["access_level"] > ACCESS_LEVEL for r in rows):
            raise AssertionError(f"query {i} returned a chunk above access level {ACCESS_LEVEL}")
        found += len({r["chunk_id"] for r in rows[:TOP_K]} & set(exact.ids[i]))
    result.recall = found / (len(queries) * TOP_K)

    flat_found = 0
    flat_queries = queries[:FLAT_QUERIES]
    for i, (_, vector) in enumerate(flat_queries):
        started = time.perf_counter()
        rows = (
            store.chunks.search(vector, vector_column_name="vector")
            .distance_type("cosine")
            .where(where, prefilter=True)
            .bypass_vector_index()
            .select([*RESULT_COLUMNS, "_distance"])
            .limit(searcher.candidates)
            .to_list()
        )
        result.latency_ms.setdefault("flat leg", []).append((time.perf_counter() - started) * 1000)
        flat_found += len({r["chunk_id"] for r in rows[:TOP_K]} & set(exact.ids[i]))
    # The flat search is exact, so anything below 1.0 means the numpy truth is wrong.
    result.flat_recall = flat_found / (len(flat_queries) * TOP_K)


def run_size(rows: int, query_count: int, folder: Path) -> SizeResult:
    """Build one index of ``rows`` chunks in ``folder`` and measure it."""
    result = SizeResult(rows)
    load_before = os.getloadavg()[0]
    corpus = SyntheticCorpus(rows)
    queries = corpus.queries(query_count)

    store, exact, timings = build_index(folder, corpus, rows, queries)
    result.build_s = timings
    result.disk_bytes = _disk_bytes(folder)
    result.vector_index = describe_vector_index(store.chunks)
    measure_searches(store, exact, queries, result)
    result.load = (load_before, os.getloadavg()[0])
    return result


# -- report ---------------------------------------------------------------------


def _machine() -> str:
    import lancedb

    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    for line in (
        Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []
    ):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return (
        f"{cpu}, {os.cpu_count()} CPUs, {memory_gb:.0f} GB RAM, "
        f"Python {platform.python_version()}, lancedb {lancedb.__version__}"
    )


def _p50_p95(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} / {_percentile(values, 95):.1f}"


def print_table(results: list[SizeResult]) -> bool:
    """Print the figures of every size and return True when all targets are met."""
    print("\nBuild, seconds (fts: both full-text indexes; compact: optimize() minus index builds)")
    print(
        f"{'chunks':>9} {'generate':>8} {'write':>6} {'fts':>6} {'scalar':>6} {'vector':>6} "
        f"{'compact':>7} {'disk GB':>7}  vector index"
    )
    for r in results:
        b = r.build_s
        print(
            f"{r.rows:>9,} {b['generate']:>8.1f} {b['write']:>6.1f} {b.get('fts', 0):>6.1f} "
            f"{b.get('scalar', 0):>6.1f} {b.get('vector', 0):>6.1f} {b['compact']:>7.1f} "
            f"{r.disk_bytes / 2**30:>7.2f}  {r.vector_index}"
        )

    print(f"\nSearch latency p50 / p95 in ms at access level {ACCESS_LEVEL}, recall@10 vs exact")
    print(
        f"{'chunks':>9} {'dense':>13} {'fts':>13} {'hybrid':>13} {'target':>6} "
        f"{'dense leg':>13} {'flat leg':>13} {'speedup':>7} {'recall':>6} {'flat':>5} "
        f"{'load':>9}"
    )
    ok = True
    for r in results:
        lat = r.latency_ms
        target = TARGET_HYBRID_P95_MS.get(r.rows)
        met = (target is None or _percentile(lat["hybrid"], 95) < target) and (
            r.recall >= TARGET_RECALL
        )
        ok = ok and met
        speedup = _percentile(lat["flat leg"], 95) / _percentile(lat["dense leg"], 95)
        target_cell = f"<{target:.0f}" if target else "-"
        print(
            f"{r.rows:>9,} {_p50_p95(lat['dense']):>13} {_p50_p95(lat['fts']):>13} "
            f"{_p50_p95(lat['hybrid']):>13} {target_cell:>6} {_p50_p95(lat['dense leg']):>13} "
            f"{_p50_p95(lat['flat leg']):>13} {speedup:>6.1f}x {r.recall:>6.3f} "
            f"{r.flat_recall:>5.2f} {r.load[0]:>4.1f}/{r.load[1]:<4.1f}"
            f"{'' if met else '  MISSED'}"
        )
    print(
        "dense leg: the tuned LanceDB vector query alone; flat leg: the same query with "
        "bypass_vector_index();\nspeedup: flat / dense leg p95; flat: recall of the flat "
        "leg (1.00 checks the exact top 10);\nload: 1-minute load average before/after "
        "the size (above the CPU count, other processes skew latencies)."
    )

    for previous, current in itertools.pairwise(results):
        growth = current.rows / previous.rows
        build = sum(current.build_s.values()) / max(sum(previous.build_s.values()), 1e-9)
        latency = _percentile(current.latency_ms["hybrid"], 95) / _percentile(
            previous.latency_ms["hybrid"], 95
        )
        print(
            f"{previous.rows:,} -> {current.rows:,} chunks ({growth:.0f}x): build time "
            f"{build:.1f}x, hybrid p95 {latency:.1f}x"
        )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="10000,100000,1000000", help="comma-separated chunk counts"
    )
    parser.add_argument("--queries", type=int, default=200, help="timed queries per mode")
    parser.add_argument(
        "--out",
        type=Path,
        help="folder that keeps the built indexes, one chunks-N subfolder per size, replaced on "
        "each run (default: a temporary folder, deleted at the end)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if not sizes or min(sizes) < 1000 or args.queries < 10:
        parser.error("use sizes of at least 1000 chunks and at least 10 queries")

    out = args.out or Path(tempfile.mkdtemp(prefix="vnsearch-bench-scale-"))
    out.mkdir(parents=True, exist_ok=True)
    needed = sum(sizes) * DISK_BYTES_PER_CHUNK
    free = shutil.disk_usage(out).free
    if needed > free:
        parser.error(
            f"{out} has {free / 2**30:.1f} GB free but these sizes need about "
            f"{needed / 2**30:.1f} GB; free space, pass --out on a larger disk or smaller --sizes"
        )

    print(f"machine: {_machine()}")
    print(f"indexes in {out}; access level {ACCESS_LEVEL} prefilter, {args.queries} queries")
    results = []
    try:
        for rows in sizes:
            started = time.perf_counter()
            result = run_size(rows, args.queries, out / f"chunks-{rows}")
            results.append(result)
            print(
                f"{rows:,} chunks done in {time.perf_counter() - started:.0f} s: hybrid p95 "
                f"{_percentile(result.latency_ms['hybrid'], 95):.1f} ms, "
                f"recall@10 {result.recall:.3f}",
                flush=True,
            )
    finally:
        if args.out is None:
            shutil.rmtree(out, ignore_errors=True)
    ok = print_table(results)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

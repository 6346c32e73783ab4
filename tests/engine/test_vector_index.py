"""Vector index of the chunks table: size threshold, recall, incremental updates, levels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from vnsearch.search.searcher import Searcher
from vnsearch.store import vector_index
from vnsearch.store.filters import build_where
from vnsearch.store.index_store import IndexStore
from vnsearch.store.schema import chunks_schema
from vnsearch.store.vector_index import (
    INDEX_NAME_PREFIX,
    ensure_vector_index,
    trained_rows,
    tune_vector_query,
    vector_index_names,
)

DIMENSION = 32
THRESHOLD = 2000
CLUSTERS = 24
DEPARTMENTS = ("Nhân sự", "Kế toán", "Kỹ thuật")


class ClusteredRows:
    """Chunk rows with unit vectors drawn around fixed cluster centres."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = np.random.default_rng(seed)
        self.centres = self.rng.standard_normal((CLUSTERS, DIMENSION)).astype(np.float32)
        self.next_row = 0

    def vectors(self, count: int) -> np.ndarray:
        picks = self.rng.integers(CLUSTERS, size=count)
        noise = 0.35 * self.rng.standard_normal((count, DIMENSION)).astype(np.float32)
        vectors = self.centres[picks] + noise
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def table(self, count: int, vectors: np.ndarray | None = None) -> pa.Table:
        vectors = self.vectors(count) if vectors is None else vectors
        rows = []
        for i in range(count):
            number = self.next_row + i
            rows.append(
                {
                    "chunk_id": f"d{number // 4:06d}-{number % 4:05d}",
                    "doc_id": f"d{number // 4:06d}",
                    "seq": number % 4,
                    "text": f"đoạn văn số {number}",
                    "heading": "Quy định",
                    "title": f"Tài liệu {number // 4}",
                    "path": f"/docs/{number // 4}.txt",
                    "page_start": 1,
                    "page_end": 1,
                    "token_count": 5,
                    "fts_text": f"đoạn văn số {number}",
                    "fts_folded": f"doan van so {number}",
                    "vector": vectors[i].tolist(),
                    # Levels cycle per document, so every level contains a quarter of the rows.
                    "access_level": (number // 4) % 4,
                    "department": DEPARTMENTS[number % len(DEPARTMENTS)],
                    "doc_type": "policy",
                    "tags": [],
                    "modified": 1_700_000_000,
                }
            )
        self.next_row += count
        return pa.Table.from_pylist(rows, schema=chunks_schema(DIMENSION))


class FixedEmbedder:
    """Stands in for the model: each query text maps to a prepared vector."""

    model_id = "test-32"
    dimension = DIMENSION

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors

    def encode_query(self, text: str) -> np.ndarray:
        return self.vectors[text]


@pytest.fixture
def low_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vector_index, "MIN_ROWS_FOR_INDEX", THRESHOLD)


def _store(path: Path) -> IndexStore:
    store = IndexStore(path)
    store.bind_model(FixedEmbedder.model_id, DIMENSION, 256, 32)
    return store


def _query(store: IndexStore, vector: np.ndarray, level: int, limit: int = 10) -> Any:
    return (
        store.chunks.search(vector, vector_column_name="vector")
        .distance_type("cosine")
        .where(build_where(level), prefilter=True)
        .select(["chunk_id", "access_level", "department", "_distance"])
        .limit(limit)
    )


def _ids(query: Any) -> list[str]:
    return [row["chunk_id"] for row in query.to_list()]


def test_no_index_below_threshold(tmp_path: Path, low_threshold: None) -> None:
    store = _store(tmp_path)
    store.chunks.add(ClusteredRows().table(THRESHOLD - 1))

    store.ensure_indexes()

    assert vector_index_names(store.chunks) == []


def test_index_built_at_threshold(tmp_path: Path, low_threshold: None) -> None:
    store = _store(tmp_path)
    rows = ClusteredRows()
    store.chunks.add(rows.table(THRESHOLD - 1))
    store.ensure_indexes()
    store.chunks.add(rows.table(1001))

    store.ensure_indexes()

    names = vector_index_names(store.chunks)
    assert names == [f"{INDEX_NAME_PREFIX}{THRESHOLD + 1000}"]
    stats = store.chunks.index_stats(names[0])
    assert stats.index_type == "IVF_FLAT"
    assert stats.distance_type == "cosine"
    assert stats.num_unindexed_rows == 0


def test_threshold_below_one_rejected(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.chunks.add(ClusteredRows().table(10))

    with pytest.raises(ValueError, match="threshold 0"):
        ensure_vector_index(store.chunks, min_rows=0)


def test_recall_against_exact_search(tmp_path: Path, low_threshold: None) -> None:
    store = _store(tmp_path)
    rows = ClusteredRows()
    store.chunks.add(rows.table(3000))
    store.ensure_indexes()
    assert vector_index_names(store.chunks)

    found = 0
    queries = rows.vectors(40)
    for vector in queries:
        exact = set(_ids(_query(store, vector, level=1).bypass_vector_index()))
        approximate = _ids(tune_vector_query(_query(store, vector, level=1), 3000))
        assert len(approximate) == 10
        found += len(exact & set(approximate))

    assert found / (len(queries) * 10) >= 0.95


def test_optimize_adds_appended_rows_to_index(tmp_path: Path, low_threshold: None) -> None:
    store = _store(tmp_path)
    rows = ClusteredRows()
    store.chunks.add(rows.table(3000))
    store.optimize()
    name = vector_index_names(store.chunks)[0]

    # Small appends, as incremental indexing runs make them.
    rows.next_row = 4000 * 4  # documents 4000.. cycle levels from 0
    new_vectors = rows.vectors(40)
    for start in range(0, 40, 4):
        store.chunks.add(rows.table(4, new_vectors[start : start + 4]))
    assert store.chunks.index_stats(name).num_unindexed_rows == 40
    store.optimize()

    stats = store.chunks.index_stats(name)
    assert vector_index_names(store.chunks) == [name]
    assert stats.num_indexed_rows == 3040
    assert stats.num_unindexed_rows == 0
    for i in range(0, 40, 4):
        # fast_search() skips the flat scan of unindexed rows: only the index can return these rows.
        query = tune_vector_query(_query(store, new_vectors[i], level=3), 3040).fast_search()
        assert _ids(query)[0] == f"d{4000 + i // 4:06d}-00000"


def test_index_rebuilt_after_table_doubles(tmp_path: Path, low_threshold: None) -> None:
    store = _store(tmp_path)
    rows = ClusteredRows()
    store.chunks.add(rows.table(THRESHOLD))
    store.optimize()
    store.chunks.add(rows.table(THRESHOLD - 1))
    store.optimize()
    assert [trained_rows(n) for n in vector_index_names(store.chunks)] == [THRESHOLD]

    store.chunks.add(rows.table(1))
    store.optimize()

    names = vector_index_names(store.chunks)
    assert [trained_rows(n) for n in names] == [2 * THRESHOLD]
    assert store.chunks.index_stats(names[0]).num_unindexed_rows == 0


@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_level_prefilter_holds_with_index(tmp_path: Path, low_threshold: None, level: int) -> None:
    store = _store(tmp_path)
    rows = ClusteredRows()
    store.chunks.add(rows.table(3000))
    store.ensure_indexes()
    assert vector_index_names(store.chunks)

    for vector in rows.vectors(20):
        result = tune_vector_query(_query(store, vector, level, limit=200), 3000).to_list()
        assert len(result) == 200
        assert max(r["access_level"] for r in result) <= level


def test_level_prefilter_holds_through_searcher(tmp_path: Path, low_threshold: None) -> None:
    store = _store(tmp_path)
    rows = ClusteredRows()
    store.chunks.add(rows.table(3000))
    store.ensure_indexes()
    queries = {f"câu hỏi {i}": v for i, v in enumerate(rows.vectors(10))}
    searcher = Searcher(store, FixedEmbedder(queries), candidates=100)  # type: ignore[arg-type]

    for text in queries:
        for level in (0, 1):
            hits = searcher.search(text, access_level=level, mode="dense", top_k=50).hits
            assert hits
            assert max(hit.access_level for hit in hits) <= level


def test_narrow_prefilter_returns_every_match(tmp_path: Path, low_threshold: None) -> None:
    store = _store(tmp_path)
    rows = ClusteredRows()
    store.chunks.add(rows.table(3000))
    store.ensure_indexes()
    where = "(access_level <= 0) AND (department = 'Kỹ thuật') AND (seq = 3)"
    matching = store.chunk_count(where)
    assert 0 < matching < 100

    for vector in rows.vectors(5):
        query = (
            store.chunks.search(vector, vector_column_name="vector")
            .distance_type("cosine")
            .where(where, prefilter=True)
            .select(["chunk_id"])
            .limit(100)
        )
        assert len(tune_vector_query(query, 3000).to_list()) == matching


def test_tuning_without_index_keeps_exact_results(tmp_path: Path) -> None:
    store = _store(tmp_path)
    rows = ClusteredRows()
    store.chunks.add(rows.table(500))
    store.ensure_indexes()
    assert vector_index_names(store.chunks) == []

    for vector in rows.vectors(5):
        exact = _ids(_query(store, vector, level=2).bypass_vector_index())
        assert _ids(tune_vector_query(_query(store, vector, level=2), 500)) == exact

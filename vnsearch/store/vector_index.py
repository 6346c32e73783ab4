"""Approximate vector index of the chunks table: when to build it and how to query it.

Small tables are searched flat (exact). From ``MIN_ROWS_FOR_INDEX`` chunks on, the
``vector`` column gets an IVF_FLAT index: k-means partitions holding the full float32
vectors, so distances stay exact and recall depends only on how many partitions a
query probes. ``bench/bench_scale.py`` measured the choice, and docs/benchmarks.md has
the figures. At 100k chunks IVF_PQ and IVF_HNSW_SQ took 6-18 times longer to build than
IVF_FLAT, with no better recall or latency.

The index name records how many rows it was trained on. LanceDB's ``optimize()`` adds
new rows to the existing partitions without moving the centroids, so partitions grow
as the table grows. Once the table reaches ``REBUILD_GROWTH`` times the trained size,
``ensure_vector_index`` trains a new index and drops the old one.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Any

logger = logging.getLogger("vnsearch.index")

VECTOR_COLUMN = "vector"
INDEX_NAME_PREFIX = "vector_ivf_flat_rows_"
# Below this many chunks a flat search is exact and no slower than the index. On 2 CPU
# cores the flat dense leg took p95 14 ms at 10k chunks and 33 ms at 25k, the index
# about 10 ms at both (bench_scale.py, other processes sharing the cores).
MIN_ROWS_FOR_INDEX = 10_000
# Rows added by optimize() keep recall (1.000 after growing 20k to 39.5k chunks in 500-row
# appends) but slow queries down as partitions fill: p50 56 ms against 32 ms for a fresh
# index of the same size. Retraining at 2x bounds that cost.
REBUILD_GROWTH = 2.0
# Rows per partition grow with the table: sqrt(rows) * 4, so 4,000 rows at 1M chunks.
# Fewer, larger partitions found more true neighbours per scanned row: at 1M chunks,
# 250 partitions probed 30 deep gave recall@10 0.993 where 1000 probed 90 deep gave 0.987.
PARTITION_SIZE_FACTOR = 4
# Share of the partitions every query searches, and the minimum count. The search goes
# on to further partitions only when a narrow prefilter leaves fewer than ``limit`` rows.
PROBED_SHARE = 0.12
MIN_PARTITIONS_PROBED = 8


def partition_count(rows: int) -> int:
    """Return the IVF partition count for ``rows`` vectors, at least 1."""
    return max(1, round(math.sqrt(rows) / PARTITION_SIZE_FACTOR))


def probe_count(rows: int) -> int:
    """Return the minimum partitions a query probes in a table of ``rows`` chunks.

    The index may have been trained on as few as ``rows / REBUILD_GROWTH`` rows, so it
    may have fewer partitions than computed here, and probing more costs only time.
    """
    return max(MIN_PARTITIONS_PROBED, math.ceil(partition_count(rows) * PROBED_SHARE))


def vector_index_names(table: Any) -> list[str]:
    """Return the names of the vector indexes on ``table``, newest training first."""
    names = [
        str(index.name)
        for index in table.list_indices()
        if list(index.columns) == [VECTOR_COLUMN] and str(index.name).startswith(INDEX_NAME_PREFIX)
    ]
    return sorted(names, key=trained_rows, reverse=True)


def trained_rows(index_name: str) -> int:
    """Return the row count a vector index was trained on, read from its name."""
    return int(index_name.removeprefix(INDEX_NAME_PREFIX))


def ensure_vector_index(table: Any, min_rows: int | None = None) -> bool:
    """Build the vector index once ``table`` is large enough, or rebuild an outgrown one.

    Does nothing below ``min_rows`` (default ``MIN_ROWS_FOR_INDEX``) or while the table
    is under ``REBUILD_GROWTH`` times the size the index was trained on. Rows added since
    training are folded in by LanceDB's ``optimize()``, not here. Returns True when an
    index was built.
    """
    threshold = MIN_ROWS_FOR_INDEX if min_rows is None else min_rows
    if threshold < 1:
        raise ValueError(f"Invalid vector index threshold {threshold}; use 1 or more rows.")
    rows = int(table.count_rows())
    names = vector_index_names(table)
    if rows < threshold:
        return False
    if names and rows < REBUILD_GROWTH * trained_rows(names[0]):
        return False

    from lancedb.index import IvfFlat

    name = f"{INDEX_NAME_PREFIX}{rows}"
    partitions = partition_count(rows)
    started = time.perf_counter()
    config = IvfFlat(distance_type="cosine", num_partitions=partitions)
    table.create_index(VECTOR_COLUMN, config=config, name=name)

    # Queries use the new index from here on, so the old ones can be dropped.
    for old in names:
        if old != name:
            table.drop_index(old)
    logger.info(
        "Built vector index %s (IVF_FLAT, %d partitions) over %d chunks in %.1f s",
        name,
        partitions,
        rows,
        time.perf_counter() - started,
    )
    return True


def tune_vector_query(query: Any, table_rows: int) -> Any:
    """Set the search depth of a LanceDB vector query on the chunks table.

    Without an index LanceDB ignores these settings and searches flat, so the searcher
    may call this on every dense query. ``maximum_nprobes(0)`` lets a query with a
    narrow prefilter go on through further partitions until it has ``limit`` rows.
    """
    return query.minimum_nprobes(probe_count(table_rows)).maximum_nprobes(0)


def describe_vector_index(table: Any) -> str:
    """Return a one-line summary of the vector index, for logs and benchmarks."""
    names = vector_index_names(table)
    if not names:
        return "none (flat search)"
    stats = table.index_stats(names[0])
    return (
        f"{stats.index_type}, {partition_count(trained_rows(names[0]))} partitions, "
        f"trained on {trained_rows(names[0]):,} rows, {stats.num_indexed_rows:,} indexed"
    )

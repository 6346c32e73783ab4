"""Arrow schemas of the documents and chunks tables."""

from __future__ import annotations

import pyarrow as pa

DOC_TYPES = ("policy", "procedure", "technical_guide", "report", "other")
ACCESS_LEVELS = (0, 1, 2, 3)
DOC_STATUSES = ("indexed", "failed", "skipped")

# Filter fields copied from a document onto each of its chunks, so that searches can
# prefilter inside the chunk table itself.
FILTER_FIELDS = ("access_level", "department", "doc_type", "tags", "modified")


def documents_schema() -> pa.Schema:
    """One row per file seen by the indexer, indexed or not."""
    return pa.schema(
        [
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("path", pa.string(), nullable=False),
            pa.field("root", pa.string()),
            pa.field("title", pa.string()),
            pa.field("file_type", pa.string()),
            pa.field("sha256", pa.string()),
            pa.field("size", pa.int64()),
            pa.field("mtime_ns", pa.int64()),
            pa.field("modified", pa.int64()),  # file mtime, whole seconds since the epoch
            pa.field("doc_type", pa.string()),
            pa.field("department", pa.string()),
            pa.field("access_level", pa.int32()),
            pa.field("tags", pa.list_(pa.string())),
            pa.field("status", pa.string()),
            pa.field("error_code", pa.string()),
            pa.field("error_reason", pa.string()),
            pa.field("chunk_count", pa.int32()),
            pa.field("page_count", pa.int32()),
            pa.field("indexed_at", pa.int64()),  # seconds since the epoch
            pa.field("model_id", pa.string()),
        ]
    )


def chunks_schema(dimension: int) -> pa.Schema:
    """One row per chunk, with its vector and the document's filter fields."""
    return pa.schema(
        [
            pa.field("chunk_id", pa.string(), nullable=False),
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("seq", pa.int32()),
            pa.field("text", pa.string()),
            pa.field("heading", pa.string()),
            pa.field("title", pa.string()),
            pa.field("path", pa.string()),
            pa.field("page_start", pa.int32()),
            pa.field("page_end", pa.int32()),
            pa.field("token_count", pa.int32()),
            pa.field("fts_text", pa.string()),
            pa.field("fts_folded", pa.string()),
            pa.field("vector", pa.list_(pa.float32(), dimension)),
            pa.field("access_level", pa.int32()),
            pa.field("department", pa.string()),
            pa.field("doc_type", pa.string()),
            pa.field("tags", pa.list_(pa.string())),
            pa.field("modified", pa.int64()),
        ]
    )

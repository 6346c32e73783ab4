"""The index's identity card: which model and chunking settings built its vectors.

Stored as ``meta.json`` beside the LanceDB tables and replaced atomically, so a reader
always sees one consistent model id, dimension and chunks table name.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from vnsearch.config import write_json_atomic

logger = logging.getLogger("vnsearch.index")

META_FILE = "meta.json"
SCHEMA_VERSION = 1


@dataclass
class SourceFolder:
    """A folder the user indexed, with the defaults given for it."""

    root: str
    defaults: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelBinding:
    """A model, its chunking settings and the chunks table that holds its vectors.

    Used for the model that a switch replaced (kept for rollback) and for a switch in
    progress (so that a rerun resumes into the same table).
    """

    model_id: str
    dimension: int
    chunk_tokens: int
    chunk_overlap_tokens: int
    chunks_table: str

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> ModelBinding | None:
        if not raw:
            return None
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class IndexMeta:
    """Model and chunking settings recorded with the index.

    Attributes:
        model_id: name of the embedding model whose vectors the chunks table holds.
        dimension: vector length.
        chunk_tokens, chunk_overlap_tokens: chunking settings used for every chunk.
        chunks_table: name of the LanceDB table holding the chunks.
        sources: folders indexed so far, for re-indexing and the index manager.
        previous: the model and table that the last model switch replaced, kept until
            ``remove_previous`` so that a rollback needs no full re-embedding.
        pending: the target of a model switch that has started but not finished; its
            table is filled while search keeps using ``chunks_table``.
        table_generation: counter that makes every new chunks table name unique.
    """

    model_id: str
    dimension: int
    chunk_tokens: int
    chunk_overlap_tokens: int
    chunks_table: str = "chunks"
    schema_version: int = SCHEMA_VERSION
    sources: list[SourceFolder] = field(default_factory=list)
    previous: ModelBinding | None = None
    pending: ModelBinding | None = None
    table_generation: int = 0

    @property
    def binding(self) -> ModelBinding:
        """The active model, chunking settings and chunks table."""
        return ModelBinding(
            self.model_id,
            self.dimension,
            self.chunk_tokens,
            self.chunk_overlap_tokens,
            self.chunks_table,
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> IndexMeta:
        nested = ("sources", "previous", "pending")
        sources = [SourceFolder(**s) for s in raw.get("sources", [])]
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__ and k not in nested}
        return cls(
            sources=sources,
            previous=ModelBinding.from_json(raw.get("previous")),
            pending=ModelBinding.from_json(raw.get("pending")),
            **known,
        )


def read_meta(index_dir: Path) -> IndexMeta | None:
    """Return the index metadata, or None for a new index."""
    path = index_dir / META_FILE
    if not path.exists():
        return None
    return IndexMeta.from_json(json.loads(path.read_text(encoding="utf-8")))


def write_meta(index_dir: Path, meta: IndexMeta) -> None:
    """Replace the metadata file atomically."""
    index_dir.mkdir(parents=True, exist_ok=True)
    write_json_atomic(index_dir / META_FILE, meta.to_json())

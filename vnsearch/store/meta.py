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


@dataclass
class IndexMeta:
    """Model and chunking settings recorded with the index.

    Attributes:
        model_id: name of the embedding model whose vectors the chunks table holds.
        dimension: vector length.
        chunk_tokens, chunk_overlap_tokens: chunking settings used for every chunk.
        chunks_table: name of the LanceDB table holding the chunks.
        sources: folders indexed so far, for re-indexing and the index manager.
    """

    model_id: str
    dimension: int
    chunk_tokens: int
    chunk_overlap_tokens: int
    chunks_table: str = "chunks"
    schema_version: int = SCHEMA_VERSION
    sources: list[SourceFolder] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> IndexMeta:
        sources = [SourceFolder(**s) for s in raw.get("sources", [])]
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__ and k != "sources"}
        return cls(sources=sources, **known)


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

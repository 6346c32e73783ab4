"""What the index holds at one access level: counts and the values filters offer."""

from __future__ import annotations

from dataclasses import dataclass

from vnsearch.engine import Engine
from vnsearch.store.filters import check_access_level


@dataclass(frozen=True)
class IndexOverview:
    """Indexed documents visible at one access level.

    Attributes:
        level: the access level the overview was built for.
        documents: indexed documents at or below ``level``.
        chunks: their chunks.
        departments, doc_types, tags: distinct values among those documents, sorted.
    """

    level: int
    documents: int
    chunks: int
    departments: tuple[str, ...]
    doc_types: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """True when no indexed document is visible at this level."""
        return self.documents == 0


def load_overview(engine: Engine, level: int) -> IndexOverview:
    """Read the documents visible at ``level`` (slow on big indexes: run it in a task)."""
    level = check_access_level(level)
    rows = engine.store.document_rows(f"access_level <= {level} AND status = 'indexed'")
    departments = {row["department"] for row in rows if row["department"]}
    doc_types = {row["doc_type"] for row in rows if row["doc_type"]}
    tags = {tag for row in rows for tag in (row["tags"] or ())}
    chunks = engine.store.chunk_count(f"access_level <= {level}") if rows else 0
    return IndexOverview(
        level,
        len(rows),
        chunks,
        tuple(sorted(departments)),
        tuple(sorted(doc_types)),
        tuple(sorted(tags)),
    )

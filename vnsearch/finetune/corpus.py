"""The index's chunk texts for fine-tuning: access levels, lookup by text, sampling."""

from __future__ import annotations

import random
from dataclasses import dataclass

from vnsearch.store.filters import check_access_level
from vnsearch.store.index_store import IndexStore

_COLUMNS = ["chunk_id", "text", "access_level", "department", "doc_type"]


@dataclass(frozen=True)
class IndexChunk:
    """One chunk's text and the fields that validation reports on."""

    chunk_id: str
    text: str
    access_level: int
    department: str
    doc_type: str


class IndexCorpus:
    """Every chunk of the active table, looked up by id or by body text.

    NOTE: all chunk texts are held in memory (about the size of the text columns),
    which suits indexes up to a few hundred thousand chunks.
    """

    def __init__(self, chunks: list[IndexChunk]) -> None:
        self.chunks = chunks
        self._by_text: dict[str, int] = {}
        for chunk in chunks:
            level = self._by_text.get(chunk.text)
            self._by_text[chunk.text] = max(chunk.access_level, level or 0)

    @classmethod
    def from_store(cls, store: IndexStore) -> IndexCorpus:
        """Read every chunk of ``store``'s active table (an empty corpus for a new index)."""
        if store.meta is None:
            return cls([])
        rows = store.chunks.search().select(_COLUMNS).limit(None).to_arrow().to_pylist()
        return cls(
            [
                IndexChunk(
                    r["chunk_id"],
                    r["text"] or "",
                    int(r["access_level"]),
                    r["department"] or "",
                    r["doc_type"] or "",
                )
                for r in rows
            ]
        )

    def __len__(self) -> int:
        return len(self.chunks)

    def contains(self, text: str) -> bool:
        """Return True when some chunk has exactly this body text."""
        return text in self._by_text

    def level_of(self, text: str) -> int | None:
        """Return the highest access level of the chunks with this text, or None."""
        return self._by_text.get(text)

    def texts(self, max_level: int, limit: int | None = None, seed: int = 13) -> dict[str, str]:
        """Return chunk id -> text for chunks at or below ``max_level``.

        With ``limit``, a seeded random sample of that many chunks is returned, so that
        evaluation and mining stay fast on large indexes.
        """
        level = check_access_level(max_level)
        visible = [c for c in self.chunks if c.access_level <= level and c.text.strip()]
        if limit is not None and len(visible) > limit:
            visible = random.Random(seed).sample(visible, limit)
        return {c.chunk_id: c.text for c in visible}

"""Split extracted documents into chunks measured with the embedding model's tokenizer.

Chunks follow the document's structure. A heading starts a new section, and
paragraphs and table rows are packed whole while they fit. A paragraph that does not
fit is split at sentence boundaries, and a sentence that still does not fit is split
between words. Consecutive chunks of one section share up to ``overlap_tokens`` tokens of
trailing sentences. Every chunk carries the document title and its nearest heading,
and the text the model embeds (prompt, title, heading and body) is checked against the
limit after assembly, so the model never truncates a chunk silently.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from vnsearch.extract import Block, ExtractedDocument
from vnsearch.textutil import collapse_spaces

logger = logging.getLogger("vnsearch.index")

_SENTENCE_END = re.compile(r"(?<=[.!?;:…])\s+(?=[\"'“(\[]?[A-ZÀ-Ỹ0-9\-•])")
_HEADING_SEPARATOR = " › "
_MAX_HEADING_CHARS = 160


class TokenCounter(Protocol):
    """Counts tokens the way the embedding model will see them."""

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Return the token count of each text, without special tokens or prompt."""
        ...

    @property
    def passage_overhead(self) -> int:
        """Tokens the model adds around a passage: special tokens plus the prompt."""
        ...

    @property
    def max_seq_length(self) -> int:
        """Maximum input length in tokens that the model accepts without truncation."""
        ...


@dataclass(frozen=True)
class ChunkingSettings:
    """Chunk size and overlap in model tokens; both are recorded in the index."""

    chunk_tokens: int = 256
    overlap_tokens: int = 32

    def __post_init__(self) -> None:
        if self.chunk_tokens < 32:
            raise ValueError(f"chunk_tokens must be at least 32, got {self.chunk_tokens}")
        if not 0 <= self.overlap_tokens < self.chunk_tokens // 2:
            raise ValueError(
                f"overlap_tokens must be in [0, {self.chunk_tokens // 2}), "
                f"got {self.overlap_tokens}"
            )


@dataclass(frozen=True)
class Chunk:
    """One retrieval unit.

    Attributes:
        seq: position of the chunk in its document, from 0.
        text: the chunk body shown to users.
        heading: nearest heading path ("Chương II › Điều 5"), or "".
        page_start, page_end: 1-based page range for PDFs, else None.
        embed_text: title, heading and body as the model embeds them (prompt excluded).
        token_count: tokens of ``embed_text`` with prompt and special tokens.
    """

    seq: int
    text: str
    heading: str
    page_start: int | None
    page_end: int | None
    embed_text: str
    token_count: int


@dataclass
class _Unit:
    """A piece of body text that is kept whole when it fits."""

    text: str
    page: int | None
    tokens: int
    kind: str


def compose_embed_text(title: str, heading: str, body: str) -> str:
    """Return the text the model embeds for a chunk: title and heading give context."""
    lines = [title.strip()]
    if heading and heading.strip() != title.strip():
        lines.append(heading.strip())
    lines.append(body)
    return "\n".join(line for line in lines if line)


def split_sentences(text: str) -> list[str]:
    """Split ``text`` at sentence ends followed by an upper-case letter or a digit."""
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if p]


class Chunker:
    """Split :class:`ExtractedDocument` objects into :class:`Chunk` lists.

    Args:
        counter: the embedding model's token counter.
        settings: chunk size and overlap; the size is capped at the model's limit.
    """

    def __init__(self, counter: TokenCounter, settings: ChunkingSettings) -> None:
        self.counter = counter
        self.settings = settings
        self.limit = min(settings.chunk_tokens, counter.max_seq_length)
        if self.limit <= counter.passage_overhead + 16:
            raise ValueError(
                f"chunk size {self.limit} leaves no room for text after the model's "
                f"{counter.passage_overhead} prompt and special tokens"
            )

    def chunk(self, doc: ExtractedDocument) -> list[Chunk]:
        """Return the chunks of ``doc`` in reading order."""
        title = collapse_spaces(doc.title)
        sections = self._sections(doc.blocks)
        chunks: list[Chunk] = []
        for heading, blocks in sections:
            chunks.extend(self._chunk_section(title, heading, blocks, start_seq=len(chunks)))
        return chunks

    # -- sections ---------------------------------------------------------

    def _sections(self, blocks: Sequence[Block]) -> list[tuple[str, list[Block]]]:
        """Group body blocks under their nearest heading path; headers and footers last."""
        sections: list[tuple[str, list[Block]]] = []
        trail: list[tuple[int, str]] = []
        current: list[Block] = []
        margins: list[Block] = []

        def heading_path() -> str:
            path = _HEADING_SEPARATOR.join(text for _, text in trail)
            return path[-_MAX_HEADING_CHARS:]

        for block in blocks:
            if block.kind in ("header", "footer"):
                margins.append(block)
                continue
            if block.kind == "heading":
                if current:
                    sections.append((heading_path(), current))
                    current = []
                level = max(block.level, 1)
                trail = [(lvl, text) for lvl, text in trail if lvl < level]
                trail.append((level, collapse_spaces(block.text)))
                continue
            current.append(block)
        if current:
            sections.append((heading_path(), current))
        elif trail:
            # A document made only of headings still has searchable text.
            last = trail[-1][1]
            sections.append((heading_path(), [Block(last, "paragraph", None)]))
        if margins:
            sections.append(("", margins))
        return sections

    # -- packing ----------------------------------------------------------

    def _budget(self, title: str, heading: str) -> int:
        context = compose_embed_text(title, heading, "")
        context_tokens = self.counter.count_tokens([context])[0] if context else 0
        # One token of slack for the newline that joins context and body.
        budget = self.limit - self.counter.passage_overhead - context_tokens - 1
        return max(budget, 16)

    def _units(self, blocks: Sequence[Block], budget: int) -> list[_Unit]:
        """Turn blocks into units that each fit ``budget`` tokens."""
        texts = [collapse_spaces(b.text) for b in blocks]
        counts = self.counter.count_tokens(texts)
        units: list[_Unit] = []
        for block, text, tokens in zip(blocks, texts, counts, strict=True):
            if not text:
                continue
            if tokens <= budget:
                units.append(_Unit(text, block.page, tokens, block.kind))
                continue
            for piece in self._split_long(text, budget):
                units.append(_Unit(piece, block.page, self._count(piece), block.kind))
        return units

    def _split_long(self, text: str, budget: int) -> list[str]:
        """Split an over-long paragraph into sentence groups, then words, within budget."""
        pieces: list[str] = []
        for sentence in split_sentences(text):
            if self._count(sentence) <= budget:
                pieces.append(sentence)
            else:
                pieces.extend(self._split_words(sentence, budget))
        return self._merge(pieces, budget)

    def _split_words(self, text: str, budget: int) -> list[str]:
        """Split between words; a single over-long word is cut by characters."""
        out: list[str] = []
        current: list[str] = []
        for word in text.split(" "):
            candidate = " ".join([*current, word])
            if current and self._count(candidate) > budget:
                out.append(" ".join(current))
                current = [word]
            else:
                current.append(word)
            while len(current) == 1 and self._count(current[0]) > budget:
                head, tail = self._cut_word(current[0], budget)
                out.append(head)
                current = [tail] if tail else []
        if current:
            out.append(" ".join(current))
        return out

    def _cut_word(self, word: str, budget: int) -> tuple[str, str]:
        lo, hi = 1, len(word)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._count(word[:mid]) <= budget:
                lo = mid
            else:
                hi = mid - 1
        return word[:lo], word[lo:]

    def _merge(self, pieces: list[str], budget: int) -> list[str]:
        merged: list[str] = []
        for piece in pieces:
            if merged and self._count(merged[-1] + " " + piece) <= budget:
                merged[-1] = merged[-1] + " " + piece
            else:
                merged.append(piece)
        return merged

    def _count(self, text: str) -> int:
        return self.counter.count_tokens([text])[0]

    def _chunk_section(
        self, title: str, heading: str, blocks: Sequence[Block], start_seq: int
    ) -> list[Chunk]:
        budget = self._budget(title, heading)
        units = self._units(blocks, budget)
        groups: list[list[_Unit]] = []
        current: list[_Unit] = []
        used = 0
        table_header: _Unit | None = None
        previous_kind = ""

        for unit in units:
            # The first row of a run of table rows is its header. It is repeated when a
            # chunk starts inside the table, so the rows keep their column names.
            if unit.kind == "table_row" and previous_kind != "table_row":
                table_header = unit
            elif unit.kind != "table_row":
                table_header = None
            previous_kind = unit.kind

            if current and used + unit.tokens + 1 > budget:
                groups.append(current)
                current = self._overlap(current)
                if (
                    unit.kind == "table_row"
                    and table_header is not None
                    and table_header is not unit
                    and table_header not in current
                ):
                    current = [table_header, *current]
                used = sum(u.tokens + 1 for u in current)
                if used + unit.tokens + 1 > budget:
                    current, used = [], 0
            current.append(unit)
            used += unit.tokens + 1
        if current:
            groups.append(current)

        chunks: list[Chunk] = []
        for group in groups:
            for fitted in self._fit(title, heading, group):
                chunks.append(self._make_chunk(start_seq + len(chunks), title, heading, fitted))
        return chunks

    def _overlap(self, group: list[_Unit]) -> list[_Unit]:
        """Return trailing sentences of ``group`` that fit the overlap budget."""
        limit = self.settings.overlap_tokens
        if limit <= 0:
            return []
        last = group[-1]
        if last.kind == "table_row":
            return [last] if last.tokens <= limit else []
        tail: list[str] = []
        used = 0
        for sentence in reversed(split_sentences(last.text)):
            tokens = self._count(sentence)
            if used + tokens > limit:
                break
            tail.insert(0, sentence)
            used += tokens
        if not tail or (" ".join(tail) == last.text and len(group) == 1):
            return []
        return [_Unit(" ".join(tail), last.page, used, "overlap")]

    def _fit(self, title: str, heading: str, group: list[_Unit]) -> list[list[_Unit]]:
        """Check the assembled chunk against the limit; halve the group until it fits."""
        body = self._join(group)
        total = self._count(compose_embed_text(title, heading, body))
        if total + self.counter.passage_overhead <= self.limit:
            return [group]
        if len(group) == 1:
            unit = group[0]
            words = unit.text.split(" ")
            if len(words) == 1:
                head, tail = self._cut_word(unit.text, max(self._budget(title, heading) - 8, 8))
                halves = [head, tail]
            else:
                mid = len(words) // 2
                halves = [" ".join(words[:mid]), " ".join(words[mid:])]
            parts = [_Unit(h, unit.page, self._count(h), unit.kind) for h in halves if h]
            return [g for part in parts for g in self._fit(title, heading, [part])]
        mid = len(group) // 2
        return self._fit(title, heading, group[:mid]) + self._fit(title, heading, group[mid:])

    @staticmethod
    def _join(group: Sequence[_Unit]) -> str:
        return "\n".join(u.text for u in group)

    def _make_chunk(self, seq: int, title: str, heading: str, group: list[_Unit]) -> Chunk:
        body = self._join(group)
        embed_text = compose_embed_text(title, heading, body)
        pages = [u.page for u in group if u.page is not None]
        return Chunk(
            seq=seq,
            text=body,
            heading=heading,
            page_start=min(pages) if pages else None,
            page_end=max(pages) if pages else None,
            embed_text=embed_text,
            token_count=self._count(embed_text) + self.counter.passage_overhead,
        )

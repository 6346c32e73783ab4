"""Text of a document for the preview pane, with the hit's chunk located in it.

Runs on a background task: it re-extracts the file, which can take seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vnsearch.extract import extract
from vnsearch.search.snippets import match_spans, query_terms

# Longer documents are cut to a window around the chunk, because QTextDocument layout
# of several megabytes of text would stall the GUI thread.
MAX_PREVIEW_CHARS = 300_000
_MIN_ANCHOR_CHARS = 8


@dataclass(frozen=True)
class PreviewText:
    """Plain text to show and where the chunk and the query's words are in it.

    Attributes:
        text: the document's blocks, one paragraph each (possibly a window of them).
        chunk_start, chunk_end: character range of the chunk, or (-1, -1) if not found.
        word_spans: ranges of query words inside the chunk.
        truncated: True when ``text`` is a window of a longer document.
    """

    text: str
    chunk_start: int
    chunk_end: int
    word_spans: tuple[tuple[int, int], ...]
    truncated: bool = False


def locate_chunk(text: str, chunk_text: str) -> tuple[int, int]:
    """Return the character range of ``chunk_text`` inside ``text``, or (-1, -1).

    The chunker joins paragraphs and sentences with newlines and may repeat the end of
    the previous chunk, so the chunk is found line by line, not as one string.
    """
    exact = text.find(chunk_text)
    if exact >= 0:
        return exact, exact + len(chunk_text)
    start = end = -1
    cursor = 0
    for line in chunk_text.split("\n"):
        line = line.strip()
        if len(line) < _MIN_ANCHOR_CHARS:
            continue
        found = text.find(line, cursor)
        if found < 0:
            continue
        if start < 0:
            start = found
        end = found + len(line)
        cursor = end
    return start, end


def load_preview_text(path: Path, chunk_text: str, query: str) -> PreviewText:
    """Extract ``path`` and locate the chunk and the query's words; raises ExtractionError."""
    document = extract(path)
    text = "\n\n".join(block.text for block in document.blocks)
    start, end = locate_chunk(text, chunk_text)
    truncated = False
    if len(text) > MAX_PREVIEW_CHARS:
        centre = start if start >= 0 else 0
        window_start = max(0, centre - MAX_PREVIEW_CHARS // 2)
        text = text[window_start : window_start + MAX_PREVIEW_CHARS]
        if start >= 0:
            start, end = start - window_start, min(end - window_start, len(text))
        truncated = True
    spans: tuple[tuple[int, int], ...] = ()
    if start >= 0 and query:
        spans = tuple(
            (start + a, start + b) for a, b in match_spans(text[start:end], query_terms(query))
        )
    return PreviewText(text, start, end, spans, truncated)

"""Snippets around the words of a query, with match positions for highlighting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vnsearch.textutil import fold_diacritics

_WORD = re.compile(r"\w+", re.UNICODE)
# Folding is per word and Vietnamese has a few thousand distinct syllables, so a cache
# turns the folding of every word of every hit (about 8 ms per search) into look-ups.
_fold_word = lru_cache(maxsize=65_536)(fold_diacritics)

# Function words that match almost every Vietnamese passage; highlighting them would
# hide the informative matches.
_NOT_HIGHLIGHTED = frozenset(
    [
        "là",
        "của",
        "và",
        "có",
        "các",
        "những",
        "được",
        "cho",
        "với",
        "trong",
        "thì",
        "mà",
        "này",
        "đó",
        "khi",
        "để",
        "từ",
        "về",
        "một",
        "như",
        "bao",
        "nhiêu",
        "gì",
        "nào",
        "ai",
        "đâu",
        "sao",
        "thế",
        "không",
        "ở",
        "ra",
        "vào",
        "tại",
        "theo",
        "hay",
        "hoặc",
    ]
)


@dataclass(frozen=True)
class Snippet:
    """An excerpt of a chunk with the character spans of matched query words.

    Attributes:
        text: the excerpt; "…" marks cut ends.
        spans: (start, end) offsets into ``text`` of words that match the query.
    """

    text: str
    spans: tuple[tuple[int, int], ...]

    def marked(self, before: str = "**", after: str = "**") -> str:
        """Return the excerpt with each match wrapped in ``before``/``after``."""
        out: list[str] = []
        last = 0
        for start, end in self.spans:
            out.append(self.text[last:start])
            out.append(before + self.text[start:end] + after)
            last = end
        out.append(self.text[last:])
        return "".join(out)


def query_terms(query: str) -> set[str]:
    """Return the folded query words worth highlighting."""
    terms = set()
    for word in _WORD.findall(query):
        folded = fold_diacritics(word)
        if word.lower() in _NOT_HIGHLIGHTED or (len(folded) < 2 and not folded.isdigit()):
            continue
        terms.add(folded)
    return terms


def match_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Return spans of words in ``text`` whose folded form is one of ``terms``."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text) if _fold_word(m.group()) in terms]


def make_snippet(text: str, query: str, width: int = 260) -> Snippet:
    """Cut a window of about ``width`` characters around the densest cluster of matches."""
    spans = match_spans(text, query_terms(query))
    if len(text) <= width:
        return Snippet(text, tuple(spans))
    start = 0
    if spans:
        # Choose the window start that covers the most matches.
        best = -1
        for s, _ in spans:
            lo = max(0, s - width // 4)
            covered = sum(1 for a, b in spans if a >= lo and b <= lo + width)
            if covered > best:
                best, start = covered, lo
    # Move both ends to word boundaries.
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space < end + 30 else end
    excerpt = text[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shifted = tuple(
        (a - start + len(prefix), b - start + len(prefix))
        for a, b in spans
        if a >= start and b <= end
    )
    return Snippet(prefix + excerpt + suffix, shifted)

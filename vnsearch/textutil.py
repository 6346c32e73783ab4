"""Vietnamese text helpers shared by indexing, search and snippets."""

from __future__ import annotations

import itertools
import re
import unicodedata

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the form Vietnamese keyboards and fonts expect."""
    return unicodedata.normalize("NFC", text)


def fold_diacritics(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics (``Nghỉ phép`` -> ``nghi phep``).

    Only combining marks are removed and ``đ`` becomes ``d``. Full-text search indexes
    this form next to the exact text, so accent-free queries still match.
    """
    decomposed = unicodedata.normalize("NFD", nfc(text).translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).lower()


def has_diacritics(text: str) -> bool:
    """Return True when ``text`` contains any Vietnamese diacritic or ``đ``."""
    return fold_diacritics(text) != nfc(text).lower()


def words(text: str) -> list[str]:
    """Split ``text`` into word tokens (syllables, for Vietnamese)."""
    return _WORD_RE.findall(text)


def collapse_spaces(text: str) -> str:
    """Collapse runs of horizontal whitespace into one space and strip the ends."""
    return _SPACE_RE.sub(" ", text).strip()


_SEGMENT_RE = re.compile(r"[^\w\s]+|\n", re.UNICODE)


def syllable_bigrams(text: str) -> list[str]:
    """Return adjacent syllable pairs joined into one token (``nghỉ phép`` -> ``nghỉphép``).

    Most Vietnamese words have two syllables, so these pairs act as word-level terms
    for full-text search. Pairs never span punctuation.
    """
    pairs: list[str] = []
    for segment in _SEGMENT_RE.split(text.lower()):
        tokens = _WORD_RE.findall(segment)
        pairs.extend(a + b for a, b in itertools.pairwise(tokens))
    return pairs


def with_bigrams(text: str) -> str:
    """Return ``text`` followed by its syllable bigrams, the form stored for full-text search."""
    pairs = syllable_bigrams(text)
    return text + "\n" + " ".join(pairs) if pairs else text

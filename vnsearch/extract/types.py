"""Data types shared by the extractors: text blocks, the extracted document and the error."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

BlockKind = Literal["heading", "paragraph", "table_row", "header", "footer", "list_item"]

# The values of ExtractionError.reason.
EXTRACTION_REASONS = frozenset(
    {
        "unsupported_format",
        "encrypted",
        "corrupt",
        "empty",
        "no_text_layer",
        "legacy_doc",
        "too_large",
        "unreadable",
    }
)


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of document structure: a heading, a paragraph, a table row and so on.

    The extractors only build blocks through ``make_block``, which NFC-normalises
    the text, collapses whitespace and drops empty text.
    """

    text: str
    kind: BlockKind
    page: int | None
    level: int = 0


@dataclass(slots=True)
class ExtractedDocument:
    """Text of one file as an ordered list of blocks, plus metadata for the index."""

    path: Path
    title: str
    blocks: list[Block]
    page_count: int | None
    file_type: str
    warnings: list[str] = field(default_factory=list)


class ExtractionError(Exception):
    """Raised when a file cannot be read; the indexer records it and skips the file.

    ``reason`` is one of ``EXTRACTION_REASONS`` and ``message`` an English sentence
    for the user that names the problem and what to do about it.
    """

    def __init__(self, path: Path, reason: str, message: str) -> None:
        super().__init__(f"{path.name}: {message}")
        self.path = path
        self.reason = reason
        self.message = message

    def __reduce__(self) -> tuple[type[ExtractionError], tuple[Path, str, str]]:
        # The default pickling passes only str(self) back to __init__, which would
        # fail; worker processes need to send these errors to the indexer.
        return (type(self), (self.path, self.reason, self.message))

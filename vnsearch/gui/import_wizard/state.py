"""The choices the import wizard's pages share, and the run's outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from vnsearch.gui.import_wizard.folder_rules import FolderTree
from vnsearch.gui.indexing import IndexRequest
from vnsearch.indexing.progress import IndexReport
from vnsearch.indexing.sidecar import DocMetadata

# File types offered by the wizard; Markdown also covers the ".markdown" spelling.
FILE_TYPES: dict[str, tuple[str, ...]] = {
    ".pdf": (".pdf",),
    ".docx": (".docx",),
    ".xlsx": (".xlsx",),
    ".txt": (".txt",),
    ".md": (".md", ".markdown"),
}
DEFAULT_LEVEL = 1  # Internal: a file nobody labelled is not public by accident


@dataclass
class ImportState:
    """Everything chosen so far.

    Attributes:
        folders: chosen folders, in the order added.
        file_types: keys of FILE_TYPES to include.
        exclude: glob patterns to leave out.
        defaults: metadata of files that no rule describes.
        trees: the chosen folders' subfolders and rules (metadata page).
        report: the indexing run's report, once it ended.
        error: the exception that stopped the run, if any.
    """

    folders: list[Path] = field(default_factory=list)
    file_types: tuple[str, ...] = tuple(FILE_TYPES)
    exclude: tuple[str, ...] = ()
    defaults: DocMetadata = field(default_factory=lambda: DocMetadata(access_level=DEFAULT_LEVEL))
    trees: list[FolderTree] = field(default_factory=list)
    report: IndexReport | None = None
    error: BaseException | None = None

    @property
    def suffixes(self) -> tuple[str, ...]:
        """File suffixes to index, from the chosen types."""
        return tuple(s for key in self.file_types for s in FILE_TYPES[key])

    def request(self) -> IndexRequest:
        """Return the indexing request for the current choices."""
        return IndexRequest(tuple(self.folders), self.defaults, self.suffixes, self.exclude)

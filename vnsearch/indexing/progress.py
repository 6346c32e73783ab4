"""Progress events of an indexing run and the run's final report."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class IndexProgress:
    """A snapshot of a running index job, sent after each file and each batch.

    Attributes:
        phase: "scanning", "indexing", "optimizing" or "done".
        files_done, files_total: files processed so far out of the files to process.
        current_file: the file being read, or "".
        chunks_done: chunks embedded and committed so far.
        chunks_per_second: embedding throughput since the run started.
        eta_seconds: estimated time left, or None before the first batch.
    """

    phase: str
    files_done: int
    files_total: int
    current_file: str = ""
    chunks_done: int = 0
    chunks_per_second: float = 0.0
    eta_seconds: float | None = None


@dataclass(frozen=True)
class FileIssue:
    """A file that was not indexed, with the reason and what to do."""

    path: str
    code: str
    reason: str


@dataclass
class IndexReport:
    """What an indexing run did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    metadata_updated: int = 0
    deleted: int = 0
    chunks_added: int = 0
    issues: list[FileIssue] = field(default_factory=list)
    cancelled: bool = False
    elapsed_seconds: float = 0.0
    started: float = field(default_factory=time.monotonic)

    @property
    def skipped(self) -> int:
        """Number of files that were recorded with a reason instead of being indexed."""
        return len(self.issues)

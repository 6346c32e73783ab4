"""What the import will read and an estimate of how long it takes, from a measured rate.

The rate comes from really extracting, chunking and embedding a few of the files on
this computer; the estimate scales it by file count and by size and reports both as a
range, because scanned PDFs and large spreadsheets do not scale like text files.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vnsearch.chunking import Chunker
from vnsearch.engine import Engine
from vnsearch.extract import ExtractionError, extract
from vnsearch.indexing.scanner import ScannedFile, scan_folder

SAMPLE_FILES = 3
_MAX_SAMPLE_CHUNKS = 48
# Writing the full-text and scalar indexes after the run, measured on the samples
# (24 files): a few seconds, counted once.
_FINISH_SECONDS = 5.0


@dataclass
class ImportSummary:
    """Files found under the chosen folders.

    Attributes:
        files_by_type, bytes_by_type: counts and sizes per suffix (".pdf").
        unchanged_files, unchanged_bytes: files already in the index and unchanged.
        todo: files to read (new or changed), for the rate measurement.
    """

    files_by_type: Counter[str] = field(default_factory=Counter)
    bytes_by_type: Counter[str] = field(default_factory=Counter)
    unchanged_files: int = 0
    unchanged_bytes: int = 0
    todo: list[ScannedFile] = field(default_factory=list)

    @property
    def total_files(self) -> int:
        """Files found."""
        return sum(self.files_by_type.values())

    @property
    def total_bytes(self) -> int:
        """Bytes of all files found."""
        return sum(self.bytes_by_type.values())


@dataclass(frozen=True)
class RateSample:
    """Time taken to extract, chunk and embed a few files on this computer."""

    files: int
    bytes: int
    chunks: int
    seconds: float


@dataclass(frozen=True)
class TimeEstimate:
    """A range of likely indexing times in seconds, and the sample behind it."""

    low_seconds: float
    high_seconds: float
    sample: RateSample


def summarize(
    paths: Sequence[Path],
    suffixes: Sequence[str] | None,
    exclude: Sequence[str],
    known: dict[str, dict[str, object]],
    cancel: threading.Event | None = None,
) -> ImportSummary:
    """Scan ``paths`` like the indexer does and count what it will read.

    ``known`` maps indexed paths to their document rows (size and mtime_ns decide
    whether a file changed, as in the indexer).
    """
    summary = ImportSummary()
    for root in paths:
        for scanned in scan_folder(Path(root).absolute(), suffixes, exclude):
            if cancel is not None and cancel.is_set():
                return summary
            suffix = scanned.path.suffix.lower()
            summary.files_by_type[suffix] += 1
            summary.bytes_by_type[suffix] += scanned.size
            row = known.get(str(scanned.path))
            if row and row["size"] == scanned.size and row["mtime_ns"] == scanned.mtime_ns:
                summary.unchanged_files += 1
                summary.unchanged_bytes += scanned.size
            else:
                summary.todo.append(scanned)
    return summary


def pick_sample(files: Sequence[ScannedFile], count: int = SAMPLE_FILES) -> list[ScannedFile]:
    """Pick up to ``count`` typical files: the median-sized file of the commonest types."""
    by_type: dict[str, list[ScannedFile]] = {}
    for scanned in files:
        if scanned.size > 0:
            by_type.setdefault(scanned.path.suffix.lower(), []).append(scanned)
    ranked = sorted(by_type.values(), key=len, reverse=True)
    sample = []
    for group in ranked[:count]:
        group = sorted(group, key=lambda f: f.size)
        sample.append(group[len(group) // 2])
    return sample


def measure_rate(
    engine: Engine, sample: Sequence[ScannedFile], cancel: threading.Event | None = None
) -> RateSample:
    """Extract, chunk and embed ``sample`` and return the time taken (model load excluded).

    Files that cannot be read count with the time they took, as in a real run. At most
    48 chunks per file are embedded; the time for the rest is extrapolated.
    """
    embedder = engine.embedder()
    chunker = Chunker(embedder, engine.chunking())
    embedder.encode_passages(["khởi động"], batch_size=1)  # first call allocates buffers
    seconds = 0.0
    chunks = 0
    for scanned in sample:
        if cancel is not None and cancel.is_set():
            break
        started = time.perf_counter()
        try:
            pieces = chunker.chunk(extract(scanned.path))
        except ExtractionError:
            seconds += time.perf_counter() - started
            continue
        texts = [piece.embed_text for piece in pieces[:_MAX_SAMPLE_CHUNKS]]
        read_seconds = time.perf_counter() - started
        started = time.perf_counter()
        if texts:
            embedder.encode_passages(texts, batch_size=engine.settings.batch_size)
        embed_seconds = time.perf_counter() - started
        scale = len(pieces) / len(texts) if texts else 1.0
        seconds += read_seconds + embed_seconds * scale
        chunks += len(pieces)
    return RateSample(len(sample), sum(f.size for f in sample), chunks, seconds)


def estimate_time(summary: ImportSummary, sample: RateSample) -> TimeEstimate | None:
    """Scale the measured rate to the files to read; None without a usable sample."""
    if sample.files == 0 or sample.seconds <= 0:
        return None
    todo_files = len(summary.todo)
    todo_bytes = sum(f.size for f in summary.todo)
    per_file = sample.seconds / sample.files
    by_files = per_file * todo_files
    by_size = sample.seconds * todo_bytes / sample.bytes if sample.bytes else by_files
    low, high = sorted((by_files, by_size))
    if todo_files == 0:
        return TimeEstimate(0.0, 0.0, sample)
    return TimeEstimate(low + _FINISH_SECONDS, high + _FINISH_SECONDS, sample)

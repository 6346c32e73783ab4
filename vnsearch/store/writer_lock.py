"""One writer at a time per index: indexing, re-indexing and model switches exclude each other.

A model switch copies every chunk into a new table and then swaps ``meta.json``. An
indexing run that writes the old table meanwhile would lose its chunks at the swap.
The lock is an OS file lock (``filelock``), so it also holds between the desktop app,
its worker processes and a ``vnsearch`` command started in a terminal, and the OS
releases it when the holder crashes or is killed. A second writer fails at once with
:class:`IndexBusyError` naming the running operation instead of waiting behind it.
Searches never take the lock.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from vnsearch.errors import IndexBusyError

logger = logging.getLogger("vnsearch.index")

LOCK_FILE = "writer.lock"
OWNER_FILE = "writer.owner.json"


class WriterLock:
    """Exclusive, re-entrant (per thread) write access to the index in ``index_dir``."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = FileLock(str(self.index_dir / LOCK_FILE), timeout=0)
        self._owner = self.index_dir / OWNER_FILE

    @contextmanager
    def hold(self, operation: str) -> Iterator[None]:
        """Hold the lock for ``operation`` (e.g. "indexing"); raise IndexBusyError if taken."""
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise IndexBusyError(
                f"The index in {self.index_dir} is busy: {self._describe_owner()}. "
                "Wait until it finishes (or cancel it), then try again."
            ) from None
        try:
            if self._lock.lock_counter == 1:
                self._write_owner(operation)
            yield
        finally:
            self._lock.release()

    def _write_owner(self, operation: str) -> None:
        record = {
            "operation": operation,
            "pid": os.getpid(),
            "started": datetime.now().isoformat(timespec="seconds"),
        }
        try:
            self._owner.write_text(json.dumps(record), "utf-8")
        except OSError as error:  # the lock itself still protects the index
            logger.warning("Could not record the index writer in %s: %s", self._owner, error)

    def _describe_owner(self) -> str:
        try:
            record = json.loads(self._owner.read_text("utf-8"))
            return (
                f"{record['operation']} started at {record['started']} by process {record['pid']}"
            )
        except (OSError, ValueError, KeyError, TypeError):
            return "another indexing run or model switch is writing it"

"""Peak memory of an evaluation run: process RAM sampled in a thread, GPU from torch."""

from __future__ import annotations

import logging
import threading
from types import TracebackType

import psutil

logger = logging.getLogger("vnsearch.eval")

_SAMPLE_SECONDS = 0.05
_MIB = 1024 * 1024


class PeakMemory:
    """Sample this process's resident memory until the block ends and keep the maximum.

    Use as a context manager; ``peak_rss_mb`` is the largest resident set size seen, in
    MiB. The process's memory includes models loaded before the block, so the value
    is the footprint of the whole process while the block ran, not the block's own use.
    When CUDA is in use, ``peak_gpu_mb`` is torch's peak allocated memory in the block;
    otherwise it stays None.

    NOTE: the CUDA branch has only been type-checked; no test has run it on a GPU.
    """

    def __init__(self, device: str = "cpu") -> None:
        if device not in ("cpu", "cuda"):
            raise ValueError(f"Invalid device {device!r}; use 'cpu' or 'cuda'.")
        self.device = device
        self.peak_rss_mb = 0.0
        self.peak_gpu_mb: float | None = None
        self._process = psutil.Process()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._sample, name="vnsearch-eval-memory", daemon=True
        )

    def __enter__(self) -> PeakMemory:
        if self.device == "cuda":
            import torch

            torch.cuda.reset_peak_memory_stats()
        self._record()
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        self._record()
        if self.device == "cuda":
            import torch

            self.peak_gpu_mb = torch.cuda.max_memory_allocated() / _MIB

    def _sample(self) -> None:
        while not self._stop.wait(_SAMPLE_SECONDS):
            self._record()

    def _record(self) -> None:
        try:
            rss = self._process.memory_info().rss / _MIB
        except psutil.Error as exc:  # pragma: no cover - the process reads itself
            logger.debug("Could not read memory use: %s", exc)
            return
        self.peak_rss_mb = max(self.peak_rss_mb, rss)

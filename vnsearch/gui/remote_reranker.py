"""Re-ranking in a child process, so that loading the cross-encoder cannot stall the GUI.

A re-ranker is loaded on the first search after it is installed, and on CPUs with
AVX512-VNNI its int8 model is built then too (a one-off that takes about a minute).
Both hold Python's interpreter lock for long stretches, so in the GUI process they
would freeze the window the way loading the embedding model did (see
:mod:`remote_embedder`). :class:`RemoteReranker` keeps the cross-encoder in its own
child process and sends it one query's candidates at a time. Qt-free.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vnsearch.gui.model_process import Loaded, ModelProcess, serve_requests
from vnsearch.search.rerank import CrossEncoderReranker

PROCESS_NAME = "vnsearch-process-reranker"


def _serve(
    path: Path, model_id: str, device: str, batch_size: int, encoder: str, connection: Any
) -> None:
    """Child process: load the re-ranker, then score candidates until the stop message."""

    def load() -> Loaded:
        reranker = CrossEncoderReranker(
            path, model_id, device, batch_size=batch_size, encoder=encoder
        )
        active = reranker.active_encoder  # load and build now, not on the first search

        def handle(request: Any) -> Any:
            query, passages = request
            return reranker.score(query, passages)

        return active, handle

    serve_requests(connection, load)


class RemoteReranker(CrossEncoderReranker):
    """A re-ranker whose model runs in a child process, started on the first search.

    Args: as :class:`CrossEncoderReranker`. Call :meth:`close` to stop the child.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._child = ModelProcess(
            PROCESS_NAME,
            f"re-ranker {self.model_id}",
            _serve,
            (self.path, self.model_id, self.device, self.batch_size, self.encoder),
        )

    @property
    def active_encoder(self) -> str:
        """The path the child scores with (see the base class); starts the child."""
        return str(self._child.start())

    def start(self) -> None:
        """Start the child and wait until its model is loaded (call from a worker thread)."""
        self._child.start()

    def score(self, query: str, passages: list[str]) -> list[float]:
        """Return the model's relevance logit of each passage, computed by the child."""
        if not passages:
            return []
        return [float(v) for v in self._child.request((query, list(passages)))]

    def close(self) -> None:
        """Stop the child process."""
        self._child.close()

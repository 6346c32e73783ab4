"""Query embeddings computed in a child process, so that model loading cannot stall the GUI.

Measured on a 2-core machine with the main window offscreen: loading the model in a
thread of the GUI process stalled the event loop for 2.4 s, because loading holds
Python's interpreter lock. :class:`RemoteEmbedder` keeps the model in a child process
instead and requests one query vector at a time. Qt-free.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from vnsearch.gui.model_process import Loaded, ModelProcess, serve_requests
from vnsearch.models.embedder import Embedder

logger = logging.getLogger("vnsearch.gui")

PROCESS_NAME = "vnsearch-process-query-encoder"
_CACHE_SIZE = 256


def _serve(path: Path, model_id: str, device: str, encoder: str, connection: Any) -> None:
    """Child process: load the model, then encode query texts until the stop message."""

    def load() -> Loaded:
        embedder = Embedder(path, model_id, device, encoder)
        model = embedder.model  # load now, not on the first query

        def handle(request: Any) -> Any:
            if isinstance(request, str):
                return embedder.encode_query(request)
            texts, options = request
            return model.encode(texts, **options)

        return (dict(model.prompts or {}), embedder.max_seq_length), handle

    serve_requests(connection, load)


class _RemoteModel:
    """The part of a SentenceTransformer that search code reads from ``Embedder.model``.

    NOTE: the feedback booster (``vnsearch.search.feedback_boost``) encodes stored
    queries through ``embedder.model.encode`` instead of an Embedder method; this proxy
    sends those batches to the child too, so the GUI process never loads the model.
    """

    def __init__(self, owner: RemoteEmbedder, prompts: dict[str, str], max_length: int) -> None:
        self._owner = owner
        self.prompts = prompts
        self.max_seq_length = max_length

    def encode(self, texts: list[str], **options: Any) -> np.ndarray:
        """Encode ``texts`` in the child with sentence-transformers' ``encode`` options."""
        return self._owner.request_vectors(list(texts), options)


class RemoteEmbedder(Embedder):
    """An Embedder whose query encoding runs in a child process.

    Only ``encode_query`` goes to the child. The other methods load the model in this
    process as the base class does, but the GUI does not call them, because indexing
    runs in its own process. Thread-safe: one query at a time crosses the pipe.
    """

    def __init__(
        self, path: Path, model_id: str, device: str = "auto", encoder: str = "torch"
    ) -> None:
        super().__init__(path, model_id, device, encoder)
        self._child = ModelProcess(
            PROCESS_NAME,
            f"query encoder for {model_id}",
            _serve,
            (self.path, self.model_id, self.device, self.encoder),
        )

    @property
    def model(self) -> Any:
        """A stand-in for the loaded model whose ``encode`` runs in the child."""
        prompts, max_length = self._child.start()
        return _RemoteModel(self, prompts, max_length)

    def start(self) -> None:
        """Start the child and wait until its model is loaded (call from a worker thread)."""
        self._child.start()

    def encode_query(self, text: str) -> np.ndarray:
        """Return the query vector, computed by the child (started on first use)."""
        cached = self._query_cache.get(text)
        if cached is not None:
            return cached
        vector = np.asarray(self._child.request(text), dtype=np.float32)
        self._query_cache[text] = vector
        if len(self._query_cache) > _CACHE_SIZE:
            self._query_cache.popitem(last=False)
        return vector

    def request_vectors(self, texts: list[str], options: dict[str, Any]) -> np.ndarray:
        """Encode a batch in the child (see _RemoteModel.encode)."""
        return np.asarray(self._child.request((texts, options)), dtype=np.float32)

    def close(self) -> None:
        """Stop the child process."""
        self._child.close()

"""Query embeddings computed in a child process, so that model loading cannot stall the GUI.

Measured on a 2-core machine with the main window offscreen: loading the model in a
thread of the GUI process stalled the event loop for 2.4 s, because loading holds
Python's interpreter lock. :class:`RemoteEmbedder` keeps the model in a child process
instead and requests one query vector at a time. Qt-free.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import threading
from pathlib import Path
from typing import Any

import numpy as np

from vnsearch.errors import ModelError
from vnsearch.models.embedder import Embedder

logger = logging.getLogger("vnsearch.gui")

PROCESS_NAME = "vnsearch-process-query-encoder"
_STOP = None
_JOIN_TIMEOUT_S = 10
_CACHE_SIZE = 256


def _serve(path: Path, model_id: str, device: str, encoder: str, connection: Any) -> None:
    """Child process: load the model, then encode query texts until the stop message."""
    embedder = Embedder(path, model_id, device, encoder)
    try:
        model = embedder.model  # load now, not on the first query
        connection.send(("ready", (dict(model.prompts or {}), embedder.max_seq_length)))
    except Exception as error:
        connection.send(("error", ModelError(f"{type(error).__name__}: {error}")))
        return
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        if request is _STOP:
            return
        try:
            if isinstance(request, str):
                connection.send(("vector", embedder.encode_query(request)))
            else:
                texts, options = request
                connection.send(("vectors", model.encode(texts, **options)))
        except Exception as error:
            connection.send(("error", ModelError(f"{type(error).__name__}: {error}")))


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
        self._connection: Any = None
        self._process: Any = None
        self._pipe_lock = threading.Lock()
        self._remote_model: _RemoteModel | None = None

    @property
    def model(self) -> Any:
        """A stand-in for the loaded model whose ``encode`` runs in the child."""
        with self._pipe_lock:
            self._start_locked()
            assert self._remote_model is not None
            return self._remote_model

    def start(self) -> None:
        """Start the child and wait until its model is loaded (call from a worker thread)."""
        with self._pipe_lock:
            self._start_locked()

    def _start_locked(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        spawn = multiprocessing.get_context("spawn")
        parent, child = spawn.Pipe()
        self._process = spawn.Process(
            target=_serve,
            args=(self.path, self.model_id, self.device, self.encoder, child),
            name=PROCESS_NAME,
            daemon=True,
        )
        self._process.start()
        child.close()
        self._connection = parent
        kind, payload = self._receive()
        if kind == "error":
            self._stop_locked()
            raise payload
        prompts, max_length = payload
        self._remote_model = _RemoteModel(self, prompts, max_length)
        logger.info("Query encoder process for %s is ready", self.model_id)

    def _receive(self) -> tuple[str, Any]:
        try:
            message: tuple[str, Any] = self._connection.recv()
        except EOFError:
            raise ModelError(
                f"The query encoder process for {self.model_id} ended unexpectedly; search "
                "again to restart it."
            ) from None
        return message

    def encode_query(self, text: str) -> np.ndarray:
        """Return the query vector, computed by the child (started on first use)."""
        cached = self._query_cache.get(text)
        if cached is not None:
            return cached
        with self._pipe_lock:
            self._start_locked()
            self._connection.send(text)
            kind, payload = self._receive()
        if kind == "error":
            raise payload
        vector = np.asarray(payload, dtype=np.float32)
        self._query_cache[text] = vector
        if len(self._query_cache) > _CACHE_SIZE:
            self._query_cache.popitem(last=False)
        return vector

    def request_vectors(self, texts: list[str], options: dict[str, Any]) -> np.ndarray:
        """Encode a batch in the child (see _RemoteModel.encode)."""
        with self._pipe_lock:
            self._start_locked()
            self._connection.send((texts, options))
            kind, payload = self._receive()
        if kind == "error":
            raise payload
        return np.asarray(payload, dtype=np.float32)

    def close(self) -> None:
        """Stop the child process."""
        with self._pipe_lock:
            self._stop_locked()

    def _stop_locked(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(BrokenPipeError, OSError):
                self._connection.send(_STOP)
            self._connection.close()
            self._connection = None
        if self._process is not None:
            self._process.join(_JOIN_TIMEOUT_S)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join()
            self._process = None

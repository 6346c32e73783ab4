"""A child process that keeps one model loaded and serves requests over a pipe.

Loading a model keeps Python's interpreter lock for seconds, and so does some of the
Python work around each model pass. The GUI process therefore runs its models in child
processes (see :mod:`remote_embedder` for the measured stall). The child loads the
model, reports "ready", then answers one request at a time until the parent sends
the stop message or closes the pipe. Qt-free.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import threading
from collections.abc import Callable
from typing import Any

from vnsearch.errors import ModelError

logger = logging.getLogger("vnsearch.gui")

_STOP = None
_JOIN_TIMEOUT_S = 10

# The return value of a child's loader: the payload of the "ready" message, and the
# handler that turns one request into its reply.
Loaded = tuple[Any, Callable[[Any], Any]]


def serve_requests(connection: Any, load: Callable[[], Loaded]) -> None:
    """Run ``load`` once in the child, then serve requests until the stop message.

    Errors are sent back as :class:`ModelError` values rather than raised, so the child
    keeps serving after a bad request and the parent raises them in the caller's thread.
    """
    try:
        ready, handle = load()
        connection.send(("ready", ready))
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
            connection.send(("reply", handle(request)))
        except Exception as error:
            connection.send(("error", ModelError(f"{type(error).__name__}: {error}")))


class ModelProcess:
    """The parent side of one model's child process, started on first use.

    Args:
        name: the child process's name (shown by ``ps`` and in the tests).
        role: the model's role and id for logs and errors, e.g. "query encoder for X".
        target: a module-level function (the child is spawned) that calls
            :func:`serve_requests` with its end of the pipe, passed as the last argument.
        args: the arguments of ``target`` before the pipe.

    Thread-safe: one request at a time crosses the pipe.
    """

    def __init__(self, name: str, role: str, target: Callable[..., None], args: tuple[Any, ...]):
        self.name = name
        self.role = role
        self._target = target
        self._args = args
        self._connection: Any = None
        self._process: Any = None
        self._ready: Any = None
        self._lock = threading.Lock()

    def start(self) -> Any:
        """Start the child unless it runs, wait for its model, return the "ready" payload."""
        with self._lock:
            return self._start_locked()

    def request(self, message: Any) -> Any:
        """Send ``message`` to the child (started first if needed) and return its reply.

        Raises:
            ModelError: the child failed to load its model or to serve the request, or
                it ended.
        """
        with self._lock:
            self._start_locked()
            self._connection.send(message)
            kind, payload = self._receive()
        if kind == "error":
            raise payload
        return payload

    def close(self) -> None:
        """Stop the child process; a later request starts a new one."""
        with self._lock:
            self._stop_locked()

    def _start_locked(self) -> Any:
        if self._process is not None and self._process.is_alive():
            return self._ready
        self._stop_locked()
        spawn = multiprocessing.get_context("spawn")
        parent, child = spawn.Pipe()
        self._process = spawn.Process(
            target=self._target, args=(*self._args, child), name=self.name, daemon=True
        )
        self._process.start()
        child.close()
        self._connection = parent
        kind, payload = self._receive()
        if kind == "error":
            self._stop_locked()
            raise payload
        self._ready = payload
        logger.info("The %s process is ready", self.role)
        return payload

    def _receive(self) -> tuple[str, Any]:
        try:
            message: tuple[str, Any] = self._connection.recv()
        except EOFError:
            raise ModelError(
                f"The {self.role} process ended unexpectedly; search again to restart it."
            ) from None
        return message

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

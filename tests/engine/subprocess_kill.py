"""Helpers for tests that SIGKILL a real vnsearch process in the middle of its work."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

DEFAULT_MODEL = "multilingual-e5-small"


def link_default_model(model_data_dir: Path, data_dir: Path) -> Path:
    """Symlink the session's default model into ``data_dir``; returns the model folder."""
    source = model_data_dir / "models" / DEFAULT_MODEL
    (data_dir / "models").mkdir(parents=True, exist_ok=True)
    (data_dir / "models" / DEFAULT_MODEL).symlink_to(source, target_is_directory=True)
    return source


def kill_when_ready(
    command: Sequence[str],
    ready: Callable[[], bool],
    finished_message: str,
    timeout_message: str,
    timeout_seconds: float = 240,
) -> None:
    """Start ``command``, wait until ``ready()`` is true, then SIGKILL the process.

    Fails with ``finished_message`` when the process ends before it could be killed
    and with ``timeout_message`` when ``ready()`` stays false past the timeout.
    """
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        list(command), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + timeout_seconds
    try:
        while not ready():
            assert process.poll() is None, finished_message
            assert time.monotonic() < deadline, timeout_message
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()

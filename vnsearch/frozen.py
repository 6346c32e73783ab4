"""Worker processes and bundled files in a source install and in the frozen app.

A PyInstaller build has no Python interpreter, so ``sys.executable -m module`` starts
the app itself instead of the module. Worker processes are therefore started through
:func:`worker_command`: a source install runs ``python -m <module>`` as before, and the
frozen app runs its own executable with :data:`WORKER_OPTION` and a worker name, which
``vnsearch.cli.main`` hands to :func:`run_worker` before it parses any other option.
Qt-free, so the command line and worker processes can import it.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

# Hidden first argument of the frozen executable that runs a worker instead of the CLI.
WORKER_OPTION = "--run-worker"
# Worker name -> module whose ``main(argv) -> int`` runs it.
WORKER_MODULES = {"finetune": "vnsearch.finetune.worker"}


def is_frozen() -> bool:
    """Return whether this process runs from a PyInstaller build."""
    return bool(getattr(sys, "frozen", False))


def bundle_dir() -> Path | None:
    """Return the folder of the frozen app's bundled files (``_internal``), or None."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle is not None else None


def worker_command(name: str, args: Sequence[str], frozen: bool | None = None) -> list[str]:
    """Return the command line that starts worker ``name`` with ``args``.

    Args:
        name: a key of :data:`WORKER_MODULES`.
        args: the worker's own arguments.
        frozen: override :func:`is_frozen` (tests).

    Raises:
        ValueError: when ``name`` is not a known worker.
    """
    module = _worker_module(name)
    if frozen if frozen is not None else is_frozen():
        return [sys.executable, WORKER_OPTION, name, *args]
    return [sys.executable, "-m", module, *args]


def run_worker(argv: Sequence[str]) -> int:
    """Run the worker named by ``argv[0]`` with the rest of ``argv``; return its exit code."""
    if not argv:
        known = ", ".join(sorted(WORKER_MODULES))
        sys.stderr.write(f"error: {WORKER_OPTION} needs a worker name ({known})\n")
        return 2
    try:
        module = importlib.import_module(_worker_module(argv[0]))
    except ValueError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    return int(module.main(list(argv[1:])))


def _worker_module(name: str) -> str:
    module = WORKER_MODULES.get(name)
    if module is None:
        known = ", ".join(sorted(WORKER_MODULES))
        raise ValueError(f"Invalid worker name {name!r}; use one of: {known}.")
    return module


def replace_missing_streams() -> None:
    """Point a missing ``sys.stdout`` or ``sys.stderr`` at the null device.

    A windowed Windows build starts without standard streams, and some libraries
    write to them without checking (tqdm, for example). vnsearch's own messages go to
    the log file (:mod:`vnsearch.logs`), so nothing of ours is lost.
    """
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

"""Start the desktop app from the command line."""

from __future__ import annotations

import sys
from pathlib import Path


def launch_gui(data_dir: Path, quit_after_s: float | None = None) -> int:
    """Open the desktop app on ``data_dir``; returns its exit code.

    ``quit_after_s`` closes the app after that many seconds (see ``run_app``).
    """
    try:
        from vnsearch.gui.app import run_app
    except ImportError as exc:
        print(
            f"error: the desktop app cannot start ({exc}). Use the commands listed by "
            "'vnsearch --help', or reinstall with the GUI dependencies.",
            file=sys.stderr,
        )
        return 2
    return run_app(data_dir, quit_after_s=quit_after_s)

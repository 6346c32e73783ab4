"""Training process entry point: ``python -m vnsearch.finetune.worker CONFIG.json``.

The frozen app runs it as ``vnsearch --run-worker finetune CONFIG.json`` instead
(see :mod:`vnsearch.frozen`).

Training runs in its own process so that the GUI stays responsive, a cancel can
terminate it at any moment, and all GPU memory is returned when it exits. Events go
to stdout as JSON lines that start with :data:`MARKER`, so the parent can tell them
from anything a library prints. The last event is "result" (exit code 0) or "error"
(exit code 1); logs go to stderr, which the parent writes to a log file.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

MARKER = "@@vnsearch-train "

logger = logging.getLogger("vnsearch.train")


def send(event: dict[str, Any]) -> None:
    """Write one event line to stdout and flush it."""
    sys.stdout.write(MARKER + json.dumps(event, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main(argv: Sequence[str]) -> int:
    """Run the training described by the configuration file ``argv[0]``."""
    if len(argv) != 1:
        sys.stderr.write("usage: python -m vnsearch.finetune.worker CONFIG.json\n")
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(message)s"
    )
    from vnsearch.finetune.train import WorkerConfig, run_training
    from vnsearch.models.embedder import quiet_transformers

    quiet_transformers()
    try:
        config = WorkerConfig.read(Path(argv[0]))
        result = run_training(config, send)
    except Exception as exc:
        logger.exception("Training failed")
        send({"event": "error", "message": f"{type(exc).__name__}: {exc}"})
        return 1
    send({"event": "result", **result})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

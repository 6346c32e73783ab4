"""Measure how long the GUI event loop stalls while the import wizard indexes the samples.

The main window and the import wizard run offscreen. The wizard indexes a copy of
``resources/samples`` into a temporary data folder, through the same background task
the user's clicks start (summary with its speed measurement, then indexing), and the
search page then runs one search, which starts the query encoder process as the app
does. With ``--reranker DIR`` that cross-encoder is imported first, so the search also
starts the re-ranker process. A 10 ms QTimer ticks on the GUI thread the whole time.
The longest gap between two ticks, minus the 10 ms interval, is the longest stall a
user would feel.

Usage::

    python bench/bench_gui_stall.py [--model-data-dir .cache/test-data] [--target-ms 100]
        [--reranker DIR]

Exits with status 1 when the longest stall is at or above the target.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
TICK_MS = 10


class StallMeter:
    """Record the gaps between ticks of a 10 ms timer on the GUI thread."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps_ms: list[float] = []
        self.phase = "start"
        self.worst: tuple[float, str] = (0.0, "")  # maximum gap and the phase it fell in
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _on_timer_timeout(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000
        self.gaps_ms.append(gap)
        if gap > self.worst[0]:
            self.worst = (gap, self.phase)
        self._last = now

    @property
    def max_stall_ms(self) -> float:
        """Maximum gap beyond the timer interval, in ms."""
        return max(self.gaps_ms, default=0.0) - TICK_MS


def wait_until(app, condition, timeout_s: float) -> bool:
    """Run the event loop until ``condition()`` is true; False on timeout."""
    from PySide6.QtCore import QEventLoop

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.002)
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model-data-dir",
        type=Path,
        default=REPO / ".cache" / "test-data",
        help="data folder that contains the installed default model (default: %(default)s)",
    )
    parser.add_argument("--samples", type=Path, default=REPO / "resources" / "samples")
    parser.add_argument(
        "--target-ms", type=float, default=100.0, help="maximum allowed stall in ms"
    )
    parser.add_argument("--timeout-s", type=float, default=900.0, help="give up after this long")
    parser.add_argument(
        "--reranker", type=Path, default=None, help="cross-encoder folder to import first"
    )
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from vnsearch.config import Settings
    from vnsearch.engine import Engine
    from vnsearch.gui.context import AppContext
    from vnsearch.gui.import_wizard.wizard import RESULT, SUMMARY
    from vnsearch.gui.main_window import MainWindow
    from vnsearch.gui.remote_embedder import RemoteEmbedder
    from vnsearch.gui.remote_reranker import RemoteReranker
    from vnsearch.gui.resources import install_ui_font
    from vnsearch.gui.tasks import cancel_all_tasks
    from vnsearch.models.registry import get_model, import_model

    app = QApplication(sys.argv[:1])
    app.setFont(install_ui_font())
    info = get_model(args.model_data_dir, "multilingual-e5-small")
    # As in the app: queries are encoded by a child process, which starts on first use.
    settings = Settings(device="cpu")
    embedder = RemoteEmbedder(info.path, info.name, "cpu", getattr(settings, "encoder", "torch"))

    with tempfile.TemporaryDirectory(prefix="vnsearch-stall-") as temp:
        documents = Path(temp) / "samples"
        shutil.copytree(args.samples, documents)
        if args.reranker is not None:
            import_model(Path(temp) / "data", args.reranker, kind="reranker")
        engine = Engine(
            Path(temp) / "data", settings, embedder=embedder, reranker_type=RemoteReranker
        )
        context = AppContext.open(Path(temp) / "data", engine)
        context.query_encoder = embedder
        admin = context.users.create_user("admin", "benchmark-pass", 3, "admin")
        context.languages.apply("vi")
        window = MainWindow(context, admin)
        window.show()
        wait_until(app, lambda: window.search_page.overview is not None, 60)

        meter = StallMeter()
        meter.start()
        started = time.monotonic()
        meter.phase = "import wizard pages"
        wizard = window.open_import_wizard()
        assert wizard is not None
        wizard.folders_page.add_folder(documents)
        wizard.next()
        wizard.next()
        wait_until(app, wizard.metadata_page.isComplete, 60)
        wizard.next()
        assert wizard.currentId() == SUMMARY
        meter.phase = "summary with speed measurement"
        wait_until(app, lambda: not wizard.summary_page.is_measuring(), args.timeout_s)
        meter.phase = "indexing"
        wizard.next()
        finished = wait_until(app, lambda: wizard.currentId() == RESULT, args.timeout_s)
        elapsed = time.monotonic() - started
        report = wizard.state.report
        meter.phase = "closing the wizard"
        wizard.close()
        meter.phase = "first search (starts the query encoder and any re-ranker)"
        window.search_page.search("Phép năm chưa dùng hết có được chuyển sang năm sau không?")
        searched = wait_until(app, lambda: window.search_page.response is not None, 300)
        meter.stop()
        response = window.search_page.response if searched else None
        hits = response.hits if response is not None else []
        stages = ", ".join(response.stages) if response is not None else ""
        window.close()
        cancel_all_tasks()

    if not finished or report is None or not hits:
        print("error: indexing or the search did not finish", file=sys.stderr)
        return 2
    gaps = sorted(meter.gaps_ms)
    p99 = gaps[int(len(gaps) * 0.99) - 1] - TICK_MS if gaps else 0.0
    print(
        f"indexed {report.added} files, {report.chunks_added} chunks in {elapsed:.1f} s "
        f"(wizard summary and model load included); {len(gaps)} ticks, "
        f"median gap {statistics.median(gaps):.1f} ms, p99 stall {p99:.1f} ms, "
        f"stalls over 50 ms: {sum(g - TICK_MS > 50 for g in gaps)}; first hit after "
        f"indexing: {Path(hits[0].path).name}; ranking stages: {stages or 'none'}"
    )
    print(
        f"max event-loop stall: {meter.max_stall_ms:.0f} ms during {meter.worst[1]} "
        f"(target < {args.target_ms:.0f} ms)"
    )
    return 0 if meter.max_stall_ms < args.target_ms else 1


if __name__ == "__main__":
    sys.exit(main())

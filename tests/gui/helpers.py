"""Helpers shared by the GUI tests."""

from __future__ import annotations

from pathlib import Path

from vnsearch.gui.main_window import MainWindow

SEARCH_TIMEOUT_MS = 60_000


def open_main_window(qtbot, context, user) -> MainWindow:
    """Show the main window for ``user`` and wait until the index overview is loaded."""
    window = MainWindow(context, user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.search_page.overview is not None, timeout=SEARCH_TIMEOUT_MS)
    return window


def search(qtbot, window: MainWindow, query: str) -> list:
    """Search ``query`` in the window and return the hits shown."""
    page = window.search_page
    with qtbot.waitSignal(page.results_shown, timeout=SEARCH_TIMEOUT_MS):
        page.search(query)
    return page.results.hits()


def file_names(hits) -> list[str]:
    """Return the file names of ``hits``."""
    return [Path(hit.path).name for hit in hits]

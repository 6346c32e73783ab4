"""Start the desktop app: Qt application, translators, log file, sign-in, main window."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QDialog

from vnsearch.config import DATA_DIR_ENV, default_data_dir
from vnsearch.errors import VnsearchError
from vnsearch.gui.context import AppContext
from vnsearch.gui.data_location import read_data_location
from vnsearch.gui.login_dialog import FirstRunDialog, LoginDialog
from vnsearch.gui.main_window import MainWindow
from vnsearch.gui.messages import set_log_file
from vnsearch.gui.resources import install_ui_font
from vnsearch.gui.signals import emit
from vnsearch.logs import setup_logging

logger = logging.getLogger("vnsearch.gui")


def choose_data_dir(data_dir: Path) -> Path:
    """Return ``data_dir``, or the folder chosen in the settings when none was given.

    NOTE: the launcher passes the default location when no ``--data-dir`` was given,
    so "equals the default and no environment variable" is how an explicit choice is
    told apart; an explicit ``--data-dir`` naming the default folder is overridden too.
    """
    if DATA_DIR_ENV in os.environ or Path(data_dir) != default_data_dir():
        return Path(data_dir)
    return read_data_location() or Path(data_dir)


class AppController(QObject):
    """Shows the first-run or login dialog, then the main window.

    Signals:
        main_window_shown(object): the MainWindow after a successful sign-in.
    """

    main_window_shown = Signal(object)

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.dialog: QDialog | None = None
        self.window: MainWindow | None = None

    def start(self) -> None:
        """Open the first-run dialog on a new data folder, the login dialog otherwise."""
        users = self.context.users
        dialog: QDialog = FirstRunDialog(users) if users.is_empty() else LoginDialog(users)
        dialog.accepted.connect(self._on_dialog_accepted)
        dialog.rejected.connect(self._on_dialog_rejected)
        self.dialog = dialog
        dialog.show()

    @Slot()
    def _on_dialog_accepted(self) -> None:
        dialog = self.dialog
        user = getattr(dialog, "user", None)
        if user is None:
            return
        self.window = MainWindow(self.context, user)
        self.window.show()
        emit(self.main_window_shown, self.window)

    @Slot()
    def _on_dialog_rejected(self) -> None:
        QCoreApplication.quit()


def run_app(data_dir: Path, quit_after_s: float | None = None) -> int:
    """Open the desktop app on ``data_dir`` and run until the last window closes.

    With ``quit_after_s``, the app first gets one query vector from the query encoder
    process (when the index has a model), then closes itself after that many seconds.
    It returns 0 only when both worked and a window was visible, and 1 otherwise.
    ``make package-smoke`` uses this to prove that a built app finds its Qt plugins.
    """
    import qasync

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("vnsearch")
    app.setOrganizationName("vnsearch")
    app.setFont(install_ui_font())
    data_dir = choose_data_dir(data_dir)
    log_file = setup_logging(data_dir)
    set_log_file(log_file)
    logger.info("Starting the desktop app on %s", data_dir)
    try:
        context = AppContext.open(data_dir)
    except VnsearchError as error:
        logger.error("Cannot open the data folder %s: %s", data_dir, error)
        print(f"error: {error}", file=sys.stderr)
        return 2
    context.languages.apply(context.engine.settings.language)

    if quit_after_s is not None and not _check_query_encoder(context):
        context.close()
        return 1
    controller = AppController(context)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    quitting = asyncio.Event()
    app.aboutToQuit.connect(quitting.set)
    controller.start()
    visible: list[str] = []
    if quit_after_s is not None:
        QTimer.singleShot(round(quit_after_s * 1000), lambda: _quit_for_check(visible))
    with loop:
        loop.run_until_complete(quitting.wait())
    logger.info("The desktop app closed")
    if quit_after_s is None:
        return 0
    context.close()
    if not visible:
        logger.error("Start-up check failed: no window was visible after %.1f s", quit_after_s)
        return 1
    return 0


def _check_query_encoder(context: AppContext) -> bool:
    """Encode one query in the query encoder process, when the index has a model.

    Part of the ``quit_after_s`` check: it proves that a built app can start a
    multiprocessing child and load the model there. Blocks the start-up meanwhile.
    """
    encoder = context.query_encoder
    if encoder is None:
        logger.info("Start-up check: no model installed yet, so no query encoder to start")
        return True
    try:
        vector = encoder.encode_query("kiểm tra")
    except VnsearchError as error:
        logger.error("Start-up check failed: the query encoder returned no vector: %s", error)
        return False
    logger.info("Start-up check: query encoder returned a vector (%d dimensions)", len(vector))
    return True


def _quit_for_check(visible: list[str]) -> None:
    """Record the visible top-level windows in ``visible``, then quit the app."""
    visible.extend(
        widget.objectName() or type(widget).__name__
        for widget in QApplication.topLevelWidgets()
        if widget.isVisible()
    )
    logger.info("Start-up check: visible windows: %s", ", ".join(visible) or "none")
    QCoreApplication.quit()

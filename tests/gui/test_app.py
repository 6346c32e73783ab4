"""Start-up: the controller's dialogs, the data folder choice and run_app itself."""

from __future__ import annotations

from pathlib import Path

from tests.gui.conftest import ADMIN_PASSWORD, run_offscreen
from vnsearch.gui import app as app_module
from vnsearch.gui import data_location
from vnsearch.gui.app import AppController, choose_data_dir
from vnsearch.gui.login_dialog import FirstRunDialog, LoginDialog
from vnsearch.gui.main_window import MainWindow


def test_controller_login_then_main_window(qtbot, context_factory):
    context = context_factory(indexed=False)
    controller = AppController(context)

    controller.start()

    assert isinstance(controller.dialog, LoginDialog)
    with qtbot.waitSignal(controller.main_window_shown) as shown:
        controller.dialog.sign_in("admin", ADMIN_PASSWORD)
    window = shown.args[0]
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    assert window.user.name == "admin"


def test_controller_opens_first_run_dialog_on_empty_store(qtbot, tmp_path, default_embedder):
    from vnsearch.config import Settings
    from vnsearch.engine import Engine
    from vnsearch.gui.context import AppContext

    engine = Engine(tmp_path / "data", Settings(device="cpu"), embedder=default_embedder)
    context = AppContext.open(tmp_path / "data", engine)
    controller = AppController(context)

    controller.start()
    qtbot.addWidget(controller.dialog)

    assert isinstance(controller.dialog, FirstRunDialog)
    with qtbot.waitSignal(controller.main_window_shown) as shown:
        controller.dialog.create_admin("Quản trị", "mat-khau-dai", "mat-khau-dai")
    qtbot.addWidget(shown.args[0])
    assert context.users.list_users()[0].access_level == 3


def test_choose_data_dir_prefers_saved_location(tmp_path, monkeypatch):
    monkeypatch.delenv("VNSEARCH_DATA_DIR", raising=False)
    monkeypatch.setattr(data_location, "pointer_path", lambda: tmp_path / "pointer.txt")
    default = tmp_path / "default"
    monkeypatch.setattr(app_module, "default_data_dir", lambda: default)
    chosen = tmp_path / "chosen"

    assert choose_data_dir(default) == default
    data_location.save_data_location(chosen)
    assert choose_data_dir(default) == chosen
    assert choose_data_dir(tmp_path / "explicit") == tmp_path / "explicit"


_RUN_APP_SCRIPT = """
import sys
import os
import subprocess
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from vnsearch.gui import data_location
from vnsearch.gui.app import run_app
from vnsearch.gui.login_dialog import FirstRunDialog

data_location.pointer_path = lambda: Path(sys.argv[2])
app = QApplication([])

def cancel_dialog():
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, FirstRunDialog) and widget.isVisible():
            widget.reject()
            return
    QTimer.singleShot(50, cancel_dialog)

QTimer.singleShot(50, cancel_dialog)
sys.exit(run_app(Path(sys.argv[1])))
"""


def test_run_app_quits_when_login_is_cancelled(tmp_path):
    # A separate process: after run_app() has quit the QApplication, Qt no longer
    # delivers queued signals in this test session.
    data_dir = tmp_path / "data"

    result = run_offscreen(["-c", _RUN_APP_SCRIPT, str(data_dir), str(tmp_path / "pointer.txt")])

    assert result.returncode == 0, result.stderr
    assert (data_dir / "logs" / "vnsearch.log").is_file()
    assert (Path(data_dir) / "app.db").is_file()
    log = (data_dir / "logs" / "vnsearch.log").read_text("utf-8")
    assert "Starting the desktop app" in log
    assert "The desktop app closed" in log

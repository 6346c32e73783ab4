"""The one place that shows a message to the user and writes it to the log.

Errors the user can fix (a missing model, a locked file, an invalid value) get a plain
explanation in the UI language; the English engine message goes to the dialog's
details and the log. Anything else is our bug: the traceback goes to the log file and
the dialog says where that file is.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from vnsearch.errors import (
    ConfigError,
    IndexBusyError,
    IndexMismatchError,
    ModelError,
    VnsearchError,
)
from vnsearch.extract import ExtractionError
from vnsearch.gui.i18n import translate

logger = logging.getLogger("vnsearch.gui")

Level = Literal["info", "warning", "error"]
_ICONS = {
    "info": QMessageBox.Icon.Information,
    "warning": QMessageBox.Icon.Warning,
    "error": QMessageBox.Icon.Critical,
}
_LOG_LEVELS = {"info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}
_log_file: Path | None = None


def set_log_file(path: Path) -> None:
    """Remember the log file so that error dialogs can name it."""
    global _log_file
    _log_file = path


def log_data_dir() -> Path | None:
    """Return the data folder whose logs folder contains the log file, once it is set."""
    return _log_file.parent.parent if _log_file is not None else None


def show_message(
    parent: QWidget | None,
    text: str,
    *,
    level: Level = "info",
    details: str = "",
    error: BaseException | None = None,
) -> QMessageBox:
    """Log ``text`` and show it in a window-modal box that does not block the caller.

    Args:
        parent: the window the box belongs to.
        text: what happened and what to do, already in the UI language.
        level: "info", "warning" or "error"; sets the icon and the log level.
        details: technical text shown under "Show details" and logged.
        error: an unexpected exception whose traceback goes to the log.
    """
    logger.log(
        _LOG_LEVELS[level],
        "%s%s",
        text.replace("\n", " "),
        f" | {details}" if details else "",
        exc_info=error,
    )
    box = QMessageBox(parent)
    box.setIcon(_ICONS[level])
    box.setWindowTitle("vnsearch")
    box.setText(text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def advice_for(error: BaseException) -> str | None:
    """Return what the user can do about ``error``, or None when it is our bug."""
    if isinstance(error, ModelError):
        return translate(
            "Messages",
            "The search model is missing or could not be loaded. An administrator can "
            "install it on the Models page.",
        )
    if isinstance(error, IndexMismatchError):
        return translate(
            "Messages",
            "The index was built with another model or other chunking settings. An "
            "administrator must index the folders again.",
        )
    if isinstance(error, IndexBusyError):
        return translate(
            "Messages",
            "Another indexing run or model switch is writing the index. Wait until it "
            "finishes, or cancel it, then try again.",
        )
    if isinstance(error, ConfigError):
        return translate(
            "Messages", "A value is not valid. Read the details, correct the value and try again."
        )
    if isinstance(error, ExtractionError):
        return translate(
            "Messages",
            "The file could not be read. It may be damaged, protected by a password or in "
            "an unsupported format; the details say which.",
        )
    if isinstance(error, PermissionError):
        return translate(
            "Messages",
            "Permission denied. Check that your Windows or Linux account may read and "
            "write this file or folder.",
        )
    if isinstance(error, FileNotFoundError):
        return translate(
            "Messages",
            "The file or folder was not found. It may have been moved or deleted; index "
            "its folder again to update the index.",
        )
    if isinstance(error, OSError):
        return translate(
            "Messages",
            "A file or folder could not be read or written. Check that it exists, that the "
            "disk is not full and that no other program locks it.",
        )
    if isinstance(error, VnsearchError):
        return translate("Messages", "Read the details, correct the problem and try again.")
    return None


def report_error(parent: QWidget | None, error: BaseException, what_failed: str) -> QMessageBox:
    """Show that ``what_failed`` (translated, e.g. "The search failed.") and why."""
    advice = advice_for(error)
    details = f"{type(error).__name__}: {error}"
    if advice is not None:
        return show_message(parent, f"{what_failed}\n\n{advice}", level="warning", details=details)
    where = (
        str(_log_file) if _log_file else translate("Messages", "the logs folder of the data folder")
    )
    text = translate(
        "Messages",
        "%1\n\nThis is an unexpected error in vnsearch. The details were written to the "
        "log file %2. Please send that file to your administrator.",
    )
    return show_message(
        parent,
        text.replace("%1", what_failed).replace("%2", where),
        level="error",
        details=details,
        error=error,
    )

"""Open a result's file or folder with the system's programs, or copy its path."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QWidget

from vnsearch.gui.i18n import translate
from vnsearch.gui.messages import show_message

logger = logging.getLogger("vnsearch.gui")


def open_file(parent: QWidget | None, path: str) -> bool:
    """Open ``path`` in its default application; shows an error and returns False if not."""
    return _open(parent, Path(path))


def open_folder(parent: QWidget | None, path: str) -> bool:
    """Open the folder that contains ``path`` in the file manager."""
    return _open(parent, Path(path).parent)


def copy_path(path: str) -> None:
    """Put ``path`` on the clipboard."""
    QGuiApplication.clipboard().setText(path)
    logger.debug("Copied %s to the clipboard", path)


def _open(parent: QWidget | None, target: Path) -> bool:
    if not target.exists():
        show_message(
            parent,
            translate(
                "FileActions",
                "%1 was not found. It may have been moved or deleted; ask an administrator "
                "to index its folder again.",
            ).replace("%1", str(target)),
            level="warning",
        )
        return False
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
        show_message(
            parent,
            translate(
                "FileActions",
                "No program could open %1. Install a program for this file type, or copy "
                "the path and open it yourself.",
            ).replace("%1", str(target)),
            level="warning",
        )
        return False
    return True

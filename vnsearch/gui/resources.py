"""Locate the files the desktop app ships with: translations and fonts.

The files live in ``resources/`` at the repository root; a frozen (PyInstaller) app
unpacks them under ``sys._MEIPASS/resources``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

logger = logging.getLogger("vnsearch.gui")

UI_FONT_FAMILY = "DejaVu Sans"
_FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


def resources_dir() -> Path:
    """Return the ``resources`` folder of the source tree or of the frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def i18n_dir() -> Path:
    """Return the folder with the compiled translation catalogs (``*.qm``)."""
    return resources_dir() / "i18n"


def install_ui_font(point_size: int = 10) -> QFont:
    """Return a UI font that covers Vietnamese, adding the bundled DejaVu Sans if needed.

    Must be called after the QApplication exists.
    """
    if UI_FONT_FAMILY not in QFontDatabase.families():
        for name in _FONT_FILES:
            path = resources_dir() / "fonts" / name
            if QFontDatabase.addApplicationFont(str(path)) < 0:
                logger.warning("Could not load the bundled font %s", path)
    font = QFont(UI_FONT_FAMILY, point_size)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font

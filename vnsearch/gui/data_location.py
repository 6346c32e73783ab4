"""Remember a data folder chosen in the settings, for the next start of the app.

The data folder holds the settings file itself, so its location is stored outside it,
in ``<user config dir>/vnsearch/data-folder.txt``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import platformdirs

logger = logging.getLogger("vnsearch.gui")

POINTER_FILE = "data-folder.txt"


def pointer_path() -> Path:
    """Return the file that stores the chosen data folder."""
    return Path(platformdirs.user_config_dir("vnsearch", appauthor=False)) / POINTER_FILE


def read_data_location() -> Path | None:
    """Return the data folder chosen in the settings, or None when none was chosen."""
    path = pointer_path()
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        logger.warning("Cannot read the data folder setting %s: %s", path, exc)
        return None
    return Path(text) if text else None


def save_data_location(folder: Path) -> None:
    """Store ``folder`` as the data folder to open at the next start."""
    path = pointer_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(str(Path(folder).absolute()) + "\n", encoding="utf-8")
    logger.info("Data folder for the next start set to %s", folder)

"""What every window shares: the data folder, the engine, app.db and the languages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vnsearch.accounts import APP_DB_NAME, UserStore
from vnsearch.config import save_settings
from vnsearch.engine import Engine
from vnsearch.feedback import FeedbackStore
from vnsearch.gui.i18n import LanguageSwitcher


@dataclass
class AppContext:
    """The open data folder.

    Attributes:
        data_dir: the data folder (index, models, settings, app.db, logs).
        engine: index and search of that folder.
        users: accounts in ``app.db``.
        feedback: relevance labels in ``app.db``.
        languages: the installed translators.
    """

    data_dir: Path
    engine: Engine
    users: UserStore
    feedback: FeedbackStore
    languages: LanguageSwitcher

    @classmethod
    def open(cls, data_dir: Path, engine: Engine | None = None) -> AppContext:
        """Open ``data_dir``; pass ``engine`` to reuse one (tests share a loaded model)."""
        engine = engine or Engine(data_dir)
        database = Path(data_dir) / APP_DB_NAME
        return cls(
            Path(data_dir), engine, UserStore(database), FeedbackStore(database), LanguageSwitcher()
        )

    def save_settings(self) -> None:
        """Write the engine's settings (language, device) to the data folder."""
        save_settings(self.data_dir, self.engine.settings)

"""The state every window shares: the data folder, the engine, app.db and the languages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vnsearch.accounts import APP_DB_NAME, UserStore
from vnsearch.config import save_settings
from vnsearch.engine import Engine
from vnsearch.errors import ModelError
from vnsearch.feedback import FeedbackStore
from vnsearch.gui.i18n import LanguageSwitcher
from vnsearch.gui.remote_embedder import RemoteEmbedder
from vnsearch.gui.remote_reranker import RemoteReranker
from vnsearch.models.registry import get_model
from vnsearch.search.rerank import CrossEncoderReranker


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
    query_encoder: RemoteEmbedder | None = None
    reranker_type: type[CrossEncoderReranker] = CrossEncoderReranker

    @classmethod
    def open(cls, data_dir: Path, engine: Engine | None = None) -> AppContext:
        """Open ``data_dir``.

        Without ``engine``, the engine encodes queries and re-ranks in child processes
        (see :mod:`remote_embedder` and :mod:`remote_reranker`); pass an engine to
        reuse a loaded model (tests).
        """
        database = Path(data_dir) / APP_DB_NAME
        reranker_type = CrossEncoderReranker if engine is not None else RemoteReranker
        context = cls(
            Path(data_dir),
            engine or Engine(data_dir, reranker_type=reranker_type),
            UserStore(database),
            FeedbackStore(database),
            LanguageSwitcher(),
            reranker_type=reranker_type,
        )
        if engine is None:
            context.attach_query_encoder()
        return context

    def attach_query_encoder(self) -> bool:
        """Give the engine a query encoder process once the index's model is installed.

        Returns False while the model is not installed (a new data folder: the first
        import installs it). Safe to call again; it does nothing once attached.
        """
        if self.query_encoder is not None:
            return True
        engine = self.engine
        try:
            info = get_model(self.data_dir, engine.model_name)
        except ModelError:
            return False
        encoder = getattr(engine.settings, "encoder", "torch")
        self.query_encoder = RemoteEmbedder(info.path, info.name, engine.settings.device, encoder)
        engine.ranking.close()
        self.engine = Engine(
            self.data_dir,
            engine.settings,
            embedder=self.query_encoder,
            reranker_type=self.reranker_type,
        )
        return True

    def reload_engine(self) -> None:
        """Reopen the engine after another process switched the index's model.

        The engine's query encoder still has the old model loaded, and a search with it
        on the new vectors would fail. A running query encoder process is replaced by one
        for the new model. Without one (an engine given to :meth:`open`), the new
        engine loads installed models by name.
        """
        had_encoder = self.query_encoder is not None
        self.close()
        self.query_encoder = None
        self.engine = Engine(self.data_dir, self.engine.settings, reranker_type=self.reranker_type)
        if had_encoder:
            self.attach_query_encoder()

    def close(self) -> None:
        """Stop the query encoder and re-ranker processes."""
        if self.query_encoder is not None:
            self.query_encoder.close()
        self.engine.ranking.close()

    def save_settings(self) -> None:
        """Write the engine's settings (language, device) to the data folder."""
        save_settings(self.data_dir, self.engine.settings)

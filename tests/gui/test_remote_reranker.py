"""Re-ranking in a child process matches the in-process cross-encoder."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from tests.engine.tiny_models import tiny_cross_encoder
from vnsearch.config import Settings
from vnsearch.engine import Engine
from vnsearch.errors import ModelError
from vnsearch.gui.remote_reranker import PROCESS_NAME, RemoteReranker
from vnsearch.models.registry import import_model
from vnsearch.search.rerank import CrossEncoderReranker

QUERY = "kivo"
PASSAGES = ["kivo kivo brem", "alfa lumo eslo", "hesa ilmo jato"]


def _children() -> set[str]:
    return {p.name for p in multiprocessing.active_children()}


def test_remote_reranker_matches_local_model() -> None:
    folder = tiny_cross_encoder()
    local = CrossEncoderReranker(folder, "tiny", "cpu", encoder="torch")
    remote = RemoteReranker(folder, "tiny", "cpu", encoder="torch")
    try:
        scores = remote.score(QUERY, PASSAGES)

        assert scores == pytest.approx(local.score(QUERY, PASSAGES), abs=1e-4)
        assert remote.active_encoder == "torch"
        assert PROCESS_NAME in _children()
    finally:
        remote.close()

    assert PROCESS_NAME not in _children()


def test_remote_reranker_reports_load_failure(tmp_path: Path) -> None:
    folder = tmp_path / "broken-reranker"
    folder.mkdir()
    (folder / "config.json").write_text("{not json", "utf-8")
    remote = RemoteReranker(folder, "broken", "cpu", encoder="torch")
    try:
        with pytest.raises(ModelError, match="broken-reranker"):
            remote.score(QUERY, PASSAGES)
    finally:
        remote.close()

    assert PROCESS_NAME not in _children()


def test_engine_reranks_in_child_and_closes_it(tmp_path: Path, default_embedder) -> None:
    data_dir = tmp_path / "data"
    import_model(data_dir, tiny_cross_encoder(), kind="reranker", name="tiny")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "literal.txt").write_text("Tài liệu một\n\nkivo kivo brem cotu dami", "utf-8")
    (docs / "answer.txt").write_text("Tài liệu hai\n\nalfa lumo eslo fanu gori", "utf-8")
    engine = Engine(
        data_dir,
        Settings(device="cpu", encoder="torch", rerank_weight=1.0),
        embedder=default_embedder,
        reranker_type=RemoteReranker,
    )
    engine.index([docs])
    try:
        response = engine.search(QUERY, access_level=0)

        assert response.stages == ["rerank", "feedback"]
        assert Path(response.hits[0].path).name == "answer.txt"
        assert PROCESS_NAME in _children()
    finally:
        engine.ranking.close()

    assert PROCESS_NAME not in _children()


def test_search_page_shows_results_before_reranking(qtbot, tiny_context, monkeypatch):
    from tests.gui.conftest import user_named
    from tests.gui.helpers import SEARCH_TIMEOUT_MS, open_main_window
    from tests.gui.tiny_index import question
    from vnsearch.gui.search_page import SearchPage

    import_model(tiny_context.data_dir, tiny_cross_encoder(), kind="reranker", name="tiny")
    window = open_main_window(qtbot, tiny_context, user_named(tiny_context, "admin"))
    page = window.search_page
    shown: list[tuple[bool, list[str], str]] = []
    original = SearchPage._show_response

    def record(self, response, final=True):
        original(self, response, final)
        shown.append((final, list(response.stages), self.summary_label.text()))

    monkeypatch.setattr(SearchPage, "_show_response", record)

    with qtbot.waitSignal(page.results_shown, timeout=SEARCH_TIMEOUT_MS):
        page.search(question(0))

    assert [(final, stages) for final, stages, _ in shown] == [
        (False, ["feedback"]),
        (True, ["rerank", "feedback"]),
    ]
    assert shown[0][2].endswith("Re-ranking the results…")
    assert "Re-ranking" not in shown[1][2]
    assert page.response is not None and page.response.reranker_id == "tiny"

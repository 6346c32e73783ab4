"""The models page: installed models, re-ranking status, reports, comparison, rollback."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from tests.conftest import MODEL_CACHE
from tests.engine.tiny_models import tiny_cross_encoder, tiny_embedding_model
from tests.gui.conftest import user_named
from tests.gui.tiny_index import TINY, TOPICS, question
from vnsearch.evaluation.report import HTML_NAME, JSON_NAME
from vnsearch.gui.models_page import NAME, ModelsPage
from vnsearch.models.registry import import_model

LOAD_TIMEOUT_MS = 60_000
RUN_TIMEOUT_MS = 300_000
RERANKER = "tiny-reranker"
SECOND = "tiny-48-b"


def open_page(qtbot, context, user_name: str = "admin") -> ModelsPage:
    page = ModelsPage(context, user_named(context, user_name))
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.models_loaded, timeout=LOAD_TIMEOUT_MS):
        page.refresh()
    return page


def write_question_set(folder: Path) -> Path:
    """Write a BEIR folder: one passage per topic and its question in the dev split."""
    (folder / "dev").mkdir(parents=True)
    with open(folder / "corpus.jsonl", "w", encoding="utf-8") as corpus:
        for index, topic in enumerate(TOPICS):
            text = f"Mọi nhân viên thực hiện {topic} theo hướng dẫn của phòng phụ trách."
            row = {"_id": f"d{index}", "title": f"Quy định về {topic}", "text": text}
            corpus.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(folder / "dev" / "queries.jsonl", "w", encoding="utf-8") as queries:
        for index in range(len(TOPICS)):
            queries.write(json.dumps({"_id": f"q{index}", "text": question(index)}) + "\n")
    rows = "".join(f"q{index}\td{index}\t1\n" for index in range(len(TOPICS)))
    (folder / "dev" / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\n" + rows, "utf-8")
    return folder


def test_models_page_marks_active_model(qtbot, context_factory):
    context = context_factory(indexed=False)
    shutil.copytree(MODEL_CACHE / "models", context.data_dir / "models")

    page = open_page(qtbot, context)

    rows = page.rows()
    assert [row.info.name for row in rows] == ["multilingual-e5-small"]
    assert rows[0].info.dimension == 384
    assert rows[0].size_bytes > 10_000_000
    assert page.table.item(0, NAME).text() == "multilingual-e5-small  ✓ in use"
    assert page.active_label.text() == "Model used by the index: multilingual-e5-small"


def test_models_page_import_failure_is_reported(qtbot, context_factory, tmp_path):
    context = context_factory(indexed=False)
    page = ModelsPage(context, user_named(context, "admin"))
    qtbot.addWidget(page)
    page.show()
    not_a_model = tmp_path / "empty-folder"
    not_a_model.mkdir()

    page.import_folder(not_a_model)
    qtbot.waitUntil(lambda: page.install_button.isEnabled(), timeout=60_000)

    assert page.status_label.text() == "The model folder could not be imported."


def test_models_page_reranking_off_without_reranker(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context)

    text = page.rerank_label.text()
    assert text.startswith("Re-ranking: off. No re-ranker model is installed.")
    assert "vnsearch models import --kind reranker PATH" in text
    assert "Import re-ranker folder…" in text
    assert page.import_reranker_button.text() == "Import re-ranker folder…"
    assert page.reranking().active is None


def test_models_page_reranking_on_after_import(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context)

    page.import_folder(tiny_cross_encoder(), kind="reranker")
    qtbot.waitUntil(lambda: any(r.info.kind == "reranker" for r in page.rows()), timeout=120_000)

    name = tiny_cross_encoder().name
    assert page.reranking().active == name
    assert page.rerank_label.text().startswith(f"Re-ranking: on, with {name}.")
    assert "best 30 passages" in page.rerank_label.text()
    assert page.status_label.text() == f"Model {name} is installed."


def test_models_page_reranking_off_in_settings(qtbot, tiny_context):
    import_model(tiny_context.data_dir, tiny_cross_encoder(), kind="reranker", name=RERANKER)
    tiny_context.engine.settings.search_stages = ["feedback"]

    page = open_page(qtbot, tiny_context)

    assert page.reranking().disabled_by_settings == RERANKER
    assert page.rerank_label.text() == (
        f"Re-ranking: off. {RERANKER} is installed, but the search stages setting leaves "
        "re-ranking out."
    )
    tiny_context.engine.settings.search_stages = ["rerank", "feedback"]
    tiny_context.engine.settings.reranker = "missing-reranker"
    page.retranslate_ui()
    assert page.rerank_label.text().startswith(
        "Re-ranking: off. The re-ranker missing-reranker named in the settings is not installed."
    )


def test_models_page_compare_writes_report(qtbot, tiny_context, tmp_path, opened_urls):
    import_model(tiny_context.data_dir, tiny_embedding_model(), name=SECOND)
    old = tiny_context.data_dir / "reports" / "20200101-000000" / HTML_NAME
    old.parent.mkdir(parents=True)
    old.write_text("<html>old</html>", "utf-8")
    os.utime(old, (1_577_836_800, 1_577_836_800))
    page = open_page(qtbot, tiny_context)
    assert page.latest_report_path == old
    assert page.report_button.isEnabled()

    dialog = page.open_compare_dialog()
    assert dialog is not None
    assert dialog.chosen_models() == [TINY]
    assert not dialog.mode_boxes["hybrid+rerank"].isEnabled()
    assert dialog.problem() == "Choose a question set folder."
    dialog.set_question_set(tmp_path / "not-a-question-set")
    assert dialog.problem().endswith(
        "is not a question set. Choose a folder with documents and "
        "questions.jsonl, or a BEIR folder with corpus.jsonl and a "
        "split such as dev/."
    )
    assert not dialog.run_button.isEnabled()
    dialog.set_question_set(write_question_set(tmp_path / "questions"))
    assert dialog.split_combo.currentText() == "dev"
    dialog.set_models([TINY, SECOND])
    dialog.set_modes(["dense", "fts"])
    assert dialog.run_button.isEnabled()

    with qtbot.waitSignal(dialog.report_written, timeout=RUN_TIMEOUT_MS):
        assert dialog.start()

    html = dialog.report_path
    assert html is not None
    assert html.parent.parent == tiny_context.data_dir / "reports"
    assert html.is_file()
    data = json.loads((html.parent / JSON_NAME).read_text("utf-8"))
    assert [model["name"] for model in data["models"]] == [TINY, SECOND]
    assert data["modes"] == ["dense", "fts"]
    assert data["queries"] == len(TOPICS)
    assert [run["model_id"] for run in data["runs"]] == [TINY, SECOND]
    assert set(data["runs"][0]["results"]) == {"dense", "fts"}
    text = html.read_text("utf-8")
    assert TINY in text
    assert SECOND in text
    assert opened_urls == [str(html)]
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()
    assert dialog.status_label.text() == f"Report written to {html}."

    qtbot.waitUntil(lambda: page.latest_report_path == html, timeout=LOAD_TIMEOUT_MS)
    page.report_button.click()
    assert opened_urls == [str(html), str(html)]


def test_models_page_admin_actions_hidden_for_users(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context, "nhanvien")

    for button in (page.finetune_button, page.compare_button, page.rollback_button):
        assert button.isHidden()
    assert page.open_finetune_wizard() is None
    assert page.open_compare_dialog() is None
    assert not page.roll_back()


def test_models_page_opens_finetune_wizard(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context)

    page.finetune_button.click()

    assert page.wizard is not None
    assert page.wizard.isVisible()
    assert page.wizard.state.max_level == 3
    page.wizard.close()


def test_models_page_rolls_back(qtbot, tiny_context):
    import_model(tiny_context.data_dir, tiny_embedding_model(), name=SECOND)
    tiny_context.engine.activate_model(SECOND)
    tiny_context.reload_engine()
    page = open_page(qtbot, tiny_context)
    assert page.active_label.text() == f"Model used by the index: {SECOND}"
    assert page.rollback_button.isEnabled()

    assert page.roll_back()
    qtbot.waitUntil(lambda: page.status_label.text().startswith("Rolled back"), timeout=120_000)

    assert page.status_label.text() == f"Rolled back: the index uses {TINY} again."
    assert tiny_context.engine.model_name == TINY
    meta = tiny_context.engine.store.meta
    assert meta.previous is not None
    assert meta.previous.model_id == SECOND
    response = tiny_context.engine.search(question(0), access_level=3)
    assert response.model_id == TINY
    assert response.hits


def test_search_page_reopens_index_switched_by_another_process(qtbot, tiny_context, monkeypatch):
    from tests.gui.helpers import open_main_window, search
    from vnsearch.engine import Engine
    from vnsearch.gui import search_page

    # The app's engine encodes queries with a fixed model, like its query process does.
    fixed = Engine(tiny_context.data_dir).embedder()
    tiny_context.engine = Engine(tiny_context.data_dir, embedder=fixed)
    import_model(tiny_context.data_dir, tiny_embedding_model(), name=SECOND)
    window = open_main_window(qtbot, tiny_context, user_named(tiny_context, "admin"))
    errors: list[BaseException] = []
    monkeypatch.setattr(search_page, "report_error", lambda _p, error, _w: errors.append(error))

    Engine(tiny_context.data_dir).activate_model(SECOND)  # as another process would
    hits = search(qtbot, window, question(0))

    assert errors == []
    assert hits
    assert window.search_page._response.model_id == SECOND
    assert tiny_context.engine.model_name == SECOND

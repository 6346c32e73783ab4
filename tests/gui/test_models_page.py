"""The models page lists installed models and marks the one the index uses."""

from __future__ import annotations

import shutil

from tests.conftest import MODEL_CACHE
from vnsearch.gui.models_page import NAME, ModelsPage


def test_models_page_marks_active_model(qtbot, context_factory):
    context = context_factory(indexed=False)
    shutil.copytree(MODEL_CACHE / "models", context.data_dir / "models")
    page = ModelsPage(context)
    qtbot.addWidget(page)

    with qtbot.waitSignal(page.models_loaded, timeout=60_000):
        page.refresh()

    rows = page.rows()
    assert [row.info.name for row in rows] == ["multilingual-e5-small"]
    assert rows[0].info.dimension == 384
    assert rows[0].size_bytes > 10_000_000
    assert page.table.item(0, NAME).text() == "multilingual-e5-small  ✓ in use"
    assert page.active_label.text() == "Model used by the index: multilingual-e5-small"


def test_models_page_import_failure_is_reported(qtbot, context_factory, tmp_path):
    context = context_factory(indexed=False)
    page = ModelsPage(context)
    qtbot.addWidget(page)
    page.show()
    not_a_model = tmp_path / "empty-folder"
    not_a_model.mkdir()

    page.import_folder(not_a_model)
    qtbot.waitUntil(lambda: page.install_button.isEnabled(), timeout=60_000)

    assert page.status_label.text() == "The model folder could not be imported."

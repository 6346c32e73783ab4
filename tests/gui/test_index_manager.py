"""The index manager: listing, metadata edits without re-embedding, removal, re-index."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.gui.conftest import user_named
from vnsearch.gui.index_manager import IndexManagerPage, source_defaults
from vnsearch.gui.metadata_dialog import MetadataDialog

TIMEOUT_MS = 300_000
POLICY = "chinh-sach-nghi-phep-nam.pdf"


@pytest.fixture
def context(context_factory, indexed_samples):
    return context_factory(template=indexed_samples[1])


@pytest.fixture
def page(qtbot, context):
    manager = IndexManagerPage(context, user_named(context, "admin"))
    qtbot.addWidget(manager)
    manager.show()
    with qtbot.waitSignal(manager.listing_loaded, timeout=TIMEOUT_MS):
        manager.refresh()
    return manager


def _chunks(context, doc_id: str) -> dict[str, tuple[int, np.ndarray]]:
    rows = (
        context.engine.store.chunks.search()
        .where(f"doc_id = '{doc_id}'")
        .select(["chunk_id", "access_level", "vector"])
        .limit(None)
        .to_list()
    )
    return {r["chunk_id"]: (r["access_level"], np.asarray(r["vector"])) for r in rows}


def test_index_manager_lists_folders_and_documents(page, indexed_samples):
    documents = page.documents()

    assert len(documents) == 24
    assert page.model.rowCount() == 24
    assert [page.source_list.item(i).text() for i in range(page.source_list.count())] == [
        str(indexed_samples[0])
    ]
    assert page.count_label.text() == "24 of 24 documents"


def test_index_manager_filter_narrows_table(page):
    page.filter_edit.setText("nghi-phep")

    assert page.proxy.rowCount() == 1
    assert page.count_label.text() == "1 of 24 documents"


def test_index_manager_metadata_edit_keeps_vectors(qtbot, page, context):
    row = next(r for r in page.documents() if Path(r["path"]).name == POLICY)
    assert row["access_level"] == 0
    before = _chunks(context, row["doc_id"])
    assert before and {level for level, _ in before.values()} == {0}
    page.select_paths([row["path"]])
    assert [r["doc_id"] for r in page.selected_rows()] == [row["doc_id"]]
    dialog = MetadataDialog(page.selected_rows(), 3)
    qtbot.addWidget(dialog)
    dialog.level_check.setChecked(True)
    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData(2))
    assert dialog.values() == {"access_level": 2}

    with qtbot.waitSignal(page.listing_loaded, timeout=TIMEOUT_MS):
        page.update_metadata([row["doc_id"]], dialog.values())

    after = _chunks(context, row["doc_id"])
    assert set(after) == set(before)
    for chunk_id, (level, vector) in after.items():
        assert level == 2
        np.testing.assert_array_equal(vector, before[chunk_id][1])
    edited = next(r for r in page.documents() if r["doc_id"] == row["doc_id"])
    assert edited["access_level"] == 2
    assert edited["indexed_at"] == row["indexed_at"]
    hits = context.engine.search("Phép năm chưa dùng hết", access_level=1).hits
    assert POLICY not in {Path(h.path).name for h in hits}


def test_index_manager_edit_tags_and_department(qtbot, page, context):
    row = next(r for r in page.documents() if Path(r["path"]).name == POLICY)

    with qtbot.waitSignal(page.listing_loaded, timeout=TIMEOUT_MS):
        page.update_metadata([row["doc_id"]], {"department": "Phúc lợi", "tags": ["nghỉ lễ"]})

    edited = next(r for r in page.documents() if r["doc_id"] == row["doc_id"])
    assert edited["department"] == "Phúc lợi"
    assert edited["tags"] == ["nghỉ lễ"]


def test_index_manager_rejects_level_above_own(page):
    with pytest.raises(ValueError):
        IndexManagerPage.update_metadata(page, ["x"], {"access_level": 4})


def test_index_manager_remove_documents(qtbot, page, context):
    row = next(r for r in page.documents() if Path(r["path"]).name == POLICY)

    with qtbot.waitSignal(page.listing_loaded, timeout=TIMEOUT_MS):
        page.remove_documents([row["doc_id"]])

    assert len(page.documents()) == 23
    assert context.engine.store.chunk_count(f"doc_id = '{row['doc_id']}'") == 0


def test_index_manager_reindex_uses_source_defaults(qtbot, page, context, indexed_samples):
    root = str(indexed_samples[0])
    assert source_defaults(context.engine, root).access_level == 0
    page.source_list.setCurrentRow(0)
    assert page.reindex_button.isEnabled()

    with qtbot.waitSignal(page.listing_loaded, timeout=TIMEOUT_MS):
        page.reindex_button.click()

    assert not page.is_indexing()
    assert page.progress_label.text().startswith("New: 0 · Updated: 0 · Removed: 0")


def test_metadata_dialog_offers_levels_up_to_own(qtbot):
    row = {"access_level": 1, "department": "Nhân sự", "doc_type": "policy", "tags": ["a"]}
    dialog = MetadataDialog([row], 1)
    qtbot.addWidget(dialog)

    levels = [dialog.level_combo.itemData(i) for i in range(dialog.level_combo.count())]

    assert levels == [0, 1]
    assert dialog.values() == {}

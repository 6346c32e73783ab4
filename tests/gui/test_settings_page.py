"""The settings page: device choice, search ranking and the data folder for the next start."""

from __future__ import annotations

import pytest

from tests.engine.tiny_models import tiny_cross_encoder
from tests.gui.conftest import user_named
from tests.gui.tiny_index import question
from vnsearch.config import load_settings
from vnsearch.gui import data_location
from vnsearch.gui.settings_page import SettingsPage
from vnsearch.models.registry import import_model


def test_settings_page_saves_device(qtbot, context_factory):
    context = context_factory(indexed=False)
    page = SettingsPage(context, user_named(context, "admin"))
    qtbot.addWidget(page)
    page.check_cuda()
    qtbot.waitUntil(lambda: page._cuda is not None, timeout=120_000)

    page.set_device("cpu")

    assert load_settings(context.data_dir).device == "cpu"
    assert "after vnsearch restarts" in page.device_note.text()
    devices = [page.device_combo.itemData(i) for i in range(page.device_combo.count())]
    assert devices[:2] == ["auto", "cpu"]


def test_settings_page_data_folder_for_next_start(qtbot, context_factory, tmp_path, monkeypatch):
    monkeypatch.setattr(data_location, "pointer_path", lambda: tmp_path / "pointer.txt")
    context = context_factory(indexed=False)
    page = SettingsPage(context, user_named(context, "admin"))
    qtbot.addWidget(page)

    page.set_data_folder(tmp_path / "new-data")

    assert data_location.read_data_location() == tmp_path / "new-data"
    assert str(tmp_path / "new-data") in page.folder_note.text()
    assert page.data_dir_edit.text() == str(context.data_dir)


def test_settings_page_user_cannot_change_device(qtbot, context_factory):
    context = context_factory(indexed=False)
    page = SettingsPage(context, user_named(context, "nhanvien"))
    qtbot.addWidget(page)

    assert not page.device_combo.isEnabled()
    assert not page.change_folder_button.isEnabled()
    assert page.language_combo.isEnabled()


def open_page(qtbot, context, user_name: str = "admin") -> SettingsPage:
    """Return a settings page of ``context`` for the user called ``user_name``."""
    page = SettingsPage(context, user_named(context, user_name))
    qtbot.addWidget(page)
    return page


def test_ranking_defaults_shown(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context)

    assert page.rerank_check.isChecked()
    assert page.feedback_check.isChecked()
    assert page.rerank_candidates_spin.value() == 30
    assert page.rerank_weight_spin.value() == 0.5
    assert page.feedback_cap_spin.value() == 0.5
    assert page.stage_order_combo.currentData() == "rerank"
    assert page.rerank_note.text() == "No re-ranker is installed. Import one on the Models page."


def test_ranking_rerank_off_saved(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context)

    page.set_reranking(False)

    assert load_settings(tiny_context.data_dir).search_stages == ["feedback"]
    assert tiny_context.engine.settings.search_stages == ["feedback"]
    assert not page.rerank_check.isChecked()
    assert not page.rerank_candidates_spin.isEnabled()
    assert not page.rerank_weight_spin.isEnabled()
    assert not page.stage_order_combo.isEnabled()


def test_ranking_rerank_on_enables_weight(qtbot, tiny_context):
    tiny_context.engine.settings.search_stages = ["feedback"]
    page = open_page(qtbot, tiny_context)
    assert not page.rerank_weight_spin.isEnabled()

    page.rerank_check.click()

    assert page.rerank_weight_spin.isEnabled()


def test_ranking_checkbox_click_saves(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context)

    page.feedback_check.click()

    assert load_settings(tiny_context.data_dir).search_stages == ["rerank"]
    assert not page.feedback_cap_spin.isEnabled()


def test_ranking_order_feedback_first(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context)

    page.set_stage_order("feedback")

    assert load_settings(tiny_context.data_dir).search_stages == ["feedback", "rerank"]
    assert page.stage_order_combo.currentData() == "feedback"


def test_ranking_order_kept_while_stage_off(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context)
    page.set_stage_order("feedback")

    page.set_reranking(False)
    assert load_settings(tiny_context.data_dir).search_stages == ["feedback"]
    page.set_reranking(True)

    assert load_settings(tiny_context.data_dir).search_stages == ["feedback", "rerank"]


def test_ranking_order_loaded_from_settings(qtbot, tiny_context):
    tiny_context.engine.settings.search_stages = ["feedback", "rerank"]

    page = open_page(qtbot, tiny_context)

    assert page.stage_order_combo.currentData() == "feedback"


def test_ranking_order_rejects_unknown_stage(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context)

    with pytest.raises(ValueError, match="fusion"):
        page.set_stage_order("fusion")
    assert load_settings(tiny_context.data_dir).search_stages == ["rerank", "feedback"]


def test_ranking_candidates_and_cap_saved(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context)

    page.set_rerank_candidates(12)
    page.set_feedback_cap(1.2)

    saved = load_settings(tiny_context.data_dir)
    assert saved.rerank_candidates == 12
    assert saved.feedback_cap == 1.2
    assert page.rerank_candidates_spin.value() == 12
    assert page.feedback_cap_spin.value() == 1.2


def test_ranking_spin_box_edit_saves(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context)

    page.rerank_candidates_spin.setValue(45)
    page.feedback_cap_spin.setValue(0.8)

    saved = load_settings(tiny_context.data_dir)
    assert saved.rerank_candidates == 45
    assert saved.feedback_cap == 0.8


def test_ranking_weight_shown_from_settings(qtbot, tiny_context):
    tiny_context.engine.settings.rerank_weight = 0.35

    page = open_page(qtbot, tiny_context)

    assert page.rerank_weight_spin.value() == 0.35
    assert page.rerank_weight_spin.isEnabled()


def test_ranking_weight_saved(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context)

    page.set_rerank_weight(0.8)

    assert load_settings(tiny_context.data_dir).rerank_weight == 0.8
    assert tiny_context.engine.settings.rerank_weight == 0.8
    assert page.rerank_weight_spin.value() == 0.8


def test_ranking_weight_edit_saves(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context)

    page.rerank_weight_spin.setValue(1.0)

    assert load_settings(tiny_context.data_dir).rerank_weight == 1.0


def test_ranking_large_saved_values_kept(qtbot, tiny_context):
    tiny_context.engine.settings.rerank_candidates = 500
    tiny_context.engine.settings.feedback_cap = 4.0

    page = open_page(qtbot, tiny_context)

    assert page.rerank_candidates_spin.value() == 500
    assert page.feedback_cap_spin.value() == 4.0


def test_ranking_fine_saved_cap_shown(qtbot, tiny_context):
    tiny_context.engine.settings.feedback_cap = 0.25

    page = open_page(qtbot, tiny_context)

    assert page.feedback_cap_spin.value() == 0.25
    assert tiny_context.engine.settings.feedback_cap == 0.25


def test_ranking_user_sees_disabled_controls(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context, "nhanvien")

    assert page.rerank_check.isChecked()
    assert not page.rerank_check.isEnabled()
    assert not page.rerank_candidates_spin.isEnabled()
    assert not page.rerank_weight_spin.isEnabled()
    assert not page.feedback_check.isEnabled()
    assert not page.feedback_cap_spin.isEnabled()
    assert not page.stage_order_combo.isEnabled()
    assert page.rerank_note.text()


def test_ranking_feedback_off_next_search(qtbot, tiny_context):
    page = open_page(qtbot, tiny_context)
    before = tiny_context.engine.search(question(0), access_level=3)
    assert "feedback" in before.stages

    page.set_feedback(False)

    after = tiny_context.engine.search(question(0), access_level=3)
    assert "feedback" not in after.stages
    assert after.hits


def test_ranking_note_names_installed_reranker(qtbot, tiny_context):
    import_model(tiny_context.data_dir, tiny_cross_encoder(), kind="reranker", name="cross-tiny")
    page = open_page(qtbot, tiny_context)

    assert page.rerank_note.text() == "Searches re-rank with cross-tiny."
    page.set_reranking(False)

    assert page.rerank_note.text().startswith("cross-tiny is installed.")


def test_ranking_box_in_vietnamese(qtbot, qapp, tiny_context):
    page = open_page(qtbot, tiny_context)

    tiny_context.languages.apply("vi")
    qapp.processEvents()

    assert page._ranking_box.title() == "Xếp hạng kết quả tìm kiếm"
    assert page.stage_order_combo.itemText(1) == "Phản hồi trước, rồi xếp hạng lại"
    assert page._rerank_weight_label.text() == "Trọng số mô hình xếp hạng lại:"

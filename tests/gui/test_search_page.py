"""The search page on the indexed samples: filters, results, previews, keyboard, feedback."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.gui.conftest import user_named
from tests.gui.helpers import SEARCH_TIMEOUT_MS, file_names, open_main_window, search
from vnsearch.gui.result_card import NOT_RELEVANT, RELEVANT

LEAVE_QUESTION = "Phép năm chưa dùng hết có được chuyển sang năm sau không?"


@pytest.fixture
def window(qtbot, context_factory, indexed_samples):
    context = context_factory(template=indexed_samples[1])
    return open_main_window(qtbot, context, user_named(context, "admin"))


def test_search_page_finds_leave_policy_first(qtbot, window):
    hits = search(qtbot, window, LEAVE_QUESTION)

    assert file_names(hits)[0] == "chinh-sach-nghi-phep-nam.pdf"
    assert window.search_page.summary_label.text().startswith(f"{len(hits)} results")


def test_search_page_department_filter(qtbot, window):
    page = window.search_page
    departments = [page.filter_bar.department_combo.itemText(i) for i in range(1, 6)]
    assert departments == ["An ninh", "Công nghệ thông tin", "Hành chính", "Nhân sự", "Tài chính"]
    search(qtbot, window, "quy trình")

    with qtbot.waitSignal(page.results_shown, timeout=SEARCH_TIMEOUT_MS):
        page.filter_bar.select_department("Tài chính")
    hits = page.results.hits()

    assert hits
    assert {hit.department for hit in hits} == {"Tài chính"}
    assert "quy-trinh-thanh-toan-chi-phi.pdf" in file_names(hits)


def test_search_page_type_filter(qtbot, window):
    page = window.search_page
    page.filter_bar.select_doc_type("policy")

    hits = search(qtbot, window, "quy định")

    assert hits
    assert {hit.doc_type for hit in hits} == {"policy"}


def test_search_page_clear_filters(qtbot, window):
    page = window.search_page
    page.filter_bar.select_doc_type("report")
    assert page.filter_bar.filters() is not None

    page.filter_bar.clear_button.click()

    assert page.filter_bar.filters() is None


def test_search_page_pdf_preview_at_hit_page(qtbot, window):
    hits = search(qtbot, window, LEAVE_QUESTION)
    preview = window.search_page.preview
    assert hits[0].page_start == 2

    qtbot.waitUntil(lambda: preview.pdf_view.page_count > 0, timeout=SEARCH_TIMEOUT_MS)

    assert preview.mode == "pdf"
    assert preview.hit == hits[0]
    assert preview.pdf_view.current_page == 2
    assert preview.pdf_view.page_count == 4
    assert preview.pdf_view.page_label.text() == "Page 2 of 4"
    pixmap = preview.pdf_view.image_label.pixmap()
    assert pixmap is not None and not pixmap.isNull()
    assert "chuyển sang năm kế tiếp" in preview.pdf_view.passage.toPlainText()


def test_search_page_pdf_preview_next_page(qtbot, window):
    search(qtbot, window, LEAVE_QUESTION)
    pdf_view = window.search_page.preview.pdf_view
    qtbot.waitUntil(lambda: pdf_view.page_count > 0, timeout=SEARCH_TIMEOUT_MS)

    with qtbot.waitSignal(pdf_view.page_shown, timeout=SEARCH_TIMEOUT_MS) as shown:
        pdf_view.next_button.click()

    assert shown.args == [3]
    assert pdf_view.current_page == 3


def test_search_page_text_preview_scrolls_to_chunk(qtbot, window):
    hits = search(qtbot, window, "mật khẩu phải dài tối thiểu bao nhiêu ký tự")
    preview = window.search_page.preview
    assert file_names(hits)[0] == "chinh-sach-mat-khau.docx"

    qtbot.waitUntil(lambda: preview.mode == "text", timeout=SEARCH_TIMEOUT_MS)

    shown = preview.text_view.preview
    assert shown is not None
    assert shown.chunk_start >= 0
    assert shown.word_spans
    chunk = shown.text[shown.chunk_start : shown.chunk_end]
    assert chunk.split("\n")[0][:30] in hits[0].text
    assert preview.text_view.extraSelections()


def test_search_page_arrow_keys_move_selection(qtbot, window):
    hits = search(qtbot, window, "hướng dẫn")
    page = window.search_page
    assert len(hits) >= 3
    page.focus_search()

    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)
    assert page.results.currentRow() == 2
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Up)

    assert page.results.currentRow() == 1
    assert page.preview.hit == hits[1]


def test_search_page_copy_path_shortcut(qtbot, window):
    hits = search(qtbot, window, LEAVE_QUESTION)
    page = window.search_page
    page.results.setFocus()

    qtbot.keyClick(page.results, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    assert QGuiApplication.clipboard().text() == hits[0].path


def test_search_page_debounce_searches_after_typing(qtbot, window):
    page = window.search_page
    page.focus_search()

    with qtbot.waitSignal(page.results_shown, timeout=SEARCH_TIMEOUT_MS):
        qtbot.keyClicks(page.search_edit, "VPN")

    assert "huong-dan-cai-dat-vpn.pdf" in file_names(page.results.hits())


def test_search_page_feedback_record_and_undo(qtbot, window):
    hits = search(qtbot, window, LEAVE_QUESTION)
    context, user = window.context, window.user
    card = window.search_page.results.card(0)

    card.relevant_button.click()

    labels = context.feedback.labels_for(LEAVE_QUESTION, user)
    assert [label for _id, label in labels.values()] == [RELEVANT]
    assert hits[0].chunk_id in labels
    assert card.relevant_button.isChecked()
    assert not card.not_relevant_button.isChecked()

    card.relevant_button.click()

    assert context.feedback.labels_for(LEAVE_QUESTION, user) == {}
    assert not card.relevant_button.isChecked()


def test_search_page_feedback_switch_label(qtbot, window):
    search(qtbot, window, LEAVE_QUESTION)
    context, user = window.context, window.user
    card = window.search_page.results.card(1)

    card.relevant_button.click()
    card.not_relevant_button.click()

    labels = context.feedback.labels_for(LEAVE_QUESTION, user)
    assert [label for _id, label in labels.values()] == [NOT_RELEVANT]
    assert card.not_relevant_button.isChecked()
    assert not card.relevant_button.isChecked()


def test_search_page_feedback_keyboard_shortcuts(qtbot, window):
    search(qtbot, window, LEAVE_QUESTION)
    page = window.search_page
    page.results.setFocus()

    qtbot.keyClick(page.results, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)

    assert page.results.card(0).feedback == NOT_RELEVANT
    labels = window.context.feedback.labels_for(LEAVE_QUESTION, window.user)
    assert [label for _id, label in labels.values()] == [NOT_RELEVANT]


def test_search_page_feedback_state_shown_again(qtbot, window):
    search(qtbot, window, LEAVE_QUESTION)
    window.search_page.results.card(0).relevant_button.click()
    search(qtbot, window, "VPN")

    search(qtbot, window, LEAVE_QUESTION)

    assert window.search_page.results.card(0).feedback == RELEVANT


def test_empty_index_leads_admin_to_wizard(qtbot, context_factory):
    context = context_factory(indexed=False)
    window = open_main_window(qtbot, context, user_named(context, "admin"))
    page = window.search_page

    assert page.stack.currentWidget() is page.empty_view
    assert page.empty_view.import_button.isVisibleTo(page.empty_view)

    page.empty_view.import_button.click()

    assert window.wizard is not None and window.wizard.isVisible()
    window.wizard.close()


def test_empty_index_tells_user_to_ask_admin(qtbot, context_factory):
    context = context_factory(indexed=False)
    window = open_main_window(qtbot, context, user_named(context, "nhanvien"))
    view = window.search_page.empty_view

    assert window.search_page.stack.currentWidget() is view
    assert not view.import_button.isVisibleTo(view)
    assert "Ask your administrator" in view.body.text()


def test_main_window_hides_admin_pages_from_user(qtbot, context_factory, indexed_samples):
    context = context_factory(template=indexed_samples[1])
    window = open_main_window(qtbot, context, user_named(context, "nhanvien"))

    hidden = [window.navigation.item(row).isHidden() for row in range(window.navigation.count())]

    assert hidden == [False, True, True, True, False]
    assert not window.admin_menu.menuAction().isVisible()
    assert window.open_import_wizard() is None


def test_preview_path_is_real_file(qtbot, window):
    hits = search(qtbot, window, LEAVE_QUESTION)

    assert all(Path(hit.path).is_file() for hit in hits)

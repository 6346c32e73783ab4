"""Interface language: switching at once, catalogs complete, Vietnamese formats."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QDate

from tests.conftest import REPO
from tests.gui.conftest import user_named
from tests.gui.helpers import open_main_window
from vnsearch.gui.i18n import (
    LanguageSwitcher,
    doc_type_name,
    format_duration,
    format_int,
    format_qdate,
    level_name,
)
from vnsearch.gui.main_window import SETTINGS


def test_language_switch_retranslates_visible_labels(qtbot, context_factory):
    context = context_factory(indexed=False)
    window = open_main_window(qtbot, context, user_named(context, "admin"))
    settings = window.settings_page
    window.show_page(SETTINGS)

    settings.set_language("vi")

    assert window.navigation.item(0).text() == "Tìm kiếm"
    assert window.search_page.search_button.text() == "Tìm kiếm"
    assert window.search_page.empty_view.heading.text() == "Chưa có tài liệu nào"
    assert window.user_label.text() == "Đăng nhập: admin (Quản trị viên, mức: Tối mật)"
    assert context.engine.settings.language == "vi"

    settings.set_language("en")

    assert window.navigation.item(0).text() == "Search"
    assert window.search_page.empty_view.heading.text() == "No documents yet"
    assert window.user_label.text() == "Signed in as admin (Administrator, level: Restricted)"


def test_language_choice_is_saved(qtbot, context_factory):
    from vnsearch.config import load_settings

    context = context_factory(indexed=False)
    window = open_main_window(qtbot, context, user_named(context, "admin"))

    window.settings_page.set_language("vi")

    assert load_settings(context.data_dir).language == "vi"


def test_vietnamese_names_and_formats(qapp):
    LanguageSwitcher().apply("vi")

    assert [level_name(level) for level in range(4)] == ["Công khai", "Nội bộ", "Mật", "Tối mật"]
    assert doc_type_name("technical_guide") == "Hướng dẫn kỹ thuật"
    assert format_int(1234567) == "1.234.567"
    assert format_qdate(QDate(2024, 9, 3)) == "03/09/2024"
    assert format_duration(125) == "2 phút 05 giây"


def test_english_plural_forms(qapp):
    from vnsearch.gui.i18n import translate

    LanguageSwitcher().apply("en")

    assert translate("SearchPage", "%n result(s) in %1", "", 1) == "1 result in %1"
    assert translate("SearchPage", "%n result(s) in %1", "", 3) == "3 results in %1"


def test_qt_buttons_translated(qapp):
    from PySide6.QtWidgets import QMessageBox

    LanguageSwitcher().apply("vi")
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)

    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Hủy"
    box.deleteLater()


def test_translation_catalogs_complete():
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "update_translations.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_compiled_catalogs_present():
    i18n = Path(REPO / "resources" / "i18n")

    for name in ("vnsearch_vi", "vnsearch_en", "qtbase_vi"):
        qm = i18n / f"{name}.qm"
        assert qm.is_file()
        assert qm.stat().st_mtime >= (i18n / f"{name}.ts").stat().st_mtime - 1

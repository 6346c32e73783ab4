"""The settings page: device choice and the data folder for the next start."""

from __future__ import annotations

from tests.gui.conftest import user_named
from vnsearch.config import load_settings
from vnsearch.gui import data_location
from vnsearch.gui.settings_page import SettingsPage


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

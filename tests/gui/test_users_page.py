"""The users page: add, edit and delete accounts."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.gui.conftest import user_named
from vnsearch.gui.user_dialog import UserDialog
from vnsearch.gui.users_page import UsersPage


@pytest.fixture
def page(qtbot, context_factory):
    context = context_factory(indexed=False)
    users_page = UsersPage(context, user_named(context, "admin"))
    qtbot.addWidget(users_page)
    users_page.show()
    users_page.refresh()
    return users_page


def test_users_page_lists_users(page):
    names = [page.table.item(row, 0).text() for row in range(page.table.rowCount())]

    assert names == ["admin", "nhanvien"]
    assert page.table.item(1, 2).text() == "1 – Internal"


def test_users_page_add_edit_delete(page):
    context = page._context

    assert page.add_user("kế toán", "ke-toan-2024", 2, "user")
    added = user_named(context, "kế toán")
    assert added.access_level == 2
    assert page.edit_user(added, 0, "admin", None)
    assert user_named(context, "kế toán").role == "admin"
    assert user_named(context, "kế toán").access_level == 0
    assert page.delete_user(user_named(context, "kế toán"))
    assert [u.name for u in context.users.list_users()] == ["admin", "nhanvien"]


def test_users_page_rejects_deleting_self(qtbot, page):
    me = user_named(page._context, "admin")

    assert not page.delete_user(me)

    boxes = page.window().findChildren(QMessageBox)
    assert boxes and "your own account" in boxes[-1].text()


def test_users_page_duplicate_name_reported(page):
    assert not page.add_user("NhanVien", "mat-khau-dai", 0, "user")

    box = page.window().findChildren(QMessageBox)[-1]
    assert box.text().startswith("The user could not be created.")
    assert "already taken" in box.detailedText()


def test_user_dialog_checks_passwords(qtbot):
    dialog = UserDialog()
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("moi")
    dialog.password_edit.setText("mat-khau-dai")
    dialog.repeat_edit.setText("mat-khau-khac")

    assert "differ" in dialog.problem()
    dialog.repeat_edit.setText("mat-khau-dai")
    assert dialog.problem() == ""

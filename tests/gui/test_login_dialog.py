"""First-run and login dialogs."""

from __future__ import annotations

from vnsearch.accounts import UserStore
from vnsearch.gui.login_dialog import FIRST_ADMIN_LEVEL, FirstRunDialog, LoginDialog


def test_first_run_creates_admin_at_level_3(qtbot, tmp_path):
    users = UserStore(tmp_path / "app.db")
    dialog = FirstRunDialog(users)
    qtbot.addWidget(dialog)
    assert users.is_empty()

    assert dialog.create_admin("Quản trị", "mat-khau-dai", "mat-khau-dai")

    assert dialog.result() == FirstRunDialog.DialogCode.Accepted
    created = users.list_users()
    assert [u.name for u in created] == ["Quản trị"]
    assert created[0].is_admin
    assert created[0].access_level == FIRST_ADMIN_LEVEL == 3
    assert dialog.user == created[0]


def test_first_run_rejects_different_passwords(qtbot, tmp_path):
    users = UserStore(tmp_path / "app.db")
    dialog = FirstRunDialog(users)
    qtbot.addWidget(dialog)

    assert not dialog.create_admin("admin", "mat-khau-dai", "mat-khau-khac")

    assert users.is_empty()
    assert dialog.error_label.isVisibleTo(dialog)
    assert "differ" in dialog.error_label.text()


def test_first_run_rejects_short_password(qtbot, tmp_path):
    users = UserStore(tmp_path / "app.db")
    dialog = FirstRunDialog(users)
    qtbot.addWidget(dialog)

    assert not dialog.create_admin("admin", "ngan", "ngan")

    assert users.is_empty()
    assert "at least 8 characters" in dialog.error_label.text()


def test_login_wrong_password_shows_error(qtbot, tmp_path):
    users = UserStore(tmp_path / "app.db")
    users.create_user("admin", "dung-mat-khau", 3, "admin")
    dialog = LoginDialog(users)
    qtbot.addWidget(dialog)

    assert not dialog.sign_in("admin", "sai-mat-khau")

    assert dialog.user is None
    assert dialog.result() != LoginDialog.DialogCode.Accepted
    assert dialog.error_label.isVisibleTo(dialog)
    assert "Wrong user name or password" in dialog.error_label.text()
    assert dialog.password_edit.text() == ""


def test_login_right_password_accepts(qtbot, tmp_path):
    users = UserStore(tmp_path / "app.db")
    users.create_user("admin", "dung-mat-khau", 3, "admin")
    dialog = LoginDialog(users)
    qtbot.addWidget(dialog)

    assert dialog.sign_in("ADMIN", "dung-mat-khau")

    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.user is not None
    assert dialog.user.name == "admin"


def test_login_ok_button_uses_typed_values(qtbot, tmp_path):
    users = UserStore(tmp_path / "app.db")
    users.create_user("admin", "dung-mat-khau", 3, "admin")
    dialog = LoginDialog(users)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name_edit, "admin")
    qtbot.keyClicks(dialog.password_edit, "dung-mat-khau")

    dialog.buttons.accepted.emit()

    assert dialog.user is not None

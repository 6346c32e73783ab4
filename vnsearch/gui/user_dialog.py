"""Add a user or edit one: name, password, access level and role."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from vnsearch.accounts import MIN_PASSWORD_CHARS, User
from vnsearch.gui.i18n import level_label, role_name
from vnsearch.store.schema import ACCESS_LEVELS


class UserDialog(QDialog):
    """Values of a new or edited user; the caller saves them through UserStore.

    Args:
        user: the user to edit, or None to add one.
    """

    def __init__(self, user: User | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userDialog")
        self._user = user
        self.name_edit = QLineEdit(user.name if user else "")
        self.name_edit.setReadOnly(user is not None)
        self.password_edit = QLineEdit()
        self.repeat_edit = QLineEdit()
        for edit in (self.password_edit, self.repeat_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.level_combo = QComboBox()
        self.role_combo = QComboBox()
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self._labels = [QLabel() for _ in range(5)]
        form = QFormLayout()
        for label, field in zip(
            self._labels,
            (
                self.name_edit,
                self.password_edit,
                self.repeat_edit,
                self.level_combo,
                self.role_combo,
            ),
            strict=True,
        ):
            form.addRow(label, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.retranslate_ui()

    def name(self) -> str:
        """The user name typed."""
        return self.name_edit.text().strip()

    def password(self) -> str | None:
        """The new password, or None when left empty while editing."""
        return self.password_edit.text() or None

    def access_level(self) -> int:
        """The chosen access level."""
        return int(self.level_combo.currentData())

    def role(self) -> str:
        """The chosen role ("admin" or "user")."""
        return str(self.role_combo.currentData())

    def problem(self) -> str:
        """Return what is wrong with the values (translated), or "" when they are fine."""
        password = self.password_edit.text()
        if not self.name():
            return self.tr("Enter a user name.")
        if self._user is None and not password:
            return self.tr("Enter a password for the new user.")
        if password and len(password) < MIN_PASSWORD_CHARS:
            return self.tr("The password needs at least %1 characters.").replace(
                "%1", str(MIN_PASSWORD_CHARS)
            )
        if password != self.repeat_edit.text():
            return self.tr("The two passwords differ. Type the same password twice.")
        return ""

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Edit user") if self._user else self.tr("Add user"))
        texts = (
            self.tr("User name:"),
            self.tr("Password:"),
            self.tr("Repeat password:"),
            self.tr("Access level:"),
            self.tr("Role:"),
        )
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        if self._user is not None:
            self.password_edit.setPlaceholderText(self.tr("leave empty to keep the password"))
        level = self.level_combo.currentData()
        if level is None:
            level = self._user.access_level if self._user else 0
        role_value = self.role_combo.currentData() or (self._user.role if self._user else "user")
        self.level_combo.clear()
        for value in ACCESS_LEVELS:
            self.level_combo.addItem(level_label(value), value)
        self.level_combo.setCurrentIndex(self.level_combo.findData(level))
        self.role_combo.clear()
        for role in ("user", "admin"):
            self.role_combo.addItem(role_name(role), role)
        self.role_combo.setCurrentIndex(self.role_combo.findData(role_value))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        problem = self.problem()
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        self.accept()

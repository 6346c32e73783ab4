"""Sign-in dialogs: the first-run dialog that creates the first administrator, and login."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from vnsearch.accounts import (
    MAX_NAME_CHARS,
    MIN_PASSWORD_CHARS,
    AuthenticationError,
    User,
    UserStore,
)
from vnsearch.errors import ConfigError
from vnsearch.gui.i18n import level_label

logger = logging.getLogger("vnsearch.gui")
FIRST_ADMIN_LEVEL = 3


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setStyleSheet("color: #c62828;")
    label.hide()
    return label


class LoginDialog(QDialog):
    """Ask for a user name and password; ``user`` is the signed-in user on accept."""

    def __init__(self, users: UserStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self._users = users
        self.user: User | None = None
        self._heading = QLabel()
        font = self._heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self._heading.setFont(font)
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = _error_label()
        self._name_label = QLabel()
        self._password_label = QLabel()
        form = QFormLayout()
        form.addRow(self._name_label, self.name_edit)
        form.addRow(self._password_label, self.password_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._heading)
        layout.addWidget(self._intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.retranslate_ui()

    def sign_in(self, name: str, password: str) -> bool:
        """Check the credentials; accept the dialog or show the error. True on success."""
        self.name_edit.setText(name)
        self.password_edit.setText(password)
        try:
            self.user = self._users.authenticate(name, password)
        except AuthenticationError:
            logger.info("Sign-in failed for the name entered in the login dialog")
            self.error_label.setText(
                self.tr(
                    "Wrong user name or password. Check the spelling and Caps Lock, then try "
                    "again. An administrator can set a new password for you."
                )
            )
            self.error_label.show()
            self.password_edit.clear()
            self.password_edit.setFocus()
            return False
        logger.info("User %d signed in", self.user.user_id)
        self.accept()
        return True

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Sign in – vnsearch"))
        self._heading.setText(self.tr("Sign in"))
        self._intro.setText(self.tr("Sign in to search the documents your access level allows."))
        self._name_label.setText(self.tr("User name:"))
        self._password_label.setText(self.tr("Password:"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.sign_in(self.name_edit.text(), self.password_edit.text())


class FirstRunDialog(QDialog):
    """Create the first administrator (access level 3) of a new data folder."""

    def __init__(self, users: UserStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self._users = users
        self.user: User | None = None
        self._heading = QLabel()
        font = self._heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self._heading.setFont(font)
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("repeatEdit")
        for edit in (self.password_edit, self.repeat_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.level_value = QLabel()
        self.error_label = _error_label()
        self._labels = [QLabel() for _ in range(4)]
        form = QFormLayout()
        for label, field in zip(
            self._labels,
            (self.name_edit, self.password_edit, self.repeat_edit, self.level_value),
            strict=True,
        ):
            form.addRow(label, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._heading)
        layout.addWidget(self._intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.retranslate_ui()

    def create_admin(self, name: str, password: str, repeat: str) -> bool:
        """Create the administrator, or show what is wrong. True on success."""
        self.name_edit.setText(name)
        self.password_edit.setText(password)
        self.repeat_edit.setText(repeat)
        problem = ""
        if not name.strip():
            problem = self.tr("Enter a user name.")
        elif len(password) < MIN_PASSWORD_CHARS:
            problem = self.tr("The password needs at least %1 characters.").replace(
                "%1", str(MIN_PASSWORD_CHARS)
            )
        elif password != repeat:
            problem = self.tr("The two passwords differ. Type the same password twice.")
        if not problem:
            try:
                self.user = self._users.create_user(name, password, FIRST_ADMIN_LEVEL, "admin")
            except ConfigError as error:
                logger.warning("Could not create the first administrator: %s", error)
                problem = self.tr(
                    "This user name cannot be used. Use at most %1 letters, digits and "
                    "spaces, without control characters."
                ).replace("%1", str(MAX_NAME_CHARS))
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return False
        self.accept()
        return True

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Welcome to vnsearch"))
        self._heading.setText(self.tr("Create the administrator account"))
        self._intro.setText(
            self.tr(
                "This data folder has no users yet. The first account is the administrator: "
                "it imports documents, sets their access levels and creates the other users. "
                "It can see every document."
            )
        )
        texts = (
            self.tr("User name:"),
            self.tr("Password:"),
            self.tr("Repeat password:"),
            self.tr("Access level:"),
        )
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self.password_edit.setPlaceholderText(
            self.tr("at least %1 characters").replace("%1", str(MIN_PASSWORD_CHARS))
        )
        self.level_value.setText(level_label(FIRST_ADMIN_LEVEL))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create account"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.create_admin(self.name_edit.text(), self.password_edit.text(), self.repeat_edit.text())

"""The users page (administrators): add, edit and delete local accounts."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vnsearch.accounts import User
from vnsearch.gui.context import AppContext
from vnsearch.gui.i18n import format_timestamp, level_label, role_name
from vnsearch.gui.messages import report_error
from vnsearch.gui.user_dialog import UserDialog

logger = logging.getLogger("vnsearch.gui")


class UsersPage(QWidget):
    """A table of users with Add, Edit and Delete."""

    def __init__(self, context: AppContext, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersPage")
        self._context = context
        self._user = user
        self._users: list[User] = []
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("userTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton()
        self.edit_button = QPushButton()
        self.delete_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self._intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.retranslate_ui()

    def refresh(self) -> None:
        """Reload the users from app.db."""
        self._users = self._context.users.list_users()
        self.table.setRowCount(len(self._users))
        for row, user in enumerate(self._users):
            values = (
                user.name,
                role_name(user.role),
                level_label(user.access_level),
                format_timestamp(user.created_at),
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self._on_selection_changed()

    def selected_user(self) -> User | None:
        """The user selected in the table, or None."""
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self._users[rows.pop()] if len(rows) == 1 else None

    def add_user(self, name: str, password: str, level: int, role: str) -> bool:
        """Create a user; shows the problem and returns False when it fails."""
        try:
            self._context.users.create_user(name, password, level, role)  # type: ignore[arg-type]
        except Exception as error:
            report_error(self.window(), error, self.tr("The user could not be created."))
            return False
        self.refresh()
        return True

    def edit_user(self, user: User, level: int, role: str, password: str | None) -> bool:
        """Save a user's level, role and (when given) new password."""
        try:
            self._context.users.update_user(
                user.user_id,
                access_level=level,
                role=role,  # type: ignore[arg-type]
                password=password,
            )
        except Exception as error:
            report_error(self.window(), error, self.tr("The user could not be changed."))
            return False
        self.refresh()
        return True

    def delete_user(self, user: User) -> bool:
        """Delete ``user`` (never the signed-in one)."""
        if user.user_id == self._user.user_id:
            report_error(
                self.window(),
                PermissionError("cannot delete the signed-in user"),
                self.tr("You cannot delete your own account while you are signed in."),
            )
            return False
        try:
            self._context.users.delete_user(user.user_id)
        except Exception as error:
            report_error(self.window(), error, self.tr("The user could not be deleted."))
            return False
        self.refresh()
        return True

    def retranslate_ui(self) -> None:
        self._intro.setText(
            self.tr(
                "Each user sees only documents at or below their access level. "
                "Administrators also import folders, manage the index and the users."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Role"), self.tr("Access level"), self.tr("Created")]
        )
        self.add_button.setText(self.tr("Add user…"))
        self.edit_button.setText(self.tr("Edit…"))
        self.delete_button.setText(self.tr("Delete"))
        if self._users:
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_add_clicked(self) -> None:
        dialog = UserDialog(None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_user(
                dialog.name(), dialog.password() or "", dialog.access_level(), dialog.role()
            )

    @Slot()
    def _on_edit_clicked(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        dialog = UserDialog(user, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.edit_user(user, dialog.access_level(), dialog.role(), dialog.password())

    @Slot()
    def _on_delete_clicked(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete user"),
            self.tr("Delete the account %1? Their feedback stays.").replace("%1", user.name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_user(user)

    @Slot()
    def _on_selection_changed(self) -> None:
        selected = self.selected_user() is not None
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

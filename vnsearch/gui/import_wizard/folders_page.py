"""Wizard page 1: choose the folders to import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from vnsearch.gui.import_wizard.state import ImportState
from vnsearch.gui.signals import emit


class FoldersPage(QWizardPage):
    """A list of folders with Add and Remove buttons."""

    def __init__(self, state: ImportState) -> None:
        super().__init__()
        self._state = state
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.folder_list = QListWidget()
        self.folder_list.setObjectName("folderList")
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.folder_list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addLayout(row, 1)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.folder_list.currentRowChanged.connect(self._on_current_row_changed)
        self.remove_button.setEnabled(False)
        for folder in state.folders:
            self.folder_list.addItem(str(folder))
        self.retranslate_ui()

    def add_folder(self, folder: Path) -> None:
        """Add ``folder`` to the list unless it is already there."""
        folder = Path(folder).absolute()
        if folder not in self._state.folders:
            self._state.folders.append(folder)
            self.folder_list.addItem(str(folder))
            emit(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self._state.folders) and all(f.is_dir() for f in self._state.folders)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Choose folders"))
        self.setSubTitle(
            self.tr("vnsearch indexes every supported file in these folders and their subfolders.")
        )
        self._intro.setText(
            self.tr(
                "Add the folders that hold the documents to make searchable. Files stay "
                "where they are; vnsearch only reads them. Importing a folder again later "
                "reads only new and changed files."
            )
        )
        self.add_button.setText(self.tr("Add folder…"))
        self.remove_button.setText(self.tr("Remove"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_add_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder to import"))
        if folder:
            self.add_folder(Path(folder))

    @Slot()
    def _on_remove_clicked(self) -> None:
        row = self.folder_list.currentRow()
        if row >= 0:
            self.folder_list.takeItem(row)
            del self._state.folders[row]
            emit(self.completeChanged)

    @Slot(int)
    def _on_current_row_changed(self, row: int) -> None:
        self.remove_button.setEnabled(row >= 0)

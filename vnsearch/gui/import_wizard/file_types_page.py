"""Wizard page 2: file types to include and patterns to leave out."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWizardPage,
)

from vnsearch.gui.import_wizard.state import FILE_TYPES, ImportState
from vnsearch.gui.signals import emit


class FileTypesPage(QWizardPage):
    """One check box per file type and a list of exclusion patterns."""

    def __init__(self, state: ImportState) -> None:
        super().__init__()
        self._state = state
        self._types_box = QGroupBox()
        self.type_boxes: dict[str, QCheckBox] = {}
        types_layout = QHBoxLayout(self._types_box)
        for key in FILE_TYPES:
            box = QCheckBox()
            box.setChecked(key in state.file_types)
            box.toggled.connect(self._on_type_toggled)
            self.type_boxes[key] = box
            types_layout.addWidget(box)
        types_layout.addStretch(1)
        self._exclude_box = QGroupBox()
        self._exclude_help = QLabel()
        self._exclude_help.setWordWrap(True)
        self.exclude_edit = QPlainTextEdit()
        self.exclude_edit.setObjectName("excludePatterns")
        self.exclude_edit.setPlainText("\n".join(state.exclude))
        exclude_layout = QVBoxLayout(self._exclude_box)
        exclude_layout.addWidget(self._exclude_help)
        exclude_layout.addWidget(self.exclude_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self._types_box)
        layout.addWidget(self._exclude_box, 1)
        self.retranslate_ui()

    def isComplete(self) -> bool:
        return any(box.isChecked() for box in self.type_boxes.values())

    def validatePage(self) -> bool:
        self._state.file_types = tuple(k for k, box in self.type_boxes.items() if box.isChecked())
        patterns = (line.strip() for line in self.exclude_edit.toPlainText().splitlines())
        self._state.exclude = tuple(p for p in patterns if p)
        return True

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("File types"))
        self.setSubTitle(self.tr("Choose which files to index and which to leave out."))
        self._types_box.setTitle(self.tr("Include these file types"))
        names = {
            ".pdf": self.tr("PDF (.pdf)"),
            ".docx": self.tr("Word (.docx)"),
            ".xlsx": self.tr("Excel (.xlsx)"),
            ".txt": self.tr("Text (.txt)"),
            ".md": self.tr("Markdown (.md)"),
        }
        for key, box in self.type_boxes.items():
            box.setText(names[key])
        self._exclude_box.setTitle(self.tr("Leave out files and folders matching"))
        self._exclude_help.setText(
            self.tr(
                "One pattern per line, matched against file names and paths inside the "
                "folder, for example *.bak, Nháp/* or */Lưu trữ cũ/*. Hidden files, Office "
                "lock files (~$…) and temporary files are always left out."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot(bool)
    def _on_type_toggled(self, _checked: bool) -> None:
        emit(self.completeChanged)

"""Change access level, department, type or tags of indexed documents (no re-embedding)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from vnsearch.gui.i18n import doc_type_name, level_label
from vnsearch.gui.import_wizard.rule_tree import parse_tags
from vnsearch.store.schema import DOC_TYPES


class MetadataDialog(QDialog):
    """Pick the fields to change for the selected documents and their new values.

    Args:
        rows: document rows of the selection (prefill comes from the first one).
        max_level: the highest level offered, the administrator's own.
    """

    def __init__(
        self, rows: Sequence[dict[str, Any]], max_level: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        if not rows:
            raise ValueError("Select at least one document to edit.")
        self.setObjectName("metadataDialog")
        self._count = len(rows)
        first = rows[0]
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.level_check = QCheckBox()
        self.level_combo = QComboBox()
        for level in range(max_level + 1):
            self.level_combo.addItem(level_label(level), level)
        self.level_combo.setCurrentIndex(max(self.level_combo.findData(first["access_level"]), 0))
        self.department_check = QCheckBox()
        self.department_edit = QLineEdit(first["department"] or "")
        self.type_check = QCheckBox()
        self.type_combo = QComboBox()
        for doc_type in DOC_TYPES:
            self.type_combo.addItem(doc_type_name(doc_type), doc_type)
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(first["doc_type"]), 0))
        self.tags_check = QCheckBox()
        self.tags_edit = QLineEdit(", ".join(first["tags"] or ()))
        grid = QGridLayout()
        self._pairs = (
            (self.level_check, self.level_combo),
            (self.department_check, self.department_edit),
            (self.type_check, self.type_combo),
            (self.tags_check, self.tags_edit),
        )
        for row, (check, editor) in enumerate(self._pairs):
            grid.addWidget(check, row, 0)
            grid.addWidget(editor, row, 1)
            editor.setEnabled(False)
            check.toggled.connect(editor.setEnabled)
            check.toggled.connect(self._on_check_toggled)
        self._note = QLabel()
        self._note.setWordWrap(True)
        self._note.setStyleSheet("color: #616161;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addLayout(grid)
        layout.addWidget(self._note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.retranslate_ui()
        self._on_check_toggled(False)

    def values(self) -> dict[str, Any]:
        """Return the fields to change, as ``IndexStore.update_metadata`` takes them."""
        values: dict[str, Any] = {}
        if self.level_check.isChecked():
            values["access_level"] = int(self.level_combo.currentData())
        if self.department_check.isChecked():
            values["department"] = self.department_edit.text().strip()
        if self.type_check.isChecked():
            values["doc_type"] = str(self.type_combo.currentData())
        if self.tags_check.isChecked():
            values["tags"] = list(parse_tags(self.tags_edit.text()))
        return values

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Edit labels"))
        self._intro.setText(
            self.tr("Tick the fields to change for the %n selected document(s).", "", self._count)
        )
        self.level_check.setText(self.tr("Access level"))
        self.department_check.setText(self.tr("Department"))
        self.type_check.setText(self.tr("Document type"))
        self.tags_check.setText(self.tr("Tags (comma-separated)"))
        self._note.setText(
            self.tr(
                "The change applies at once, without reading the files again. A rule in a "
                ".vnsearch.json file of the folder wins at the next import; change the "
                "folder's rule in the import wizard to make the change permanent."
            )
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Apply"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot(bool)
    def _on_check_toggled(self, _checked: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.values()))

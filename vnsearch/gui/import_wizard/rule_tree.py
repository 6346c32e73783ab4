"""The tree of folders on the metadata page, one editable rule per folder.

Each cell holds the folder's own value in ``Qt.UserRole`` (None: inherited). The
displayed text is the value that applies, grey when it is inherited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from vnsearch.gui.i18n import doc_type_name, level_label
from vnsearch.gui.import_wizard.folder_rules import FolderRule, FolderTree
from vnsearch.indexing.sidecar import DocMetadata
from vnsearch.store.schema import ACCESS_LEVELS, DOC_TYPES

FOLDER, LEVEL, DEPARTMENT, DOC_TYPE, TAGS = range(5)
FIELD_OF_COLUMN = {
    LEVEL: "access_level",
    DEPARTMENT: "department",
    DOC_TYPE: "doc_type",
    TAGS: "tags",
}
_PATH_ROLE = Qt.ItemDataRole.UserRole + 1
_INHERITED = QBrush(QColor("#8a8a8a"))
_OWN = QBrush(QColor("#000000"))
AnyIndex = QModelIndex | QPersistentModelIndex


def parse_tags(text: str) -> tuple[str, ...]:
    """Split comma-separated tags, dropping blanks and repeats."""
    return tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))


def display_value(field: str, value: Any) -> str:
    """Return the text shown for a rule value."""
    if field == "access_level":
        return level_label(int(value))
    if field == "doc_type":
        return doc_type_name(str(value))
    if field == "tags":
        return ", ".join(value)
    return str(value)


class RuleDelegate(QStyledItemDelegate):
    """Editors for the rule columns: pickers for level and type, text for the others."""

    def createEditor(  # type: ignore[override]  # Qt accepts None: "no editor"
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget | None:
        column = index.column()
        if column == FOLDER:
            return None
        if column in (LEVEL, DOC_TYPE):
            combo = QComboBox(parent)
            combo.addItem(self.tr("(inherited)"), None)
            if column == LEVEL:
                for level in ACCESS_LEVELS:
                    combo.addItem(level_label(level), level)
            else:
                for doc_type in DOC_TYPES:
                    combo.addItem(doc_type_name(doc_type), doc_type)
            return combo
        edit = QLineEdit(parent)
        edit.setPlaceholderText(self.tr("(inherited)"))
        return edit

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        value = index.data(Qt.ItemDataRole.UserRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QLineEdit):
            if index.column() == TAGS:
                editor.setText(", ".join(value or ()))
            else:
                editor.setText(value or "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        value: Any
        if isinstance(editor, QComboBox):
            value = editor.currentData()
        elif isinstance(editor, QLineEdit):
            text = editor.text().strip()
            value = (parse_tags(text) or None) if index.column() == TAGS else (text or None)
        else:
            return
        model.setData(index, value, Qt.ItemDataRole.UserRole)


class RuleTree(QTreeWidget):
    """Chosen folders and their subfolders with the metadata rule of each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ruleTree")
        self.setColumnCount(5)
        self.setItemDelegate(RuleDelegate(self))
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self._defaults = DocMetadata()
        self._items: dict[Path, QTreeWidgetItem] = {}
        self._rules: dict[Path, FolderRule] = {}
        self.itemChanged.connect(self._on_item_changed)
        self.retranslate_ui()

    def set_trees(self, trees: list[FolderTree], defaults: DocMetadata) -> None:
        """Show ``trees`` (one per chosen folder); ``defaults`` apply where no rule does."""
        self.blockSignals(True)
        self.clear()
        self._items = {}
        self._rules = {}
        for tree in trees:
            for folder in tree.folders:
                parent = self._items.get(folder.parent) if folder != tree.root else None
                label = str(folder) if parent is None else folder.name
                item = QTreeWidgetItem([label, "", "", "", ""])
                item.setData(FOLDER, _PATH_ROLE, str(folder))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                rule = tree.rules[folder]
                for column, field in FIELD_OF_COLUMN.items():
                    item.setData(column, Qt.ItemDataRole.UserRole, rule.values.get(field))
                if rule.files:
                    item.setToolTip(
                        FOLDER,
                        self.tr(
                            "%n file(s) here have their own settings, which are kept.",
                            "",
                            len(rule.files),
                        ),
                    )
                if rule.error:
                    item.setToolTip(FOLDER, rule.error)
                    item.setForeground(FOLDER, QBrush(QColor("#c62828")))
                if parent is None:
                    self.addTopLevelItem(item)
                else:
                    parent.addChild(item)
                self._items[folder] = item
                self._rules[folder] = rule
        self.blockSignals(False)
        self.set_defaults(defaults)
        self.expandToDepth(0)
        for column in range(self.columnCount()):
            self.resizeColumnToContents(column)

    def set_defaults(self, defaults: DocMetadata) -> None:
        """Change the values inherited by folders without a rule and redraw."""
        self._defaults = defaults
        self._refresh()

    def set_value(self, folder: Path, field: str, value: Any) -> None:
        """Set (or with None, clear) ``folder``'s own value of ``field``."""
        column = {v: k for k, v in FIELD_OF_COLUMN.items()}[field]
        self._items[folder].setData(column, Qt.ItemDataRole.UserRole, value)

    def clear_rule(self, item: QTreeWidgetItem) -> None:
        """Make ``item``'s folder inherit every value again."""
        for column in FIELD_OF_COLUMN:
            item.setData(column, Qt.ItemDataRole.UserRole, None)

    def rules(self) -> list[FolderRule]:
        """Return every folder's rule with the values now in the tree."""
        for folder, item in self._items.items():
            rule = self._rules[folder]
            values = {}
            for column, field in FIELD_OF_COLUMN.items():
                value = item.data(column, Qt.ItemDataRole.UserRole)
                if value is not None:
                    values[field] = tuple(value) if field == "tags" else value
            rule.values = values
        return list(self._rules.values())

    def effective(self, folder: Path) -> DocMetadata:
        """Return the metadata that applies to files directly in ``folder``."""
        node: QTreeWidgetItem | None = self._items[folder]
        chain = []
        while node is not None:
            chain.append(node)
            node = node.parent()
        meta = self._defaults
        for link in reversed(chain):
            overrides = {}
            for column, field in FIELD_OF_COLUMN.items():
                value = link.data(column, Qt.ItemDataRole.UserRole)
                if value is not None:
                    overrides[field] = value
            meta = meta.merged(overrides)
        return meta

    def _refresh(self) -> None:
        self.blockSignals(True)
        for folder, item in self._items.items():
            meta = self.effective(folder)
            for column, field in FIELD_OF_COLUMN.items():
                own = item.data(column, Qt.ItemDataRole.UserRole) is not None
                value = getattr(meta, field)
                text = display_value(field, value)
                if field == "department" and not value:
                    text = self.tr("(none)")
                item.setText(column, text)
                item.setForeground(column, _OWN if own else _INHERITED)
                font = QFont(item.font(column))
                font.setBold(own)
                item.setFont(column, font)
        self.blockSignals(False)
        self.viewport().update()

    def retranslate_ui(self) -> None:
        self.setHeaderLabels(
            [
                self.tr("Folder"),
                self.tr("Access level"),
                self.tr("Department"),
                self.tr("Document type"),
                self.tr("Tags"),
            ]
        )
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _on_item_changed(self, _item: QTreeWidgetItem, _column: int) -> None:
        self._refresh()

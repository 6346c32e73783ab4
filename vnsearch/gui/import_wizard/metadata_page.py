"""Wizard page 3: default metadata and per-folder rules, saved as sidecar files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from vnsearch.gui.context import AppContext
from vnsearch.gui.i18n import doc_type_name, level_label
from vnsearch.gui.import_wizard.folder_rules import FolderTree, scan_tree, write_rules
from vnsearch.gui.import_wizard.rule_tree import RuleTree, parse_tags
from vnsearch.gui.import_wizard.state import ImportState
from vnsearch.gui.messages import report_error
from vnsearch.gui.signals import emit
from vnsearch.gui.tasks import BackgroundTask, run_task
from vnsearch.indexing.sidecar import DocMetadata
from vnsearch.store.schema import ACCESS_LEVELS, DOC_TYPES


class MetadataPage(QWizardPage):
    """Default level, department, type and tags, and a tree of per-folder rules."""

    def __init__(self, context: AppContext, state: ImportState) -> None:
        super().__init__()
        self._context = context
        self._state = state
        self._scan_task: BackgroundTask[list[FolderTree]] | None = None
        self._loaded_for: list[Path] = []

        self._defaults_box = QGroupBox()
        self.level_combo = QComboBox()
        self.level_combo.setObjectName("defaultLevel")
        self.department_edit = QLineEdit()
        self.department_edit.setObjectName("defaultDepartment")
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("defaultType")
        self.tags_edit = QLineEdit()
        self.tags_edit.setObjectName("defaultTags")
        self._form = QFormLayout(self._defaults_box)
        self._level_label = QLabel()
        self._department_label = QLabel()
        self._type_label = QLabel()
        self._tags_label = QLabel()
        self._form.addRow(self._level_label, self.level_combo)
        self._form.addRow(self._department_label, self.department_edit)
        self._form.addRow(self._type_label, self.type_combo)
        self._form.addRow(self._tags_label, self.tags_edit)

        self._rules_box = QGroupBox()
        self._rules_help = QLabel()
        self._rules_help.setWordWrap(True)
        self.tree = RuleTree()
        self.clear_rule_button = QPushButton()
        self.status_label = QLabel()
        rules_buttons = QHBoxLayout()
        rules_buttons.addWidget(self.status_label, 1)
        rules_buttons.addWidget(self.clear_rule_button)
        rules_layout = QVBoxLayout(self._rules_box)
        rules_layout.addWidget(self._rules_help)
        rules_layout.addWidget(self.tree, 1)
        rules_layout.addLayout(rules_buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self._defaults_box)
        layout.addWidget(self._rules_box, 1)

        self.level_combo.currentIndexChanged.connect(self._on_defaults_changed)
        self.type_combo.currentIndexChanged.connect(self._on_defaults_changed)
        self.department_edit.textChanged.connect(self._on_defaults_changed)
        self.tags_edit.textChanged.connect(self._on_defaults_changed)
        self.clear_rule_button.clicked.connect(self._on_clear_rule_clicked)
        self.retranslate_ui()
        self._show_defaults(state.defaults)

    def initializePage(self) -> None:
        folders = list(self._state.folders)
        if folders == self._loaded_for:
            return
        self._loaded_for = []
        self.tree.clear()
        self.status_label.setText(self.tr("Reading the folder structure…"))
        self._scan_task = run_task(
            self,
            "folder-tree",
            lambda context: [scan_tree(folder) for folder in folders if not context.cancelled],
            on_result=lambda trees: self._on_trees_loaded(folders, trees),
            failure_text=self.tr("The folder structure could not be read."),
        )
        emit(self.completeChanged)

    def cleanupPage(self) -> None:
        if self._scan_task is not None:
            self._scan_task.cancel()

    def isComplete(self) -> bool:
        return self._loaded_for == self._state.folders

    def validatePage(self) -> bool:
        self._state.defaults = self.defaults()
        rules = self.tree.rules()
        try:
            written = write_rules(rules)
        except OSError as error:
            report_error(
                self.window(),
                error,
                self.tr(
                    "The folder rules could not be saved in a .vnsearch.json file. Make the "
                    "folder writable, or clear the rules of folders you cannot change."
                ),
            )
            return False
        self.status_label.setText(self.tr("%n rules file(s) saved.", "", len(written)))
        return True

    def defaults(self) -> DocMetadata:
        """Return the default metadata chosen on this page."""
        return DocMetadata(
            access_level=int(self.level_combo.currentData()),
            department=self.department_edit.text().strip(),
            doc_type=str(self.type_combo.currentData()),
            tags=parse_tags(self.tags_edit.text()),
        )

    def _show_defaults(self, defaults: DocMetadata) -> None:
        self.level_combo.setCurrentIndex(self.level_combo.findData(defaults.access_level))
        self.type_combo.setCurrentIndex(self.type_combo.findData(defaults.doc_type))
        self.department_edit.setText(defaults.department)
        self.tags_edit.setText(", ".join(defaults.tags))

    def _on_trees_loaded(self, folders: list[Path], trees: list[FolderTree]) -> None:
        if folders != self._state.folders:
            return
        self._state.trees = trees
        self.tree.set_trees(trees, self.defaults())
        self._loaded_for = folders
        count = sum(len(tree.folders) for tree in trees)
        text = self.tr("%n folder(s). Double-click a cell to set a rule.", "", count)
        if any(tree.truncated for tree in trees):
            text += " " + self.tr("Only the first 2000 folders are listed.")
        self.status_label.setText(text)
        emit(self.completeChanged)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Access levels and labels"))
        self.setSubTitle(self.tr("Decide who may see the documents and how they can be filtered."))
        self._defaults_box.setTitle(self.tr("Defaults for files without a rule"))
        self._level_label.setText(self.tr("Access level:"))
        self._department_label.setText(self.tr("Department:"))
        self._type_label.setText(self.tr("Document type:"))
        self._tags_label.setText(self.tr("Tags:"))
        self.department_edit.setPlaceholderText(self.tr("for example Nhân sự"))
        self.tags_edit.setPlaceholderText(self.tr("separated by commas"))
        level = self.level_combo.currentData()
        doc_type = self.type_combo.currentData()
        self.level_combo.blockSignals(True)
        self.type_combo.blockSignals(True)
        self.level_combo.clear()
        for value in ACCESS_LEVELS:
            self.level_combo.addItem(level_label(value), value)
        self.type_combo.clear()
        for type_value in DOC_TYPES:
            self.type_combo.addItem(doc_type_name(type_value), type_value)
        self.level_combo.setCurrentIndex(max(self.level_combo.findData(level), 0))
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(doc_type), 0))
        self.level_combo.blockSignals(False)
        self.type_combo.blockSignals(False)
        self._rules_box.setTitle(self.tr("Rules per folder"))
        self._rules_help.setText(
            self.tr(
                "A rule applies to a folder and its subfolders. Grey values are inherited. "
                "Rules are saved as .vnsearch.json files in the folders when you click Next."
            )
        )
        self.clear_rule_button.setText(self.tr("Clear the selected folder's rule"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_defaults_changed(self) -> None:
        if self.level_combo.currentData() is not None and self.type_combo.currentData():
            self.tree.set_defaults(self.defaults())

    @Slot()
    def _on_clear_rule_clicked(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.tree.clear_rule(item)

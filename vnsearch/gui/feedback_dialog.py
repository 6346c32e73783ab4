"""Relevance feedback for administrators: the list of judgements and the exports.

Lists and exports contain only judgements of documents at or below the
administrator's own access level.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vnsearch.accounts import User
from vnsearch.feedback import Feedback
from vnsearch.gui.context import AppContext
from vnsearch.gui.i18n import format_int, format_timestamp, level_name, translate
from vnsearch.gui.messages import report_error, show_message

POSITIVE_PAIRS_FILE = "positive_pairs.jsonl"
HARD_NEGATIVES_FILE = "hard_negatives.jsonl"


def label_text(label: str) -> str:
    """Return the translated name of a feedback label."""
    if label == "relevant":
        return translate("FeedbackDialog", "Right document")
    return translate("FeedbackDialog", "Not relevant")


def export_feedback(context: AppContext, user: User, kind: str, path: Path) -> int:
    """Write ``positive_pairs`` or ``hard_negatives`` at the user's level; return lines."""
    store = context.feedback
    if kind == "positive_pairs":
        return store.export_positive_pairs(path, max_level=user.access_level)
    if kind == "hard_negatives":
        return store.export_hard_negatives(path, max_level=user.access_level)
    raise ValueError(f"Invalid export {kind!r}; use 'positive_pairs' or 'hard_negatives'.")


def ask_and_export(parent: QWidget, context: AppContext, user: User, kind: str) -> None:
    """Ask where to save an export, write it and tell the user how many lines it has."""
    default = POSITIVE_PAIRS_FILE if kind == "positive_pairs" else HARD_NEGATIVES_FILE
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        translate("FeedbackDialog", "Export training data"),
        default,
        translate("FeedbackDialog", "JSON Lines (*.jsonl)"),
    )
    if not name:
        return
    try:
        lines = export_feedback(context, user, kind, Path(name))
    except Exception as error:
        report_error(parent, error, translate("FeedbackDialog", "The export could not be written."))
        return
    show_message(parent, ExportTexts().written(lines, name))


class ExportTexts(QObject):
    """The export's plural message; ``pyside6-lupdate`` takes plural forms only from ``tr``."""

    def written(self, lines: int, path: str) -> str:
        return self.tr("%n line(s) written to %1.", "", lines).replace("%1", path)


class FeedbackDialog(QDialog):
    """A table of relevance judgements with a label filter and the two exports."""

    def __init__(self, context: AppContext, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackDialog")
        self._context = context
        self._user = user
        self._items: list[Feedback] = []
        self.label_combo = QComboBox()
        self.count_label = QLabel()
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("feedbackTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.positive_button = QPushButton()
        self.negative_button = QPushButton()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.label_combo)
        top.addWidget(self.count_label, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.positive_button)
        bottom.addWidget(self.negative_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(1000, 560)
        self.label_combo.activated.connect(self._on_label_activated)
        self.positive_button.clicked.connect(self._on_positive_clicked)
        self.negative_button.clicked.connect(self._on_negative_clicked)
        self.retranslate_ui()
        self.refresh()

    def items(self) -> list[Feedback]:
        """The judgements on display."""
        return list(self._items)

    def refresh(self) -> None:
        """Reload judgements at or below the administrator's level."""
        label = self.label_combo.currentData()
        self._items = self._context.feedback.list(self._user.access_level, label)
        self.table.setRowCount(len(self._items))
        for row, item in enumerate(self._items):
            values = (
                format_timestamp(item.created_at),
                item.user_name,
                item.query,
                label_text(item.label),
                item.doc_title,
                level_name(item.doc_level),
                item.department,
            )
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column == 4:
                    cell.setToolTip(item.doc_path)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        counts = self._context.feedback.count(self._user.access_level)
        text = self.tr("Right document: %1 · Not relevant: %2")
        self.count_label.setText(
            text.replace("%1", format_int(counts.get("relevant", 0))).replace(
                "%2", format_int(counts.get("not_relevant", 0))
            )
        )

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Relevance feedback"))
        current = self.label_combo.currentData()
        self.label_combo.clear()
        self.label_combo.addItem(self.tr("All judgements"), None)
        self.label_combo.addItem(label_text("relevant"), "relevant")
        self.label_combo.addItem(label_text("not_relevant"), "not_relevant")
        self.label_combo.setCurrentIndex(max(self.label_combo.findData(current), 0))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("User"),
                self.tr("Query"),
                self.tr("Judgement"),
                self.tr("Document"),
                self.tr("Access level"),
                self.tr("Department"),
            ]
        )
        self.positive_button.setText(self.tr("Export positive pairs…"))
        self.negative_button.setText(self.tr("Export hard negatives…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            self.refresh()
        super().changeEvent(event)

    @Slot(int)
    def _on_label_activated(self, _index: int) -> None:
        self.refresh()

    @Slot()
    def _on_positive_clicked(self) -> None:
        ask_and_export(self, self._context, self._user, "positive_pairs")

    @Slot()
    def _on_negative_clicked(self) -> None:
        ask_and_export(self, self._context, self._user, "hard_negatives")

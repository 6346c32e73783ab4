"""Wizard page 4: the current and the new model side by side, and the recommendation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from vnsearch.finetune.package import COMPARISON_FILE, EVAL_DIR
from vnsearch.gui.file_actions import open_file
from vnsearch.gui.finetune_wizard.state import FineTuneState
from vnsearch.gui.i18n import format_float, format_int

METRICS = (("mrr@10", "MRR@10"), ("hit@1", "Hit@1"), ("ndcg@10", "NDCG@10"))
SPLITS = ("held_out", "train")
SPLIT, METRIC, BASE, NEW, CHANGE = range(5)


class FineTuneResultsPage(QWizardPage):
    """Metrics per split for both models, the recommendation and the report files."""

    def __init__(self, state: FineTuneState) -> None:
        super().__init__()
        self._state = state
        self.recommendation_label = QLabel()
        self.recommendation_label.setObjectName("recommendation")
        self.recommendation_label.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("metricsTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SPLIT, QHeaderView.ResizeMode.ResizeToContents)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("color: #555;")
        self.folder_label = QLabel()
        self.folder_label.setObjectName("packageFolder")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_button = QPushButton()
        self.report_button.setObjectName("openComparison")
        self.folder_button = QPushButton()

        buttons = QHBoxLayout()
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.recommendation_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note_label)
        layout.addWidget(self.folder_label)
        layout.addLayout(buttons)

        self.report_button.clicked.connect(self._on_report_clicked)
        self.folder_button.clicked.connect(self._on_folder_clicked)
        self.retranslate_ui()

    @property
    def comparison_path(self) -> Path | None:
        """The comparison report of the new model, once training finished."""
        result = self._state.result
        if result is None or result.path is None:
            return None
        return result.path / EVAL_DIR / COMPARISON_FILE

    def initializePage(self) -> None:
        result = self._state.result
        if result is None or result.path is None:
            return
        metrics: dict[str, Any] = result.metrics
        splits = [split for split in SPLITS if split in metrics]
        self.table.setRowCount(len(splits) * len(METRICS))
        row = 0
        for split in splits:
            values = metrics[split]
            for key, label in METRICS:
                base, new = float(values["base"][key]), float(values["new"][key])
                change = new - base
                cells = (
                    self._split_name(split, int(values.get("queries", 0))),
                    label,
                    format_float(base, 3),
                    format_float(new, 3),
                    ("+" if change > 0 else "") + format_float(change, 3),
                )
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if column >= BASE:
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        )
                    self.table.setItem(row, column, item)
                row += 1
        self._show_recommendation()
        self.folder_label.setText(
            self.tr("Model folder (copy it to use the model on other computers): %1").replace(
                "%1", str(result.path)
            )
        )

    def _split_name(self, split: str, queries: int) -> str:
        names = {
            "held_out": self.tr("Held-out questions (%1)"),
            "train": self.tr("Training questions, sample (%1)"),
        }
        return names.get(split, split).replace("%1", format_int(queries))

    def _show_recommendation(self) -> None:
        result = self._state.result
        if result is None:
            return
        held_out = result.metrics.get("held_out", {})
        before = format_float(float(held_out.get("base", {}).get("mrr@10", 0.0)), 3)
        after = format_float(float(held_out.get("new", {}).get("mrr@10", 0.0)), 3)
        if result.recommended:
            text = self.tr(
                "Recommended: activate %1. On the held-out questions MRR@10 rose from %2 to %3."
            )
        else:
            text = self.tr(
                "Not recommended: on the held-out questions MRR@10 did not improve (%2 before, "
                "%3 after), so the current model %4 stays the better choice. You can still "
                "activate %1 on the next page."
            )
        self.recommendation_label.setText(
            text.replace("%1", result.name)
            .replace("%2", before)
            .replace("%3", after)
            .replace("%4", self._state.base_model)
        )
        color = "#1b5e20" if result.recommended else "#8a5a00"
        self.recommendation_label.setStyleSheet(f"font-weight: bold; color: {color};")

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Results"))
        self.setSubTitle(self.tr("How well the current and the new model find the answers."))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Questions"),
                self.tr("Metric"),
                self.tr("Current model"),
                self.tr("New model"),
                self.tr("Change"),
            ]
        )
        self.note_label.setText(
            self.tr(
                "MRR@10 rewards finding the answer near the top, Hit@1 counts answers in first "
                "place and NDCG@10 weighs every answer by its rank; 1 is best. Only the held-out "
                "questions show how the model handles questions it has not seen."
            )
        )
        self.report_button.setText(self.tr("Open the comparison report"))
        self.folder_button.setText(self.tr("Open the model folder"))
        if self._state.result is not None:
            self.initializePage()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_report_clicked(self) -> None:
        path = self.comparison_path
        if path is not None:
            open_file(self.window(), str(path))

    @Slot()
    def _on_folder_clicked(self) -> None:
        result = self._state.result
        if result is not None and result.path is not None:
            open_file(self.window(), str(result.path))

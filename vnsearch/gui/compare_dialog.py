"""Compare installed embedding models on a question set and open the HTML report.

The comparison indexes the question set's documents into temporary folders with each
chosen model and searches every question in each chosen mode (see
:func:`vnsearch.evaluation.compare.run_comparison`). It runs in a child process and
writes ``report.html`` and ``report.json`` into ``<data dir>/reports/<time>/``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vnsearch.evaluation.datasets import QUESTIONS_FILE
from vnsearch.evaluation.modes import EVAL_MODES
from vnsearch.gui.context import AppContext
from vnsearch.gui.file_actions import open_file
from vnsearch.gui.i18n import format_int
from vnsearch.gui.messages import report_error
from vnsearch.gui.process_jobs import JobCancelled, compare_job
from vnsearch.gui.signals import emit
from vnsearch.gui.tasks import BackgroundTask, TaskCancelled, run_process_task
from vnsearch.models.registry import ModelInfo

logger = logging.getLogger("vnsearch.gui")

DEFAULT_MODES = ("dense", "fts", "hybrid")


def question_set_splits(folder: Path) -> list[str] | None:
    """Return the splits of a BEIR folder, [] for a questions.jsonl folder, None otherwise.

    A split is a subfolder with ``queries.jsonl`` and ``qrels.tsv``.
    """
    if (folder / QUESTIONS_FILE).is_file():
        return []
    if not (folder / "corpus.jsonl").is_file():
        return None
    return sorted(
        child.name
        for child in folder.iterdir()
        if (child / "queries.jsonl").is_file() and (child / "qrels.tsv").is_file()
    )


class CompareDialog(QDialog):
    """Question set, models and modes to compare, with progress; opens the report.

    Signals:
        report_written(object): the Path of the HTML report, once written.
    """

    report_written = Signal(object)

    def __init__(
        self,
        context: AppContext,
        models: Sequence[ModelInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self._context = context
        self._task: BackgroundTask[Path] | None = None
        self._running = False
        self._steps_done = 0
        self._steps_total = 0
        self.report_path: Path | None = None
        has_reranker = any(m.kind == "reranker" for m in models)

        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.dataset_edit = QLineEdit()
        self.dataset_edit.setObjectName("questionSet")
        self.browse_button = QPushButton()
        dataset_row = QHBoxLayout()
        dataset_row.addWidget(self.dataset_edit, 1)
        dataset_row.addWidget(self.browse_button)
        self.split_combo = QComboBox()
        self.split_combo.setObjectName("questionSplit")
        self.model_list = QListWidget()
        self.model_list.setObjectName("compareModels")
        active = context.engine.model_name
        for info in models:
            if info.kind != "embedding":
                continue
            item = QListWidgetItem(info.name)
            item.setData(Qt.ItemDataRole.UserRole, info.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if info.name == active else Qt.CheckState.Unchecked
            )
            self.model_list.addItem(item)
        self.mode_boxes: dict[str, QCheckBox] = {}
        modes_widget = QWidget()
        modes_layout = QGridLayout(modes_widget)
        modes_layout.setContentsMargins(0, 0, 0, 0)
        for index, mode in enumerate(EVAL_MODES):
            box = QCheckBox(mode)
            box.setChecked(mode in DEFAULT_MODES)
            if "rerank" in mode and not has_reranker:
                box.setEnabled(False)
                box.setChecked(False)
            self.mode_boxes[mode] = box
            modes_layout.addWidget(box, index // 3, index % 3)
        self.limit_spin = QSpinBox()
        self.limit_spin.setRange(0, 1_000_000)
        self._form_labels = [QLabel() for _ in range(5)]
        form = QFormLayout()
        form.addRow(self._form_labels[0], dataset_row)
        fields = (self.split_combo, self.model_list, modes_widget, self.limit_spin)
        for label, field in zip(self._form_labels[1:], fields, strict=True):
            form.addRow(label, field)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("compareProblem")
        self.problem_label.setWordWrap(True)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("compareProgress")
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label = QLabel()
        self.status_label.setObjectName("compareStatus")
        self.status_label.setWordWrap(True)
        self.run_button = QPushButton()
        self.run_button.setObjectName("runComparison")
        self.run_button.setDefault(True)
        self.close_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)

        self.dataset_edit.textChanged.connect(self._on_dataset_text_changed)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.model_list.itemChanged.connect(self._on_model_item_changed)
        for box in self.mode_boxes.values():
            box.toggled.connect(self._on_mode_toggled)
        self.run_button.clicked.connect(self._on_run_clicked)
        self.close_button.clicked.connect(self._on_close_clicked)
        self.resize(720, 620)
        self.retranslate_ui()
        self._update_state()

    def set_question_set(self, folder: Path) -> None:
        """Choose the question set folder."""
        self.dataset_edit.setText(str(folder))

    def set_models(self, names: Sequence[str]) -> None:
        """Check exactly the models called ``names``."""
        for row in range(self.model_list.count()):
            item = self.model_list.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in names
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def set_modes(self, modes: Sequence[str]) -> None:
        """Check exactly the evaluation modes in ``modes`` that can run."""
        for mode, box in self.mode_boxes.items():
            box.setChecked(mode in modes and box.isEnabled())

    def chosen_models(self) -> list[str]:
        """Return the checked model names, in list order."""
        return [
            str(self.model_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.model_list.count())
            if self.model_list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def chosen_modes(self) -> list[str]:
        """Return the checked evaluation modes."""
        return [mode for mode, box in self.mode_boxes.items() if box.isChecked()]

    def is_running(self) -> bool:
        """True while a comparison runs."""
        return self._running

    def problem(self) -> str:
        """Why the comparison cannot start, translated, or "" when it can."""
        text = self.dataset_edit.text().strip()
        if not text:
            return self.tr("Choose a question set folder.")
        splits = question_set_splits(Path(text)) if Path(text).is_dir() else None
        if splits is None:
            return self.tr(
                "%1 is not a question set. Choose a folder with documents and questions.jsonl, "
                "or a BEIR folder with corpus.jsonl and a split such as dev/."
            ).replace("%1", text)
        if splits == [] and not (Path(text) / QUESTIONS_FILE).is_file():
            return self.tr("The BEIR folder has no split with queries.jsonl and qrels.tsv.")
        if not self.chosen_models():
            return self.tr("Choose at least one model.")
        if not self.chosen_modes():
            return self.tr("Choose at least one search mode.")
        return ""

    def start(self) -> bool:
        """Start the comparison in the background; False when a choice is missing."""
        problem = self.problem()
        if problem or self.is_running():
            self.problem_label.setText(problem)
            return False

        models, modes = self.chosen_models(), self.chosen_modes()
        split = self.split_combo.currentText() or "dev"
        self._steps_done = 0
        self._steps_total = len(models) * (1 + len(modes))
        self.progress_bar.setRange(0, self._steps_total)
        self.progress_bar.setValue(0)
        self.report_path = None
        self.status_label.setText(self.tr("Starting the comparison…"))
        self._running = True
        logger.info(
            "Comparing models %s in modes %s on %s", models, modes, self.dataset_edit.text()
        )

        # A child process: it loads every chosen model and indexes the question set.
        self._task = run_process_task(
            self,
            "compare-models",
            compare_job,
            (
                self._context.data_dir,
                Path(self.dataset_edit.text().strip()),
                models,
                modes,
                split,
                asdict(self._context.engine.settings),
                self.limit_spin.value() or None,
            ),
            on_progress=self._on_progress,
            on_result=self._on_report,
            on_error=self._on_failed,
            on_finished=self._on_finished,
            failure_text=self.tr("The models could not be compared."),
        )
        self._update_state()
        return True

    def cancel(self) -> None:
        """Stop at the next step; no report is written."""
        if self._task is not None and self._running:
            self._task.cancel()
            self.status_label.setText(self.tr("Stopping after the current step…"))

    def _on_progress(self, message: object) -> None:
        logger.info("Comparison: %s", message)
        self._steps_done += 1
        self.progress_bar.setValue(min(self._steps_done, self._steps_total))
        self.status_label.setText(
            self.tr("Indexing and searching: step %1 of %2…")
            .replace("%1", format_int(self._steps_done))
            .replace("%2", format_int(self._steps_total))
        )

    def _on_report(self, path: Path) -> None:
        self.report_path = path
        self.progress_bar.setValue(self._steps_total)
        self.status_label.setText(self.tr("Report written to %1.").replace("%1", str(path)))
        emit(self.report_written, path)
        open_file(self, str(path))

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, (JobCancelled, TaskCancelled)):
            self.status_label.setText(
                self.tr("The comparison was cancelled; no report was written.")
            )
            return
        text = self.tr("The models could not be compared.")
        self.status_label.setText(text)
        report_error(self, error, text)

    def _on_finished(self) -> None:
        self._running = False
        self._update_state()

    def _update_state(self) -> None:
        running = self.is_running()
        problem = "" if running else self.problem()
        self.problem_label.setText(problem)
        self.run_button.setEnabled(not running and not problem)
        self.close_button.setText(self.tr("Cancel") if running else self.tr("Close"))
        for widget in (self.dataset_edit, self.browse_button, self.model_list, self.limit_spin):
            widget.setEnabled(not running)

    def _update_splits(self) -> None:
        text = self.dataset_edit.text().strip()
        path = Path(text) if text else None
        splits = question_set_splits(path) if path is not None and path.is_dir() else None
        self.split_combo.clear()
        if splits:
            self.split_combo.addItems(splits)
            if "dev" in splits:
                self.split_combo.setCurrentText("dev")
        self.split_combo.setEnabled(bool(splits))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Compare models"))
        self._intro.setText(
            self.tr(
                "Each chosen model indexes the question set's documents into a temporary "
                "index and answers every question in each chosen mode. The report shows "
                "MRR@10, Hit@k and NDCG@10 per model and mode. The index is not changed."
            )
        )
        labels = (
            self.tr("Question set:"),
            self.tr("Split:"),
            self.tr("Models:"),
            self.tr("Search modes:"),
            self.tr("Questions (0 = all):"),
        )
        for label, text in zip(self._form_labels, labels, strict=True):
            label.setText(text)
        self.browse_button.setText(self.tr("Browse…"))
        self.run_button.setText(self.tr("Compare"))
        for mode, box in self.mode_boxes.items():
            if not box.isEnabled() and "rerank" in mode:
                box.setToolTip(self.tr("No re-ranker model is installed."))
        self._update_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel()
        super().closeEvent(event)

    @Slot(str)
    def _on_dataset_text_changed(self, _text: str) -> None:
        self._update_splits()
        self._update_state()

    @Slot()
    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a question set folder"))
        if folder:
            self.set_question_set(Path(folder))

    @Slot(QListWidgetItem)
    def _on_model_item_changed(self, _item: QListWidgetItem) -> None:
        self._update_state()

    @Slot(bool)
    def _on_mode_toggled(self, _checked: bool) -> None:
        self._update_state()

    @Slot()
    def _on_run_clicked(self) -> None:
        self.start()

    @Slot()
    def _on_close_clicked(self) -> None:
        if self.is_running():
            self.cancel()
        else:
            self.close()

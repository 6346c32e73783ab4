"""Wizard page 4: what will be read, and a time estimate measured on this computer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from vnsearch.gui.context import AppContext
from vnsearch.gui.i18n import format_duration, format_float, format_int, format_size
from vnsearch.gui.import_wizard.estimate import (
    ImportSummary,
    RateSample,
    TimeEstimate,
    estimate_time,
    pick_sample,
    summarize,
)
from vnsearch.gui.import_wizard.state import ImportState
from vnsearch.gui.messages import report_error
from vnsearch.gui.process_jobs import EngineSpec, measure_job
from vnsearch.gui.signals import emit
from vnsearch.gui.tasks import (
    BackgroundTask,
    TaskCancelled,
    TaskContext,
    run_process_task,
    run_task,
)


def _scan(context: AppContext, state: ImportState, task: TaskContext) -> ImportSummary:
    """Count the files to import and those the index already contains unchanged."""
    known = context.engine.store.documents_by_path()
    return summarize(state.folders, state.suffixes, state.exclude, known, task.cancel)


class SummaryPage(QWizardPage):
    """File counts and sizes per type, and the estimated indexing time."""

    def __init__(self, context: AppContext, state: ImportState) -> None:
        super().__init__()
        self._context = context
        self._state = state
        self._task: BackgroundTask[ImportSummary] | None = None
        self._measure_task: BackgroundTask[RateSample] | None = None
        self.summary: ImportSummary | None = None
        self.estimate: TimeEstimate | None = None
        self._measuring = False

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("summaryTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        self.estimate_label = QLabel()
        self.estimate_label.setObjectName("estimateLabel")
        self.estimate_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.totals_label)
        layout.addSpacing(8)
        layout.addWidget(self.estimate_label)
        layout.addStretch(1)
        self.setCommitPage(True)
        self.retranslate_ui()

    def initializePage(self) -> None:
        self.summary = None
        self.estimate = None
        self._measuring = True
        self.table.setRowCount(0)
        self.totals_label.setText(self.tr("Counting files…"))
        self.estimate_label.setText("")
        context, state = self._context, self._state
        self._task = run_task(
            self,
            "import-summary",
            lambda task: _scan(context, state, task),
            on_result=self._on_summary,
            on_error=self._on_measure_failed,
            failure_text=self.tr("The folders could not be read."),
        )
        emit(self.completeChanged)

    def cleanupPage(self) -> None:
        for task in (self._task, self._measure_task):
            if task is not None:
                task.cancel()

    def isComplete(self) -> bool:
        return self.summary is not None and self.summary.total_files > 0

    def is_measuring(self) -> bool:
        """True while the files are counted or the speed is measured."""
        return self._measuring

    def _on_summary(self, summary: ImportSummary) -> None:
        self.summary = summary
        types = sorted(summary.files_by_type)
        self.table.setRowCount(len(types) + 1)
        for row, suffix in enumerate(types):
            self._set_row(row, suffix, summary.files_by_type[suffix], summary.bytes_by_type[suffix])
        total_row = len(types)
        self._set_row(total_row, self.tr("Total"), summary.total_files, summary.total_bytes)
        for column in range(3):
            item = self.table.item(total_row, column)
            if item is not None:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
        if summary.total_files == 0:
            self.totals_label.setText(
                self.tr(
                    "No file of the chosen types was found. Go back and choose other "
                    "folders or file types."
                )
            )
        else:
            text = self.tr("%n file(s) to read.", "", len(summary.todo))
            if summary.unchanged_files:
                text += " " + self.tr(
                    "%n file(s) are already indexed and unchanged; they are skipped.",
                    "",
                    summary.unchanged_files,
                )
            self.totals_label.setText(text)
        emit(self.completeChanged)
        if not summary.todo:
            self._on_measured(None)
            return
        self.estimate_label.setText(
            self.tr("Measuring the indexing speed on this computer with a few files…")
        )
        # In a child process: loading the model and embedding in this process would
        # stall the window (see process_jobs).
        self._measure_task = run_process_task(
            self,
            "measure-speed",
            measure_job,
            (EngineSpec.of(self._context.engine), pick_sample(summary.todo)),
            on_result=lambda sample: self._on_measured(estimate_time(summary, sample)),
            on_error=self._on_measure_failed,
            failure_text=self.tr("The indexing speed could not be measured."),
            kill_on_cancel=True,
        )

    def _set_row(self, row: int, name: str, files: int, size: int) -> None:
        values = (name, format_int(files), format_size(size))
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if column:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)

    def _on_measured(self, estimate: TimeEstimate | None) -> None:
        self._measuring = False
        self.estimate = estimate
        summary = self.summary
        if summary is None or not summary.todo:
            if summary is not None and summary.total_files:
                self.estimate_label.setText(
                    self.tr("Nothing new to read: indexing only checks for deleted files.")
                )
            return
        if estimate is None:
            self.estimate_label.setText(
                self.tr("The speed could not be measured; no time estimate is available.")
            )
            return
        sample = estimate.sample
        low, high = format_duration(estimate.low_seconds), format_duration(estimate.high_seconds)
        span = low if low == high else self.tr("%1 to %2").replace("%1", low).replace("%2", high)
        text = self.tr(
            "Estimated time: about %1. This is an estimate: %2 sample file(s) took %3 s "
            "(%4 s per file) on this computer. Scanned PDFs and large spreadsheets can take "
            "longer. You can cancel at any time; finished files stay searchable."
        )
        per_file = sample.seconds / sample.files
        text = (
            text.replace("%1", span)
            .replace("%2", format_int(sample.files))
            .replace("%3", format_float(sample.seconds, 1))
            .replace("%4", format_float(per_file, 1))
        )
        self.estimate_label.setText(text)

    def _on_measure_failed(self, error: BaseException) -> None:
        self._measuring = False
        if isinstance(error, TaskCancelled):
            return  # the user went back; nothing to report
        if self.summary is None:
            report_error(self.window(), error, self.tr("The folders could not be read."))
            self.totals_label.setText(self.tr("The folders could not be read."))
        else:
            report_error(self.window(), error, self.tr("The indexing speed could not be measured."))
            self.estimate_label.setText(
                self.tr("The speed could not be measured; no time estimate is available.")
            )

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Summary"))
        self.setSubTitle(self.tr("Check what will be indexed, then start."))
        self.table.setHorizontalHeaderLabels(
            [self.tr("File type"), self.tr("Files"), self.tr("Size")]
        )
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Start indexing"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

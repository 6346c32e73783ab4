"""Wizard page 5: the indexing run with live progress and Cancel."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from vnsearch.gui.context import AppContext
from vnsearch.gui.i18n import format_duration, format_float, format_int
from vnsearch.gui.import_wizard.issue_texts import problem_text
from vnsearch.gui.import_wizard.state import ImportState
from vnsearch.gui.indexing import ModelProgress, start_indexing
from vnsearch.gui.signals import emit
from vnsearch.gui.tasks import BackgroundTask
from vnsearch.indexing.progress import IndexProgress, IndexReport

logger = logging.getLogger("vnsearch.gui")
_MAX_LOG_LINES = 5000


class IndexingPage(QWizardPage):
    """Progress bar, counters, current file and a live log of the run.

    Signals:
        run_finished(): the run ended (finished, cancelled or failed).
    """

    run_finished = Signal()

    def __init__(self, context: AppContext, state: ImportState) -> None:
        super().__init__()
        self._context = context
        self._state = state
        self._task: BackgroundTask[IndexReport] | None = None
        self._done = False
        self._last_file = ""
        self._phase = ""
        self.started_at = 0.0

        self.phase_label = QLabel()
        self.phase_label.setObjectName("phaseLabel")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("indexProgress")
        self.files_value = QLabel()
        self.chunks_value = QLabel()
        self.speed_value = QLabel()
        self.eta_value = QLabel()
        self.current_value = QLabel()
        self.current_value.setWordWrap(True)
        self._form_labels = [QLabel() for _ in range(5)]
        form = QFormLayout()
        for label, value in zip(
            self._form_labels,
            (
                self.files_value,
                self.chunks_value,
                self.speed_value,
                self.eta_value,
                self.current_value,
            ),
            strict=True,
        ):
            form.addRow(label, value)
        self.log = QPlainTextEdit()
        self.log.setObjectName("indexLog")
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(_MAX_LOG_LINES)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelIndexing")
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.phase_label)
        layout.addWidget(self.progress_bar)
        layout.addLayout(form)
        layout.addWidget(self.log, 1)
        layout.addWidget(self.cancel_button)
        self.setCommitPage(True)
        self.retranslate_ui()

    @property
    def task(self) -> BackgroundTask[IndexReport] | None:
        """The running (or finished) indexing task."""
        return self._task

    def is_running(self) -> bool:
        """True while the run has not ended."""
        return self._task is not None and not self._done

    def initializePage(self) -> None:
        self._done = False
        self._state.report = None
        self._state.error = None
        self.log.clear()
        self.progress_bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.started_at = time.monotonic()
        self._append(
            self.tr("Started indexing %1.").replace("%1", ", ".join(map(str, self._state.folders)))
        )
        self._show_phase(self.tr("Preparing the search model…"))
        self._task = start_indexing(
            self,
            self._context.engine,
            self._state.request(),
            on_progress=self._on_progress,
            on_result=self._on_report,
            on_error=self._on_failed,
            on_finished=self._on_finished,
            failure_text=self.tr("Indexing failed."),
        )
        emit(self.completeChanged)

    def cancel(self) -> None:
        """Stop after the batch in flight; files committed so far stay indexed."""
        if self._task is not None and not self._done:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self._show_phase(self.tr("Stopping after the current batch…"))
            self._append(self.tr("Cancel requested."))

    def isComplete(self) -> bool:
        return self._done

    def _on_progress(self, payload: object) -> None:
        if isinstance(payload, ModelProgress):
            self._append(payload.message)
            return
        if not isinstance(payload, IndexProgress):
            return
        if payload.phase != self._phase:
            self._phase = payload.phase
            phases = {
                "scanning": self.tr("Looking for new and changed files…"),
                "indexing": self.tr("Reading and indexing files…"),
                "optimizing": self.tr("Building the search index…"),
                "done": self.tr("Finishing…"),
            }
            if self.cancel_button.isEnabled() or payload.phase in ("optimizing", "done"):
                self._show_phase(phases.get(payload.phase, payload.phase))
            self._append(phases.get(payload.phase, payload.phase))
        if payload.files_total:
            self.progress_bar.setRange(0, payload.files_total)
            self.progress_bar.setValue(payload.files_done)
        elif payload.phase in ("optimizing", "done"):
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(1)
        self.files_value.setText(
            self.tr("%1 of %2")
            .replace("%1", format_int(payload.files_done))
            .replace("%2", format_int(payload.files_total))
        )
        self.chunks_value.setText(format_int(payload.chunks_done))
        if payload.chunks_per_second:
            self.speed_value.setText(
                self.tr("%1 chunks/s").replace("%1", format_float(payload.chunks_per_second, 1))
            )
        if payload.eta_seconds is not None:
            self.eta_value.setText(
                self.tr("about %1").replace("%1", format_duration(payload.eta_seconds))
            )
        if payload.current_file and payload.current_file != self._last_file:
            self._last_file = payload.current_file
            self.current_value.setText(Path(payload.current_file).name)
            self.current_value.setToolTip(payload.current_file)
            self._append(self.tr("Read %1").replace("%1", payload.current_file))

    def _on_report(self, report: IndexReport) -> None:
        self._state.report = report
        if report.cancelled:
            self._append(self.tr("Cancelled. Files finished before the cancel stay indexed."))
        else:
            self._append(
                self.tr("Finished in %1.").replace("%1", format_duration(report.elapsed_seconds))
            )
        for issue in report.issues:
            self._append(
                self.tr("Skipped %1: %2")
                .replace("%1", issue.path)
                .replace("%2", problem_text(issue.code))
            )

    def _on_failed(self, error: BaseException) -> None:
        self._state.error = error
        logger.warning("Indexing failed: %s", error, exc_info=error)
        self._append(self.tr("Indexing failed: %1").replace("%1", str(error)))

    def _on_finished(self) -> None:
        self._done = True
        self.cancel_button.setEnabled(False)
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1)
        self._show_phase(self.tr("Done."))
        emit(self.completeChanged)
        emit(self.run_finished)

    def _show_phase(self, text: str) -> None:
        self.phase_label.setText(text)

    def _append(self, line: str) -> None:
        self.log.appendPlainText(f"{time.strftime('%H:%M:%S')}  {line}")

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Indexing"))
        self.setSubTitle(
            self.tr("You can keep working in other programs. Cancel keeps the finished files.")
        )
        for label, text in zip(
            self._form_labels,
            (
                self.tr("Files:"),
                self.tr("Chunks:"),
                self.tr("Speed:"),
                self.tr("Time left:"),
                self.tr("Current file:"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.cancel_button.setText(self.tr("Cancel indexing"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Show the result"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_cancel_clicked(self) -> None:
        self.cancel()

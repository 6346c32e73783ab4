"""Wizard page 1: choose the training data, check it and read the validation report."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWizardPage,
)

from vnsearch.gui.context import AppContext
from vnsearch.gui.finetune_wizard.jobs import CheckedData, check_data_job
from vnsearch.gui.finetune_wizard.report_texts import finding_text, report_html
from vnsearch.gui.finetune_wizard.sources_form import InvalidSources, SourcesForm
from vnsearch.gui.finetune_wizard.state import FineTuneState
from vnsearch.gui.i18n import level_label
from vnsearch.gui.process_jobs import EngineSpec
from vnsearch.gui.signals import emit
from vnsearch.gui.tasks import BackgroundTask, TaskCancelled, run_process_task, run_task

logger = logging.getLogger("vnsearch.gui")


class FineTuneDataPage(QWizardPage):
    """The sources form, a Check button and the validation report.

    Next stays disabled until a check of the current choices found no error.

    Signals:
        check_finished(): a data check ended (passed, blocked by errors, or failed).
    """

    check_finished = Signal()

    def __init__(self, context: AppContext, state: FineTuneState) -> None:
        super().__init__()
        self._context = context
        self._state = state
        self._task: BackgroundTask[CheckedData] | None = None
        self._checking = False
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.form = SourcesForm()
        self.check_button = QPushButton()
        self.check_button.setObjectName("checkData")
        self.status_label = QLabel()
        self.status_label.setObjectName("dataStatus")
        self.status_label.setWordWrap(True)
        self.report_view = QTextBrowser()
        self.report_view.setObjectName("validationReport")
        self.report_view.setOpenLinks(False)

        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.status_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addWidget(self.form)
        layout.addLayout(check_row)
        layout.addWidget(self.report_view, 1)
        self.form.changed.connect(self._on_form_changed)
        self.check_button.clicked.connect(self._on_check_clicked)
        self.retranslate_ui()

    def initializePage(self) -> None:
        if self._context.engine.store.meta is None:
            self.check_button.setEnabled(False)
            self._show_empty_index()
            return
        feedback, level = self._context.feedback, self._state.max_level
        run_task(
            self,
            "feedback-count",
            lambda _task: feedback.count(level),
            on_result=self._on_feedback_counted,
            failure_text=self.tr("The confirmed search results could not be counted."),
        )
        if self._state.checked is None and not self._checking:
            self._show_status(self.tr("Choose the data, then press Check."))

    def cleanupPage(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def isComplete(self) -> bool:
        checked = self._state.checked
        return checked is not None and checked.prepared.report.ok and not self.is_checking()

    def is_checking(self) -> bool:
        """True while a data check runs."""
        return self._checking

    def start_check(self) -> bool:
        """Start checking the chosen data in the background.

        Returns False when the choices are incomplete; the status line then names
        what to fix.
        """
        if self._checking:
            return False
        if self._context.engine.store.meta is None:
            self._show_empty_index()
            return False
        try:
            sources = self.form.sources()
        except InvalidSources as problem:
            self._show_status(str(problem))
            return False

        self._state.sources = sources
        self._state.checked = None
        self.report_view.clear()
        self.check_button.setEnabled(False)
        self._checking = True
        self._show_status(
            self.tr("Reading and checking the data, and measuring the model's speed…")
        )

        # A child process: the check loads the model and imports PyTorch, which would
        # stall this window (see process_jobs).
        self._task = run_process_task(
            self,
            "finetune-check",
            check_data_job,
            (EngineSpec.of(self._context.engine), sources, self._state.max_level),
            on_result=self._on_checked,
            on_error=self._on_check_failed,
            on_finished=self._on_check_ended,
            failure_text=self.tr("The training data could not be checked."),
            kill_on_cancel=True,
        )
        emit(self.completeChanged)
        return True

    def _on_feedback_counted(self, counts: dict[str, int]) -> None:
        self.form.set_feedback_counts(counts.get("relevant", 0), counts.get("not_relevant", 0))
        # Offer feedback as the default source, unless a check already runs or ran.
        idle = not self._checking and self._state.checked is None
        if counts.get("relevant", 0) and idle and not self.form.feedback_box.isChecked():
            self.form.feedback_box.setChecked(True)

    def _on_checked(self, checked: CheckedData) -> None:
        if self._task is not None and self._task.cancel_event.is_set():
            return  # the choices changed after this check started
        self._state.checked = checked
        report = checked.prepared.report
        self.report_view.setHtml(report_html(report, self._state.max_level))
        if report.ok:
            self._show_status(
                self.tr("The data can be used. Press Next to choose the training settings.")
            )
            return
        errors = [
            finding_text(f, self._state.max_level) for f in report.findings if f.severity == "error"
        ]
        self._show_status(
            self.tr("Training cannot start: %1").replace("%1", " ".join(errors)), error=True
        )

    def _on_check_failed(self, error: BaseException) -> None:
        if isinstance(error, TaskCancelled):
            return
        logger.warning("Fine-tuning data check failed: %s", error, exc_info=error)
        self._show_status(
            self.tr(
                "The training data could not be read. Correct the file named in the details "
                "below, then press Check again."
            ),
            error=True,
        )
        self.report_view.setPlainText(f"{type(error).__name__}: {error}")

    def _on_check_ended(self) -> None:
        self._checking = False
        self.check_button.setEnabled(True)
        emit(self.completeChanged)
        emit(self.check_finished)

    def _show_empty_index(self) -> None:
        self._show_status(
            self.tr(
                "The index is empty. Import documents first: fine-tuning adapts the model "
                "that the index uses."
            ),
            error=True,
        )

    def _show_status(self, text: str, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b02a2a;" if error else "")

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Training data"))
        self.setSubTitle(
            self.tr(
                "Choose what the model learns from. Training uses only passages at or below "
                "your access level (%1)."
            ).replace("%1", level_label(self._state.max_level))
        )
        self._intro.setText(
            self.tr(
                "Fine-tuning teaches the search model your company's questions. Each training "
                "pair is a question and the passage that answers it. Some questions are held "
                "out to measure whether the new model finds their answers better."
            )
        )
        self.check_button.setText(self.tr("Check"))
        if self._state.checked is not None:
            self._on_checked(self._state.checked)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_form_changed(self) -> None:
        was_checking = self._task is not None and self._checking
        if self._task is not None and was_checking:
            self._task.cancel()  # its result would describe the old choices
        if was_checking or self._state.checked is not None or self.report_view.toPlainText():
            self._state.checked = None
            self.report_view.clear()
            self._show_status(self.tr("The choices changed; press Check again."))
        emit(self.completeChanged)

    @Slot()
    def _on_check_clicked(self) -> None:
        self.start_check()

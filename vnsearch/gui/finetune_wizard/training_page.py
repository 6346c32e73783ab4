"""Wizard page 3: the training run with live steps, loss curve, held-out score and Cancel."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from vnsearch.finetune.job import FineTuneJob, FineTuneResult, TrainingProgress
from vnsearch.gui.context import AppContext
from vnsearch.gui.finetune_wizard.loss_chart import LossChart
from vnsearch.gui.finetune_wizard.state import FineTuneState
from vnsearch.gui.i18n import format_duration, format_float, format_int
from vnsearch.gui.messages import report_error
from vnsearch.gui.signals import emit
from vnsearch.gui.tasks import BackgroundTask, TaskContext, run_task

logger = logging.getLogger("vnsearch.gui")

TASK_NAME = "finetune"


class FineTuneTrainingPage(QWizardPage):
    """Phase, step progress, loss, held-out MRR@10, time left, the loss chart and Cancel.

    Training runs in a worker process that :class:`FineTuneJob` starts; the job's own
    loop, which only forwards that process's events, runs on a background thread.

    Signals:
        run_finished(): the run ended (finished, cancelled or failed).
    """

    run_finished = Signal()

    def __init__(self, context: AppContext, state: FineTuneState) -> None:
        super().__init__()
        self._context = context
        self._state = state
        self._task: BackgroundTask[FineTuneResult] | None = None
        self._done = False
        self._phase = ""
        self.started_at = 0.0
        self.phase_label = QLabel()
        self.phase_label.setObjectName("trainingPhase")
        self.phase_label.setWordWrap(True)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("trainingProgress")
        self.step_value = QLabel()
        self.loss_value = QLabel()
        self.score_value = QLabel()
        self.eta_value = QLabel()

        self._form_labels = [QLabel() for _ in range(4)]
        form = QFormLayout()
        values = (self.step_value, self.loss_value, self.score_value, self.eta_value)
        for label, value in zip(self._form_labels, values, strict=True):
            form.addRow(label, value)
        self.chart = LossChart()
        self.cancel_note = QLabel()
        self.cancel_note.setWordWrap(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelTraining")
        self.cancel_button.clicked.connect(self._on_cancel_clicked)

        cancel_row = QHBoxLayout()
        cancel_row.addWidget(self.cancel_note, 1)
        cancel_row.addWidget(self.cancel_button)
        self.outcome_label = QLabel()
        self.outcome_label.setObjectName("trainingOutcome")
        self.outcome_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.phase_label)
        layout.addWidget(self.progress_bar)
        layout.addLayout(form)
        layout.addWidget(self.chart, 1)
        layout.addLayout(cancel_row)
        layout.addWidget(self.outcome_label)
        self.setCommitPage(True)
        self.retranslate_ui()

    @property
    def task(self) -> BackgroundTask[FineTuneResult] | None:
        """The running (or finished) training task."""
        return self._task

    def is_running(self) -> bool:
        """True while the run has not ended."""
        return self._task is not None and not self._done

    def initializePage(self) -> None:
        state = self._state
        checked, options = state.checked, state.options
        assert checked is not None and options is not None, "set by the earlier pages"
        self._done = False
        self._phase = ""
        state.result = None
        state.error = None
        self.chart.clear()
        self.outcome_label.setText("")
        for value in (self.step_value, self.loss_value, self.score_value, self.eta_value):
            value.setText("–")
        self.progress_bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.started_at = time.monotonic()
        self._show_phase(self.tr("Starting the training process…"))
        data_dir, name = self._context.data_dir, state.name
        prepared = checked.prepared
        validation = prepared.report.to_text()

        def train(task: TaskContext) -> FineTuneResult:
            job = FineTuneJob(
                data_dir,
                checked.base_model,
                name,
                prepared.data,
                prepared.mining_corpus,
                options,
                validation,
            )
            return job.run(task.report, task.cancel)

        logger.info("Starting fine-tuning of %s from %s", name, checked.base_model)
        self._task = run_task(
            self,
            TASK_NAME,
            train,
            on_progress=self._on_progress,
            on_result=self._on_result,
            on_error=self._on_failed,
            on_finished=self._on_finished,
            failure_text=self.tr("Training failed."),
        )
        emit(self.completeChanged)

    def cancel(self) -> None:
        """Stop the worker process; nothing is installed and the active model stays."""
        if self._task is not None and not self._done:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self._show_phase(self.tr("Stopping the training…"))

    def isComplete(self) -> bool:
        result = self._state.result
        return self._done and result is not None and not result.cancelled

    def _on_progress(self, payload: object) -> None:
        if not isinstance(payload, TrainingProgress):
            return
        if payload.phase != self._phase and payload.phase != "done":
            self._phase = payload.phase
            if self.cancel_button.isEnabled():
                self._show_phase(self._phase_text(payload))
        if payload.phase != "training" or not payload.total_steps:
            return
        self.progress_bar.setRange(0, payload.total_steps)
        self.progress_bar.setValue(payload.step)
        self.step_value.setText(
            self.tr("%1 of %2")
            .replace("%1", format_int(payload.step))
            .replace("%2", format_int(payload.total_steps))
        )
        if payload.loss is not None:
            self.loss_value.setText(format_float(payload.loss, 4))
            self.chart.add_point(payload.step, payload.loss, payload.total_steps)
        if payload.eval_score is not None:
            self.score_value.setText(format_float(payload.eval_score, 3))
        if payload.eta_seconds is not None:
            self.eta_value.setText(
                self.tr("about %1").replace("%1", format_duration(payload.eta_seconds))
            )

    def _phase_text(self, payload: TrainingProgress) -> str:
        texts = {
            "starting": self.tr("Starting the training process…"),
            "loading": self.tr("Loading the current model…"),
            "evaluating_base": self.tr("Measuring the current model on the held-out questions…"),
            "mining": self.tr("Finding hard negatives in the index…"),
            "training": self.tr("Training…"),
            "evaluating": self.tr("Measuring the new model on the held-out questions…"),
            "saving": self.tr("Saving the new model…"),
        }
        return texts.get(payload.phase, payload.message)

    def _on_result(self, result: FineTuneResult) -> None:
        self._state.result = result
        base = self._state.base_model
        if result.cancelled:
            self.outcome_label.setText(
                self.tr(
                    "Training was cancelled. No model was installed, and the active model %1 "
                    "is unchanged. Close the wizard, or start it again to train with other "
                    "settings."
                ).replace("%1", base)
            )
            return
        self.outcome_label.setText(
            self.tr("Training finished in %1. Model %2 is installed but not active yet.")
            .replace("%1", format_duration(time.monotonic() - self.started_at))
            .replace("%2", result.name)
        )

    def _on_failed(self, error: BaseException) -> None:
        self._state.error = error
        text = self.tr(
            "Training failed. No model was installed, and the active model %1 is unchanged."
        ).replace("%1", self._state.base_model)
        self.outcome_label.setText(text)
        report_error(self.window(), error, text)

    def _on_finished(self) -> None:
        self._done = True
        self.cancel_button.setEnabled(False)
        if self._state.result is not None and not self._state.result.cancelled:
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(1)
            self._show_phase(self.tr("Done."))
        else:
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
            self._show_phase(self.tr("Stopped."))
        emit(self.completeChanged)
        emit(self.run_finished)

    def _show_phase(self, text: str) -> None:
        self.phase_label.setText(text)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Training"))
        self.setSubTitle(
            self.tr("Training runs in the background; search keeps working with the current model.")
        )
        labels = (
            self.tr("Step:"),
            self.tr("Loss:"),
            self.tr("Held-out MRR@10:"),
            self.tr("Time left:"),
        )
        for label, text in zip(self._form_labels, labels, strict=True):
            label.setText(text)
        self.cancel_note.setText(
            self.tr(
                "Cancel stops the training process. No model is installed, and the active "
                "model stays as it is."
            )
        )
        self.cancel_button.setText(self.tr("Cancel training"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Show the results"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_cancel_clicked(self) -> None:
        self.cancel()

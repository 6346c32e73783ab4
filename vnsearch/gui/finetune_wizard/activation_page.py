"""Wizard page 5: activate the new model in the background while search keeps working."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from vnsearch.gui.context import AppContext
from vnsearch.gui.finetune_wizard.state import FineTuneState
from vnsearch.gui.i18n import format_duration
from vnsearch.gui.messages import report_error, show_message
from vnsearch.gui.model_switch import start_model_switch, switch_progress_text
from vnsearch.gui.signals import emit
from vnsearch.gui.tasks import BackgroundTask
from vnsearch.store.switch import SwitchProgress, SwitchReport

logger = logging.getLogger("vnsearch.gui")


class FineTuneActivationPage(QWizardPage):
    """Activate button, a confirmation for a model that is not better, progress, rollback.

    Signals:
        model_activated(str): the index now uses this model.
        run_finished(): an activation run ended (switched, cancelled or failed).
    """

    model_activated = Signal(str)
    run_finished = Signal()

    def __init__(self, context: AppContext, state: FineTuneState) -> None:
        super().__init__()
        self._context = context
        self._state = state
        self._task: BackgroundTask[SwitchReport] | None = None
        self._running = False
        self.explanation_label = QLabel()
        self.explanation_label.setWordWrap(True)
        self.confirm_box = QCheckBox()
        self.confirm_box.setObjectName("confirmNotRecommended")
        self.activate_button = QPushButton()
        self.activate_button.setObjectName("activateModel")
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelActivation")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("activationProgress")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("activationPhase")
        self.progress_label.setWordWrap(True)
        self.outcome_label = QLabel()
        self.outcome_label.setObjectName("activationOutcome")
        self.outcome_label.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.activate_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation_label)
        layout.addWidget(self.confirm_box)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.outcome_label)
        layout.addStretch(1)

        self.confirm_box.toggled.connect(self._on_confirm_toggled)
        self.activate_button.clicked.connect(self._on_activate_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.retranslate_ui()

    @property
    def needs_confirmation(self) -> bool:
        """True when the new model did not beat the current one on the held-out questions."""
        result = self._state.result
        return result is not None and not result.recommended

    def is_running(self) -> bool:
        """True while an activation runs."""
        return self._running

    def initializePage(self) -> None:
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_label.setText("")
        self.outcome_label.setText("")
        self.confirm_box.setChecked(False)
        self._show_explanation()
        self._update_buttons()

    def isComplete(self) -> bool:
        return not self.is_running()

    def activate(self) -> bool:
        """Start the activation; False when it cannot start now (the reason is shown)."""
        result = self._state.result
        if result is None or result.path is None or self.is_running():
            return False
        if self.needs_confirmation and not self.confirm_box.isChecked():
            return False

        try:
            self._task = start_model_switch(
                self,
                self._context,
                result.name,
                allow_not_recommended=self.confirm_box.isChecked(),
                on_progress=self._on_progress,
                on_result=self._on_switched,
                on_error=self._on_failed,
                on_finished=self._on_finished,
            )
        except RuntimeError:
            show_message(
                self.window(),
                self.tr(
                    "Indexing or another model switch is running. Wait until it ends, then "
                    "press Activate again."
                ),
                level="warning",
            )
            return False

        self._running = True
        self.progress_bar.setRange(0, 0)
        self.progress_label.setText(self.tr("Preparing the switch…"))
        self.outcome_label.setText("")
        self._update_buttons()
        emit(self.completeChanged)
        return True

    def cancel(self) -> None:
        """Stop after the batch in flight; the current model stays active."""
        if self._task is not None and self._running:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("Stopping after the current batch…"))

    def _on_progress(self, progress: SwitchProgress) -> None:
        if progress.total:
            self.progress_bar.setRange(0, progress.total)
            self.progress_bar.setValue(progress.done)
        if self.cancel_button.isEnabled() or progress.phase == "done":
            self.progress_label.setText(switch_progress_text(progress))

    def _on_switched(self, report: SwitchReport) -> None:
        self._state.switch = report
        base = self._state.base_model
        if report.cancelled:
            self.outcome_label.setText(
                self.tr(
                    "Activation was cancelled; %1 is still the active model. Press Activate "
                    "again to continue where it stopped."
                ).replace("%1", report.model_id)
            )
            return
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1)
        self.outcome_label.setText(
            self.tr(
                "%1 is now the active model (switched in %2); search uses it from now on. To "
                "go back to %3, press “Roll back to the previous model” on the Models page, or "
                "run: vnsearch models rollback"
            )
            .replace("%1", report.model_id)
            .replace("%2", format_duration(report.elapsed_seconds))
            .replace("%3", report.previous_model_id or base)
        )
        emit(self.model_activated, report.model_id)

    def _on_failed(self, error: BaseException) -> None:
        text = self.tr("The model could not be activated; %1 is still the active model.").replace(
            "%1", self._context.engine.model_name
        )
        self.outcome_label.setText(text)
        report_error(self.window(), error, text)

    def _on_finished(self) -> None:
        self._running = False
        if self._state.switch is None or self._state.switch.cancelled:
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
        self._update_buttons()
        emit(self.completeChanged)
        emit(self.run_finished)

    def _update_buttons(self) -> None:
        running = self.is_running()
        switched = self._state.switch is not None and self._state.switch.switched
        confirmed = not self.needs_confirmation or self.confirm_box.isChecked()
        self.confirm_box.setVisible(self.needs_confirmation)
        self.confirm_box.setEnabled(not running and not switched)
        self.activate_button.setEnabled(not running and not switched and confirmed)
        self.cancel_button.setEnabled(running)

    def _show_explanation(self) -> None:
        result = self._state.result
        if result is None:
            return
        text = self.tr(
            "Activate makes %1 the model of every search. The passages are embedded again "
            "with it in the background while search keeps using %2; the switch happens at "
            "the end. You can also finish now and activate it later with: vnsearch models "
            "activate %1"
        )
        self.explanation_label.setText(
            text.replace("%1", result.name).replace("%2", self._state.base_model)
        )
        self.confirm_box.setText(
            self.tr("Activate %1 although it did not find the held-out answers better than %2")
            .replace("%1", result.name)
            .replace("%2", self._state.base_model)
        )

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Activation"))
        self.setSubTitle(self.tr("Switch the search to the new model without interrupting it."))
        self.activate_button.setText(self.tr("Activate"))
        self.cancel_button.setText(self.tr("Cancel activation"))
        self._show_explanation()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot(bool)
    def _on_confirm_toggled(self, _checked: bool) -> None:
        self._update_buttons()

    @Slot()
    def _on_activate_clicked(self) -> None:
        self.activate()

    @Slot()
    def _on_cancel_clicked(self) -> None:
        self.cancel()

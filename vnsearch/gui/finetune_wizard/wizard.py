"""The fine-tuning wizard (administrators only)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QSize, Signal, Slot
from PySide6.QtWidgets import QWidget, QWizard

from vnsearch.accounts import User
from vnsearch.gui.context import AppContext
from vnsearch.gui.finetune_wizard.activation_page import FineTuneActivationPage
from vnsearch.gui.finetune_wizard.data_page import FineTuneDataPage
from vnsearch.gui.finetune_wizard.options_page import FineTuneOptionsPage
from vnsearch.gui.finetune_wizard.results_page import FineTuneResultsPage
from vnsearch.gui.finetune_wizard.state import FineTuneState
from vnsearch.gui.finetune_wizard.training_page import FineTuneTrainingPage
from vnsearch.gui.signals import emit

logger = logging.getLogger("vnsearch.gui")

DATA, OPTIONS, TRAINING, RESULTS, ACTIVATION = range(5)


class FineTuneWizard(QWizard):
    """Choose and check training data, set the options, train, compare and activate.

    Training data never contains a passage above the access level of ``user``.

    Signals:
        models_changed(): a model was installed or the active model changed.
    """

    models_changed = Signal()

    def __init__(self, context: AppContext, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if not user.is_admin:
            raise PermissionError(f"User {user.name!r} is not an administrator.")
        self.setObjectName("fineTuneWizard")
        self.state = FineTuneState(max_level=user.access_level)
        self._close_when_stopped = False
        self.data_page = FineTuneDataPage(context, self.state)
        self.options_page = FineTuneOptionsPage(context, self.state)
        self.training_page = FineTuneTrainingPage(context, self.state)
        self.results_page = FineTuneResultsPage(self.state)
        self.activation_page = FineTuneActivationPage(context, self.state)
        pages = (
            self.data_page,
            self.options_page,
            self.training_page,
            self.results_page,
            self.activation_page,
        )
        for page_id, page in enumerate(pages):
            self.setPage(page_id, page)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.training_page.run_finished.connect(self._on_training_finished)
        self.activation_page.run_finished.connect(self._on_activation_finished)
        self.activation_page.model_activated.connect(self._on_model_activated)
        self.retranslate_ui()

    def sizeHint(self) -> QSize:
        return QSize(980, 720)

    def is_running(self) -> bool:
        """True while training or an activation runs."""
        return self.training_page.is_running() or self.activation_page.is_running()

    def reject(self) -> None:
        # Closing during a run first stops it: the training worker is terminated and an
        # activation stops after its batch, so the current model stays active.
        if self.is_running():
            self._close_when_stopped = True
            self.training_page.cancel()
            self.activation_page.cancel()
            return
        super().reject()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Fine-tune the search model"))
        buttons = {
            QWizard.WizardButton.BackButton: self.tr("< Back"),
            QWizard.WizardButton.NextButton: self.tr("Next >"),
            QWizard.WizardButton.FinishButton: self.tr("Finish"),
            QWizard.WizardButton.CancelButton: self.tr("Close"),
        }
        for button, text in buttons.items():
            self.setButtonText(button, text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_training_finished(self) -> None:
        result = self.state.result
        if result is not None and not result.cancelled:
            emit(self.models_changed)
        if self._close_when_stopped:
            super().reject()
        elif self.currentId() == TRAINING and self.training_page.isComplete():
            self.next()

    @Slot()
    def _on_activation_finished(self) -> None:
        if self._close_when_stopped:
            super().reject()

    @Slot(str)
    def _on_model_activated(self, name: str) -> None:
        logger.info("Fine-tuned model %s activated from the wizard", name)
        emit(self.models_changed)

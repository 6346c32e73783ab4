"""The folder import wizard (administrators only)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Signal, Slot
from PySide6.QtWidgets import QWidget, QWizard

from vnsearch.accounts import User
from vnsearch.gui.context import AppContext
from vnsearch.gui.import_wizard.file_types_page import FileTypesPage
from vnsearch.gui.import_wizard.folders_page import FoldersPage
from vnsearch.gui.import_wizard.indexing_page import IndexingPage
from vnsearch.gui.import_wizard.metadata_page import MetadataPage
from vnsearch.gui.import_wizard.result_page import ResultPage
from vnsearch.gui.import_wizard.state import ImportState
from vnsearch.gui.import_wizard.summary_page import SummaryPage
from vnsearch.gui.signals import emit

logger = logging.getLogger("vnsearch.gui")

FOLDERS, FILE_TYPES, METADATA, SUMMARY, INDEXING, RESULT = range(6)


class ImportWizard(QWizard):
    """Choose folders, file types and access rules, then index with live progress.

    Signals:
        index_changed(): an indexing run ended; documents may have been added.
    """

    index_changed = Signal()

    def __init__(
        self,
        context: AppContext,
        user: User,
        folders: Sequence[Path] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if not user.is_admin:
            raise PermissionError(f"User {user.name!r} is not an administrator.")
        self.setObjectName("importWizard")
        self.state = ImportState(folders=[Path(f).absolute() for f in folders])
        self._close_when_stopped = False
        self.folders_page = FoldersPage(self.state)
        self.file_types_page = FileTypesPage(self.state)
        self.metadata_page = MetadataPage(context, self.state)
        self.summary_page = SummaryPage(context, self.state)
        self.indexing_page = IndexingPage(context, self.state)
        self.result_page = ResultPage(self.state)
        for page_id, page in enumerate(
            (
                self.folders_page,
                self.file_types_page,
                self.metadata_page,
                self.summary_page,
                self.indexing_page,
                self.result_page,
            )
        ):
            self.setPage(page_id, page)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.indexing_page.run_finished.connect(self._on_run_finished)
        self.retranslate_ui()

    def sizeHint(self) -> QSize:
        return QSize(980, 680)

    def reject(self) -> None:
        # Closing during a run first stops it, so no half-written batch is left behind.
        if self.indexing_page.is_running():
            self._close_when_stopped = True
            self.indexing_page.cancel()
            return
        super().reject()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Import folders"))
        buttons = {
            QWizard.WizardButton.BackButton: self.tr("< Back"),
            QWizard.WizardButton.NextButton: self.tr("Next >"),
            QWizard.WizardButton.FinishButton: self.tr("Finish"),
            QWizard.WizardButton.CancelButton: self.tr("Cancel"),
        }
        for button, text in buttons.items():
            self.setButtonText(button, text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_run_finished(self) -> None:
        emit(self.index_changed)
        if self._close_when_stopped:
            super().reject()
        elif self.currentId() == INDEXING:
            self.next()

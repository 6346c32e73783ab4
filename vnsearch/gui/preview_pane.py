"""The preview of the selected result: a PDF page or the document's text."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vnsearch.gui.file_actions import copy_path, open_file, open_folder
from vnsearch.gui.pdf_preview import PdfPreview
from vnsearch.gui.preview_text import PreviewText, load_preview_text
from vnsearch.gui.signals import emit
from vnsearch.gui.tasks import BackgroundTask, run_task
from vnsearch.gui.text_preview import TextPreview
from vnsearch.search.searcher import SearchHit

logger = logging.getLogger("vnsearch.gui")


class PreviewPane(QWidget):
    """Title, file actions and the preview of one search hit.

    Signals:
        text_shown(): a text preview finished loading (for tests and screenshots).
    """

    text_shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewPane")
        self._hit: SearchHit | None = None
        self._query = ""
        self._load_task: BackgroundTask[PreviewText] | None = None
        self._request = 0

        self.title_label = QLabel()
        self.title_label.setObjectName("previewTitle")
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.open_button = QPushButton()
        self.folder_button = QPushButton()
        self.copy_button = QPushButton()
        self.status_label = QLabel()
        self.status_label.setObjectName("previewStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pdf_view = PdfPreview()
        self.text_view = TextPreview()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.status_label)
        self.stack.addWidget(self.pdf_view)
        self.stack.addWidget(self.text_view)

        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.folder_button)
        actions.addWidget(self.copy_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addLayout(actions)
        layout.addWidget(self.stack, 1)

        self.open_button.clicked.connect(self._on_open_clicked)
        self.folder_button.clicked.connect(self._on_folder_clicked)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.show_hit(None, "")
        self.retranslate_ui()

    @property
    def hit(self) -> SearchHit | None:
        """The hit shown, or None."""
        return self._hit

    @property
    def mode(self) -> str:
        """ "pdf", "text" or "none": what the pane shows."""
        current = self.stack.currentWidget()
        if current is self.pdf_view:
            return "pdf"
        return "text" if current is self.text_view else "none"

    def show_hit(self, hit: SearchHit | None, query: str) -> None:
        """Preview ``hit`` (None clears the pane); loading happens in the background."""
        self._hit = hit
        self._query = query
        self._request += 1
        for button in (self.open_button, self.folder_button, self.copy_button):
            button.setEnabled(hit is not None)
        if hit is None:
            self.title_label.clear()
            self.pdf_view.clear_pdf()
            self.text_view.clear_text()
            self._show_status(self.tr("Select a result to preview it here."))
            return
        self.title_label.setText(html.escape(hit.title))
        self.title_label.setToolTip(hit.path)
        path = Path(hit.path)
        if path.suffix.lower() == ".pdf":
            self.stack.setCurrentWidget(self.pdf_view)
            self.pdf_view.show_pdf(path, hit.page_start or 1, hit.text, query)
            return
        self._show_status(self.tr("Loading the preview…"))
        request = self._request
        chunk = hit.text
        self._load_task = run_task(
            self,
            "preview",
            lambda _context: load_preview_text(path, chunk, query),
            on_result=lambda preview: self._on_text_loaded(request, preview),
            on_error=lambda error: self._on_text_failed(request, error),
            failure_text=self.tr("The preview could not be loaded."),
        )

    def _on_text_loaded(self, request: int, preview: PreviewText) -> None:
        if request != self._request:
            return
        self.stack.setCurrentWidget(self.text_view)
        self.text_view.show_text(preview)
        emit(self.text_shown)

    def _on_text_failed(self, request: int, error: BaseException) -> None:
        if request != self._request:
            return
        logger.warning("Preview of %s failed: %s", self._hit.path if self._hit else "?", error)
        self._show_status(
            self.tr(
                "The preview cannot be shown: the file may have been moved, deleted or "
                "damaged since it was indexed. Open it, or ask an administrator to index "
                "its folder again."
            )
        )

    def _show_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.stack.setCurrentWidget(self.status_label)

    def retranslate_ui(self) -> None:
        self.open_button.setText(self.tr("Open file"))
        self.open_button.setToolTip(self.tr("Open the document in its program (Enter)"))
        self.folder_button.setText(self.tr("Open folder"))
        self.copy_button.setText(self.tr("Copy path"))
        self.copy_button.setToolTip(self.tr("Copy the file's path to the clipboard (Ctrl+C)"))
        if self._hit is None:
            self.status_label.setText(self.tr("Select a result to preview it here."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_open_clicked(self) -> None:
        if self._hit is not None:
            open_file(self.window(), self._hit.path)

    @Slot()
    def _on_folder_clicked(self) -> None:
        if self._hit is not None:
            open_folder(self.window(), self._hit.path)

    @Slot()
    def _on_copy_clicked(self) -> None:
        if self._hit is not None:
            copy_path(self._hit.path)

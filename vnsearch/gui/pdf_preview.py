"""PDF preview: the matching passage above the rendered page, with page navigation."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from vnsearch.gui.pdf_render import RenderedPage, render_page
from vnsearch.gui.signals import emit
from vnsearch.gui.tasks import BackgroundTask, run_task
from vnsearch.gui.text_preview import TextPreview
from vnsearch.search.snippets import match_spans, query_terms

logger = logging.getLogger("vnsearch.gui")
_RESIZE_DELAY_MS = 150


class PdfPreview(QWidget):
    """The chunk text and one rendered page of a PDF.

    Signals:
        page_shown(int): a page finished rendering (1-based number).
    """

    page_shown = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path: Path | None = None
        self._query = ""
        self._page = 1
        self._page_count = 0
        self._render_task: BackgroundTask[RenderedPage] | None = None
        self._pending_page: int | None = None

        self._passage_label = QLabel()
        self.passage = TextPreview()
        self.passage.setObjectName("pdfPassage")
        self.passage.setMaximumHeight(130)
        self.previous_button = QPushButton()
        self.next_button = QPushButton()
        self.page_label = QLabel()
        self.page_label.setObjectName("pdfPageLabel")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label = QLabel()
        self.image_label.setObjectName("pdfPage")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.image_label)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setStyleSheet("QScrollArea { background: #9e9e9e; }")
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(_RESIZE_DELAY_MS)
        self._resize_timer.timeout.connect(self._on_resize_timer_timeout)

        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.page_label, 1)
        navigation.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._passage_label)
        layout.addWidget(self.passage)
        layout.addLayout(navigation)
        layout.addWidget(self.scroll_area, 1)

        self.previous_button.clicked.connect(self._on_previous_clicked)
        self.next_button.clicked.connect(self._on_next_clicked)
        self.retranslate_ui()

    @property
    def current_page(self) -> int:
        """The 1-based page shown (or being rendered)."""
        return self._page

    @property
    def page_count(self) -> int:
        """Pages in the document, 0 before the first render."""
        return self._page_count

    def show_pdf(self, path: Path, page: int, passage: str, query: str) -> None:
        """Show ``page`` of the PDF at ``path`` and the matching ``passage`` above it."""
        self._path = path
        self._query = query
        self._page_count = 0
        self.image_label.clear()
        spans = tuple(match_spans(passage, query_terms(query))) if query else ()
        self.passage.show_chunk_only(passage, spans)
        self.go_to_page(page)

    def go_to_page(self, page: int) -> None:
        """Render 1-based ``page`` in the background (clamped to the document)."""
        if self._path is None:
            return
        self._page = max(page, 1)
        self._update_navigation()
        if self._render_task is not None and self._render_task.is_running():
            # One render at a time: PDFium is serialised anyway; render the latest request next.
            self._pending_page = self._page
            return
        path, page, query = self._path, self._page, self._query
        width = max(self.scroll_area.viewport().width() - 24, 300)
        self._render_task = run_task(
            self,
            "render-page",
            lambda _context: render_page(path, page, width, query),
            on_result=self._on_rendered,
            on_error=self._on_render_failed,
            on_finished=self._on_render_finished,
            failure_text=self.tr("The page could not be shown."),
        )

    def clear_pdf(self) -> None:
        """Forget the document."""
        self._path = None
        self._page_count = 0
        self.image_label.clear()
        self.passage.clear_text()

    def _on_rendered(self, rendered: RenderedPage) -> None:
        if self._pending_page is not None:
            return  # a newer page was requested; it renders in _on_render_finished
        self._page = rendered.page
        self._page_count = rendered.page_count
        self.image_label.setPixmap(QPixmap.fromImage(rendered.image))
        self._update_navigation()
        emit(self.page_shown, rendered.page)

    def _on_render_failed(self, error: BaseException) -> None:
        logger.warning("Could not render %s page %d: %s", self._path, self._page, error)
        self.image_label.setText(
            self.tr(
                "This page cannot be shown: the PDF may be damaged or protected by a password. "
                "Open the file to read it."
            )
        )

    def _on_render_finished(self) -> None:
        if self._pending_page is not None:
            page, self._pending_page = self._pending_page, None
            self.go_to_page(page)

    def _update_navigation(self) -> None:
        if self._page_count:
            text = self.tr("Page %1 of %2").replace("%1", str(self._page))
            self.page_label.setText(text.replace("%2", str(self._page_count)))
        else:
            self.page_label.setText(self.tr("Page %1").replace("%1", str(self._page)))
        self.previous_button.setEnabled(self._page > 1)
        self.next_button.setEnabled(self._page_count == 0 or self._page < self._page_count)

    def retranslate_ui(self) -> None:
        self._passage_label.setText(self.tr("Matching passage:"))
        self.previous_button.setText("◀ " + self.tr("Previous page"))
        self.next_button.setText(self.tr("Next page") + " ▶")
        self._update_navigation()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._path is not None and event.size().width() != event.oldSize().width():
            self._resize_timer.start()

    @Slot()
    def _on_resize_timer_timeout(self) -> None:
        self.go_to_page(self._page)

    @Slot()
    def _on_previous_clicked(self) -> None:
        self.go_to_page(self._page - 1)

    @Slot()
    def _on_next_clicked(self) -> None:
        self.go_to_page(self._page + 1)

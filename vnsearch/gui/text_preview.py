"""Plain-text preview with the hit's chunk and the query's words highlighted."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from vnsearch.gui.preview_text import PreviewText

_CHUNK_BACKGROUND = QColor("#fff8e1")
_WORD_BACKGROUND = QColor("#ffe082")


class TextPreview(QTextBrowser):
    """Read-only text of a document, scrolled to the matching chunk."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("textPreview")
        self.setOpenLinks(False)
        self._preview: PreviewText | None = None

    @property
    def preview(self) -> PreviewText | None:
        """The text shown, with the chunk's position; None when empty."""
        return self._preview

    def show_text(self, preview: PreviewText) -> None:
        """Show ``preview``, highlight its chunk and words and scroll to the chunk."""
        self._preview = preview
        self.setPlainText(preview.text)
        selections: list[QTextEdit.ExtraSelection] = []
        if preview.chunk_start >= 0:
            selections.append(
                self._selection(preview.chunk_start, preview.chunk_end, _CHUNK_BACKGROUND, False)
            )
        for start, end in preview.word_spans:
            selections.append(self._selection(start, end, _WORD_BACKGROUND, True))
        self.setExtraSelections(selections)
        self._scroll_to(max(preview.chunk_start, 0))

    def show_chunk_only(self, text: str, spans: tuple[tuple[int, int], ...]) -> None:
        """Show a short passage with its matched words highlighted (no scrolling)."""
        self.show_text(PreviewText(text, -1, -1, spans))

    def clear_text(self) -> None:
        """Empty the preview."""
        self._preview = None
        self.clear()

    def _selection(
        self, start: int, end: int, colour: QColor, bold: bool
    ) -> QTextEdit.ExtraSelection:
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        char_format = QTextCharFormat()
        char_format.setBackground(colour)
        if bold:
            char_format.setFontWeight(700)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = char_format
        return selection

    def _scroll_to(self, position: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        self.setTextCursor(cursor)
        # Put the chunk near the top instead of at the bottom edge.
        top = self.cursorRect(cursor).top() + self.verticalScrollBar().value()
        self.verticalScrollBar().setValue(max(0, top - self.fontMetrics().height() * 2))

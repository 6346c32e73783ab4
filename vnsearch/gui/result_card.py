"""One search result: title, labels, highlighted snippet, path and feedback buttons."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vnsearch.gui.i18n import doc_type_name, format_date, level_name
from vnsearch.gui.signals import emit
from vnsearch.search.searcher import SearchHit
from vnsearch.search.snippets import Snippet

RELEVANT = "relevant"
NOT_RELEVANT = "not_relevant"
LEVEL_COLOURS = ("#2e7d32", "#1565c0", "#ef6c00", "#c62828")
_MARK_STYLE = "background-color:#ffe082; font-weight:bold;"


def snippet_html(snippet: Snippet) -> str:
    """Return the snippet as HTML with each matched word marked."""
    parts: list[str] = []
    last = 0
    for start, end in snippet.spans:
        parts.append(html.escape(snippet.text[last:start]))
        parts.append(f'<span style="{_MARK_STYLE}">{html.escape(snippet.text[start:end])}</span>')
        last = end
    parts.append(html.escape(snippet.text[last:]))
    return "".join(parts).replace("\n", " ")


def result_style_sheet() -> str:
    """Return the style sheet of result cards, set once on the list.

    One sheet for all cards: a style sheet set on each new widget costs a style
    recomputation per card, which made showing 20 results stall the window.
    """
    badges = "".join(
        f'QLabel#levelBadge[level="{level}"] {{ background-color: {colour}; }}'
        for level, colour in enumerate(LEVEL_COLOURS)
    )
    return (
        "QLabel#levelBadge { color: white; border-radius: 3px; padding: 1px 6px; }"
        + badges
        + "QLabel#resultPath { color: #616161; }"
    )


class ResultCard(QWidget):
    """The widget shown for one hit in the result list.

    Signals:
        feedback_clicked(str): the user clicked "relevant" or "not_relevant".
    """

    feedback_clicked = Signal(str)

    def __init__(self, hit: SearchHit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hit = hit
        self._feedback: str | None = None

        self._title = QLabel()
        self._title.setObjectName("resultTitle")
        self._title.setWordWrap(True)
        self._title.setText(html.escape(hit.title))
        title_font = self._title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.1)
        self._title.setFont(title_font)

        self.relevant_button = QToolButton()
        self.not_relevant_button = QToolButton()
        for button, label in (
            (self.relevant_button, RELEVANT),
            (self.not_relevant_button, NOT_RELEVANT),
        ):
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(
                lambda _checked=False, value=label: emit(self.feedback_clicked, value)
            )

        self._badge = QLabel()
        self._badge.setObjectName("levelBadge")
        self._badge.setProperty("level", str(hit.access_level))
        self._facts = QLabel()
        self._facts.setObjectName("resultFacts")
        self._facts.setWordWrap(True)
        self._badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        facts = QHBoxLayout()
        facts.addWidget(self._badge, 0, Qt.AlignmentFlag.AlignTop)
        facts.addWidget(self._facts, 1)

        self._snippet = QLabel()
        self._snippet.setObjectName("resultSnippet")
        self._snippet.setWordWrap(True)
        self._snippet.setTextFormat(Qt.TextFormat.RichText)
        self._snippet.setText(snippet_html(hit.snippet))
        self._snippet.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self._path = QLabel(hit.path)
        self._path.setObjectName("resultPath")
        self._path.setTextFormat(Qt.TextFormat.PlainText)
        self._path.setToolTip(hit.path)
        # Ignored: the label takes the row's width and shows the path elided to fit.
        self._path.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.relevant_button)
        bottom.addWidget(self.not_relevant_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self._title)
        layout.addLayout(facts)
        layout.addWidget(self._snippet)
        layout.addWidget(self._path)
        layout.addLayout(bottom)
        self.retranslate_ui()

    @property
    def feedback(self) -> str | None:
        """The label the current user gave this result for this query, or None."""
        return self._feedback

    def set_feedback(self, label: str | None) -> None:
        """Show ``label`` ("relevant", "not_relevant" or None) on the two buttons."""
        self._feedback = label
        self.relevant_button.setChecked(label == RELEVANT)
        self.not_relevant_button.setChecked(label == NOT_RELEVANT)

    def retranslate_ui(self) -> None:
        hit = self.hit
        self._badge.setText(level_name(hit.access_level))
        facts = [doc_type_name(hit.doc_type)]
        if hit.department:
            facts.append(hit.department)
        if hit.page_start is not None:
            facts.append(self.tr("page %1").replace("%1", str(hit.page_start)))
        if hit.modified:
            facts.append(self.tr("modified %1").replace("%1", format_date(hit.modified)))
        self._facts.setText("  ·  ".join(facts))
        self.relevant_button.setText("✓ " + self.tr("Right document"))
        self.relevant_button.setToolTip(
            self.tr("This is the document I was looking for (Alt+1; click again to undo)")
        )
        self.not_relevant_button.setText("✗ " + self.tr("Not relevant"))
        self.not_relevant_button.setToolTip(
            self.tr("This result does not answer my search (Alt+2; click again to undo)")
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        metrics = self._path.fontMetrics()
        width = max(self._path.width(), 50)
        self._path.setText(metrics.elidedText(self.hit.path, Qt.TextElideMode.ElideMiddle, width))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

"""The list of search results, one :class:`ResultCard` per hit, keyboard-driven."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from vnsearch.gui.result_card import ResultCard, result_style_sheet
from vnsearch.gui.signals import emit
from vnsearch.search.searcher import SearchHit

_CARDS_PER_SLICE = 4


class ResultList(QListWidget):
    """Search hits, best first. Up/Down select, Enter opens.

    Signals:
        current_hit_changed(object): the selected SearchHit, or None.
        hit_activated(object): Enter or a double click on a SearchHit.
        feedback_clicked(object, str): a card's feedback button (hit, label).
    """

    current_hit_changed = Signal(object)
    hit_activated = Signal(object)
    feedback_clicked = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultList")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(2)
        self.setStyleSheet(
            "QListWidget#resultList::item { border-bottom: 1px solid #e0e0e0; }"
            "QListWidget#resultList::item:selected { background: #e3f2fd; color: black; }"
            + result_style_sheet()
        )
        self._feedback: dict[str, str] = {}
        self._next_row = 0
        self._fill_timer = QTimer(self)
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self._on_fill_timer_timeout)
        self.currentItemChanged.connect(self._on_current_item_changed)
        self.itemDoubleClicked.connect(self._on_item_double_clicked)

    def set_hits(self, hits: Sequence[SearchHit], feedback: dict[str, str] | None = None) -> None:
        """Replace the list with ``hits`` and select the first one.

        ``feedback`` maps chunk ids to the label the user gave them. Cards are built a
        few at a time: creating all 20 at once took about 100 ms on a 2-core machine.
        """
        self._fill_timer.stop()
        self.clear()
        self._feedback = dict(feedback or {})
        for hit in hits:
            item = QListWidgetItem(self)
            item.setData(Qt.ItemDataRole.UserRole, hit)
        self._next_row = 0
        self._on_fill_timer_timeout()
        if hits:
            self.setCurrentRow(0)
        else:
            emit(self.current_hit_changed, None)

    def hits(self) -> list[SearchHit]:
        """Return the hits in display order."""
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]

    def current_hit(self) -> SearchHit | None:
        """Return the selected hit, or None."""
        item = self.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def card(self, row: int) -> ResultCard:
        """Return the card widget of ``row``, building it now if it is not built yet."""
        item = self.item(row)
        widget = self.itemWidget(item)
        if isinstance(widget, ResultCard):
            return widget
        hit = item.data(Qt.ItemDataRole.UserRole)
        card = ResultCard(hit)
        card.set_feedback(self._feedback.get(hit.chunk_id))
        card.feedback_clicked.connect(lambda label, h=hit: emit(self.feedback_clicked, h, label))
        self.setItemWidget(item, card)
        width = self._card_width()
        item.setSizeHint(QSize(width, card.heightForWidth(width)))
        return card

    def set_feedback(self, chunk_id: str, label: str | None) -> None:
        """Show ``label`` (or none) on the card of the hit with ``chunk_id``."""
        if label is None:
            self._feedback.pop(chunk_id, None)
        else:
            self._feedback[chunk_id] = label
        for row in range(self.count()):
            widget = self.itemWidget(self.item(row))
            if isinstance(widget, ResultCard) and widget.hit.chunk_id == chunk_id:
                widget.set_feedback(label)

    def feedback(self, chunk_id: str) -> str | None:
        """Return the label shown for the hit with ``chunk_id``."""
        return self._feedback.get(chunk_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            hit = self.current_hit()
            if hit is not None:
                emit(self.hit_activated, hit)
                return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_heights()

    def _card_width(self) -> int:
        return max(self.viewport().width() - 2 * self.spacing(), 200)

    @Slot()
    def _on_fill_timer_timeout(self) -> None:
        end = min(self._next_row + _CARDS_PER_SLICE, self.count())
        for row in range(self._next_row, end):
            self.card(row)
        self._next_row = end
        if end < self.count():
            self._fill_timer.start()

    def _update_heights(self) -> None:
        # Word-wrapped labels need the width to know their height.
        width = self._card_width()
        for row in range(self.count()):
            item = self.item(row)
            card = self.itemWidget(item)
            if card is not None:
                item.setSizeHint(QSize(width, card.heightForWidth(width)))

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        hit = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        emit(self.current_hit_changed, hit)

    @Slot(QListWidgetItem)
    def _on_item_double_clicked(self, item: QListWidgetItem) -> None:
        emit(self.hit_activated, item.data(Qt.ItemDataRole.UserRole))

"""The list of search results, one :class:`ResultCard` per hit, keyboard-driven."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from vnsearch.gui.result_card import ResultCard
from vnsearch.gui.signals import emit
from vnsearch.search.searcher import SearchHit


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
        )
        self.currentItemChanged.connect(self._on_current_item_changed)
        self.itemDoubleClicked.connect(self._on_item_double_clicked)

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        """Replace the list with ``hits`` and select the first one."""
        self.clear()
        for hit in hits:
            card = ResultCard(hit)
            card.feedback_clicked.connect(
                lambda label, h=hit: emit(self.feedback_clicked, h, label)
            )
            item = QListWidgetItem(self)
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.setItemWidget(item, card)
        self._update_heights()
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
        """Return the card widget of ``row``."""
        widget = self.itemWidget(self.item(row))
        assert isinstance(widget, ResultCard)
        return widget

    def card_for_chunk(self, chunk_id: str) -> ResultCard | None:
        """Return the card showing the hit with ``chunk_id``, or None."""
        for row in range(self.count()):
            card = self.card(row)
            if card.hit.chunk_id == chunk_id:
                return card
        return None

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

    def _update_heights(self) -> None:
        # Word-wrapped labels need the width to know their height.
        width = max(self.viewport().width() - 2 * self.spacing(), 200)
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

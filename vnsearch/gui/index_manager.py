"""The index manager (administrators): indexed folders and documents, and their labels."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vnsearch.accounts import User
from vnsearch.engine import Engine
from vnsearch.gui.context import AppContext
from vnsearch.gui.i18n import doc_type_name, format_int, level_label, status_name
from vnsearch.gui.indexing import IndexRequest, start_indexing
from vnsearch.gui.metadata_dialog import MetadataDialog
from vnsearch.gui.signals import emit
from vnsearch.gui.tasks import BackgroundTask, run_task
from vnsearch.indexing.progress import IndexProgress, IndexReport
from vnsearch.indexing.sidecar import DocMetadata
from vnsearch.store.filters import check_access_level

logger = logging.getLogger("vnsearch.gui")

TITLE, PATH, STATUS, LEVEL, DEPARTMENT, DOC_TYPE, TAGS, CHUNKS, ERROR = range(9)
_ROW_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class IndexListing:
    """Indexed folders and the documents an administrator of one level may see."""

    sources: list[str]
    documents: list[dict[str, Any]]


def load_listing(engine: Engine, level: int) -> IndexListing:
    """Read folders and document rows at or below ``level`` (runs in a task)."""
    level = check_access_level(level)
    rows = engine.store.document_rows(f"access_level <= {level}")
    # Counted in the active chunks table: a model switch may have re-chunked the files.
    counts = engine.store.chunk_counts_by_document(f"access_level <= {level}")
    for row in rows:
        row["chunk_count"] = counts.get(row["doc_id"], 0)
    rows.sort(key=lambda row: (row["path"] or "").casefold())
    return IndexListing(list(engine.status(level)["sources"]), rows)


def source_defaults(engine: Engine, root: str) -> DocMetadata:
    """Return the defaults a folder was imported with (stored in the index)."""
    meta = engine.store.meta
    for source in meta.sources if meta else []:
        if source.root == root:
            values = {k: v for k, v in source.defaults.items() if v not in (None, "")}
            return DocMetadata().merged(values)
    return DocMetadata()


class IndexManagerPage(QWidget):
    """Folders and documents of the index, with re-index, remove and label editing.

    Signals:
        index_changed(): documents were added, removed or relabelled.
        import_requested(): the administrator asked for the import wizard.
        listing_loaded(): the tables were refreshed.
    """

    index_changed = Signal()
    import_requested = Signal()
    listing_loaded = Signal()

    def __init__(self, context: AppContext, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indexManager")
        self._context = context
        self._user = user
        self._listing = IndexListing([], [])
        self._index_task: BackgroundTask[IndexReport] | None = None

        self._sources_box = QGroupBox()
        self.source_list = QListWidget()
        self.source_list.setObjectName("sourceList")
        self.import_button = QPushButton()
        self.reindex_button = QPushButton()
        self.progress_bar = QProgressBar()
        self.progress_bar.hide()
        self.cancel_button = QPushButton()
        self.cancel_button.hide()
        self.progress_label = QLabel()
        source_buttons = QVBoxLayout()
        source_buttons.addWidget(self.import_button)
        source_buttons.addWidget(self.reindex_button)
        source_buttons.addStretch(1)
        sources_row = QHBoxLayout()
        sources_row.addWidget(self.source_list, 1)
        sources_row.addLayout(source_buttons)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label, 1)
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.cancel_button)
        sources_layout = QVBoxLayout(self._sources_box)
        sources_layout.addLayout(sources_row)
        sources_layout.addLayout(progress_row)

        self._documents_box = QGroupBox()
        self.filter_edit = QLineEdit()
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.model = QStandardItemModel(0, 9, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortLocaleAware(True)
        self.table = QTableView()
        self.table.setObjectName("documentTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.edit_button = QPushButton()
        self.remove_button = QPushButton()
        self.refresh_button = QPushButton()
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_edit, 1)
        filter_row.addWidget(self.count_label)
        document_buttons = QHBoxLayout()
        document_buttons.addWidget(self.edit_button)
        document_buttons.addWidget(self.remove_button)
        document_buttons.addStretch(1)
        document_buttons.addWidget(self.refresh_button)
        documents_layout = QVBoxLayout(self._documents_box)
        documents_layout.addLayout(filter_row)
        documents_layout.addWidget(self.table, 1)
        documents_layout.addLayout(document_buttons)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._sources_box)
        splitter.addWidget(self._documents_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter)

        self.import_button.clicked.connect(self.import_requested)
        self.reindex_button.clicked.connect(self._on_reindex_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.refresh_button.clicked.connect(self.refresh)
        self.filter_edit.textChanged.connect(self._on_filter_text_changed)
        self.source_list.currentRowChanged.connect(self._on_selection_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.retranslate_ui()
        self._on_selection_changed()

    # -- loading --------------------------------------------------------------

    def refresh(self) -> None:
        """Reload folders and documents in the background."""
        engine, level = self._context.engine, self._user.access_level
        run_task(
            self,
            "index-listing",
            lambda _context: load_listing(engine, level),
            on_result=self._on_listing_loaded,
            failure_text=self.tr("The index could not be read."),
        )

    def documents(self) -> list[dict[str, Any]]:
        """Return the document rows on display (all of them, in index order)."""
        return list(self._listing.documents)

    def _on_listing_loaded(self, listing: IndexListing) -> None:
        self._listing = listing
        current = self.source_list.currentItem()
        selected_source = current.text() if current else None
        self.source_list.clear()
        self.source_list.addItems(listing.sources)
        for row in range(self.source_list.count()):
            if self.source_list.item(row).text() == selected_source:
                self.source_list.setCurrentRow(row)
        if self.source_list.currentRow() < 0 and self.source_list.count():
            self.source_list.setCurrentRow(0)
        self._fill_table()
        emit(self.listing_loaded)

    def _fill_table(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        for row in self._listing.documents:
            values = (
                row["title"] or "",
                row["path"] or "",
                status_name(row["status"] or ""),
                level_label(int(row["access_level"])),
                row["department"] or "",
                doc_type_name(row["doc_type"] or ""),
                ", ".join(row["tags"] or ()),
                format_int(row["chunk_count"] or 0),
                row["error_reason"] or "",
            )
            items = [QStandardItem(value) for value in values]
            items[TITLE].setData(row, _ROW_ROLE)
            items[CHUNKS].setData(int(row["chunk_count"] or 0), Qt.ItemDataRole.UserRole)
            items[ERROR].setToolTip(row["error_reason"] or "")
            self.model.appendRow(items)
        self.table.resizeColumnsToContents()
        for column, widest in ((TITLE, 300), (PATH, 240), (ERROR, 320)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        self.table.sortByColumn(
            self.table.horizontalHeader().sortIndicatorSection(),
            self.table.horizontalHeader().sortIndicatorOrder(),
        )
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        text = self.tr("%1 of %2 documents").replace("%1", format_int(shown))
        self.count_label.setText(text.replace("%2", format_int(total)))

    # -- actions --------------------------------------------------------------

    def selected_rows(self) -> list[dict[str, Any]]:
        """Return the document rows selected in the table."""
        rows = []
        for index in self.table.selectionModel().selectedRows(TITLE):
            row = self.proxy.data(index, _ROW_ROLE)
            if row is not None:
                rows.append(row)
        return rows

    def select_paths(self, paths: list[str]) -> None:
        """Select the documents with these paths (for keyboard users and tests)."""
        self.table.clearSelection()
        selection = self.table.selectionModel()
        for proxy_row in range(self.proxy.rowCount()):
            index = self.proxy.index(proxy_row, TITLE)
            row = self.proxy.data(index, _ROW_ROLE)
            if row is not None and row["path"] in paths:
                selection.select(
                    index,
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )

    def update_metadata(self, doc_ids: list[str], values: dict[str, Any]) -> None:
        """Apply ``values`` to the documents in the background, then refresh."""
        if "access_level" in values and values["access_level"] > self._user.access_level:
            raise ValueError("An administrator cannot set a level above their own.")
        store = self._context.engine.store
        run_task(
            self,
            "update-metadata",
            lambda _context: store.update_metadata(doc_ids, values),
            on_result=lambda _none: self._after_change(),
            failure_text=self.tr("The labels could not be changed."),
        )

    def remove_documents(self, doc_ids: list[str]) -> None:
        """Remove documents and their chunks from the index (files stay on disk)."""
        store = self._context.engine.store
        run_task(
            self,
            "remove-documents",
            lambda _context: store.delete_documents(doc_ids),
            on_result=lambda _none: self._after_change(),
            failure_text=self.tr("The documents could not be removed from the index."),
        )

    def reindex(self, root: str) -> None:
        """Index ``root`` again with the defaults it was imported with."""
        engine = self._context.engine
        request = IndexRequest((Path(root),), source_defaults(engine, root))
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.reindex_button.setEnabled(False)
        self.progress_label.setText(self.tr("Indexing %1…").replace("%1", root))
        self._index_task = start_indexing(
            self,
            engine,
            request,
            on_progress=self._on_index_progress,
            on_result=self._on_index_report,
            on_finished=self._on_index_finished,
            failure_text=self.tr("Indexing failed."),
        )

    def is_indexing(self) -> bool:
        """True while a re-index started here is running."""
        return self._index_task is not None and self._index_task.is_running()

    def _after_change(self) -> None:
        emit(self.index_changed)
        self.refresh()

    def _on_index_progress(self, payload: object) -> None:
        if isinstance(payload, IndexProgress) and payload.files_total:
            self.progress_bar.setRange(0, payload.files_total)
            self.progress_bar.setValue(payload.files_done)

    def _on_index_report(self, report: IndexReport) -> None:
        text = self.tr("New: %1 · Updated: %2 · Removed: %3 · Not indexed: %4")
        for number, value in enumerate(
            (report.added, report.updated, report.deleted, report.skipped), start=1
        ):
            text = text.replace(f"%{number}", format_int(value))
        if report.cancelled:
            text = self.tr("Cancelled.") + " " + text
        self.progress_label.setText(text)

    def _on_index_finished(self) -> None:
        self.progress_bar.hide()
        self.cancel_button.hide()
        self._on_selection_changed()
        self._after_change()

    def retranslate_ui(self) -> None:
        self._sources_box.setTitle(self.tr("Indexed folders"))
        self.import_button.setText(self.tr("Import folders…"))
        self.reindex_button.setText(self.tr("Re-index selected folder"))
        self.reindex_button.setToolTip(
            self.tr("Read new and changed files of the folder and drop deleted ones")
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self._documents_box.setTitle(self.tr("Documents"))
        self.filter_edit.setPlaceholderText(self.tr("Filter by title, path, department, tag…"))
        self.edit_button.setText(self.tr("Edit labels…"))
        self.remove_button.setText(self.tr("Remove from index"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("Title"),
                self.tr("Path"),
                self.tr("Status"),
                self.tr("Access level"),
                self.tr("Department"),
                self.tr("Type"),
                self.tr("Tags"),
                self.tr("Chunks"),
                self.tr("Problem"),
            ]
        )
        if self._listing.documents:
            self._fill_table()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_reindex_clicked(self) -> None:
        item = self.source_list.currentItem()
        if item is not None and not self.is_indexing():
            self.reindex(item.text())

    @Slot()
    def _on_cancel_clicked(self) -> None:
        if self._index_task is not None:
            self._index_task.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("Stopping after the current batch…"))

    @Slot()
    def _on_edit_clicked(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        dialog = MetadataDialog(rows, self._user.access_level, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.values():
            self.update_metadata([row["doc_id"] for row in rows], dialog.values())

    @Slot()
    def _on_remove_clicked(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Remove from index"))
        box.setText(
            self.tr(
                "Remove %n document(s) from the index? The files stay on disk; importing "
                "their folder again adds them back.",
                "",
                len(rows),
            )
        )
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is remove:
            self.remove_documents([row["doc_id"] for row in rows])

    @Slot(str)
    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    @Slot()
    def _on_selection_changed(self) -> None:
        has_rows = bool(self.table.selectionModel().selectedRows())
        self.edit_button.setEnabled(has_rows)
        self.remove_button.setEnabled(has_rows)
        self.reindex_button.setEnabled(
            self.source_list.currentItem() is not None and not self.is_indexing()
        )

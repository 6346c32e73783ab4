"""The search page: query box, filters, results and the preview of the selected one."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vnsearch.accounts import User
from vnsearch.engine import Engine
from vnsearch.errors import IndexMismatchError
from vnsearch.gui.context import AppContext
from vnsearch.gui.empty_index import EmptyIndexView
from vnsearch.gui.file_actions import copy_path, open_file
from vnsearch.gui.filter_bar import FilterBar
from vnsearch.gui.i18n import format_elapsed
from vnsearch.gui.messages import report_error
from vnsearch.gui.overview import IndexOverview, load_overview
from vnsearch.gui.preview_pane import PreviewPane
from vnsearch.gui.result_card import NOT_RELEVANT, RELEVANT
from vnsearch.gui.result_list import ResultList
from vnsearch.gui.signals import emit
from vnsearch.gui.tasks import BackgroundTask, TaskContext, run_task
from vnsearch.search.searcher import SearchHit, SearchResponse
from vnsearch.store.filters import SearchFilters

logger = logging.getLogger("vnsearch.gui")

SEARCH_DELAY_MS = 300
TOP_K = 20


def search_as(
    engine: Engine,
    user: User,
    query: str,
    filters: SearchFilters | None,
    stages: Sequence[str] | None = None,
) -> SearchResponse:
    """Search as ``user``: with the user's own access level, always (runs in a task)."""
    return engine.search(
        query, access_level=user.access_level, filters=filters, top_k=TOP_K, stages=stages
    )


def search_in_two_steps(
    task: TaskContext, engine: Engine, user: User, query: str, filters: SearchFilters | None
) -> SearchResponse:
    """Search as ``user``; when a re-ranker will run, report the results without it first.

    On a CPU the re-ranker adds about a second to each search (docs/benchmarks.md),
    while the other stages take milliseconds, so the page shows those results at once
    and replaces them when the re-ranked ones are ready.
    """
    stages = list(engine.settings.search_stages)
    if "rerank" in stages and engine.ranking.reranker(engine.settings) is not None:
        quick = [stage for stage in stages if stage != "rerank"]
        task.report(search_as(engine, user, query, filters, quick))
    return search_as(engine, user, query, filters)


class SearchPage(QWidget):
    """Search the index as the signed-in user.

    Every search passes the user's own access level to ``Engine.search``.

    Signals:
        import_requested(): an administrator asked to import a folder (empty index).
        results_shown(int): a search response was displayed, with its hit count.
        overview_loaded(object): the IndexOverview behind the filters was refreshed.
    """

    import_requested = Signal()
    results_shown = Signal(int)
    overview_loaded = Signal(object)

    def __init__(self, context: AppContext, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._user = user
        self._overview: IndexOverview | None = None
        self._response: SearchResponse | None = None
        self._labels: dict[str, tuple[int, str]] = {}
        self._search_id = 0
        # Set after one reopen for IndexMismatchError, so a persistent mismatch is shown.
        self._reloaded_for_mismatch = False
        self._search_task: BackgroundTask[SearchResponse] | None = None

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_button = QPushButton()
        self.filter_bar = FilterBar()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("searchSummary")
        self.results = ResultList()
        self.preview = PreviewPane()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.results)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)
        self.splitter.setChildrenCollapsible(False)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.search_button)
        search_view = QWidget()
        search_layout = QVBoxLayout(search_view)
        search_layout.setContentsMargins(0, 0, 0, 0)
        search_layout.addLayout(search_row)
        search_layout.addWidget(self.filter_bar)
        search_layout.addWidget(self.summary_label)
        search_layout.addWidget(self.splitter, 1)
        self.empty_view = EmptyIndexView(user.is_admin)
        self.stack = QStackedWidget()
        self.stack.addWidget(search_view)
        self.stack.addWidget(self.empty_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.stack)

        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self.search_edit.textEdited.connect(self._on_search_edit_text_edited)
        self.search_edit.installEventFilter(self)
        self.search_button.clicked.connect(self._on_search_button_clicked)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.filter_bar.filters_changed.connect(self._on_filters_changed)
        self.results.current_hit_changed.connect(self._on_current_hit_changed)
        self.results.hit_activated.connect(self._on_hit_activated)
        self.results.feedback_clicked.connect(self._on_feedback_clicked)
        self.empty_view.import_requested.connect(self.import_requested)
        self._add_shortcuts()
        self.retranslate_ui()

    # -- public -------------------------------------------------------------

    @property
    def response(self) -> SearchResponse | None:
        """The search response on display."""
        return self._response

    @property
    def overview(self) -> IndexOverview | None:
        """The index summary at the user's level, once loaded."""
        return self._overview

    def refresh_overview(self) -> None:
        """Reload counts and filter values after the index changed (in the background)."""
        engine, level = self._context.engine, self._user.access_level
        run_task(
            self,
            "overview",
            lambda _context: load_overview(engine, level),
            on_result=self._on_overview_loaded,
            failure_text=self.tr("The list of indexed documents could not be read."),
        )

    def search(self, query: str) -> None:
        """Type ``query`` into the search box and search now."""
        self.search_edit.setText(query)
        self._search_now()

    def focus_search(self) -> None:
        """Put the keyboard focus in the search box with its text selected."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def give_feedback(self, label: str) -> None:
        """Give ``label`` to the selected result, or undo it when already given."""
        hit = self.results.current_hit()
        if hit is not None:
            self._on_feedback_clicked(hit, label)

    # -- searching ----------------------------------------------------------

    def _search_now(self) -> None:
        self._search_timer.stop()
        query = self.search_edit.text().strip()
        self._search_id += 1
        if not query:
            self._show_response(None)
            return
        search_id = self._search_id
        filters = self.filter_bar.filters()
        engine, user = self._context.engine, self._user
        self.summary_label.setText(self.tr("Searching…"))
        self._search_task = run_task(
            self,
            "search",
            lambda task: search_in_two_steps(task, engine, user, query, filters),
            on_result=lambda response: self._on_search_finished(search_id, response),
            on_progress=lambda response: self._on_search_progress(search_id, response),
            on_error=lambda error: self._on_search_failed(search_id, error),
            failure_text=self.tr("The search failed."),
        )

    def _on_search_progress(self, search_id: int, response: SearchResponse) -> None:
        if search_id != self._search_id:
            return
        self._show_response(response, final=False)

    def _on_search_finished(self, search_id: int, response: SearchResponse) -> None:
        if search_id != self._search_id:
            return  # an older search finished after a newer one started
        self._reloaded_for_mismatch = False
        self._show_response(response)

    def _on_search_failed(self, search_id: int, error: BaseException) -> None:
        if search_id != self._search_id:
            return
        if isinstance(error, IndexMismatchError) and not self._reloaded_for_mismatch:
            # Another process switched the index's model; reopen with it and retry once.
            logger.info("The index changed its model; reopening it and searching again")
            self._reloaded_for_mismatch = True
            self._context.reload_engine()
            self._search_now()
            return
        self.summary_label.setText(self.tr("The search failed."))
        report_error(self.window(), error, self.tr("The search failed."))

    def _show_response(self, response: SearchResponse | None, final: bool = True) -> None:
        """Show ``response``; a non-final one (before re-ranking) emits no results_shown."""
        self._response = response
        self._labels = {}
        if response is not None and response.hits:
            self._labels = dict(self._context.feedback.labels_for(response.query, self._user))
        shown = {chunk_id: label for chunk_id, (_feedback_id, label) in self._labels.items()}
        self.results.set_hits(response.hits if response else [], shown)
        self._update_summary()
        if not final:
            self.summary_label.setText(
                self.summary_label.text() + " " + self.tr("Re-ranking the results…")
            )
            return
        emit(self.results_shown, len(response.hits) if response else 0)

    def _update_summary(self) -> None:
        response = self._response
        if response is None:
            self.summary_label.setText(self._idle_summary())
        elif not response.hits:
            self.summary_label.setText(
                self.tr("No document matches. Try other words or clear the filters.")
            )
        else:
            text = self.tr("%n result(s) in %1", "", len(response.hits))
            self.summary_label.setText(text.replace("%1", format_elapsed(response.elapsed_ms)))

    def _idle_summary(self) -> str:
        if self._overview is None:
            return ""
        return self.tr(
            "%n document(s) available to you. Type a question or keywords.",
            "",
            self._overview.documents,
        )

    # -- feedback -----------------------------------------------------------

    def _on_feedback_clicked(self, hit: SearchHit, label: str) -> None:
        response = self._response
        if response is None or hit not in response.hits:
            return
        feedback = self._context.feedback
        current = self._labels.get(hit.chunk_id)
        try:
            if current is not None and current[1] == label:
                feedback.undo(current[0], self._user)
                del self._labels[hit.chunk_id]
            else:
                model_id = response.model_id or self._context.engine.model_name
                saved = feedback.record(
                    query=response.query,
                    hit=hit,
                    label=label,  # type: ignore[arg-type]
                    user=self._user,
                    model_id=model_id,
                )
                self._labels[hit.chunk_id] = (saved.feedback_id, saved.label)
        except Exception as error:
            report_error(self.window(), error, self.tr("Your feedback could not be saved."))
        entry = self._labels.get(hit.chunk_id)
        self.results.set_feedback(hit.chunk_id, entry[1] if entry else None)

    # -- slots --------------------------------------------------------------

    def _on_overview_loaded(self, overview: IndexOverview) -> None:
        self._overview = overview
        self.filter_bar.set_choices(overview)
        self.stack.setCurrentIndex(1 if overview.empty else 0)
        if self._response is None:
            self._update_summary()
        emit(self.overview_loaded, overview)

    @Slot()
    def _on_search_edit_return_pressed(self) -> None:
        self._search_now()

    @Slot(str)
    def _on_search_edit_text_edited(self, _text: str) -> None:
        self._search_timer.start()

    @Slot()
    def _on_search_button_clicked(self) -> None:
        self._search_now()

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        self._search_now()

    @Slot()
    def _on_filters_changed(self) -> None:
        if self.search_edit.text().strip():
            self._search_now()

    def _on_current_hit_changed(self, hit: SearchHit | None) -> None:
        self.preview.show_hit(hit, self._response.query if self._response else "")

    def _on_hit_activated(self, hit: SearchHit) -> None:
        open_file(self.window(), hit.path)

    # -- keyboard -----------------------------------------------------------

    def _add_shortcuts(self) -> None:
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.results)
        copy.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy.activated.connect(self._on_copy_shortcut_activated)
        for key, label in (("Alt+1", RELEVANT), ("Alt+2", NOT_RELEVANT)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda value=label: self.give_feedback(value))

    @Slot()
    def _on_copy_shortcut_activated(self) -> None:
        hit = self.results.current_hit()
        if hit is not None:
            copy_path(hit.path)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up and Down in the search box move through the results.
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.results.count():
                step = -1 if event.key() == Qt.Key.Key_Up else 1
                row = min(max(self.results.currentRow() + step, 0), self.results.count() - 1)
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def retranslate_ui(self) -> None:
        self.search_edit.setPlaceholderText(
            self.tr("Ask a question or type keywords, e.g. “nghỉ phép năm” (Ctrl+F)")
        )
        self.search_button.setText(self.tr("Search"))
        self._update_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

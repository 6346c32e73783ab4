"""The main window: a navigation list of pages, the menus and the status bar."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QSize, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from vnsearch.accounts import User
from vnsearch.gui.context import AppContext
from vnsearch.gui.feedback_dialog import FeedbackDialog, ask_and_export
from vnsearch.gui.finetune_wizard.training_page import TASK_NAME as FINETUNE_TASK
from vnsearch.gui.i18n import format_int, level_name, role_name
from vnsearch.gui.import_wizard.wizard import ImportWizard
from vnsearch.gui.index_manager import IndexManagerPage
from vnsearch.gui.model_switch import TASK_NAME as SWITCH_TASK
from vnsearch.gui.models_page import ModelsPage
from vnsearch.gui.overview import IndexOverview
from vnsearch.gui.search_page import SearchPage
from vnsearch.gui.settings_page import SettingsPage
from vnsearch.gui.tasks import cancel_all_tasks, run_task, running_tasks
from vnsearch.gui.users_page import UsersPage

logger = logging.getLogger("vnsearch.gui")

SEARCH, INDEX, MODELS, USERS, SETTINGS = range(5)
_ADMIN_PAGES = (INDEX, MODELS, USERS)


class MainWindow(QMainWindow):
    """Pages for search, index, models, users and settings; admin pages only for admins."""

    def __init__(self, context: AppContext, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.context = context
        self.user = user
        self.wizard: ImportWizard | None = None
        self.feedback_dialog: FeedbackDialog | None = None

        self.search_page = SearchPage(context, user)
        self.index_page = IndexManagerPage(context, user)
        self.models_page = ModelsPage(context, user)
        self.users_page = UsersPage(context, user)
        self.settings_page = SettingsPage(context, user)
        self.pages = QStackedWidget()
        for page in (
            self.search_page,
            self.index_page,
            self.models_page,
            self.users_page,
            self.settings_page,
        ):
            self.pages.addWidget(page)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(190)
        self.navigation.setSpacing(2)
        self.navigation.setStyleSheet(
            "QListWidget#navigation { background: #f3f5f7; border: none; padding-top: 8px; }"
            "QListWidget#navigation::item { padding: 8px 10px; }"
            "QListWidget#navigation::item:selected { background: #1565c0; color: white; }"
        )
        for page_id in range(self.pages.count()):
            item = QListWidgetItem()
            item.setSizeHint(QSize(180, 36))
            self.navigation.addItem(item)
            item.setHidden(page_id in _ADMIN_PAGES and not user.is_admin)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.user_label = QLabel()
        self.documents_label = QLabel()
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.documents_label)
        self._create_menus()
        QShortcut(QKeySequence.StandardKey.Find, self, self._on_find_shortcut_activated)

        self.navigation.currentRowChanged.connect(self._on_navigation_row_changed)
        self.search_page.import_requested.connect(self.open_import_wizard)
        self.search_page.overview_loaded.connect(self._on_overview_loaded)
        self.index_page.import_requested.connect(self.open_import_wizard)
        self.index_page.index_changed.connect(self._on_index_changed)
        self.models_page.active_model_changed.connect(self._on_index_changed)
        self.navigation.setCurrentRow(SEARCH)
        self.resize(1280, 800)
        self.retranslate_ui()
        self.search_page.refresh_overview()
        self._preload_model()

    # -- actions ------------------------------------------------------------

    def show_page(self, page_id: int) -> None:
        """Switch to page ``page_id`` (SEARCH, INDEX, MODELS, USERS or SETTINGS)."""
        if page_id in _ADMIN_PAGES and not self.user.is_admin:
            raise PermissionError(f"Page {page_id} is for administrators only.")
        self.navigation.setCurrentRow(page_id)

    @Slot()
    def open_import_wizard(self) -> ImportWizard | None:
        """Open the import wizard (administrators only); returns it."""
        if not self.user.is_admin:
            return None
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            return self.wizard
        self.wizard = ImportWizard(self.context, self.user, parent=self)
        self.wizard.index_changed.connect(self._on_index_changed)
        self.wizard.setWindowModality(Qt.WindowModality.WindowModal)
        self.wizard.show()
        return self.wizard

    def open_feedback_dialog(self) -> FeedbackDialog | None:
        """Show the list of relevance judgements (administrators only)."""
        if not self.user.is_admin:
            return None
        self.feedback_dialog = FeedbackDialog(self.context, self.user, self)
        self.feedback_dialog.show()
        return self.feedback_dialog

    def _create_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.import_action = QAction(self)
        self.import_action.triggered.connect(self.open_import_wizard)
        self.import_action.setVisible(self.user.is_admin)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.import_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.admin_menu = self.menuBar().addMenu("")
        self.admin_menu.menuAction().setVisible(self.user.is_admin)
        self.feedback_action = QAction(self)
        self.feedback_action.triggered.connect(self.open_feedback_dialog)
        self.positive_action = QAction(self)
        self.positive_action.triggered.connect(
            lambda: ask_and_export(self, self.context, self.user, "positive_pairs")
        )
        self.negative_action = QAction(self)
        self.negative_action.triggered.connect(
            lambda: ask_and_export(self, self.context, self.user, "hard_negatives")
        )
        for action in (self.feedback_action, self.positive_action, self.negative_action):
            self.admin_menu.addAction(action)

    def _preload_model(self) -> None:
        # The first search would otherwise wait for the model to load.
        self.context.attach_query_encoder()
        engine = self.context.engine
        if engine.store.meta is None:
            return
        run_task(
            self,
            "load-model",
            lambda _context: engine.embedder().encode_query("khởi động"),
            on_result=lambda _vector: logger.info("Model %s loaded", engine.model_name),
            failure_text=self.tr("The search model could not be loaded."),
        )

    # -- language -------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("vnsearch – company document search"))
        names = (
            self.tr("Search"),
            self.tr("Index"),
            self.tr("Models"),
            self.tr("Users"),
            self.tr("Settings"),
        )
        for row, name in enumerate(names):
            self.navigation.item(row).setText(name)
        self.file_menu.setTitle(self.tr("&File"))
        self.import_action.setText(self.tr("&Import folders…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.admin_menu.setTitle(self.tr("&Administration"))
        self.feedback_action.setText(self.tr("Relevance &feedback…"))
        self.positive_action.setText(self.tr("Export &positive pairs…"))
        self.negative_action.setText(self.tr("Export &hard negatives…"))
        text = self.tr("Signed in as %1 (%2, level: %3)")
        self.user_label.setText(
            text.replace("%1", self.user.name)
            .replace("%2", role_name(self.user.role))
            .replace("%3", level_name(self.user.access_level))
        )
        overview = self.search_page.overview
        if overview is not None:
            self._on_overview_loaded(overview)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- slots ----------------------------------------------------------------

    def _on_overview_loaded(self, overview: IndexOverview) -> None:
        text = self.tr("%1 documents · %2 passages available to you")
        self.documents_label.setText(
            text.replace("%1", format_int(overview.documents)).replace(
                "%2", format_int(overview.chunks)
            )
        )

    @Slot()
    def _on_index_changed(self) -> None:
        if self.context.query_encoder is None and self.context.engine.store.meta is not None:
            self._preload_model()  # the first import installed the model
        self.search_page.refresh_overview()
        if self.user.is_admin:
            self.index_page.refresh()

    @Slot(int)
    def _on_navigation_row_changed(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        if row == INDEX:
            self.index_page.refresh()
        elif row == MODELS:
            self.models_page.refresh()
        elif row == USERS:
            self.users_page.refresh()

    @Slot()
    def _on_find_shortcut_activated(self) -> None:
        self.show_page(SEARCH)
        self.search_page.focus_search()

    def closeEvent(self, event: QCloseEvent) -> None:
        indexing = [task for task in running_tasks() if task.name == "index"]
        if indexing and event.spontaneous():
            answer = QMessageBox.question(
                self,
                self.tr("Indexing is running"),
                self.tr(
                    "Indexing is still running. Stop it and quit? Files finished so far stay "
                    "searchable."
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        model_work = [t for t in running_tasks() if t.name in (FINETUNE_TASK, SWITCH_TASK)]
        if model_work and not indexing and event.spontaneous():
            answer = QMessageBox.question(
                self,
                self.tr("Model work is running"),
                self.tr(
                    "Fine-tuning or a model switch is still running. Stop it and quit? The "
                    "current model stays active, and nothing unfinished is installed."
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        if self.wizard is not None:
            self.wizard.close()
        cancel_all_tasks()
        self.context.close()
        super().closeEvent(event)

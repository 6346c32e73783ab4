"""The models page (administrators): installed models, re-ranking, evaluation, fine-tuning."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vnsearch.accounts import User
from vnsearch.evaluation.report import latest_report
from vnsearch.gui.compare_dialog import CompareDialog
from vnsearch.gui.context import AppContext
from vnsearch.gui.file_actions import open_file
from vnsearch.gui.finetune_wizard.wizard import FineTuneWizard
from vnsearch.gui.i18n import format_int, format_size, format_timestamp
from vnsearch.gui.messages import report_error, show_message
from vnsearch.gui.model_switch import start_model_switch, switch_progress_text
from vnsearch.gui.process_jobs import import_model_job, install_default_job
from vnsearch.gui.ranking_status import RerankingState, reranking_state
from vnsearch.gui.signals import emit
from vnsearch.gui.tasks import run_process_task, run_task
from vnsearch.models.registry import ModelInfo, list_models
from vnsearch.store.switch import SwitchProgress, SwitchReport

NAME, KIND, DIMENSION, SIZE, SOURCE, INSTALLED = range(6)


@dataclass(frozen=True)
class ModelRow:
    """An installed model and its folder size."""

    info: ModelInfo
    size_bytes: int


@dataclass(frozen=True)
class ModelsOverview:
    """Installed models and the newest evaluation report, as read from disk."""

    rows: list[ModelRow]
    latest_report: Path | None


def load_models(data_dir: Path) -> list[ModelRow]:
    """List installed models with their sizes (walks the folders: run it in a task)."""
    return [ModelRow(info, info.size_bytes) for info in list_models(data_dir)]


def load_overview(data_dir: Path) -> ModelsOverview:
    """Read the installed models and find the newest evaluation report (run it in a task)."""
    return ModelsOverview(load_models(data_dir), latest_report(data_dir))


class ModelsPage(QWidget):
    """Installed models with the active one marked, re-ranking status and model actions.

    Install, import, fine-tune, compare and roll back are administrator actions: they
    are hidden for other users, and their methods do nothing for them.

    Signals:
        models_loaded(): the table was refreshed.
        active_model_changed(): the index switched to another embedding model.
    """

    models_loaded = Signal()
    active_model_changed = Signal()

    def __init__(self, context: AppContext, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelsPage")
        self._context = context
        self._user = user
        self._rows: list[ModelRow] = []
        self._report: Path | None = None
        self._busy = False
        self.wizard: FineTuneWizard | None = None
        self.compare_dialog: CompareDialog | None = None
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.active_label = QLabel()
        self.active_label.setObjectName("activeModel")
        self.rerank_label = QLabel()
        self.rerank_label.setObjectName("rerankStatus")
        self.rerank_label.setWordWrap(True)
        self.rerank_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("modelTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.install_button = QPushButton()
        self.import_button = QPushButton()
        self.import_reranker_button = QPushButton()
        self.finetune_button = QPushButton()
        self.finetune_button.setObjectName("fineTune")
        self.compare_button = QPushButton()
        self.compare_button.setObjectName("compareModels")
        self.report_button = QPushButton()
        self.report_button.setObjectName("openLatestReport")
        self.rollback_button = QPushButton()
        self.rollback_button.setObjectName("rollBack")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        install_row = QHBoxLayout()
        for button in (self.install_button, self.import_button, self.import_reranker_button):
            install_row.addWidget(button)
        install_row.addStretch(1)
        actions_row = QHBoxLayout()
        for button in (
            self.finetune_button,
            self.compare_button,
            self.report_button,
            self.rollback_button,
        ):
            actions_row.addWidget(button)
        actions_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self._intro)
        layout.addWidget(self.active_label)
        layout.addWidget(self.rerank_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(install_row)
        layout.addLayout(actions_row)
        layout.addWidget(self.status_label)
        self.install_button.clicked.connect(self._on_install_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.import_reranker_button.clicked.connect(self._on_import_reranker_clicked)
        self.finetune_button.clicked.connect(self._on_finetune_clicked)
        self.compare_button.clicked.connect(self._on_compare_clicked)
        self.report_button.clicked.connect(self._on_report_clicked)
        self.rollback_button.clicked.connect(self._on_rollback_clicked)
        for button in (
            self.install_button,
            self.import_button,
            self.import_reranker_button,
            self.finetune_button,
            self.compare_button,
            self.rollback_button,
        ):
            button.setVisible(user.is_admin)
        self.retranslate_ui()

    # -- data -------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the installed models and the latest report in the background."""
        data_dir = self._context.data_dir
        run_task(
            self,
            "list-models",
            lambda _context: load_overview(data_dir),
            on_result=self._on_overview_loaded,
            failure_text=self.tr("The list of models could not be read."),
        )

    def rows(self) -> list[ModelRow]:
        """The models on display."""
        return list(self._rows)

    @property
    def latest_report_path(self) -> Path | None:
        """The newest evaluation report found by the last refresh."""
        return self._report

    def reranking(self) -> RerankingState:
        """Return whether searches re-rank, judged from the models on display and the settings."""
        return reranking_state([row.info for row in self._rows], self._context.engine.settings)

    # -- install and import -----------------------------------------------

    def install_default_model(self) -> None:
        """Build the default model from the bundled weights (no network needed)."""
        self._start(
            "install-model",
            install_default_job,
            (self._context.data_dir,),
            self.tr("Installing the default model…"),
            self.tr("The default model could not be installed."),
        )

    def import_folder(self, folder: Path, kind: str = "embedding") -> None:
        """Copy a sentence-transformers model folder of ``kind`` into the data folder."""
        self._start(
            "import-model",
            import_model_job,
            (self._context.data_dir, folder, kind),
            self.tr("Checking and copying %1…").replace("%1", str(folder)),
            self.tr("The model folder could not be imported."),
        )

    def _start(
        self,
        name: str,
        job: Callable[..., ModelInfo],
        args: tuple[object, ...],
        busy_text: str,
        failure_text: str,
    ) -> None:
        if not self._user.is_admin:
            return
        # A child process: loading a model in this one would stall the window.
        self._set_busy(True)
        self.status_label.setText(busy_text)
        run_process_task(
            self,
            name,
            job,
            args,
            on_progress=lambda message: self.status_label.setText(str(message)),
            on_result=self._on_model_installed,
            on_finished=lambda: self._set_busy(False),
            on_error=lambda error: self._on_failed(error, failure_text),
            failure_text=failure_text,
        )

    def _on_failed(self, error: BaseException, failure_text: str) -> None:
        self.status_label.setText(failure_text)
        report_error(self.window(), error, failure_text)

    def _on_model_installed(self, info: ModelInfo) -> None:
        self.status_label.setText(self.tr("Model %1 is installed.").replace("%1", info.name))
        if info.kind == "embedding" and info.name != self._context.engine.model_name:
            show_message(
                self.window(),
                self.tr(
                    "Model %1 is installed. The index keeps using %2. To switch, run "
                    "vnsearch models activate %1: it embeds every document again "
                    "in the background while search keeps working."
                )
                .replace("%1", info.name)
                .replace("%2", self._context.engine.model_name),
            )
        self.refresh()

    # -- fine-tuning, comparison, rollback ----------------------------------

    def open_finetune_wizard(self) -> FineTuneWizard | None:
        """Open the fine-tuning wizard (administrators only); returns it."""
        if not self._user.is_admin:
            return None
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            return self.wizard
        self.wizard = FineTuneWizard(self._context, self._user, parent=self.window())
        self.wizard.models_changed.connect(self._on_models_changed)
        self.wizard.show()
        return self.wizard

    def open_compare_dialog(self) -> CompareDialog | None:
        """Open the model comparison (administrators only); returns it."""
        if not self._user.is_admin:
            return None
        if self.compare_dialog is not None and self.compare_dialog.isVisible():
            self.compare_dialog.raise_()
            return self.compare_dialog
        infos = [row.info for row in self._rows] or list_models(self._context.data_dir)
        self.compare_dialog = CompareDialog(self._context, infos, parent=self.window())
        self.compare_dialog.report_written.connect(self._on_report_written)
        self.compare_dialog.show()
        return self.compare_dialog

    def roll_back(self) -> bool:
        """Switch back to the model the last activation replaced; False when impossible."""
        meta = self._context.engine.store.meta
        if not self._user.is_admin or meta is None or meta.previous is None or self._busy:
            return False
        try:
            start_model_switch(
                self,
                self._context,
                None,
                on_progress=self._on_switch_progress,
                on_result=self._on_rolled_back,
                on_error=lambda error: self._on_failed(
                    error, self.tr("The previous model could not be restored.")
                ),
                on_finished=lambda: self._set_busy(False),
            )
        except RuntimeError:
            self.status_label.setText(
                self.tr("Indexing or a model switch is running; roll back when it has ended.")
            )
            return False
        self._set_busy(True)
        self.status_label.setText(
            self.tr("Rolling back to %1…").replace("%1", meta.previous.model_id)
        )
        return True

    def _on_switch_progress(self, progress: SwitchProgress) -> None:
        self.status_label.setText(switch_progress_text(progress))

    def _on_rolled_back(self, report: SwitchReport) -> None:
        if report.cancelled or not report.switched:
            self.status_label.setText(
                self.tr("The rollback stopped; %1 is still active.").replace("%1", report.model_id)
            )
        else:
            self.status_label.setText(
                self.tr("Rolled back: the index uses %1 again.").replace("%1", report.model_id)
            )
        self._on_models_changed()

    # -- display ------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (
            self.install_button,
            self.import_button,
            self.import_reranker_button,
            self.finetune_button,
        ):
            button.setEnabled(not busy)
        self._show_rollback()

    def _on_overview_loaded(self, overview: ModelsOverview) -> None:
        self._report = overview.latest_report
        self._on_models_loaded(overview.rows)

    def _on_models_loaded(self, rows: list[ModelRow]) -> None:
        self._rows = rows
        active = self._context.engine.model_name
        self.table.setRowCount(len(rows))
        for row, model in enumerate(rows):
            info = model.info
            name = info.name + ("  ✓ " + self.tr("in use") if info.name == active else "")
            kinds = {"embedding": self.tr("Embedding"), "reranker": self.tr("Re-ranker")}
            values = (
                name,
                kinds.get(info.kind, info.kind),
                format_int(info.dimension) if info.dimension else "–",
                format_size(model.size_bytes),
                info.source,
                format_timestamp(info.installed_at),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == NAME and info.name == active:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.active_label.setText(self.tr("Model used by the index: %1").replace("%1", active))
        self._show_reranking()
        self._show_report()
        self._show_rollback()
        emit(self.models_loaded)

    def _show_reranking(self) -> None:
        state = self.reranking()
        if state.active is not None:
            text = self.tr(
                "Re-ranking: on, with %1. It reads each question with the best %2 passages "
                "again and puts the most relevant first."
            ).replace("%2", format_int(self._context.engine.settings.rerank_candidates))
            self.rerank_label.setText(text.replace("%1", state.active))
        elif state.disabled_by_settings is not None:
            self.rerank_label.setText(
                self.tr(
                    "Re-ranking: off. %1 is installed, but the search stages setting leaves "
                    "re-ranking out."
                ).replace("%1", state.disabled_by_settings)
            )
        elif state.missing is not None:
            self.rerank_label.setText(
                self.tr(
                    "Re-ranking: off. The re-ranker %1 named in the settings is not installed. "
                    "Import it, or clear the re-ranker setting to use another installed one."
                ).replace("%1", state.missing)
            )
        else:
            self.rerank_label.setText(
                self.tr(
                    "Re-ranking: off. No re-ranker model is installed. Import one with "
                    "“Import re-ranker folder…” or run: vnsearch models import --kind reranker "
                    "PATH"
                )
            )

    def _show_report(self) -> None:
        report = self._report
        self.report_button.setEnabled(report is not None)
        if report is None:
            self.report_button.setToolTip(
                self.tr("No evaluation report yet. Use “Compare models…” or run vnsearch eval.")
            )
            return
        self.report_button.setToolTip(str(report))

    def _show_rollback(self) -> None:
        meta = self._context.engine.store.meta
        previous = meta.previous if meta is not None else None
        self.rollback_button.setEnabled(previous is not None and not self._busy)
        if previous is None:
            self.rollback_button.setToolTip(
                self.tr("No previous model: the index has not switched models since it was built.")
            )
        else:
            self.rollback_button.setToolTip(
                self.tr(
                    "Switch back to %1; only passages changed since the switch are embedded."
                ).replace("%1", previous.model_id)
            )

    def retranslate_ui(self) -> None:
        self._intro.setText(
            self.tr(
                "The embedding model turns text into vectors so that a question finds "
                "passages with the same meaning, not only the same words. Everything runs "
                "on this computer; no text leaves it."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Kind"),
                self.tr("Dimension"),
                self.tr("Size"),
                self.tr("Source"),
                self.tr("Installed"),
            ]
        )
        self.install_button.setText(self.tr("Install default model"))
        self.import_button.setText(self.tr("Import model folder…"))
        self.import_reranker_button.setText(self.tr("Import re-ranker folder…"))
        self.finetune_button.setText(self.tr("Fine-tune…"))
        self.compare_button.setText(self.tr("Compare models…"))
        self.report_button.setText(self.tr("Open the latest evaluation report"))
        self.rollback_button.setText(self.tr("Roll back to the previous model"))
        self.active_label.setText(
            self.tr("Model used by the index: %1").replace("%1", self._context.engine.model_name)
        )
        self._show_report()
        self._show_rollback()
        if self._rows:
            self._on_models_loaded(self._rows)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- slots ----------------------------------------------------------------

    @Slot()
    def _on_models_changed(self) -> None:
        self.refresh()
        emit(self.active_model_changed)

    @Slot(object)
    def _on_report_written(self, _path: object) -> None:
        self.refresh()

    @Slot()
    def _on_install_clicked(self) -> None:
        self.install_default_model()

    @Slot()
    def _on_import_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose a sentence-transformers model folder")
        )
        if folder:
            self.import_folder(Path(folder))

    @Slot()
    def _on_import_reranker_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose a cross-encoder (re-ranker) model folder")
        )
        if folder:
            self.import_folder(Path(folder), kind="reranker")

    @Slot()
    def _on_finetune_clicked(self) -> None:
        self.open_finetune_wizard()

    @Slot()
    def _on_compare_clicked(self) -> None:
        self.open_compare_dialog()

    @Slot()
    def _on_report_clicked(self) -> None:
        if self._report is not None:
            open_file(self.window(), str(self._report))

    @Slot()
    def _on_rollback_clicked(self) -> None:
        meta = self._context.engine.store.meta
        if meta is None or meta.previous is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Roll back"),
            self.tr("Switch the index back to %1? Search keeps working with %2 until the switch.")
            .replace("%1", meta.previous.model_id)
            .replace("%2", meta.model_id),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.roll_back()

"""The models page (administrators): installed embedding models, install and import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vnsearch.gui.context import AppContext
from vnsearch.gui.i18n import format_int, format_size, format_timestamp
from vnsearch.gui.messages import report_error, show_message
from vnsearch.gui.process_jobs import import_model_job, install_default_job
from vnsearch.gui.signals import emit
from vnsearch.gui.tasks import run_process_task, run_task
from vnsearch.models.registry import ModelInfo, list_models

NAME, KIND, DIMENSION, SIZE, SOURCE, INSTALLED = range(6)


@dataclass(frozen=True)
class ModelRow:
    """An installed model and its folder size."""

    info: ModelInfo
    size_bytes: int


def load_models(data_dir: Path) -> list[ModelRow]:
    """List installed models with their sizes (walks the folders: run it in a task)."""
    return [ModelRow(info, info.size_bytes) for info in list_models(data_dir)]


class ModelsPage(QWidget):
    """Installed models, the active one marked, with Install and Import buttons.

    Signals:
        models_loaded(): the table was refreshed.
    """

    models_loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelsPage")
        self._context = context
        self._rows: list[ModelRow] = []
        self._busy = False
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.active_label = QLabel()
        self.active_label.setObjectName("activeModel")
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
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.install_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self._intro)
        layout.addWidget(self.active_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        self.install_button.clicked.connect(self._on_install_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.retranslate_ui()

    def refresh(self) -> None:
        """Reload the list of installed models in the background."""
        data_dir = self._context.data_dir
        run_task(
            self,
            "list-models",
            lambda _context: load_models(data_dir),
            on_result=self._on_models_loaded,
            failure_text=self.tr("The list of models could not be read."),
        )

    def rows(self) -> list[ModelRow]:
        """The models on display."""
        return list(self._rows)

    def install_default_model(self) -> None:
        """Build the default model from the bundled weights (no network needed)."""
        self._start(
            "install-model",
            install_default_job,
            (self._context.data_dir,),
            self.tr("Installing the default model…"),
            self.tr("The default model could not be installed."),
        )

    def import_folder(self, folder: Path) -> None:
        """Copy a sentence-transformers model folder into the data folder."""
        self._start(
            "import-model",
            import_model_job,
            (self._context.data_dir, folder),
            self.tr("Checking and copying %1…").replace("%1", str(folder)),
            self.tr("The model folder could not be imported."),
        )

    def _start(
        self,
        name: str,
        job: Callable[..., ModelInfo],
        args: tuple[Path, ...],
        busy_text: str,
        failure_text: str,
    ) -> None:
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
        if info.name != self._context.engine.model_name:
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

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.install_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy)

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
        emit(self.models_loaded)

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
        self.active_label.setText(
            self.tr("Model used by the index: %1").replace("%1", self._context.engine.model_name)
        )
        if self._rows:
            self._on_models_loaded(self._rows)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

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

"""The settings page: data folder, interface language and compute device."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vnsearch.accounts import User
from vnsearch.gui.context import AppContext
from vnsearch.gui.data_location import save_data_location
from vnsearch.gui.i18n import LANGUAGES
from vnsearch.gui.messages import report_error
from vnsearch.gui.process_jobs import cuda_job
from vnsearch.gui.tasks import run_process_task

logger = logging.getLogger("vnsearch.gui")


class SettingsPage(QWidget):
    """Settings stored in the data folder; language applies at once, the rest at restart."""

    def __init__(self, context: AppContext, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsPage")
        self._context = context
        self._user = user
        self._cuda: bool | None = None
        self._chosen_data_dir: Path | None = None

        self._folder_box = QGroupBox()
        self.data_dir_edit = QLineEdit(str(context.data_dir))
        self.data_dir_edit.setReadOnly(True)
        self.change_folder_button = QPushButton()
        self.change_folder_button.setEnabled(user.is_admin)
        self.folder_note = QLabel()
        self.folder_note.setWordWrap(True)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.data_dir_edit, 1)
        folder_row.addWidget(self.change_folder_button)
        folder_layout = QVBoxLayout(self._folder_box)
        folder_layout.addLayout(folder_row)
        folder_layout.addWidget(self.folder_note)

        self._ui_box = QGroupBox()
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("languageCombo")
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(
            max(self.language_combo.findData(context.engine.settings.language), 0)
        )
        self.device_combo = QComboBox()
        self.device_combo.setObjectName("deviceCombo")
        self.device_combo.setEnabled(user.is_admin)
        self.device_note = QLabel()
        self.device_note.setWordWrap(True)
        self._language_label = QLabel()
        self._device_label = QLabel()
        form = QFormLayout(self._ui_box)
        form.addRow(self._language_label, self.language_combo)
        form.addRow(self._device_label, self.device_combo)
        form.addRow("", self.device_note)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self._ui_box)
        layout.addWidget(self._folder_box)
        layout.addStretch(1)

        self.language_combo.activated.connect(self._on_language_activated)
        self.device_combo.activated.connect(self._on_device_activated)
        self.change_folder_button.clicked.connect(self._on_change_folder_clicked)
        self._cuda_check_started = False
        self.retranslate_ui()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.check_cuda()

    def check_cuda(self) -> None:
        """Find out once whether a CUDA GPU is usable, in a child process.

        Importing torch holds the interpreter lock for seconds, so it never happens in
        the GUI process just for this check.
        """
        if self._cuda_check_started:
            return
        self._cuda_check_started = True
        run_process_task(
            self,
            "check-cuda",
            cuda_job,
            (),
            on_result=self._on_cuda_checked,
            on_error=self._on_cuda_check_failed,
            failure_text="",
        )

    def set_language(self, code: str) -> None:
        """Switch the interface language now and save it in the settings."""
        settings = self._context.engine.settings
        settings.language = code
        self._context.languages.apply(code)
        self.language_combo.setCurrentIndex(self.language_combo.findData(code))
        try:
            self._context.save_settings()
        except OSError as error:
            report_error(self.window(), error, self.tr("The settings could not be saved."))

    def set_device(self, device: str) -> None:
        """Save the compute device ("auto", "cpu" or "cuda"); it applies at the next start."""
        self._context.engine.settings.device = device
        try:
            self._context.save_settings()
        except OSError as error:
            report_error(self.window(), error, self.tr("The settings could not be saved."))
            return
        self.device_note.setText(self._device_text(changed=True))

    def set_data_folder(self, folder: Path) -> None:
        """Store ``folder`` as the data folder for the next start."""
        try:
            save_data_location(folder)
        except OSError as error:
            report_error(self.window(), error, self.tr("The data folder could not be saved."))
            return
        self._chosen_data_dir = folder
        self.retranslate_ui()

    def _fill_devices(self) -> None:
        current = self._context.engine.settings.device
        self.device_combo.clear()
        self.device_combo.addItem(self.tr("Automatic (GPU when available)"), "auto")
        self.device_combo.addItem(self.tr("CPU"), "cpu")
        if self._cuda:
            self.device_combo.addItem(self.tr("NVIDIA GPU (CUDA)"), "cuda")
        self.device_combo.setCurrentIndex(max(self.device_combo.findData(current), 0))

    def _device_text(self, changed: bool = False) -> str:
        if self._cuda is None:
            text = self.tr("Checking for a GPU…")
        elif self._cuda:
            text = self.tr("An NVIDIA GPU is available.")
        else:
            text = self.tr("No usable NVIDIA GPU was found; vnsearch uses the CPU.")
        if changed:
            text += " " + self.tr("The new device is used after vnsearch restarts.")
        return text

    def retranslate_ui(self) -> None:
        self._ui_box.setTitle(self.tr("Interface and computing"))
        self._language_label.setText(self.tr("Language:"))
        self._device_label.setText(self.tr("Compute device:"))
        self._fill_devices()
        self.device_note.setText(self._device_text())
        self._folder_box.setTitle(self.tr("Data folder"))
        self.change_folder_button.setText(self.tr("Change…"))
        note = self.tr(
            "The data folder holds the index, the models, the users and the settings. "
            "Anyone who can read it can read every indexed text, whatever their access "
            "level: protect it with the operating system's file permissions."
        )
        if self._chosen_data_dir is not None:
            note += "\n" + self.tr("vnsearch will open %1 the next time it starts.").replace(
                "%1", str(self._chosen_data_dir)
            )
        self.folder_note.setText(note)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _on_cuda_check_failed(self, error: BaseException) -> None:
        logger.info("CUDA check failed: %s", error)
        self._on_cuda_checked(False)

    def _on_cuda_checked(self, available: bool) -> None:
        self._cuda = available
        self._fill_devices()
        self.device_note.setText(self._device_text())

    @Slot(int)
    def _on_language_activated(self, index: int) -> None:
        self.set_language(str(self.language_combo.itemData(index)))

    @Slot(int)
    def _on_device_activated(self, index: int) -> None:
        self.set_device(str(self.device_combo.itemData(index)))

    @Slot()
    def _on_change_folder_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the data folder"))
        if folder:
            self.set_data_folder(Path(folder))

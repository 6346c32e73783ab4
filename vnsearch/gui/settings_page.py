"""The settings page: interface language, compute device, search ranking, data folder.

The language and the search ranking apply at once, because the engine builds the
ranking stages from its settings for every search. The device and the data folder
apply at the next start.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QSignalBlocker, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vnsearch.accounts import User
from vnsearch.config import SEARCH_STAGES
from vnsearch.gui.context import AppContext
from vnsearch.gui.data_location import save_data_location
from vnsearch.gui.i18n import LANGUAGES
from vnsearch.gui.messages import report_error
from vnsearch.gui.process_jobs import cuda_job
from vnsearch.gui.ranking_status import reranking_state
from vnsearch.gui.tasks import run_process_task
from vnsearch.models.registry import list_models

logger = logging.getLogger("vnsearch.gui")

# Upper ends of the ranking controls. A larger value read from settings.json (the
# settings allow 1000 candidates and a cap of 10) raises the control's maximum to it.
MAX_RERANK_CANDIDATES_UI = 200
MAX_FEEDBACK_CAP_UI = 2.0


class SettingsPage(QWidget):
    """Page of the app settings, each saved as soon as it changes.

    Every user can change the language. Only administrators can change the device,
    the search ranking and the data folder, and other users see them read-only.

    The search ranking box keeps the order of the two ranking stages in the
    "Order" combo, and ``search_stages`` lists the checked stages in that order, so a
    stage that is off is absent from the list. Turning a stage off and on again
    therefore restores its place while the page is open. When the page opens with
    both stages on, the combo shows their saved order. When one is off, the saved
    list contains no order, so the combo starts at "Re-rank, then feedback".
    """

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

        self._build_ranking_box()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self._ui_box)
        layout.addWidget(self._ranking_box)
        layout.addWidget(self._folder_box)
        layout.addStretch(1)

        self.language_combo.activated.connect(self._on_language_activated)
        self.device_combo.activated.connect(self._on_device_activated)
        self.change_folder_button.clicked.connect(self._on_change_folder_clicked)
        self.rerank_check.clicked.connect(self._on_rerank_check_clicked)
        self.rerank_candidates_spin.valueChanged.connect(
            self._on_rerank_candidates_spin_value_changed
        )
        self.rerank_weight_spin.valueChanged.connect(self._on_rerank_weight_spin_value_changed)
        self.feedback_check.clicked.connect(self._on_feedback_check_clicked)
        self.feedback_cap_spin.valueChanged.connect(self._on_feedback_cap_spin_value_changed)
        self.stage_order_combo.activated.connect(self._on_stage_order_combo_activated)
        self._cuda_check_started = False
        self.retranslate_ui()

    def _build_ranking_box(self) -> None:
        settings = self._context.engine.settings
        stages = settings.search_stages
        both_on = all(name in stages for name in SEARCH_STAGES)
        # Both stage names, in the order they run when both are on.
        self._stage_order = list(stages) if both_on else list(SEARCH_STAGES)

        self._ranking_box = QGroupBox()
        self.rerank_check = QCheckBox()
        self.rerank_check.setObjectName("rerankCheck")
        self.rerank_check.setChecked("rerank" in stages)
        self.rerank_note = QLabel()
        self.rerank_note.setWordWrap(True)
        self.rerank_candidates_spin = QSpinBox()
        self.rerank_candidates_spin.setObjectName("rerankCandidatesSpin")
        self.rerank_candidates_spin.setRange(
            1, max(MAX_RERANK_CANDIDATES_UI, settings.rerank_candidates)
        )
        self.rerank_candidates_spin.setValue(settings.rerank_candidates)
        # Save when typing ends or an arrow is pressed, not after every digit.
        self.rerank_candidates_spin.setKeyboardTracking(False)
        self.rerank_weight_spin = QDoubleSpinBox()
        self.rerank_weight_spin.setObjectName("rerankWeightSpin")
        self.rerank_weight_spin.setDecimals(2)
        self.rerank_weight_spin.setSingleStep(0.05)
        self.rerank_weight_spin.setRange(0.0, 1.0)
        self.rerank_weight_spin.setValue(settings.rerank_weight)
        self.rerank_weight_spin.setKeyboardTracking(False)
        self.feedback_check = QCheckBox()
        self.feedback_check.setObjectName("feedbackCheck")
        self.feedback_check.setChecked("feedback" in stages)
        self.feedback_cap_spin = QDoubleSpinBox()
        self.feedback_cap_spin.setObjectName("feedbackCapSpin")
        # One decimal, or two when settings.json contains a finer cap such as 0.25, so
        # that the box shows it unrounded. A cap finer than 0.01 still shows rounded.
        self.feedback_cap_spin.setDecimals(
            1 if round(settings.feedback_cap, 1) == settings.feedback_cap else 2
        )
        self.feedback_cap_spin.setSingleStep(0.1)
        self.feedback_cap_spin.setRange(0.0, max(MAX_FEEDBACK_CAP_UI, settings.feedback_cap))
        self.feedback_cap_spin.setValue(settings.feedback_cap)
        self.feedback_cap_spin.setKeyboardTracking(False)
        self.stage_order_combo = QComboBox()
        self.stage_order_combo.setObjectName("stageOrderCombo")
        # Each item's data is the stage that runs first.
        self.stage_order_combo.addItem("", "rerank")
        self.stage_order_combo.addItem("", "feedback")
        self.stage_order_combo.setCurrentIndex(
            self.stage_order_combo.findData(self._stage_order[0])
        )
        self.ranking_note = QLabel()
        self.ranking_note.setWordWrap(True)
        self._rerank_candidates_label = QLabel()
        self._rerank_weight_label = QLabel()
        self._feedback_cap_label = QLabel()
        self._stage_order_label = QLabel()

        form = QFormLayout(self._ranking_box)
        form.addRow(self.rerank_check)
        form.addRow("", self.rerank_note)
        form.addRow(self._rerank_candidates_label, self.rerank_candidates_spin)
        form.addRow(self._rerank_weight_label, self.rerank_weight_spin)
        form.addRow(self.feedback_check)
        form.addRow(self._feedback_cap_label, self.feedback_cap_spin)
        form.addRow(self._stage_order_label, self.stage_order_combo)
        form.addRow(self.ranking_note)
        self._update_ranking_enabled()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.check_cuda()
        # A re-ranker may have been imported on the Models page since the last visit.
        self.rerank_note.setText(self._rerank_text())

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

    def set_reranking(self, enabled: bool) -> None:
        """Add or remove the "rerank" search stage and save it. The next search uses it."""
        self.rerank_check.setChecked(enabled)
        self._save_stages()

    def set_rerank_candidates(self, count: int) -> None:
        """Save how many of the best fused chunks the re-ranker scores again."""
        with QSignalBlocker(self.rerank_candidates_spin):
            self.rerank_candidates_spin.setValue(count)
        self._context.engine.settings.rerank_candidates = self.rerank_candidates_spin.value()
        self._save_settings()

    def set_rerank_weight(self, weight: float) -> None:
        """Save the re-ranker's share (0 to 1) in the re-ranked candidates' scores.

        The rest of each score comes from hybrid search, and 1 keeps the re-ranker's
        score alone.
        """
        with QSignalBlocker(self.rerank_weight_spin):
            self.rerank_weight_spin.setValue(weight)
        self._context.engine.settings.rerank_weight = self.rerank_weight_spin.value()
        self._save_settings()

    def set_feedback(self, enabled: bool) -> None:
        """Add or remove the "feedback" search stage and save it. The next search uses it."""
        self.feedback_check.setChecked(enabled)
        self._save_stages()

    def set_feedback_cap(self, cap: float) -> None:
        """Save the largest score change from feedback, in standard deviations.

        The deviation is that of the leading candidates' scores in each search.
        """
        with QSignalBlocker(self.feedback_cap_spin):
            self.feedback_cap_spin.setValue(cap)
        self._context.engine.settings.feedback_cap = self.feedback_cap_spin.value()
        self._save_settings()

    def set_stage_order(self, first: str) -> None:
        """Order the stage ``first`` ("rerank" or "feedback") before the other one, and save.

        Raises:
            ValueError: ``first`` is not a name from ``SEARCH_STAGES``.
        """
        if first not in SEARCH_STAGES:
            raise ValueError(
                f"Invalid search stage {first!r}. Use one of: {', '.join(SEARCH_STAGES)}."
            )
        self._stage_order = [first] + [name for name in SEARCH_STAGES if name != first]
        self.stage_order_combo.setCurrentIndex(self.stage_order_combo.findData(first))
        self._save_stages()

    def _save_stages(self) -> None:
        checked = {
            "rerank": self.rerank_check.isChecked(),
            "feedback": self.feedback_check.isChecked(),
        }
        # A new list, because a search on another thread may be reading the old one.
        self._context.engine.settings.search_stages = [
            name for name in self._stage_order if checked[name]
        ]
        self._save_settings()
        self._update_ranking_enabled()
        self.rerank_note.setText(self._rerank_text())

    def _save_settings(self) -> None:
        try:
            self._context.save_settings()
        except OSError as error:
            report_error(self.window(), error, self.tr("The settings could not be saved."))

    def _update_ranking_enabled(self) -> None:
        admin = self._user.is_admin
        rerank = self.rerank_check.isChecked()
        feedback = self.feedback_check.isChecked()
        self.rerank_check.setEnabled(admin)
        self.rerank_candidates_spin.setEnabled(admin and rerank)
        self.rerank_weight_spin.setEnabled(admin and rerank)
        self.feedback_check.setEnabled(admin)
        self.feedback_cap_spin.setEnabled(admin and feedback)
        self.stage_order_combo.setEnabled(admin and rerank and feedback)

    def _rerank_text(self) -> str:
        state = reranking_state(list_models(self._context.data_dir), self._context.engine.settings)
        if state.active is not None:
            return self.tr("Searches re-rank with %1.").replace("%1", state.active)
        if state.disabled_by_settings is not None:
            return self.tr(
                "%1 is installed. Searches re-rank with it when this box is checked."
            ).replace("%1", state.disabled_by_settings)
        if state.missing is not None:
            return self.tr(
                "The re-ranker %1 named in the settings is not installed, so searches skip "
                "re-ranking. Import it on the Models page."
            ).replace("%1", state.missing)
        return self.tr("No re-ranker is installed. Import one on the Models page.")

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
        self._retranslate_ranking()
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

    def _retranslate_ranking(self) -> None:
        self._ranking_box.setTitle(self.tr("Search ranking"))
        self.rerank_check.setText(self.tr("Re-rank results with the installed cross-encoder"))
        self.rerank_note.setText(self._rerank_text())

        self._rerank_candidates_label.setText(self.tr("Candidates re-ranked:"))
        self.rerank_candidates_spin.setToolTip(
            self.tr(
                "How many of the best results the re-ranker reads again. More candidates "
                "can find answers that hybrid search placed lower, but each one costs a "
                "model pass, so on a CPU every extra candidate makes searches slower."
            )
        )
        self._rerank_weight_label.setText(self.tr("Re-ranker weight:"))
        self.rerank_weight_spin.setToolTip(
            self.tr(
                "How much the re-ranker's judgement counts against the hybrid search score. "
                "1 trusts the re-ranker alone. Lower values keep good hybrid results when "
                "the re-ranker does not suit your documents. Check with “Compare models…” on "
                "the Models page."
            )
        )

        self.feedback_check.setText(self.tr("Apply users' relevance feedback"))
        self._feedback_cap_label.setText(self.tr("Feedback cap:"))
        self.feedback_cap_spin.setToolTip(
            self.tr(
                "The largest move a document's score can get from feedback, in standard "
                "deviations of the leading results' scores. 0 turns the effect off."
            )
        )

        self._stage_order_label.setText(self.tr("Order:"))
        self.stage_order_combo.setItemText(0, self.tr("Re-rank, then feedback"))
        self.stage_order_combo.setItemText(1, self.tr("Feedback, then re-rank"))
        self.ranking_note.setText(self.tr("Changes apply to the next search."))

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

    @Slot(bool)
    def _on_rerank_check_clicked(self, checked: bool) -> None:
        self.set_reranking(checked)

    @Slot(int)
    def _on_rerank_candidates_spin_value_changed(self, value: int) -> None:
        self.set_rerank_candidates(value)

    @Slot(float)
    def _on_rerank_weight_spin_value_changed(self, value: float) -> None:
        self.set_rerank_weight(value)

    @Slot(bool)
    def _on_feedback_check_clicked(self, checked: bool) -> None:
        self.set_feedback(checked)

    @Slot(float)
    def _on_feedback_cap_spin_value_changed(self, value: float) -> None:
        self.set_feedback_cap(value)

    @Slot(int)
    def _on_stage_order_combo_activated(self, index: int) -> None:
        self.set_stage_order(str(self.stage_order_combo.itemData(index)))

    @Slot()
    def _on_change_folder_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the data folder"))
        if folder:
            self.set_data_folder(Path(folder))

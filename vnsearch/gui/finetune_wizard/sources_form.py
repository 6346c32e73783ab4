"""The inputs of the data page: training sources and the held-out evaluation split."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vnsearch.finetune.prepare import DataSources
from vnsearch.gui.i18n import format_int
from vnsearch.gui.signals import emit

DEFAULT_EVAL_PERCENT = 20


class InvalidSources(ValueError):
    """The chosen sources cannot be checked; the message is already translated."""


class PathField(QWidget):
    """A path typed or chosen with a Browse button.

    Signals:
        changed(): the text changed.
    """

    changed = Signal()

    def __init__(self, folder: bool, name: str) -> None:
        super().__init__()
        self._folder = folder
        self.edit = QLineEdit()
        self.edit.setObjectName(name)
        self.edit.setClearButtonEnabled(True)
        self.browse_button = QPushButton()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse_button)
        self.edit.textChanged.connect(self._on_text_changed)
        self.browse_button.clicked.connect(self._on_browse_clicked)

    def path(self) -> Path | None:
        """Return the path entered, or None when the field is empty."""
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_path(self, path: Path | None) -> None:
        """Show ``path`` (None clears the field)."""
        self.edit.setText(str(path) if path is not None else "")

    def set_button_text(self, text: str) -> None:
        """Set the Browse button's label."""
        self.browse_button.setText(text)

    @Slot(str)
    def _on_text_changed(self, _text: str) -> None:
        emit(self.changed)

    @Slot()
    def _on_browse_clicked(self) -> None:
        if self._folder:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a BEIR folder"))
        else:
            chosen, _filter = QFileDialog.getOpenFileName(
                self, self.tr("Choose a file"), "", self.tr("JSON Lines files (*.jsonl)")
            )
        if chosen:
            self.edit.setText(chosen)


class SourcesForm(QWidget):
    """Check box for feedback, pair files, a BEIR folder and the held-out split.

    Signals:
        changed(): any choice changed, so an earlier data check no longer applies.
    """

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._training_box = QGroupBox()
        self.feedback_box = QCheckBox()
        self.feedback_box.setObjectName("useFeedback")
        self.pairs_field = PathField(False, "pairsFile")
        self.negatives_field = PathField(False, "hardNegativesFile")
        self.beir_field = PathField(True, "beirFolder")
        self.beir_split_edit = QLineEdit("train")
        self.beir_split_edit.setObjectName("beirSplit")
        self._training_labels = [QLabel() for _ in range(4)]
        training = QFormLayout(self._training_box)
        training.addRow(self.feedback_box)
        for label, field in zip(
            self._training_labels,
            (self.pairs_field, self.negatives_field, self.beir_field, self.beir_split_edit),
            strict=True,
        ):
            training.addRow(label, field)

        self._eval_box = QGroupBox()
        self.eval_auto_radio = QRadioButton()
        self.eval_auto_radio.setChecked(True)
        self.eval_percent_spin = QSpinBox()
        self.eval_percent_spin.setRange(5, 50)
        self.eval_percent_spin.setSuffix(" %")
        self.eval_percent_spin.setValue(DEFAULT_EVAL_PERCENT)
        self.eval_file_radio = QRadioButton()
        self.eval_file_field = PathField(False, "evalPairsFile")
        self.eval_split_radio = QRadioButton()
        self.eval_split_edit = QLineEdit("dev")
        self.eval_split_edit.setObjectName("evalSplit")
        self._eval_group = QButtonGroup(self)
        for radio in (self.eval_auto_radio, self.eval_file_radio, self.eval_split_radio):
            self._eval_group.addButton(radio)
        evaluation = QFormLayout(self._eval_box)
        evaluation.addRow(self.eval_auto_radio, self.eval_percent_spin)
        evaluation.addRow(self.eval_file_radio, self.eval_file_field)
        evaluation.addRow(self.eval_split_radio, self.eval_split_edit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._training_box)
        layout.addWidget(self._eval_box)
        for field in (self.pairs_field, self.negatives_field, self.beir_field):
            field.changed.connect(self._on_input_changed)
        self.eval_file_field.changed.connect(self._on_input_changed)
        for edit in (self.beir_split_edit, self.eval_split_edit):
            edit.textChanged.connect(self._on_input_changed)
        self.feedback_box.toggled.connect(self._on_input_changed)
        self.eval_percent_spin.valueChanged.connect(self._on_input_changed)
        self._eval_group.buttonToggled.connect(self._on_input_changed)
        self._confirmed: int | None = None
        self._rejected = 0
        self._update_enabled()
        self.retranslate_ui()

    def set_feedback_counts(self, confirmed: int, rejected: int) -> None:
        """Show how many judgements the app's database contains at the admin's level."""
        self._confirmed, self._rejected = confirmed, rejected
        self._show_feedback_counts()

    def sources(self) -> DataSources:
        """Return the chosen sources, or raise InvalidSources saying what to fix."""
        for field in (self.pairs_field, self.negatives_field, self.eval_file_field):
            path = field.path()
            if path is not None and field.isEnabled() and not path.is_file():
                raise InvalidSources(
                    self.tr("The file %1 does not exist.").replace("%1", str(path))
                )
        beir = self.beir_field.path()
        if beir is not None and not beir.is_dir():
            raise InvalidSources(self.tr("The folder %1 does not exist.").replace("%1", str(beir)))
        pairs, negatives = self.pairs_field.path(), self.negatives_field.path()
        if not (self.feedback_box.isChecked() or pairs or negatives or beir):
            raise InvalidSources(
                self.tr(
                    "Choose at least one source of training data: confirmed search results, "
                    "a pairs file or a BEIR folder."
                )
            )
        sources = DataSources(
            from_feedback=self.feedback_box.isChecked(),
            pairs_files=[pairs] if pairs else [],
            hard_negative_files=[negatives] if negatives else [],
            beir_dir=beir,
            beir_split=self.beir_split_edit.text().strip() or "train",
            eval_fraction=self.eval_percent_spin.value() / 100,
        )
        if self.eval_file_radio.isChecked():
            sources.eval_pairs_file = self.eval_file_field.path()
            if sources.eval_pairs_file is None:
                raise InvalidSources(self.tr("Choose the evaluation file (eval_pairs.jsonl)."))
        elif self.eval_split_radio.isChecked():
            split = self.eval_split_edit.text().strip()
            if beir is None or not split:
                raise InvalidSources(
                    self.tr("Choose a BEIR folder and the split to hold out for evaluation.")
                )
            sources.eval_beir_split = split
        return sources

    def _update_enabled(self) -> None:
        has_beir = self.beir_field.path() is not None
        self.beir_split_edit.setEnabled(has_beir)
        self.eval_split_radio.setEnabled(has_beir)
        if not has_beir and self.eval_split_radio.isChecked():
            self.eval_auto_radio.setChecked(True)
        self.eval_percent_spin.setEnabled(self.eval_auto_radio.isChecked())
        self.eval_file_field.setEnabled(self.eval_file_radio.isChecked())
        self.eval_split_edit.setEnabled(self.eval_split_radio.isChecked())

    def _show_feedback_counts(self) -> None:
        text = self.tr("Confirmed search results from this app")
        if self._confirmed is not None:
            text += " " + self.tr("(%1 confirmed, %2 marked not relevant)").replace(
                "%1", format_int(self._confirmed)
            ).replace("%2", format_int(self._rejected))
        self.feedback_box.setText(text)

    def retranslate_ui(self) -> None:
        self._training_box.setTitle(self.tr("Training data"))
        labels = (
            self.tr("Positive pairs (positive_pairs.jsonl):"),
            self.tr("Hard negatives (hard_negatives.jsonl):"),
            self.tr("BEIR folder:"),
            self.tr("BEIR split to train on:"),
        )
        for label, text in zip(self._training_labels, labels, strict=True):
            label.setText(text)
        for field in (
            self.pairs_field,
            self.negatives_field,
            self.beir_field,
            self.eval_file_field,
        ):
            field.set_button_text(self.tr("Browse…"))
        self._eval_box.setTitle(self.tr("Held-out questions for evaluation"))
        self.eval_auto_radio.setText(self.tr("Hold out a share of the questions automatically:"))
        self.eval_file_radio.setText(self.tr("Take them from a file (eval_pairs.jsonl):"))
        self.eval_split_radio.setText(self.tr("Take them from a split of the BEIR folder:"))
        self._show_feedback_counts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _on_input_changed(self, *_args: object) -> None:
        # Connected to signals of several signatures, so it takes any arguments.
        self._update_enabled()
        emit(self.changed)

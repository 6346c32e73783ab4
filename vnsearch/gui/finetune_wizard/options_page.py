"""Wizard page 2: the training device, the hyperparameters, a time estimate and the name."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from vnsearch.errors import ConfigError
from vnsearch.finetune.devices import TrainingOptions, recommend_options
from vnsearch.finetune.job import check_model_name
from vnsearch.gui.context import AppContext
from vnsearch.gui.finetune_wizard.estimate import (
    cpu_step_cap,
    estimate_seconds,
    planned_steps,
)
from vnsearch.gui.finetune_wizard.state import FineTuneState
from vnsearch.gui.i18n import format_duration, format_float, format_int
from vnsearch.gui.signals import emit
from vnsearch.models.registry import models_dir

_MAX_NAME = 80
_NO_STEP_LIMIT_MAX = 1_000_000


def default_model_name(base: str, now: datetime | None = None) -> str:
    """Return "<base>-ft-<YYYYmmdd-HHMM>", shortening the base to fit the name limit."""
    suffix = f"-ft-{(now or datetime.now()):%Y%m%d-%H%M}"
    return base[: _MAX_NAME - len(suffix)] + suffix


def parse_learning_rate(text: str) -> float | None:
    """Return the rate typed as "2e-5", "0.00002" or "0,00002", or None when invalid."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if value > 0 else None


class FineTuneOptionsPage(QWizardPage):
    """Device line, editable recommended settings with reasons, estimate and model name."""

    def __init__(self, context: AppContext, state: FineTuneState) -> None:
        super().__init__()
        self._context = context
        self._state = state
        self._recommended: TrainingOptions | None = None
        self.device_label = QLabel()
        self.device_label.setObjectName("deviceLabel")
        self.device_label.setWordWrap(True)
        self.epochs_spin = QSpinBox()
        self.epochs_spin.setRange(1, 100)
        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(2, 4096)
        self.rate_edit = QLineEdit()
        self.rate_edit.setObjectName("learningRate")
        self.steps_spin = QSpinBox()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("modelName")
        self.explanations = {key: QLabel() for key in ("epochs", "batch", "rate", "steps")}
        for label in self.explanations.values():
            label.setWordWrap(True)
            label.setStyleSheet("color: #555;")
        self.estimate_label = QLabel()
        self.estimate_label.setObjectName("estimateLabel")
        self.estimate_label.setWordWrap(True)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("optionsProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b02a2a;")

        self._row_labels = [QLabel() for _ in range(5)]
        form = QFormLayout()
        rows = (
            (self.epochs_spin, self.explanations["epochs"]),
            (self.batch_spin, self.explanations["batch"]),
            (self.rate_edit, self.explanations["rate"]),
            (self.steps_spin, self.explanations["steps"]),
        )
        for label, (field, explanation) in zip(self._row_labels, rows, strict=False):
            form.addRow(label, field)
            form.addRow("", explanation)
        form.addRow(self._row_labels[4], self.name_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.device_label)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.estimate_label)
        layout.addWidget(self.problem_label)
        layout.addStretch(1)

        for spin in (self.epochs_spin, self.batch_spin, self.steps_spin):
            spin.valueChanged.connect(self._on_value_changed)
        self.rate_edit.textChanged.connect(self._on_text_changed)
        self.name_edit.textChanged.connect(self._on_text_changed)
        self.setCommitPage(True)
        self.retranslate_ui()

    def initializePage(self) -> None:
        checked = self._state.checked
        assert checked is not None, "the data page lets Next through only after a check"
        recommended = recommend_options(
            checked.device, checked.prepared.report.train_pairs, checked.max_seq_length
        )
        self._recommended = recommended
        for spin in (self.epochs_spin, self.batch_spin, self.steps_spin):
            spin.blockSignals(True)
        self.epochs_spin.setValue(recommended.epochs)
        self.batch_spin.setValue(recommended.batch_size)
        self.steps_spin.setValue(0)
        for spin in (self.epochs_spin, self.batch_spin, self.steps_spin):
            spin.blockSignals(False)
        self.rate_edit.setText(f"{recommended.learning_rate:g}")
        if not self.name_edit.text():
            self.name_edit.setText(default_model_name(checked.base_model))
        self._refresh()

    def options(self) -> TrainingOptions | None:
        """Return the settings as entered, or None while a value is invalid."""
        if self._recommended is None or self._state.checked is None:
            return None
        rate = parse_learning_rate(self.rate_edit.text())
        if rate is None:
            return None
        options = replace(
            self._recommended,
            epochs=self.epochs_spin.value(),
            batch_size=self.batch_spin.value(),
            learning_rate=rate,
            max_steps=self.steps_spin.value() or None,
            explanations={},
        )
        if self._state.checked.device.kind == "cpu":
            cap = cpu_step_cap(options.batch_size)
            pairs = self._state.checked.prepared.report.train_pairs
            if planned_steps(pairs, options) >= cap:
                options.max_steps = cap
        try:
            options.validate()
        except ValueError:
            return None
        return options

    def name_problem(self) -> str:
        """Why the model name cannot be used, translated, or "" when it can."""
        name = self.name_edit.text().strip()
        try:
            check_model_name(self._context.data_dir, name)
        except ConfigError:
            if name and (models_dir(self._context.data_dir) / name).exists():
                return self.tr(
                    "A model named %1 is already installed; choose another name."
                ).replace("%1", name)
            return self.tr(
                "Invalid model name. Use 1 to 80 letters, digits, dots, hyphens or "
                "underscores, starting with a letter or a digit."
            )
        return ""

    def isComplete(self) -> bool:
        return self.options() is not None and not self.name_problem()

    def validatePage(self) -> bool:
        options = self.options()
        if options is None or self.name_problem():
            return False
        self._state.options = options
        self._state.name = self.name_edit.text().strip()
        return True

    def _refresh(self) -> None:
        """Update the explanations, the estimate and the problem line."""
        checked = self._state.checked
        if checked is None:
            return
        self._show_device()
        self._show_explanations()
        options = self.options()
        problems = []
        if options is None:
            problems.append(
                self.tr(
                    "Invalid learning rate. Enter a number above 0 and below 0.01, for "
                    "example 2e-5."
                )
            )
        name_problem = self.name_problem()
        if name_problem:
            problems.append(name_problem)
        self.problem_label.setText(" ".join(problems))
        sizes = self._state.sizes()
        if options is None or sizes is None:
            self.estimate_label.setText("")
        else:
            self._show_estimate(options)
        emit(self.completeChanged)

    def _show_device(self) -> None:
        checked = self._state.checked
        assert checked is not None
        device = checked.device
        if device.kind == "cuda":
            text = self.tr(
                "Training device: %1 with %2 GiB of memory. Training uses mixed precision."
            )
            memory = format_float(device.memory_gib or 0.0, 1)
            self.device_label.setText(text.replace("%1", device.name).replace("%2", memory))
            self.steps_spin.setRange(0, _NO_STEP_LIMIT_MAX)
            return
        cap = cpu_step_cap(self.batch_spin.value())
        text = self.tr(
            "No NVIDIA GPU was found. Training runs on the processor (%1 cores), so only a "
            "small run is offered: at most %2 steps. For more data, fine-tune on a computer "
            "with an NVIDIA GPU."
        )
        self.device_label.setText(
            text.replace("%1", format_int(os.cpu_count() or 1)).replace("%2", format_int(cap))
        )
        self.steps_spin.setRange(0, cap)

    def _show_explanations(self) -> None:
        recommended = self._recommended
        if recommended is None:
            return
        self.explanations["epochs"].setText(
            self.tr(
                "Recommended: %1. Small data sets need a few passes and large ones improve "
                "in one; training stops early when the held-out score stops rising."
            ).replace("%1", format_int(recommended.epochs))
        )
        self.explanations["batch"].setText(
            self.tr(
                "Recommended: %1. Within a batch the other pairs serve as wrong answers for "
                "each question, so larger batches train better as long as memory allows."
            ).replace("%1", format_int(recommended.batch_size))
        )
        self.explanations["rate"].setText(
            self.tr(
                "Recommended: %1, the usual rate for fine-tuning models of this size. Higher "
                "rates make the model forget what it already knew."
            ).replace("%1", f"{recommended.learning_rate:g}")
        )
        steps = self.tr("0 runs every epoch; a number stops the run after that many steps.")
        checked = self._state.checked
        if checked is not None and checked.device.kind == "cpu":
            steps += " " + self.tr("On the processor a run stops after at most %1 steps.").replace(
                "%1", format_int(cpu_step_cap(self.batch_spin.value()))
            )
        self.explanations["steps"].setText(steps)

    def _show_estimate(self, options: TrainingOptions) -> None:
        checked, sizes = self._state.checked, self._state.sizes()
        assert checked is not None and sizes is not None
        steps = planned_steps(sizes.train_pairs, options)
        rate = checked.rate
        if not rate.texts:
            self.estimate_label.setText(
                self.tr("%1 training steps; no time estimate is available.").replace(
                    "%1", format_int(steps)
                )
            )
            return
        text = self.tr(
            "Estimated time: about %1 for %2 steps. This is an estimate from encoding %3 "
            "texts on this computer (%4 ms per text), counting about three times that per "
            "text in a training step. Early stopping can end the run sooner."
        )
        self.estimate_label.setText(
            text.replace("%1", format_duration(estimate_seconds(rate, sizes, options)))
            .replace("%2", format_int(steps))
            .replace("%3", format_int(rate.texts))
            .replace("%4", format_float(rate.seconds_per_text * 1000, 1))
        )

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Training settings"))
        self.setSubTitle(
            self.tr("The recommended values suit the data and this computer; you can change them.")
        )
        labels = (
            self.tr("Epochs:"),
            self.tr("Batch size:"),
            self.tr("Learning rate:"),
            self.tr("Maximum steps:"),
            self.tr("Name of the new model:"),
        )
        for label, text in zip(self._row_labels, labels, strict=True):
            label.setText(text)
        self.steps_spin.setSpecialValueText(self.tr("all epochs"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Start training"))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot(int)
    def _on_value_changed(self, _value: int) -> None:
        self._refresh()

    @Slot(str)
    def _on_text_changed(self, _text: str) -> None:
        self._refresh()

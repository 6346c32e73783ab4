"""The choices the fine-tuning wizard's pages share, and the outcome of each step."""

from __future__ import annotations

from dataclasses import dataclass, field

from vnsearch.finetune.devices import TrainingOptions
from vnsearch.finetune.job import FineTuneResult
from vnsearch.finetune.prepare import DataSources
from vnsearch.gui.finetune_wizard.estimate import DataSizes
from vnsearch.gui.finetune_wizard.jobs import CheckedData
from vnsearch.store.switch import SwitchReport


@dataclass
class FineTuneState:
    """Everything chosen and produced so far.

    Attributes:
        max_level: the access level of the admin running the wizard; training data
            never contains a passage above it.
        sources: the chosen training and evaluation sources.
        checked: the validated data, device and speed, once the data check passed.
        options: the training settings chosen on the settings page.
        name: the new model's name.
        result: the training run's outcome (also when it was cancelled).
        error: the exception that stopped training, if any.
        switch: the activation's report, once it ended.
    """

    max_level: int
    sources: DataSources = field(default_factory=DataSources)
    checked: CheckedData | None = None
    options: TrainingOptions | None = None
    name: str = ""
    result: FineTuneResult | None = None
    error: BaseException | None = None
    switch: SwitchReport | None = None

    @property
    def base_model(self) -> str:
        """The model training starts from: the index's model at the time of the check."""
        return self.checked.base_model if self.checked is not None else ""

    def sizes(self) -> DataSizes | None:
        """Return the counts of the checked data that decide how long training takes."""
        if self.checked is None:
            return None
        prepared = self.checked.prepared
        report = prepared.report
        return DataSizes(
            train_pairs=report.train_pairs,
            eval_pairs=report.eval_pairs,
            eval_queries=report.eval_queries,
            distractors=len(prepared.data.corpus),
            mining_passages=len(prepared.mining_corpus),
        )
